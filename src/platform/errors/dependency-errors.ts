import { QueryFailedError } from 'typeorm';
import { DomainError } from './domain-error';

/** Seconds a client should wait before retrying when Redis is unreachable (a restart or failover takes a few). */
export const REDIS_RETRY_AFTER_SECONDS = 5;
/** Seconds a client should wait before retrying when Postgres connections failed (the pool reconnects at once). */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  driverError?: unknown;
}

/** Our own "Redis did not answer in time", for waits that no ioredis option bounds. */
export class RedisUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisUnavailableError';
  }
}

const asErrorLike = (err: unknown): ErrorLike | undefined =>
  typeof err === 'object' && err !== null ? (err as ErrorLike) : undefined;

/**
 * What ioredis and BullMQ throw when Redis cannot answer: the bounded retries ran out, a command outlived
 * `commandTimeout`, the connection is closed, or the offline queue is off while disconnected. A Redis *reply*
 * error (a script bug, WRONGTYPE) is none of these: that one stays a 500.
 */
const REDIS_UNAVAILABLE_MESSAGES = [
  'Command timed out',
  'Connection is closed.',
  "Stream isn't writeable and enableOfflineQueue options is false",
];

export function isRedisUnavailable(err: unknown): boolean {
  const e = asErrorLike(err);
  if (!e) return false;
  if (err instanceof RedisUnavailableError) return true;
  if (e.name === 'MaxRetriesPerRequestError' || e.name === 'ConnectionClosedError') return true;
  return typeof e.message === 'string' && REDIS_UNAVAILABLE_MESSAGES.includes(e.message);
}

/**
 * SQLSTATEs that mean the connection, not the statement, failed: class 08 (connection exception), a backend
 * terminated by an administrator or a shutdown (57P01–57P03), too many clients (53300).
 */
const CONNECTION_SQLSTATES = /^(08\w{3}|57P0[123]|53300)$/;
/** Socket errors from connecting to or talking with the server. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);
/** What `pg` and its pool say when a client's connection died under it or could not be had in time. */
const PG_CONNECTION_MESSAGES = [
  /^Connection terminated/,
  /^Client has encountered a connection error and is not queryable/,
  /^timeout exceeded when trying to connect/,
  /^Client was closed and is not queryable/,
];

/** TypeORM's errors for a query runner whose connection died and was given back mid-transaction. */
const RELEASED_RUNNER_ERRORS = new Set([
  'QueryRunnerAlreadyReleasedError',
  'QueryRunnerProviderAlreadyReleasedError',
]);

function isConnectionFailure(e: ErrorLike): boolean {
  if (typeof e.code === 'string' && (CONNECTION_SQLSTATES.test(e.code) || SOCKET_CODES.has(e.code))) {
    return true;
  }
  return typeof e.message === 'string' && PG_CONNECTION_MESSAGES.some((m) => m.test(e.message as string));
}

/**
 * True when a database call failed because the connection did (terminated backend, refused, too many clients,
 * a query runner whose connection was already given back), not because of what it asked. The pool drops such
 * clients and opens fresh ones, so a retry shortly after is the right answer to the caller.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = asErrorLike(err);
  if (!e) return false;
  if (typeof e.name === 'string' && RELEASED_RUNNER_ERRORS.has(e.name)) return true;
  if (err instanceof QueryFailedError) {
    const driver = asErrorLike(e.driverError);
    return driver !== undefined && isConnectionFailure(driver);
  }
  return isConnectionFailure(e);
}

/** The 503 for an unreachable dependency, or undefined when `err` is something else. */
export function fromDependencyError(err: unknown): DomainError | undefined {
  if (isRedisUnavailable(err)) {
    return new DomainError(
      'SERVICE_UNAVAILABLE',
      'A dependency (Redis) is unavailable; retry shortly',
      { dependency: 'redis' },
      { 'Retry-After': String(REDIS_RETRY_AFTER_SECONDS) },
    );
  }
  if (isDatabaseUnavailable(err)) {
    return new DomainError('DATABASE_UNAVAILABLE', undefined, undefined, {
      'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS),
    });
  }
  return undefined;
}
