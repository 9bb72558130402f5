import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule, ProcessRole } from './app.module';
import { configureHttpApp } from './http-app';
import { AppConfig, loadConfig } from './platform/config/app-config';
import { ConfigValidationError } from './platform/config/environment';
import { migrate } from './platform/database/migrate';

function roleFromArgs(argv: string[]): ProcessRole {
  const arg = argv.find((a) => a.startsWith('--role='))?.slice('--role='.length) ?? 'all';
  if (arg !== 'api' && arg !== 'worker' && arg !== 'all')
    throw new Error(`Unknown --role=${arg}: use api, worker or all`);
  return arg;
}

/**
 * However the graceful stop goes, the process is gone this long after SIGTERM or SIGINT: every hook is bounded
 * by SHUTDOWN_GRACE_SECONDS, and this is the backstop should one of them still wait on a dead dependency.
 * Registered once the app is up, beside Nest's own shutdown hooks; before that a signal simply ends the boot.
 */
function exitDeadline(config: AppConfig): void {
  const ms = (config.shutdownGraceSeconds * 3 + 5) * 1000;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        console.error(`Shutdown did not finish within ${ms} ms of ${signal}; exiting`);
        process.exit(1);
      }, ms).unref();
    });
  }
}

async function bootstrap(): Promise<void> {
  const role = roleFromArgs(process.argv.slice(2));
  const config = loadConfig();
  await migrate(config);
  if (role === 'worker') {
    const app = await NestFactory.createApplicationContext(AppModule.forRole(role, config), {
      bufferLogs: true,
    });
    app.useLogger(app.get(Logger));
    app.enableShutdownHooks();
    await app.init();
    exitDeadline(config);
    app.get(Logger).log('Worker started');
    return;
  }
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRole(role, config), {
    bufferLogs: true,
    bodyParser: false,
  });
  configureHttpApp(app, config);
  await app.listen(config.port);
  exitDeadline(config);
  app
    .get(Logger)
    .log(`${role === 'all' ? 'API and worker' : 'API'} listening on :${config.port}; docs at /docs`);
}

bootstrap().catch((err: unknown) => {
  if (err instanceof ConfigValidationError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
