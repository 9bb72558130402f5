import { ArgumentsHost, BadRequestException, ForbiddenException, Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AllExceptionsFilter } from './all-exceptions.filter';
import { DomainError } from './domain-error';

interface Rendered {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

/** Runs the filter on a fake Express request/response pair and returns what it sent. */
function render(exception: unknown, requestId = 'req-1', params: Record<string, string> = {}): Rendered {
  const headers: Record<string, string> = {};
  const sent: Partial<Rendered> = {};
  const req = { id: requestId, method: 'GET', path: '/api/v1/x', params, get: () => undefined };
  const res = {
    headersSent: false,
    getHeader: (name: string) => headers[name.toLowerCase()],
    setHeader: (name: string, value: string) => {
      headers[name.toLowerCase()] = value;
    },
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: Record<string, unknown>) {
      sent.body = body;
    },
  };
  const host = {
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
  } as unknown as ArgumentsHost;
  new AllExceptionsFilter().catch(exception, host);
  return { status: sent.status!, body: sent.body!, headers };
}

describe('AllExceptionsFilter', () => {
  beforeAll(() => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterAll(() => jest.restoreAllMocks());

  it('answers an unknown error with a bare 500 that leaks no stack or message', () => {
    const error = new Error('connection to 10.0.0.5 refused: password=hunter2');
    const { status, body } = render(error);
    expect(status).toBe(500);
    expect(body).toEqual({
      statusCode: 500,
      code: 'INTERNAL_ERROR',
      message: 'An unexpected error occurred',
      requestId: 'req-1',
    });
    const text = JSON.stringify(body);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain(error.stack!.split('\n')[1].trim());
  });

  it('answers a thrown non-error value with a 500 too', () => {
    expect(render('just a string').body).toMatchObject({ statusCode: 500, code: 'INTERNAL_ERROR' });
  });

  it('renders a domain error with its code, details and headers', () => {
    const { status, body, headers } = render(
      new DomainError('INVENTORY_BUSY', 'Busy', { tierId: 't1' }, { 'Retry-After': '1' }),
    );
    expect(status).toBe(503);
    expect(body).toEqual({
      statusCode: 503,
      code: 'INVENTORY_BUSY',
      message: 'Busy',
      details: { tierId: 't1' },
      requestId: 'req-1',
    });
    expect(headers['retry-after']).toBe('1');
  });

  it('maps Nest HTTP exceptions by status', () => {
    expect(render(new ForbiddenException()).body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
    expect(render(new BadRequestException('Unexpected token } in JSON')).body).toMatchObject({
      code: 'MALFORMED_JSON',
    });
  });

  it('names the path parameter a Parse*Pipe refused in details.fields', () => {
    const refused = new BadRequestException('Validation failed (uuid is expected)');
    const { body } = render(refused, 'req-1', { id: '3f1c4a9e-8a1b-4c2d-9e3f-5a6b7c8d9e0f', userId: 'nope' });
    expect(body).toMatchObject({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'userId', errors: ['userId: Validation failed (uuid is expected)'] }] },
    });
  });

  it('maps body-parser errors: too large and unparsable', () => {
    expect(render({ type: 'entity.too.large', status: 413 }).body).toMatchObject({
      statusCode: 413,
      code: 'PAYLOAD_TOO_LARGE',
    });
    expect(render({ type: 'entity.parse.failed', status: 400 }).body).toMatchObject({
      code: 'MALFORMED_JSON',
    });
  });

  it('turns lock timeouts into 503 INVENTORY_BUSY with Retry-After, and hides other database errors', () => {
    const lockTimeout = new QueryFailedError(
      'UPDATE tier',
      [],
      Object.assign(new Error('x'), { code: '55P03' }),
    );
    const busy = render(lockTimeout);
    expect(busy.body).toMatchObject({ statusCode: 503, code: 'INVENTORY_BUSY' });
    expect(busy.headers['retry-after']).toBe('1');
    const syntax = new QueryFailedError('SELEC 1', [], Object.assign(new Error('syntax'), { code: '42601' }));
    expect(render(syntax).body).toEqual({
      statusCode: 500,
      code: 'INTERNAL_ERROR',
      message: 'An unexpected error occurred',
      requestId: 'req-1',
    });
  });

  it('maps constraint violations by constraint name, never by SQLSTATE alone', () => {
    const violation = (code: string, constraint: string) =>
      render(new QueryFailedError('UPDATE', [], Object.assign(new Error('violates'), { code, constraint })));
    expect(violation('23514', 'chk_ticket_tiers_inventory').body).toMatchObject({
      statusCode: 409,
      code: 'INSUFFICIENT_INVENTORY',
    });
    // Another CHECK is not an inventory shortage.
    expect(violation('23514', 'chk_orders_refunded').body).toMatchObject({
      statusCode: 409,
      code: 'CONFLICT',
      message: 'The change breaks a rule of the data',
    });
    expect(violation('23505', 'uq_users_email_lower').body).toMatchObject({
      statusCode: 409,
      code: 'EMAIL_TAKEN',
    });
    expect(violation('23505', 'uq_waitlist_entries_active').body).toMatchObject({
      code: 'ALREADY_ON_WAITLIST',
    });
    expect(violation('23505', 'IDX_some_unique').body).toMatchObject({ code: 'CONFLICT' });
    expect(violation('23503', 'FK_x').body).toMatchObject({ statusCode: 409, code: 'CONFLICT' });
    expect(JSON.stringify(violation('23514', 'chk_orders_refunded').body)).not.toContain('chk_');
  });

  it('turns Redis that cannot answer into 503 SERVICE_UNAVAILABLE with Retry-After, never a 500', () => {
    const maxRetries = Object.assign(new Error('Reached the max retries per request limit (which is 1).'), {
      name: 'MaxRetriesPerRequestError',
    });
    for (const err of [
      maxRetries,
      new Error('Command timed out'),
      new Error('Connection is closed.'),
      new Error("Stream isn't writeable and enableOfflineQueue options is false"),
    ]) {
      const { status, body, headers } = render(err);
      expect(status).toBe(503);
      expect(body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', details: { dependency: 'redis' } });
      expect(headers['retry-after']).toBe('5');
    }
  });

  it('turns lost Postgres connections into 503 DATABASE_UNAVAILABLE with Retry-After', () => {
    const failed = (driverError: Error) => new QueryFailedError('INSERT', [], driverError);
    const released = Object.assign(new Error('Query runner already released.'), {
      name: 'QueryRunnerAlreadyReleasedError',
    });
    for (const err of [
      failed(
        Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      ),
      failed(new Error('Connection terminated unexpectedly')),
      failed(new Error('Client has encountered a connection error and is not queryable')),
      Object.assign(new Error('sorry, too many clients already'), { code: '53300' }),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      new Error('Connection terminated'),
      released,
      Object.assign(new Error('Database connection provided by a query runner was already released'), {
        name: 'QueryRunnerProviderAlreadyReleasedError',
      }),
    ]) {
      const { status, body, headers } = render(err);
      expect(status).toBe(503);
      expect(body.code).toBe('DATABASE_UNAVAILABLE');
      expect(headers['retry-after']).toBe('2');
    }
  });

  it('keeps a Redis reply error and a failed statement as bugs (500)', () => {
    const reply = Object.assign(new Error('WRONGTYPE Operation against a key'), { name: 'ReplyError' });
    expect(render(reply).body.code).toBe('INTERNAL_ERROR');
    const division = new QueryFailedError('SELECT 1/0', [], Object.assign(new Error('x'), { code: '22012' }));
    expect(render(division).body.code).toBe('INTERNAL_ERROR');
  });

  it('echoes the request id as a header', () => {
    expect(render(new Error('x'), 'abc-123').headers['x-request-id']).toBe('abc-123');
  });
});
