#!/usr/bin/env node
// A throwaway local Redis Cluster from Debian's redis-server: three masters on free loopback ports, in a temp
// directory, nothing saved to disk.
//   eval "$(node scripts/redis-cluster.js start)"   # exports REDIS_CLUSTER_NODES and REDIS_CLUSTER_DIR
//   node scripts/redis-cluster.js stop [dir]        # the dir `start` printed (default: $REDIS_CLUSTER_DIR)
// scripts/run-cluster-tests.js uses start() and stop() directly.
const { execFileSync, spawnSync } = require('node:child_process');
const { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const MASTERS = 3;
const STATE_FILE = 'cluster.json';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** True when nothing listens on 127.0.0.1:port. */
function portFree(port) {
  return new Promise((resolve) => {
    const server = createServer()
      .once('error', () => resolve(false))
      .listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A port whose cluster bus port (port + 10000) is free too; below 55536 so the bus port exists. */
async function freeClusterPort(taken) {
  for (let i = 0; i < 200; i++) {
    const port = 20000 + Math.floor(Math.random() * 30000);
    if (taken.has(port) || taken.has(port + 10000)) continue;
    if ((await portFree(port)) && (await portFree(port + 10000))) return port;
  }
  throw new Error('no free port pair for a cluster node');
}

function cli(port, ...args) {
  return spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { encoding: 'utf8' });
}

async function waitFor(what, probe, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Starts the masters, joins them into a cluster and waits until every node says `cluster_state:ok`. */
async function start() {
  const dir = mkdtempSync(join(tmpdir(), 'tv-redis-cluster-'));
  const ports = [];
  const taken = new Set();
  try {
    for (let i = 0; i < MASTERS; i++) {
      const port = await freeClusterPort(taken);
      taken.add(port).add(port + 10000);
      // Written first, so a failed start below can still be stopped.
      ports.push(port);
      writeFileSync(join(dir, STATE_FILE), JSON.stringify({ dir, ports }));
      execFileSync('redis-server', [
        '--port', String(port),
        '--bind', '127.0.0.1',
        '--cluster-enabled', 'yes',
        '--cluster-config-file', `nodes-${port}.conf`,
        '--cluster-node-timeout', '5000',
        '--save', '',
        '--appendonly', 'no',
        '--dir', dir,
        '--daemonize', 'yes',
        '--pidfile', join(dir, `${port}.pid`),
        '--logfile', join(dir, `${port}.log`),
      ]);
    }
    for (const port of ports) await waitFor(`redis on ${port}`, () => cli(port, 'ping').stdout.trim() === 'PONG');
    const create = cli(ports[0], '--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`),
      '--cluster-replicas', '0', '--cluster-yes');
    if (create.status !== 0) throw new Error(`redis-cli --cluster create failed:\n${create.stdout}${create.stderr}`);
    for (const port of ports) {
      await waitFor(`cluster_state:ok on ${port}`, () => {
        const info = cli(port, 'cluster', 'info').stdout;
        return info.includes('cluster_state:ok') && info.includes(`cluster_known_nodes:${MASTERS}`);
      });
    }
  } catch (err) {
    stop(dir);
    throw err;
  }
  return { dir, nodes: ports.map((p) => `127.0.0.1:${p}`).join(',') };
}

/** Shuts every node down (without saving) and removes the directory. Safe to call twice. */
function stop(dir) {
  const state = join(dir, STATE_FILE);
  if (!existsSync(state)) return;
  const { ports } = JSON.parse(readFileSync(state, 'utf8'));
  for (const port of ports) {
    if (cli(port, 'shutdown', 'nosave').status === 0) continue;
    const pidFile = join(dir, `${port}.pid`);
    if (!existsSync(pidFile)) continue;
    try {
      process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

module.exports = { start, stop };

if (require.main === module) {
  const [command, dirArg] = process.argv.slice(2);
  if (command === 'start') {
    start().then(
      ({ dir, nodes }) => {
        console.log(`export REDIS_CLUSTER_NODES=${nodes}`);
        console.log(`export REDIS_CLUSTER_DIR=${dir}`);
      },
      (err) => {
        console.error(err.message);
        process.exit(1);
      },
    );
  } else if (command === 'stop') {
    const dir = dirArg || process.env.REDIS_CLUSTER_DIR;
    if (!dir) {
      console.error('usage: redis-cluster.js stop <dir> (or set REDIS_CLUSTER_DIR)');
      process.exit(2);
    }
    stop(dir);
  } else {
    console.error('usage: redis-cluster.js start | stop [dir]');
    process.exit(2);
  }
}
