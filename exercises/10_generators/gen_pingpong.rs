// gen_pingpong.rs — Coroutines switch in user space: no thread, no kernel, no lock
//
// The seeds' classic producer/consumer pair written with Python's yield/send:
//
//     def consumer():
//         total, r = 0, ''
//         while True:
//             n = yield r                 # paused until the producer sends
//             total += n
//             r = f'200 OK (total {total})'
//
//     def produce(c):
//         c.send(None)                    # prime: run to the first yield
//         for n in range(1, 6):
//             r = c.send(n)               # switch to the consumer and back
//
// Threads are scheduled by the operating system's kernel: to hand an item to another thread,
// this thread blocks, the kernel saves its registers and stack pointer and switches to the
// other thread, and back again for the reply: two context switches per item. Coroutines are
// scheduled by the program itself: `c.send(n)` is an ordinary jump into the consumer and back
// on the SAME thread, in user space, so it is far cheaper, and because only one of them runs at
// a time they can share data without a lock. (Unlike Python, Rust could just as well run the
// two on two cores in parallel; here we want the cheap hand-over, not parallelism.)
//
// `produce` below hands each item to a consumer THREAD over rendezvous channels. It works, but
// every hand-over goes through the kernel. Turn the consumer into a coroutine: give `Consumer`
// its state and a `send` method (one resume), and call it directly from `produce`, on the
// producer's own thread, with no channel and no Mutex. Keep the log lines exactly as they are.

use std::sync::{Arc, Mutex, mpsc};
use std::thread::{self, ThreadId};

/// What happened, and on which thread.
type Log = Vec<(String, ThreadId)>;

fn record(log: &mut Log, line: String) {
    log.push((line, thread::current().id()));
}

// TODO: the consumer coroutine: its paused state lives here.
struct Consumer {}

fn produce(count: u32) -> Log {
    let log = Arc::new(Mutex::new(Log::new()));
    let (to_consumer, inbox) = mpsc::sync_channel::<u32>(0);
    let (to_producer, replies) = mpsc::sync_channel::<String>(0);

    let consumer_log = Arc::clone(&log);
    let consumer = thread::spawn(move || {
        let mut total = 0;
        for n in inbox {
            total += n;
            record(&mut consumer_log.lock().unwrap(), format!("consume {n}"));
            to_producer.send(format!("200 OK (total {total})")).unwrap();
        }
    });

    for n in 1..=count {
        record(&mut log.lock().unwrap(), format!("produce {n}"));
        to_consumer.send(n).unwrap();
        let reply = replies.recv().unwrap();
        record(&mut log.lock().unwrap(), format!("reply {reply}"));
    }
    drop(to_consumer);
    consumer.join().unwrap();
    Arc::try_unwrap(log).unwrap().into_inner().unwrap()
}

fn main() {
    for (line, _thread) in produce(3) {
        println!("{line}");
    }
    match context_switches_during(|| drop(produce(10_000))) {
        Some(n) => println!("10000 hand-overs cost {n} voluntary context switches"),
        None => println!("(counting context switches needs Linux's RUSAGE_THREAD)"),
    }
}

// ---- Don't edit below this line. ----

/// How many times the calling thread blocked and let the kernel switch away while `f` ran.
#[cfg(target_os = "linux")]
fn context_switches_during(f: impl FnOnce()) -> Option<i64> {
    fn voluntary_switches() -> i64 {
        // SAFETY: getrusage only writes into the zeroed struct we pass it.
        unsafe {
            let mut usage: libc::rusage = std::mem::zeroed();
            assert_eq!(libc::getrusage(libc::RUSAGE_THREAD, &mut usage), 0);
            usage.ru_nvcsw as i64
        }
    }
    let before = voluntary_switches();
    f();
    Some(voluntary_switches() - before)
}

#[cfg(not(target_os = "linux"))]
fn context_switches_during(f: impl FnOnce()) -> Option<i64> {
    f();
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strictly_alternating() {
        let lines: Vec<String> = produce(3).into_iter().map(|(line, _)| line).collect();
        assert_eq!(
            lines,
            [
                "produce 1",
                "consume 1",
                "reply 200 OK (total 1)",
                "produce 2",
                "consume 2",
                "reply 200 OK (total 3)",
                "produce 3",
                "consume 3",
                "reply 200 OK (total 6)",
            ],
            "producer and consumer must take turns, and the consumer must keep its total"
        );
    }

    #[test]
    fn everything_runs_on_the_callers_thread() {
        let me = thread::current().id();
        for (line, thread) in produce(5) {
            assert_eq!(
                thread, me,
                "{line:?} ran on another OS thread: that hand-over went through the kernel; \
                 a coroutine is resumed by a plain call on the same thread"
            );
        }
    }

    #[test]
    fn hand_overs_do_not_block_in_the_kernel() {
        if let Some(switches) = context_switches_during(|| drop(produce(1_000))) {
            assert!(
                switches < 100,
                "1000 hand-overs made this thread block {switches} times; switching between \
                 coroutines should not involve the kernel at all"
            );
        }
    }
}
