import { createTicketVendorClient, type Schema, type TicketVendorClientOptions } from '../src';

/**
 * The buyer journey, as a shop frontend runs it: browse the published events, open one, sign up, hold tickets of
 * a tier that is on sale, pay (`confirmOrder` asks the payment provider; with the `test` provider it has always
 * succeeded), then list the tickets and fetch a QR code. Each step is one typed call; a refusal comes back as a
 * typed error whose `code` says what happened.
 */
export interface BuyerJourneyResult {
  event: Schema<'EventDetail'>;
  order: Schema<'Order'>;
  tickets: Schema<'Ticket'>[];
  qrPng: Uint8Array;
}

export interface Buyer {
  email: string;
  password: string;
  name: string;
}

/** Thrown when the API refuses a step; `error` is the typed error body. */
export class JourneyError extends Error {
  constructor(
    readonly step: string,
    readonly error: Schema<'ErrorResponse'>,
  ) {
    super(`${step}: ${error.code} ${error.message}`);
  }
}

function ensure<T>(step: string, result: { data?: T; error?: Schema<'ErrorResponse'> }): T {
  if (result.error) throw new JourneyError(step, result.error);
  if (result.data === undefined) throw new Error(`${step}: no body`);
  return result.data;
}

export async function buyerJourney(
  connection: Omit<TicketVendorClientOptions, 'accessToken'>,
  buyer: Buyer,
  options: { search: string; quantity: number },
): Promise<BuyerJourneyResult> {
  const { search, quantity } = options;
  let accessToken: string | undefined;
  const api = createTicketVendorClient({ ...connection, accessToken: () => accessToken });

  // 1. Browse: the public listing (full-text search here) needs no token.
  const page = ensure(
    'listEvents',
    await api.GET('/api/v1/events', { params: { query: { search, limit: 10 } } }),
  );
  const [first] = page.items;
  if (!first) throw new Error(`listEvents: no event matches ${search}`);
  const event = ensure(
    'getEvent',
    await api.GET('/api/v1/events/{id}', { params: { path: { id: first.id } } }),
  );
  const tier = event.tiers.find((t) => t.status === 'on_sale' && t.available >= quantity);
  if (!tier) throw new Error(`getEvent: no tier of ${event.title} has ${quantity} tickets on sale`);

  // 2. Sign up; the client sends the access token from now on.
  const session = ensure('register', await api.POST('/api/v1/auth/register', { body: buyer }));
  accessToken = session.accessToken;

  // 3. Hold: retrying with the same Idempotency-Key can never make a second order.
  const held = await api.POST('/api/v1/orders', {
    params: { header: { 'Idempotency-Key': crypto.randomUUID() } },
    body: { eventId: event.id, items: [{ tierId: tier.id, quantity }] },
  });
  if (held.error?.code === 'INSUFFICIENT_INVENTORY') {
    // The error type follows the code: here `details` has `requested` and `available`.
    throw new Error(`Only ${held.error.details?.available ?? 0} tickets are left`);
  }
  const order = ensure('placeOrder', held);

  // 4. Pay: with Stripe the page confirms `order.payment.clientSecret` with Stripe.js first.
  const paid = ensure(
    'confirmOrder',
    await api.POST('/api/v1/orders/{id}/confirm', { params: { path: { id: order.id } } }),
  );

  // 5. The tickets, with their event and tier embedded, and one QR code as PNG bytes.
  const tickets = ensure(
    'listTickets',
    await api.GET('/api/v1/tickets', { params: { query: { eventId: event.id, expand: ['event', 'tier'] } } }),
  ).items;
  const [ticket] = tickets;
  if (!ticket) throw new Error('listTickets: the paid order has no tickets');
  const qr = await api.GET('/api/v1/tickets/{id}/qr', {
    params: { path: { id: ticket.id } },
    parseAs: 'arrayBuffer',
  });
  if (qr.error) throw new JourneyError('getTicketQrCode', qr.error);
  return { event, order: paid, tickets, qrPng: new Uint8Array(qr.data) };
}
