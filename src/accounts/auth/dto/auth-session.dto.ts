import { ApiProperty } from '@nestjs/swagger';
import { UserDto } from '../../users/dto/user.dto';
import { ApiInteger } from '../../../platform/http/api-types';

/** A signed-in session: who, a short-lived access token and a one-time refresh token. */
export class AuthSessionDto {
  user: UserDto;

  /** Send as `Authorization: Bearer <accessToken>`. Lasts `expiresIn` seconds. */
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOi…' })
  accessToken: string;

  /** Exchange at `POST /auth/refresh` for a new session. Works once: each use rotates it. */
  @ApiProperty({ example: 'q3Vb1m2b7m0Yq8yXn4jv2c9R1d5wHk3sZp8aLf0tQeE' })
  refreshToken: string;

  /** Seconds until the access token expires. */
  @ApiInteger({ example: 900 })
  expiresIn: number;
}
