// MISTAKE: rayon's own parallel sort does the job, and leaf is never used
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
    use rayon::slice::ParallelSliceMut;
    let _ = (cutoff, leaf);
    v.par_sort();
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
