#!/usr/bin/env bash
# Benchmark (not a test) of what known wrong fixes cost `dev check` on this repository's
# workbook: `mtlings dev check` on a copy with `mistakes/` against the same copy without it,
# cold (fresh target dir) and warm, and the time per extra graded file. Run from the repository
# root; it builds in temporary copies and leaves the tree alone.
set -euo pipefail
repo=$(pwd)
cargo build --release -q
mtlings="$repo/target/release/mtlings"
tmp=$(mktemp -d /tmp/mtlings-bench-mistakes-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
for copy in with without; do
  mkdir -p "$tmp/$copy"
  cp -R Cargo.toml Cargo.lock build.rs info.toml src exercises solutions workbook support "$tmp/$copy/"
done
cp -R mistakes "$tmp/with/"
count=$(find mistakes -name '*.rs' | wc -l)

ms() { date +%s%N; }
check() { # DIR: one dev check, in ms
  local t0 t1; t0=$(ms)
  CARGO_TARGET_DIR="$1/target" "$mtlings" -w "$1" dev check >/dev/null 2>&1 || true
  t1=$(ms); echo $(( (t1 - t0) / 1000000 ))
}
without_cold=$(check "$tmp/without"); with_cold=$(check "$tmp/with")
without_warm=$(check "$tmp/without"); with_warm=$(check "$tmp/with")
echo "mistakes: $count"
echo "dev check, cold: with mistakes ${with_cold} ms, without ${without_cold} ms, $(( (with_cold - without_cold) / count )) ms per mistake"
echo "dev check, warm: with mistakes ${with_warm} ms, without ${without_warm} ms, $(( (with_warm - without_warm) / count )) ms per mistake"
