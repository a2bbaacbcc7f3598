// intro1.rs — How mtlings works
//
// Welcome! mtlings is a workbook of small Rust programs about multitasking: processes, threads,
// queues, locks, deadlocks and async. Each exercise is broken on purpose in ONE instructive way.
// You read the header (like this one), fix the code above the "Don't edit below" line, save, and
// mtlings grades the file at once:
//
//   1. it must build;
//   2. its tests (`#[cfg(test)] mod tests` at the bottom of the file) must pass;
//   3. clippy must report no error;
//   4. its `main` must exit with status 0.
//
// Every step runs under a time limit. Some exercises are broken by a deadlock or a hang on
// purpose: when the limit runs out, mtlings kills the program (and every process it started) and
// tells you whether it looked like everything was waiting (a deadlock) or busy (a spin). A few
// race-condition exercises must pass several runs in a row, because one lucky run proves little.
//
// Multitasking is often taught with Python (`multiprocessing`, `threading`, `asyncio`, the GIL).
// Where Rust does things differently, the header says so.
//
// This exercise already passes: read it, run it, and move on to the next one. When you are stuck
// later, ask for a hint. Hints come in three steps, so take them one at a time: first the idea,
// then where to look (a std or tokio item), then the shape of the fix.

/// The three kinds of "things that run" this course is about, from heaviest to lightest.
pub fn kinds_of_tasks() -> [&'static str; 3] {
    ["process", "thread", "coroutine (async task)"]
}

// ---- Don't edit below this line. ----

fn main() {
    println!("mtlings grades every exercise: build, tests, clippy, then `main` must exit 0.");
    for kind in kinds_of_tasks() {
        println!("  you will meet: {kind}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_kinds_heaviest_first() {
        let kinds = kinds_of_tasks().map(str::to_lowercase);
        let named = |k: &str, word: &str| k.contains(word);
        assert!(
            named(&kinds[0], "process"),
            "the heaviest kind is the process (own memory, own files): got {kinds:?}"
        );
        assert!(
            named(&kinds[1], "thread") && !named(&kinds[1], "process"),
            "a thread comes next: it shares its process's memory: got {kinds:?}"
        );
        assert!(
            named(&kinds[2], "coroutine") || named(&kinds[2], "async"),
            "the lightest is a coroutine (an async task): got {kinds:?}"
        );
    }
}
