// MISTAKE: `if` instead of `while`: one wakeup is taken as proof that the gate is open
// ev_wait_loop.rs — Waiting on a Condvar: check the condition, in a loop, under the lock
//
// A `Condvar` (Python: `threading.Condition`) lets a thread sleep until another thread tells it
// that something changed. `cv.wait(guard)` releases the mutex, sleeps, and takes the mutex back
// before it returns. Two facts make the naive use wrong:
//
// 1. A notification is not stored anywhere. `notify_all()` wakes the threads that are waiting
//    RIGHT NOW; if the waiter arrives a moment later, it sleeps forever: a LOST WAKEUP. So never
//    wait blindly: first look at the state (under the lock) and wait only if you must, and do
//    not let go of the lock between looking and sleeping.
// 2. Returning from `wait` does not mean the condition is true. Wakeups can be spurious (the
//    docs allow them), another thread may have changed the state again before you got the lock
//    back, or somebody notified the condvar for a different reason. So `if !open { wait }` is
//    not enough either: it must be `while !open { wait }`.
//
// Python's `Condition.wait_for(predicate)` is that loop; Rust's is `Condvar::wait_while`. And
// waiting means sleeping: a loop that spins, sleeps a little or waits with a short timeout and
// looks again burns a core or answers late, and the tests count how often you look.
//
// `Gate::wait_until_open` waits for a notification without looking at the gate first. Fix it.
// (`Mutex` and `Condvar` are std's, imported below the line from the workbook's
// `mtlings_support::watched_sync`, which lets the tests count looks and wakeups.)

#[derive(Default)]
pub struct Gate {
    open: Mutex<bool>,
    cv: Condvar,
}

impl Gate {
    /// Blocks until the gate is open (returns at once if it already is).
    pub fn wait_until_open(&self) {
        let mut open = self.open.lock().unwrap();
        if !*open {
            open = self.cv.wait(open).unwrap();
        }
        let _ = open;
    }

