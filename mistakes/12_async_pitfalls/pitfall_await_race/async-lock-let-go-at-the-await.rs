// MISTAKE: takes the async lock to read and again to write, letting go of it in between
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

use tokio::sync::Mutex;

pub struct Account {
    balance: Mutex<u64>,
}

impl Account {
    pub fn new(balance: u64) -> Account {
        Account {
            balance: Mutex::new(balance),
        }
    }

    pub async fn balance(&self) -> u64 {
        *self.balance.lock().await
    }

    /// Adds `amount` to the balance, recording (balance before, amount) in the ledger.
    pub async fn deposit(&self, amount: u64, ledger: &Ledger) {
        let before = *self.balance.lock().await;
        ledger.record(before, amount).await; // writing the ledger takes a while
        *self.balance.lock().await = before + amount;
    }
}

