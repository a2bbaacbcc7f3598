// queue_producers.rs — Many producers, one queue
//
// Python hands the same `Queue` object to every producer. A Rust channel comes in two halves:
// `std::sync::mpsc::channel()` returns a `Sender<T>` and a `Receiver<T>` ("mpsc" = many
// producers, single consumer). A thread that you spawn with `move` takes ownership of what it
// uses, so one `Sender` can be moved into only one thread. For many producers, give each one its
// own clone of the sender: every clone feeds the same queue, and the messages of one producer
// arrive in the order it sent them (messages of different producers interleave freely).
//
// `spawn_producers` moves `tx` into the first thread and then tries to use it again. Make it
// compile and make the tests pass: every producer runs on its own thread, all of them at the same
// time, each sending through its own sender, and `spawn_producers` hands back the receiver at
// once, so the caller reads the messages while the producers are still sending them.
// (`Msg::new`, below the line, stamps a message with the thread that makes it.)

use std::sync::mpsc::{self, Receiver};
use std::thread::{self, ThreadId};

#[derive(Debug)]
pub struct Msg {
    pub producer: usize,
    pub seq: usize,
    pub thread: ThreadId,
}

/// Starts `producers` threads; producer `p` sends `Msg::new(p, seq)` for seq in
/// `0..per_producer`. Returns the receiving end of the shared queue.
pub fn spawn_producers(producers: usize, per_producer: usize) -> Receiver<Msg> {
    let (tx, rx) = mpsc::channel();
    for p in 0..producers {
        let tx = tx.clone(); // each producer owns its own clone of the sender
        thread::spawn(move || {
            for seq in 0..per_producer {
                tx.send(Msg::new(p, seq)).unwrap();
            }
        });
    }
    rx
}

// ---- Don't edit below this line. ----

impl Msg {
    /// Producer `producer`'s message number `seq`, made on (and stamped with) this thread.
    pub fn new(producer: usize, seq: usize) -> Msg {
        #[cfg(test)]
        tests::on_new_message(seq);
        let thread = thread::current().id();
        Msg {
            producer,
            seq,
            thread,
        }
    }
}

fn main() {
    let rx = spawn_producers(3, 4);
    let mut count = [0usize; 3];
    for msg in rx {
        count[msg.producer] += 1;
        println!("producer {} sent message #{}", msg.producer, msg.seq);
    }
    println!("messages per producer: {count:?}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::crowd::{Crowd, Latch};
    use std::collections::HashSet;
    use std::sync::{Arc, Mutex};

    /// What the running test expects: `producers` producers whose first messages are made at the
    /// same time, and whose last messages wait until `spawn_producers` has returned.
    struct Plan {
        producers: usize,
        last: usize,
        first: Crowd,
        returned: Latch,
        late: Mutex<bool>, // a last message gave up waiting for `spawn_producers` to return
    }

    static PLAN: Mutex<Option<Arc<Plan>>> = Mutex::new(None);
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

    pub(super) fn on_new_message(seq: usize) {
        let Some(plan) = PLAN.lock().unwrap().clone() else {
            return;
        };
        if seq == 0 {
            plan.first.pass_together(plan.producers);
        }
        if seq == plan.last && !plan.first.gave_up() && !plan.returned.wait() {
            *plan.late.lock().unwrap() = true;
        }
    }

    /// Runs `spawn_producers(producers, per)` under a plan; returns every message received.
    fn run(producers: usize, per: usize) -> Vec<Msg> {
        let _serial = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        let plan = Arc::new(Plan {
            producers,
            last: per.saturating_sub(1),
            first: Crowd::new(),
            returned: Latch::new(),
            late: Mutex::new(false),
        });
        *PLAN.lock().unwrap() = Some(Arc::clone(&plan));
        let rx = spawn_producers(producers, per);
        plan.returned.open();
        let msgs: Vec<Msg> = rx.iter().collect();
        *PLAN.lock().unwrap() = None;
        assert_eq!(
            plan.first.most(),
            producers,
            "only {} of {producers} producers were running at the same time: start every producer before waiting for any",
            plan.first.most()
        );
        assert!(
            !*plan.late.lock().unwrap(),
            "spawn_producers returned only after the producers had finished: hand back the receiver at once, so the caller reads while they send"
        );
        assert_eq!(
            msgs.len(),
            producers * per,
            "expected {producers} producers x {per} messages on the returned queue, got {}: do all producers send into the same queue?",
            msgs.len()
        );
        msgs
    }

    #[test]
    fn each_producer_is_in_order() {
        let msgs = run(4, 50);
        for p in 0..4 {
            let seqs: Vec<usize> = msgs
                .iter()
                .filter(|m| m.producer == p)
                .map(|m| m.seq)
                .collect();
            assert_eq!(
                seqs,
                (0..50).collect::<Vec<_>>(),
                "producer {p}'s messages should arrive complete and in the order it sent them"
            );
        }
    }

    #[test]
    fn each_producer_has_its_own_thread() {
        for (producers, per) in [(4, 10), (7, 3)] {
            let msgs = run(producers, per);
            let me = thread::current().id();
            assert!(
                msgs.iter().all(|m| m.thread != me),
                "the producers must send from spawned threads, not from the caller's thread"
            );
            for p in 0..producers {
                let threads: HashSet<ThreadId> = msgs
                    .iter()
                    .filter(|m| m.producer == p)
                    .map(|m| m.thread)
                    .collect();
                assert_eq!(
                    threads.len(),
                    1,
                    "producer {p} should make all its messages on one thread"
                );
            }
            let threads: HashSet<ThreadId> = msgs.iter().map(|m| m.thread).collect();
            assert_eq!(
                threads.len(),
                producers,
                "expected {producers} producers on {producers} different threads, saw {} thread(s)",
                threads.len()
            );
        }
    }
}
