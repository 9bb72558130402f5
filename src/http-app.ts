import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { raw } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { API_PREFIX } from './platform/http/api-prefix';
import { HttpDrain } from './platform/http/http-drain';
import { inputGuard } from './platform/http/input-guard';
import { AllExceptionsFilter } from './platform/errors/all-exceptions.filter';
import { ERROR_CODES } from './platform/errors/error-codes';
import { createValidationPipe } from './platform/errors/validation';
import { AppConfig } from './platform/config/app-config';
import { HttpMetrics } from './insight/metrics/http-metrics';

function errorCodeTable(): string {
  const rows = Object.entries(ERROR_CODES).map(
    ([code, e]) => `| \`${code}\` | ${e.status} | ${e.description} |`,
  );
  return ['| code | status | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

/** The OpenAPI document. Exported so tests and scripts can build it without listening. */
export function buildOpenApiDocument(app: INestApplication) {
  const config = new DocumentBuilder()
    .setTitle('Ticket Vendor API')
    .setDescription(
      [
        'Events with tiered tickets, holds on locked inventory, payments, signed QR tickets, check-in and waitlists.',
        '',
        'Errors always have the shape `{ statusCode, code, message, details?, requestId }`.',
        'Lists take `limit` (1–100) and `offset` and answer `{ items, total, limit, offset, hasNext }`.',
        '',
        '### Error codes',
        errorCodeTable(),
      ].join('\n'),
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  return SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controllerKey, methodKey) =>
      `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
}

/** A worker-only app has no MetricsModule; `app.get` throws for a provider that is not there. */
function optional<T>(get: () => T): T | undefined {
  try {
    return get();
  } catch {
    return undefined;
  }
}

/** Everything main.ts and the tests share: prefix, security headers, CORS, body limits, errors, Swagger. */
export function configureHttpApp(app: NestExpressApplication, config: AppConfig): void {
  app.useLogger(app.get(Logger));
  app.set('trust proxy', 1);
  // First, so the latency histogram also covers requests that helmet, CORS or the body parser refuse.
  const metrics = optional(() => app.get(HttpMetrics, { strict: false }));
  if (metrics) app.use(metrics.middleware());
  app.use(app.get(HttpDrain).middleware());
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [{ path: 'docs', method: RequestMethod.ALL }],
  });
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
    exposedHeaders: ['X-Request-Id', 'Retry-After'],
  });
  // Stripe signs the exact bytes it sends: its webhook gets the raw body (a Buffer), and the JSON parser below
  // then skips the already-read request.
  app.use(`/${API_PREFIX}/webhooks/stripe`, raw({ type: () => true, limit: config.http.bodyLimit }));
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
    swaggerOptions: { persistAuthorization: true },
  });
}
