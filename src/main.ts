import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule, ProcessRole } from './app.module';
import { configureHttpApp } from './http-app';
import { loadConfig } from './platform/config/app-config';
import { ConfigValidationError } from './platform/config/environment';
import { migrate } from './platform/database/migrate';

function roleFromArgs(argv: string[]): ProcessRole {
  const arg = argv.find((a) => a.startsWith('--role='))?.slice('--role='.length) ?? 'all';
  if (arg !== 'api' && arg !== 'worker' && arg !== 'all')
    throw new Error(`Unknown --role=${arg}: use api, worker or all`);
  return arg;
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
    app.get(Logger).log('Worker started');
    return;
  }
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRole(role, config), {
    bufferLogs: true,
    bodyParser: false,
  });
  configureHttpApp(app, config);
  await app.listen(config.port);
  app
    .get(Logger)
    .log(`${role === 'all' ? 'API and worker' : 'API'} listening on :${config.port}; docs at /docs`);
}

bootstrap().catch((err: unknown) => {
  if (err instanceof ConfigValidationError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
