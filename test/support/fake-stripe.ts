import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import Stripe from 'stripe';

/** One request the fake received; the form body decoded to flat `key -> value` pairs (`metadata[orderId]`). */
export interface StripeRequest {
  method: string;
  path: string;
  idempotencyKey?: string;
  body: Record<string, string>;
}

export interface FakePaymentIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_received: number;
  currency: string;
  status: Stripe.PaymentIntent.Status;
  client_secret: string;
  metadata: Record<string, string>;
  created: number;
  livemode: false;
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

/**
 * A local stand-in for the parts of Stripe's API the app uses: `POST /v1/payment_intents`,
 * `GET /v1/payment_intents/:id` and `POST /v1/refunds`, in Stripe's JSON format, honouring `Idempotency-Key` like
 * Stripe does (same key, same response). Tests move an intent with `succeed`/`fail` and sign webhooks with
 * `webhook`, which uses the SDK's own `generateTestHeaderString`.
 */
export class FakeStripe {
  readonly requests: StripeRequest[] = [];
  readonly intents = new Map<string, FakePaymentIntent>();
  readonly refunds: Array<{ id: string; payment_intent: string; amount: number }> = [];
  /** How many more refund requests answer 500 (an outage); Stripe keeps no idempotent result for those. */
  private refundOutages = 0;
  private readonly replies = new Map<string, { status: number; body: unknown }>();
  private server?: Server;

  constructor(readonly webhookSecret = `whsec_${randomBytes(16).toString('hex')}`) {}

  /** Starts on a free port; returns the env that points the app's Stripe SDK here. */
  async start(): Promise<Record<string, string>> {
    this.server = createServer((req, res) => this.onRequest(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return {
      STRIPE_SECRET_KEY: 'sk_test_fake',
      STRIPE_WEBHOOK_SECRET: this.webhookSecret,
      STRIPE_API_HOST: '127.0.0.1',
      STRIPE_API_PORT: String(port),
      STRIPE_API_PROTOCOL: 'http',
    };
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  intentFor(orderId: string): FakePaymentIntent | undefined {
    return [...this.intents.values()].find((pi) => pi.metadata.orderId === orderId);
  }

  /** An intent made outside the app (another integration on the same Stripe account). */
  addIntent(amount: number, currency: string, metadata: Record<string, string> = {}): FakePaymentIntent {
    const body: Record<string, string> = { amount: String(amount), currency };
    for (const [k, v] of Object.entries(metadata)) body[`metadata[${k}]`] = v;
    return this.createIntent(body).body;
  }

  succeed(intentId: string): FakePaymentIntent {
    return this.move(intentId, 'succeeded');
  }

  fail(intentId: string): FakePaymentIntent {
    return this.move(intentId, 'canceled');
  }

  /** A signed webhook delivery: the raw body and its Stripe-Signature header. */
  webhook(
    type: string,
    intent: FakePaymentIntent,
    options: { eventId?: string; timestamp?: number; secret?: string } = {},
  ): { body: string; signature: string; eventId: string } {
    const eventId = options.eventId ?? id('evt');
    const body = JSON.stringify({
      id: eventId,
      object: 'event',
      api_version: '2025-01-01',
      created: Math.floor(Date.now() / 1000),
      type,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object: intent },
    });
    const signature = Stripe.webhooks.generateTestHeaderString({
      payload: body,
      secret: options.secret ?? this.webhookSecret,
      timestamp: options.timestamp,
    });
    return { body, signature, eventId };
  }

  private move(intentId: string, status: Stripe.PaymentIntent.Status): FakePaymentIntent {
    const intent = this.intents.get(intentId);
    if (!intent) throw new Error(`no intent ${intentId}`);
    intent.status = status;
    intent.amount_received = status === 'succeeded' ? intent.amount : 0;
    return { ...intent };
  }

  /** The next `count` refund requests fail with a 500, as in a Stripe outage. */
  failRefunds(count: number): void {
    this.refundOutages = count;
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      const key = req.headers['idempotency-key'] as string | undefined;
      const path = (req.url ?? '').split('?')[0];
      this.requests.push({ method: req.method ?? '', path, idempotencyKey: key, body });
      const cacheKey = key ? `${req.method} ${path} ${key}` : undefined;
      const cached = cacheKey ? this.replies.get(cacheKey) : undefined;
      const reply = cached ?? this.route(req.method ?? '', path, body);
      if (cacheKey && !cached && reply.status < 500) this.replies.set(cacheKey, reply);
      res.writeHead(reply.status, { 'Content-Type': 'application/json', 'Request-Id': id('req') });
      res.end(JSON.stringify(reply.body));
    });
  }

  private route(
    method: string,
    path: string,
    body: Record<string, string>,
  ): { status: number; body: unknown } {
    if (method === 'POST' && path === '/v1/payment_intents') return this.createIntent(body);
    const match = /^\/v1\/payment_intents\/([\w]+)$/.exec(path);
    if (method === 'GET' && match) {
      const intent = this.intents.get(match[1]);
      return intent ? { status: 200, body: intent } : this.missing(match[1]);
    }
    if (method === 'POST' && path === '/v1/refunds') return this.createRefund(body);
    return {
      status: 404,
      body: { error: { type: 'invalid_request_error', message: `Unrecognized ${path}` } },
    };
  }

  private createIntent(body: Record<string, string>) {
    const intentId = id('pi');
    const intent: FakePaymentIntent = {
      id: intentId,
      object: 'payment_intent',
      amount: Number(body.amount),
      amount_received: 0,
      currency: body.currency,
      status: 'requires_payment_method',
      client_secret: `${intentId}_secret_${randomBytes(8).toString('hex')}`,
      metadata: Object.fromEntries(
        Object.entries(body)
          .filter(([k]) => k.startsWith('metadata['))
          .map(([k, v]) => [k.slice('metadata['.length, -1), v]),
      ),
      created: Math.floor(Date.now() / 1000),
      livemode: false,
    };
    this.intents.set(intentId, intent);
    return { status: 200, body: intent };
  }

  private createRefund(body: Record<string, string>) {
    if (this.refundOutages > 0) {
      this.refundOutages -= 1;
      return { status: 500, body: { error: { type: 'api_error', message: 'An unknown error occurred' } } };
    }
    const intent = this.intents.get(body.payment_intent);
    if (!intent) return this.missing(body.payment_intent);
    const refund = { id: id('re'), payment_intent: intent.id, amount: Number(body.amount ?? intent.amount) };
    this.refunds.push(refund);
    return {
      status: 200,
      body: { ...refund, object: 'refund', currency: intent.currency, status: 'succeeded', created: 0 },
    };
  }

  private missing(what: string) {
    return {
      status: 404,
      body: {
        error: {
          type: 'invalid_request_error',
          code: 'resource_missing',
          message: `No such payment_intent: '${what}'`,
        },
      },
    };
  }
}
