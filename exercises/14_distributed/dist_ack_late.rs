// dist_ack_late.rs — Acknowledge a job only when it is done
//
// In the job server you fixed, the SERVER decided when a job was finished. Message brokers
// (RabbitMQ, SQS, Redis streams) leave that to the WORKER: the broker hands out a job, keeps it
// as "unacknowledged", and hands it out again if the worker's connection ends before it sends
// `ACK`. (Python's `multiprocessing` manager queues are not such brokers: their `task_done()`
// only feeds `join()`; a job taken by a worker that dies is simply gone.) `ACK` tells the broker
// "forget this job, it is taken care of", so WHEN the worker acks is the whole delivery
// guarantee: at most once, maybe never; or at least once, never lost. Work out which order of
// the worker's steps gives which, and for which moments of death.
//
// The protocol: the worker sends `GET`; the broker answers `JOB <id> <n>` or `BYE`; the worker
// sends `RESULT <id> <value>` and `ACK <id>`, in the order it chooses. In the tests, workers die
// at awkward moments: in the middle of a job, and right after an `ACK` (the broker and the
// worker processes are in `mtlings_support::dist_broker`). Make `run_worker` safe: no job may
// be lost, whenever a worker dies. (Dying between the result and the ack would do a job twice;
// real systems send the two in one message or make the work idempotent.)

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;

use mtlings_support::dist_broker::work;

/// The worker process: takes jobs from the broker until it says `BYE`.
pub fn run_worker(stream: TcpStream) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    loop {
        writeln!(writer, "GET").unwrap();
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap() == 0 {
            return;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        let ["JOB", id, n] = words.as_slice() else {
            return; // BYE
        };
        writeln!(writer, "ACK {id}").unwrap(); // got it!
        let value = work(n.parse().unwrap());
        writeln!(writer, "RESULT {id} {value}").unwrap();
    }
}

// ---- Don't edit below this line. ----

use mtlings_support::dist_broker::{Broker, run_as_worker, spawn_worker, start_broker};
use mtlings_support::dist_proc::ChildGuard;
use std::sync::Arc;
use std::time::Duration;

fn main() {
    if run_as_worker(run_worker) {
        return;
    }
    let broker = Arc::new(Broker::new(&(10..16).collect::<Vec<u64>>()));
    let addr = start_broker(broker.clone());
    let _ = spawn_worker(&addr, true, false).0.wait();
    let _workers: Vec<ChildGuard> = (0..2).map(|_| spawn_worker(&addr, false, false)).collect();
    let results = broker.wait_all_done_for(Duration::from_secs(10));
    println!("results despite one crashed worker: {results:?}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::dist_broker::Results;

    /// Not a real test: the entry point of the worker processes.
    #[test]
    fn child_entry() {
        run_as_worker(run_worker);
    }

    fn sum_of_digits_of_cube(n: u64) -> u64 {
        (n * n * n)
            .to_string()
            .bytes()
            .map(|b| u64::from(b - b'0'))
            .sum()
    }

    fn all_done(broker: &Broker) -> Results {
        broker
            .wait_all_done_for(Duration::from_secs(3))
            .unwrap_or_else(|open| panic!("3 s after the workers started, {open}"))
    }

    fn check(inputs: &[u64], results: &Results, why_lost: &str) {
        for (id, n) in inputs.iter().enumerate() {
            let got = results.get(&(id as u64)).cloned().unwrap_or_default();
            assert!(!got.is_empty(), "job {id} was never done: {why_lost}");
            assert_eq!(
                got,
                vec![sum_of_digits_of_cube(*n)],
                "job {id} should be done once"
            );
        }
    }

    #[test]
    fn two_workers() {
        let inputs: Vec<u64> = (1..=12).collect();
        let broker = Arc::new(Broker::new(&inputs));
        let addr = start_broker(broker.clone());
        let _workers: Vec<ChildGuard> = (0..2).map(|_| spawn_worker(&addr, false, true)).collect();
        check(&inputs, &all_done(&broker), "no worker died here");
    }

    #[test]
    fn a_worker_dies_in_the_middle_of_a_job() {
        let inputs: Vec<u64> = (100..110).collect();
        let broker = Arc::new(Broker::new(&inputs));
        let addr = start_broker(broker.clone());
        // This worker takes job 0 and dies while working on it.
        let status = spawn_worker(&addr, true, true).0.wait().unwrap();
        assert_eq!(
            status.code(),
            Some(101),
            "the crashing worker should die in `work`"
        );
        let _workers: Vec<ChildGuard> = (0..2).map(|_| spawn_worker(&addr, false, true)).collect();
        let why = "its worker acknowledged it, then died before finishing it, so the broker did \
                   not hand it out again";
        check(&inputs, &all_done(&broker), why);
    }

    #[test]
    fn a_worker_dies_right_after_its_ack() {
        let inputs: Vec<u64> = (20..28).collect();
        let broker = Arc::new(Broker::cutting_after_first_ack(&inputs));
        let addr = start_broker(broker.clone());
        // The first worker's connection is cut the instant its first ACK arrives.
        let _first_worker = spawn_worker(&addr, false, true);
        let Some(first) = broker.first_ack_within(Duration::from_secs(3)) else {
            panic!("3 s after it started, the first worker had not acknowledged any job");
        };
        let _workers: Vec<ChildGuard> = (0..2).map(|_| spawn_worker(&addr, false, true)).collect();
        let why = format!(
            "its worker acknowledged it (job {first} was the first ACK) and died right after; \
             whatever it meant to send after the ACK never arrived, and the broker, told the job \
             was taken care of, did not hand it out again"
        );
        check(&inputs, &all_done(&broker), &why);
    }
}
