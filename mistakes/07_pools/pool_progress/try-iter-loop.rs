// MISTAKE: the caller takes only the messages already there when it looks, then returns
// pool_progress.rs — Progress reports from pool workers
//
// The notes: a plain `multiprocessing.Queue` cannot be handed to `Pool` workers; you need a
// `Manager().Queue()`, which the workers `put` progress messages into while the parent reads them.
// With threads, any channel will do, but two Rust rules shape the code:
//   - a job given to a pool must be `'static`: it may run after the function that submitted it
//     has returned, so it cannot borrow that function's locals. It must OWN what it uses.
//   - the caller reads progress messages WHILE the jobs run, and its loop ends when the channel
//     closes.
//
// `sum_with_progress` does not compile yet. Make it compile and pass the tests: every finished
// chunk reports `Msg::Progress`, every finished file reports `Msg::Done`, the caller calls
// `on_progress(done, total)` as each progress message arrives (not after the jobs are done), and
// it returns once the last job has finished.

use std::sync::Arc;
use std::sync::mpsc;

pub const CHUNK: usize = 4;

pub enum Msg {
    Progress,
    Done { job: usize, sum: u64 },
}

/// Sums every file on the pool, chunk by chunk with `chunk_sum`. Calls `on_progress(done, total)`
/// once per finished chunk, on the calling thread, while the pool works. Returns one sum per file,
/// in the order of `files`.
pub fn sum_with_progress<F>(
    pool: &ThreadPool,
    files: Vec<Vec<u8>>,
    chunk_sum: F,
    mut on_progress: impl FnMut(usize, usize),
) -> Vec<u64>
where
    F: Fn(&[u8]) -> u64 + Send + Sync + 'static,
{
    let total: usize = files.iter().map(|f| f.chunks(CHUNK).count()).sum();
    let mut sums = vec![0; files.len()];
    let chunk_sum = Arc::new(chunk_sum);
    let (tx, rx) = mpsc::channel();

    for (job, data) in files.into_iter().enumerate() {
        let chunk_sum = Arc::clone(&chunk_sum);
        let tx = tx.clone(); // each job owns a sender of its own
        pool.execute(move || {
            let mut sum = 0;
            for chunk in data.chunks(CHUNK) {
                sum += chunk_sum(chunk);
                tx.send(Msg::Progress).unwrap();
            }
            tx.send(Msg::Done { job, sum }).unwrap();
        });
    }
    drop(tx); // now the loop below ends when the last job is done

    let mut done = 0;
    for msg in rx.try_iter() {
        match msg {
            Msg::Progress => {
                done += 1;
                on_progress(done, total);
            }
            Msg::Done { job, sum } => sums[job] = sum,
        }
    }
    sums
}
