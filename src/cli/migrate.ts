import 'reflect-metadata';
import { loadConfig } from '../platform/config/app-config';
import { ConfigValidationError } from '../platform/config/environment';
import { migrate } from '../platform/database/migrate';

/**
 * `npm run migrate` and the docker compose `migrate` service: creates the database if it is missing and
 * applies pending migrations, then exits. The API also migrates at boot; this lets a deployment do it once,
 * before any instance starts.
 */
async function main(): Promise<void> {
  const applied = await migrate(loadConfig());
  console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'No pending migrations');
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigValidationError ? err.message : err);
  process.exit(1);
});
