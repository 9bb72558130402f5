import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ensureDatabase } from '../src/platform/database/ensure-database';
import { AppProcess, RedisServer } from './support/processes';

/** The database URL of `name` on the test server. */
function urlOf(name: string): string {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: urlOf('postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Issue 10, item 5: "two --role=api and one --role=worker started at once on a missing database: one exits with
 * 23505". Postgres reports a concurrent CREATE DATABASE as a unique violation, not only as 42P04.
 */
describe('instances that boot together on a missing database', () => {
  const created: string[] = [];
  const processes: AppProcess[] = [];
  let redis: RedisServer;

  beforeAll(async () => {
    redis = await RedisServer.start();
  });

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop('SIGKILL')));
    await redis.stop();
    for (const name of created) await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });

  const freshName = () => {
    const name = `tv_race_${randomBytes(5).toString('hex')}`;
    created.push(name);
    return name;
  };

  it('ensureDatabase: eight callers at once all succeed on one database', async () => {
    const name = freshName();
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => ensureDatabase(urlOf(name))));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
  });

  it('two APIs and a worker started together all come up, migrated once', async () => {
    const name = freshName();
    const env = { DATABASE_URL: urlOf(name), REDIS_URL: redis.url };
    const started = await Promise.allSettled([
      AppProcess.start({ role: 'api', env }),
      AppProcess.start({ role: 'api', env }),
      AppProcess.start({ role: 'worker', env }),
    ]);
    for (const s of started) if (s.status === 'fulfilled') processes.push(s.value);
    expect(started.map((s) => (s.status === 'rejected' ? String(s.reason) : 'up'))).toEqual([
      'up',
      'up',
      'up',
    ]);

    const client = new Client({ connectionString: urlOf(name) });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string; n: number }>(
        'SELECT name, count(*)::int AS n FROM typeorm_migrations GROUP BY name HAVING count(*) > 1',
      );
      expect(rows).toEqual([]);
    } finally {
      await client.end();
    }
    for (const p of processes) {
      if (!p.baseUrl) continue;
      expect((await fetch(`${p.baseUrl}/api/v1/health/ready`)).status).toBe(200);
    }
  }, 120_000);
});
