// dl_transfer.rs — Lock ordering: the bank transfer that hangs
//
// A transfer must change two balances as one step, so it locks BOTH accounts. The code below
// locks `from` first, then `to`. Now run `transfer(a, b)` on one thread and `transfer(b, a)` on
// another: thread 1 holds a and waits for b, thread 2 holds b and waits for a. Neither can go
// on, neither gives up: a deadlock (the seed notes: "A waits for B's resource while B waits for
// A's"). Python's `threading.Lock` deadlocks exactly the same way; Rust's ownership rules stop
// data races at compile time, but they do not stop deadlocks.
//
// The cure is to break the circular wait: give every lock a place in ONE global order and have
// every thread take locks in that order (here: the account with the lower `id()` first). Then
// both threads go for the same first lock; one waits with empty hands, the other finishes.
// Careful: "always lock the first argument first" is not a global order, it is the bug itself.
//
// As shipped the tests hang (the grader's timeout ends them: a deadlock). Fix `transfer` so that
// it takes the two locks in a global order. The balance check must stay inside the locks:
// releasing a lock after checking and taking it again to pay lets another transfer spend the
// same money in between.

use bank::Account;

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
    // One global order for every thread: the account with the lower id is locked first.
    let (mut src, mut dst) = if from.id() < to.id() {
        let src = from.lock();
        (src, to.lock())
    } else {
        let dst = to.lock();
        (from.lock(), dst)
    };
    if *src < amount {
        return Err(TransferError::InsufficientFunds);
    }
    *src -= amount;
    *dst += amount;
    Ok(())
}

// ---- Don't edit below this line. ----

fn main() {
    let a = Account::new(1, 1_000);
    let b = Account::new(2, 1_000);
    std::thread::scope(|s| {
        s.spawn(|| {
            for _ in 0..1_000 {
                let _ = transfer(&a, &b, 3);
            }
        });
        s.spawn(|| {
            for _ in 0..1_000 {
                let _ = transfer(&b, &a, 2);
            }
        });
    });
    println!(
        "after 1000 transfers each way: a = {}, b = {} (total {})",
        a.balance(),
        b.balance(),
        a.balance() + b.balance()
    );
}

/// The accounts. Each `lock()` is recorded so that the tests can line threads up: in
/// `gated` mode a thread that has just taken its first lock waits (briefly) until the other
/// thread has taken one too, or is already waiting for ours. That makes an unlucky
/// interleaving happen on every run instead of once in a while.
mod bank {
    use std::collections::HashMap;
    use std::ops::{Deref, DerefMut};
    use std::sync::{Arc, Condvar, Mutex, MutexGuard};
    use std::thread::{self, ThreadId};
    use std::time::{Duration, Instant};

    #[derive(Default)]
    struct PerThread {
        holding: Vec<usize>,
        waiting_for: Option<usize>,
        held_before: bool,
        gated: bool,
    }

    #[derive(Default)]
    struct State {
        threads: HashMap<ThreadId, PerThread>,
        owner: HashMap<usize, ThreadId>,
        last_released_by: HashMap<usize, ThreadId>,
    }

    #[derive(Default)]
    pub struct Tracker {
        state: Mutex<State>,
        cv: Condvar,
        participants: Option<usize>,
    }

    impl Tracker {
        pub fn gated(participants: usize) -> Arc<Tracker> {
            Arc::new(Tracker {
                participants: Some(participants),
                ..Tracker::default()
            })
        }

        fn state(&self) -> MutexGuard<'_, State> {
            self.state.lock().unwrap_or_else(|e| e.into_inner())
        }

        fn before_lock(&self, id: usize) {
            let me = thread::current().id();
            let mut st = self.state();
            st.threads.entry(me).or_default().waiting_for = Some(id);
            self.cv.notify_all();
            if self.participants.is_none() {
                return;
            }
            // A fair hand-over: if I just released this lock and somebody else is waiting
            // for it, they get it before I take it again.
            let deadline = Instant::now() + Duration::from_millis(500);
            loop {
                let someone_waits = st
                    .threads
                    .iter()
                    .any(|(t, p)| *t != me && p.waiting_for == Some(id));
                let now = Instant::now();
                if st.last_released_by.get(&id) != Some(&me) || !someone_waits || now >= deadline {
                    return;
                }
                st = self.cv.wait_timeout(st, deadline - now).unwrap().0;
            }
        }

        fn after_lock(&self, id: usize) {
            let me = thread::current().id();
            let mut st = self.state();
            st.owner.insert(id, me);
            let t = st.threads.entry(me).or_default();
            t.waiting_for = None;
            t.holding.push(id);
            t.held_before = true;
            let first = t.holding.len() == 1 && !t.gated;
            t.gated = true;
            self.cv.notify_all();
            let Some(n) = self.participants else { return };
            if !first {
                return;
            }
            let deadline = Instant::now() + Duration::from_millis(500);
            loop {
                let others: Vec<&PerThread> = st
                    .threads
                    .iter()
                    .filter(|(t, _)| **t != me)
                    .map(|(_, p)| p)
                    .collect();
                let ready = others.len() + 1 >= n
                    && others.iter().all(|p| {
                        !p.holding.is_empty()
                            || p.waiting_for.is_some_and(|l| st.owner.contains_key(&l))
                            || (p.held_before && p.waiting_for.is_none())
                    });
                let now = Instant::now();
                if ready || now >= deadline {
                    return;
                }
                st = self.cv.wait_timeout(st, deadline - now).unwrap().0;
            }
        }

        fn released(&self, id: usize) {
            let me = thread::current().id();
            let mut st = self.state();
            st.owner.remove(&id);
            st.last_released_by.insert(id, me);
            if let Some(t) = st.threads.get_mut(&me) {
                t.holding.retain(|h| *h != id);
            }
            self.cv.notify_all();
        }
    }

    pub struct Account {
        id: usize,
        balance: Mutex<i64>,
        tracker: Arc<Tracker>,
    }

    impl Account {
        pub fn new(id: usize, balance: i64) -> Account {
            Account::tracked(id, balance, Arc::default())
        }

        pub fn tracked(id: usize, balance: i64, tracker: Arc<Tracker>) -> Account {
            Account {
                id,
                balance: Mutex::new(balance),
                tracker,
            }
        }

        /// A number unique to this account.
        pub fn id(&self) -> usize {
            self.id
        }

        /// Locks this account (blocks until it is free) and gives access to its balance.
        pub fn lock(&self) -> AccountGuard<'_> {
            self.tracker.before_lock(self.id);
            let guard = self.balance.lock().unwrap();
            self.tracker.after_lock(self.id);
            AccountGuard {
                account: self,
                guard: Some(guard),
            }
        }

        /// Reads the balance (takes the lock for a moment).
        pub fn balance(&self) -> i64 {
            *self.balance.lock().unwrap()
        }
    }

    pub struct AccountGuard<'a> {
        account: &'a Account,
        guard: Option<MutexGuard<'a, i64>>,
    }

    impl Deref for AccountGuard<'_> {
        type Target = i64;
        fn deref(&self) -> &i64 {
            self.guard.as_ref().unwrap()
        }
    }

    impl DerefMut for AccountGuard<'_> {
        fn deref_mut(&mut self) -> &mut i64 {
            self.guard.as_mut().unwrap()
        }
    }

    impl Drop for AccountGuard<'_> {
        fn drop(&mut self) {
            drop(self.guard.take());
            self.account.tracker.released(self.account.id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::bank::{Account, Tracker};
    use super::*;
    use std::thread;

    #[test]
    fn opposite_transfers_both_finish() {
        let tracker = Tracker::gated(2);
        let a = Account::tracked(1, 100, tracker.clone());
        let b = Account::tracked(2, 100, tracker);
        thread::scope(|s| {
            let t1 = s.spawn(|| transfer(&a, &b, 10));
            let t2 = s.spawn(|| transfer(&b, &a, 30));
            assert_eq!(t1.join().unwrap(), Ok(()), "transfer a -> b failed");
            assert_eq!(t2.join().unwrap(), Ok(()), "transfer b -> a failed");
        });
        assert_eq!(
            (a.balance(), b.balance()),
            (120, 80),
            "a: 100 - 10 + 30, b: 100 + 10 - 30"
        );
    }

    #[test]
    fn the_same_money_cannot_be_spent_twice() {
        let tracker = Tracker::gated(2);
        let a = Account::tracked(1, 10, tracker.clone());
        let b = Account::tracked(2, 0, tracker.clone());
        let c = Account::tracked(3, 0, tracker);
        let (r1, r2) = thread::scope(|s| {
            let t1 = s.spawn(|| transfer(&a, &b, 10));
            let t2 = s.spawn(|| transfer(&a, &c, 10));
            (t1.join().unwrap(), t2.join().unwrap())
        });
        let oks = [&r1, &r2].iter().filter(|r| r.is_ok()).count();
        assert_eq!(
            oks,
            1,
            "a holds 10 and two transfers of 10 ran at once: exactly one may succeed, got {r1:?} \
             and {r2:?} (balances a = {}, b = {}, c = {}). Check the funds while you hold the lock \
             that pays them out",
            a.balance(),
            b.balance(),
            c.balance()
        );
        assert_eq!(a.balance() + b.balance() + c.balance(), 10);
    }

    #[test]
    fn works_in_both_directions_alone() {
        let a = Account::new(7, 50);
        let b = Account::new(3, 50);
        assert_eq!(transfer(&a, &b, 20), Ok(()));
        assert_eq!(transfer(&b, &a, 5), Ok(()));
        assert_eq!((a.balance(), b.balance()), (35, 65));
        assert_eq!(transfer(&a, &a, 5), Err(TransferError::SameAccount));
    }

    #[test]
    fn insufficient_funds_changes_nothing() {
        let a = Account::new(1, 10);
        let b = Account::new(2, 0);
        assert_eq!(
            transfer(&a, &b, 11),
            Err(TransferError::InsufficientFunds),
            "a has only 10"
        );
        assert_eq!((a.balance(), b.balance()), (10, 0));
    }

    #[test]
    fn busy_bank_keeps_every_cent() {
        let accounts: Vec<Account> = (0..3).map(|i| Account::new(10 + i, 20)).collect();
        thread::scope(|s| {
            for t in 0..4u64 {
                let accounts = &accounts;
                s.spawn(move || {
                    let mut x = t * 7 + 1;
                    for _ in 0..300 {
                        x = x
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        let from = (x >> 33) as usize % 3;
                        let to = (from + 1 + (x >> 40) as usize % 2) % 3;
                        let amount = 1 + (x >> 50) as i64 % 15;
                        let _ = transfer(&accounts[from], &accounts[to], amount);
                    }
                });
            }
        });
        let balances: Vec<i64> = accounts.iter().map(|a| a.balance()).collect();
        assert!(
            balances.iter().all(|b| *b >= 0),
            "an account went negative: {balances:?}. Was the balance checked under the same \
             lock that pays it out?"
        );
        assert_eq!(
            balances.iter().sum::<i64>(),
            60,
            "money appeared or vanished: {balances:?}"
        );
    }
}
