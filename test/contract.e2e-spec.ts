import { CheckedResponse, loadContract } from './support/contract';

/** The contract check itself (test/support/contract.ts), on made-up responses: it must catch each kind of break. */
describe('the contract check against openapi.json', () => {
  const contract = loadContract();
  const json = (status: number, body: unknown): CheckedResponse => ({
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body,
    text: JSON.stringify(body),
  });
  const id = '7c0e3a52-1f9b-4d2e-8a47-3b5c6d7e8f90';
  const error = (statusCode: number, code: string, details?: object) => ({
    statusCode,
    code,
    message: 'refused',
    requestId: 'req-1',
    ...(details ? { details } : {}),
  });
  const keys = { keys: [], format: 'base64url' };

  it('accepts a declared status with a body that matches its schema', () => {
    expect(() => contract.check('get', '/api/v1/tickets/signing-key', json(200, keys))).not.toThrow();
    expect(() =>
      contract.check(
        'post',
        '/api/v1/orders',
        json(409, error(409, 'INSUFFICIENT_INVENTORY', { tierId: id, requested: 3, available: 1 })),
      ),
    ).not.toThrow();
  });

  it('refuses a status the operation does not declare', () => {
    expect(() =>
      contract.check('get', '/api/v1/tickets/signing-key', json(418, error(418, 'CONFLICT'))),
    ).toThrow(/getTicketSigningKeys .* answered 418, which openapi.json does not declare/);
  });

  it('refuses a field the schema does not declare, and a missing required one', () => {
    expect(() =>
      contract.check('get', '/api/v1/tickets/signing-key', json(200, { ...keys, secret: 'x' })),
    ).toThrow(/"additionalProperty":"secret"/);
    expect(() => contract.check('get', '/api/v1/tickets/signing-key', json(200, { keys: [] }))).toThrow(
      /"missingProperty":"format"/,
    );
  });

  it('refuses an error code the operation does not declare for that status, and mistyped details', () => {
    expect(() => contract.check('post', '/api/v1/orders', json(409, error(409, 'EMAIL_TAKEN')))).toThrow(
      /409 body of placeOrder does not match/,
    );
    expect(() =>
      contract.check(
        'post',
        '/api/v1/orders',
        json(409, error(409, 'INSUFFICIENT_INVENTORY', { tierId: id, available: '1' })),
      ),
    ).toThrow(/placeOrder does not match/);
  });

  it('refuses a content type the response does not declare', () => {
    expect(() => contract.check('get', `/api/v1/tickets/${id}/qr`, json(200, {}))).toThrow(
      /getTicketQrCode 200 sent application\/json, declared: image\/png/,
    );
  });

  it('lets an unknown route answer only 404 ROUTE_NOT_FOUND (or the body parser refusals) in the error shape', () => {
    expect(() =>
      contract.check('get', '/api/v1/nope', json(404, error(404, 'ROUTE_NOT_FOUND'))),
    ).not.toThrow();
    expect(() => contract.check('get', '/api/v1/nope', json(200, {}))).toThrow(
      /no operation in openapi.json/,
    );
  });
});
