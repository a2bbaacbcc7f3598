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

use mtlings_support::dl_locks::Tracker;

fn main() {
    let bank = Tracker::new("account");
    let a = Account::tracked(1, 1_000, bank.clone());
    let b = Account::tracked(2, 1_000, bank);
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::thread;

    /// Accounts with these ids and balances, watched by one tracker.
    fn bank(tracker: &std::sync::Arc<Tracker>, accounts: &[(usize, i64)]) -> Vec<Account> {
        let accounts = accounts.iter();
        accounts
            .map(|&(id, balance)| Account::tracked(id, balance, tracker.clone()))
            .collect()
    }

    #[test]
    fn opposite_transfers_both_finish() {
        let acc = bank(&Tracker::gated("account", 2), &[(1, 100), (2, 100)]);
        let (a, b) = (&acc[0], &acc[1]);
        thread::scope(|s| {
            let t1 = s.spawn(|| transfer(a, b, 10));
            let t2 = s.spawn(|| transfer(b, a, 30));
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
    fn other_ids_in_both_directions() {
        let acc = bank(&Tracker::gated("account", 2), &[(42, 50), (7, 50)]);
        let (a, b) = (&acc[0], &acc[1]);
        thread::scope(|s| {
            let t1 = s.spawn(|| transfer(b, a, 5));
            let t2 = s.spawn(|| transfer(a, b, 20));
            assert_eq!(t1.join().unwrap(), Ok(()));
            assert_eq!(t2.join().unwrap(), Ok(()));
        });
        assert_eq!((a.balance(), b.balance()), (35, 65));
    }

    #[test]
    fn transfers_between_other_accounts_run_at_the_same_time() {
        let tracker = Tracker::gated("account", 2);
        let acc = bank(&tracker, &[(1, 10), (2, 10), (3, 10), (4, 10)]);
        thread::scope(|s| {
            s.spawn(|| transfer(&acc[0], &acc[1], 1).unwrap());
            s.spawn(|| transfer(&acc[3], &acc[2], 1).unwrap());
        });
        assert_eq!(
            tracker.most_holding(),
            2,
            "a transfer 1 -> 2 and a transfer 4 -> 3 share no account, yet they never held \
             their locks at the same time: is one lock serialising the whole bank? That ends \
             the deadlock by ending all concurrency"
        );
    }

    #[test]
    fn the_same_money_cannot_be_spent_twice() {
        let acc = bank(&Tracker::gated("account", 2), &[(1, 10), (2, 0), (3, 0)]);
        let (a, b, c) = (&acc[0], &acc[1], &acc[2]);
        let (r1, r2) = thread::scope(|s| {
            let t1 = s.spawn(|| transfer(a, b, 10));
            let t2 = s.spawn(|| transfer(a, c, 10));
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
    fn alone_and_with_errors() {
        let acc = bank(&Tracker::new("account"), &[(7, 50), (3, 50)]);
        let (a, b) = (&acc[0], &acc[1]);
        assert_eq!(transfer(a, b, 20), Ok(()));
        assert_eq!(transfer(b, a, 5), Ok(()));
        assert_eq!((a.balance(), b.balance()), (35, 65));
        assert_eq!(transfer(a, a, 5), Err(TransferError::SameAccount));
        assert_eq!(
            transfer(a, b, 36),
            Err(TransferError::InsufficientFunds),
            "a has only 35"
        );
        assert_eq!(
            (a.balance(), b.balance()),
            (35, 65),
            "a failed transfer changes nothing"
        );
    }

    #[test]
    fn busy_bank_keeps_every_cent() {
        let acc = bank(&Tracker::new("account"), &[(10, 20), (11, 20), (12, 20)]);
        thread::scope(|s| {
            for t in 0..4u64 {
                let acc = &acc;
                s.spawn(move || {
                    let mut x = t * 7 + 1;
                    for _ in 0..300 {
                        x = x
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        let from = (x >> 33) as usize % 3;
                        let to = (from + 1 + (x >> 40) as usize % 2) % 3;
                        let amount = 1 + (x >> 50) as i64 % 15;
                        let _ = transfer(&acc[from], &acc[to], amount);
                    }
                });
            }
        });
        let balances: Vec<i64> = acc.iter().map(|a| a.balance()).collect();
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
