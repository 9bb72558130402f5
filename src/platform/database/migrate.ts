import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { ensureDatabase } from './ensure-database';

const MIGRATION_LOCK_KEY = 727_001;

/**
 * Creates the database if needed and applies pending migrations. An advisory lock makes concurrent starts
 * (several instances booting at once) take turns instead of racing.
 */
export async function migrate(config: AppConfig): Promise<string[]> {
  await ensureDatabase(config.database.url);
  const options = dataSourceOptions(config);
  const ds = new DataSource({ ...options, extra: { ...options.extra, max: 2 } });
  await ds.initialize();
  const runner = ds.createQueryRunner();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
    await ds.destroy();
  }
}
