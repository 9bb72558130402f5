import { Injectable, MessageEvent } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../errors/domain-error';

/**
 * The last message of a stream whose server stops: a `retry:` hint of 1–4 seconds, spread so the streams of a
 * stopping instance do not all land on the others at once.
 */
export const STOPPING_MESSAGE = (): MessageEvent =>
  ({ comment: 'server stopping; reconnect', retry: 1000 + Math.floor(Math.random() * 3000) }) as MessageEvent;

export interface StreamCaller {
  /** The signed-in user, when the caller sent a token. */
  userId?: string;
  /** The client address (X-Forwarded-For through the one trusted proxy hop). */
  address: string;
}

/**
 * Caps the live streams one user and one address hold open on this API instance. A stream is a socket of this
 * process, so the count is too: it needs no cleanup when another instance dies, and a client that spreads its
 * streams across instances is still capped by each. A refusal is 429 TOO_MANY_STREAMS before anything streams.
 */
@Injectable()
export class StreamLimiter {
  private readonly open = new Map<string, number>();

  constructor(private readonly config: AppConfig) {}

  /** Reserves a stream for `caller`; the returned function gives it back (calling it twice is harmless). */
  acquire(caller: StreamCaller): () => void {
    const keys: Array<[string, number, 'user' | 'address']> = [
      [`address:${caller.address}`, this.config.availability.maxStreamsPerAddress, 'address'],
    ];
    if (caller.userId)
      keys.push([`user:${caller.userId}`, this.config.availability.maxStreamsPerUser, 'user']);
    for (const [key, limit, scope] of keys) {
      if ((this.open.get(key) ?? 0) >= limit) {
        throw new DomainError(
          'TOO_MANY_STREAMS',
          `At most ${limit} live streams per ${scope}; close one first`,
          { scope, limit },
          { 'Retry-After': '5' },
        );
      }
    }
    for (const [key] of keys) this.open.set(key, (this.open.get(key) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const [key] of keys) {
        const left = (this.open.get(key) ?? 1) - 1;
        if (left > 0) this.open.set(key, left);
        else this.open.delete(key);
      }
    };
  }

  /** Streams open for this user or address now (for tests and metrics). */
  count(key: { userId: string } | { address: string }): number {
    return this.open.get('userId' in key ? `user:${key.userId}` : `address:${key.address}`) ?? 0;
  }
}
