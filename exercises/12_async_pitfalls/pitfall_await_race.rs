// pitfall_await_race.rs — Coroutines race too: read, await, write
//
// A common claim about coroutines (the Python notes make it too) is that they "can access
// shared variables without locks", because only one of them runs at a time and nothing
// preempts it. That is true only BETWEEN two `.await`s. A task that reads a shared value, then
// awaits something (a write to disk, a network call), then writes back what it computed, lets
// every other task run in the middle; when it resumes, the value it read may be stale, and its
// write wipes out theirs. No thread is involved, the program is single-threaded, and money still
// disappears: a read-modify-write race, exactly as with threads (04_shared_state). The same
// happens in asyncio, which is why it has `asyncio.Lock`.
//
// `deposit` reads the balance, records the deposit in the bank's ledger (which takes a while,
// so it is awaited), then stores the new balance. Several deposits run at once on one thread
// and money is lost. Fix `Account` and `deposit`: every deposit counts, and the ledger records
// each deposit with the balance just before it (so the ledger entries chain up: one's balance
// plus its amount is the next one's balance). Keep the ledger write where it is, between the
// read of the balance and the write of the new one.

use std::cell::Cell;

pub struct Account {
    balance: Cell<u64>,
}

impl Account {
    pub fn new(balance: u64) -> Account {
        Account {
            balance: Cell::new(balance),
        }
    }

    pub async fn balance(&self) -> u64 {
        self.balance.get()
    }

    /// Adds `amount` to the balance, recording (balance before, amount) in the ledger.
    pub async fn deposit(&self, amount: u64, ledger: &Ledger) {
        let before = self.balance.get();
        ledger.record(before, amount).await; // writing the ledger takes a while
        self.balance.set(before + amount);
    }
}

// ---- Don't edit below this line. ----

use std::rc::Rc;
use std::time::Duration;

/// The bank's ledger: (balance before, amount) for every deposit, in the order written.
#[derive(Default)]
pub struct Ledger(std::cell::RefCell<Vec<(u64, u64)>>);

impl Ledger {
    /// Writes one entry; takes a millisecond (on the runtime's clock).
    pub async fn record(&self, before: u64, amount: u64) {
        tokio::time::sleep(Duration::from_millis(1)).await;
        self.0.borrow_mut().push((before, amount));
    }

    pub fn entries(&self) -> Vec<(u64, u64)> {
        self.0.borrow().clone()
    }
}

/// Runs `amounts` as deposits started together on one thread; returns the final balance and
/// the ledger. Fails after 2 s of real time (a deposit that blocks the thread never returns).
fn deposits_at_once(start: u64, amounts: Vec<u64>) -> (u64, Vec<(u64, u64)>) {
    let why = "the deposits block each other: one of them waits, holding the thread, for \
               something that another deposit on that same thread would have to release";
    mtlings_support::exec_probe::returns_within(
        Duration::from_secs(2),
        "deposits",
        why,
        move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .start_paused(true)
                .build()
                .unwrap();
            let tasks = tokio::task::LocalSet::new();
            tasks.block_on(&rt, async move {
                let (account, ledger) = (Rc::new(Account::new(start)), Rc::new(Ledger::default()));
                let mut handles = Vec::new();
                for amount in amounts {
                    let (account, ledger) = (account.clone(), ledger.clone());
                    let deposit = async move { account.deposit(amount, &ledger).await };
                    handles.push(tokio::task::spawn_local(deposit));
                }
                for handle in handles {
                    handle.await.expect("a deposit panicked");
                }
                (account.balance().await, ledger.entries())
            })
        },
    )
}

fn main() {
    let (balance, ledger) = deposits_at_once(100, vec![10, 20, 30]);
    println!("balance {balance} (expected 160), ledger {ledger:?}");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(start: u64, amounts: Vec<u64>) {
        let total: u64 = start + amounts.iter().sum::<u64>();
        let (balance, ledger) = deposits_at_once(start, amounts.clone());
        assert_eq!(
            balance,
            total,
            "{} deposits of {amounts:?} into {start} on ONE thread left {balance}, not {total}: \
             a deposit read the balance, awaited the ledger while the others ran, then wrote \
             back a sum computed from a stale balance (ledger: {ledger:?})",
            amounts.len()
        );
        assert_eq!(
            ledger.len(),
            amounts.len(),
            "one ledger entry per deposit: {ledger:?}"
        );
        let mut chain = ledger.clone();
        chain.sort();
        for pair in chain.windows(2) {
            let ((b0, a0), (b1, _)) = (pair[0], pair[1]);
            assert_eq!(
                b0 + a0,
                b1,
                "the ledger does not chain up: {ledger:?}; a deposit must record the balance it \
                 actually added to, and no other deposit may slip in between"
            );
        }
        assert_eq!(
            chain[0].0, start,
            "the first deposit started from {start}: {ledger:?}"
        );
    }

    #[test]
    fn three_deposits_at_once() {
        check(100, vec![10, 20, 30]);
    }

    #[test]
    fn many_deposits_at_once() {
        check(7, (1..=12).map(|i| i * 3).collect());
    }
}
