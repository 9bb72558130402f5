#!/usr/bin/env bash
# What each change bought: builds each commit given (label=commit) in a temporary worktree, runs that commit's own
# flash-sale bench on it, and prints one table row per step from the bench's closing JSON line. The app's CPU per
# accepted hold is the steady figure on a shared machine; holds/s and the ratio against pgbench are from the same
# run as each other.
#
#   bash bench/steps.sh "before=1946207" "auth=3e764b4" "main=HEAD"
#
# Knobs: FLASH_CAPACITY (1500), FLASH_RUNS (1), FLASH_CONCURRENCY (50,200), STEPS_KEEP=1 keeps the worktrees.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export FLASH_CAPACITY=${FLASH_CAPACITY:-1500} FLASH_RUNS=${FLASH_RUNS:-1} FLASH_CONCURRENCY=${FLASH_CONCURRENCY:-50,200}
RESULTS=$(mktemp -d)

for step in "$@"; do
  label=${step%%=*}
  commit=$(git rev-parse --short "${step#*=}")
  dir=$(mktemp -d /tmp/tv-step-XXXX)
  echo "==> $label ($commit) in $dir" >&2
  git worktree add --detach --force "$dir" "$commit" >/dev/null
  (
    cd "$dir"
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
    npx nest build >/dev/null
    node dist/bench/flash-sale.js | tee "$RESULTS/$label.log" >&2
  ) || echo "step $label failed; see $RESULTS/$label.log" >&2
  [ -n "${STEPS_KEEP:-}" ] || git worktree remove --force "$dir"
  tail -n 1 "$RESULTS/$label.log" > "$RESULTS/$label.json" || true
  echo "$label $commit" >> "$RESULTS/order"
done

node - "$RESULTS" <<'EOF'
const fs = require('fs');
const dir = process.argv[2];
const rows = fs.readFileSync(`${dir}/order`, 'utf8').trim().split('\n').map((l) => l.split(' '));
console.log('| step | commit | app CPU per hold c=50 / c=200 | holds/s c=50 / c=200 | ratio c=50 / c=200 | p99 ms c=50 / c=200 | 5xx | load average |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const [label, commit] of rows) {
  let f;
  try { f = JSON.parse(fs.readFileSync(`${dir}/${label}.json`, 'utf8')); } catch { console.log(`| ${label} | ${commit} | failed | | | | | |`); continue; }
  const by = (c) => f.summary.find((s) => s.concurrency === c) ?? {};
  const pair = (k) => `${by(50)[k] ?? '–'} / ${by(200)[k] ?? '–'}`;
  const errors = f.summary.reduce((n, s) => n + s.serverErrors, 0);
  console.log(`| ${label} | ${commit} | ${pair('appCpuMsPerHold')} ms | ${pair('holdsPerSecond')} | ${pair('ratio')} | ${pair('p99Ms')} | ${errors} | ${f.loadAverage ? f.loadAverage.map((l) => l.toFixed(1)).join(' ') : 'n/a'} |`);
}
EOF
