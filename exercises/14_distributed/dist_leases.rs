// dist_leases.rs — Leases: a job comes back when its worker goes quiet
//
// In the last exercise the server learned that a worker was dead because its TCP connection
// closed. Often nothing closes: the worker's machine hangs, the network drops packets, the worker
// is merely very slow. The usual answer is a LEASE: a job is lent to a worker for a fixed time
// (`LEASE`), and if no result arrives by then the job goes back on the queue for someone else. A
// result that arrives after its lease expired is ignored: the job now belongs to someone else,
// and accepting both would do it twice. Here the coordinator is one tokio task and the workers
// are tasks sending it requests over an `mpsc` channel; on tokio's paused clock a 10 s lease
// expires in microseconds of real time, so the tests can play out long stories exactly.
//
// The coordinator also supports a GRACEFUL SHUTDOWN: once told to stop it hands out no new
// leases (waiting workers get `None` and quit), but it keeps accepting the results of the leases
// already out, and returns when they are all in (or expired). Jobs never handed out are reported
// as unfinished.
//
// As shipped, leases never expire (a stuck worker keeps its job forever) and shutdown drops the
// work in progress on the floor. Fix both in `Book` and `coordinate`.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;

/// How long a worker may hold a job before it is handed to somebody else.
pub const LEASE: Duration = Duration::from_secs(10);

/// The coordinator's books: pending jobs, leases out, workers waiting for a job.
struct Book {
    start: Instant,
    pending: VecDeque<Job>,
    leases: HashMap<u64, (Job, usize, Instant)>, // lease id -> (job, worker, expires at)
    waiting: Vec<(usize, oneshot::Sender<Option<Lease>>)>,
    next_lease: u64,
    leasing: bool,
    report: Report,
}

impl Book {
    /// Hands pending jobs to waiting workers, each with a fresh lease.
    fn dispatch(&mut self) {
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

    fn complete(&mut self, worker: usize, lease: Lease, result: u64) {
        match self.leases.remove(&lease.id) {
            Some((job, _, _)) => {
                self.report.results.insert(job.id, result);
                self.log(Event::Done {
                    job: job.id,
                    worker,
                });
            }
            // Its lease expired: the job went to somebody else, so this result must not count.
            None => self.log(Event::Late {
                job: lease.job,
                worker,
            }),
        }
    }

    /// Graceful shutdown: no new leases from now on; the leases out may still finish.
    fn stop(&mut self) {
        self.leasing = false;
        self.log(Event::Stopped);
        for (_, reply) in self.waiting.drain(..) {
            let _ = reply.send(None);
        }
    }

    fn finished(&self) -> bool {
        self.leases.is_empty() && (self.pending.is_empty() || !self.leasing)
    }
}

/// Runs the job queue until every job is done, or until a shutdown has been asked for and the
/// leases still out have come back or expired.
pub async fn coordinate(
    inputs: Vec<u64>,
    mut requests: mpsc::Receiver<Request>,
    mut shutdown: oneshot::Receiver<()>,
) -> Report {
    let mut book = Book::new(&inputs);
    let mut shutdown_seen = false;
    while !book.finished() {
        tokio::select! {
            Some(request) = requests.recv() => match request {
                Request::Lease { worker, reply } => {
                    if book.leasing {
                        book.waiting.push((worker, reply));
                        book.dispatch();
                    } else {
                        let _ = reply.send(None);
                    }
                }
                Request::Complete { worker, lease, result } => book.complete(worker, lease, result),
            },
            asked = &mut shutdown, if !shutdown_seen => {
                shutdown_seen = true;
                if asked.is_ok() {
                    book.stop();
                    break;
                }
            }
            else => break,
        }
    }
    book.into_report()
}

// ---- Don't edit below this line. ----

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

impl Book {
    fn new(inputs: &[u64]) -> Book {
        Book {
            start: Instant::now(),
            pending: inputs
                .iter()
                .enumerate()
                .map(|(i, n)| Job {
                    id: i as u64,
                    n: *n,
                })
                .collect(),
            leases: HashMap::new(),
            waiting: Vec::new(),
            next_lease: 0,
            leasing: true,
            report: Report::default(),
        }
    }

    fn log(&mut self, event: Event) {
        self.report.events.push((self.start.elapsed(), event));
    }

    fn into_report(mut self) -> Report {
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

/// How a test worker behaves.
#[derive(Clone, Copy)]
pub enum Behaviour {
    /// Takes jobs until told there are none, each taking this long.
    Steady(Duration),
    /// Takes one job and never answers (its machine hung).
    Stuck,
    /// Takes one job, answers after this long, then quits.
    Slow(Duration),
}

/// A worker task.
pub async fn worker(id: usize, requests: mpsc::Sender<Request>, behaviour: Behaviour) {
    loop {
        let (reply, answer) = oneshot::channel();
        if requests
            .send(Request::Lease { worker: id, reply })
            .await
            .is_err()
        {
            return;
        }
        let Ok(Some(lease)) = answer.await else {
            return; // no more work
        };
        let time = match behaviour {
            Behaviour::Steady(t) | Behaviour::Slow(t) => t,
            Behaviour::Stuck => return std::future::pending().await,
        };
        tokio::time::sleep(time).await;
        let done = Request::Complete {
            worker: id,
            lease,
            result: lease.n * lease.n,
        };
        if requests.send(done).await.is_err() || matches!(behaviour, Behaviour::Slow(_)) {
            return;
        }
    }
}

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()
        .unwrap();
    let report = rt.block_on(async {
        let (tx, rx) = mpsc::channel(16);
        let (_stop, shutdown) = oneshot::channel();
        tokio::spawn(worker(0, tx.clone(), Behaviour::Stuck));
        tokio::spawn(worker(1, tx, Behaviour::Steady(Duration::from_secs(2))));
        coordinate(vec![1, 2, 3, 4], rx, shutdown).await
    });
    for (at, event) in &report.events {
        println!("{:>4}s {event:?}", at.as_secs());
    }
    println!("results: {:?}", report.results);
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::task::JoinSet;
    use tokio::time::timeout;

    const PATIENCE: Duration = Duration::from_secs(3600);

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    /// Starts the coordinator and the workers in the given order; `stop_at` asks for a shutdown.
    async fn run(inputs: Vec<u64>, workers: &[Behaviour], stop_at: Option<Duration>) -> Report {
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

    fn times_done(report: &Report, job: u64) -> usize {
        report
            .events
            .iter()
            .filter(|(_, e)| matches!(e, Event::Done { job: j, .. } if *j == job))
            .count()
    }

    #[tokio::test(start_paused = true)]
    async fn a_stuck_workers_job_is_leased_again() {
        let steady = Behaviour::Steady(secs(1));
        let report = run(vec![1, 2, 3, 4], &[Behaviour::Stuck, steady], None).await;
        assert_eq!(
            report.results,
            BTreeMap::from([(0, 1), (1, 4), (2, 9), (3, 16)]),
            "wrong results"
        );
        assert!(
            report
                .events
                .contains(&(secs(10), Event::Expired { job: 0, worker: 0 })),
            "the stuck worker took job 0 at 0 s, so its lease should expire at 10 s: {:?}",
            report.events
        );
        assert_eq!(
            report.events.last(),
            Some(&(secs(11), Event::Done { job: 0, worker: 1 })),
            "worker 1 should take job 0 again at 10 s and finish it at 11 s"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_late_result_is_not_counted() {
        // Worker 0 takes job 0 and answers after 12 s: 2 s after its lease ran out.
        let workers = [Behaviour::Slow(secs(12)), Behaviour::Steady(secs(5))];
        let report = run(vec![1, 2, 3, 4], &workers, None).await;
        for job in 0..4 {
            assert_eq!(
                times_done(&report, job),
                1,
                "job {job} should be done exactly once: {:?}",
                report.events
            );
        }
        assert!(
            report
                .events
                .contains(&(secs(12), Event::Late { job: 0, worker: 0 })),
            "worker 0's result for job 0 came at 12 s, after its lease expired at 10 s; it must \
             be recorded as Late, not Done: {:?}",
            report.events
        );
        assert_eq!(
            report.events.last(),
            Some(&(secs(20), Event::Done { job: 0, worker: 1 })),
            "job 0 went back to the queue at 10 s and worker 1 did it from 15 s to 20 s"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn shutdown_lets_work_in_progress_finish() {
        let steady = Behaviour::Steady(secs(3));
        let report = run((1..=10).collect(), &[steady, steady], Some(secs(4))).await;
        assert_eq!(
            report.results,
            BTreeMap::from([(0, 1), (1, 4), (2, 9), (3, 16)]),
            "jobs 0 and 1 were done at 3 s; jobs 2 and 3 were in progress at the 4 s shutdown \
             and should be allowed to finish at 6 s; no other job should be started"
        );
        assert_eq!(
            report.unfinished,
            (4..10).collect::<Vec<u64>>(),
            "unfinished jobs"
        );
        let leased_after_stop = report
            .events
            .iter()
            .skip_while(|(_, e)| *e != Event::Stopped)
            .filter(|(_, e)| matches!(e, Event::Leased { .. }))
            .count();
        assert_eq!(
            leased_after_stop, 0,
            "no job may be leased after the shutdown"
        );
        assert_eq!(
            report.events.last().map(|(at, _)| *at),
            Some(secs(6)),
            "the coordinator should return once the last lease came back, at 6 s"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn all_steady() {
        let steady = Behaviour::Steady(secs(1));
        let report = run((1..=6).collect(), &[steady, steady, steady], None).await;
        assert_eq!(report.results.len(), 6);
        assert!(report.unfinished.is_empty());
        assert_eq!(report.events.last().map(|(at, _)| *at), Some(secs(2)));
    }
}
