//! The dining table of `dl_philosophers`: `eat` checks that a philosopher holds the two forks
//! next to their seat and counts meals and how many philosophers eat at the same moment. A
//! `sociable` table makes the first meals wait (briefly) for a second eater, so that a dinner
//! served one at a time (one big lock) shows as "most at once: 1" on every run.

use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::dl_locks::ForkGuard;

#[derive(Default)]
struct Dinner {
    meals: Vec<usize>,
    eating: usize,
    most_at_once: usize,
    company_waits: usize,
}

/// Counts meals; see the module docs.
pub struct Table {
    n: usize,
    dinner: Mutex<Dinner>,
    cv: Condvar,
    wait_for_company: bool,
}

impl Table {
    /// A table for `n` philosophers.
    pub fn new(n: usize) -> Table {
        Table {
            n,
            dinner: Mutex::new(Dinner {
                meals: vec![0; n],
                ..Dinner::default()
            }),
            cv: Condvar::new(),
            wait_for_company: false,
        }
    }

    /// A table where the first meals wait (briefly) for a second eater to sit down.
    pub fn sociable(n: usize) -> Table {
        Table {
            wait_for_company: true,
            ..Table::new(n)
        }
    }

    /// Philosopher `who` eats one meal with the two forks next to their seat.
    pub fn eat(&self, who: usize, a: &ForkGuard<'_>, b: &ForkGuard<'_>) {
        let mut got = [a.id(), b.id()];
        got.sort();
        let mut want = [who, (who + 1) % self.n];
        want.sort();
        assert_eq!(
            got, want,
            "philosopher {who} must eat with forks {want:?}, not {got:?}"
        );
        let mut d = self.dinner.lock().unwrap_or_else(|e| e.into_inner());
        d.meals[who] += 1;
        d.eating += 1;
        d.most_at_once = d.most_at_once.max(d.eating);
        self.cv.notify_all();
        if self.wait_for_company && d.most_at_once < 2 && d.company_waits < 3 {
            d.company_waits += 1;
            let deadline = Instant::now() + Duration::from_millis(200);
            while d.most_at_once < 2 && Instant::now() < deadline {
                let left = deadline.saturating_duration_since(Instant::now());
                d = self.cv.wait_timeout(d, left).unwrap().0;
            }
        }
        d.eating -= 1;
    }

    /// How many meals each philosopher has eaten.
    pub fn meals(&self) -> Vec<usize> {
        self.dinner.lock().unwrap().meals.clone()
    }

    /// The most philosophers that were eating at the same moment.
    pub fn most_at_once(&self) -> usize {
        self.dinner.lock().unwrap().most_at_once
    }
}
