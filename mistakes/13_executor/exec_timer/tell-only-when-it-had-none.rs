// MISTAKE: wakes the timer thread only when it had no deadline at all, not when it sleeps towards a later one
// exec_timer.rs — A timer thread that nobody wakes
//
// Who wakes a future that waits for TIME? A timer: a thread (tokio calls its version the time
// driver) that keeps every pending deadline with its waker, sleeps until the earliest one, wakes
// that waker, and goes back to sleep. The timer thread is itself a waiter: it sleeps on a
// `Condvar`, with a timeout (`wait_timeout`) towards the earliest deadline it knows, or with no
// timeout at all when it knows none. It only looks at the deadlines when it wakes up. So a
// deadline registered while it sleeps may be slept through: the lost wakeup of
// 05_events_and_conditions, one level down. Python's asyncio keeps the same list of timers
// inside its event loop, which recomputes its `select()` timeout on every turn.
//
// Fix `Timer::register` so that a newly registered deadline is never slept through, whether the
// timer thread was sleeping towards a later deadline or towards none. Keep the futures asleep
// until their time: the tests count the polls.

use std::collections::BTreeMap;
use std::sync::{Arc, Condvar, Mutex};
use std::task::Waker;
use std::time::{Duration, Instant};

struct Shared {
    state: Mutex<TimerState>,
    changed: Condvar,
}

#[derive(Default)]
struct TimerState {
    /// (deadline, timer id) -> the waker to wake at that deadline.
    deadlines: BTreeMap<(Instant, u64), Waker>,
    next_id: u64,
    shut_down: bool,
    /// For the tests: told each time the timer thread goes to sleep (and until when).
    sleep_log: Option<std::sync::mpsc::Sender<Option<Instant>>>,
}

/// A handle to a timer thread.
pub struct Timer {
    shared: Arc<Shared>,
}

impl Timer {
    /// Registers (or re-registers, with the latest waker) timer `id` for `deadline`.
    fn register(shared: &Shared, deadline: Instant, id: u64, waker: &Waker) {
        let mut state = shared.state.lock().unwrap();
        let had_none = state.deadlines.is_empty();
        state.deadlines.insert((deadline, id), waker.clone());
        if had_none {
            shared.changed.notify_one(); // it was sleeping with no timeout
        }
    }
}

