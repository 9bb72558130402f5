import type { Response } from 'express';
import { CachedBody } from './response-cache';

/**
 * Answers with a cached JSON body as it is (bytes, no serialising or encoding), its ETag and `cacheControl`.
 * Express answers 304 with no body when the request's If-None-Match matches. For handlers that take `@Res()`.
 */
export function sendCached(res: Response, cached: CachedBody, cacheControl: string): void {
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('ETag', cached.etag);
  res.setHeader('Cache-Control', cacheControl);
  res.send(cached.body);
}
