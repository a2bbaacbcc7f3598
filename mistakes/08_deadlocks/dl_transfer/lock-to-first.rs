// MISTAKE: locks `to` before `from`: still the argument order, so opposite transfers still wait in a circle
// dl_transfer.rs — Lock ordering: the bank transfer that hangs
//
// A transfer must change two balances as one step, so it locks BOTH accounts. The code below
// locks `from` first, then `to`. Now run `transfer(a, b)` on one thread and `transfer(b, a)` on
// another: thread 1 holds a and waits for b, thread 2 holds b and waits for a. Neither can go
// on, neither gives up: a deadlock ("A waits for B's resource while B waits for A's"). Python's
// `threading.Lock` deadlocks exactly the same way; Rust's ownership rules stop data races at
// compile time, but they do not stop deadlocks.
//
// Of the four conditions of the previous exercise, this one is easiest to break: the circular
// wait. The accounts here are watched (`mtlings_support::dl_locks`): a lock taken in an order
// that could close a circle panics with the two orders it saw, instead of hanging on some
// unlucky day. Fix `transfer` so that no two transfers can ever wait for each other in a circle.
// It must stay a bank, not a queue: transfers between different accounts run at the same
// time, and the funds check stays inside the locks (checking, unlocking and locking again
// lets another transfer spend the same money in between).

use mtlings_support::dl_locks::Account;

#[derive(Debug, PartialEq, Eq)]
pub enum TransferError {
    SameAccount,
    InsufficientFunds,
}

/// Moves `amount` from `from` to `to` atomically: both balances change, or neither does.
pub fn transfer(from: &Account, to: &Account, amount: i64) -> Result<(), TransferError> {
    if from.id() == to.id() {
        return Err(TransferError::SameAccount);
    }
    let mut dst = to.lock();
    let mut src = from.lock();
    if *src < amount {
        return Err(TransferError::InsufficientFunds);
    }
    *src -= amount;
    *dst += amount;
    Ok(())
}

