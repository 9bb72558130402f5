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
}

/** Where the request came from, for audit entries. */
export interface RequestMeta {
  ip?: string;
  userAgent?: string;
}
