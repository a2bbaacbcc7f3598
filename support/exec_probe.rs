//! Futures, wakers and meters for 13_executor: the test side of a hand-written executor.
//!
//! An executor is judged by what it polls and when: a future polled although nobody woke it, a
//! waker woken although nothing is ready, or an executor thread that burns CPU while every task
//! waits are all wrong, even when the final answer is right. The pieces here let the tests
//! count those things: [`CountingWaker`] counts wake-ups, [`Counted`] counts polls,
//! [`on_a_thread`] is a future finished (and woken) by another thread, after an optional delay,
//! and [`thread_cpu_time`] reads how much CPU the calling thread has used. [`join_pair`] is the
//! oneshot a spawned task's result travels through.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::thread;
use std::time::Duration;

/// A waker that counts how many times it was woken.
#[derive(Default)]
pub struct CountingWaker(AtomicUsize);

impl CountingWaker {
    /// A new counter and a `Waker` that adds to it.
    pub fn new() -> (Arc<CountingWaker>, Waker) {
        let counter = Arc::new(CountingWaker::default());
        let waker = Waker::from(counter.clone());
        (counter, waker)
    }

    pub fn wakes(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

impl Wake for CountingWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }
    fn wake_by_ref(self: &Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// CPU time used so far by the calling thread (Linux; `None` elsewhere): a thread that sleeps
/// (parked, blocked in `recv`) uses none, one that spins does. One implementation, shared with
/// the threads folder's probes.
pub use crate::thread_watch::thread_cpu_time;

/// CPU time used so far by the calling thread, and how many times it left the CPU (context
/// switches: going to sleep in a wait, a park or a timed wait, or being switched out while it
/// kept running, as a thread that spins with `yield_now` on a busy machine is), where the
/// platform tells (Linux); `None` elsewhere. A thread that waits properly leaves the CPU about
/// once per wait; one that looks again every millisecond, a thousand times a second.
pub fn thread_usage() -> Option<(Duration, u64)> {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: getrusage only writes into the struct we hand it.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        if unsafe { libc::getrusage(libc::RUSAGE_THREAD, &mut usage) } != 0 {
            return None;
        }
        Some((
            thread_cpu_time()?,
            (usage.ru_nvcsw + usage.ru_nivcsw) as u64,
        ))
    }
    #[cfg(not(target_os = "linux"))]
    {
        None
    }
}

struct Slot<T> {
    value: Option<T>,
    waker: Option<Waker>,
}

/// Awaits the result of a spawned task.
pub struct JoinHandle<T>(Arc<Mutex<Slot<T>>>);

/// Delivers the result of a spawned task to its `JoinHandle`.
pub struct Completer<T>(Arc<Mutex<Slot<T>>>);

/// A `JoinHandle` and the `Completer` that finishes it.
pub fn join_pair<T>() -> (JoinHandle<T>, Completer<T>) {
    let slot = Arc::new(Mutex::new(Slot {
        value: None,
        waker: None,
    }));
    (JoinHandle(slot.clone()), Completer(slot))
}

impl<T> Completer<T> {
    pub fn finish(self, value: T) {
        let mut slot = self.0.lock().unwrap();
        slot.value = Some(value);
        if let Some(waker) = slot.waker.take() {
            waker.wake();
        }
    }
}

impl<T> Future for JoinHandle<T> {
    type Output = T;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let mut slot = self.0.lock().unwrap();
        match slot.value.take() {
            Some(value) => Poll::Ready(value),
            None => {
                slot.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

/// A future that asks another thread to compute `value * 2` (taking `delay` of real time, as
/// a slow disk or network would) and is ready once that thread has woken it.
pub struct OnAThread {
    value: u64,
    delay: Duration,
    result: Arc<Mutex<Option<u64>>>,
    started: bool,
}

/// `value * 2`, computed on another thread at once.
pub fn on_a_thread(value: u64) -> OnAThread {
    slowly_on_a_thread(value, Duration::ZERO)
}

/// `value * 2`, computed on another thread that first takes `delay`.
pub fn slowly_on_a_thread(value: u64, delay: Duration) -> OnAThread {
    OnAThread {
        value,
        delay,
        result: Arc::new(Mutex::new(None)),
        started: false,
    }
}

impl Future for OnAThread {
    type Output = u64;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u64> {
        if let Some(v) = *self.result.lock().unwrap() {
            return Poll::Ready(v);
        }
        if !self.started {
            self.started = true;
            let (value, delay) = (self.value, self.delay);
            let (result, waker) = (self.result.clone(), cx.waker().clone());
            thread::spawn(move || {
                if !delay.is_zero() {
                    thread::sleep(delay); // the slow device
                }
                *result.lock().unwrap() = Some(value * 2);
                waker.wake();
            });
        }
        Poll::Pending
    }
}

/// Wraps a future and counts how many times it is polled.
pub struct Counted<F> {
    inner: Pin<Box<F>>,
    polls: Arc<AtomicUsize>,
}

/// `inner`, counting its polls in `polls`.
pub fn counted<F: Future>(inner: F, polls: Arc<AtomicUsize>) -> Counted<F> {
    Counted {
        inner: Box::pin(inner),
        polls,
    }
}

impl<F: Future> Future for Counted<F> {
    type Output = F::Output;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        self.polls.fetch_add(1, Ordering::SeqCst);
        self.inner.as_mut().poll(cx)
    }
}

/// Runs `f` on a thread of its own and panics with `what` and `why` if it has not returned
/// within `patience` of real time (the thread is left behind, asleep). A failure detector for
/// tests whose wrong answers sleep forever.
pub fn returns_within<T: Send + 'static>(
    patience: Duration,
    what: &str,
    why: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    thread::spawn(move || tx.send(f()));
    match rx.recv_timeout(patience) {
        Ok(value) => value,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            panic!("{what}: still waiting after {patience:?}: {why}")
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            panic!("{what}: panicked (its message is above)")
        }
    }
}

/// Wakes the thread that runs [`block_on`].
struct ThreadWaker {
    thread: thread::Thread,
    woken: std::sync::atomic::AtomicBool,
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

/// Runs `fut` to completion on the current thread, parked while it is `Pending` (the
/// `block_on` of exec_block_on, solved).
pub fn block_on<F: Future>(fut: F) -> F::Output {
    let mut fut = std::pin::pin!(fut);
    let signal = Arc::new(ThreadWaker {
        thread: thread::current(),
        woken: std::sync::atomic::AtomicBool::new(false),
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

/// Wraps a future. Its first poll: polls `inner` once with a do-nothing waker if `stale_first`
/// (as if another executor had polled it before), then with the real waker, and only then runs
/// `then` (which may start the thread that makes `inner` ready). So whatever `then` starts
/// always happens after `inner` has answered `Pending` to this executor.
pub struct ThenStart<F> {
    inner: Pin<Box<F>>,
    then: Option<Box<dyn FnOnce() + Send>>,
    stale_first: bool,
}

/// `inner`, running `then` right after its first `Pending` (see [`ThenStart`]).
pub fn then_start<F: Future>(
    inner: F,
    stale_first: bool,
    then: impl FnOnce() + Send + 'static,
) -> ThenStart<F> {
    ThenStart {
        inner: Box::pin(inner),
        then: Some(Box::new(then)),
        stale_first,
    }
}

impl<F: Future> Future for ThenStart<F> {
    type Output = F::Output;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        if self.stale_first {
            self.stale_first = false;
            let mut noop = Context::from_waker(Waker::noop());
            if let Poll::Ready(v) = self.inner.as_mut().poll(&mut noop) {
                return Poll::Ready(v);
            }
        }
        let polled = self.inner.as_mut().poll(cx);
        if polled.is_pending()
            && let Some(then) = self.then.take()
        {
            then();
        }
        polled
    }
}

/// Reads `log` until it shows `target` (true) or `patience` of real time has passed (false).
pub fn log_shows<T: PartialEq>(
    log: &std::sync::mpsc::Receiver<T>,
    target: &T,
    patience: Duration,
) -> bool {
    let give_up = std::time::Instant::now() + patience;
    loop {
        let left = give_up.saturating_duration_since(std::time::Instant::now());
        match log.recv_timeout(left) {
            Ok(seen) if &seen == target => return true,
            Ok(_) => {}
            Err(_) => return false,
        }
    }
}

/// Runs `f` on the calling thread; returns the CPU time it used and how many times the thread
/// left the CPU meanwhile (see [`thread_usage`]); zeros where the platform does not tell.
pub fn measure(f: impl FnOnce()) -> (Duration, u64) {
    let before = thread_usage();
    f();
    let after = thread_usage();
    match (before, after) {
        (Some((c0, s0)), Some((c1, s1))) => (c1 - c0, s1 - s0),
        _ => (Duration::ZERO, 0),
    }
}
