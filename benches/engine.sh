#!/usr/bin/env bash
# Benchmark (not a test) of the grading engine on a fixture workbook of 20 small exercises
# (copies of tests/fixtures/wb/exercises/test_fail.rs). Run from the repository root. Prints:
# - `mtlings run NAME` vs `cargo test --bin NAME` on the same warm exercise (median of 10), both
#   with nothing changed and after a one-line edit;
# - `mtlings dev check` vs one `cargo test --bin` per exercise and solution in sequence, cold
#   (empty target dir) and warm.
set -euo pipefail
repo=$(pwd)
cargo build --release -q
mtlings="$repo/target/release/mtlings"
wb=$(mktemp -d /tmp/mtlings-bench-XXXXXX)
trap 'rm -rf "$wb"' EXIT
mkdir -p "$wb/exercises" "$wb/solutions"
{ echo 'format_version = 1'; } > "$wb/info.toml"
echo 'bin = [' > "$wb/Cargo.toml"
for i in $(seq 1 20); do
  cp tests/fixtures/wb/exercises/test_fail.rs "$wb/exercises/ex$i.rs"
  cp tests/fixtures/wb/solutions/test_fail.rs "$wb/solutions/ex$i.rs"
  printf '\n[[exercises]]\nname = "ex%s"\nhint = "h"\n' "$i" >> "$wb/info.toml"
  printf '  { name = "ex%s", path = "exercises/ex%s.rs" },\n  { name = "ex%s_sol", path = "solutions/ex%s.rs" },\n' "$i" "$i" "$i" "$i" >> "$wb/Cargo.toml"
done
printf ']\n\n[package]\nname = "bench"\nedition = "2024"\npublish = false\n\n[workspace]\n' >> "$wb/Cargo.toml"
cd "$wb"

ms() { date +%s%N; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
time_ms() { local t0 t1; t0=$(ms); "$@" >/dev/null 2>&1 || true; t1=$(ms); echo $(( (t1 - t0) / 1000000 )); }
edit() { echo "// edit $RANDOM$RANDOM" >> exercises/ex1.rs; }

cp solutions/ex1.rs exercises/ex1.rs
cargo test -q --bin ex1 >/dev/null 2>&1; "$mtlings" run ex1 >/dev/null 2>&1
cargo_warm=$(for _ in $(seq 10); do time_ms cargo test -q --bin ex1; done | median)
mt_warm=$(for _ in $(seq 10); do time_ms "$mtlings" run ex1; done | median)
cargo_edit=$(for _ in $(seq 10); do edit; time_ms cargo test -q --bin ex1; done | median)
mt_edit=$(for _ in $(seq 10); do edit; time_ms "$mtlings" run ex1; done | median)
echo "run, warm:        mtlings ${mt_warm} ms, cargo test ${cargo_warm} ms"
echo "run, after edit:  mtlings ${mt_edit} ms, cargo test ${cargo_edit} ms"
cp solutions/ex1.rs exercises/ex1.rs

seq_check() {
  for i in $(seq 1 20); do
    cargo test -q --bin "ex$i" >/dev/null 2>&1 || true
    cargo test -q --bin "ex${i}_sol" >/dev/null 2>&1 || true
  done
}
rm -rf target; seq_cold=$(time_ms seq_check); seq_warm=$(time_ms seq_check)
rm -rf target; mt_cold=$(time_ms "$mtlings" dev check); mt_warm_all=$(time_ms "$mtlings" dev check)
echo "check all, cold:  mtlings dev check ${mt_cold} ms, cargo test per target in sequence ${seq_cold} ms"
echo "check all, warm:  mtlings dev check ${mt_warm_all} ms, cargo test per target in sequence ${seq_warm} ms"
