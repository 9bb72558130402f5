#!/usr/bin/env node
// `npm test`: a fresh database per run, migrations applied from the build, jest against real Postgres and
// Redis, and the database dropped afterwards. Extra arguments go to jest (e.g. `npm test -- auth`).
const { spawnSync } = require('node:child_process');
const { mkdirSync } = require('node:fs');
const { join } = require('node:path');
const { createDatabase, dropDatabase } = require('./test-db');

async function main() {
  const db = await createDatabase('tv_test');
  const redisBase = new URL(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
  // Each run (and each jest worker, see test/app.ts) gets its own Redis database index, so FLUSHDB in one
  // test cannot disturb another run on the same machine.
  const redisDbBase = 1 + Math.floor(Math.random() * 12);
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    REDIS_URL: `${redisBase.protocol}//${redisBase.host}`,
    TEST_REDIS_DB_BASE: String(redisDbBase),
    LOG_LEVEL: process.env.LOG_LEVEL || 'silent',
  };
  let status = 1;
  try {
    const migrate = spawnSync(
      process.execPath,
      ['-e', "require('./dist/src/platform/database/migrate').migrate(require('./dist/src/platform/config/app-config').loadConfig()).then(m => console.log('migrations applied: ' + m.length)).catch(e => { console.error(e); process.exit(1); })"],
      { stdio: 'inherit', env },
    );
    if (migrate.status !== 0) throw new Error('migrations failed');
    mkdirSync('test-results', { recursive: true });
    const jest = spawnSync(
      process.execPath,
      [
        join('node_modules', 'jest', 'bin', 'jest.js'),
        '--json',
        '--outputFile=test-results/jest.json',
        ...process.argv.slice(2),
      ],
      { stdio: 'inherit', env },
    );
    status = jest.status ?? 1;
  } finally {
    await dropDatabase(db.name).catch((e) => console.error(`could not drop ${db.name}: ${e.message}`));
  }
  process.exit(status);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
