import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_PREFIX } from '../../src/platform/http/api-prefix';

/**
 * The contract test: every response the e2e suite receives through `TestApp.http()` is checked against the
 * committed `openapi.json` (the document frontends generate their clients from). The status must be declared for
 * the operation, the content type must be one the response declares, and a JSON body must match its schema, with
 * objects closed: a field the document does not declare fails too, because a generated client would not know it.
 * A path outside `/api/v1` (Swagger UI, the queue dashboard) is not part of the contract; an unknown `/api/v1`
 * route must answer `404 ROUTE_NOT_FOUND` in the error shape.
 */

type Json = Record<string, unknown>;

/** What the check reads of a response: supertest's `Response` has it, and `checkedFetch` builds it. */
export interface CheckedResponse {
  status: number;
  headers: Record<string, unknown>;
  body: unknown;
  text?: string;
}
interface Operation {
  operationId: string;
  responses: Record<string, { content?: Record<string, unknown> }>;
}
interface Route {
  template: string;
  pattern: RegExp;
  params: number;
  operations: Record<string, Operation>;
}

const DOCUMENT_FILE = join(__dirname, '..', '..', 'openapi.json');
/** `contract.jsonl`, or `contract-<run>.jsonl` for a named run (TEST_RUN_NAME, see scripts/run-tests.js). */
const RESULTS_FILE = join(
  __dirname,
  '..',
  '..',
  'test-results',
  `contract${process.env.TEST_RUN_NAME ? `-${process.env.TEST_RUN_NAME}` : ''}.jsonl`,
);
/** What a request that reaches no operation may be answered. */
const UNROUTED: Record<string, number> = {
  ROUTE_NOT_FOUND: 404,
  MALFORMED_JSON: 400,
  PAYLOAD_TOO_LARGE: 413,
  // The input guard (platform/http/input-guard.ts) also runs before routing: NUL, lone surrogates, deep nesting.
  VALIDATION_FAILED: 400,
};
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'];

/** The media type without parameters: `application/json; charset=utf-8` → `application/json`. */
const essence = (contentType: string | undefined) => (contentType ?? '').split(';')[0].trim().toLowerCase();

/**
 * Marks every object schema with declared properties as closed (`additionalProperties: false`), except the members
 * of an `allOf` and the components they reference: a closed member would refuse the other members' properties.
 */
function closeObjects(document: Json): Json {
  const copy = JSON.parse(JSON.stringify(document)) as Json;
  const schemas = (copy.components as { schemas: Record<string, Json> }).schemas;
  const open = new Set<unknown>();
  const markAllOfMembers = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(markAllOfMembers);
    if (typeof node !== 'object' || node === null) return;
    const allOf = (node as { allOf?: Json[] }).allOf;
    for (const member of allOf ?? []) {
      open.add(member);
      const ref = member.$ref;
      if (typeof ref === 'string') open.add(schemas[ref.split('/').pop()!]);
    }
    Object.values(node).forEach(markAllOfMembers);
  };
  markAllOfMembers(copy);
  const close = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(close);
    if (typeof node !== 'object' || node === null) return;
    const schema = node as Json;
    if (schema.properties && schema.additionalProperties === undefined && !open.has(schema)) {
      schema.additionalProperties = false;
    }
    Object.values(schema).forEach(close);
  };
  close(copy);
  nullableRefs(copy);
  return copy;
}

/**
 * `{ nullable: true, allOf: [{ $ref }] }` is how OpenAPI 3.0 documents (and openapi-typescript reads) a property
 * that holds an object or null; in JSON Schema the `allOf` would still refuse null. Validate it as either.
 */
function nullableRefs(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(nullableRefs);
  if (typeof node !== 'object' || node === null) return;
  const schema = node as Json;
  for (const [key, value] of Object.entries(schema)) {
    const child = value as Json | null;
    if (child && typeof child === 'object' && child.nullable === true && Array.isArray(child.allOf)) {
      const { nullable: _nullable, type: _type, ...rest } = child;
      schema[key] = { anyOf: [{ type: 'null' }, rest] };
    }
    nullableRefs(schema[key]);
  }
}

export class Contract {
  private readonly ajv: Ajv;
  private readonly routes: Route[];
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly errorShape: ValidateFunction;
  /** Responses validated since the last flush, by `operationId status` (or a note for the unmatched ones). */
  private counts = new Map<string, number>();

  constructor(document: Json) {
    // OpenAPI 3.0 schemas are JSON Schema with extra keywords (nullable, example, discriminator, x-…): Ajv knows
    // `nullable`; the rest are annotations, hence strict: false.
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addFormat('binary', true);
    this.ajv.addSchema(closeObjects(document), 'openapi.json');
    this.errorShape = this.ajv.compile({ $ref: 'openapi.json#/components/schemas/ErrorResponse' });
    const paths = document.paths as Record<string, Record<string, Operation>>;
    this.routes = Object.entries(paths)
      .map(([template, item]) => ({
        template,
        pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
        params: (template.match(/\{/g) ?? []).length,
        operations: Object.fromEntries(Object.entries(item).filter(([m]) => HTTP_METHODS.includes(m))),
      }))
      // A literal segment wins over a parameter: /tickets/signing-key before /tickets/{id}.
      .sort((a, b) => a.params - b.params);
  }

  /** Throws an Error that says what broke the contract, or returns quietly. */
  check(method: string, url: string, res: CheckedResponse): void {
    // Express routes `/orders/` like `/orders` (non-strict routing).
    const path = new URL(url, 'http://test').pathname.replace(/(.)\/+$/, '$1');
    if (method === 'options' || !path.startsWith(`/${API_PREFIX}/`)) return;
    // Node's HTTP parser answers 431 to oversized headers before any code of ours runs (the fuzzer sends them).
    if (res.status === 431) return;
    const route = this.routes.find((r) => r.pattern.test(path));
    const operation = route?.operations[method];
    const where = `${method.toUpperCase()} ${path} → ${res.status}`;
    if (!route || !operation) {
      this.unmatched(where, res);
      return;
    }
    const declared = operation.responses[String(res.status)];
    if (!declared) {
      throw new Error(
        `Contract: ${operation.operationId} (${route.template}) answered ${res.status}, which openapi.json does ` +
          `not declare (declared: ${Object.keys(operation.responses).join(', ')}). ${where}: ${this.describe(res)}`,
      );
    }
    const content = declared.content ?? {};
    const mediaTypes = Object.keys(content);
    const actual = essence(res.headers['content-type'] as string | undefined);
    if (mediaTypes.length === 0) {
      if (res.text || (Buffer.isBuffer(res.body) && res.body.length > 0)) {
        throw new Error(
          `Contract: ${operation.operationId} ${res.status} declares no body but sent one. ${where}`,
        );
      }
    } else {
      const mediaType = mediaTypes.find((m) => essence(m) === actual);
      if (!mediaType) {
        throw new Error(
          `Contract: ${operation.operationId} ${res.status} sent ${actual || 'no content type'}, declared: ` +
            `${mediaTypes.join(', ')}. ${where}`,
        );
      }
      if (actual === 'application/json') {
        const pointer = [
          '#',
          'paths',
          route.template,
          method,
          'responses',
          String(res.status),
          'content',
          mediaType,
          'schema',
        ]
          .map((p, i) => (i === 0 ? p : p.replace(/~/g, '~0').replace(/\//g, '~1')))
          .join('/');
        const validate = this.validator(`openapi.json${pointer}`);
        if (!validate(res.body)) {
          throw new Error(
            `Contract: the ${res.status} body of ${operation.operationId} does not match openapi.json. ${where}\n` +
              `${(validate.errors ?? []).map((e) => `body${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`).join('\n')}\n` +
              `body: ${JSON.stringify(res.body).slice(0, 2000)}`,
          );
        }
      }
    }
    this.count(`${operation.operationId} ${res.status}`);
  }

  /**
   * A method and path no operation has: Nest's `404 ROUTE_NOT_FOUND`, or the body parser's or input guard's
   * refusal, which come before routing (`400 MALFORMED_JSON`, `413 PAYLOAD_TOO_LARGE`, `400 VALIDATION_FAILED`),
   * always in the error shape.
   */
  private unmatched(where: string, res: CheckedResponse): void {
    const code = (res.body as { code?: string } | undefined)?.code ?? '';
    const expected = UNROUTED[code];
    if (expected !== res.status || !this.errorShape(res.body)) {
      throw new Error(`Contract: no operation in openapi.json answers ${where}: ${this.describe(res)}`);
    }
    this.count(`(no operation) ${res.status}`);
  }

  private validator(ref: string): ValidateFunction {
    let validate = this.validators.get(ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: ref });
      this.validators.set(ref, validate);
    }
    return validate;
  }

  private describe(res: CheckedResponse): string {
    return res.text ? res.text.slice(0, 500) : `${res.headers['content-type'] ?? 'no content type'}`;
  }

  private count(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** Appends this process's counts to test-results/contract.jsonl; scripts/run-tests.js adds them up. */
  flush(spec: string): void {
    if (this.counts.size === 0) return;
    mkdirSync(join(RESULTS_FILE, '..'), { recursive: true });
    appendFileSync(RESULTS_FILE, `${JSON.stringify({ spec, counts: Object.fromEntries(this.counts) })}\n`);
    this.counts = new Map();
  }
}

/** A checker of the committed openapi.json. */
export const loadContract = () => new Contract(JSON.parse(readFileSync(DOCUMENT_FILE, 'utf8')) as Json);

let contract: Contract | undefined;

/** The contract every `TestApp.http()` response is checked against, loaded once per jest worker. */
export function openApiContract(): Contract {
  contract ??= loadContract();
  return contract;
}

/** `fetch` that checks every response against the contract, for clients that talk HTTP themselves. */
export async function checkedFetch(request: Request): Promise<Response> {
  const response = await fetch(request);
  const type = essence(response.headers.get('content-type') ?? undefined);
  const bytes = Buffer.from(await response.clone().arrayBuffer());
  const text = type.startsWith('text/') || type === 'application/json' ? bytes.toString('utf8') : undefined;
  openApiContract().check(request.method.toLowerCase(), request.url, {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    body: type === 'application/json' && text ? (JSON.parse(text) as unknown) : bytes,
    text,
  });
  return response;
}
