// MISTAKE: a fixed list of three names, which runs out when there are more workers
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
    const NAMES: [&str; 3] = ["worker-0", "worker-1", "worker-2"];
    let handles: Vec<_> = (0..n)
        .map(|i| {
            thread::Builder::new()
                .name(NAMES[i].to_string())
                .spawn(move || report(i))
                .expect("cannot start a thread")
        })
        .collect();
    handles.into_iter().map(|h| h.join().unwrap()).collect()
}

