import { OrdersService } from '../src/checkout/orders/orders.service';
import { Role } from '../src/platform/auth/roles';
import type { AuthUser } from '../src/platform/auth/auth-user';
import { WaitlistEntriesService } from '../src/waitlist/waitlist-entries.service';
import { createTestApp, TestApp } from './app';
import { createOnSaleEvent, OnSaleEvent } from './factories/catalog';
import { registerUser, TestUser } from './factories/users';
import { SoldOutSale, soldOutSale } from './factories/waitlist';
import { RedisServer } from './support/processes';

const asAuthUser = (user: TestUser): AuthUser => ({
  id: user.id,
  email: user.email,
  role: Role.Customer,
  jti: 'side-effects',
  exp: Math.floor(Date.now() / 1000) + 600,
});

/**
 * Writes whose Redis work is only a side effect (queueing the hold's expiry, an offer run) succeed while Redis
 * is gone or frozen: the rows commit, the queueing fails or times out and is logged, and the sweeps cover it.
 * Called on the services, below the guards: rate limits and authentication still need Redis until issue 9
 * lands (`test/fault-redis.e2e-spec.ts` documents that half over HTTP).
 */
describe('writes whose Redis work is a side effect, while Redis is away', () => {
  let redis: RedisServer;
  let t: TestApp;
  let sale: OnSaleEvent;
  let soldOut: SoldOutSale;
  let buyer: TestUser;

  beforeAll(async () => {
    redis = await RedisServer.start();
    t = await createTestApp({ role: 'api', env: { REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: '2000' } });
    sale = await createOnSaleEvent(t);
    soldOut = await soldOutSale(t);
    buyer = await registerUser(t);
  });

  afterAll(async () => {
    // Back up first, so the app's clients close instead of reconnecting after the test ends.
    redis.resume();
    if (!redis.running) await redis.start();
    await t.close();
    await redis.stop();
  });

  const orderStatus = async (id: string) =>
    (
      (await t.dataSource.query(`SELECT status FROM orders WHERE id = $1`, [id])) as Array<{ status: string }>
    )[0]?.status;

  it('places a hold while Redis is frozen, within the command timeout', async () => {
    redis.pause();
    try {
      const started = Date.now();
      const order = await t.app.get(OrdersService).place(asAuthUser(buyer), {
        eventId: sale.eventId,
        items: [{ tierId: sale.tierIds[0], quantity: 1 }],
      });
      expect(order.status).toBe('pending');
      expect(await orderStatus(order.id)).toBe('pending');
      // The expiry job's add waited out REDIS_COMMAND_TIMEOUT_MS (2 s) at most; the slack is for a loaded machine.
      expect(Date.now() - started).toBeLessThan(8000);
    } finally {
      redis.resume();
    }
  });

  it('places a hold and joins a waitlist while Redis is down', async () => {
    await redis.stop();
    const order = await t.app
      .get(OrdersService)
      .place(asAuthUser(buyer), { eventId: sale.eventId, items: [{ tierId: sale.tierIds[0], quantity: 1 }] });
    expect(await orderStatus(order.id)).toBe('pending');

    const entry = await t.app
      .get(WaitlistEntriesService)
      .join(asAuthUser(buyer), { eventId: soldOut.eventId, tierId: soldOut.tierId, quantity: 1 }, {});
    expect(entry.status).toBe('waiting');
  });
});
