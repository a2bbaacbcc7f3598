// exec_mini_executor.rs — Capstone: an executor that polls only what was woken
//
// Put the folder together: an executor runs many tasks on one thread. Each task is a boxed
// future; the executor keeps a RUN QUEUE of tasks that are worth polling, and a task's waker,
// when woken, puts that task back on the queue. The executor pops a task, polls it once, and if
// it is `Pending` forgets about it until its waker sends it back. When the queue is empty but
// tasks are still waiting (on a thread, a timer, a socket), it sleeps on the queue instead of
// spinning. That is the heart of tokio, minus the I/O driver, the timers and the thread pool.
// (Python's asyncio event loop works the same way: callbacks scheduled by futures completing.)
//
// The executor shipped here works, but it is a busy one: `run` polls every unfinished task again
// and again with a do-nothing waker, thousands of times, burning a core while they wait. Rewrite
// `Spawner::spawn` and `Executor::run` (and the types above the line, as you like) so that each
// task is polled once at the start and then once per wake-up. Useful pieces:
// `std::task::Wake` (a waker made from an `Arc<Task>`), `std::sync::mpsc` (a queue whose `recv`
// sleeps), and `JoinHandle` / `join_pair` below the line (a oneshot for the task's result).

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::task::{Context, Wake, Waker};

type BoxFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

/// Spawns tasks onto an `Executor`; cheap to clone and can be moved into tasks.
#[derive(Clone)]
pub struct Spawner {
    new_tasks: Sender<BoxFuture>,
}

impl Spawner {
    pub fn spawn<F>(&self, fut: F) -> JoinHandle<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        let (handle, completer) = join_pair();
        self.new_tasks
            .send(Box::pin(async move {
                completer.finish(fut.await);
            }))
            .unwrap();
        handle
    }
}

pub struct Executor {
    spawner: Spawner,
    new_tasks: Receiver<BoxFuture>,
}

impl Executor {
    pub fn new() -> Executor {
        let (new_tasks_tx, new_tasks) = mpsc::channel();
        Executor {
            spawner: Spawner {
                new_tasks: new_tasks_tx,
            },
            new_tasks,
        }
    }

    pub fn spawner(&self) -> Spawner {
        self.spawner.clone()
    }

    /// Runs until every spawned task (including tasks spawned by tasks) has finished.
    pub fn run(&self) {
        // Polls every unfinished task, again and again, until all of them are done.
        let mut tasks: Vec<BoxFuture> = Vec::new();
        let mut cx = Context::from_waker(Waker::noop());
        loop {
            tasks.extend(self.new_tasks.try_iter());
            if tasks.is_empty() {
                return;
            }
            tasks.retain_mut(|task| task.as_mut().poll(&mut cx).is_pending());
        }
    }
}

impl Default for Executor {
    fn default() -> Self {
        Executor::new()
    }
}

// ---- Don't edit below this line. ----

use std::task::Poll;
use std::thread;

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

/// A future that asks another thread to compute `value * 2` and is ready once that thread
/// has woken it.
pub struct OnAThread {
    value: u64,
    result: Arc<Mutex<Option<u64>>>,
    started: bool,
}

pub fn on_a_thread(value: u64) -> OnAThread {
    OnAThread {
        value,
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
            let (value, result, waker) = (self.value, self.result.clone(), cx.waker().clone());
            thread::spawn(move || {
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

fn main() {
    let executor = Executor::new();
    let spawner = executor.spawner();
    let total = Arc::new(Mutex::new(0));
    let out = total.clone();
    executor.spawner().spawn(async move {
        let handles: Vec<_> = (1..=4).map(|i| spawner.spawn(on_a_thread(i))).collect();
        for h in handles {
            *out.lock().unwrap() += h.await;
        }
    });
    executor.run();
    println!("sum of doubled 1..=4: {}", total.lock().unwrap());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_to_run() {
        Executor::new().run();
    }

    #[test]
    fn join_handles_deliver_results() {
        let executor = Executor::new();
        let spawner = executor.spawner();
        let total = Arc::new(Mutex::new(None));
        let out = total.clone();
        executor.spawner().spawn(async move {
            let handles: Vec<_> = (0..10u64)
                .map(|i| spawner.spawn(async move { on_a_thread(i).await + 1 }))
                .collect();
            let mut sum = 0;
            for h in handles {
                sum += h.await;
            }
            *out.lock().unwrap() = Some(sum);
        });
        executor.run();
        assert_eq!(
            *total.lock().unwrap(),
            Some(100),
            "expected the sum of (2i + 1) for i in 0..10; None means `run` returned before every \
             task had finished (a task waiting for a thread is not finished yet)"
        );
    }

    #[test]
    fn each_task_is_polled_only_when_woken() {
        let executor = Executor::new();
        let spawner = executor.spawner();
        let worker_polls: Vec<Arc<AtomicUsize>> =
            (0..3).map(|_| Arc::new(AtomicUsize::new(0))).collect();
        let joiner_polls = Arc::new(AtomicUsize::new(0));
        let counters = worker_polls.clone();
        let sum = Arc::new(Mutex::new(0));
        let out = sum.clone();
        executor.spawner().spawn(counted(
            async move {
                let handles: Vec<_> = counters
                    .into_iter()
                    .enumerate()
                    .map(|(i, polls)| spawner.spawn(counted(on_a_thread(i as u64), polls)))
                    .collect();
                for h in handles {
                    *out.lock().unwrap() += h.await;
                }
            },
            joiner_polls.clone(),
        ));
        executor.run();
        assert_eq!(*sum.lock().unwrap(), 6);
        for (i, polls) in worker_polls.iter().enumerate() {
            let polls = polls.load(Ordering::SeqCst);
            assert_eq!(
                polls, 2,
                "task {i} waits for one thread that wakes it once, so it needs 2 polls (one to \
                 start, one after the wake); it was polled {polls} times"
            );
        }
        let polls = joiner_polls.load(Ordering::SeqCst);
        assert!(
            polls <= 4,
            "the task awaiting 3 join handles can be woken at most 3 times, so at most 4 polls; \
             it was polled {polls} times"
        );
    }

    #[test]
    fn a_waiting_task_is_left_alone() {
        let executor = Executor::new();
        let spawner = executor.spawner();
        let waiter_polls = Arc::new(AtomicUsize::new(0));
        let got = Arc::new(Mutex::new(None));
        let out = got.clone();
        executor.spawner().spawn(counted(
            async move {
                // A busy task that yields 5 times before it finishes; we wait for it.
                let mut left = 5;
                let busy = spawner.spawn(std::future::poll_fn(move |cx| {
                    if left == 0 {
                        return Poll::Ready("busy task done");
                    }
                    left -= 1;
                    cx.waker().wake_by_ref();
                    Poll::Pending
                }));
                *out.lock().unwrap() = Some(busy.await);
            },
            waiter_polls.clone(),
        ));
        executor.run();
        assert_eq!(*got.lock().unwrap(), Some("busy task done"));
        let polls = waiter_polls.load(Ordering::SeqCst);
        assert_eq!(
            polls, 2,
            "the waiting task is woken once (when the busy task finishes), so it needs 2 polls; \
             it was polled {polls} times: it was polled again each time the busy task was"
        );
    }

    #[test]
    fn a_task_that_wakes_itself() {
        let executor = Executor::new();
        let polls = Arc::new(AtomicUsize::new(0));
        let mut left = 3;
        executor.spawner().spawn(counted(
            std::future::poll_fn(move |cx| {
                if left == 0 {
                    return Poll::Ready(());
                }
                left -= 1;
                cx.waker().wake_by_ref(); // yield: "poll me again after the others"
                Poll::Pending
            }),
            polls.clone(),
        ));
        executor.run();
        assert_eq!(polls.load(Ordering::SeqCst), 4, "3 yields + the final poll");
    }
}
