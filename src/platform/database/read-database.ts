import { Global, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';

/**
 * Where reads that may lag behind the primary go: the public catalogue and the reports. It is the streaming
 * replica named by `DATABASE_READ_URL`, or the primary itself when that is unset. It is injected only where a
 * stale answer is harmless, so nothing else can read from the replica by accident: inventory decisions, holds,
 * payments, ownership checks and every read of one's own writes take the primary's `DataSource`.
 */
export class ReadDatabase {
  constructor(
    /** A manager for plain reads (no transactions, no locks: a replica refuses writes). */
    readonly manager: EntityManager,
    /** True when reads go to a replica. */
    readonly isReplica: boolean,
    private readonly own?: DataSource,
  ) {}

  async close(): Promise<void> {
    if (this.own?.isInitialized) await this.own.destroy();
  }
}

const logger = new Logger('ReadDatabase');

async function connect(config: AppConfig, primary: DataSource): Promise<ReadDatabase> {
  if (!config.database.readUrl) return new ReadDatabase(primary.manager, false);
  const options = dataSourceOptions(config) as PostgresDataSourceOptions;
  const replica = new DataSource({
    ...options,
    url: config.database.readUrl,
    // The primary's entities, so a query builder reads the same mapping on both.
    entities: primary.entityMetadatas.map((m) => m.target),
    migrations: [],
    subscribers: [],
    extra: { ...options.extra, application_name: 'ticket-vendor-api-read' },
  });
  await replica.initialize();
  logger.log('catalog reads and reports go to the read replica (DATABASE_READ_URL)');
  return new ReadDatabase(replica.manager, true, replica);
}

@Global()
@Module({
  providers: [{ provide: ReadDatabase, inject: [AppConfig, getDataSourceToken()], useFactory: connect }],
  exports: [ReadDatabase],
})
export class ReadDatabaseModule implements OnApplicationShutdown {
  constructor(private readonly read: ReadDatabase) {}

  async onApplicationShutdown(): Promise<void> {
    await this.read.close();
  }
}
