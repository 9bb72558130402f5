import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { AfterCommitSubscriber } from './after-commit';
import { SnakeNamingStrategy } from './snake-naming.strategy';

// `dist/src/platform/database` when built, `src/platform/database` under ts-jest: entities and migrations sit beside it.
const srcDir = join(__dirname, '..', '..');
const migrationsDir = join(__dirname, '..', '..', '..', 'migrations');

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
    extra: { max: config.database.poolSize, application_name: 'ticket-vendor-api' },
    // Failed queries are logged, except in the test run (LOG_LEVEL=silent), where many fail on purpose.
    logging: config.logLevel === 'silent' ? false : ['error'],
  };
}
