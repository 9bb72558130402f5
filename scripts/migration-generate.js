#!/usr/bin/env node
// `npm run migration:generate -- Name`: diffs the entities against a fresh database with every migration
// applied, and writes migrations/<timestamp>-Name.ts. Run `npm run format` afterwards.
const { spawnSync } = require('node:child_process');
const { createDatabase, dropDatabase } = require('./test-db');

async function main() {
  const name = process.argv[2];
  const check = name === '--check';
  if (!name) throw new Error('usage: npm run migration:generate -- <Name>');
  const db = await createDatabase('tv_migration');
  const env = { ...process.env, DATABASE_URL: db.url, NODE_ENV: 'development' };
  const typeorm = (args) =>
    spawnSync(process.execPath, ['node_modules/typeorm/cli.js', '-d', 'dist/src/platform/database/data-source.js', ...args], {
      stdio: 'inherit',
      env,
    }).status;
  try {
    if (typeorm(['migration:run']) !== 0) throw new Error('migration:run failed');
    const status = check
      ? typeorm(['migration:generate', 'migrations/Drift', '--check'])
      : typeorm(['migration:generate', `migrations/${name}`]);
    if (check && status !== 0) console.error('Entities and migrations have drifted: run npm run migration:generate');
    process.exitCode = status ?? 1;
  } finally {
    await dropDatabase(db.name);
  }
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
