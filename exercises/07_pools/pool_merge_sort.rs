// pool_merge_sort.rs — Capstone: parallel merge sort with a cutoff
//
// Merge sort splits a slice in half, sorts both halves, then merges them. The halves don't
// overlap, so they can be sorted at the same time, at every level of the recursion, on the
// worker threads of rayon's pool (see pool_rayon_order: one `join` call runs two closures,
// possibly in parallel). The borrow checker lets two closures hold `&mut` into one slice only
// if it can see that the parts don't overlap.
//
// Splitting all the way down to single elements would make thousands of tiny tasks that cost
// more than they save. Below a cutoff, a piece is sorted directly by the `leaf` function you are
// given; only pieces longer than `cutoff` are split.
//
// `merge_sort` below is sequential and never uses `leaf`. Make it: (1) give every piece of at
// most `cutoff` elements to `leaf`, whole, and nothing else to it; (2) sort the two halves of a
// longer piece at the same time, on the pool it is called in, then merge. The tests compare it
// with std's sort and count how many leaves run at once on a pool of 4 (no clocks involved).

/// Sorts `v`: pieces of at most `cutoff` elements are sorted by `leaf`, longer ones are split in
/// half, the halves sorted in parallel and merged.
pub fn merge_sort<T, L>(v: &mut [T], cutoff: usize, leaf: &L)
where
    T: Ord + Copy + Send,
    L: Fn(&mut [T]) + Sync,
{
    if v.len() <= 1 {
        return;
    }
    let mid = v.len() / 2;
    merge_sort(&mut v[..mid], cutoff, leaf);
    merge_sort(&mut v[mid..], cutoff, leaf);
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
    use mtlings_support::crowd::Crowd;
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicBool, Ordering::SeqCst};

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
        for (n, cutoff) in [(5000, 100), (800, 100), (96, 96)] {
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
            assert_eq!(
                lens.iter().sum::<usize>(),
                n,
                "every element should be sorted by exactly one leaf"
            );
            for &len in &lens {
                assert!(
                    len <= cutoff,
                    "`leaf` got a piece of {len} elements: pieces longer than the cutoff ({cutoff}) must be split"
                );
                assert!(
                    len > cutoff / 2,
                    "`leaf` got a piece of {len} elements from {n} with a cutoff of {cutoff}: a piece of at most {cutoff} must not be split any further"
                );
            }
        }
    }

    #[test]
    fn leaves_run_at_once_on_the_pool() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap();
        let crowd = Crowd::new();
        let outside = AtomicBool::new(false);
        let mut v = random_numbers(4096, 11);
        let expected = std_sorted(&v);
        pool.install(|| {
            merge_sort(&mut v, 256, &|piece: &mut [u32]| {
                if rayon::current_thread_index().is_none() {
                    outside.store(true, SeqCst);
                }
                crowd.enter_and_wait(4); // held until 4 leaves are sorting at the same time
                piece.sort();
                crowd.leave();
            })
        });
        assert!(v == expected, "the result differs from std's sort");
        assert!(
            !outside.load(SeqCst),
            "a leaf ran on a thread outside rayon's pool: sort the halves on the pool's workers"
        );
        assert_eq!(
            crowd.most(),
            4,
            "expected 4 leaves sorting at the same time on a pool of 4 threads, saw {}: are the halves sorted in parallel at every level?",
            crowd.most()
        );
    }
}
