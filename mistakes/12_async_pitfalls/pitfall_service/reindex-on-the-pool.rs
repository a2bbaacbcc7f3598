// MISTAKE: moves the whole cheap loop off the runtime instead of letting others in between records
// pitfall_service.rs — Capstone: a service that shares its thread politely
//
// A task on an async runtime keeps the thread until it reaches an `.await` that is not ready.
// That is cooperative scheduling, the same deal as gevent's greenlets in the Python notes, and it
// goes wrong in three classic ways, all present in this little storage service:
//   1. a blocking wait freezes every task on the thread (pitfall_sleep);
//   2. CPU-heavy work (the checksum) holds the thread for as long as it computes
//      (pitfall_cpu_work);
//   3. a long loop with no `.await` in it never gives anyone else a turn (pitfall_never_yields).
// Python has a GIL, so a CPU-heavy coroutine there has nowhere to go but another process; Rust
// threads run in parallel, so a blocking pool next to the runtime is enough.
//
// Fix `store_upload` and `reindex` so that the tests pass. Keep their results the same, and
// keep `reindex` on the runtime (it is cheap per record; it just has many of them). The tests
// check from the inside that the runtime stays free: while the checksum runs it asks a task on
// the runtime to answer (`mtlings_support::pitfall_probe`).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Stores an upload: waits for the storage node to answer (`storage_delay`), then returns the
/// checksum of the data.
pub async fn store_upload(data: Arc<Vec<u8>>, storage_delay: Duration) -> u64 {
    tokio::time::sleep(storage_delay).await;
    tokio::task::spawn_blocking(move || checksum(&data))
        .await
        .unwrap()
}

/// Re-indexes `count` records, adding one to `done` after each record. Returns the sum of the
/// record indexes.
pub async fn reindex(count: usize, done: Arc<AtomicUsize>) -> u64 {
    tokio::task::spawn_blocking(move || {
        let mut sum = 0;
        for i in 0..count {
            sum += index_record(i);
            done.fetch_add(1, Ordering::SeqCst);
        }
        sum
    })
    .await
    .unwrap()
}

