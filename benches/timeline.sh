#!/usr/bin/env bash
# Benchmark (not a test) of what sampling a run for its timeline costs: the `busy_pool` fixture
# (two named threads computing, a shared lock, a collector on a channel; BUSY_ROUNDS rounds) is
# graded by `mtlings run` with `--timeline --trace` and without, paired, median of N (default 10).
# Reports the program's own time (it prints how long its work took), the whole command's time,
# and the size of the trace. Run from the repository root.
set -euo pipefail
n=${1:-10}
repo=$(pwd)
cargo build --release -q
mtlings="$repo/target/release/mtlings"
if [ -n "${CARGO_TARGET_DIR:-}" ]; then mtlings="$CARGO_TARGET_DIR/release/mtlings"; fi
wb=$(mktemp -d /tmp/mtlings-bench-timeline-XXXXXX)
trap 'rm -rf "$wb"' EXIT
mkdir -p "$wb/exercises" "$wb/solutions"
cp tests/fixtures/wb/exercises/busy_pool.rs "$wb/exercises/"
cp tests/fixtures/wb/solutions/busy_pool.rs "$wb/solutions/"
printf 'format_version = 1\n[[exercises]]\nname = "busy_pool"\ntest = false\ntimeout_secs = 60\nhint = "h"\n' > "$wb/info.toml"
printf 'bin = [\n  { name = "busy_pool", path = "exercises/busy_pool.rs" },\n  { name = "busy_pool_sol", path = "solutions/busy_pool.rs" },\n]\n\n[package]\nname = "bench"\nedition = "2024"\npublish = false\n\n[workspace]\n' > "$wb/Cargo.toml"
cd "$wb"
export CARGO_TARGET_DIR="$wb/target" BUSY_ROUNDS=${BUSY_ROUNDS:-140}
"$mtlings" run busy_pool >/dev/null 2>&1 || true # build once
ms() { date +%s%N; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
own() { sed -n 's/.*work took \([0-9]*\) ms.*/\1/p' | head -1; }
w_own=(); wo_own=(); w_all=(); wo_all=()
sampled() {
  local t0 t1 o
  t0=$(ms); o=$("$mtlings" run busy_pool --timeline --trace "$wb/t.json" 2>&1 | own); t1=$(ms)
  w_own+=("$o"); w_all+=($(( (t1 - t0) / 1000000 )))
}
unsampled() {
  local t0 t1 o
  t0=$(ms); o=$("$mtlings" run busy_pool 2>&1 | own); t1=$(ms)
  wo_own+=("$o"); wo_all+=($(( (t1 - t0) / 1000000 )))
}
# Pairs alternate which goes first, so a drift in the machine's load hits both alike.
for i in $(seq "$n"); do
  if (( i % 2 )); then sampled; unsampled; else unsampled; sampled; fi
done
m() { printf '%s\n' "$@" | median; }
a=$(m "${w_own[@]}"); b=$(m "${wo_own[@]}"); c=$(m "${w_all[@]}"); d=$(m "${wo_all[@]}")
echo "busy_pool, median of $n paired runs (BUSY_ROUNDS=$BUSY_ROUNDS):"
echo "  program's own time: sampled ${a} ms, unsampled ${b} ms ($(( (a - b) * 1000 / b )) per mille added)"
echo "  program's own time, every pair (sampled/unsampled): $(paste -d/ <(printf '%s\n' "${w_own[@]}") <(printf '%s\n' "${wo_own[@]}") | tr '\n' ' ')"
echo "  whole mtlings run:  sampled ${c} ms, unsampled ${d} ms (sampling adds $(( c - d )) ms)"
echo "  trace of the last sampled run: $(wc -c < "$wb/t.json") bytes"
