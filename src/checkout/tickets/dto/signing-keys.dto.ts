import { ApiProperty } from '@nestjs/swagger';
import { ApiInteger } from '../../../platform/http/api-types';

export class SigningKeyDto {
  /** The key id: the first byte of every code signed with this key. */
  @ApiInteger({ example: 1 })
  kid: number;
  @ApiProperty({ example: 'Ed25519' })
  algorithm: string;
  /** SubjectPublicKeyInfo PEM. */
  @ApiProperty({ example: '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA…\n-----END PUBLIC KEY-----\n' })
  publicKey: string;
  /** The same key as a JWK (`kty: OKP`, `crv: Ed25519`). */
  @ApiProperty({
    type: Object,
    example: { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo', kid: '1' },
  })
  jwk: Record<string, unknown>;
}

export class SigningKeysDto {
  /**
   * Every key that verifies codes; the first signs new ones. A code is base64url of
   * `[kid:1][ticketId:16][eventId:16][tierId:16][Ed25519 signature of the first 49 bytes:64]`.
   */
  @ApiProperty({ type: [SigningKeyDto] })
  keys: SigningKeyDto[];
  @ApiProperty({
    example: 'kid(1) || ticketId(16) || eventId(16) || tierId(16) || ed25519-signature(64), base64url',
  })
  format: string;
}
