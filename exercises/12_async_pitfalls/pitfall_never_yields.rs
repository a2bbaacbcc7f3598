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
        std::hint::spin_loop(); // not set yet: check again
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
    use std::sync::mpsc;
    use std::time::Duration;
    use tokio::time::Instant;

    /// Sets `flag` from a plain thread if the test has not said "done" within a second of real
    /// time: a waiter that never lets the runtime run its other tasks would otherwise spin
    /// forever. Returns the "done" sender.
    fn rescue(flag: Arc<AtomicBool>) -> mpsc::Sender<()> {
        let (done, wait) = mpsc::channel::<()>();
        std::thread::spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) = wait.recv_timeout(Duration::from_secs(1))
            {
                flag.store(true, Ordering::SeqCst);
            }
        });
        done
    }

    const SPUN: &str = "the task that sets the flag never got a turn: wait_for_flag kept the \
                        runtime's only thread until a rescue thread set the flag after 1 s";

    // `#[tokio::test]` runs on a single-threaded runtime; the paused clock only moves when
    // every task is waiting for a timer.
    #[tokio::test(start_paused = true)]
    async fn waits_for_a_task_on_the_same_thread() {
        let flag = Arc::new(AtomicBool::new(false));
        let by_task = Arc::new(AtomicBool::new(false));
        let (f, b) = (flag.clone(), by_task.clone());
        let setter = tokio::spawn(async move {
            set_after(f, 3).await;
            b.store(true, Ordering::SeqCst);
        });
        let done = rescue(flag.clone());
        let began = Instant::now();
        let checks = wait_for_flag(&flag).await;
        let _ = done.send(());
        assert!(by_task.load(Ordering::SeqCst), "{SPUN}");
        assert_eq!(
            began.elapsed(),
            Duration::ZERO,
            "the runtime's clock moved while wait_for_flag waited: it napped between checks, so \
             it looked again long after the flag was set; a turn is all the setter needs"
        );
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
        let by_task = Arc::new(AtomicBool::new(false));
        let mut waiters = tokio::task::JoinSet::new();
        for _ in 0..3 {
            let flag = flag.clone();
            waiters.spawn(async move { wait_for_flag(&flag).await });
        }
        let (f, b) = (flag.clone(), by_task.clone());
        tokio::spawn(async move {
            set_after(f, 2).await;
            b.store(true, Ordering::SeqCst);
        });
        let done = rescue(flag.clone());
        while let Some(checks) = waiters.join_next().await {
            assert!(checks.unwrap() >= 1);
        }
        let _ = done.send(());
        assert!(by_task.load(Ordering::SeqCst), "{SPUN}");
    }
}
