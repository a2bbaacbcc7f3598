// exec_block_on.rs — block_on: sleep until the waker rings
//
// `drive` in the last exercise polled a future over and over, burning a whole CPU core while the
// future had nothing to do. A real executor polls, and when the answer is `Pending` it sleeps
// until the future's `Waker` is woken, usually from another thread (the one that finished the
// I/O, the timer). For a one-future executor (`block_on`, what `#[tokio::main]` wraps around
// your `main`) the simplest sleep is parking the thread. A `Waker` can be built from any
// `Arc<impl std::task::Wake>`, so the waker here is our own `ThreadWaker`.
//
// `block_on` is written: it polls, then parks its thread for as long as its `woken` flag is
// false (a park may also end for no reason at all, hence the flag). But the waker's
// `wake_by_ref` does nothing, so the first time a future answers `Pending` the thread sleeps
// for good. Make waking the waker end that sleep, and keep `block_on` sleeping while nothing
// woke it: the tests count the polls.

use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};

/// Wakes the thread that runs `block_on`.
struct ThreadWaker {
    thread: Thread,
    woken: AtomicBool,
}

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.store(true, Ordering::SeqCst);
        self.thread.unpark(); // without this the parked thread sleeps forever
    }
}

/// Runs `fut` to completion on the current thread, sleeping while it is `Pending`.
pub fn block_on<F: Future>(fut: F) -> F::Output {
    let mut fut = pin!(fut);
    let signal = Arc::new(ThreadWaker {
        thread: thread::current(),
        woken: AtomicBool::new(false),
    });
    let waker = Waker::from(signal.clone());
    let mut cx = Context::from_waker(&waker);
    loop {
        if let Poll::Ready(output) = fut.as_mut().poll(&mut cx) {
            return output;
        }
        while !signal.woken.swap(false, Ordering::SeqCst) {
            thread::park();
        }
    }
}

// ---- Don't edit below this line. ----

use std::pin::Pin;
use std::sync::Mutex;
use std::time::Duration;

/// A future that finishes after `steps` rounds of work, each done by a new thread (taking
/// `delay` of real time, like a slow device) that wakes the future when it is done. Counts its
/// polls.
pub struct Relay {
    steps: u32,
    delay: Duration,
    done: Arc<Mutex<u32>>,
    running: bool,
    pub polls: Arc<Mutex<u32>>,
}

impl Relay {
    pub fn new(steps: u32) -> Relay {
        Relay::slow(steps, Duration::ZERO)
    }

    pub fn slow(steps: u32, delay: Duration) -> Relay {
        Relay {
            steps,
            delay,
            done: Arc::new(Mutex::new(0)),
            running: false,
            polls: Arc::new(Mutex::new(0)),
        }
    }
}

impl Future for Relay {
    type Output = u32;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        *self.polls.lock().unwrap() += 1;
        let done = *self.done.lock().unwrap();
        if self.running && done == 0 {
            return Poll::Pending; // the current step has not finished yet
        }
        if done > 0 {
            *self.done.lock().unwrap() = 0;
            self.steps -= 1;
            self.running = false;
        }
        if self.steps == 0 {
            return Poll::Ready(*self.polls.lock().unwrap());
        }
        self.running = true;
        let (done, waker, delay) = (self.done.clone(), cx.waker().clone(), self.delay);
        thread::spawn(move || {
            thread::sleep(delay); // the slow device
            *done.lock().unwrap() = 1; // the work of this step
            waker.wake();
        });
        Poll::Pending
    }
}

fn main() {
    println!("ready future: {}", block_on(async { 6 * 7 }));
    let polls = block_on(Relay::new(3));
    println!("a relay of 3 thread steps finished after {polls} polls");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    /// Runs `f` on a thread of its own and fails the test if it has not returned within 2 s of
    /// real time (the thread is left behind, asleep).
    fn returns<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || tx.send(f()));
        rx.recv_timeout(Duration::from_secs(2)).unwrap_or_else(|_| {
            panic!(
                "{what}: block_on never returned; its thread was still asleep 2 s after the \
                 future's waker was woken (did the wake reach the sleeping thread, and does \
                 block_on see that it was woken?)"
            )
        })
    }

    #[test]
    fn a_ready_future() {
        assert_eq!(returns("async { 42 }", || block_on(async { 6 * 7 })), 42);
    }

    #[test]
    fn a_future_woken_by_another_thread() {
        let polls = returns("Relay::new(1)", || block_on(Relay::new(1)));
        assert_eq!(
            polls, 2,
            "one step: the first poll starts it, the second (after the wake) finishes; \
             block_on polled {polls} times"
        );
    }

    #[test]
    fn sleeps_between_wakes() {
        // Each of the 3 steps takes 30 ms on its thread: plenty of time to poll in vain.
        let relay = Relay::slow(3, Duration::from_millis(30));
        let polls = relay.polls.clone();
        let out = returns("a slow relay", move || {
            block_on(async move {
                relay.await;
                "all steps done"
            })
        });
        assert_eq!(out, "all steps done");
        let polls = *polls.lock().unwrap();
        assert_eq!(
            polls, 4,
            "3 steps woken once each need 4 polls; block_on polled {polls} times: it should \
             poll once, then sleep until the waker is woken, not look again now and then"
        );
    }

    #[test]
    fn a_future_that_wakes_itself() {
        // `yield_now`-style: wakes its own waker, then answers Pending once.
        let out = returns("a self-waking future", || {
            let mut yielded = false;
            block_on(std::future::poll_fn(move |cx| {
                if yielded {
                    Poll::Ready("resumed")
                } else {
                    yielded = true;
                    cx.waker().wake_by_ref();
                    Poll::Pending
                }
            }))
        });
        assert_eq!(out, "resumed");
    }
}
