// MISTAKE: a detector is taken for taking locks away; it only reports the deadlock
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
        // The detector steps in, so locks no longer stay held forever.
        Fix::DeadlockDetector => Some(NoPreemption),
        // Both forks or none: a philosopher never holds one while waiting for the other.
        Fix::ArbiterGivesBothOrNone => Some(HoldAndWait),
    }
}

