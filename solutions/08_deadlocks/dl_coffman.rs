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
// arm saying WHY. The tests explain every mistake. (You meet most of these fixes in the next
// exercises of this folder.)

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
        // Everyone climbs the same ladder, so no wait-for cycle can close.
        Fix::GlobalLockOrder => Some(CircularWait),
        // Still exclusive, but all is taken in one step: nothing held while waiting.
        Fix::OneLockForEverything => Some(HoldAndWait),
        // A thread that cannot go on gives its lock back: locks can be taken away.
        Fix::TryLockAndReleaseOnFailure => Some(NoPreemption),
        // The same with patience: after the timeout the held lock is given back.
        Fix::TimeoutThenGiveBack => Some(NoPreemption),
        // Nobody ever owns the counter exclusively.
        Fix::AtomicsInsteadOfLocks => Some(MutualExclusion),
        // Only timing changes; all four conditions still hold.
        Fix::SleepBetweenLocks => None,
        // Detection reports a deadlock after it happened; it prevents nothing.
        Fix::DeadlockDetector => None,
        // Both forks or none: a philosopher never holds one while waiting for the other.
        Fix::ArbiterGivesBothOrNone => Some(HoldAndWait),
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

    fn check(fix: Fix, want: Option<Condition>, why: &str) {
        let got = breaks(fix);
        assert_eq!(got, want, "{fix:?}: you said {got:?}. {why}");
    }

    #[test]
    fn global_lock_order() {
        check(
            Fix::GlobalLockOrder,
            Some(CircularWait),
            "Threads still hold one lock while waiting for the next, but if everybody climbs the \
             same ladder (lowest id first) nobody can wait for someone 'below' them: no cycle.",
        );
    }

    #[test]
    fn one_lock_for_everything() {
        check(
            Fix::OneLockForEverything,
            Some(HoldAndWait),
            "The lock is still exclusive (mutual exclusion stays), but a thread now gets all it \
             needs in a single acquisition: it never holds something while waiting for more.",
        );
    }

    #[test]
    fn try_lock_and_release() {
        check(
            Fix::TryLockAndReleaseOnFailure,
            Some(NoPreemption),
            "Nobody is forced, but a thread that cannot get the second lock gives up the first \
             one: held locks can be taken back, so no thread waits forever on a holder.",
        );
    }

    #[test]
    fn timeout_then_give_back() {
        check(
            Fix::TimeoutThenGiveBack,
            Some(NoPreemption),
            "A timeout is try_lock with patience: after it, the thread releases what it holds, \
             so a held lock can be taken back from a stuck owner.",
        );
    }

    #[test]
    fn atomics() {
        check(
            Fix::AtomicsInsteadOfLocks,
            Some(MutualExclusion),
            "An atomic fetch_add never gives anybody exclusive ownership of the counter: there \
             is nothing to hold, so nothing to wait for.",
        );
    }

    #[test]
    fn sleep_between_locks() {
        check(
            Fix::SleepBetweenLocks,
            None,
            "A sleep changes the timing, not the rules: all four conditions still hold. (It \
             usually makes the deadlock MORE likely: the other thread gets time to take its first lock.)",
        );
    }

    #[test]
    fn deadlock_detector() {
        check(
            Fix::DeadlockDetector,
            None,
            "A detector finds the cycle after it formed; it prevents nothing. Detection is still \
             useful: it tells you which locks to order, or lets you pick a victim to abort.",
        );
    }

    #[test]
    fn arbiter() {
        check(
            Fix::ArbiterGivesBothOrNone,
            Some(HoldAndWait),
            "Forks stay exclusive, but a philosopher never sits holding one fork while waiting \
             for the other: both or nothing.",
        );
    }
}
