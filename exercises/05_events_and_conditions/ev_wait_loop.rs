// ev_wait_loop.rs — Waiting on a Condvar: check the condition, in a loop, under the lock
//
// A `Condvar` (Python: `threading.Condition`) lets a thread sleep until another thread tells it
// that something changed. `cv.wait(guard)` releases the mutex, sleeps, and takes the mutex back
// before it returns. Two facts make the naive use wrong:
//
// 1. A notification is not stored anywhere. `notify_all()` wakes the threads that are waiting
//    RIGHT NOW; if the waiter arrives a moment later, it sleeps forever: a LOST WAKEUP. So never
//    wait blindly: first look at the state (under the lock) and wait only if you must.
// 2. Returning from `wait` does not mean the condition is true. Wakeups can be spurious (the
//    docs allow them), another thread may have changed the state again before you got the lock
//    back, or somebody notified the condvar for a different reason. So `if !open { wait }` is
//    not enough either: it must be `while !open { wait }`.
//
// Python's `Condition.wait_for(predicate)` is that loop; Rust's is `Condvar::wait_while`.
//
// `Gate::wait_until_open` waits for a notification without looking at the gate first. As
// shipped, a test hangs (the grader's timeout stops it) because the gate was opened before the
// waiter arrived. Fix `wait_until_open`; the tests also send stray wakeups, so an `if` won't do.

use std::sync::{Condvar, Mutex};

#[derive(Default)]
pub struct Gate {
    open: Mutex<bool>,
    cv: Condvar,
}

impl Gate {
    /// Blocks until the gate is open (returns at once if it already is).
    pub fn wait_until_open(&self) {
        let open = self.open.lock().unwrap();
        let _open = self.cv.wait(open).unwrap();
    }

    // ---- Don't edit below this line. ----

    pub fn open(&self) {
        *self.open.lock().unwrap() = true;
        self.cv.notify_all();
    }

    pub fn is_open(&self) -> bool {
        *self.open.lock().unwrap()
    }

    /// Wakes every waiter without opening the gate (like a spurious wakeup, or a notification
    /// meant for another condition that shares this condvar).
    pub fn stray_wakeup(&self) {
        let _open = self.open.lock().unwrap();
        self.cv.notify_all();
    }
}

fn main() {
    let gate = Gate::default();
    std::thread::scope(|s| {
        for id in 0..3 {
            let gate = &gate;
            s.spawn(move || {
                gate.wait_until_open();
                println!("runner {id} is through the gate");
            });
        }
        println!("opening the gate");
        gate.open();
    });
    gate.wait_until_open();
    println!("and a latecomer walks through an open gate at once");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::thread;
    use std::time::{Duration, Instant};

    #[test]
    fn a_gate_opened_earlier_does_not_block() {
        let gate = Gate::default();
        gate.open();
        // If this hangs, the waiter slept waiting for a notification that was sent before it
        // arrived: a lost wakeup.
        gate.wait_until_open();
    }

    #[test]
    fn waiters_wake_when_the_gate_opens() {
        let gate = Gate::default();
        thread::scope(|s| {
            let waiters: Vec<_> = (0..3).map(|_| s.spawn(|| gate.wait_until_open())).collect();
            gate.open();
            for w in waiters {
                w.join().unwrap();
            }
        });
    }

    #[test]
    fn a_stray_wakeup_does_not_open_the_gate() {
        let gate = Gate::default();
        thread::scope(|s| {
            let waiter = s.spawn(|| {
                gate.wait_until_open();
                gate.is_open() // false: it walked through a closed gate
            });
            // Keep poking the condvar until the waiter has surely been waiting for a while.
            let start = Instant::now();
            let mut pokes = 0;
            while !waiter.is_finished()
                && (pokes < 200 || start.elapsed() < Duration::from_millis(100))
                && start.elapsed() < Duration::from_secs(1)
            {
                gate.stray_wakeup();
                thread::yield_now();
                pokes += 1;
            }
            let early = waiter.is_finished();
            gate.open();
            let saw_open = waiter.join().unwrap();
            assert!(
                !early && saw_open,
                "wait_until_open returned while the gate was still closed, after a stray \
                 wakeup: waking up does not mean the condition is true; check it again \
                 (a `while` loop, or `Condvar::wait_while`)"
            );
        });
    }
}
