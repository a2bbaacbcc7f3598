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
    std::thread::sleep(storage_delay);
    checksum(&data)
}

/// Re-indexes `count` records, adding one to `done` after each record. Returns the sum of the
/// record indexes.
pub async fn reindex(count: usize, done: Arc<AtomicUsize>) -> u64 {
    let mut sum = 0;
    for i in 0..count {
        sum += index_record(i);
        done.fetch_add(1, Ordering::SeqCst);
    }
    sum
}

// ---- Don't edit below this line. ----

use std::sync::Mutex;
use std::thread::ThreadId;

/// The threads `checksum` has run on (the tests look at it).
static CHECKSUM_THREADS: Mutex<Vec<ThreadId>> = Mutex::new(Vec::new());

/// A deliberately slow checksum: a few million steps of FNV-1a over the data.
pub fn checksum(data: &[u8]) -> u64 {
    CHECKSUM_THREADS
        .lock()
        .unwrap()
        .push(std::thread::current().id());
    mtlings_support::pitfall_probe::check_in(); // can the runtime run another task right now?
    expected_checksum(data)
}

/// The same checksum, for the tests to compare with (it does not note the thread).
fn expected_checksum(data: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for _round in 0..16 {
        for byte in data {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x100_0000_01b3);
        }
    }
    hash
}

/// The threads `index_record` has run on (the tests look at it).
static INDEX_THREADS: Mutex<Vec<ThreadId>> = Mutex::new(Vec::new());

/// Indexes one record (cheap, but there are many of them).
pub fn index_record(i: usize) -> u64 {
    let me = std::thread::current().id();
    let mut threads = INDEX_THREADS.lock().unwrap();
    if !threads.contains(&me) {
        threads.push(me);
    }
    (i as u64).wrapping_mul(7) % 1000
}

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let data = Arc::new(vec![42u8; 1024]);
        let done = Arc::new(AtomicUsize::new(0));
        let upload = tokio::spawn(store_upload(data, Duration::from_millis(10)));
        let index = tokio::spawn(reindex(200, done.clone()));
        let sum = index.await.unwrap();
        let hash = upload.await.unwrap();
        println!(
            "checksum {hash:x}, index sum {sum}, {} records",
            done.load(Ordering::SeqCst)
        );
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn uploads_wait_for_storage_at_the_same_time() {
        let finished = Arc::new(Mutex::new(Vec::new()));
        let began = Instant::now();
        let mut handles = Vec::new();
        for (id, ms) in [(0u8, 30u64), (1, 20), (2, 10)] {
            let finished = finished.clone();
            handles.push(tokio::spawn(async move {
                let data = Arc::new(vec![id; 1000]);
                let hash = store_upload(data, Duration::from_millis(ms)).await;
                finished.lock().unwrap().push((id, began.elapsed()));
                hash
            }));
        }
        for (id, h) in handles.into_iter().enumerate() {
            let hash = h.await.unwrap();
            assert_eq!(
                hash,
                checksum(&vec![id as u8; 1000]),
                "wrong checksum of upload {id}"
            );
        }
        let finished = finished.lock().unwrap().clone();
        let expected: Vec<(u8, Duration)> = vec![
            (2, Duration::from_millis(10)),
            (1, Duration::from_millis(20)),
            (0, Duration::from_millis(30)),
        ];
        assert_eq!(
            finished, expected,
            "(upload, finished at) on the runtime's clock: three uploads waiting 30, 20 and 10 ms \
             at the same time should finish at 10, 20 and 30 ms, shortest first; a wait that \
             bypasses the runtime's timer (a blocking sleep, here or on another thread) \
             does not even move the runtime's clock"
        );
    }

    #[tokio::test]
    async fn checksum_runs_off_the_runtime_thread() {
        let runtime_thread = std::thread::current().id(); // `#[tokio::test]`: a one-thread runtime
        let watch = mtlings_support::pitfall_probe::watch();
        let data = Arc::new(vec![7u8; 100_000]);
        let hash = store_upload(data.clone(), Duration::ZERO).await;
        assert_eq!(hash, expected_checksum(&data), "wrong checksum");
        assert_eq!(
            watch.stalls(),
            0,
            "while the checksum ran, no other task on the runtime could run (a task on it was \
             asked to answer and did not within 2 s): store_upload kept the runtime's thread \
             busy, or blocked it waiting for the checksum; await the answer instead"
        );
        let threads = CHECKSUM_THREADS.lock().unwrap().clone();
        assert!(
            !threads.contains(&runtime_thread),
            "the checksum ran on the runtime's own thread, so every other task waited for it; \
             run CPU-heavy work on a blocking-pool thread"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn reindex_gives_others_a_turn() {
        let done = Arc::new(AtomicUsize::new(0));
        let watched = done.clone();
        let observer = tokio::spawn(async move {
            let mut seen = std::collections::BTreeSet::new();
            loop {
                let now = watched.load(Ordering::SeqCst);
                seen.insert(now);
                if now == 1000 {
                    return seen;
                }
                tokio::task::yield_now().await;
            }
        });
        tokio::task::yield_now().await;
        let sum = reindex(1000, done.clone()).await;
        assert_eq!(
            sum,
            (0..1000).map(index_record).sum::<u64>(),
            "wrong index sum"
        );
        let runtime_thread = std::thread::current().id();
        assert_eq!(
            *INDEX_THREADS.lock().unwrap(),
            vec![runtime_thread],
            "index_record ran on another thread: keep reindex on the runtime and let the other \
             tasks in between records"
        );
        let seen = observer.await.unwrap();
        assert!(
            seen.len() >= 5,
            "a progress observer should see reindex at several stages on its way to 1000 records, \
             it only ever saw {seen:?}: reindex kept the thread from start to finish"
        );
    }
}
