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

use mtlings_support::watched_sync::{Condvar, Mutex};

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
    use std::sync::{Arc, mpsc};
    use std::thread::{self, ThreadId};
    use std::time::Duration;

    const SOON: Duration = Duration::from_secs(2);

    /// A waiter on a detached thread (a waiter that never wakes fails the test, not hangs it).
    /// It reports its thread id, waits for `go`, calls `wait_until_open`, then reports whether
    /// the gate was really open.
    fn waiter(gate: &Arc<Gate>) -> (ThreadId, mpsc::Sender<()>, mpsc::Receiver<bool>) {
        let (id_tx, id_rx) = mpsc::channel();
        let (go_tx, go_rx) = mpsc::channel::<()>();
        let (done_tx, done_rx) = mpsc::channel();
        let gate = Arc::clone(gate);
        thread::spawn(move || {
            id_tx.send(thread::current().id()).unwrap();
            let _ = go_rx.recv();
            gate.wait_until_open();
            let _ = done_tx.send(gate.is_open());
        });
        (id_rx.recv().unwrap(), go_tx, done_rx)
    }

    fn asleep(gate: &Gate, n: usize) {
        let slept = gate.open.probe().wait_for(SOON, |s| s.waiting == n);
        assert!(
            slept,
            "expected {n} waiter(s) asleep on the condvar while the gate is closed, saw {}: \
             is the waiter spinning or polling instead of waiting?",
            gate.open.probe().stats().waiting
        );
    }

    fn must_finish(done: &mpsc::Receiver<bool>, why: &str) {
        assert_eq!(done.recv_timeout(SOON), Ok(true), "{why}");
    }

    #[test]
    fn a_gate_opened_earlier_does_not_block() {
        let gate = Arc::new(Gate::default());
        gate.open();
        let (_, go, done) = waiter(&gate);
        go.send(()).unwrap();
        must_finish(
            &done,
            "the gate was opened before the waiter came, and the waiter slept anyway, waiting \
             for a notification that had already been sent: a lost wakeup. Look first",
        );
    }

    #[test]
    fn waiters_wake_when_the_gate_opens() {
        let gate = Arc::new(Gate::default());
        let waiters: Vec<_> = (0..3).map(|_| waiter(&gate)).collect();
        for (_, go, _) in &waiters {
            go.send(()).unwrap();
        }
        asleep(&gate, 3);
        gate.open();
        for (_, _, done) in &waiters {
            must_finish(
                done,
                "a waiter did not get through after the gate was opened",
            );
        }
    }

    #[test]
    fn a_stray_wakeup_does_not_open_the_gate() {
        let gate = Arc::new(Gate::default());
        let (_, go, done) = waiter(&gate);
        go.send(()).unwrap();
        let probe = gate.open.probe();
        asleep(&gate, 1);
        let looks = probe.stats().looks;
        gate.stray_wakeup();
        // Wait until the waiter has woken, looked, and is either asleep again or gone.
        probe.wait_for(SOON, |s| s.looks > looks && s.waiting == 1);
        let early = done.recv_timeout(Duration::from_millis(50));
        gate.open();
        assert!(
            early.is_err(),
            "wait_until_open returned while the gate was still closed, after a stray wakeup: \
             waking up does not mean the condition is true; look again after every wakeup"
        );
        must_finish(
            &done,
            "the waiter did not get through after the gate was opened",
        );
    }

    #[test]
    fn the_waiter_sleeps_while_the_gate_is_closed() {
        let gate = Arc::new(Gate::default());
        let (_, go, done) = waiter(&gate);
        let probe = gate.open.probe();
        go.send(()).unwrap();
        probe.wait_for(SOON, |s| s.looks >= 1);
        let looks = probe.stats().looks;
        // Nobody notifies for a while: a sleeping waiter looks at the gate at most once more.
        let polled = probe.wait_for(Duration::from_millis(300), |s| s.looks >= looks + 2);
        let extra = probe.stats().looks - looks;
        gate.open();
        assert!(
            !polled,
            "while the gate stayed closed and nobody notified, the waiter looked at it {extra} \
             more times: it is spinning or polling (a sleep, a short wait_timeout) instead of \
             sleeping on the condvar until it is notified"
        );
        must_finish(
            &done,
            "the waiter did not get through after the gate was opened",
        );
    }

    #[test]
    fn the_gate_opens_between_look_and_sleep() {
        let gate = Arc::new(Gate::default());
        let (id, go, done) = waiter(&gate);
        let probe = gate.open.probe();
        // Hold the waiter's SECOND lock() call, if it makes one, and open the gate right then.
        probe.pause_nth_lock(id, 2);
        go.send(()).unwrap();
        probe.wait_for(SOON, |s| s.paused || s.waiting == 1);
        gate.open();
        probe.unpause();
        let got = done.recv_timeout(SOON);
        gate.stray_wakeup(); // let a stuck waiter go, whatever happens
        assert_eq!(
            got,
            Ok(true),
            "lost wakeup: the waiter looked at the closed gate, let go of the lock, and locked \
             again to sleep; the gate opened in that gap, and its notification reached nobody. \
             Look and sleep under ONE lock"
        );
    }
}
