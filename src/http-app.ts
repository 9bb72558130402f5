import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { raw } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { API_PREFIX } from './platform/http/api-prefix';
import { finishOpenApiDocument, RESPONSE_HEADERS } from './platform/http/openapi-document';
import { API_KEY_SCHEME } from './platform/auth/api-key-access.decorator';
import { BEARER_SCHEME } from './platform/auth/auth.decorators';
import { HttpDrain } from './platform/http/http-drain';
import { inputGuard } from './platform/http/input-guard';
import { AllExceptionsFilter } from './platform/errors/all-exceptions.filter';
import { ERROR_DETAILS } from './platform/errors/error-details.dto';
import { ERROR_CODES } from './platform/errors/error-codes';
import { ErrorResponseDto } from './platform/errors/error-response.dto';
import { createValidationPipe } from './platform/errors/validation';
import { AppConfig } from './platform/config/app-config';
import { HttpMetrics } from './insight/metrics/http-metrics';
import { METRICS_TOKEN_SCHEME } from './insight/metrics/metrics.controller';

function errorCodeTable(): string {
  const rows = Object.entries(ERROR_CODES).map(
    ([code, e]) => `| \`${code}\` | ${e.status} | ${e.description} |`,
  );
  return ['| code | status | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

/** The document's tags, in the order Swagger UI shows them. */
const TAGS: Record<string, string> = {
  auth:
    'Accounts and sessions: register, sign in (with two-factor), verify the email, refresh tokens, list and end ' +
    'signed-in devices, passwords.',
  events: "The public catalog and the promoter's event lifecycle: draft, publish, cancel; live availability.",
  tiers: 'Ticket tiers of an event: price, capacity, sales window, per-order limits.',
  orders: 'Holds and their payment, cancellation and refunds. Idempotent with an `Idempotency-Key`.',
  tickets: 'Issued tickets, their signed codes and QR images.',
  'check-in': 'The door: check-in lists, scanning tickets, scanner devices and the attendee list.',
  scanner: 'Offline scanner devices (device tokens): the sync feed of ticket states and batches of scans.',
  transfers: 'Giving a ticket to someone else: the old code dies, the recipient gets a new one.',
  resale: "Face-value resale through the event's waitlist.",
  waitlist: 'Waiting for sold-out tiers, and claiming the offers of freed tickets.',
  promoters: 'Organisations that run events, and their teams.',
  'api-keys':
    "Promoters' API keys for integrations: scoped, shown once, revocable. Operations that accept a key list the " +
    'scope they need in `x-api-key-scope`.',
  reports: 'Sales figures for promoters and the platform.',
  admin: 'Platform operations: promoter review, users, the audit log, the email outbox and the queues.',
  payments: 'Calls from payment providers.',
  ops: "Probes and metrics for the platform's operators.",
  privacy: 'GDPR: a copy of everything about a user, and erasure of their personal data.',
  storage: 'Signed upload and download URLs of the local storage driver (the API hands them out).',
};

/**
 * The OpenAPI document: Nest's scan of the controllers, finished by the conventions of
 * `platform/http/openapi-document.ts`. Exported so `npm run openapi` builds it without listening.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Ticket Vendor API')
    .setDescription(
      [
        'Events with tiered tickets, holds on locked inventory, payments, signed QR tickets, check-in and waitlists.',
        '',
        'Errors always have the shape `{ statusCode, code, message, details?, requestId }`. Each operation lists the',
        'codes it can answer in `x-error-codes` and per response; each code has its own schema (`TierSoldOutError`,',
        '…) with the shape of its `details`. Any route may also answer `500 INTERNAL_ERROR` or',
        '`503 SERVICE_UNAVAILABLE` when the platform itself fails.',
        'Lists take `limit` (1–100, default 20) and `offset` and answer `{ items, total, limit, offset, hasNext }`.',
        'Money is an integer amount of minor units of the currency beside it; ids are UUIDs; instants are UTC ISO 8601.',
        '',
        '### Error codes',
        errorCodeTable(),
      ].join('\n'),
    )
    .setVersion('1')
    .addServer('/', 'The instance serving this document (locally: http://localhost:3000 with `npm start`)')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'An access token from `POST /auth/login`',
      },
      BEARER_SCHEME,
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description: 'A scanner device token (`tvd_…`), for the scanner routes',
      },
      'device',
    )
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: '`METRICS_TOKEN`, when the deployment sets one' },
      METRICS_TOKEN_SCHEME,
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'X-API-Key',
        description:
          "A promoter's API key (`tvk_…`) from `POST /promoters/{id}/api-keys`, in `X-API-Key` or as " +
          '`Authorization: Bearer tvk_…`. Only operations with `x-api-key-scope` accept it, and only when the key ' +
          'has that scope; it acts for its own promoter only.',
      },
      API_KEY_SCHEME,
    );
  for (const [name, description] of Object.entries(TAGS)) builder.addTag(name, description);
  const config = builder.build();
  // The project is UNLICENSED (package.json): no licence is granted.
  config.info.license = { name: 'Proprietary: all rights reserved' };
  const document = SwaggerModule.createDocument(app, config, {
    // Unreadable on purpose: every route names its operation in @ApiOperation, and the finish step refuses these.
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey}_${methodKey}`,
    extraModels: [ErrorResponseDto, ...Object.values(ERROR_DETAILS)],
  });
  return finishOpenApiDocument(document);
}

/** A worker-only app has no MetricsModule; `app.get` throws for a provider that is not there. */
function optional<T>(get: () => T): T | undefined {
  try {
    return get();
  } catch {
    return undefined;
  }
}

/** Every route under `/api/v1`, except the Swagger UI at `/docs`. */
export function applyApiPrefix(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: 'docs', method: RequestMethod.ALL }] });
}

/** Everything main.ts and the tests share: prefix, security headers, CORS, body limits, errors, Swagger. */
export function configureHttpApp(app: NestExpressApplication, config: AppConfig): void {
  app.useLogger(app.get(Logger));
  app.set('trust proxy', 1);
  // First, so the latency histogram also covers requests that helmet, CORS or the body parser refuse.
  const metrics = optional(() => app.get(HttpMetrics, { strict: false }));
  if (metrics) app.use(metrics.middleware());
  app.use(app.get(HttpDrain).middleware());
  applyApiPrefix(app);
  app.use(
    helmet({
      // Swagger UI needs inline scripts and styles on /docs only; the JSON API gets the strict default.
      contentSecurityPolicy: {
        directives: {
          'script-src': ["'self'", "'unsafe-inline'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
        },
      },
    }),
  );
  app.enableCors({
    origin: config.http.corsOrigins.length > 0 ? config.http.corsOrigins : false,
    credentials: true,
    // What a browser client may read: every response header the document declares.
    exposedHeaders: Object.keys(RESPONSE_HEADERS),
  });
  // Stripe signs the exact bytes it sends: its webhook gets the raw body (a Buffer), and the JSON parser below
  // then skips the already-read request.
  app.use(`/${API_PREFIX}/webhooks/stripe`, raw({ type: () => true, limit: config.http.bodyLimit }));
  // The local storage driver's signed uploads are raw bytes of any type, up to their own limit.
  app.use(`/${API_PREFIX}/storage`, raw({ type: () => true, limit: config.storage.maxUploadBytes }));
  app.useBodyParser('json', { limit: config.http.bodyLimit });
  app.useBodyParser('urlencoded', { limit: config.http.bodyLimit, extended: false });
  // Before authentication, interceptors and the validation pipe: too deep, NUL or lone surrogates are a 400.
  app.use(inputGuard());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    // Tags start folded: the list is long (over 130 operations), and Swagger UI 5.33 stops rendering a document
    // of more than 128 operations when every tag starts open (test/browser.e2e-spec.ts).
    swaggerOptions: { persistAuthorization: true, docExpansion: 'none' },
  });
}
