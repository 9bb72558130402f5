import { Client } from 'pg';

/**
 * How Postgres refuses a CREATE DATABASE that another process ran at the same moment: 42P04 (duplicate_database)
 * when the other one had committed, 23505 (unique_violation on pg_database's name index) when both were
 * inserting the catalog row together.
 */
const ALREADY_CREATED = new Set(['42P04', '23505']);

/**
 * Creates the database named in `url` when it is missing, so a fresh machine needs no manual step. Any number
 * of processes may run it at once: whoever loses the race finds the database made by the winner.
 */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } catch (err) {
    if (!ALREADY_CREATED.has(String((err as { code?: string }).code))) throw err;
  } finally {
    await client.end();
  }
}
