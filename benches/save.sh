#!/usr/bin/env bash
# Benchmark (not a test): how long a save takes to be judged, on this repository's workbook,
# against plain `cargo test --bin NAME` after the same one-line edit.
#
# Usage, from the repository root:   benches/save.sh [ROUNDS] [NAME]   (default 10, threads_join_all)
#
# It works on two copies of the repository's last commit, with the exercise solved: the watcher runs
# on one, `mtlings run` and cargo on the other, so an edit for one never wakes the others. Each
# round appends a comment line to the exercise before each of the three, and times, in random
# order, what a learner waits for:
#   - the watcher's save-to-verdict: `mtlings watch` in a real pseudo-terminal, from the write
#     until the screen says `NAME passes!`;
#   - `mtlings run NAME` (builds the program and its test harness, lints, runs tests and main);
#   - `cargo test --bin NAME` (which neither lints nor runs `main`).
# Prints the medians, the ranges and the median of the per-round ratios against cargo.
set -euo pipefail
rounds=${1:-10}
name=${2:-threads_join_all}
repo=$(pwd)
cargo build --release -q
target=${CARGO_TARGET_DIR:-$repo/target}
mtlings="$target/release/mtlings"
file=$(MTLINGS_BENCH_NAME="$name" python3 -c '
import os, re
text = open("info.toml").read()
name = os.environ["MTLINGS_BENCH_NAME"]
for block in text.split("[[exercises]]")[1:]:
    if re.search(r"^name = \"%s\"$" % re.escape(name), block, re.M):
        d = re.search(r"^dir = \"([^\"]+)\"$", block, re.M)
        print(f"{d.group(1)}/{name}.rs" if d else f"{name}.rs")
')
[ -n "$file" ] || { echo "no exercise $name in info.toml" >&2; exit 1; }
# Always the same folder: cargo remembers an exercise outside its package by absolute path, and
# a copy in a new place each time would leave it judging the last copy's file.
work="$target/bench-save-copies"
rm -rf "$work"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
for copy in watch run; do
    mkdir "$work/$copy"
    git archive --format=tar HEAD | tar -x -C "$work/$copy"
    cp "solutions/$file" "$work/$copy/exercises/$file"
    printf 'current = "%s"\ndone = []\nwelcomed = true\n' "$name" > "$work/$copy/.mtlings-state.toml"
done
# Each of the three builds in its own copy of the warm target folder (incremental data left
# out): cargo names a path package's artifacts the same wherever the workspace lies, so the two
# copies of the workbook would otherwise overwrite each other's builds.
for t in watch run plain-cargo; do
    if [ ! -d "$target/bench-$t/debug/deps" ]; then
        mkdir -p "$target/bench-$t/debug"
        (cd "$target/debug" && cp -a build deps .fingerprint "$target/bench-$t/debug/")
    fi
    # Cargo would take the workbook's bins from an earlier copy as fresh: build them again.
    rm -rf "$target/bench-$t/debug/.fingerprint/"mtlings-workbook-*
done

python3 - "$mtlings" "$work" "exercises/$file" "$name" "$rounds" "$target" <<'EOF'
import os, pty, random, re, select, statistics, subprocess, sys, time

mtlings, work, exercise, name, rounds, target = sys.argv[1:7]
rounds = int(rounds)
watched, other = os.path.join(work, "watch"), os.path.join(work, "run")
ansi = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x1b\x07]*(\x1b\\|\x07)")
passes = f"{name} passes!".encode()
quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
watch_env = dict(os.environ, CARGO_TARGET_DIR=f"{target}/bench-watch", TERM="xterm-256color")
run_env = dict(os.environ, CARGO_TARGET_DIR=f"{target}/bench-run")
plain_env = dict(os.environ, CARGO_TARGET_DIR=f"{target}/bench-plain-cargo")
plain_env.pop("RUSTC_WORKSPACE_WRAPPER", None)

def edit(copy, tag):
    with open(os.path.join(copy, exercise), "a") as f:
        f.write(f"// edit {tag} {time.time_ns()}\n")

def mtlings_run():
    edit(other, "run")
    t0 = time.time()
    subprocess.run([mtlings, "run", name], cwd=other, env=run_env, check=True, **quiet)
    return time.time() - t0

def cargo_test():
    edit(other, "cargo")
    t0 = time.time()
    subprocess.run(["cargo", "test", "-q", "--manifest-path", "workbook/Cargo.toml", "--bin", name],
                   cwd=other, env=plain_env, check=True, **quiet)
    return time.time() - t0

# The watcher, in a pseudo-terminal, on its own copy.
pid, fd = pty.fork()
if pid == 0:
    os.chdir(watched)
    os.execve(mtlings, [mtlings, "watch"], watch_env)
seen = b""
def wait_for(text, deadline=900):
    global seen
    end = time.time() + deadline
    while time.time() < end:
        if text in ansi.sub(b"", seen):
            seen = b""
            return time.time()
        if select.select([fd], [], [], 0.5)[0]:
            seen += os.read(fd, 65536)
    sys.exit(f"timed out waiting for {text!r}")

def drain(still=0.3):
    # Read until the screen has been still for a moment, so no old text is matched.
    while select.select([fd], [], [], still)[0]:
        os.read(fd, 65536)

def watch_save():
    global seen
    drain()
    seen = b""
    t0 = time.time()
    edit(watched, "watch")
    return wait_for(passes) - t0

wait_for(passes)                # the first build of each copy compiles the workbook's library
watch_save(); watch_save()      # warm up the save path (a recipe, incremental data)
mtlings_run(); mtlings_run(); cargo_test(); cargo_test()

times = {"mtlings run": [], "mtlings watch": [], "cargo test --bin": []}
for i in range(rounds):
    order = list(times)
    random.shuffle(order)
    for what in order:
        if what == "mtlings watch":
            times[what].append(watch_save())
        elif what == "mtlings run":
            times[what].append(mtlings_run())
        else:
            times[what].append(cargo_test())
os.write(fd, b"q")
os.waitpid(pid, 0)

print(f"{name}: a one-line edit judged, {rounds} paired rounds (ms; ratio = median of per-round ratios to cargo)")
plain = times["cargo test --bin"]
for what, ts in times.items():
    ms = [t * 1000 for t in ts]
    ratio = statistics.median(a / b for a, b in zip(ts, plain))
    print(f"  {what:<18} median {statistics.median(ms):6.0f}   min {min(ms):6.0f}   max {max(ms):6.0f}   ratio {ratio:4.2f}")
EOF
