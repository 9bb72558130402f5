import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { DomainError } from '../errors/domain-error';

/** Deepest nesting of arrays and objects a JSON body may have; no DTO of the API comes near it. */
export const MAX_JSON_DEPTH = 32;

/** NUL (Postgres text cannot hold it) and UTF-16 surrogates without their other half (not valid Unicode). */
// eslint-disable-next-line no-control-regex -- NUL is exactly what it looks for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export interface InputProblem {
  field: string;
  error: string;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

function stringProblem(value: string, field: string): InputProblem | undefined {
  if (!UNSTORABLE.test(value)) return undefined;
  return {
    field,
    error: value.includes('\u0000')
      ? 'must not contain NUL characters'
      : 'must be valid Unicode (it has a lone UTF-16 surrogate)',
  };
}

/**
 * The first thing in a parsed JSON value that no route may receive: nesting deeper than MAX_JSON_DEPTH, or a
 * string or key that is not storable text. Walks at most MAX_JSON_DEPTH levels, so a hostile body cannot
 * exhaust the stack here as it did in class-transformer.
 */
export function inspectInput(value: unknown, field = '', depth = 0): InputProblem | undefined {
  if (typeof value === 'string') return stringProblem(value, field || 'body');
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth >= MAX_JSON_DEPTH) {
    return { field: field || 'body', error: `must not nest deeper than ${MAX_JSON_DEPTH} levels` };
  }
  const entries = Array.isArray(value)
    ? value.map((v, i) => [String(i), v] as const)
    : Object.entries(value as Record<string, unknown>);
  for (const [key, child] of entries) {
    const path = join(field, key);
    const problem = stringProblem(key, path) ?? inspectInput(child, path, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

function refuse(problem: InputProblem): DomainError {
  return new DomainError('VALIDATION_FAILED', 'The request is invalid', {
    fields: [{ field: problem.field, errors: [`${problem.field} ${problem.error}`] }],
  });
}

/**
 * Runs right after the body parsers, before authentication, interceptors and the validation pipe: a body or
 * query that is too deep or holds unstorable text is a 400 VALIDATION_FAILED naming the field, and never
 * reaches class-transformer, the idempotency fingerprint or Postgres. Raw bodies (the Stripe webhook's Buffer)
 * are not JSON and pass through.
 */
export function inputGuard(): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const body: unknown = req.body;
    const problem =
      inspectInput(req.query as unknown) ??
      (Buffer.isBuffer(body) ? undefined : inspectInput(body)) ??
      stringProblem(safeDecode(req.path), 'path');
    next(problem ? refuse(problem) : undefined);
  };
}

/** The path as the router will decode it; a malformed escape is left for the router to refuse. */
function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
