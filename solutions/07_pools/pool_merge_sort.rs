// pool_merge_sort.rs — Capstone: parallel merge sort with a cutoff
//
// Merge sort splits a slice in half, sorts both halves, then merges them. The halves don't
// overlap, so they can be sorted at the same time: `rayon::join(a, b)` runs `a` on this thread,
// offers `b` to the pool's other threads (an idle one steals it), and returns once both are
// done. The borrow checker only lets two closures hold `&mut` into one slice if it can see the
// parts don't overlap, and `split_at_mut` shows it exactly that.
//
// Splitting all the way down to single elements would make thousands of tiny tasks that cost
// more than they save. Below a cutoff, a piece is sorted directly by the `leaf` function you are
// given; only pieces longer than `cutoff` are split.
//
// `merge_sort` below is sequential and never uses `leaf`. Make it: (1) give every piece of at
// most `cutoff` elements to `leaf` (without splitting it further), (2) sort the two halves of
// a longer piece at the same time with `rayon::join`, then merge. The tests compare it with
// std's sort and check that leaves really run at the same time (no clocks involved).

/// Sorts `v`: pieces of at most `cutoff` elements are sorted by `leaf`, longer ones are split in
/// half, the halves sorted in parallel and merged.
pub fn merge_sort<T, L>(v: &mut [T], cutoff: usize, leaf: &L)
where
    T: Ord + Copy + Send,
    L: Fn(&mut [T]) + Sync,
{
    if v.len() <= cutoff.max(1) {
        leaf(v);
        return;
    }
    let mid = v.len() / 2;
    let (left, right) = v.split_at_mut(mid); // two non-overlapping &mut halves
    rayon::join(
        || merge_sort(left, cutoff, leaf),
        || merge_sort(right, cutoff, leaf),
    );
    merge(v, mid);
}

/// Merges the sorted halves `v[..mid]` and `v[mid..]` into one sorted slice.
fn merge<T: Ord + Copy>(v: &mut [T], mid: usize) {
    let left = v[..mid].to_vec();
    let right = v[mid..].to_vec();
    let (mut i, mut j) = (0, 0);
    for slot in v.iter_mut() {
        if j == right.len() || (i < left.len() && left[i] <= right[j]) {
            *slot = left[i];
            i += 1;
        } else {
            *slot = right[j];
            j += 1;
        }
    }
}

// ---- Don't edit below this line. ----

/// A small deterministic pseudo-random sequence (no `rand` crate needed).
fn random_numbers(n: usize, seed: u64) -> Vec<u32> {
    let mut x = seed;
    (0..n)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) as u32 % 1000
        })
        .collect()
}

fn main() {
    let mut v = random_numbers(20, 7);
    println!("before: {v:?}");
    merge_sort(&mut v, 4, &|piece: &mut [u32]| piece.sort());
    println!("after:  {v:?}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicBool, Ordering::SeqCst};
    use std::sync::{Arc, Condvar};
    use std::thread::{self, ThreadId};
    use std::time::{Duration, Instant};

    fn std_sorted(v: &[u32]) -> Vec<u32> {
        let mut s = v.to_vec();
        s.sort();
        s
    }

    #[test]
    fn sorts_like_std() {
        for (n, cutoff) in [
            (0, 8),
            (1, 8),
            (7, 8),
            (8, 8),
            (9, 8),
            (1000, 1),
            (10_000, 64),
        ] {
            let mut v = random_numbers(n, n as u64 + 1);
            let expected = std_sorted(&v);
            merge_sort(&mut v, cutoff, &|piece: &mut [u32]| piece.sort());
            assert!(
                v == expected,
                "merge_sort of {n} numbers (cutoff {cutoff}) differs from std's sort"
            );
        }
    }

    #[test]
    fn leaves_respect_the_cutoff() {
        let (n, cutoff) = (5000, 100);
        let lens = Mutex::new(Vec::new());
        let mut v = random_numbers(n, 3);
        let expected = std_sorted(&v);
        merge_sort(&mut v, cutoff, &|piece: &mut [u32]| {
            lens.lock().unwrap().push(piece.len());
            piece.sort();
        });
        assert!(v == expected, "the result differs from std's sort");
        let lens = lens.into_inner().unwrap();
        assert!(
            !lens.is_empty(),
            "`leaf` was never called: short pieces must go to `leaf`"
        );
        for &len in &lens {
            assert!(
                len <= cutoff,
                "`leaf` got a piece of {len} elements: pieces longer than the cutoff ({cutoff}) must be split"
            );
            assert!(
                len >= cutoff / 2,
                "`leaf` got a piece of {len} elements: a piece of at most {cutoff} must not be split any further"
            );
        }
        assert_eq!(
            lens.iter().sum::<usize>(),
            n,
            "every element should be sorted by exactly one leaf"
        );
    }

    /// Counts the leaves running at once. Each leaf waits until two are running (at most 1.5 s,
    /// a safety net for broken code; after one wait in vain nobody waits any more).
    #[derive(Default)]
    struct Probe {
        state: Mutex<(usize, usize)>, // (inside now, most inside at once)
        changed: Condvar,
        gave_up: AtomicBool,
        threads: Mutex<HashSet<ThreadId>>,
    }

    impl Probe {
        fn leaf(&self, piece: &mut [u32]) {
            self.threads.lock().unwrap().insert(thread::current().id());
            let mut s = self.state.lock().unwrap();
            s.0 += 1;
            s.1 = s.1.max(s.0);
            self.changed.notify_all();
            let deadline = Instant::now() + Duration::from_millis(1500);
            while s.1 < 2 && !self.gave_up.load(SeqCst) {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    self.gave_up.store(true, SeqCst);
                    break;
                }
                s = self.changed.wait_timeout(s, left).unwrap().0;
            }
            drop(s);
            piece.sort();
            self.state.lock().unwrap().0 -= 1;
        }
    }

    #[test]
    fn leaves_run_at_once() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap();
        let probe = Arc::new(Probe::default());
        let mut v = random_numbers(4096, 11);
        let expected = std_sorted(&v);
        pool.install(|| merge_sort(&mut v, 256, &|piece: &mut [u32]| probe.leaf(piece)));
        assert!(v == expected, "the result differs from std's sort");
        let most = probe.state.lock().unwrap().1;
        let threads = probe.threads.lock().unwrap().len();
        assert!(
            most >= 2,
            "expected at least 2 leaves sorting at the same time, saw {most}: sort the halves with rayon::join"
        );
        assert!(threads >= 2, "all leaves ran on one thread");
    }
}
