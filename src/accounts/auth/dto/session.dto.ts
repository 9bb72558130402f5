import { ApiProperty } from '@nestjs/swagger';
import { ApiUuid } from '../../../platform/http/api-types';
import { AuthSession } from '../auth-session.entity';

/** A signed-in device of the caller. */
export class SessionDto {
  @ApiUuid({ example: '0b7a2f4e-5c1d-4e8f-9a3b-6c2d1e0f9a8b' })
  id: string;

  /** The device's `User-Agent` at its last sign-in or refresh; null when it sent none. */
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15',
  })
  userAgent: string | null;

  /** The address of its last sign-in or refresh. */
  @ApiProperty({ type: String, nullable: true, example: '203.0.113.7' })
  ip: string | null;

  /** When the user signed in on this device. */
  createdAt: Date;

  /** The sign-in or the last refresh of its tokens. */
  lastUsedAt: Date;

  /** This is the session of the access token making the request. */
  current: boolean;

  /** The sign-in passed a second factor (a TOTP or recovery code). */
  secondFactor: boolean;

  static from(session: AuthSession, current: boolean): SessionDto {
    return {
      id: session.id,
      userAgent: session.userAgent,
      ip: session.ip,
      createdAt: session.createdAt,
      lastUsedAt: session.lastUsedAt,
      current,
      secondFactor: session.secondFactor,
    };
  }
}
