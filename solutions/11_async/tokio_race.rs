// tokio_race.rs — Coroutines race too: a read, an `.await`, a write
//
// The seeds say coroutines need no locks, because only one of them runs at a time. That is
// half true. On tokio's single-threaded runtime no two tasks ever run at the same instant, and
// Rust would not even compile a data race. But a task pauses at every `.await`, and while it is
// paused the others run. A task that READS shared state, awaits something, and then WRITES back
// a value computed from its old read overwrites whatever the others did in between: a lost
// update, without a single extra thread. (It is the read-modify-write race of 04_shared_state,
// with `.await` as the window.)
//
// `deposit` reads the balance, has the deposit audited (slow: an `.await`), then writes the new
// balance. `deposit_all` runs all the deposits at once, and most of them get lost. Make every
// deposit count, while the audits still run at the same time (they are slow: one after another
// would take ages).
//
// `Audit` (below the marker) is the slow check; in the tests it holds every audit until all the
// deposits are being audited at once, so a lost update shows on every run.

use std::sync::{Arc, Mutex};

#[derive(Default)]
struct Bank {
    balance: Mutex<u64>,
}

impl Bank {
    fn balance(&self) -> u64 {
        *self.balance.lock().unwrap()
    }
}

async fn deposit(bank: &Bank, amount: u64, audit: &Audit) {
    audit.check(amount).await; // the other deposits run while this one waits here
    // Read and write with no `.await` in between: no other task can run in the middle.
    *bank.balance.lock().unwrap() += amount;
}

/// Runs every deposit as a task of its own, all at once; returns when all are done.
async fn deposit_all(bank: Arc<Bank>, amounts: &[u64], audit: Arc<Audit>) {
    let mut tasks = Vec::new();
    for &amount in amounts {
        let (bank, audit) = (Arc::clone(&bank), Arc::clone(&audit));
        tasks.push(tokio::spawn(async move {
            deposit(&bank, amount, &audit).await;
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let bank = Arc::new(Bank::default());
    let amounts: Vec<u64> = (1..=10).collect();
    let audit = Arc::new(Audit::new(amounts.len()));
    deposit_all(Arc::clone(&bank), &amounts, Arc::clone(&audit)).await;
    let total: u64 = amounts.iter().sum();
    let (balance, most) = (bank.balance(), audit.most_at_once());
    println!("deposited {total} in all; the balance is {balance}; {most} audits ran at once");
}

// ---- Don't edit below this line. ----

use tokio::sync::Notify;
use tokio::time::{Duration, timeout};

/// The slow audit. Each check waits until `expected` checks are running at once (so that the
/// deposits really overlap, on every run), or for 10 s (on the paused clock: no real time) if
/// they never all get there. It records the most checks that were ever running at once.
struct Audit {
    expected: usize,
    inside: std::sync::Mutex<(usize, usize)>, // (running now, most at once)
    all_here: Notify,
}

impl Audit {
    fn new(expected: usize) -> Self {
        Audit {
            expected,
            inside: std::sync::Mutex::new((0, 0)),
            all_here: Notify::new(),
        }
    }

    async fn check(&self, _amount: u64) {
        let all_here = self.all_here.notified();
        let now = {
            let mut inside = self.inside.lock().unwrap();
            inside.0 += 1;
            inside.1 = inside.1.max(inside.0);
            inside.0
        };
        if now == self.expected {
            self.all_here.notify_waiters();
        } else {
            let _ = timeout(Duration::from_secs(10), all_here).await;
        }
        self.inside.lock().unwrap().0 -= 1;
    }

    fn most_at_once(&self) -> usize {
        self.inside.lock().unwrap().1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn run(amounts: &[u64]) -> (u64, usize) {
        let bank = Arc::new(Bank::default());
        let audit = Arc::new(Audit::new(amounts.len()));
        deposit_all(Arc::clone(&bank), amounts, Arc::clone(&audit)).await;
        (bank.balance(), audit.most_at_once())
    }

    #[tokio::test(start_paused = true)]
    async fn every_deposit_counts() {
        for amounts in [vec![5, 3, 100, 42], (1..=20).collect()] {
            let (balance, _) = run(&amounts).await;
            let total: u64 = amounts.iter().sum();
            assert_eq!(
                balance, total,
                "deposited {amounts:?} ({total} in all) but the balance is {balance}: updates \
                 were lost. A deposit read the balance, paused at an .await while the others \
                 ran, then wrote back a balance computed from its stale read"
            );
        }
    }

    #[tokio::test(start_paused = true)]
    async fn the_audits_still_overlap() {
        let amounts: Vec<u64> = (1..=20).collect();
        let (_, most) = run(&amounts).await;
        assert_eq!(
            most,
            amounts.len(),
            "only {most} of the 20 audits ever ran at the same time: the deposits wait for \
             each other's audits (a lock held across the .await, or deposits run one by one)"
        );
    }
}
