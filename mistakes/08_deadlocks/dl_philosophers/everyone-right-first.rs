// MISTAKE: everyone takes the right fork first: the same ring, turned the other way
// dl_philosophers.rs — Capstone: the dining philosophers
//
// Five philosophers sit around a round table with one fork between each pair of neighbours.
// To eat, a philosopher needs BOTH forks next to them: fork `id` on the left and fork
// `(id + 1) % n` on the right. Every philosopher must eat `meals` times. The plan shipped below
// (take the left fork, then the right one) works most of the time, until all of them pick up
// their left fork at the same moment: each now holds one fork and waits for a neighbour's. That
// is the circular wait of the whole folder, with five threads instead of two.
//
// Fix `dine` with anything this folder taught; pick one of the four conditions and break it
// for good, not just on most days. It must also stay a dinner, not a queue: neighbours never
// share a fork, and two philosophers who are not neighbours can eat at the same time.
//
// The forks are watched (`mtlings_support::dl_locks`): a ring of philosophers that wait for
// each other panics with a "deadlock" message, and so does a philosopher who takes the same
// two forks in one order at one meal and in the other order at another ("lock-order
// inversion"): that is a deadlock that just did not happen yet. `Fork::lock`,
// `Fork::try_lock`, `Fork::id` and `random_below(n)` (a random number in `0..n`) are there to
// use; `table.eat` counts the meals and how many eat at once.

#[allow(unused_imports)]
use mtlings_support::dl_locks::{Fork, random_below};
use mtlings_support::dl_table::Table;

/// Philosopher `id` eats `meals` times; each meal is `table.eat(id, &one_fork, &other_fork)`
/// while holding both forks next to their seat.
pub fn dine(id: usize, forks: &[Fork], table: &Table, meals: usize) {
    let n = forks.len();
    let left = &forks[id];
    let right = &forks[(id + 1) % n];
    // A global order: every philosopher picks up the lower-numbered fork first. (The last
    // one, whose right fork is fork 0, thus starts with the right.) No cycle can form.
    let (first, second) = (right, left);
    for _ in 0..meals {
        let one = first.lock();
        let two = second.lock();
        table.eat(id, &one, &two);
    }
}

