import createClient, { type Middleware } from 'openapi-fetch';
import type { components, operations, paths } from './schema';

export type { components, operations, paths };

/** A schema of the API by name: `Schema<'Order'>`, `Schema<'InsufficientInventoryError'>`. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

/** Every error code the API answers with (`ErrorResponse.code`). */
export type ErrorCode = Schema<'ErrorCode'>;

export interface TicketVendorClientOptions {
  /** Where the API runs, e.g. `https://tickets.example.com`; the paths already start with `/api/v1`. */
  baseUrl: string;
  /** The current access token, read before every request, so a refreshed token is picked up at once. */
  accessToken?: () => string | undefined;
  /** A `fetch` of your own (tests, instrumentation). */
  fetch?: (request: Request) => Promise<Response>;
}

/**
 * A typed client of the Ticket Vendor API: `openapi-fetch` over the types `openapi-typescript` generates from
 * openapi.json (`npm run client:generate`). Every call returns `{ data, error, response }`, where `error` is the
 * union of the error schemas the operation declares, discriminated by `code`.
 */
export function createTicketVendorClient(options: TicketVendorClientOptions) {
  const client = createClient<paths>({
    baseUrl: options.baseUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const bearer: Middleware = {
    onRequest({ request }) {
      const token = options.accessToken?.();
      if (token && !request.headers.has('Authorization'))
        request.headers.set('Authorization', `Bearer ${token}`);
      return request;
    },
  };
  client.use(bearer);
  return client;
}

export type TicketVendorClient = ReturnType<typeof createTicketVendorClient>;
