// pitfall_never_yields.rs — The task that never yields
//
// Async tasks are cooperative: a task keeps its thread until it reaches an `.await` that is not
// ready, and only then can the runtime run another task. Nothing preempts it. A loop that waits
// for a flag without ever awaiting therefore keeps the thread forever; on a single-threaded
// runtime the task that would set the flag never gets to run, and the program spins at 100% CPU
// for good (mtlings' timeout stops it, and says it looked like a spin rather than a deadlock).
// Python threads are preempted (the interpreter hands the GIL to another thread every few
// milliseconds), but gevent greenlets and asyncio coroutines are not, and neither are Rust
// tasks. `std::thread::yield_now` does not help: it yields the THREAD to the operating system,
// and the runtime's other tasks live on that very thread.
//
// Fix `wait_for_flag` so that the other tasks get a turn between two checks of the flag. Keep it
// checking the flag in a loop and counting its checks. (Later, prefer a wake-up over polling:
// `tokio::sync::Notify` or a `watch` channel wake the waiter exactly when the flag changes.)

use std::sync::atomic::{AtomicBool, Ordering};

/// Waits until `flag` is set; returns how many times it checked it.
pub async fn wait_for_flag(flag: &AtomicBool) -> u32 {
    let mut checks = 0;
    loop {
        checks += 1;
        if flag.load(Ordering::SeqCst) {
            return checks;
        }
        tokio::task::yield_now().await; // let the runtime run the other tasks, then come back
    }
}

// ---- Don't edit below this line. ----

use std::sync::Arc;

/// Sets the flag after taking `turns` turns on the runtime.
async fn set_after(flag: Arc<AtomicBool>, turns: u32) {
    for _ in 0..turns {
        tokio::task::yield_now().await;
    }
    flag.store(true, Ordering::SeqCst);
}

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let checks = rt.block_on(async {
        let flag = Arc::new(AtomicBool::new(false));
        tokio::spawn(set_after(flag.clone(), 2));
        wait_for_flag(&flag).await
    });
    println!("the flag was set by another task; checked it {checks} times");
}

#[cfg(test)]
mod tests {
    use super::*;

    // `#[tokio::test]` runs on a single-threaded runtime.
    #[tokio::test]
    async fn waits_for_a_task_on_the_same_thread() {
        let flag = Arc::new(AtomicBool::new(false));
        let setter = tokio::spawn(set_after(flag.clone(), 3));
        let checks = wait_for_flag(&flag).await;
        setter.await.unwrap();
        assert!(
            (2..=10).contains(&checks),
            "the setter needs 4 turns, so the waiter should check the flag a few times, \
             once per turn; it checked {checks} times"
        );
    }

    #[tokio::test]
    async fn flag_already_set() {
        let flag = AtomicBool::new(true);
        assert_eq!(
            wait_for_flag(&flag).await,
            1,
            "a set flag needs a single check"
        );
    }

    #[tokio::test]
    async fn several_waiters() {
        let flag = Arc::new(AtomicBool::new(false));
        let mut waiters = tokio::task::JoinSet::new();
        for _ in 0..3 {
            let flag = flag.clone();
            waiters.spawn(async move { wait_for_flag(&flag).await });
        }
        tokio::spawn(set_after(flag.clone(), 2));
        while let Some(checks) = waiters.join_next().await {
            assert!(checks.unwrap() >= 1);
        }
    }
}
