import fc, { Arbitrary } from 'fast-check';

/** The parts of an OpenAPI 3 schema the generators read. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

export interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  body?: Schema;
  /** Declares a bearer token; anonymous calls are fuzzed too. */
  secured: boolean;
}

export interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { parameters?: Parameter[]; requestBody?: unknown; security?: unknown[] }>
  >;
  components?: { schemas?: Record<string, Schema> };
}

/** One generated request. */
export interface FuzzRequest {
  path: string;
  query: Array<[string, string]>;
  headers: Record<string, string>;
  body?: unknown;
  /** A raw body that is not JSON-encoded by the sender (deep nesting is built as text). */
  rawBody?: string;
}

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Every operation of the document, with its parameters and JSON body schema. */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.includes(method))
      .map(([method, op]) => {
        const content = (op.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)
          ?.content;
        return {
          method,
          path,
          parameters: op.parameters ?? [],
          body: content?.['application/json']?.schema,
          secured: (op.security ?? []).length > 0,
        };
      }),
  );
}

/** Strings that broke real APIs: NUL, lone surrogates, huge, numeric and date edge cases, injections. */
const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00y',
  '💥'.repeat(64),
  'x'.repeat(20_000),
  "'; DROP TABLE users; --",
  '../../etc/passwd',
  '%00',
  '1e20',
  '-1',
  '0',
  '2147483648',
  '99999999999999999999',
  'NaN',
  'Infinity',
  'null',
  'true',
  '[]',
  '{}',
  '2030-02-30T00:00:00Z',
  '2030-02-30',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59+14:00',
  '2030-01-01T24:00:00Z',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '<script>alert(1)</script>',
  'a@b',
  'ADMIN',
];

const NASTY_NUMBERS = [
  0,
  -1,
  1,
  0.5,
  -0.5,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53,
  1e20,
  -1e20,
  1e308,
  Number.MIN_VALUE,
];

/** JSON nested `levels` deep, as text (the sender would recurse too far to build it as an object). */
export const deepJson = (levels: number) => `${'['.repeat(levels)}1${']'.repeat(levels)}`;

const nastyString: Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...NASTY_STRINGS), weight: 2 },
  // Ordinary text with one unstorable character inside, so it passes length and format checks.
  {
    arbitrary: fc
      .tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.constantFrom('\u0000', '\ud800', '\udfff'))
      .map(([text, bad]) => `${text}${bad}${text}`),
    weight: 3,
  },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 1 },
  { arbitrary: fc.string({ maxLength: 40 }), weight: 1 },
);
const nastyNumber: Arbitrary<number> = fc.oneof(fc.constantFrom(...NASTY_NUMBERS), fc.integer(), fc.double());

/** A value of any JSON type, shallow or nested up to a depth the depth guard still lets through. */
const anyJson: Arbitrary<unknown> = fc.oneof(
  nastyString,
  nastyNumber,
  fc.boolean(),
  fc.constant(null),
  fc.array(nastyString, { maxLength: 3 }),
  fc.dictionary(nastyString, nastyString, { maxKeys: 3 }),
  fc.constant(JSON.parse(deepJson(20)) as unknown),
);

export class SchemaArbitraries {
  constructor(
    private readonly doc: OpenApiDocument,
    /** Ids that exist (an event, a tier, an order, …): uuid fields draw from them as well as at random. */
    private readonly knownIds: string[],
  ) {}

  /** A value for `schema`: usually plausible, often hostile (another type, an extreme, unicode, nesting). */
  value(schema: Schema | undefined, depth = 0): Arbitrary<unknown> {
    return fc.oneof(
      { arbitrary: this.plausible(schema, depth), weight: 3 },
      { arbitrary: anyJson, weight: 2 },
    );
  }

  /** A query or path value: a plausible one as text, or a hostile string. */
  text(schema: Schema | undefined): Arbitrary<string> {
    const plausible = this.plausible(schema, 0).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
    return fc.oneof({ arbitrary: plausible, weight: 3 }, { arbitrary: nastyString, weight: 2 });
  }

  /**
   * An object body: a plausible one with one thing wrong (a field hostile, a field missing, an extra field), or
   * all plausible, or not an object at all. One fault at a time, so it reaches past the first refusal.
   */
  body(schema: Schema): Arbitrary<unknown> {
    const resolved = this.resolve(schema);
    const props = Object.entries(resolved.properties ?? {});
    if (props.length === 0) return this.value(resolved);
    const plausible = fc.record(
      Object.fromEntries(props.map(([name, prop]) => [name, this.plausible(prop, 1)])),
    ) as Arbitrary<Record<string, unknown>>;
    const hostile = fc.oneof(
      ...props.map(([name, prop]) => this.hostile(prop).map((v) => [name, v] as const)),
    );
    const faulty = fc
      .tuple(plausible, hostile, fc.constantFrom(...props.map(([name]) => name)), fc.nat(5))
      .map(([body, [name, bad], dropped, mode]) => {
        if (mode <= 2) return { ...body, [name]: bad };
        if (mode === 3) return Object.fromEntries(Object.entries(body).filter(([k]) => k !== dropped));
        if (mode === 4) return { ...body, unexpectedField: bad };
        return body;
      });
    return fc.oneof({ arbitrary: faulty, weight: 10 }, { arbitrary: anyJson, weight: 1 });
  }

  /** A value the schema should refuse, of its own type where that is the sharper test. */
  private hostile(schema: Schema): Arbitrary<unknown> {
    const s = this.resolve(schema);
    const sameType =
      s.type === 'string'
        ? nastyString
        : s.type === 'integer' || s.type === 'number'
          ? nastyNumber
          : s.type === 'array'
            ? fc.oneof(fc.constant([]), fc.array(anyJson, { maxLength: 3 }), fc.constant([[[]]]))
            : anyJson;
    return fc.oneof({ arbitrary: sameType, weight: 3 }, { arbitrary: anyJson, weight: 1 });
  }

  private resolve(schema: Schema): Schema {
    if (schema.$ref) {
      const name = schema.$ref.split('/').pop()!;
      return this.resolve(this.doc.components?.schemas?.[name] ?? {});
    }
    const [first] = schema.allOf ?? schema.oneOf ?? schema.anyOf ?? [];
    return first
      ? { ...this.resolve(first), ...schema, allOf: undefined, oneOf: undefined, anyOf: undefined }
      : schema;
  }

  private plausible(schema: Schema | undefined, depth: number): Arbitrary<unknown> {
    if (!schema) return anyJson;
    const s = this.resolve(schema);
    if (s.enum) return fc.constantFrom(...s.enum);
    switch (s.type) {
      case 'integer':
      case 'number': {
        const min = s.minimum ?? -1000;
        const max = s.maximum ?? 1_000_000;
        return s.type === 'integer'
          ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
          : fc.double({ min, max, noNaN: true });
      }
      case 'boolean':
        return fc.boolean();
      case 'array':
        return depth > 3 ? fc.constant([]) : fc.array(this.plausible(s.items, depth + 1), { maxLength: 3 });
      case 'string':
        return this.plausibleString(s);
      default:
        if (s.properties && depth <= 3) {
          const shape = Object.fromEntries(
            Object.entries(s.properties).map(([name, prop]) => [name, this.plausible(prop, depth + 1)]),
          );
          return fc.record(shape);
        }
        return anyJson;
    }
  }

  private plausibleString(s: Schema): Arbitrary<string> {
    switch (s.format) {
      case 'uuid':
        return fc.oneof(fc.constantFrom(...this.knownIds), fc.uuid());
      case 'date-time':
        return fc
          .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
          .map((d) => d.toISOString());
      case 'email':
        return fc.emailAddress();
      case 'uri':
        return fc.webUrl();
      default:
        return fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 40, 60) });
    }
  }
}

/** `encodeURIComponent`, with a lone surrogate sent as its replacement character instead of throwing. */
export function encodePathValue(value: string): string {
  return encodeURIComponent(
    value.replace(/[\ud800-\udfff]/g, (c, i: number, all: string) => {
      const pairHigh = /[\ud800-\udbff]/.test(c) && /[\udc00-\udfff]/.test(all[i + 1] ?? '');
      const pairLow = /[\udc00-\udfff]/.test(c) && /[\ud800-\udbff]/.test(all[i - 1] ?? '');
      return pairHigh || pairLow ? c : '\ufffd';
    }),
  );
}
