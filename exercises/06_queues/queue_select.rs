// queue_select.rs — Waiting on several queues at once, with a timeout
//
// A worker often has more than one thing to wait for: the next job, a "stop" request, and "it has
// been quiet for a while". Blocking on one queue (`for job in jobs`) makes it deaf to the others,
// and checking each queue in turn (Python's way: `q.get(timeout=...)` on one, then the next) hears
// each one late. crossbeam-channel can wait on several channel operations AT ONCE and go with
// whichever is ready first, or with a timeout when none is.
//
// crossbeam channels are also multi-producer AND multi-consumer: a `Receiver` can be cloned, and
// each message goes to exactly one of the receivers. Several workers sharing one jobs queue is a
// small thread pool. A closed channel is ready forever for every receiver (with an `Err`), so
// dropping the one `stop` sender tells every worker at once.
//
// `worker` below only listens to `jobs`. Make it (1) send `Event::Idle` each time no job arrives
// within `idle`, (2) return as soon as `stop` receives a message or is closed, and (3) return
// when `jobs` is closed. A job or a stop must be handled the moment it arrives, even when `idle`
// is an hour.

use crossbeam_channel::{Receiver, Sender};
use std::time::Duration;

#[derive(Debug, PartialEq)]
pub enum Event {
    Done {
        worker: usize,
        job: u64,
        result: u64,
    },
    Idle {
        worker: usize,
    },
}

pub fn worker(
    id: usize,
    jobs: Receiver<u64>,
    stop: Receiver<()>,
    events: Sender<Event>,
    idle: Duration,
) {
    let _ = (stop, idle); // not listened to yet
    for job in jobs.iter() {
        let result = job * job;
        events
            .send(Event::Done {
                worker: id,
                job,
                result,
            })
            .unwrap();
    }
}

// ---- Don't edit below this line. ----

fn main() {
    let (jobs_tx, jobs) = crossbeam_channel::unbounded();
    let (stop_tx, stop) = crossbeam_channel::unbounded();
    let (events_tx, events) = crossbeam_channel::unbounded();
    let workers: Vec<_> = (0..2)
        .map(|id| {
            let (jobs, stop, events_tx) = (jobs.clone(), stop.clone(), events_tx.clone());
            std::thread::spawn(move || worker(id, jobs, stop, events_tx, Duration::from_millis(5)))
        })
        .collect();
    for job in 1..=4 {
        jobs_tx.send(job).unwrap();
    }
    let mut done = 0;
    while done < 4 {
        let event = events.recv().unwrap();
        if matches!(event, Event::Done { .. }) {
            done += 1;
        }
        println!("{event:?}");
    }
    drop(stop_tx); // closing `stop` tells every worker at once
    for w in workers {
        w.join().unwrap();
    }
    println!("both workers stopped");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossbeam_channel::{bounded, unbounded};
    use std::collections::HashSet;
    use std::thread;

    const IDLE: Duration = Duration::from_millis(10);
    const AN_HOUR: Duration = Duration::from_secs(3600);
    const GUARD: Duration = Duration::from_millis(1500);

    /// Starts `n` workers; each reports on `finished` when its `worker` call returns.
    fn start(
        n: usize,
        jobs: &Receiver<u64>,
        stop: &Receiver<()>,
        events: &Sender<Event>,
        idle: Duration,
    ) -> Receiver<usize> {
        let (finished_tx, finished) = unbounded();
        for id in 0..n {
            let (jobs, stop, events) = (jobs.clone(), stop.clone(), events.clone());
            let finished_tx = finished_tx.clone();
            thread::spawn(move || {
                worker(id, jobs, stop, events, idle);
                let _ = finished_tx.send(id);
            });
        }
        finished
    }

    fn all_finish(finished: &Receiver<usize>, n: usize, why: &str) {
        for _ in 0..n {
            finished
                .recv_timeout(GUARD)
                .unwrap_or_else(|_| panic!("a worker did not return {why}"));
        }
    }

    #[test]
    fn quiet_worker_reports_idle() {
        let (jobs_tx, jobs) = unbounded();
        let (stop_tx, stop) = unbounded();
        let (events_tx, events) = unbounded();
        let finished = start(1, &jobs, &stop, &events_tx, IDLE);
        let first = events.recv_timeout(GUARD).unwrap_or_else(|_| {
            panic!(
                "no job came and no Event::Idle either: when nothing arrives within `idle`, report Idle and keep waiting"
            )
        });
        assert_eq!(
            first,
            Event::Idle { worker: 0 },
            "with no jobs, the first event is Idle"
        );
        jobs_tx.send(7).unwrap();
        let done = events
            .iter()
            .find(|e| matches!(e, Event::Done { .. }))
            .unwrap();
        assert_eq!(
            done,
            Event::Done {
                worker: 0,
                job: 7,
                result: 49
            }
        );
        drop(stop_tx);
        all_finish(&finished, 1, "after the stop channel was closed");
    }

    #[test]
    fn stop_message_stops_a_waiting_worker() {
        let (jobs_tx, jobs) = unbounded::<u64>(); // jobs stays open
        let (stop_tx, stop) = unbounded();
        let (events_tx, events) = unbounded();
        let finished = start(1, &jobs, &stop, &events_tx, AN_HOUR);
        jobs_tx.send(3).unwrap();
        let done = events.recv_timeout(GUARD).unwrap_or_else(|_| {
            panic!("with an idle timeout of an hour, a job waited: wait for jobs, stop and the timeout at once")
        });
        assert_eq!(
            done,
            Event::Done {
                worker: 0,
                job: 3,
                result: 9
            }
        );
        stop_tx.send(()).unwrap();
        all_finish(
            &finished,
            1,
            "after a stop message while `jobs` was still open (idle timeout: an hour)",
        );
    }

    #[test]
    fn closing_stop_stops_every_worker() {
        let (_jobs_tx, jobs) = unbounded::<u64>(); // jobs stays open
        let (stop_tx, stop) = unbounded::<()>();
        let (events_tx, _events) = unbounded();
        let finished = start(3, &jobs, &stop, &events_tx, AN_HOUR);
        drop(stop_tx);
        all_finish(
            &finished,
            3,
            "after the stop channel was closed (idle timeout: an hour)",
        );
    }

    #[test]
    fn many_producers_many_consumers() {
        let (jobs_tx, jobs) = bounded(8);
        let (_stop_tx, stop) = unbounded::<()>(); // stop stays open
        let (events_tx, events) = unbounded();
        let finished = start(4, &jobs, &stop, &events_tx, AN_HOUR);
        drop(events_tx);
        let producers: Vec<_> = (0..3u64)
            .map(|p| {
                let jobs_tx = jobs_tx.clone();
                thread::spawn(move || (0..100).for_each(|i| jobs_tx.send(p * 1000 + i).unwrap()))
            })
            .collect();
        drop(jobs_tx);
        all_finish(&finished, 4, "after every jobs sender was dropped");
        for p in producers {
            p.join().unwrap();
        }
        let mut seen = HashSet::new();
        for event in events.try_iter() {
            if let Event::Done { job, result, .. } = event {
                assert_eq!(result, job * job);
                assert!(seen.insert(job), "job {job} was done twice");
            }
        }
        assert_eq!(
            seen.len(),
            300,
            "expected 300 jobs done, got {}",
            seen.len()
        );
    }
}
