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
// on the SAME thread, in user space, so it is far cheaper. (Unlike Python, Rust could just as
// well run the two on two cores in parallel; here we want the cheap hand-over, not parallelism.)
//
// The seeds add that coroutines "need no locks". Only half true: a coroutine gives up control
// only where it pauses (a `yield` here, an `.await` in async Rust), so a read and a write with
// no pause between them cannot be interleaved. A read, a pause, then a write CAN be: another
// coroutine may run at the pause and change the data in between (11_async shows it).
//
// `produce` below hands each item to a consumer THREAD over rendezvous channels. It works, but
// every hand-over goes through the kernel. Turn the consumer into a coroutine: `Consumer` is its
// paused state and `send` is one resume; `produce` must hand every item over on its own thread,
// with no kernel in between. Keep the log lines exactly as they are.

use std::sync::{Arc, Mutex, mpsc};
use std::thread::{self, ThreadId};

/// What happened, and on which thread.
type Log = Vec<(String, ThreadId)>;

fn record(log: &mut Log, line: String) {
    log.push((line, thread::current().id()));
}

// TODO: the consumer coroutine: its paused state lives here.
struct Consumer {}

impl Consumer {
    fn new() -> Self {
        Consumer {}
    }

    /// One resume, like Python's `c.send(n)`: consume `n` (log "consume N") and return the
    /// reply "200 OK (total T)".
    fn send(&mut self, n: u32, log: &mut Log) -> String {
        let _ = (n, log);
        todo!("resume the consumer with one item")
    }
}

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
    fn each_consumer_keeps_its_own_state() {
        let (mut c1, mut c2) = (Consumer::new(), Consumer::new());
        let mut log = Log::new();
        let replies = [
            c1.send(1, &mut log),
            c2.send(10, &mut log),
            c1.send(2, &mut log),
            c2.send(5, &mut log),
        ];
        assert_eq!(
            replies,
            [
                "200 OK (total 1)",
                "200 OK (total 10)",
                "200 OK (total 3)",
                "200 OK (total 15)"
            ],
            "two consumers resumed in turn: each must keep its own running total between \
             sends, in its own fields"
        );
        let lines: Vec<&str> = log.iter().map(|(line, _)| line.as_str()).collect();
        assert_eq!(
            lines,
            ["consume 1", "consume 10", "consume 2", "consume 5"],
            "Consumer::send logs its \"consume N\" line"
        );
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
