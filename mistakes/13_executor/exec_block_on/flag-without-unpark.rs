// MISTAKE: sets the flag but never wakes the parked thread, which sleeps on
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

