// threads_named.rs — Named threads and `thread::current()`
//
// Python gives every thread a name (`Thread(target=f, name="worker-1")`, "Thread-1" by default,
// "MainThread" for the first one), and `threading.current_thread().name` tells any code which
// thread it is running on: handy in log lines. Rust's `thread::current()` returns a handle to the
// running thread with its `id()` and `name()`. The main thread is named "main" (a `cargo test`
// test usually runs on a thread named after the test); a thread from `thread::spawn` has NO name
// (`name()` is `None`), and a thread's name cannot be changed once it runs: it is part of how the
// thread is set up before it starts. A named thread's name also shows up in its panic messages:
// "thread 'worker-3' panicked at ...".
//
// `run_named` starts its workers unnamed, so every report says "<unnamed>". Start worker `i` as a
// thread named "worker-i" (counting from 0), for any number of workers. Leave `report` as it is:
// it finds the name by itself.

use std::thread;

/// Starts `n` workers; worker `i` runs job `i`. Returns their reports in worker order.
pub fn run_named(n: usize) -> Vec<String> {
    let handles: Vec<_> = (0..n).map(|i| thread::spawn(move || report(i))).collect();
    handles.into_iter().map(|h| h.join().unwrap()).collect()
}

// ---- Don't edit below this line. ----

use std::sync::Mutex;

/// Every report made: (job, the name of the thread that made it).
static REPORTS: Mutex<Vec<(usize, Option<String>)>> = Mutex::new(Vec::new());

/// A log line that says which thread ran the job, the way a logger would find out.
pub fn report(job: usize) -> String {
    let me = thread::current();
    let name = me.name().map(str::to_string);
    REPORTS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push((job, name.clone()));
    format!("{} did job {job}", name.as_deref().unwrap_or("<unnamed>"))
}

fn main() {
    println!("{}", report(0));
    for line in run_named(3) {
        println!("{line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tests share REPORTS, so they run one at a time.
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

    fn check(n: usize) {
        let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        REPORTS.lock().unwrap_or_else(|e| e.into_inner()).clear();
        let lines = run_named(n);
        let expected: Vec<String> = (0..n).map(|i| format!("worker-{i} did job {i}")).collect();
        assert_eq!(
            lines, expected,
            "the reports, in worker order: worker i must run on a thread named \"worker-i\""
        );
        let mut reports = REPORTS.lock().unwrap_or_else(|e| e.into_inner()).clone();
        reports.sort();
        let expected: Vec<(usize, Option<String>)> =
            (0..n).map(|i| (i, Some(format!("worker-{i}")))).collect();
        assert_eq!(
            reports, expected,
            "each worker should call `report` once, on a thread named after it"
        );
    }

    #[test]
    fn three_named_workers() {
        check(3);
    }

    #[test]
    fn many_named_workers() {
        check(12);
    }
}
