// MISTAKE: scoped threads borrow one Sender, so spawn_producers returns only after they all finished
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
    thread::scope(|s| {
        for p in 0..producers {
            let tx = &tx; // Sender is Sync: borrow it instead of cloning
            s.spawn(move || {
                for seq in 0..per_producer {
                    tx.send(Msg::new(p, seq)).unwrap();
                }
            });
        }
    });
    rx
}

