// MISTAKE: sleeps until a wake-up, then polls every task it knows, woken or not
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

/// A spawned task: its future (taken out while it is polled, `None` once finished) and the
/// run queue its waker sends it back to.
struct Task {
    future: Mutex<Option<BoxFuture>>,
    queue: Sender<Arc<Task>>,
}

impl Wake for Task {
    fn wake(self: Arc<Self>) {
        let queue = self.queue.clone();
        let _ = queue.send(self); // back on the run queue: it is worth polling again
    }
}

/// Spawns tasks onto an `Executor`; cheap to clone and can be moved into tasks.
#[derive(Clone)]
pub struct Spawner {
    queue: Sender<Arc<Task>>,
    unfinished: Arc<AtomicUsize>,
}

impl Spawner {
    pub fn spawn<F>(&self, fut: F) -> JoinHandle<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        let (handle, completer) = join_pair();
        let task = Arc::new(Task {
            future: Mutex::new(Some(Box::pin(async move {
                completer.finish(fut.await);
            }))),
            queue: self.queue.clone(),
        });
        self.unfinished.fetch_add(1, Ordering::SeqCst);
        self.queue.send(task).unwrap(); // a new task is polled once to get it started
        handle
    }
}

pub struct Executor {
    spawner: Spawner,
    queue: Receiver<Arc<Task>>,
}

impl Executor {
    pub fn new() -> Executor {
        let (queue_tx, queue) = mpsc::channel();
        Executor {
            spawner: Spawner {
                queue: queue_tx,
                unfinished: Arc::new(AtomicUsize::new(0)),
            },
            queue,
        }
    }

    pub fn spawner(&self) -> Spawner {
        self.spawner.clone()
    }

    /// Runs until every spawned task (including tasks spawned by tasks) has finished.
    pub fn run(&self) {
        let mut tasks: Vec<Arc<Task>> = Vec::new();
        while self.spawner.unfinished.load(Ordering::SeqCst) > 0 {
            let woken = self.queue.recv().unwrap();
            if !tasks.iter().any(|t| Arc::ptr_eq(t, &woken)) {
                tasks.push(woken);
            }
            for task in &tasks {
                // something happened: give every task a look
                let mut slot = task.future.lock().unwrap();
                let Some(mut future) = slot.take() else {
                    continue;
                };
                let waker = Waker::from(task.clone());
                if future.as_mut().poll(&mut Context::from_waker(&waker)).is_pending() {
                    *slot = Some(future);
                } else {
                    self.spawner.unfinished.fetch_sub(1, Ordering::SeqCst);
                }
            }
        }
    }
}

impl Default for Executor {
    fn default() -> Self {
        Executor::new()
    }
}

