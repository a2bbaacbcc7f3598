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
        pool.execute(|| {
            let mut sum = 0;
            for chunk in data.chunks(CHUNK) {
                sum += chunk_sum(chunk);
                tx.send(Msg::Progress).unwrap();
            }
            tx.send(Msg::Done { job, sum }).unwrap();
        });
    }

    let mut done = 0;
    for msg in rx {
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

// ---- Don't edit below this line. ----

pub use mtlings_support::pool_fixed::ThreadPool; // the pool of pool_drop_hang, fixed

fn plain_sum(chunk: &[u8]) -> u64 {
    chunk.iter().map(|&b| u64::from(b)).sum()
}

fn main() {
    let pool = ThreadPool::new(3);
    let files: Vec<Vec<u8>> = (1..=5u8).map(|n| vec![n; 3 * CHUNK]).collect();
    let sums = sum_with_progress(&pool, files, plain_sum, |done, total| {
        println!("progress: {done}/{total} chunks");
    });
    println!("sums: {sums:?}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::crowd::{Crowd, or_hung};

    #[test]
    fn sums_and_progress() {
        let files: Vec<Vec<u8>> = (0..6u8).map(|n| vec![n; 2 * CHUNK + n as usize]).collect();
        let expected: Vec<u64> = files.iter().map(|f| plain_sum(f)).collect();
        let total: usize = files.iter().map(|f| f.chunks(CHUNK).count()).sum();
        let (sums, calls) = or_hung(
            "sum_with_progress never returned after the jobs were done: is a sender still alive?",
            move || {
                let pool = ThreadPool::new(3);
                let mut calls = vec![];
                let sums =
                    sum_with_progress(&pool, files, plain_sum, |done, t| calls.push((done, t)));
                (sums, calls)
            },
        );
        assert_eq!(
            sums, expected,
            "one sum per file, in the order of the files"
        );
        let want: Vec<(usize, usize)> = (1..=total).map(|d| (d, total)).collect();
        assert_eq!(
            calls, want,
            "expected on_progress(1, {total}), on_progress(2, {total}), ... once per chunk"
        );
    }

    #[test]
    fn progress_arrives_while_jobs_run() {
        let pool = ThreadPool::new(2);
        let seen = Arc::new(Crowd::new()); // the caller passes it once per progress report
        let s = Arc::clone(&seen);
        // A chunk of 255s finishes only after the caller has seen some progress.
        let chunk_sum = move |chunk: &[u8]| {
            if chunk[0] == 255 && !s.wait_for_left(1) {
                return 999_999; // marks "waited in vain"
            }
            plain_sum(chunk)
        };
        let files = vec![vec![255; CHUNK], vec![1; 3 * CHUNK]];
        let sums = sum_with_progress(&pool, files, chunk_sum, |_, _| {
            seen.pass_together(1);
        });
        assert_ne!(
            sums[0], 999_999,
            "a job waited for the caller to report progress, but no progress was reported while jobs ran"
        );
        assert_eq!(sums, vec![255 * CHUNK as u64, 3 * CHUNK as u64]);
        let mut calls = 0;
        let sums = sum_with_progress(&pool, vec![], plain_sum, |_, _| calls += 1);
        assert!(
            sums.is_empty() && calls == 0,
            "no files: no sums, no progress"
        );
    }
}
