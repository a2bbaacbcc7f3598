#!/usr/bin/env bash
# Benchmark (not a test): mtlings vs rustlings 6.5 checking rustlings' own 94 exercises, cold
# (empty target dir) and warm, side by side on this machine. Run from the repository root.
# Needs the registry: installs rustlings 6.5.0 into a scratch folder if it is not there.
set -euo pipefail
repo=$(pwd)
work=${MTLINGS_BENCH_DIR:-/tmp/mtlings-bench-rustlings}
mkdir -p "$work"
if [ ! -x "$work/bin/rustlings" ]; then
  cargo install -q rustlings --version 6.5.0 --root "$work"
fi
src=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/rustlings-6.5.0 | head -1)
macros=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/rustlings-macros-6.5.0 | head -1)
wb="$work/workbook"
rm -rf "$wb" && mkdir -p "$wb"
cp -r "$src/exercises" "$src/solutions" "$wb/"
cp "$macros/info.toml" "$wb/info.toml"
sed -e 's|"\.\./exercises/|"exercises/|; s|"\.\./solutions/|"solutions/|' "$src/dev-Cargo.toml" \
  | grep -v "^# Don't edit" > "$wb/Cargo.toml"
grep -q '^\[workspace\]' "$wb/Cargo.toml" || printf '\n[workspace]\n' >> "$wb/Cargo.toml"
(cd "$wb" && git init -q . && git add -A && git -c user.email=b@b -c user.name=b commit -qm base)

cargo build --release -q --manifest-path "$repo/Cargo.toml"
mtlings="$repo/target/release/mtlings"
now() { date +%s.%N; }
measure() { # label, command...
  local t0 t1; t0=$(now); "${@:2}" >/dev/null 2>&1 || true; t1=$(now)
  awk -v a="$t0" -v b="$t1" -v l="$1" 'BEGIN { printf "%-28s %6.1f s\n", l, b - a }'
}
cd "$wb"
rm -rf target && measure "rustlings dev check, cold" "$work/bin/rustlings" dev check
measure "rustlings dev check, warm" "$work/bin/rustlings" dev check
rm -rf target && measure "mtlings dev check, cold" "$mtlings" dev check
measure "mtlings dev check, warm" "$mtlings" dev check
"$mtlings" dev check | tail -1
