import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, IncomingMessage, request, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

const ACCESS_KEY = 'S3RVER';
const SECRET_KEY = 'S3RVER';

const rfc3986 = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

interface SignedRequest {
  credential: string;
  signedHeaders: string[];
  signature: string;
  date: string;
  payloadHash: string;
}

/** The SigV4 parts of a request, from its Authorization header or its presigned query. */
function signedParts(req: IncomingMessage, query: URLSearchParams): SignedRequest | null {
  const auth = req.headers.authorization;
  if (auth) {
    const parts = Object.fromEntries(
      auth
        .replace(/^AWS4-HMAC-SHA256\s+/, '')
        .split(/,\s*/)
        .map((p) => p.split('=') as [string, string]),
    );
    return {
      credential: parts.Credential,
      signedHeaders: parts.SignedHeaders.split(';'),
      signature: parts.Signature,
      date: String(req.headers['x-amz-date']),
      payloadHash: String(req.headers['x-amz-content-sha256'] ?? 'UNSIGNED-PAYLOAD'),
    };
  }
  if (query.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') return null;
  return {
    credential: query.get('X-Amz-Credential') ?? '',
    signedHeaders: (query.get('X-Amz-SignedHeaders') ?? '').split(';'),
    signature: query.get('X-Amz-Signature') ?? '',
    date: query.get('X-Amz-Date') ?? '',
    payloadHash: 'UNSIGNED-PAYLOAD',
  };
}

/** Whether the request carries a valid AWS Signature Version 4 for the test key pair. */
function signatureValid(req: IncomingMessage): boolean {
  const url = new URL(req.url ?? '/', 'http://s3');
  const signed = signedParts(req, url.searchParams);
  if (!signed) return false;
  const [, day, region, service] = signed.credential.split('/');
  const query = [...url.searchParams.entries()]
    .filter(([k]) => k !== 'X-Amz-Signature')
    .map(([k, v]) => [rfc3986(k), rfc3986(v)])
    .sort(([a, x], [b, y]) => (a === b ? x.localeCompare(y) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const headers = signed.signedHeaders
    .map(
      (h) =>
        `${h}:${String(req.headers[h] ?? '')
          .trim()
          .replace(/\s+/g, ' ')}\n`,
    )
    .join('');
  const canonical = [
    req.method,
    url.pathname,
    query,
    headers,
    signed.signedHeaders.join(';'),
    signed.payloadHash,
  ].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', signed.date, scope, sha256(canonical)].join('\n');
  const key = ['aws4_request'].reduce(
    (k, part) => hmac(k, part),
    hmac(hmac(hmac(`AWS4${SECRET_KEY}`, day), region), service),
  );
  return hmac(key, toSign).toString('hex') === signed.signature;
}

/**
 * A local S3-compatible server on a free loopback port, with one bucket, its data in a temporary folder: s3rver
 * behind a small proxy that checks each request's SigV4 signature (header or presigned), which s3rver itself
 * does not. A request whose signature does not match (another Content-Type than signed, a forged URL) gets S3's
 * `403 SignatureDoesNotMatch`.
 */
export class LocalS3 {
  readonly bucket = 'tv-test';
  endpoint = '';
  private s3rver?: S3rver;
  private proxy?: Server;
  private dir?: string;

  async start(): Promise<Record<string, string>> {
    this.dir = mkdtempSync(join(tmpdir(), 'tv-s3-'));
    this.s3rver = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: this.dir,
      configureBuckets: [{ name: this.bucket, configs: [] }],
    });
    const { port: s3rverPort } = await this.s3rver.run();
    this.proxy = createServer((req, res) => this.forward(req, res, s3rverPort));
    await new Promise<void>((resolve) => this.proxy!.listen(0, '127.0.0.1', resolve));
    this.endpoint = `http://127.0.0.1:${(this.proxy.address() as AddressInfo).port}`;
    return this.env;
  }

  /** The app's variables for the s3 driver against this server. */
  get env(): Record<string, string> {
    return {
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: this.endpoint,
      S3_REGION: 'us-east-1',
      S3_BUCKET: this.bucket,
      S3_ACCESS_KEY_ID: ACCESS_KEY,
      S3_SECRET_ACCESS_KEY: SECRET_KEY,
      S3_FORCE_PATH_STYLE: 'true',
    };
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => (this.proxy ? this.proxy.close(resolve) : resolve(undefined)));
    await this.s3rver?.close();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }

  private forward(req: IncomingMessage, res: ServerResponse, port: number): void {
    if (!signatureValid(req)) {
      req.resume();
      res.writeHead(403, { 'Content-Type': 'application/xml' });
      res.end('<?xml version="1.0"?><Error><Code>SignatureDoesNotMatch</Code></Error>');
      return;
    }
    const upstream = request(
      { host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  }
}
