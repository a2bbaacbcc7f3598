// exec_block_on.rs — block_on: sleep until the waker rings
//
// `drive` in the last exercise polled a future over and over, burning a whole CPU core while the
// future had nothing to do. A real executor polls, and when the answer is `Pending` it sleeps
// until the future's `Waker` is woken. For a one-future executor (`block_on`, what
// `#[tokio::main]` wraps around your `main`) the simplest sleep is parking the thread:
// `std::thread::park()` sleeps until some other thread calls `unpark()` on our `Thread` handle.
// So the waker must hold that handle and unpark it. A `Waker` can be built from any
// `Arc<impl std::task::Wake>`.
//
// `block_on` is written, but the waker's `wake_by_ref` does nothing, so the first time a future
// answers `Pending` the thread parks and nobody ever unparks it (mtlings' timeout stops it).
// Make the waker wake the thread. `park` may also return for no reason at all, which is why
// `block_on` keeps a `woken` flag and parks again while it is false: set the flag too.

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

/// A future that finishes after `steps` rounds of work, each done by a new thread that wakes the
/// future when it is done. Counts its polls.
pub struct Relay {
    steps: u32,
    done: Arc<Mutex<u32>>,
    running: bool,
    pub polls: Arc<Mutex<u32>>,
}

impl Relay {
    pub fn new(steps: u32) -> Relay {
        Relay {
            steps,
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
        let (done, waker) = (self.done.clone(), cx.waker().clone());
        thread::spawn(move || {
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

    #[test]
    fn a_ready_future() {
        assert_eq!(block_on(async { 6 * 7 }), 42);
    }

    #[test]
    fn a_future_woken_by_another_thread() {
        let polls = block_on(Relay::new(1));
        assert_eq!(
            polls, 2,
            "one step: the first poll starts it, the second (after the wake) finishes; \
             block_on polled {polls} times"
        );
    }

    #[test]
    fn sleeps_between_wakes() {
        let relay = Relay::new(5);
        let polls = relay.polls.clone();
        let out = block_on(async move {
            relay.await;
            "all steps done"
        });
        assert_eq!(out, "all steps done");
        let polls = *polls.lock().unwrap();
        assert_eq!(
            polls, 6,
            "5 steps woken once each need 6 polls; block_on polled {polls} times: it should \
             poll once, then sleep until the waker is woken"
        );
    }

    #[test]
    fn a_future_that_wakes_itself() {
        // `yield_now`-style: wakes its own waker, then answers Pending once.
        let mut yielded = false;
        let out = block_on(std::future::poll_fn(move |cx| {
            if yielded {
                Poll::Ready("resumed")
            } else {
                yielded = true;
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        }));
        assert_eq!(out, "resumed");
    }
}
