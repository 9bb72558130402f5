import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { SsrfGuard } from './ssrf-guard';
import { RESPONSE_EXCERPT_CHARS, WebhookHttpClient, WebhookSendError } from './webhook-http-client';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A local receiver whose behaviour each test sets. */
describe('WebhookHttpClient', () => {
  let server: Server;
  let base: string;
  let handler: Handler;
  const hits: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(`${req.method} ${req.url}`);
      req.resume();
      req.on('end', () => handler(req, res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => (hits.length = 0));

  const client = (timeoutMs?: number) => new WebhookHttpClient(new SsrfGuard(true), timeoutMs);

  it('posts the body with the given headers and reads the answer', async () => {
    let seen: { headers: IncomingMessage['headers'] } | undefined;
    handler = (req, res) => {
      seen = { headers: req.headers };
      res.writeHead(503, { 'Retry-After': '120' }).end('busy');
    };
    const answer = await client().post(`${base}/hook`, '{"a":1}', { 'webhook-id': 'msg_1' });
    expect(answer).toEqual({ status: 503, body: 'busy', retryAfterSeconds: 120 });
    expect(seen?.headers).toMatchObject({ 'webhook-id': 'msg_1', 'content-type': 'application/json' });
  });

  it('gives up after its time budget', async () => {
    handler = () => undefined; // never answers
    const started = Date.now();
    await expect(client(300).post(`${base}/slow`, '{}', {})).rejects.toThrow('No answer within 0.3 s');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reads no more than the cap of an endless response, keeping its start', async () => {
    handler = (_req, res) => {
      res.writeHead(200);
      const chunk = 'x'.repeat(16 * 1024);
      const pump = () => {
        while (res.write(chunk));
        res.once('drain', pump);
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
    };
    const answer = await client(5000).post(`${base}/endless`, '{}', {});
    expect(answer.status).toBe(200);
    expect(answer.body).toBe('x'.repeat(RESPONSE_EXCERPT_CHARS));
  });

  it('follows a redirect, checking the new address again', async () => {
    handler = (req, res) => {
      if (req.url === '/old') res.writeHead(308, { Location: '/new' }).end();
      else res.writeHead(204).end();
    };
    const answer = await client().post(`${base}/old`, '{}', {});
    expect(answer.status).toBe(204);
    expect(hits).toEqual(['POST /old', 'POST /new']);
  });

  it('refuses a redirect to a metadata address without connecting to it', async () => {
    handler = (_req, res) =>
      res.writeHead(302, { Location: 'http://169.254.169.254/latest/meta-data' }).end();
    await expect(client().post(`${base}/sneaky`, '{}', {})).rejects.toThrow(
      /Refused: 169.254.169.254 resolves to 169.254.169.254, a metadata address/,
    );
    expect(hits).toEqual(['POST /sneaky']);
  });

  it('refuses a loopback receiver when private networks are not allowed', async () => {
    const strict = new WebhookHttpClient(new SsrfGuard(false));
    await expect(strict.post(`${base}/hook`, '{}', {})).rejects.toBeInstanceOf(WebhookSendError);
    expect(hits).toEqual([]);
  });

  it('stops after three redirects', async () => {
    handler = (req, res) => res.writeHead(307, { Location: `${req.url}x` }).end();
    await expect(client().post(`${base}/loop`, '{}', {})).rejects.toThrow('More than 3 redirects');
    expect(hits).toHaveLength(4);
  });
});
