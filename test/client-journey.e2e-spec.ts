import { buyerJourney } from '../clients/typescript/examples/buyer-journey';
import { createTestApp, TestApp } from './app';
import { createOnSaleEvent } from './factories/catalog';
import { strongPassword, uniqueEmail } from './factories/users';
import { checkedFetch } from './support/contract';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('the typed client (clients/typescript) against the app', () => {
  let t: TestApp;
  let baseUrl: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = await t.app.getUrl();
  });

  afterAll(() => t.close());

  it('runs the buyer journey of examples/buyer-journey.ts: browse, hold, pay, tickets, QR', async () => {
    const title = `Client Journey ${Date.now()}`;
    const sale = await createOnSaleEvent(t, { event: { title }, tiers: [{ capacity: 10, price: 3000 }] });

    const result = await buyerJourney(
      { baseUrl, fetch: checkedFetch },
      { email: uniqueEmail('journey'), password: strongPassword(), name: 'Journey Buyer' },
      { search: title, quantity: 2 },
    );

    expect(result.event.id).toBe(sale.eventId);
    expect(result.order).toMatchObject({ status: 'paid', total: 6000, eventId: sale.eventId });
    expect(result.tickets).toHaveLength(2);
    expect(result.tickets.map((ticket) => ticket.tier?.id)).toEqual([sale.tierIds[0], sale.tierIds[0]]);
    expect(result.tickets[0].event).toMatchObject({ id: sale.eventId, title });
    expect([...result.qrPng.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  });
});
