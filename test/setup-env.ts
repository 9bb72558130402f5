// Runs before each test file: every jest worker gets its own Redis database index (see scripts/run-tests.js),
// so a FLUSHDB in one file cannot disturb a file running in the other worker.
const base = Number(process.env.TEST_REDIS_DB_BASE ?? 1);
const worker = Number(process.env.JEST_WORKER_ID ?? 1);
if (process.env.REDIS_URL && !/\/\d+$/.test(process.env.REDIS_URL)) {
  process.env.REDIS_URL = `${process.env.REDIS_URL}/${((base + worker - 1) % 15) + 1}`;
}
