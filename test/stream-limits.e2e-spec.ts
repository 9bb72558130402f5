import { request as httpRequest, IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { createTestApp, TestApp } from './app';
import { createOnSaleEvent, OnSaleEvent } from './factories/catalog';
import { registerUser, TestUser } from './factories/users';

interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  response: IncomingMessage;
}

/** A GET that resolves as soon as the headers arrive (a stream stays open). */
function open(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  newConnection = false,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const agent = newConnection ? false : undefined;
    httpRequest({ host: '127.0.0.1', port, path: `/api/v1${path}`, headers, agent }, (response) =>
      resolve({ status: response.statusCode ?? 0, headers: response.headers, response }),
    )
      .on('error', reject)
      .end();
  });
}

async function text(response: IncomingMessage): Promise<string> {
  let all = '';
  response.setEncoding('utf8');
  for await (const chunk of response) all += chunk;
  return all;
}

describe('live stream caps (issue 10: one address held 2,000 streams)', () => {
  let t: TestApp;
  let port: number;
  let sale: OnSaleEvent;
  let viewer: TestUser;
  const answers: Answer[] = [];
  const path = () => `/events/${sale.eventId}/availability/stream`;
  const stream = async (headers: Record<string, string> = {}) => {
    const answer = await open(port, path(), headers);
    answers.push(answer);
    return answer;
  };

  beforeAll(async () => {
    t = await createTestApp({
      role: 'api',
      env: { SSE_MAX_STREAMS_PER_ADDRESS: '3', SSE_MAX_STREAMS_PER_USER: '2' },
    });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    sale = await createOnSaleEvent(t);
    viewer = await registerUser(t);
  });

  afterEach(() => {
    for (const a of answers.splice(0)) a.response.destroy();
  });

  afterAll(() => t.close());

  it('caps the streams of one address and frees a slot when a stream closes', async () => {
    const from = { 'X-Forwarded-For': '203.0.113.7' };
    const first = [await stream(from), await stream(from), await stream(from)];
    expect(first.map((a) => a.status)).toEqual([200, 200, 200]);
    const refused = await stream(from);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('5');
    const body = JSON.parse(await text(refused.response)) as Record<string, unknown>;
    expect(body).toMatchObject({ code: 'TOO_MANY_STREAMS', details: { scope: 'address', limit: 3 } });

    // Another address is not affected.
    expect((await stream({ 'X-Forwarded-For': '203.0.113.8' })).status).toBe(200);

    first[0].response.destroy();
    let again: Answer | undefined;
    for (let i = 0; i < 50 && again?.status !== 200; i++) {
      again?.response.destroy();
      await new Promise((r) => setTimeout(r, 20));
      again = await stream(from);
    }
    expect(again?.status).toBe(200);
  });

  it('caps the streams of one signed-in user across addresses', async () => {
    const as = (ip: string) => ({ Authorization: `Bearer ${viewer.accessToken}`, 'X-Forwarded-For': ip });
    expect((await stream(as('198.51.100.1'))).status).toBe(200);
    expect((await stream(as('198.51.100.2'))).status).toBe(200);
    const refused = await stream(as('198.51.100.3'));
    expect(refused.status).toBe(429);
    const body = JSON.parse(await text(refused.response)) as Record<string, unknown>;
    expect(body).toMatchObject({ code: 'TOO_MANY_STREAMS', details: { scope: 'user', limit: 2 } });
    // Anonymous from that address still may.
    expect((await stream({ 'X-Forwarded-For': '198.51.100.3' })).status).toBe(200);
  });
});

describe('graceful API shutdown', () => {
  it('stops accepting, finishes the request in flight and ends streams with a retry hint', async () => {
    const t = await createTestApp({ role: 'api', env: { INVENTORY_LOCK_TIMEOUT_MS: '20000' } });
    await t.app.listen(0, '127.0.0.1');
    const port = (t.app.getHttpServer().address() as AddressInfo).port;
    const sale = await createOnSaleEvent(t);
    const buyer = await registerUser(t);
    const stream = await open(port, `/events/${sale.eventId}/availability/stream`);
    expect(stream.status).toBe(200);
    const streamed = text(stream.response);

    // A hold that waits on the tier lock another transaction holds: a request in flight.
    const locker = new DataSource({ type: 'postgres', url: t.config.database.url, extra: { max: 2 } });
    await locker.initialize();
    const runner = locker.createQueryRunner();
    await runner.startTransaction();
    await runner.query('SELECT 1 FROM ticket_tiers WHERE id = $1 FOR UPDATE', [sale.tierIds[0]]);
    const inFlight = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: '/api/v1/orders',
          method: 'POST',
          headers: { Authorization: `Bearer ${buyer.accessToken}`, 'Content-Type': 'application/json' },
        },
        (res) => void text(res).then((body) => resolve({ status: res.statusCode ?? 0, body })),
      );
      req.on('error', reject);
      req.end(JSON.stringify({ eventId: sale.eventId, items: [{ tierId: sale.tierIds[0], quantity: 1 }] }));
    });
    // Wait until the hold is really waiting on the lock.
    for (let i = 0; i < 100; i++) {
      const [{ waiting }] = (await locker.query(
        `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`,
      )) as Array<{ waiting: number }>;
      if (waiting > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }

    const closing = t.close();
    // The stream ends at once, told when to reconnect.
    const events = await streamed;
    const retry = Number(/^retry: (\d+)$/m.exec(events)?.[1]);
    expect(retry).toBeGreaterThanOrEqual(1000);
    expect(retry).toBeLessThanOrEqual(4000);
    // New connections are refused while the hold still waits.
    await expect(open(port, '/health', {}, true)).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    await runner.rollbackTransaction();
    await runner.release();
    const answer = await inFlight;
    expect(answer.status).toBe(201);
    expect((JSON.parse(answer.body) as { status: string }).status).toBe('pending');
    await closing;
    await locker.destroy();
  });
});
