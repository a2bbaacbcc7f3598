// queue_maxsize.rs — put_nowait and get_nowait: Full and Empty
//
// Python's bounded queue has non-blocking twins of `put`/`get`: `q.put_nowait(x)` raises
// `queue.Full` instead of waiting for room, and `q.get_nowait()` raises `queue.Empty` instead of
// waiting for an item. Rust's bounded channel has the same pair on its two halves, returning
// errors instead of raising. Their errors tell a third story too: the other end is gone for good,
// so waiting would be pointless (Python's queue tells that only since 3.13, with
// `queue.ShutDown` after `q.shutdown()`).
//
// std has no `q.full()`, `q.empty()` or `q.qsize()`. With several threads the answer can be wrong
// before you act on it (`if not q.full(): q.put(x)` is a check-then-act race), so you just try and
// handle the error. (crossbeam-channel's `len`/`is_full`/`is_empty` exist, for monitoring.)
//
// `put_nowait` and `get_nowait` below block like `put`/`get`. Make them return at once with the
// right error: never wait, not even a little, and never mistake one error for another. Python's `Queue(maxsize=0)` is unbounded, but `sync_channel(0)` is a rendezvous
// queue that holds nothing: a `try_send` there succeeds only if a receiver is already waiting.

use std::sync::mpsc::{Receiver, SyncSender};

/// Why `put_nowait` could not queue the item (the item is handed back).
#[derive(Debug, PartialEq)]
pub enum PutError<T> {
    /// Python's `queue.Full`: no room right now.
    Full(T),
    /// The receiver is gone: the item can never be received.
    Closed(T),
}

/// Why `get_nowait` returned no item.
#[derive(Debug, PartialEq)]
pub enum GetError {
    /// Python's `queue.Empty`: nothing queued right now, but senders still exist.
    Empty,
    /// Nothing queued and every sender is gone: nothing will ever come.
    Closed,
}

/// Python's `q.put_nowait(item)`: queue the item if there is room, never wait.
pub fn put_nowait<T>(tx: &SyncSender<T>, item: T) -> Result<(), PutError<T>> {
    tx.send(item).map_err(|e| PutError::Closed(e.0))
}

/// Python's `q.get_nowait()`: take the oldest item if there is one, never wait.
pub fn get_nowait<T>(rx: &Receiver<T>) -> Result<T, GetError> {
    rx.recv().map_err(|_| GetError::Closed)
}

// ---- Don't edit below this line. ----

fn main() {
    let (tx, rx) = std::sync::mpsc::sync_channel(2); // Python: Queue(maxsize=2)
    for x in 1..=3 {
        println!("put_nowait({x}) -> {:?}", put_nowait(&tx, x));
    }
    for _ in 0..3 {
        println!("get_nowait() -> {:?}", get_nowait(&rx));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::crowd::or_hung;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering::SeqCst};
    use std::sync::mpsc::sync_channel;
    use std::thread;

    /// Runs `f` on a helper thread; fails the test if it does not return: a `_nowait` call must
    /// never wait.
    fn must_not_block<R: Send + 'static>(what: &str, f: impl FnOnce() -> R + Send + 'static) -> R {
        let hung = format!(
            "{what} blocked: a _nowait call must return an error at once instead of waiting"
        );
        or_hung(&hung, f)
    }

    /// Runs `f` while a helper thread keeps offering `partner` to the other end of a rendezvous
    /// queue: the offer is taken only by a call that is waiting at that moment.
    fn with_a_partner<R>(partner: impl Fn() -> bool + Send + 'static, f: impl FnOnce() -> R) -> R {
        let stop = Arc::new(AtomicBool::new(false));
        let s = Arc::clone(&stop);
        let helper = thread::spawn(move || {
            while !s.load(SeqCst) && !partner() {
                thread::yield_now();
            }
        });
        let r = f();
        stop.store(true, SeqCst);
        helper.join().unwrap();
        r
    }

    #[test]
    fn get_nowait_does_not_wait_at_all() {
        let (tx, rx) = sync_channel::<u32>(0);
        let got = with_a_partner(
            move || tx.try_send(42).is_ok(),
            || {
                must_not_block("get_nowait on an empty queue", move || {
                    [get_nowait(&rx), get_nowait(&rx)]
                })
            },
        );
        assert_eq!(
            got,
            [Err(GetError::Empty), Err(GetError::Empty)],
            "get_nowait waited for an item, and a sender that came along meanwhile handed one over: it must not wait at all"
        );
    }

    #[test]
    fn put_nowait_does_not_wait_at_all() {
        let (tx, rx) = sync_channel::<u32>(0);
        let put = with_a_partner(
            move || rx.try_recv().is_ok(),
            || {
                must_not_block("put_nowait on a full queue", move || {
                    [put_nowait(&tx, 1), put_nowait(&tx, 2)]
                })
            },
        );
        assert_eq!(
            put,
            [Err(PutError::Full(1)), Err(PutError::Full(2))],
            "put_nowait waited for room, and a receiver that came along meanwhile took the item: it must not wait at all"
        );
    }

    #[test]
    fn full_queue_says_full() {
        let (tx, rx) = sync_channel(2);
        let results = must_not_block("put_nowait on a full queue", move || {
            let r = [put_nowait(&tx, 1), put_nowait(&tx, 2), put_nowait(&tx, 3)];
            drop(rx);
            r
        });
        assert_eq!(
            results,
            [Ok(()), Ok(()), Err(PutError::Full(3))],
            "a queue of maxsize 2 takes two items and then reports Full, handing the item back"
        );
    }

    #[test]
    fn empty_queue_says_empty() {
        let (tx, rx) = sync_channel::<u32>(2);
        let results = must_not_block("get_nowait on an empty queue", move || {
            let first = get_nowait(&rx);
            tx.send(7).unwrap();
            let r = [first, get_nowait(&rx), get_nowait(&rx)];
            drop(tx);
            r
        });
        assert_eq!(
            results,
            [Err(GetError::Empty), Ok(7), Err(GetError::Empty)],
            "an empty queue whose sender is alive reports Empty"
        );
    }

    #[test]
    fn first_in_first_out() {
        let (tx, rx) = sync_channel(2);
        let log = must_not_block("put_nowait/get_nowait", move || {
            let mut log = vec![];
            put_nowait(&tx, 'a').unwrap();
            put_nowait(&tx, 'b').unwrap();
            log.push(get_nowait(&rx));
            log.push(
                put_nowait(&tx, 'c')
                    .map(|()| '+')
                    .map_err(|_| GetError::Closed),
            );
            log.push(get_nowait(&rx));
            log.push(get_nowait(&rx));
            log.push(get_nowait(&rx));
            log
        });
        assert_eq!(
            log,
            [Ok('a'), Ok('+'), Ok('b'), Ok('c'), Err(GetError::Empty)],
            "items come out in the order they went in, and a get makes room for one more put"
        );
    }

    #[test]
    fn closed_ends_are_reported() {
        let (tx, rx) = sync_channel(2);
        let put = must_not_block("put_nowait after the receiver is gone", move || {
            drop(rx);
            put_nowait(&tx, 5)
        });
        assert_eq!(
            put,
            Err(PutError::Closed(5)),
            "nobody can ever receive: that is Closed, not Full"
        );

        let (tx, rx) = sync_channel(2);
        let gets = must_not_block("get_nowait after the senders are gone", move || {
            tx.send(1).unwrap();
            drop(tx);
            [get_nowait(&rx), get_nowait(&rx)]
        });
        assert_eq!(
            gets,
            [Ok(1), Err(GetError::Closed)],
            "items still queued are delivered; after that, with no sender left, it is Closed"
        );
    }
}
