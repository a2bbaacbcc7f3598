//! A toy executor for experiments with futures, in a few lines and without tokio.
//!
//! `run_in_turns` polls a list of futures on the calling thread, one after the other, until all
//! are done: the simplest possible cooperative scheduler. `yield_once` is an `.await` point that
//! hands control back to it once. Used by 00_intro to show that a future runs only when polled
//! and gives up its thread only where it awaits.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

/// A boxed future, as `run_in_turns` takes them.
pub type Task<'a> = Pin<Box<dyn Future<Output = ()> + 'a>>;

/// Polls every task in turn, round robin, on this thread, until every one has finished.
pub fn run_in_turns(mut tasks: Vec<Task<'_>>) {
    let mut cx = Context::from_waker(Waker::noop());
    while !tasks.is_empty() {
        tasks.retain_mut(|task| task.as_mut().poll(&mut cx).is_pending());
    }
}

/// Returns `Pending` once, then `Ready`: awaiting it gives the executor back its thread.
pub fn yield_once() -> impl Future<Output = ()> {
    let mut yielded = false;
    std::future::poll_fn(move |_| {
        if yielded {
            Poll::Ready(())
        } else {
            yielded = true;
            Poll::Pending
        }
    })
}
