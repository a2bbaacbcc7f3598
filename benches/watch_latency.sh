#!/usr/bin/env bash
# Benchmark (not a test): save-to-verdict latency of `mtlings watch` against a plain
# `cargo test --bin NAME`, on the same one-line edit of the same warm exercise.
#
# Usage, from the repository root:   benches/watch_latency.sh [ROUNDS]   (default 10)
#
# The watcher runs in a real pseudo-terminal (Python's pty module) on a copy of the
# tests/fixtures/watch_book workbook with exercise `a1` solved. Each round appends a comment line
# to exercises/a1.rs and measures the time from the write until the screen says `a1 passes!`.
# The cargo side makes the same edit and times `cargo test --bin a1` (which, unlike mtlings,
# neither runs clippy's lints nor `main`). For reference it also times `mtlings run a1` after the
# same edit: the engine alone, so the difference is what the watcher itself adds. Each tool uses
# its own warm target folder. Prints the median and the range of each, in milliseconds.
set -euo pipefail
rounds=${1:-10}
repo=$(pwd)
cargo build --release -q
mtlings="${CARGO_TARGET_DIR:-$repo/target}/release/mtlings"
work=$(mktemp -d /tmp/mtlings-watch-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT
cp -r tests/fixtures/watch_book "$work/book"
cp "$work/book/solutions/a1.rs" "$work/book/exercises/a1.rs"
printf 'current = "a1"\ndone = []\nwelcomed = true\n' > "$work/book/.mtlings-state.toml"

python3 - "$mtlings" "$work" "$rounds" <<'EOF'
import os, pty, re, select, statistics, subprocess, sys, time

mtlings, work, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
book = os.path.join(work, "book")
exercise = os.path.join(book, "exercises", "a1.rs")
ansi = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x1b\x07]*(\x1b\\|\x07)")

def edit(i):
    with open(exercise, "a") as f:
        f.write(f"// edit {i} {time.time_ns()}\n")

def report(name, times):
    ms = [t * 1000 for t in times]
    print(f"{name:<28} median {statistics.median(ms):7.0f} ms   min {min(ms):6.0f}   max {max(ms):6.0f}")

# --- mtlings watch ---
env = dict(os.environ, CARGO_TARGET_DIR=os.path.join(work, "target-watch"), TERM="xterm-256color")
pid, fd = pty.fork()
if pid == 0:
    os.chdir(book)
    os.execve(mtlings, [mtlings, "watch"], env)
seen = b""
def wait_for(text, deadline=600):
    global seen
    end = time.time() + deadline
    while time.time() < end:
        if text in ansi.sub(b"", seen):
            seen = b""
            return time.time()
        r, _, _ = select.select([fd], [], [], 0.5)
        if r:
            seen += os.read(fd, 65536)
    sys.exit(f"timed out waiting for {text!r}")

def drain(quiet=0.3):
    # Read until the screen has been still for `quiet` seconds, so no old text is matched.
    while select.select([fd], [], [], quiet)[0]:
        os.read(fd, 65536)

wait_for(b"a1 passes!")            # first (cold) build
drain(); edit(-1); wait_for(b"a1 passes!")  # warm up the edit path
watch = []
for i in range(rounds):
    drain()
    seen = b""
    edit(i)
    t0 = time.time()
    watch.append(wait_for(b"a1 passes!") - t0)
os.write(fd, b"q")
os.waitpid(pid, 0)

# --- cargo test --bin a1 ---
cenv = dict(os.environ, CARGO_TARGET_DIR=os.path.join(work, "target-cargo"))
run = lambda: subprocess.run(["cargo", "test", "-q", "--bin", "a1"], cwd=book, env=cenv,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
run(); edit(-2); run()
plain = []
for i in range(rounds):
    edit(i)
    t0 = time.time()
    run()
    plain.append(time.time() - t0)

# --- mtlings run a1 (the engine alone, for reference: what the watcher adds is the rest) ---
renv = dict(os.environ, CARGO_TARGET_DIR=os.path.join(work, "target-watch"))
engine = []
for i in range(rounds):
    edit(i)
    t0 = time.time()
    subprocess.run([mtlings, "run", "a1"], cwd=book, env=renv, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=True)
    engine.append(time.time() - t0)

print(f"save-to-verdict after a one-line edit of a warm exercise, {rounds} rounds:")
report("mtlings watch (save->pass)", watch)
report("mtlings run a1 (no watcher)", engine)
report("cargo test --bin a1", plain)
EOF
