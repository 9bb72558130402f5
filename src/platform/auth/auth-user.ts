import type { ApiKeyScope } from './api-key-scopes';
import { Role } from './roles';

/** A promoter's API key that authenticated the request: it acts for that promoter only, within its scopes. */
export interface ApiKeyCaller {
  id: string;
  promoterId: string;
  scopes: ApiKeyScope[];
}

/**
 * The signed-in caller, as the authentication guard puts it on the request. For an API key, `id` is the key's
 * id (no user has it: the key is never anybody's buyer) and `role` is `promoter`.
 */
export interface AuthUser {
  id: string;
  email: string;
  role: Role;
  /** The access token's id, used by logout's denylist. */
  jti: string;
  /** Access token expiry (seconds since the epoch). */
  exp: number;
  /** Set when the caller is a promoter's API key rather than a user. */
  apiKey?: ApiKeyCaller;
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
