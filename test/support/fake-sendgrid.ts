import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** One request the fake received, body parsed as JSON. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: SendgridMailBody;
}

/** The parts of SendGrid's v3 `POST /v3/mail/send` body the tests look at. */
export interface SendgridMailBody {
  personalizations: Array<{ to: Array<{ email: string; name?: string }> }>;
  from: { email: string; name?: string };
  subject: string;
  content: Array<{ type: string; value: string }>;
  attachments?: Array<{
    content: string;
    filename: string;
    type?: string;
    disposition?: string;
    content_id?: string;
  }>;
}

/**
 * A local stand-in for SendGrid's v3 API: answers `POST /v3/mail/send` like SendGrid does (202, empty body,
 * an `X-Message-Id` header) and records every request. `failNext` makes the next calls answer an error.
 */
export class FakeSendgrid {
  readonly requests: RecordedRequest[] = [];
  /** How long each answer takes, like a real provider's round trip (0: at once). */
  delayMs = 0;
  private failures: number[] = [];
  private counter = 0;
  private server?: Server;

  /** Starts on a free port and returns the base URL to give the app as SENDGRID_API_URL. */
  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => setTimeout(() => answer(), this.delayMs));
      const answer = () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        this.requests.push({
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          body: (raw ? JSON.parse(raw) : {}) as SendgridMailBody,
        });
        const failure = this.failures.shift();
        if (failure) {
          res.writeHead(failure, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ errors: [{ message: 'fake failure', field: null, help: null }] }));
          return;
        }
        if (req.method !== 'POST' || req.url !== '/v3/mail/send') {
          res.writeHead(404, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ errors: [{ message: 'not found' }] }));
          return;
        }
        this.counter += 1;
        res.writeHead(202, { 'X-Message-Id': `fake-msg-${this.counter}` });
        res.end();
      };
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** The next `count` requests answer `status` (e.g. 500) instead of 202. */
  failNext(count: number, status = 500): void {
    this.failures.push(...Array<number>(count).fill(status));
  }

  /** Requests that sent mail to `email`. */
  sentTo(email: string): RecordedRequest[] {
    return this.requests.filter((r) =>
      r.body.personalizations?.some((p) => p.to.some((t) => t.email === email)),
    );
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
