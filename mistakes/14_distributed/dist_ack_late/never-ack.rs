// MISTAKE: drops the ACK altogether: the broker waits for acknowledgements that never come
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
        let value = work(n.parse().unwrap());
        writeln!(writer, "RESULT {id} {value}").unwrap(); // the result is acknowledgement enough
    }
}

