// MISTAKE: counts down first and checks after, so Countdown(3) is ready on its third poll
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
        self.remaining = self.remaining.saturating_sub(1);
        if self.remaining == 0 {
            return Poll::Ready("liftoff");
        }
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

/// Polls `fut` until it is ready; returns its output and how many times it was polled.
pub fn drive<F: Future>(fut: F) -> (F::Output, usize) {
    let mut fut = pin!(fut);
    let mut cx = Context::from_waker(Waker::noop());
    let mut polls = 0;
    loop {
        polls += 1;
        if let Poll::Ready(output) = fut.as_mut().poll(&mut cx) {
            return (output, polls);
        }
    }
}

