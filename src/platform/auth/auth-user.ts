import { Role } from './roles';

/** The signed-in caller, as the JWT guard puts it on the request. */
export interface AuthUser {
  id: string;
  email: string;
  role: Role;
  /** The access token's id, used by logout's denylist. */
  jti: string;
  /** Access token expiry (seconds since the epoch). */
  exp: number;
  /** The session (`GET /auth/sessions`) the access token belongs to; absent on tokens made outside a sign-in. */
  sessionId?: string;
  /** Whether the sign-in passed a second factor (TOTP or a recovery code). */
  secondFactor?: boolean;
}

/** Where the request came from, for audit entries. */
export interface RequestMeta {
  ip?: string;
  userAgent?: string;
}
