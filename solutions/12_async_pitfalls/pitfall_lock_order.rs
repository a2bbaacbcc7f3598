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
    // Take the two locks lowest account number first, whichever way the money goes.
    let (first, second) = (from.min(to), from.max(to));
    let mut first_guard = bank.accounts[first].lock().await;
    audit_record(from, to, amount).await;
    let mut second_guard = bank.accounts[second].lock().await;
    let (src, dst) = if from == first {
        (&mut *first_guard, &mut *second_guard)
    } else {
        (&mut *second_guard, &mut *first_guard)
    };
    if *src < amount {
        return false;
    }
    *src -= amount;
    *dst += amount;
    true
}

// ---- Don't edit below this line. ----

/// Writes the audit record of a transfer: takes one millisecond.
pub async fn audit_record(_from: usize, _to: usize, _amount: u64) {
    tokio::time::sleep(Duration::from_millis(1)).await;
}

impl Bank {
    pub fn new(balances: &[u64]) -> Bank {
        Bank {
            accounts: balances.iter().map(|b| Mutex::new(*b)).collect(),
        }
    }

    /// Locks every account, lowest number first, and returns the balances.
    pub async fn balances(&self) -> Vec<u64> {
        let mut guards = Vec::new();
        for account in &self.accounts {
            guards.push(account.lock().await);
        }
        guards.iter().map(|g| **g).collect()
    }
}

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let bank = Bank::new(&[100, 100]);
    rt.block_on(async {
        let (a, b) = tokio::join!(transfer(&bank, 0, 1, 30), transfer(&bank, 1, 0, 10));
        println!("moved: {a} {b}; balances {:?}", bank.balances().await);
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use tokio::time::{Instant, timeout};

    const PATIENCE: Duration = Duration::from_secs(60);

    #[tokio::test(start_paused = true)]
    async fn opposite_transfers_finish() {
        let bank = Arc::new(Bank::new(&[100, 100, 100]));
        let mut set = tokio::task::JoinSet::new();
        for (from, to, amount) in [(0, 1, 10), (1, 0, 20), (1, 2, 30), (2, 0, 40)] {
            let bank = bank.clone();
            set.spawn(async move { transfer(&bank, from, to, amount).await });
        }
        let all = timeout(PATIENCE, async {
            let mut moved = Vec::new();
            while let Some(r) = set.join_next().await {
                moved.push(r.unwrap());
            }
            moved
        })
        .await;
        let moved = all.unwrap_or_else(|_| {
            panic!(
                "deadlock: the transfers were still waiting for each other's locks after {PATIENCE:?} \
                 (paused clock): two of them took the same two locks in opposite orders"
            )
        });
        assert!(moved.iter().all(|m| *m), "every transfer had enough money");
        assert_eq!(bank.balances().await, vec![150, 60, 90], "wrong balances");
    }

    #[tokio::test(start_paused = true)]
    async fn opposite_transfers_lined_up_the_worst_way() {
        let bank = Arc::new(Bank::new(&[100, 100]));
        // The test holds account 0, so the transfers queue up behind it in a chosen order.
        let held = bank.accounts[0].lock().await;
        let b = bank.clone();
        let first = tokio::spawn(async move { transfer(&b, 0, 1, 10).await });
        tokio::time::sleep(Duration::from_millis(5)).await; // 0->1 is now waiting
        let b = bank.clone();
        let second = tokio::spawn(async move { transfer(&b, 1, 0, 20).await });
        tokio::time::sleep(Duration::from_millis(5)).await; // so is 1->0
        drop(held);
        let both = timeout(PATIENCE, async { (first.await, second.await) })
            .await
            .unwrap_or_else(|_| {
                panic!(
                    "deadlock: 0->1 got account 0 and waited for account 1, while 1->0 held \
                     account 1 and waited for account 0; it took only a queue at account 0 to \
                     line them up this way"
                )
            });
        assert!(both.0.unwrap() && both.1.unwrap(), "both had enough money");
        assert_eq!(bank.balances().await, vec![110, 90], "wrong balances");
    }

    #[tokio::test(start_paused = true)]
    async fn an_auditor_never_sees_money_in_flight() {
        let bank = Arc::new(Bank::new(&[100, 100]));
        let b1 = bank.clone();
        let t1 = tokio::spawn(async move { transfer(&b1, 1, 0, 60).await });
        let b2 = bank.clone();
        let t2 = tokio::spawn(async move { transfer(&b2, 0, 1, 25).await });
        // Look at the bank half-way through the audit records.
        tokio::time::sleep(Duration::from_micros(500)).await;
        let seen = timeout(PATIENCE, bank.balances())
            .await
            .expect("deadlock: the auditor waited forever for the accounts");
        let (r1, r2) = timeout(PATIENCE, async { (t1.await, t2.await) })
            .await
            .expect("deadlock: the transfers waited forever for each other's locks");
        assert!(
            r1.unwrap() && r2.unwrap(),
            "both transfers had enough money"
        );
        assert_eq!(
            seen.iter().sum::<u64>(),
            200,
            "the auditor saw balances {seen:?}: money had left one account and not reached the \
             other; keep both locks until the money has moved"
        );
        assert_eq!(bank.balances().await, vec![135, 65], "wrong balances");
    }

    #[tokio::test(start_paused = true)]
    async fn unrelated_transfers_run_at_the_same_time() {
        let bank = Bank::new(&[50, 50, 50, 50]);
        let began = Instant::now();
        let both = timeout(PATIENCE, async {
            tokio::join!(transfer(&bank, 0, 1, 5), transfer(&bank, 3, 2, 5))
        })
        .await
        .expect("deadlock: two transfers between four different accounts never finished");
        assert_eq!(both, (true, true));
        assert_eq!(
            began.elapsed(),
            Duration::from_millis(1),
            "transfers 0->1 and 3->2 share no account, so their 1 ms audit records should \
             overlap (1 ms in all); do not put one lock around the whole bank"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn not_enough_money() {
        let bank = Bank::new(&[5, 0]);
        let moved = timeout(PATIENCE, transfer(&bank, 0, 1, 6)).await.unwrap();
        assert!(!moved, "account 0 holds 5, it cannot send 6");
        assert_eq!(bank.balances().await, vec![5, 0]);
    }
}
