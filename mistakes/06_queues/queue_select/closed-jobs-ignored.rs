// MISTAKE: a closed jobs channel is skipped instead of ending the worker
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

use crossbeam_channel::{Receiver, Sender, select};
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
    loop {
        // wait for whichever comes first: a job, a stop, or `idle` of silence
        let event = select! {
            recv(jobs) -> job => match job {
                Ok(job) => Event::Done { worker: id, job, result: job * job },
                Err(_) => continue, // no job this time
            },
            recv(stop) -> _ => return, // a stop message, or the stop channel was closed
            default(idle) => Event::Idle { worker: id },
        };
        if events.send(event).is_err() {
            return; // nobody listens any more
        }
    }
}
