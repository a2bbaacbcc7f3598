// MISTAKE: yields the thread to the OS: the runtime's other tasks live on this thread and still never run
// pitfall_never_yields.rs — The task that never yields
//
// Async tasks are cooperative: a task keeps its thread until it reaches an `.await` that is not
// ready, and only then can the runtime run another task. Nothing preempts it. A loop that waits
// for a flag without ever handing the thread back therefore keeps it forever; on a
// single-threaded runtime the task that would set the flag never gets to run, and the program
// spins at 100% CPU. Python threads are preempted (the interpreter hands the GIL to another
// thread every 5 ms), but gevent greenlets and asyncio coroutines are not, and neither are Rust
// tasks. Note that yielding the THREAD to the operating system is not the same as letting the
// runtime's other tasks run: they live on that very thread.
//
// Fix `wait_for_flag` so that the task setting the flag gets to run between two checks, and
// the waiter notices the flag on its very next turn (no napping between checks). Keep it
// checking the flag in a loop and counting its checks. (Polling a flag is the simplest thing
// that works; a real program would rather be woken when the flag changes.)

use std::sync::atomic::{AtomicBool, Ordering};

/// Waits until `flag` is set; returns how many times it checked it.
pub async fn wait_for_flag(flag: &AtomicBool) -> u32 {
    let mut checks = 0;
    loop {
        checks += 1;
        if flag.load(Ordering::SeqCst) {
            return checks;
        }
        std::thread::yield_now(); // let the others run
    }
}

