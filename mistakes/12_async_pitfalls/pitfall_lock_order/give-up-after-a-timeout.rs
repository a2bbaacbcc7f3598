// MISTAKE: times out the second lock and reports failure: a transfer with enough money is refused
// pitfall_lock_order.rs — Async mutexes deadlock too
//
// `tokio::sync::Mutex` can be held across an `.await`, which is exactly what lets two TASKS
// deadlock the way two threads do (see 08_deadlocks): task A holds account 0 and waits for
// account 1 while task B holds account 1 and waits for account 0. No thread is blocked, the
// runtime happily runs other tasks, but those two tasks wait forever. A test can catch this
// without waiting for real: on tokio's paused clock (`start_paused = true`) a 60 s
// `tokio::time::timeout` fires as soon as every task is stuck, after microseconds of real time.
// Python's asyncio.Lock behaves the same way; no runtime detects the cycle for you.
//
// `transfer` locks the source account, writes an audit record, then locks the destination. Two
// transfers in opposite directions deadlock. Fix the deadlock for good, not just for the
// schedules you happen to try: the tests hold an account themselves to line the transfers up in
// the worst order. Keep the audit record and the rules: the money moves only while both
// accounts are locked, and transfers between unrelated accounts still run at the same time (no
// single lock around the whole bank).

use std::time::Duration;
use tokio::sync::Mutex;

pub struct Bank {
    pub accounts: Vec<Mutex<u64>>,
}

/// Moves `amount` from account `from` to account `to` (two different accounts) if the source has
/// enough money. Returns whether the money moved.
pub async fn transfer(bank: &Bank, from: usize, to: usize, amount: u64) -> bool {
    let mut src = bank.accounts[from].lock().await;
    audit_record(from, to, amount).await;
    let Ok(mut dst) = tokio::time::timeout(Duration::from_millis(5), bank.accounts[to].lock()).await
    else {
        return false; // probably a deadlock: give up
    };
    if *src < amount {
        return false;
    }
    *src -= amount;
    *dst += amount;
    true
}

