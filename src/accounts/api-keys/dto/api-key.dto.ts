import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsString, Length } from 'class-validator';
import { API_KEY_SCOPES, ApiKeyScope } from '../../../platform/auth/api-key-scopes';
import { ApiUuid } from '../../../platform/http/api-types';
import { visiblePrefix } from '../api-key-token';
import { ApiKey } from '../api-key.entity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateApiKeyDto {
  /** A name the team recognises, e.g. the integration that uses it. */
  @ApiProperty({ example: 'Box office sync' })
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  name: string;

  /** What the key may do; each route that accepts keys names the one scope it needs. */
  @ApiProperty({
    enum: API_KEY_SCOPES,
    enumName: 'ApiKeyScope',
    isArray: true,
    example: ['events:read', 'orders:read'],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(API_KEY_SCOPES.length)
  @ArrayUnique()
  @IsIn(API_KEY_SCOPES, { each: true })
  scopes: ApiKeyScope[];
}

/** An API key as its team sees it: never its secret. */
export class ApiKeyDto {
  @ApiUuid() id: string;
  @ApiUuid() promoterId: string;
  @ApiProperty({ example: 'Box office sync' }) name: string;
  /** The start of the token (`tvk_` and 16 hex characters), to tell keys apart. */
  @ApiProperty({ example: 'tvk_3f9a1c0d8e7b6a52' }) prefix: string;
  @ApiProperty({ enum: API_KEY_SCOPES, enumName: 'ApiKeyScope', isArray: true }) scopes: ApiKeyScope[];
  /** The member who created it (null once their account is gone). */
  @ApiUuid({ nullable: true }) createdBy: string | null;
  /** When it last authenticated a request, to the minute (null: never used). */
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastUsedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;

  static from(k: ApiKey): ApiKeyDto {
    return {
      id: k.id,
      promoterId: k.promoterId,
      name: k.name,
      prefix: visiblePrefix(k.prefix),
      scopes: k.scopes,
      createdBy: k.createdBy,
      lastUsedAt: k.lastUsedAt,
      revokedAt: k.revokedAt,
      createdAt: k.createdAt,
    };
  }
}

/** A new key with its token, shown this once. */
export class CreatedApiKeyDto extends ApiKeyDto {
  /**
   * The token to send as `Authorization: Bearer tvk_…` or `X-API-Key: tvk_…`. Store it now: only its hash is
   * kept, so it can never be shown again.
   */
  @ApiProperty({ example: 'tvk_3f9a1c0d8e7b6a52_Jq3yV8m2Kx0pR5tW9zB1cD4fG7hL6nQ0sU2vX8yA3eE' })
  token: string;
}
