// MISTAKE: the third kind named as another thread (a green thread), not a coroutine
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
// The notes this course is built from explain multitasking with Python (`multiprocessing`,
// `threading`, `asyncio`, the GIL). Where Rust does things differently, the header says so.
//
// This exercise already passes: read it, run it, and move on to the next one. When you are stuck
// later, ask for a hint; the hints point at the concept and at the std item to read.

/// The three kinds of "things that run" this course is about, from heaviest to lightest.
pub fn kinds_of_tasks() -> [&'static str; 3] {
    ["process", "thread", "green thread"]
}

