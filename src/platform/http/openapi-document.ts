import type {
  HeaderObject,
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  ReferenceObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger';
import { ERROR_DETAILS } from '../errors/error-details.dto';
import { ERROR_CODES, ErrorCode } from '../errors/error-codes';
import { RATE_LIMIT_EXEMPT_PREFIXES } from '../rate-limit/rate-limit.guard';
import { ERROR_CODES_EXTENSION } from './api-errors.decorator';
import { API_PREFIX } from './api-prefix';

/**
 * What every operation of the document has in common, applied once to the document Nest generates instead of
 * repeated on every route:
 * - error responses: the codes an operation declares (`@ApiErrors`, `@Auth`, `@ApiIdParam`, …) plus those its
 *   shape implies (a JSON body can be malformed or too large, any parameter can fail validation, every route but
 *   the probes is rate-limited) become one response per status, whose schema is exactly those codes' errors;
 * - response headers: `X-Request-Id` on every response, the rate-limit headers on rate-limited routes,
 *   `Retry-After` where a code sets it, `Idempotent-Replayed` on the successes of idempotent routes;
 * - schema names without the `Dto` suffix, no one-item `allOf` wrappers, and no schema that nothing references.
 * It also refuses a document with an unreadable operation id or an error response declared another way.
 */

const ERROR_RESPONSE = 'ErrorResponse';
const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** The codes whose answers carry `Retry-After`. */
const RETRY_AFTER_CODES: ErrorCode[] = [
  'RATE_LIMITED',
  'INVENTORY_BUSY',
  'SERVICE_UNAVAILABLE',
  'DATABASE_UNAVAILABLE',
  'IDEMPOTENCY_KEY_IN_FLIGHT',
];
/** The liveness probe: the one route that reads neither Redis nor Postgres. */
const LIVENESS_PATH = `/${API_PREFIX}/health`;
const READABLE_OPERATION_ID = /^[a-z]+(?:[A-Z][a-z0-9]*)*$/;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

const string = { type: 'string' } as const;

/** The response headers of this API, referenced from every response that carries them. */
export const RESPONSE_HEADERS: Record<string, HeaderObject> = {
  'X-Request-Id': {
    description:
      "The request's id: the caller's own `X-Request-Id` when it is 1–128 characters of `A-Za-z0-9_.:-`, " +
      'otherwise a new UUID. Errors repeat it as `requestId`; quote it when reporting a problem.',
    schema: string,
  },
  'Retry-After': {
    description: 'Seconds to wait before retrying.',
    schema: { type: 'integer', minimum: 0 },
  },
  'RateLimit-Policy': {
    description:
      'The rate limits that apply to this route and caller, in the syntax of the IETF httpapi ' +
      '`RateLimit-Policy` header: one item per limit, `"name";q=<requests>;w=<window seconds>`, for example ' +
      '`"default";q=300;w=60, "checkout";q=30;w=60`.',
    schema: string,
  },
  RateLimit: {
    description:
      'The state of the limit that applied (the one closest to refusing), in the syntax of the IETF httpapi ' +
      '`RateLimit` header: `"name";r=<remaining requests>;t=<seconds until the window resets>`, for example ' +
      '`"checkout";r=29;t=60`.',
    schema: string,
  },
  'Idempotent-Replayed': {
    description:
      'Present (`true`) when this response replays the first response to the same `Idempotency-Key`; nothing ' +
      'was done a second time.',
    schema: { type: 'string', enum: ['true'] },
  },
  'Content-Disposition': {
    description: 'How to save the body, with a file name: `attachment; filename="orders.csv"`.',
    schema: string,
  },
};

const headerRef = (name: keyof typeof RESPONSE_HEADERS): ReferenceObject => ({
  $ref: `#/components/headers/${name}`,
});
const schemaRef = (name: string): ReferenceObject => ({ $ref: `#/components/schemas/${name}` });
const isRef = (value: unknown): value is ReferenceObject =>
  typeof value === 'object' && value !== null && '$ref' in value;

/** `TIER_SOLD_OUT` → `TierSoldOutError`. */
export const errorSchemaName = (code: ErrorCode): string =>
  `${code
    .toLowerCase()
    .split('_')
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('')}Error`;

const dtoName = (name: string) => name.replace(/Dto$/, '');

/** Calls `visit` on every object and array inside `node`. */
function walk(node: unknown, visit: (value: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) {
    node.forEach((item) => walk(item, visit));
  } else if (typeof node === 'object' && node !== null) {
    visit(node as Record<string, unknown>);
    Object.values(node).forEach((value) => walk(value, visit));
  }
}

/** `EventDto` → `Event`, in the component names and in every `$ref`. */
function dropDtoSuffixes(document: OpenAPIObject): void {
  const schemas = document.components?.schemas ?? {};
  const renamed: Record<string, SchemaObject | ReferenceObject> = {};
  for (const [name, schema] of Object.entries(schemas)) {
    const target = dtoName(name);
    if (renamed[target]) throw new Error(`OpenAPI: both ${name} and another schema would be named ${target}`);
    renamed[target] = schema;
  }
  document.components = { ...document.components, schemas: renamed };
  walk(document, (node) => {
    if (typeof node.$ref === 'string' && node.$ref.startsWith('#/components/schemas/')) {
      node.$ref = `#/components/schemas/${dtoName(node.$ref.slice('#/components/schemas/'.length))}`;
    }
  });
}

/** Nest wraps every `$ref` property in a one-item `allOf`, so it can carry a description; unwrap the bare ones. */
function unwrapBareAllOf(document: OpenAPIObject): void {
  walk(document, (node) => {
    for (const [key, value] of Object.entries(node)) {
      const schema = value as { allOf?: unknown[] } | null;
      if (
        schema &&
        typeof schema === 'object' &&
        Object.keys(schema).length === 1 &&
        schema.allOf?.length === 1
      ) {
        node[key] = schema.allOf[0];
      }
    }
  });
}

/** One schema per error code: the error shape with that code, its status and, if it has some, its details. */
function errorSchema(code: ErrorCode): SchemaObject {
  const details = (ERROR_DETAILS as Partial<Record<ErrorCode, { name: string }>>)[code];
  return {
    description: ERROR_CODES[code].description,
    allOf: [
      schemaRef(ERROR_RESPONSE),
      {
        type: 'object',
        required: ['statusCode', 'code'],
        properties: {
          statusCode: { type: 'integer', enum: [ERROR_CODES[code].status] },
          code: { type: 'string', enum: [code] },
          ...(details ? { details: schemaRef(dtoName(details.name)) } : {}),
        },
      },
    ],
  };
}

function errorResponse(codes: ErrorCode[]): ResponseObject {
  const schema: SchemaObject | ReferenceObject =
    codes.length === 1
      ? schemaRef(errorSchemaName(codes[0]))
      : {
          oneOf: codes.map((c) => schemaRef(errorSchemaName(c))),
          discriminator: {
            propertyName: 'code',
            mapping: Object.fromEntries(codes.map((c) => [c, schemaRef(errorSchemaName(c)).$ref])),
          },
        };
  return {
    description: codes.map((c) => `\`${c}\`: ${ERROR_CODES[c].description}`).join('\n\n'),
    content: { 'application/json': { schema } },
    [ERROR_CODES_EXTENSION]: codes,
  } as ResponseObject;
}

type Extended = { [ERROR_CODES_EXTENSION]?: ErrorCode[] };
const errorCodesOf = (node: OperationObject | ResponseObject) => (node as Extended)[ERROR_CODES_EXTENSION];

const isRateLimited = (path: string) =>
  !RATE_LIMIT_EXEMPT_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

/** The codes an operation can answer: its declared ones and those its parameters, body and path imply. */
function codesOf(path: string, operation: OperationObject): ErrorCode[] {
  const codes = new Set<ErrorCode>(errorCodesOf(operation) ?? []);
  if ((operation.parameters ?? []).length > 0) codes.add('VALIDATION_FAILED');
  const body = operation.requestBody;
  const json = body && !isRef(body) ? body.content['application/json']?.schema : undefined;
  if (json && isRef(json)) {
    codes.add('VALIDATION_FAILED').add('MALFORMED_JSON').add('PAYLOAD_TOO_LARGE');
  }
  if (isRateLimited(path)) codes.add('RATE_LIMITED');
  // Any route that reads Redis or Postgres can lose them mid-request (see dependency-errors.ts); only the
  // liveness probe touches neither.
  if (path !== LIVENESS_PATH) codes.add('SERVICE_UNAVAILABLE').add('DATABASE_UNAVAILABLE');
  const order = Object.keys(ERROR_CODES);
  return [...codes].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

function finishOperation(path: string, method: string, operation: OperationObject): void {
  const id = operation.operationId ?? '';
  if (!READABLE_OPERATION_ID.test(id)) {
    throw new Error(
      `OpenAPI: ${method.toUpperCase()} ${path} needs a readable operationId in @ApiOperation (not "${id}")`,
    );
  }
  const responses = operation.responses as Record<string, ResponseObject>;
  for (const status of Object.keys(responses)) {
    if (Number(status) >= 400) {
      throw new Error(`OpenAPI: ${id} declares ${status} directly; declare its error codes with @ApiErrors`);
    }
  }
  const codes = codesOf(path, operation);
  (operation as Extended)[ERROR_CODES_EXTENSION] = codes;
  for (const status of [...new Set(codes.map((c) => ERROR_CODES[c].status))]) {
    responses[String(status)] = errorResponse(codes.filter((c) => ERROR_CODES[c].status === status));
  }
  const idempotent = (operation.parameters ?? []).some(
    (p) => !isRef(p) && (p as ParameterObject).name === IDEMPOTENCY_HEADER,
  );
  for (const [status, response] of Object.entries(responses)) {
    const own = errorCodesOf(response);
    response.headers = {
      ...response.headers,
      'X-Request-Id': headerRef('X-Request-Id'),
      ...(isRateLimited(path)
        ? { 'RateLimit-Policy': headerRef('RateLimit-Policy'), RateLimit: headerRef('RateLimit') }
        : {}),
      ...(own?.some((c) => RETRY_AFTER_CODES.includes(c)) ? { 'Retry-After': headerRef('Retry-After') } : {}),
      ...(idempotent && status.startsWith('2')
        ? { 'Idempotent-Replayed': headerRef('Idempotent-Replayed') }
        : {}),
    };
  }
}

/** Drops component schemas that nothing outside them references, directly or through other schemas. */
function dropUnusedSchemas(document: OpenAPIObject): void {
  const schemas = document.components?.schemas ?? {};
  const used = new Set<string>();
  const pending: unknown[] = [{ ...document, components: { ...document.components, schemas: {} } }];
  while (pending.length > 0) {
    walk(pending.pop(), (node) => {
      const ref = node.$ref;
      if (typeof ref !== 'string' || !ref.startsWith('#/components/schemas/')) return;
      const name = ref.slice('#/components/schemas/'.length);
      if (used.has(name)) return;
      used.add(name);
      pending.push(schemas[name]);
    });
  }
  for (const name of Object.keys(schemas)) if (!used.has(name)) delete schemas[name];
}

/** Applies the conventions above to a document fresh from `SwaggerModule.createDocument`. */
export function finishOpenApiDocument(document: OpenAPIObject): OpenAPIObject {
  dropDtoSuffixes(document);
  unwrapBareAllOf(document);
  const used = new Set<ErrorCode>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      finishOperation(path, method, operation);
      codesOf(path, operation).forEach((c) => used.add(c));
    }
  }
  const schemas = document.components!.schemas!;
  for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
    if (used.has(code)) schemas[errorSchemaName(code)] = errorSchema(code);
  }
  document.components!.headers = RESPONSE_HEADERS;
  dropUnusedSchemas(document);
  return document;
}
