import { Logger } from '@nestjs/common';
import { join } from 'node:path';
import { Client, ClientConfig } from 'pg';
import { DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { AfterCommitSubscriber } from './after-commit';
import { SnakeNamingStrategy } from './snake-naming.strategy';

// `dist/src/platform/database` when built, `src/platform/database` under ts-jest: entities and migrations sit beside it.
const srcDir = join(__dirname, '..', '..');
const migrationsDir = join(__dirname, '..', '..', '..', 'migrations');

const logger = new Logger('Postgres');

/**
 * A pg client that always listens for 'error'. A terminated backend (`pg_terminate_backend`, a failover) can
 * make a client emit 'error' after TypeORM has released it and removed its own listener, and an 'error' with
 * no listener kills the process. The pool still drops such a client; this only keeps the process alive.
 */
export class GuardedClient extends Client {
  constructor(config?: string | ClientConfig) {
    super(config);
    this.on('error', (err: Error) => logger.warn({ err }, 'Postgres connection lost'));
  }
}

/** One set of options for the app, the worker, the CLI and the tests. */
export function dataSourceOptions(config: AppConfig): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.database.url,
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    uuidExtension: 'pgcrypto',
    migrationsRun: false,
    subscribers: [AfterCommitSubscriber],
    entities: [join(srcDir, '**', '*.entity.{js,ts}')],
    migrations: [join(migrationsDir, '*.{js,ts}')],
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    extra: { max: config.database.poolSize, application_name: 'ticket-vendor-api', Client: GuardedClient },
    // Failed queries are logged, except in the test run (LOG_LEVEL=silent), where many fail on purpose.
    logging: config.logLevel === 'silent' ? false : ['error'],
  };
}
