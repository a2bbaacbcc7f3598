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
        (
            self.requests.load(Ordering::Relaxed),
            self.bytes.load(Ordering::Relaxed),
        )
    }
}

// ---- Don't edit below this line. ----

fn main() {
    let traffic = Traffic::with_probe(Probe::off());
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for _ in 0..1_000 {
                    traffic.record(100);
                }
            });
        }
    });
    let (requests, bytes) = traffic.snapshot();
    println!("{requests} requests, {bytes} bytes");
}

mod probe {
    pub use mtlings_support::ss_traffic_probe::Probe;
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::thread;

    #[test]
    fn a_reader_never_sees_half_a_request() {
        let traffic = Traffic::with_probe(Probe::armed());
        let seen = thread::scope(|s| {
            s.spawn(|| traffic.record(100));
            let reader = s.spawn(|| {
                traffic.probe.wait_for_writer();
                let seen = traffic.snapshot();
                traffic.probe.snapshot_taken();
                seen
            });
            reader.join().unwrap()
        });
        assert!(
            seen == (0, 0) || seen == (1, 100),
            "a reader saw (requests, bytes) = {seen:?}: a request counted without its bytes. \
             The two numbers must change in one step"
        );
        assert_eq!(traffic.snapshot(), (1, 100));
    }

    #[test]
    fn requests_of_other_sizes() {
        let traffic = Traffic::with_probe(Probe::off());
        for bytes in [5, 7, 1_000] {
            traffic.record(bytes);
        }
        assert_eq!(
            traffic.snapshot(),
            (3, 1_012),
            "3 requests of 5, 7 and 1000 bytes: count the bytes each request really sent"
        );
    }

    #[test]
    fn busy_server_adds_up() {
        let traffic = Traffic::with_probe(Probe::off());
        thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for _ in 0..2_000 {
                        traffic.record(100);
                    }
                });
            }
            s.spawn(|| {
                for _ in 0..2_000 {
                    let (r, b) = traffic.snapshot();
                    assert_eq!(b, 100 * r, "inconsistent snapshot ({r}, {b})");
                }
            });
        });
        assert_eq!(traffic.snapshot(), (8_000, 800_000));
    }
}
