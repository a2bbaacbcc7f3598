#!/usr/bin/env bash
# Benchmark (not a test) of what reading the threads' stacks adds to a run that times out: the
# 21-thread `pool_stuck` fixture (20 workers, all waiting, 1 s limit) graded by `mtlings run`
# with the stack report and with it turned off (MTLINGS_NO_STACKS=1), paired, median of 10.
# Run from the repository root.
set -euo pipefail
repo=$(pwd)
cargo build --release -q
mtlings="$repo/target/release/mtlings"
wb=$(mktemp -d /tmp/mtlings-bench-stacks-XXXXXX)
trap 'rm -rf "$wb"' EXIT
mkdir -p "$wb/exercises" "$wb/solutions"
cp tests/fixtures/wb/exercises/pool_stuck.rs "$wb/exercises/"
cp tests/fixtures/wb/solutions/pool_stuck.rs "$wb/solutions/"
printf 'format_version = 1\n[[exercises]]\nname = "pool_stuck"\ntest = false\ntimeout_secs = 1\nhint = "h"\n' > "$wb/info.toml"
printf 'bin = [\n  { name = "pool_stuck", path = "exercises/pool_stuck.rs" },\n  { name = "pool_stuck_sol", path = "solutions/pool_stuck.rs" },\n]\n\n[package]\nname = "bench"\nedition = "2024"\npublish = false\n\n[workspace]\n' > "$wb/Cargo.toml"
cd "$wb"
"$mtlings" run pool_stuck >/dev/null 2>&1 || true # build once
ms() { date +%s%N; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
with=(); without=()
for _ in $(seq 10); do
  t0=$(ms); "$mtlings" run pool_stuck >/dev/null 2>&1 || true; t1=$(ms)
  MTLINGS_NO_STACKS=1 "$mtlings" run pool_stuck >/dev/null 2>&1 || true; t2=$(ms)
  with+=($(( (t1 - t0) / 1000000 ))); without+=($(( (t2 - t1) / 1000000 )))
done
w=$(printf '%s\n' "${with[@]}" | median); wo=$(printf '%s\n' "${without[@]}" | median)
echo "timed-out run of 21 threads: with stacks ${w} ms, without ${wo} ms, reading the stacks adds $(( w - wo )) ms"
