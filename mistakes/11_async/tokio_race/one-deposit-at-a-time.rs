// MISTAKE: runs the deposits one after another: nothing is lost, but nothing overlaps either
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
    let balance = bank.balance();
    audit.check(amount).await; // the other deposits run while this one waits here
    *bank.balance.lock().unwrap() = balance + amount;
}

/// Runs every deposit as a task of its own, all at once; returns when all are done.
async fn deposit_all(bank: Arc<Bank>, amounts: &[u64], audit: Arc<Audit>) {
    // One at a time, so that no deposit can get in another's way.
    for &amount in amounts {
        deposit(&bank, amount, &audit).await;
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

