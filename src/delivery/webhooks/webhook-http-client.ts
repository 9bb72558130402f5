import { request as httpRequest, IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { ResolvedAddress, SsrfGuard } from './ssrf-guard';

/** A receiver gets this long to answer, redirects included. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** At most this much of a response is read; the rest is never downloaded. */
export const RESPONSE_CAP_BYTES = 64 * 1024;
/** How much of the response the delivery log keeps. */
export const RESPONSE_EXCERPT_CHARS = 1024;
const MAX_REDIRECTS = 3;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export interface WebhookResponse {
  status: number;
  /** The start of the body (at most RESPONSE_EXCERPT_CHARS). */
  body: string;
  /** Seconds, from a `Retry-After` header in seconds. */
  retryAfterSeconds: number | null;
}

/** The attempt got no HTTP answer: refused by the guard, a network error, a timeout, too many redirects. */
export class WebhookSendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookSendError';
  }
}

/** Connects to the address the guard checked, whatever a second DNS lookup would say. */
const pinned =
  (resolved: ResolvedAddress): LookupFunction =>
  (_hostname, options, callback) => {
    if (options.all) callback(null, [resolved]);
    else callback(null, resolved.address, resolved.family);
  };

function retryAfter(res: IncomingMessage): number | null {
  const header = res.headers['retry-after'];
  const seconds = header && /^\d+$/.test(header) ? Number(header) : NaN;
  return Number.isFinite(seconds) ? seconds : null;
}

/**
 * POSTs a signed webhook. Every hop (the URL and each redirect) goes through the SSRF guard; the whole exchange
 * has one 10-second budget; the response is read up to a cap and the connection dropped after that.
 */
export class WebhookHttpClient {
  constructor(
    private readonly guard: SsrfGuard,
    private readonly timeoutMs = WEBHOOK_TIMEOUT_MS,
  ) {}

  async post(url: string, body: string, headers: Record<string, string>): Promise<WebhookResponse> {
    const deadline = Date.now() + this.timeoutMs;
    let target = new URL(url);
    for (let hop = 0; ; hop++) {
      if (target.protocol !== 'http:' && target.protocol !== 'https:')
        throw new WebhookSendError(`Refused to follow a redirect to ${target.protocol} ${target.host}`);
      let resolved: ResolvedAddress;
      try {
        resolved = await this.guard.resolve(target.hostname);
      } catch (err) {
        throw new WebhookSendError(`Refused: ${(err as Error).message}`);
      }
      const { response, location } = await this.send(target, resolved, body, headers, deadline);
      if (!REDIRECTS.has(response.status) || !location) return response;
      if (hop >= MAX_REDIRECTS) throw new WebhookSendError(`More than ${MAX_REDIRECTS} redirects`);
      target = new URL(location, target);
    }
  }

  private send(
    url: URL,
    resolved: ResolvedAddress,
    body: string,
    headers: Record<string, string>,
    deadline: number,
  ): Promise<{ response: WebhookResponse; location?: string }> {
    return new Promise((resolve, reject) => {
      const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = request(url, {
        method: 'POST',
        lookup: pinned(resolved),
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'TicketVendor-Webhooks/1',
        },
      });
      const timer = setTimeout(
        () => req.destroy(new WebhookSendError(`No answer within ${this.timeoutMs / 1000} s`)),
        Math.max(0, deadline - Date.now()),
      );
      const fail = (err: Error) => {
        clearTimeout(timer);
        reject(err instanceof WebhookSendError ? err : new WebhookSendError(err.message));
      };
      req.on('error', fail);
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString('utf8').slice(0, RESPONSE_EXCERPT_CHARS);
          resolve({
            response: { status: res.statusCode ?? 0, body: text, retryAfterSeconds: retryAfter(res) },
            location: res.headers.location,
          });
        };
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (chunks.length === 0 || size - chunk.length < RESPONSE_EXCERPT_CHARS) chunks.push(chunk);
          if (size > RESPONSE_CAP_BYTES) {
            // Enough: the status is known and the log keeps only the start. Drop the rest unread.
            res.destroy();
            finish();
          }
        });
        res.on('end', finish);
        res.on('error', fail);
      });
      req.end(body);
    });
  }
}
