// dl_coffman.rs — The four deadlock conditions, and which fix breaks which
//
// The seed notes say a deadlock happens when "A waits for B's resource while B waits for A's",
// and that it needs FOUR conditions at the same time (the Coffman conditions):
//
//   1. MutualExclusion — a resource can be held by only one thread at a time (a `Mutex`);
//   2. HoldAndWait     — a thread keeps what it already holds while it waits for more;
//   3. NoPreemption    — nobody can take a held lock away; only its owner releases it;
//   4. CircularWait    — T0 waits for T1, T1 waits for T2, ..., Tn waits for T0.
//
// Remove ANY one of them and that deadlock cannot happen. Every real fix breaks one condition;
// some popular "fixes" break none and only make the deadlock rarer (or just easier to see).
// This is the same in Python and Rust: Rust's compiler stops data races, not deadlocks.
//
// Predict: for each fix below, answer which condition it breaks (or `None` if it breaks none).
// Some of the answers shipped below are wrong. Correct them, and add a one-line comment to each
// arm saying WHY. A wrong answer fails with evidence against it (why the condition you named
// still holds under that fix), not with the answer. Where a fix honestly breaks two conditions,
// either one is accepted. (You meet most of these fixes in the next exercises of this folder.)

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    MutualExclusion,
    HoldAndWait,
    NoPreemption,
    CircularWait,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fix {
    /// Every thread takes the account locks in one global order: lower account id first.
    GlobalLockOrder,
    /// One `Mutex` guards BOTH accounts, so a transfer takes everything it needs in one step.
    OneLockForEverything,
    /// `try_lock` the second lock; if it is busy, release the first one and retry later.
    TryLockAndReleaseOnFailure,
    /// parking_lot's `try_lock_for(timeout)`: on timeout, give back the lock already held.
    TimeoutThenGiveBack,
    /// Replace the `Mutex<u64>` counters with `AtomicU64::fetch_add`: nothing is ever locked.
    AtomicsInsteadOfLocks,
    /// Put a `thread::sleep(1 ms)` between taking the first and the second lock.
    SleepBetweenLocks,
    /// Run a watchdog (parking_lot's `deadlock_detection`) that prints the stuck threads.
    DeadlockDetector,
    /// An arbiter (a waiter) hands a philosopher both forks at once, or neither.
    ArbiterGivesBothOrNone,
}

use Condition::*;

pub fn breaks(fix: Fix) -> Option<Condition> {
    match fix {
        Fix::GlobalLockOrder => Some(CircularWait),
        Fix::OneLockForEverything => Some(MutualExclusion),
        Fix::TryLockAndReleaseOnFailure => Some(CircularWait),
        Fix::TimeoutThenGiveBack => None,
        Fix::AtomicsInsteadOfLocks => Some(NoPreemption),
        Fix::SleepBetweenLocks => Some(CircularWait),
        Fix::DeadlockDetector => Some(NoPreemption),
        Fix::ArbiterGivesBothOrNone => Some(MutualExclusion),
    }
}

// ---- Don't edit below this line. ----

const ALL: [Fix; 8] = [
    Fix::GlobalLockOrder,
    Fix::OneLockForEverything,
    Fix::TryLockAndReleaseOnFailure,
    Fix::TimeoutThenGiveBack,
    Fix::AtomicsInsteadOfLocks,
    Fix::SleepBetweenLocks,
    Fix::DeadlockDetector,
    Fix::ArbiterGivesBothOrNone,
];

fn main() {
    for fix in ALL {
        match breaks(fix) {
            Some(c) => println!("{fix:?} breaks {c:?}"),
            None => println!("{fix:?} breaks no condition: the deadlock can still happen"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::dl_coffman_evidence as evidence;

    /// Under `fix`, does `cond` still hold? `Some(why)` if it does, `None` if the fix breaks it.
    fn still_holds(fix: Fix, cond: Condition) -> Option<&'static str> {
        evidence::still_holds(&format!("{fix:?}"), &format!("{cond:?}"))
    }

    fn check(fix: Fix) {
        let broken: Vec<Condition> = [MutualExclusion, HoldAndWait, NoPreemption, CircularWait]
            .into_iter()
            .filter(|c| still_holds(fix, *c).is_none())
            .collect();
        match breaks(fix) {
            Some(c) => {
                if let Some(why) = still_holds(fix, c) {
                    panic!("{fix:?}: you say it breaks {c:?}, but {c:?} still holds: {why}");
                }
            }
            None => assert!(
                broken.is_empty(),
                "{fix:?}: you say it breaks nothing, so the deadlock can still happen. Try to \
                 build that deadlock with this fix in place: one of the four conditions can no \
                 longer be made true"
            ),
        }
    }

    #[test]
    fn global_lock_order() {
        check(Fix::GlobalLockOrder);
    }

    #[test]
    fn one_lock_for_everything() {
        check(Fix::OneLockForEverything);
    }

    #[test]
    fn try_lock_and_release() {
        check(Fix::TryLockAndReleaseOnFailure);
    }

    #[test]
    fn timeout_then_give_back() {
        check(Fix::TimeoutThenGiveBack);
    }

    #[test]
    fn atomics() {
        check(Fix::AtomicsInsteadOfLocks);
    }

    #[test]
    fn sleep_between_locks() {
        check(Fix::SleepBetweenLocks);
    }

    #[test]
    fn deadlock_detector() {
        check(Fix::DeadlockDetector);
    }

    #[test]
    fn arbiter() {
        check(Fix::ArbiterGivesBothOrNone);
    }
}
