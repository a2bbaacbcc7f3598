//! `Batch`: a fake producer's data, an iterator over numbers that notes which thread reads it
//! and can be slow on purpose.
//!
//! Why: a consumer that "knows" how many items are coming (it counted them first), or that stops
//! after a quiet spell, looks right as long as every producer is quick. A `Batch` does not tell
//! its length (`size_hint` says nothing), remembers the threads that pulled items from it (so a
//! test can tell a batch read by its producer thread from one read up front by the caller), and a
//! slow batch pauses before its last item for longer than any plausible idle timeout. That pause
//! is the one place real time is used: no clock can be paused for `std::sync::mpsc`, and the
//! pause is the producer's work, not a test waiting for a thread.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::thread::{self, ThreadId};
use std::time::Duration;

/// Longer than any idle timeout a learner would pick to mean "the producers are done".
pub const LONGER_THAN_ANY_IDLE_TIMEOUT: Duration = Duration::from_millis(600);

/// An iterator over `items`; see the module docs.
pub struct Batch {
    items: std::vec::IntoIter<u64>,
    slow_before_last: bool,
    readers: Arc<Mutex<HashSet<ThreadId>>>,
}

impl Batch {
    /// A quick batch.
    pub fn new(items: Vec<u64>) -> Batch {
        Batch {
            items: items.into_iter(),
            slow_before_last: false,
            readers: Arc::default(),
        }
    }

    /// A batch that pauses for [`LONGER_THAN_ANY_IDLE_TIMEOUT`] before its last item.
    pub fn slow(items: Vec<u64>) -> Batch {
        Batch {
            slow_before_last: true,
            ..Batch::new(items)
        }
    }

    /// A handle on the set of threads that read this batch (stays valid after it is moved).
    pub fn readers(&self) -> Arc<Mutex<HashSet<ThreadId>>> {
        Arc::clone(&self.readers)
    }
}

impl Iterator for Batch {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        self.readers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(thread::current().id());
        if self.slow_before_last && self.items.len() == 1 {
            thread::sleep(LONGER_THAN_ANY_IDLE_TIMEOUT);
        }
        self.items.next()
    }
}
