// exec_lost_wakeup.rs — The lost wakeup: a waker stored but never woken
//
// A future that answers `Pending` makes a promise: "I will be woken when it is worth polling me
// again". A oneshot channel keeps that promise like this: the receiver's `poll` finds no value
// yet, so it stores the waker it was given; `send` puts the value in and wakes the stored waker.
// Break either half and the executor sleeps forever, exactly like a condition variable that is
// never notified (05_events_and_conditions): nothing is wrong with the executor, the wake-up was
// simply lost. Two ways to lose it are in this file:
//   1. `send` stores the value but never wakes the receiver;
//   2. `poll` stores the FIRST waker it ever saw and ignores later ones. A future can be polled
//      by a different task or executor than last time (`select!`, moving it into another task),
//      and only the waker of the LATEST poll is sure to reach whoever is waiting now.
// Both hang as shipped (mtlings' timeout stops them). Fix the channel; keep the
// `Mutex<Shared<T>>` design. `block_on` (the previous exercise's) is below the line.

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
        let mut shared = self.0.lock().unwrap();
        shared.value = Some(value);
        if let Some(waker) = shared.waker.take() {
            waker.wake(); // 1. keep the promise the receiver's Pending made
        }
    }
}

impl<T> Future for Receiver<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let mut shared = self.0.lock().unwrap();
        if let Some(value) = shared.value.take() {
            return Poll::Ready(value);
        }
        shared.waker = Some(cx.waker().clone()); // 2. always the waker of the latest poll
        Poll::Pending
    }
}

// ---- Don't edit below this line. ----

use std::pin::pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::Wake;
use std::thread::{self, Thread};

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
        self.thread.unpark();
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

/// Wraps a receiver. Its first poll: polls the receiver once with a do-nothing waker if
/// `stale_first` (as if another executor had polled it before), then with the real waker, and
/// only then runs `then` (which starts the sending thread). So the value is always sent after
/// the receiver has said `Pending` to this executor.
struct ThenSend<T> {
    rx: Receiver<T>,
    then: Option<Box<dyn FnOnce() + Send>>,
    stale_first: bool,
}

impl<T> Future for ThenSend<T> {
    type Output = T;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let this = &mut *self;
        if this.stale_first {
            this.stale_first = false;
            let mut noop = Context::from_waker(Waker::noop());
            if let Poll::Ready(v) = Pin::new(&mut this.rx).poll(&mut noop) {
                return Poll::Ready(v);
            }
        }
        let polled = Pin::new(&mut this.rx).poll(cx);
        if polled.is_pending()
            && let Some(then) = this.then.take()
        {
            then();
        }
        polled
    }
}

fn receive_then_send(rx: Receiver<u32>, tx: Sender<u32>, value: u32, stale_first: bool) -> u32 {
    block_on(ThenSend {
        rx,
        then: Some(Box::new(move || {
            thread::spawn(move || tx.send(value));
        })),
        stale_first,
    })
}

fn main() {
    let (tx, rx) = oneshot();
    println!("received {}", receive_then_send(rx, tx, 7, false));
    let (tx, rx) = oneshot();
    println!("received {}", receive_then_send(rx, tx, 8, true));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_sent_before_the_first_poll() {
        let (tx, rx) = oneshot();
        tx.send(5);
        assert_eq!(block_on(rx), 5);
    }

    #[test]
    fn send_wakes_a_waiting_receiver() {
        let (tx, rx) = oneshot();
        assert_eq!(receive_then_send(rx, tx, 42, false), 42);
    }

    #[test]
    fn send_wakes_the_latest_waker() {
        let (tx, rx) = oneshot();
        assert_eq!(receive_then_send(rx, tx, 43, true), 43);
    }

    #[test]
    fn many_channels_across_threads() {
        let total: u32 = (0..50)
            .map(|i| {
                let (tx, rx) = oneshot();
                receive_then_send(rx, tx, i, i % 2 == 0)
            })
            .sum();
        assert_eq!(total, (0..50).sum::<u32>());
    }
}
