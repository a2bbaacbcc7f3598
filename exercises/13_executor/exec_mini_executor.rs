// exec_mini_executor.rs — Capstone: an executor that polls only what was woken
//
// An executor runs many tasks on one thread. It keeps a RUN QUEUE of tasks worth polling; a
// task's waker, when woken, puts that task back on the queue. The executor pops a task, polls it
// once, and if it is `Pending` forgets it until its waker sends it back. When the queue is empty
// but tasks still wait (on a thread, a timer, a socket), it sleeps until one is woken; it returns
// once every task has finished. That is the heart of tokio (and of asyncio's event loop).
//
// The executor shipped here is a busy one: `run` polls every unfinished task again and again
// with a do-nothing waker. Rewrite `Spawner::spawn` and `Executor::run` (and the types above the
// line, as you like) so that each task is polled once at the start and then once per wake-up,
// and the executor thread sleeps while nothing is ready (the tests count polls, and the CPU
// and wake-ups of the executor's thread while a task waits). `JoinHandle`/`join_pair` and the
// tests' futures come from `mtlings_support::exec_probe`.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::task::{Context, Wake, Waker};

use mtlings_support::exec_probe::{JoinHandle, join_pair};

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

use mtlings_support::exec_probe::on_a_thread;

fn main() {
    let executor = Executor::new();
    let handles: Vec<_> = (1..=4)
        .map(|i| executor.spawner().spawn(on_a_thread(i)))
        .collect();
    executor.run();
    let sum: u64 = handles
        .into_iter()
        .map(mtlings_support::exec_probe::block_on)
        .sum();
    println!("sum of doubled 1..=4: {sum}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::exec_probe::{counted, measure, slowly_on_a_thread};
    use std::task::Poll;
    use std::time::Duration;

    /// Runs the executor on a thread; returns its CPU time and sleeps. Fails after 2 s.
    fn run(executor: Executor) -> (Duration, u64) {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || tx.send(measure(|| executor.run())));
        let never = "run never returned, 2 s after its tasks could all have finished";
        rx.recv_timeout(Duration::from_secs(2)).expect(never)
    }

    #[test]
    fn nothing_to_run() {
        assert!(run(Executor::new()).0 < Duration::from_millis(60));
    }

    #[test]
    fn join_handles_deliver_results() {
        let executor = Executor::new();
        let (spawner, total) = (executor.spawner(), Arc::new(Mutex::new(None)));
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
        run(executor);
        assert_eq!(
            *total.lock().unwrap(),
            Some(100),
            "expected the sum of (2i + 1) for i in 0..10; None means `run` returned before every \
             task had finished (a task waiting for a thread is not finished yet)"
        );
    }

    #[test]
    fn a_slow_task_is_waited_for_asleep() {
        let executor = Executor::new();
        let (got, slow) = (Arc::new(Mutex::new(None)), Duration::from_millis(600));
        let out = got.clone();
        executor.spawner().spawn(async move {
            *out.lock().unwrap() = Some(slowly_on_a_thread(21, slow).await);
        });
        let (cpu, sleeps) = run(executor);
        assert_eq!(
            *got.lock().unwrap(),
            Some(42),
            "run returned while its only task was still waiting for a slow thread (600 ms): a \
             quiet queue is not the end; the end is when every task has finished"
        );
        assert!(
            cpu < Duration::from_millis(30),
            "the executor's thread burned {cpu:?} of CPU while its only task waited 600 ms for \
             another thread: it kept checking instead of sleeping until a wake-up"
        );
        assert!(
            sleeps < 50,
            "the executor's thread left the CPU {sleeps} times while its only task waited \
             600 ms: it kept waking up to look (a timed wait or a yield in a loop) instead of \
             sleeping until a task was woken"
        );
    }

    #[test]
    fn each_task_is_polled_only_when_woken() {
        let executor = Executor::new();
        let (spawner, joiner_polls) = (executor.spawner(), Arc::new(AtomicUsize::new(0)));
        let worker_polls: Vec<Arc<AtomicUsize>> =
            (0..3).map(|_| Arc::new(AtomicUsize::new(0))).collect();
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
        run(executor);
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
        let (spawner, waiter_polls) = (executor.spawner(), Arc::new(AtomicUsize::new(0)));
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
        run(executor);
        assert_eq!(*got.lock().unwrap(), Some("busy task done"));
        let polls = waiter_polls.load(Ordering::SeqCst);
        assert_eq!(
            polls, 2,
            "the waiting task is woken once (when the busy task finishes), so it needs 2 polls; \
             it was polled {polls} times: it was polled again each time the busy task was"
        );
    }
}
