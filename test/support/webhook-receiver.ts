import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** One request the receiver got, with the raw body as it arrived. */
export interface ReceivedWebhook {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** The parsed body. */
  json: { type: string; timestamp: string; data: Record<string, unknown> };
  receivedAt: number;
}

/** How the receiver answers one request. */
export type Reply =
  | { status: number; body?: string; headers?: Record<string, string> }
  | { hang: true }
  | { delayMs: number; status: number };

/**
 * A local webhook receiver, as an integrator would run one: records every request and answers 200, or what
 * `replyNext` queued. It also tracks how many requests it is serving at once.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  maxInFlight = 0;
  private inFlight = 0;
  private replies: Reply[] = [];
  private fallback: Reply = { status: 200, body: 'ok' };
  private server?: Server;
  private readonly hanging = new Set<ServerResponse>();
  port = 0;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => void this.answer(req, Buffer.concat(chunks).toString('utf8'), res));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this.url('/hooks');
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** The next requests get these answers, in order. */
  replyNext(...replies: Reply[]): void {
    this.replies.push(...replies);
  }

  /** Every request after the queued ones gets this answer. */
  replyAlways(reply: Reply): void {
    this.fallback = reply;
  }

  /** Requests of one message (`webhook-id`). */
  byMessage(messageId: string): ReceivedWebhook[] {
    return this.received.filter((r) => r.headers['webhook-id'] === messageId);
  }

  ofType(type: string): ReceivedWebhook[] {
    return this.received.filter((r) => r.json.type === type);
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private async answer(req: IncomingMessage, body: string, res: ServerResponse): Promise<void> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    this.received.push({
      path: req.url ?? '',
      headers: req.headers,
      body,
      json: JSON.parse(body) as ReceivedWebhook['json'],
      receivedAt: Date.now(),
    });
    const reply = this.replies.shift() ?? this.fallback;
    if ('hang' in reply) {
      this.hanging.add(res);
      res.on('close', () => (this.inFlight -= 1));
      return;
    }
    if ('delayMs' in reply) await new Promise((r) => setTimeout(r, reply.delayMs));
    this.inFlight -= 1;
    res.writeHead(reply.status, 'headers' in reply ? reply.headers : {});
    res.end('body' in reply ? (reply.body ?? '') : '');
  }
}

/**
 * The Standard Webhooks verification, written from the specification and nothing else: the secret is base64
 * after `whsec_`; the signed content is `{webhook-id}.{webhook-timestamp}.{raw body}`; the header holds
 * space-separated `v1,<base64 HMAC-SHA256>` signatures, any of which may match; the timestamp must be within
 * `toleranceSeconds` of now. Returns the reason it fails, or null when the webhook is genuine.
 */
export function verifyStandardWebhook(
  secret: string,
  headers: IncomingMessage['headers'],
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): string | null {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signatures !== 'string')
    return 'missing headers';
  if (!/^\d+$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds)
    return 'timestamp outside tolerance';
  if (!secret.startsWith('whsec_')) return 'not a whsec_ secret';
  const expected = createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64'))
    .update(`${id}.${timestamp}.${body}`)
    .digest();
  const matches = signatures.split(' ').some((entry) => {
    const [version, value] = entry.split(',');
    if (version !== 'v1' || !value) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? null : 'no signature matches';
}
