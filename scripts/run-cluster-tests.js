#!/usr/bin/env node
// `npm run test:cluster`: the specs whose Redis work matters most (checkout and holds, waitlist, worker, rate
// limits, the response cache and the token denylist's pub/sub) against a real three-master Redis Cluster (scripts/redis-cluster.js), through scripts/run-tests.js with
// REDIS_CLUSTER_NODES set. Results go to test-results/jest-cluster.json. The cluster is stopped however the run
// ends. Extra arguments go to jest (they replace the spec list when they name specs).
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');
const { start, stop } = require('./redis-cluster');

const SPECS = [
  'test/orders-holds.e2e-spec.ts',
  'test/orders-expiry.e2e-spec.ts',
  'test/waitlist.e2e-spec.ts',
  'test/worker.e2e-spec.ts',
  'test/rate-limit.e2e-spec.ts',
  'src/platform/rate-limit/rate-limit.store.spec.ts',
  'src/platform/cache/response-cache.spec.ts',
  'test/auth-revocation.e2e-spec.ts',
  'test/waiting-room.e2e-spec.ts',
];

async function main() {
  const args = process.argv.slice(2);
  const namesSpecs = args.some((a) => !a.startsWith('-'));
  const cluster = await start();
  let dropped = false;
  const drop = () => {
    if (dropped) return;
    dropped = true;
    stop(cluster.dir);
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      drop();
      process.exit(1);
    });
  }
  console.log(`Redis Cluster up: ${cluster.nodes}`);
  try {
    const run = spawnSync(
      process.execPath,
      [join(__dirname, 'run-tests.js'), ...(namesSpecs ? [] : SPECS), ...args],
      {
        stdio: 'inherit',
        env: { ...process.env, REDIS_CLUSTER_NODES: cluster.nodes, TEST_RUN_NAME: 'cluster' },
      },
    );
    return run.status ?? 1;
  } finally {
    drop();
  }
}

main().then(
  (status) => process.exit(status),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
