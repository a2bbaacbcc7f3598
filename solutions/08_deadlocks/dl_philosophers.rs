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
    let (first, second) = if left.id() < right.id() {
        (left, right)
    } else {
        (right, left)
    };
    for _ in 0..meals {
        let one = first.lock();
        let two = second.lock();
        table.eat(id, &one, &two);
    }
}

// ---- Don't edit below this line. ----

fn main() {
    let table = Table::new(5);
    let forks = Fork::set(5);
    std::thread::scope(|s| {
        for id in 0..5 {
            let (forks, table) = (&forks, &table);
            s.spawn(move || dine(id, forks, table, 100));
        }
    });
    println!("meals eaten: {:?}", table.meals());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::thread;

    fn dinner(forks: &[Fork], table: &Table, meals: usize) {
        thread::scope(|s| {
            for id in 0..forks.len() {
                s.spawn(move || dine(id, forks, table, meals));
            }
        });
    }

    #[test]
    fn all_pick_up_at_once_and_still_everyone_eats() {
        let forks = Fork::gated_set(5);
        let table = Table::new(5);
        dinner(&forks, &table, 3);
        assert_eq!(table.meals(), vec![3; 5], "every philosopher eats 3 times");
    }

    #[test]
    fn a_long_dinner() {
        let forks = Fork::set(5);
        let table = Table::new(5);
        dinner(&forks, &table, 300);
        assert_eq!(
            table.meals(),
            vec![300; 5],
            "every philosopher eats 300 times"
        );
    }

    #[test]
    fn two_can_eat_at_once() {
        let forks = Fork::set(5);
        let table = Table::sociable(5);
        dinner(&forks, &table, 3);
        assert_eq!(table.meals(), vec![3; 5]);
        assert!(
            table.most_at_once() >= 2,
            "philosophers ate one at a time (most at once: {}), even while one waited at the \
             table for company: is everything under one big lock, or does a philosopher hold a \
             shared lock while waiting for a fork?",
            table.most_at_once()
        );
    }

    #[test]
    fn seven_philosophers() {
        let forks = Fork::gated_set(7);
        let table = Table::new(7);
        dinner(&forks, &table, 5);
        assert_eq!(table.meals(), vec![5; 7]);
    }
}
