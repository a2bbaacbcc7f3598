// MISTAKE: wakes the receiver first and stores the value after: the receiver can look in between and find nothing
// exec_lost_wakeup.rs — The lost wakeup: a waker stored but never woken
//
// A future that answers `Pending` makes a promise: "I will be woken when it is worth polling me
// again". A oneshot channel keeps that promise like this: the receiver's `poll` finds no value
// yet, so it keeps the waker it was given; `send` puts the value in and wakes the kept waker.
// Get either half wrong and the executor sleeps forever, exactly like a condition variable that
// is never notified (05_events_and_conditions): nothing is wrong with the executor, the wake-up
// was simply lost. Mind that a future can be polled by a different task or executor than last
// time (`select!`, moving it into another task): only the waker of the latest poll is sure to
// reach whoever is waiting now. And mind the order of things: a receiver woken before there is
// anything to receive looks, finds nothing, and waits again.
//
// As shipped, this channel hangs (the tests give up after 2 s and say where). Fix it; keep the
// `Mutex<Shared<T>>` design. `block_on` (the previous exercise's) is in the support library, and
// `mtlings_support::exec_probe::CountingWaker` lets the tests count wake-ups.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

struct Shared<T> {
    value: Option<T>,
    waker: Option<Waker>,
}

pub struct Sender<T>(Arc<Mutex<Shared<T>>>);
pub struct Receiver<T>(Arc<Mutex<Shared<T>>>);

/// A channel for exactly one value.
pub fn oneshot<T>() -> (Sender<T>, Receiver<T>) {
    let shared = Arc::new(Mutex::new(Shared {
        value: None,
        waker: None,
    }));
    (Sender(shared.clone()), Receiver(shared))
}

impl<T> Sender<T> {
    pub fn send(self, value: T) {
        let waker = self.0.lock().unwrap().waker.take();
        if let Some(waker) = waker {
            waker.wake(); // tell the receiver
        }
        self.0.lock().unwrap().value = Some(value);
    }
}

impl<T> Future for Receiver<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let mut shared = self.0.lock().unwrap();
        if let Some(value) = shared.value.take() {
            return Poll::Ready(value);
        }
        shared.waker = Some(cx.waker().clone());
        Poll::Pending
    }
}

