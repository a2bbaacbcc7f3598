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
    // Named, so it lives to the end of the function: every way out (Ok, Err, `?`, panic)
    // drops it, and dropping it releases the lock.
    let _held = hold(&account.lock);
    let balance = account.balance();
    if amount > balance {
        return Err(WithdrawError::InsufficientFunds);
    }
    account.check_daily_limit(amount)?;
    account.audit(amount); // panics on a negative amount (a bug elsewhere, like a Python exception)
    account.set_balance(balance - amount);
    Ok(balance - amount)
}

/// Proof that a `PyLock` is held; dropping it releases the lock.
pub struct Held<'a>(&'a PyLock);

/// Acquires `lock` and returns the guard that will release it.
pub fn hold(lock: &PyLock) -> Held<'_> {
    lock.acquire();
    Held(lock)
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        self.0.release(); // the `finally:` of Python, run on every path out of the scope
    }
}

// ---- Don't edit below this line. ----

/// A Python-style lock: not tied to the data it protects, released by hand.
pub struct PyLock {
    owner: Mutex<Option<ThreadId>>,
    cv: Condvar,
}

impl PyLock {
    pub const fn new() -> PyLock {
        PyLock {
            owner: Mutex::new(None),
            cv: Condvar::new(),
        }
    }

    /// Waits until the lock is free, then takes it. (Unlike Python's, it gives up with a panic
    /// after 2 s, so that a lock that is never released fails loudly instead of hanging.)
    pub fn acquire(&self) {
        let owner = self.owner.lock().unwrap_or_else(PoisonError::into_inner);
        let (mut owner, waited) = self
            .cv
            .wait_timeout_while(owner, Duration::from_secs(2), |o| o.is_some())
            .unwrap_or_else(PoisonError::into_inner);
        assert!(
            !waited.timed_out(),
            "acquire() waited 2 s for a lock that nobody releases: some path left it taken"
        );
        *owner = Some(thread::current().id());
    }

    /// Gives the lock back (wakes one thread waiting in `acquire`).
    pub fn release(&self) {
        let mut owner = self.owner.lock().unwrap_or_else(PoisonError::into_inner);
        assert!(owner.is_some(), "release() of a lock that is not held");
        *owner = None;
        self.cv.notify_one();
    }

    /// Is the lock taken (by anyone)?
    pub fn locked(&self) -> bool {
        self.owner
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_some()
    }

    fn held_by_me(&self) -> bool {
        *self.owner.lock().unwrap_or_else(PoisonError::into_inner) == Some(thread::current().id())
    }
}

impl Default for PyLock {
    fn default() -> Self {
        PyLock::new()
    }
}

/// A bank account whose balance may only be touched while `lock` is held.
pub struct Account {
    pub lock: PyLock,
    balance: AtomicI64,
}

impl Account {
    pub fn new(balance: i64) -> Account {
        Account {
            lock: PyLock::new(),
            balance: AtomicI64::new(balance),
        }
    }

    pub fn balance(&self) -> i64 {
        assert!(
            self.lock.held_by_me(),
            "balance() read without holding the account's lock: did the guard live to the end \
             of withdraw? (`let _ = ...` drops it at once)"
        );
        self.balance.load(Ordering::Relaxed)
    }

    pub fn set_balance(&self, value: i64) {
        assert!(
            self.lock.held_by_me(),
            "set_balance() without holding the account's lock"
        );
        thread::yield_now(); // a good moment for other threads to barge in, if they can
        self.balance.store(value, Ordering::Relaxed);
    }

    /// Today's limit: at most 500 per withdrawal. Reads the account, so needs the lock.
    pub fn check_daily_limit(&self, amount: i64) -> Result<(), WithdrawError> {
        assert!(
            self.lock.held_by_me(),
            "check_daily_limit() without holding the account's lock: it reads the account"
        );
        if amount > 500 {
            Err(WithdrawError::OverDailyLimit)
        } else {
            Ok(())
        }
    }

    /// Checks a withdrawal against the account's books; panics on a negative amount.
    pub fn audit(&self, amount: i64) {
        assert!(
            self.lock.held_by_me(),
            "audit() without holding the account's lock: it audits the balance it is about to \
             change, so it must run inside the critical section"
        );
        assert!(amount >= 0, "audit: negative withdrawal of {amount}");
    }

    /// The balance, for when nobody else uses the account any more.
    pub fn into_balance(self) -> i64 {
        self.balance.into_inner()
    }
}

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Condvar, Mutex, PoisonError};
use std::thread::{self, ThreadId};
use std::time::Duration;

fn main() {
    let account = Account::new(1_000);
    println!("withdraw 300: {:?}", withdraw(&account, 300));
    println!("withdraw 900: {:?}", withdraw(&account, 900));
    println!("withdraw 600: {:?}", withdraw(&account, 600));
    println!("lock still taken after all that? {}", account.lock.locked());
    assert!(!account.lock.locked(), "the lock was never released");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_withdrawal_releases_the_lock() {
        let account = Account::new(100);
        assert_eq!(withdraw(&account, 30), Ok(70));
        assert!(
            !account.lock.locked(),
            "the lock is still held after a successful withdraw"
        );
        assert_eq!(withdraw(&account, 70), Ok(0));
        assert_eq!(account.into_balance(), 0);
    }

    #[test]
    fn insufficient_funds_releases_the_lock() {
        let account = Account::new(100);
        assert_eq!(
            withdraw(&account, 101),
            Err(WithdrawError::InsufficientFunds)
        );
        assert!(
            !account.lock.locked(),
            "withdraw returned Err(InsufficientFunds) and left the lock taken: every later \
             withdraw would wait forever"
        );
    }

    #[test]
    fn over_the_limit_releases_the_lock() {
        let account = Account::new(10_000);
        assert_eq!(withdraw(&account, 501), Err(WithdrawError::OverDailyLimit));
        assert!(
            !account.lock.locked(),
            "withdraw returned Err(OverDailyLimit) through `?` and left the lock taken"
        );
    }

    #[test]
    fn a_panic_releases_the_lock() {
        let account = Account::new(100);
        let result = thread::scope(|s| s.spawn(|| withdraw(&account, -5)).join());
        assert!(result.is_err(), "audit() should have panicked on -5");
        assert!(
            !account.lock.locked(),
            "a panic inside withdraw left the lock taken (Python's `finally` would have \
             released it; in Rust, a guard's Drop runs while a panic unwinds)"
        );
    }

    #[test]
    fn four_threads_share_one_account() {
        let account = Account::new(4 * 25 * 3 + 7);
        thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for _ in 0..25 {
                        assert!(withdraw(&account, 3).is_ok(), "there was enough money");
                    }
                });
            }
        });
        assert_eq!(account.into_balance(), 7, "withdrawals were lost");
    }
}
