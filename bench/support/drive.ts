import autocannon from 'autocannon';

export interface DriveResult {
  concurrency: number;
  requests: number;
  accepted: number;
  /** Accepted holds per second, from the first request to the last accepted hold. */
  holdsPerSecond: number;
  secondsToSellOut: number;
  latencyMs: { p50: number; p95: number; p99: number };
  acceptedLatencyMs: { p50: number; p95: number; p99: number };
  statuses: Record<string, number>;
  errorsByCode: Record<string, number>;
  serverErrors: number;
}

function percentiles(values: number[]): { p50: number; p95: number; p99: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : 0;
  const r = (x: number) => Math.round(x * 10) / 10;
  return { p50: r(at(0.5)), p95: r(at(0.95)), p99: r(at(0.99)) };
}

/**
 * Drives `POST /orders` for one tier at `concurrency` open connections, one unit per order, the buyers taken
 * round-robin, until `amount` requests are answered (enough to sell the tier out and see the refusals). With
 * `code`, every order carries it.
 */
export async function drive(options: {
  baseUrl: string;
  eventId: string;
  tierId: string;
  tokens: string[];
  concurrency: number;
  amount: number;
  code?: string;
}): Promise<DriveResult> {
  const body = JSON.stringify({
    eventId: options.eventId,
    items: [{ tierId: options.tierId, quantity: 1 }],
    ...(options.code ? { code: options.code } : {}),
  });
  let next = 0;
  const statuses: Record<string, number> = {};
  const errorsByCode: Record<string, number> = {};
  const latencies: number[] = [];
  const acceptedLatencies: number[] = [];
  let lastAccepted = 0;
  const started = Date.now();
  const opts: autocannon.Options = {
    url: options.baseUrl,
    connections: options.concurrency,
    amount: options.amount,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/orders',
        setupRequest: (req) => ({
          ...req,
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${options.tokens[next++ % options.tokens.length]}`,
          },
          body,
        }),
        onResponse: (status, resBody) => {
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (status === 201) {
            lastAccepted = Date.now();
            return;
          }
          let code = `HTTP_${status}`;
          try {
            code = (JSON.parse(resBody) as { code?: string }).code ?? code;
          } catch {
            // Not JSON: keep the status.
          }
          errorsByCode[code] = (errorsByCode[code] ?? 0) + 1;
        },
      },
    ],
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(opts, (err: unknown, res: autocannon.Result) =>
      err ? reject(err) : resolve(res),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      if (statusCode === 201) acceptedLatencies.push(responseTime);
    });
  });
  const accepted = statuses['201'] ?? 0;
  const seconds = Math.max(0.001, ((lastAccepted || Date.now()) - started) / 1000);
  return {
    concurrency: options.concurrency,
    requests: result.requests.total,
    accepted,
    holdsPerSecond: Math.round((accepted / seconds) * 10) / 10,
    secondsToSellOut: Math.round(seconds * 100) / 100,
    latencyMs: percentiles(latencies),
    acceptedLatencyMs: percentiles(acceptedLatencies),
    statuses,
    errorsByCode,
    serverErrors: Object.entries(statuses)
      .filter(([s]) => Number(s) >= 500)
      .reduce((n, [, c]) => n + c, 0),
  };
}
