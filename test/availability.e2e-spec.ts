import { get, IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availabilityChannel } from '../src/insight/availability/availability-publisher';
import { createTestApp, eventually, TestApp } from './app';
import { createEvent, createOnSaleEvent, createTier, sharedAdmin } from './factories/catalog';
import { buyOrder } from './factories/orders';
import { authHeader, registerUser } from './factories/users';

const api = (path: string) => `/api/v1${path}`;

/**
 * Events 90 days out: another spec moves its clock 40 days ahead and completes every event ending before
 * then, which would end these sales mid-test.
 */
function farFuture(): { startsAt: string; endsAt: string } {
  const startsAt = Date.now() + 90 * 24 * 3600 * 1000;
  return {
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(startsAt + 4 * 3600 * 1000).toISOString(),
  };
}

interface TierState {
  tierId: string;
  available: number;
  status: string;
}

/** A raw SSE client: collects `availability` events and comments as they arrive. */
class SseClient {
  readonly states: TierState[] = [];
  readonly comments: string[] = [];
  private buffer = '';

  private constructor(readonly response: IncomingMessage) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => this.feed(chunk));
  }

  static open(port: number, path: string): Promise<SseClient> {
    return new Promise((resolve, reject) => {
      get({ host: '127.0.0.1', port, path: api(path), headers: { Accept: 'text/event-stream' } }, (res) =>
        resolve(new SseClient(res)),
      ).on('error', reject);
    });
  }

  /** The last state received for a tier. */
  latest(tierId: string): TierState | undefined {
    return [...this.states].reverse().find((s) => s.tierId === tierId);
  }

  close(): void {
    this.response.destroy();
  }

  private feed(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const lines = block.split('\n');
      const type = lines.find((l) => l.startsWith('event: '))?.slice(7);
      const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6));
      this.comments.push(...lines.filter((l) => l.startsWith(': ')).map((l) => l.slice(2)));
      if (type === 'availability') this.states.push(JSON.parse(data.join('\n')) as TierState);
    }
  }
}

async function body(res: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  res.setEncoding('utf8');
  for await (const chunk of res) text += chunk;
  return JSON.parse(text) as Record<string, unknown>;
}

describe('live availability (Server-Sent Events)', () => {
  let writer: TestApp;
  let reader: TestApp;
  let port: number;
  let writerPort: number;
  const clients: SseClient[] = [];

  const open = async (eventId: string, on = port) => {
    const client = await SseClient.open(on, `/events/${eventId}/availability/stream`);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    // Two instances: the API and worker that sells, and an API-only instance that streams. The reader's
    // heartbeat (which also re-reads the tiers) is too slow to matter here, so what it streams came by pub/sub.
    writer = await createTestApp({ env: { AVAILABILITY_HEARTBEAT_SECONDS: '1' } });
    reader = await createTestApp({ role: 'api', env: { AVAILABILITY_HEARTBEAT_SECONDS: '300' } });
    await reader.app.listen(0, '127.0.0.1');
    port = (reader.app.getHttpServer().address() as AddressInfo).port;
    await writer.app.listen(0, '127.0.0.1');
    writerPort = (writer.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await reader.close();
    await writer.close();
  });

  it('sends every visible tier on connect, then each change made through another instance', async () => {
    const sale = await createOnSaleEvent(writer, {
      event: farFuture(),
      tiers: [
        { capacity: 5, sortOrder: 1 },
        { capacity: 3, sortOrder: 2 },
        { capacity: 9, hidden: true },
      ],
    });
    const [tierA, tierB, hidden] = sale.tierIds;
    const stream = await open(sale.eventId);
    expect(stream.response.statusCode).toBe(200);
    expect(stream.response.headers['content-type']).toMatch(/^text\/event-stream/);
    await eventually(async () => stream.states.length >= 2);
    expect(stream.states.slice(0, 2)).toEqual([
      { tierId: tierA, available: 5, status: 'on_sale' },
      { tierId: tierB, available: 3, status: 'on_sale' },
    ]);

    // Paid orders, not pending holds: other specs' expiry sweepers run with their clocks moved ahead.
    const order = await buyOrder(writer, await registerUser(writer), sale.eventId, [
      { tierId: tierA, quantity: 2 },
    ]);
    await eventually(async () => stream.latest(tierA)?.available === 3);
    await buyOrder(writer, await registerUser(writer), sale.eventId, [{ tierId: tierB, quantity: 3 }]);
    await eventually(async () => stream.latest(tierB)?.status === 'sold_out');
    expect(stream.latest(tierB)).toEqual({ tierId: tierB, available: 0, status: 'sold_out' });

    // Each change is sent once: re-reads that find nothing new (every heartbeat) send nothing.
    const before = stream.states.filter((s) => s.tierId === tierA).length;
    await writer
      .http()
      .post(api(`/orders/${order.id}/refunds`))
      .set(authHeader(sale.token))
      .send({})
      .expect(201);
    await eventually(async () => stream.latest(tierA)?.available === 5);
    expect(stream.states.filter((s) => s.tierId === tierA)).toHaveLength(before + 1);

    const capacity = await writer
      .http()
      .patch(api(`/tiers/${tierA}`))
      .set(authHeader(sale.token))
      .send({ capacity: 8 });
    expect(capacity.status).toBe(200);
    await eventually(async () => stream.latest(tierA)?.available === 8);
    expect(stream.states.some((s) => s.tierId === hidden)).toBe(false);
  });

  it('sends a heartbeat comment, and a late joiner gets the current state', async () => {
    const sale = await createOnSaleEvent(writer, { event: farFuture(), tiers: [{ capacity: 4 }] });
    const first = await open(sale.eventId, writerPort);
    await buyOrder(writer, await registerUser(writer), sale.eventId, [
      { tierId: sale.tierIds[0], quantity: 1 },
    ]);
    await eventually(async () => first.latest(sale.tierIds[0])?.available === 3);
    const second = await open(sale.eventId, writerPort);
    await eventually(async () => second.states.length === 1);
    expect(second.states[0]).toEqual({ tierId: sale.tierIds[0], available: 3, status: 'on_sale' });
    await eventually(async () => first.comments.includes('heartbeat'), 5000);
  });

  it('stops listening to the event once its last client leaves', async () => {
    const sale = await createOnSaleEvent(writer);
    const channel = availabilityChannel(sale.eventId);
    const subscribers = async () => {
      const [, count] = (await writer.redis.pubsub('NUMSUB', channel)) as [string, number];
      return Number(count);
    };
    const [a, b] = [await open(sale.eventId), await open(sale.eventId)];
    await eventually(async () => a.states.length === 1 && b.states.length === 1);
    // One subscription per instance, however many clients it streams to.
    expect(await subscribers()).toBe(1);
    a.close();
    b.close();
    await eventually(async () => (await subscribers()) === 0);
  });

  it('answers 404 for a draft or unknown event, in the usual error shape', async () => {
    const admin = await sharedAdmin(writer);
    const sale = await createOnSaleEvent(writer);
    const draft = await createEvent(writer, sale.promoter);
    await createTier(writer, admin, draft.id);
    for (const id of [draft.id, '4f8a7d1e-0000-4000-8000-00000000dead']) {
      const res = await new Promise<IncomingMessage>((resolve, reject) =>
        get({ host: '127.0.0.1', port, path: api(`/events/${id}/availability/stream`) }, resolve).on(
          'error',
          reject,
        ),
      );
      expect(res.statusCode).toBe(404);
      expect(await body(res)).toMatchObject({ code: 'NOT_FOUND' });
    }
  });
});
