// Runs before each test file, in its jest worker. Every worker has its own database, cloned from the migrated
// template by scripts/run-tests.js, and its own Redis database index, so files in different workers never see
// each other's rows, queues or sweeps. A Redis Cluster has only database 0: there each worker has its own key
// prefix instead (REDIS_KEY_PREFIX, which BullMQ's prefix carries too).
const worker = Number(process.env.JEST_WORKER_ID ?? 1);
const prefix = process.env.TEST_DATABASE_URL_PREFIX;
if (prefix) process.env.DATABASE_URL = `${prefix}_w${worker}`;
// The read-replica run (scripts/test-replica.sh): the same database on the streaming replica of the primary.
const replica = process.env.TEST_READ_REPLICA_URL;
if (prefix && replica) {
  const read = new URL(replica);
  read.pathname = new URL(process.env.DATABASE_URL as string).pathname;
  process.env.DATABASE_READ_URL = read.toString();
}
const base = Number(process.env.TEST_REDIS_DB_BASE ?? 1);
if (process.env.REDIS_CLUSTER_NODES) {
  process.env.REDIS_KEY_PREFIX = `test-w${base + worker - 1}:`;
} else if (process.env.REDIS_URL && !/\/\d+$/.test(process.env.REDIS_URL)) {
  process.env.REDIS_URL = `${process.env.REDIS_URL}/${((base + worker - 1) % 15) + 1}`;
}
