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
// compile and make the tests pass: every producer runs on its own thread and sends through its
// own sender.

use std::sync::mpsc::{self, Receiver};
use std::thread::{self, ThreadId};

#[derive(Debug)]
pub struct Msg {
    pub producer: usize,
    pub seq: usize,
    pub thread: ThreadId,
}

/// Starts `producers` threads; producer `p` sends `Msg { producer: p, seq }` for seq in
/// `0..per_producer`. Returns the receiving end of the shared queue.
pub fn spawn_producers(producers: usize, per_producer: usize) -> Receiver<Msg> {
    let (tx, rx) = mpsc::channel();
    for p in 0..producers {
        thread::spawn(move || {
            for seq in 0..per_producer {
                let msg = Msg {
                    producer: p,
                    seq,
                    thread: thread::current().id(),
                };
                tx.send(msg).unwrap();
            }
        });
    }
    rx
}

// ---- Don't edit below this line. ----

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
    use std::collections::HashSet;

    #[test]
    fn every_message_arrives() {
        let msgs: Vec<Msg> = spawn_producers(4, 50).iter().collect();
        assert_eq!(
            msgs.len(),
            200,
            "expected 4 producers x 50 messages = 200 messages, got {}",
            msgs.len()
        );
    }

    #[test]
    fn each_producer_is_in_order() {
        let msgs: Vec<Msg> = spawn_producers(4, 50).iter().collect();
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
        let msgs: Vec<Msg> = spawn_producers(4, 10).iter().collect();
        let me = thread::current().id();
        assert!(
            msgs.iter().all(|m| m.thread != me),
            "the producers must send from spawned threads, not from the caller's thread"
        );
        for p in 0..4 {
            let threads: HashSet<ThreadId> = msgs
                .iter()
                .filter(|m| m.producer == p)
                .map(|m| m.thread)
                .collect();
            assert_eq!(
                threads.len(),
                1,
                "producer {p} should send all its messages from one thread"
            );
        }
        let threads: HashSet<ThreadId> = msgs.iter().map(|m| m.thread).collect();
        assert_eq!(
            threads.len(),
            4,
            "expected 4 producers on 4 different threads, saw {} thread(s)",
            threads.len()
        );
    }
}
