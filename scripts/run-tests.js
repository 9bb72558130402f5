#!/usr/bin/env node
// `npm test`: migrations applied once to a template database, one clone of it per jest worker
// (`CREATE DATABASE … TEMPLATE`), jest against real Postgres and Redis, and every database dropped afterwards.
// Extra arguments go to jest (e.g. `npm test -- auth`, `npm test -- --maxWorkers=1`).
// TEST_RUN_NAME=<name> writes test-results/jest-<name>.json and contract-<name>.json instead of jest.json and
// contract.json, so a second run (scripts/run-cluster-tests.js, scripts/test-replica.sh) keeps the first one's results.
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { availableParallelism } = require('node:os');
const { join } = require('node:path');
const { adminQuery, createDatabase, dropDatabase } = require('./test-db');

/** How many workers jest will run: what the arguments say, otherwise one per core (jest.config.js: 100%). */
function workerCount(args) {
  if (args.some((a) => a === '-i' || a === '--runInBand')) return 1;
  const i = args.findIndex((a) => a === '-w' || a === '--maxWorkers');
  const given = i >= 0 ? args[i + 1] : args.find((a) => a.startsWith('--maxWorkers='))?.split('=')[1];
  const cores = availableParallelism();
  if (!given) return cores;
  return Math.max(1, given.endsWith('%') ? Math.floor((cores * parseInt(given, 10)) / 100) : parseInt(given, 10));
}

const RUN_SUFFIX = process.env.TEST_RUN_NAME ? `-${process.env.TEST_RUN_NAME}` : '';
const CONTRACT_LOG = join('test-results', `contract${RUN_SUFFIX}.jsonl`);

/**
 * Adds up what test/support/contract.ts appended (responses checked against openapi.json, per operation and
 * status) into test-results/contract.json, with the documented operations no test reached.
 */
function summarizeContract() {
  if (!existsSync(CONTRACT_LOG)) return;
  const byResponse = {};
  for (const line of readFileSync(CONTRACT_LOG, 'utf8').split('\n').filter(Boolean)) {
    for (const [key, n] of Object.entries(JSON.parse(line).counts)) byResponse[key] = (byResponse[key] ?? 0) + n;
  }
  const document = JSON.parse(readFileSync('openapi.json', 'utf8'));
  const operations = Object.values(document.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
  const reached = new Set(Object.keys(byResponse).map((key) => key.split(' ')[0]));
  const summary = {
    responsesValidated: Object.values(byResponse).reduce((a, b) => a + b, 0),
    operations: operations.length,
    operationsReached: operations.filter((id) => reached.has(id)).length,
    notReached: operations.filter((id) => !reached.has(id)),
    byResponse: Object.fromEntries(Object.entries(byResponse).sort(([a], [b]) => a.localeCompare(b))),
  };
  writeFileSync(join('test-results', `contract${RUN_SUFFIX}.json`), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(
    `contract: ${summary.responsesValidated} responses validated against openapi.json ` +
      `(${Object.keys(byResponse).length} operation/status pairs; ${summary.operationsReached} of ` +
      `${summary.operations} operations reached), see test-results/contract${RUN_SUFFIX}.json`,
  );
}

async function main() {
  const args = process.argv.slice(2);
  const template = await createDatabase('tv_test');
  const workers = workerCount(args);
  const clones = Array.from({ length: workers }, (_, i) => `${template.name}_w${i + 1}`);
  const redisBase = new URL(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: template.url,
    TEST_DATABASE_URL_PREFIX: template.url,
    REDIS_URL: `${redisBase.protocol}//${redisBase.host}`,
    // Each worker adds its id to this base (test/setup-env.ts). Set it to keep concurrent runs on one machine
    // apart for sure; otherwise a random base makes a clash unlikely.
    TEST_REDIS_DB_BASE: process.env.TEST_REDIS_DB_BASE || String(1 + Math.floor(Math.random() * 12)),
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
    for (const name of clones) await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${template.name}"`);
    console.log(`${workers} jest worker(s), each on its own clone of ${template.name}`);
    mkdirSync('test-results', { recursive: true });
    rmSync(CONTRACT_LOG, { force: true });
    const jest = spawnSync(
      process.execPath,
      [join('node_modules', 'jest', 'bin', 'jest.js'), '--json', `--outputFile=test-results/jest${RUN_SUFFIX}.json`, ...args],
      { stdio: 'inherit', env },
    );
    status = jest.status ?? 1;
    summarizeContract();
  } finally {
    for (const name of [...clones, template.name]) {
      await dropDatabase(name).catch((e) => console.error(`could not drop ${name}: ${e.message}`));
    }
  }
  process.exit(status);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
