//! The messages, the test workers and the test driver of `dist_leases` (14_distributed).
//!
//! The coordinator of the exercise is one tokio task; workers are tasks that send it
//! [`Request`]s over an `mpsc` channel: "give me a job" (answered through a `oneshot` with a
//! [`Lease`], or `None` when there is no more work for them) and "here is the result of my
//! lease". A test [`worker`] behaves as its [`Behaviour`] says: steady, stuck (its machine hung),
//! slow, or late to join. The coordinator logs [`Event`]s with their time on the runtime's
//! clock into a [`Report`]. [`run`] plays one story: it starts the coordinator and the workers
//! (asking for jobs in the order given), asks for a shutdown at `stop_at` if given, and returns
//! the report. On tokio's paused clock a 10 s lease runs out in microseconds of real time.
//!
//! [`Book`] is the coordinator's bookkeeping (pending jobs, leases out, waiting workers, the
//! report), with the operations that are not the exercise's lesson: handing out leases,
//! recording results (a result for a lease that is no longer in `leases` is `Late`), stopping.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::future::Future;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinSet;
use tokio::time::{Instant, timeout};

/// How long a worker may hold a job before it is handed to somebody else.
pub const LEASE: Duration = Duration::from_secs(10);

/// The coordinator's books: pending jobs, leases out, workers waiting for a job.
pub struct Book {
    pub start: Instant,
    pub pending: VecDeque<Job>,
    /// lease id -> (job, worker, expires at)
    pub leases: HashMap<u64, (Job, usize, Instant)>,
    pub waiting: Vec<(usize, oneshot::Sender<Option<Lease>>)>,
    pub next_lease: u64,
    /// False once a shutdown was asked for: no new leases.
    pub leasing: bool,
    pub report: Report,
}

impl Book {
    /// One pending job per input, ids 0, 1, 2...; the clock starts now.
    pub fn new(inputs: &[u64]) -> Book {
        Book {
            start: Instant::now(),
            pending: (0u64..)
                .zip(inputs)
                .map(|(id, n)| Job { id, n: *n })
                .collect(),
            leases: HashMap::new(),
            waiting: Vec::new(),
            next_lease: 0,
            leasing: true,
            report: Report::default(),
        }
    }

    /// Notes `event` in the report, at the time since the start.
    pub fn log(&mut self, event: Event) {
        self.report.events.push((self.start.elapsed(), event));
    }

    /// A worker asks for a job: it waits in line (or is told `None` after a shutdown).
    pub fn ask(&mut self, worker: usize, reply: oneshot::Sender<Option<Lease>>) {
        if self.leasing {
            self.waiting.push((worker, reply));
            self.dispatch();
        } else {
            let _ = reply.send(None);
        }
    }

    /// Hands pending jobs to waiting workers, each with a fresh lease of `LEASE` from now.
    pub fn dispatch(&mut self) {
        while self.leasing && !self.pending.is_empty() && !self.waiting.is_empty() {
            let job = self.pending.pop_front().unwrap();
            let (worker, reply) = self.waiting.remove(0);
            let lease = Lease {
                id: self.next_lease,
                job: job.id,
                n: job.n,
            };
            self.next_lease += 1;
            if reply.send(Some(lease)).is_err() {
                self.pending.push_front(job); // that worker is gone already
                continue;
            }
            let expires = Instant::now() + LEASE;
            self.leases.insert(lease.id, (job.clone(), worker, expires));
            self.log(Event::Leased {
                job: job.id,
                worker,
            });
        }
    }

    /// A result came in: `Done` if its lease is still out, `Late` (ignored) if not.
    pub fn complete(&mut self, worker: usize, lease: Lease, result: u64) {
        match self.leases.remove(&lease.id) {
            Some((job, _, _)) => {
                self.report.results.insert(job.id, result);
                self.log(Event::Done {
                    job: job.id,
                    worker,
                });
            }
            // Its lease is gone: the job went to somebody else, so this result must not count.
            None => self.log(Event::Late {
                job: lease.job,
                worker,
            }),
        }
    }

    /// Graceful shutdown: no new leases from now on; the leases out may still finish.
    pub fn stop(&mut self) {
        self.leasing = false;
        self.log(Event::Stopped);
        for (_, reply) in self.waiting.drain(..) {
            let _ = reply.send(None);
        }
    }

    /// Every job done, or stopped and every lease back (or expired).
    pub fn finished(&self) -> bool {
        self.leases.is_empty() && (self.pending.is_empty() || !self.leasing)
    }

    /// The report, with the jobs never finished.
    pub fn into_report(mut self) -> Report {
        for (_, reply) in self.waiting.drain(..) {
            let _ = reply.send(None);
        }
        let mut unfinished: Vec<u64> = self.pending.iter().map(|j| j.id).collect();
        unfinished.extend(self.leases.values().map(|(j, _, _)| j.id));
        unfinished.sort();
        self.report.unfinished = unfinished;
        self.report
    }
}

/// A job: compute `n * n`.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    pub id: u64,
    pub n: u64,
}

/// A job lent to a worker.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Lease {
    pub id: u64,
    pub job: u64,
    pub n: u64,
}

pub enum Request {
    /// "Give me a job": answered with a lease, or `None` when there is no more work for you.
    Lease {
        worker: usize,
        reply: oneshot::Sender<Option<Lease>>,
    },
    /// "Here is the result of my lease."
    Complete {
        worker: usize,
        lease: Lease,
        result: u64,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    Leased { job: u64, worker: usize },
    Done { job: u64, worker: usize },
    Expired { job: u64, worker: usize },
    Late { job: u64, worker: usize },
    Stopped,
}

#[derive(Debug, Default)]
pub struct Report {
    /// job id -> result.
    pub results: BTreeMap<u64, u64>,
    /// Jobs never finished (after a shutdown), in id order.
    pub unfinished: Vec<u64>,
    /// What happened, with the time since the start (runtime clock).
    pub events: Vec<(Duration, Event)>,
}

/// How a test worker behaves.
#[derive(Clone, Copy)]
pub enum Behaviour {
    /// Takes jobs until told there are none, each taking this long.
    Steady(Duration),
    /// Takes one job and never answers (its machine hung).
    Stuck,
    /// Joins after this long, then takes one job and never answers.
    StuckFrom(Duration),
    /// Takes one job, answers after this long, then quits.
    Slow(Duration),
}

/// A worker task.
pub async fn worker(id: usize, requests: mpsc::Sender<Request>, behaviour: Behaviour) {
    if let Behaviour::StuckFrom(after) = behaviour {
        tokio::time::sleep(after).await;
    }
    loop {
        let (reply, answer) = oneshot::channel();
        let ask = Request::Lease { worker: id, reply };
        if requests.send(ask).await.is_err() {
            return;
        }
        let Ok(Some(lease)) = answer.await else {
            return; // no more work
        };
        let time = match behaviour {
            Behaviour::Steady(t) | Behaviour::Slow(t) => t,
            Behaviour::Stuck | Behaviour::StuckFrom(_) => return std::future::pending().await,
        };
        tokio::time::sleep(time).await;
        let result = lease.n * lease.n;
        let done = Request::Complete {
            worker: id,
            lease,
            result,
        };
        if requests.send(done).await.is_err() || matches!(behaviour, Behaviour::Slow(_)) {
            return;
        }
    }
}

/// Starts `coordinate(inputs, requests, shutdown)` and the workers in the given order; at
/// `stop_at` asks for a shutdown (never, if `None`). Returns the coordinator's report. Fails if
/// the coordinator (or, after a shutdown, a worker) is still running after an hour of the
/// runtime's clock.
pub async fn run<C, F>(
    coordinate: C,
    inputs: Vec<u64>,
    workers: &[Behaviour],
    stop_at: Option<Duration>,
) -> Report
where
    C: FnOnce(Vec<u64>, mpsc::Receiver<Request>, oneshot::Receiver<()>) -> F,
    F: Future<Output = Report> + Send + 'static,
{
    const PATIENCE: Duration = Duration::from_secs(3600);
    let (tx, rx) = mpsc::channel(16);
    let (stop, shutdown) = oneshot::channel();
    let coordinator = tokio::spawn(coordinate(inputs, rx, shutdown));
    let mut set = JoinSet::new();
    for (id, behaviour) in workers.iter().enumerate() {
        set.spawn(worker(id, tx.clone(), *behaviour));
        tokio::task::yield_now().await; // so that workers ask for jobs in this order
    }
    drop(tx);
    if let Some(at) = stop_at {
        tokio::spawn(async move {
            tokio::time::sleep(at).await;
            let _ = stop.send(());
        });
    } else {
        std::mem::forget(stop); // never asks for a shutdown
    }
    let report = timeout(PATIENCE, coordinator).await.unwrap_or_else(|_| {
        panic!(
            "the coordinator was still running after {PATIENCE:?} (paused clock): some job \
             never came back"
        )
    });
    let report = report.unwrap();
    if stop_at.is_some() {
        let quit = timeout(PATIENCE, async { while set.join_next().await.is_some() {} }).await;
        assert!(
            quit.is_ok(),
            "after the shutdown some steady worker never quit"
        );
    }
    report
}

/// How many times `job` was recorded as done.
pub fn times_done(report: &Report, job: u64) -> usize {
    let done = |e: &Event| matches!(e, Event::Done { job: j, .. } if *j == job);
    report.events.iter().filter(|(_, e)| done(e)).count()
}
