// MISTAKE: reads bytes before requests, hoping the reader can never fall between the two writes
// ss_atomic_pair.rs — Atomics or a Mutex? Two atomics are not one atomic step
//
// An atomic (`AtomicU64::fetch_add`) makes ONE read-modify-write indivisible, without a lock:
// perfect for a single counter. But an invariant that ties SEVERAL values together needs them
// to change in one step, and two atomics updated one after the other are two steps: a reader
// can look in between. Python is the same: the GIL makes each bytecode indivisible, not the
// two statements `requests += 1; total += n`, and another thread can run between them.
// Memory orderings (`SeqCst` instead of `Relaxed`) do not help either: they order the steps,
// they do not merge them.
//
// `Traffic` counts requests and the bytes they sent. A snapshot must come from one moment:
// every request it counts has its bytes counted too, and no bytes are counted without their
// request. As shipped, a reader can catch a request that is counted but whose bytes are not
// added yet. Make `record` and `snapshot` see the two numbers change together. Leave
// `self.probe.checkpoint()` between the two updates: in the tests it stops the writer right
// there while a reader takes its snapshot.

use std::sync::atomic::{AtomicU64, Ordering};

use probe::Probe;

pub struct Traffic {
    requests: AtomicU64,
    bytes: AtomicU64,
    probe: Probe,
}

impl Traffic {
    fn with_probe(probe: Probe) -> Traffic {
        Traffic {
            requests: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
            probe,
        }
    }

    /// Counts one request that sent `bytes` bytes.
    pub fn record(&self, bytes: u64) {
        self.requests.fetch_add(1, Ordering::Relaxed);
        self.probe.checkpoint();
        self.bytes.fetch_add(bytes, Ordering::Relaxed);
    }

    /// (requests, bytes), both from the same moment.
    pub fn snapshot(&self) -> (u64, u64) {
        // Bytes are added last, so read them first: then requests can only be ahead.
        let bytes = self.bytes.load(Ordering::Acquire);
        let requests = self.requests.load(Ordering::Acquire);
        (requests, bytes)
    }
}

