// exec_poll_by_hand.rs — A future is a state machine you poll
//
// An `async fn` does nothing when you call it: it returns a future, a state machine that only
// moves when somebody calls its `poll` method. `poll` answers `Poll::Ready(value)` when it is
// done, or `Poll::Pending` ("not yet"), and before saying "not yet" a future must make sure that
// the `Waker` it was handed (in the `Context`) will be woken once it is worth polling again.
// The Python notes drive a generator-based coroutine by calling `send()` on it until it finishes;
// the Rust equivalent is calling `poll` until it is `Ready`. Whoever does that is an executor:
// tokio is one, and in this folder you write your own, starting with the simplest there is.
//
// 1. Write `Countdown::poll`: while `remaining` is above zero, take one off, wake the waker
//    (`cx.waker().wake_by_ref()`: "poll me again, I can go on at once") and return `Pending`;
//    at zero return `Ready("liftoff")`.
// 2. Write `drive`: poll any future in a loop until it is ready, with a waker that does nothing
//    (`std::task::Waker::noop()`), and return its output with the number of polls it took.
//    A future must be pinned before it can be polled: `std::pin::pin!` does that.

use std::future::Future;
use std::pin::{Pin, pin};
use std::task::{Context, Poll, Waker};

/// A future that is `Pending` for `remaining` polls, then `Ready("liftoff")`.
pub struct Countdown {
    pub remaining: u32,
}

impl Future for Countdown {
    type Output = &'static str;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<&'static str> {
        todo!("count down, waking the waker before each Pending")
    }
}

/// Polls `fut` until it is ready; returns its output and how many times it was polled.
pub fn drive<F: Future>(fut: F) -> (F::Output, usize) {
    todo!("poll `fut` with a no-op waker until it is ready")
}

// ---- Don't edit below this line. ----

fn main() {
    let (word, polls) = drive(Countdown { remaining: 3 });
    println!("{word} after {polls} polls");
    let (pair, polls) = drive(async {
        let a = Countdown { remaining: 1 }.await;
        let b = Countdown { remaining: 2 }.await;
        (a, b)
    });
    println!("{pair:?} after {polls} polls");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::task::Wake;

    struct CountingWaker(AtomicUsize);
    impl Wake for CountingWaker {
        fn wake(self: Arc<Self>) {
            self.wake_by_ref();
        }
        fn wake_by_ref(self: &Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[test]
    fn countdown_by_hand() {
        let counter = Arc::new(CountingWaker(AtomicUsize::new(0)));
        let waker = Waker::from(counter.clone());
        let mut cx = Context::from_waker(&waker);
        let mut countdown = Countdown { remaining: 3 };
        for i in 1..=3 {
            let p = Pin::new(&mut countdown).poll(&mut cx);
            assert_eq!(
                p,
                Poll::Pending,
                "poll number {i} of Countdown(3) should be Pending"
            );
            assert_eq!(
                counter.0.load(Ordering::SeqCst),
                i,
                "a future that returns Pending must first arrange to be woken; after {i} \
                 Pending polls the waker should have been woken {i} times"
            );
        }
        let p = Pin::new(&mut countdown).poll(&mut cx);
        assert_eq!(p, Poll::Ready("liftoff"), "the 4th poll of Countdown(3)");
    }

    #[test]
    fn drive_counts_the_polls() {
        assert_eq!(drive(Countdown { remaining: 0 }), ("liftoff", 1));
        assert_eq!(drive(Countdown { remaining: 5 }), ("liftoff", 6));
        assert_eq!(
            drive(std::future::ready(7)),
            (7, 1),
            "a ready future needs one poll"
        );
    }

    #[test]
    fn an_async_block_is_polled_step_by_step() {
        let (pair, polls) = drive(async {
            let a = Countdown { remaining: 1 }.await;
            let b = Countdown { remaining: 2 }.await;
            (a, b)
        });
        assert_eq!(pair, ("liftoff", "liftoff"));
        assert_eq!(
            polls, 4,
            "each poll of the async block polls the countdown it is waiting on: 1 Pending + \
             2 Pending + the final Ready = 4 polls"
        );
    }
}
