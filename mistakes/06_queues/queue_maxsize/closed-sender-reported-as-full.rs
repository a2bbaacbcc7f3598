// MISTAKE: put_nowait reports a queue whose receiver is gone as Full
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

use std::sync::mpsc::{Receiver, SyncSender, TryRecvError, TrySendError};

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
    // try_send never blocks: it reports a full queue instead of waiting for room
    tx.try_send(item).map_err(|e| match e {
        TrySendError::Full(item) => PutError::Full(item),
        TrySendError::Disconnected(item) => PutError::Full(item),
    })
}

/// Python's `q.get_nowait()`: take the oldest item if there is one, never wait.
pub fn get_nowait<T>(rx: &Receiver<T>) -> Result<T, GetError> {
    // try_recv never blocks: it reports an empty queue instead of waiting for an item
    rx.try_recv().map_err(|e| match e {
        TryRecvError::Empty => GetError::Empty,
        TryRecvError::Disconnected => GetError::Closed,
    })
}
