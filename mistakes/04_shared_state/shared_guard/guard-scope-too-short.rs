// MISTAKE: the guard lives in an inner block that ends before the balance is written
// shared_guard.rs — Release the lock on EVERY path
//
// Python locks a shared balance like this:
//
//     lock.acquire()
//     try:
//         change_it(n)
//     finally:
//         lock.release()      # runs on return AND on exception
//
// The thread that got the lock must release it when done, on every way out. Forget one path
// (an early `return`, an exception) and the lock stays taken forever: every other thread that
// wants it waits for good. (`with lock:` is the same try/finally, written for you.)
//
// `PyLock` below the line is Python's `threading.Lock`: `acquire()`, `release()`, `locked()`.
// `withdraw` acquires it and releases it at the end, but its early returns (the `return` and the
// `?`) and a panic inside `audit` skip the release. The limit check and the audit look at the
// account, so they belong inside the critical section.
//
// Rust has no `finally`. It has something better: cleanup that belongs to a VALUE and runs
// however the scope that owns the value is left (a return, a `?`, a panic unwinding). That is
// how std's `MutexGuard` unlocks. Give `PyLock` the same kind of safety, and make `withdraw`
// release the lock on every path out of it, without a release call per path.

#[derive(Debug, PartialEq, Eq)]
pub enum WithdrawError {
    InsufficientFunds,
    OverDailyLimit,
}

/// Takes `amount` out of `account` and returns the new balance.
pub fn withdraw(account: &Account, amount: i64) -> Result<i64, WithdrawError> {
    let balance = {
        let _held = hold(&account.lock);
        let balance = account.balance();
        if amount > balance {
            return Err(WithdrawError::InsufficientFunds);
        }
        account.check_daily_limit(amount)?;
        account.audit(amount);
        balance
    };
    account.set_balance(balance - amount);
    Ok(balance - amount)
}

/// Proof that a `PyLock` is held; dropping it releases the lock.
pub struct Held<'a>(&'a PyLock);

pub fn hold(lock: &PyLock) -> Held<'_> {
    lock.acquire();
    Held(lock)
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        self.0.release();
    }
}
