import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, IsUrl, Length, Matches, MaxLength } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreatePromoterDto {
  /** The organisation's public name. */
  @ApiProperty({ example: 'Moonlight Concerts' })
  @Transform(trim)
  @IsString()
  @Length(2, 200)
  name: string;

  /** URL name, unique across promoters. Derived from the name when omitted. */
  @ApiProperty({ example: 'moonlight-concerts', required: false })
  @IsOptional()
  @IsString()
  @Length(2, 120)
  @Matches(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'slug must be lower-case words joined by hyphens' })
  slug?: string;

  /** Where buyers and the platform reach the organisation. */
  @ApiProperty({ example: 'hello@moonlight.example' })
  @IsEmail()
  @MaxLength(320)
  contactEmail: string;

  @ApiProperty({ example: 'Open-air concerts in the summer.', required: false, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string | null;

  @ApiProperty({ example: 'https://moonlight.example', required: false, nullable: true })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(500)
  websiteUrl?: string | null;
}
