// MISTAKE: lets the others go first, then reads: the await in the middle is still there
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
        tokio::task::yield_now().await; // let the other deposits go first
        let before = self.balance.get();
        ledger.record(before, amount).await; // writing the ledger takes a while
        self.balance.set(before + amount);
    }
}

