//! The evidence for `dl_coffman` (spoilers: this is the answer key). For each fix and each of
//! the four Coffman conditions, whether the condition still holds under that fix and why. A
//! wrong prediction fails with the reason that the named condition still holds, never with
//! the right answer. Where a fix honestly breaks two conditions, both count as right.

/// Under `fix` (a `Fix` variant's name), does `cond` (a `Condition` variant's name) still
/// hold? `Some(why)` if it does, `None` if the fix breaks it.
pub fn still_holds(fix: &str, cond: &str) -> Option<&'static str> {
    let exclusive = "each lock is still held by one thread at a time";
    let owner_releases = "a held lock is still given back only by its owner, when it is done";
    Some(match (fix, cond) {
        ("GlobalLockOrder", "MutualExclusion") => exclusive,
        ("GlobalLockOrder", "HoldAndWait") => {
            "a thread still holds the lower account while it waits for the higher one"
        }
        ("GlobalLockOrder", "NoPreemption") => owner_releases,
        ("GlobalLockOrder", "CircularWait") => return None,
        ("OneLockForEverything", "MutualExclusion") => {
            "the one big lock is exclusive: while one transfer holds it, every other waits"
        }
        ("OneLockForEverything", "NoPreemption") => owner_releases,
        ("OneLockForEverything", "HoldAndWait" | "CircularWait") => return None,
        ("TryLockAndReleaseOnFailure", "MutualExclusion") => exclusive,
        ("TryLockAndReleaseOnFailure", "CircularWait") => {
            "two threads can still take their first locks in opposite orders and each want the \
             other's: the ring still forms, for a moment"
        }
        ("TryLockAndReleaseOnFailure", "HoldAndWait" | "NoPreemption") => return None,
        ("TimeoutThenGiveBack", "MutualExclusion") => exclusive,
        ("TimeoutThenGiveBack", "HoldAndWait") => {
            "while the timeout runs, the thread holds its first lock and waits for the second"
        }
        ("TimeoutThenGiveBack", "CircularWait") => {
            "the ring of 'holds one, waits for the other' still forms, for as long as a timeout"
        }
        ("TimeoutThenGiveBack", "NoPreemption") => return None,
        ("AtomicsInsteadOfLocks", "MutualExclusion") => return None,
        ("AtomicsInsteadOfLocks", "HoldAndWait" | "NoPreemption" | "CircularWait") => {
            "with fetch_add nobody holds the counter at all, so this condition is not what \
             changed: ask what made holding possible in the first place"
        }
        ("SleepBetweenLocks", "MutualExclusion") => exclusive,
        ("SleepBetweenLocks", "HoldAndWait") => {
            "the thread sleeps while it holds its first lock, then waits for the second"
        }
        ("SleepBetweenLocks", "NoPreemption") => {
            "nobody takes the first lock away during the sleep"
        }
        ("SleepBetweenLocks", "CircularWait") => {
            "during the sleep the other thread takes its first lock too; then each waits for \
             the other: the ring is still possible, even likelier"
        }
        ("DeadlockDetector", "MutualExclusion") => exclusive,
        ("DeadlockDetector", "HoldAndWait") => "the stuck threads still hold one lock and wait",
        ("DeadlockDetector", "NoPreemption") => {
            "the detector only reports: nobody's lock is taken away or given back"
        }
        ("DeadlockDetector", "CircularWait") => "the detector sees the ring only after it closed",
        ("ArbiterGivesBothOrNone", "MutualExclusion") => "a fork is still in one hand at a time",
        ("ArbiterGivesBothOrNone", "NoPreemption") => "nobody takes a fork out of an eater's hand",
        ("ArbiterGivesBothOrNone", "CircularWait") => {
            "philosophers still wait for forks their neighbours hold; the question is what a \
             waiting philosopher holds meanwhile"
        }
        ("ArbiterGivesBothOrNone", "HoldAndWait") => return None,
        _ => panic!("no such fix or condition: {fix}, {cond}"),
    })
}
