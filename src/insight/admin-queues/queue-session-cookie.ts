import type { CookieOptions, Request } from 'express';

/** Where the bull-board dashboard is mounted: outside the /api/v1 prefix, because it is a web page. */
export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/** The dashboard session cookie. Scoped to the dashboard's path, so the JSON API never receives it. */
export const QUEUE_SESSION_COOKIE = 'tv_queue_session';

/** Distinct from the access token's audience, so neither token is accepted in the other's place. */
export const QUEUE_SESSION_AUDIENCE = 'ticket-vendor-api:queue-dashboard';

/** A dashboard session lasts at most this long (and never longer than the access token that opened it). */
export const QUEUE_SESSION_TTL_SECONDS = 600;

/**
 * HttpOnly so page scripts cannot read it, SameSite=Strict so another site cannot make the browser use it for
 * the dashboard's state-changing calls (retry, clean, remove), Secure in production.
 */
export function queueSessionCookieOptions(secure: boolean, maxAgeMs: number): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', secure, path: QUEUE_DASHBOARD_PATH, maxAge: maxAgeMs };
}

/** One cookie's value from the Cookie header (the app has no cookie parser; only the dashboard reads one). */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(value);
      } catch {
        return value;
      }
    }
  }
  return undefined;
}

/** The token of an `Authorization: Bearer <token>` header. */
export function readBearer(req: Request): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}
