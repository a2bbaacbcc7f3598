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
        state.deadlines.insert((deadline, id), waker.clone());
    }
}

// ---- Don't edit below this line. ----

use mtlings_support::exec_probe::block_on;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::thread;

impl Timer {
    /// Starts a timer thread; it ends when the `Timer` is dropped.
    pub fn new() -> Timer {
        Timer::with_sleep_log(None)
    }

    fn with_sleep_log(sleep_log: Option<std::sync::mpsc::Sender<Option<Instant>>>) -> Timer {
        let shared = Arc::new(Shared {
            state: Mutex::new(TimerState {
                sleep_log,
                ..TimerState::default()
            }),
            changed: Condvar::new(),
        });
        let thread_shared = shared.clone();
        thread::spawn(move || timer_thread(&thread_shared));
        Timer { shared }
    }

    /// A future that is ready once `duration` has passed.
    pub fn sleep(&self, duration: Duration) -> Sleep {
        let mut state = self.shared.state.lock().unwrap();
        state.next_id += 1;
        Sleep {
            shared: self.shared.clone(),
            deadline: Instant::now() + duration,
            id: state.next_id,
        }
    }
}

impl Default for Timer {
    fn default() -> Self {
        Timer::new()
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        self.shared.state.lock().unwrap().shut_down = true;
        self.shared.changed.notify_one();
    }
}

/// The timer thread: sleeps until the earliest deadline, wakes its waker, repeats.
fn timer_thread(shared: &Shared) {
    let mut state = shared.state.lock().unwrap();
    while !state.shut_down {
        let now = Instant::now();
        match state.deadlines.keys().next().copied() {
            Some(key) if key.0 <= now => {
                let waker = state.deadlines.remove(&key).unwrap();
                waker.wake();
            }
            Some((deadline, _)) => {
                if let Some(log) = &state.sleep_log {
                    let _ = log.send(Some(deadline));
                }
                state = shared
                    .changed
                    .wait_timeout(state, deadline - now)
                    .unwrap()
                    .0;
            }
            None => {
                if let Some(log) = &state.sleep_log {
                    let _ = log.send(None);
                }
                state = shared.changed.wait(state).unwrap();
            }
        }
    }
}

pub struct Sleep {
    shared: Arc<Shared>,
    deadline: Instant,
    id: u64,
}

impl Future for Sleep {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if Instant::now() >= self.deadline {
            return Poll::Ready(());
        }
        Timer::register(&self.shared, self.deadline, self.id, cx.waker());
        Poll::Pending
    }
}

fn main() {
    let timer = Timer::new();
    block_on(timer.sleep(Duration::from_millis(5)));
    println!("slept 5 ms on the timer thread");
}

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::exec_probe::{CountingWaker, counted, log_shows, returns_within};
    use std::pin::pin;
    use std::sync::atomic::AtomicUsize;
    use std::sync::atomic::Ordering;
    use std::sync::mpsc;

    fn returns<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
        returns_within(
            Duration::from_secs(2),
            what,
            "the timer thread slept through the deadline (nobody told it about it)",
            f,
        )
    }

    #[test]
    fn one_timer_polled_twice() {
        let polls = Arc::new(AtomicUsize::new(0));
        let counter = polls.clone();
        returns("a 20 ms timer, the first one registered", move || {
            let timer = Timer::new();
            block_on(counted(timer.sleep(Duration::from_millis(20)), counter));
        });
        let polls = polls.load(Ordering::SeqCst);
        assert!(
            polls <= 3,
            "a 20 ms sleep needs a poll to register and one after the timer wakes it; it was \
             polled {polls} times: something woke it before its time, again and again"
        );
    }

    #[test]
    fn a_short_timer_after_a_long_one() {
        let (log, sleeps) = mpsc::channel();
        let timer = Timer::with_sleep_log(Some(log));
        // Register a one-hour timer first and wait until the timer thread sleeps towards it...
        let mut long = pin!(timer.sleep(Duration::from_secs(3600)));
        let mut cx = Context::from_waker(Waker::noop());
        assert!(long.as_mut().poll(&mut cx).is_pending());
        assert!(
            log_shows(&sleeps, &Some(long.deadline), Duration::from_secs(1)),
            "a one-hour timer was registered while the timer thread slept with no deadline at \
             all, and 1 s later it had still not looked at it"
        );
        // ...then register a 50 ms timer: the thread must look again, and sleep towards it.
        let mut short = pin!(timer.sleep(Duration::from_millis(50)));
        let (woken, waker) = CountingWaker::new();
        assert!(
            short
                .as_mut()
                .poll(&mut Context::from_waker(&waker))
                .is_pending()
        );
        // It sleeps towards the new deadline, or (if that passed already) has woken it.
        let looked = log_shows(&sleeps, &Some(short.deadline), Duration::from_secs(1));
        assert!(
            looked || woken.wakes() > 0,
            "a 50 ms timer was registered while the timer thread slept towards a one-hour \
             deadline, and 1 s later it was still sleeping towards that hour: it never looked \
             at the new deadline"
        );
    }

    #[test]
    fn several_timers_in_a_row() {
        returns("timers of 3, 1 and 2 ms", || {
            let timer = Timer::new();
            for ms in [3, 1, 2] {
                block_on(timer.sleep(Duration::from_millis(ms)));
            }
        });
    }
}
