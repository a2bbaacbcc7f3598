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
        let mut shared = self.0.lock().unwrap();
        shared.value = Some(value);
        // The receiver will find the value the next time it is polled.
    }
}

impl<T> Future for Receiver<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let mut shared = self.0.lock().unwrap();
        if let Some(value) = shared.value.take() {
            return Poll::Ready(value);
        }
        if shared.waker.is_none() {
            shared.waker = Some(cx.waker().clone());
        }
        Poll::Pending
    }
}

// ---- Don't edit below this line. ----

use mtlings_support::exec_probe::{block_on, then_start};
use std::thread;

/// Receives on `rx` with `block_on`; `tx` sends `value` from another thread, started only after
/// the receiver has said `Pending` (after a first poll by "another executor" if `stale_first`).
fn receive_then_send(rx: Receiver<u32>, tx: Sender<u32>, value: u32, stale_first: bool) -> u32 {
    block_on(then_start(rx, stale_first, move || {
        thread::spawn(move || tx.send(value));
    }))
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
    use mtlings_support::exec_probe::{CountingWaker, returns_within};
    use std::time::Duration;

    fn returns<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
        returns_within(
            Duration::from_secs(2),
            what,
            "block_on never got the value: a wake-up was lost",
            f,
        )
    }

    fn poll_with(rx: &mut Receiver<u32>, waker: &Waker) -> Poll<u32> {
        Pin::new(rx).poll(&mut Context::from_waker(waker))
    }

    #[test]
    fn send_wakes_the_waiting_receiver_once() {
        let (tx, mut rx) = oneshot();
        let (counter, waker) = CountingWaker::new();
        assert_eq!(
            poll_with(&mut rx, &waker),
            Poll::Pending,
            "nothing was sent yet"
        );
        assert_eq!(
            counter.wakes(),
            0,
            "the receiver woke itself though no value was there: the executor would poll it \
             again and again for nothing (busy-polling)"
        );
        thread::spawn(move || tx.send(9)).join().unwrap();
        assert_eq!(
            counter.wakes(),
            1,
            "send stored the value, but the waker of the receiver's Pending poll was woken {} \
             times: an executor that sleeps until woken never polls it again",
            counter.wakes()
        );
        assert_eq!(poll_with(&mut rx, &waker), Poll::Ready(9));
    }

    #[test]
    fn send_wakes_the_waker_of_the_latest_poll() {
        let (tx, mut rx) = oneshot();
        let (first, first_waker) = CountingWaker::new();
        let (latest, latest_waker) = CountingWaker::new();
        assert!(poll_with(&mut rx, &first_waker).is_pending());
        assert!(poll_with(&mut rx, &latest_waker).is_pending()); // now polled by someone else
        tx.send(10);
        assert_eq!(
            latest.wakes(),
            1,
            "the receiver was polled first with waker A, then with waker B (another task now \
             waits on it); send woke A {} time(s) and B {} time(s): B is the one that counts",
            first.wakes(),
            latest.wakes()
        );
    }

    /// A waker that, at the moment it is woken, looks whether the value is there to be found.
    struct LookingWaker {
        shared: Arc<Mutex<Shared<u32>>>,
        found: Mutex<Vec<bool>>,
    }

    impl std::task::Wake for LookingWaker {
        fn wake(self: Arc<Self>) {
            self.wake_by_ref();
        }
        fn wake_by_ref(self: &Arc<Self>) {
            // If the sender still holds the lock, the receiver cannot look before it lets go.
            if let Ok(shared) = self.shared.try_lock() {
                self.found.lock().unwrap().push(shared.value.is_some());
            }
        }
    }

    #[test]
    fn the_value_is_there_when_the_receiver_is_woken() {
        let (tx, mut rx) = oneshot();
        let looking = Arc::new(LookingWaker {
            shared: rx.0.clone(),
            found: Mutex::new(Vec::new()),
        });
        let waker = Waker::from(looking.clone());
        assert!(poll_with(&mut rx, &waker).is_pending());
        thread::spawn(move || tx.send(11)).join().unwrap();
        let found = looking.found.lock().unwrap().clone();
        assert!(
            !found.contains(&false),
            "the receiver was woken while there was no value yet to find: woken at that moment, \
             it looks, finds nothing, and waits again, and nobody wakes it a second time"
        );
    }

    #[test]
    fn value_sent_before_the_first_poll() {
        let (tx, rx) = oneshot();
        tx.send(5);
        assert_eq!(
            returns("a value sent before the first poll", || block_on(rx)),
            5
        );
    }

    #[test]
    fn many_channels_across_threads() {
        let total: u32 = returns("50 channels", || {
            (0..50)
                .map(|i| {
                    let (tx, rx) = oneshot();
                    receive_then_send(rx, tx, i, i % 2 == 0)
                })
                .sum()
        });
        assert_eq!(total, (0..50).sum::<u32>());
    }
}
