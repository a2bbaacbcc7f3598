//! Watched locks for 08_deadlocks: the bank's accounts (`dl_transfer`) and the philosophers'
//! forks (`dl_philosophers`) are `Lock<T>`s, a `std::sync::Mutex<T>` with a number, whose
//! `lock()` and `try_lock()` report to a shared [`Tracker`]. The tracker is how the tests
//! judge a fix by behaviour instead of waiting for a hang:
//!
//! - **lock-order inversions** (`strict` trackers only): a thread that blocks on lock Y while holding X records the
//!   order X-before-Y; if any thread ever took them the other way round, `lock()` panics with
//!   a message naming both orders. That is how lock checkers (Linux's lockdep, TSan's deadlock
//!   detector) find deadlocks that did not happen in this run but can happen in the next.
//! - **real cycles**: before blocking, `lock()` follows "waits for the lock held by the thread
//!   that waits for ..."; if that comes back to the caller, it panics instead of hanging.
//! - **lining up** (`gated`): a thread that has just taken its first lock waits until every
//!   other participant holds a lock or waits for a held one, so the unlucky interleaving
//!   happens on every run. It gives up after a while (a participant may be blocked on
//!   something the tracker does not see, e.g. one big lock of the learner's).
//! - **fair hand-over** (`gated`): a thread that wants a lock it has just released lets a
//!   waiting thread have it first, so "check, unlock, lock again" is caught in the middle.
//! - **overlap**: [`Tracker::most_holding`] is the largest number of threads that held a lock
//!   at the same moment (one big lock around everything makes it 1).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, RandomState};
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant};

/// A random number in `0..n` (0 when `n` is 0).
pub fn random_below(n: u32) -> u32 {
    if n == 0 {
        return 0;
    }
    (RandomState::new().hash_one(thread::current().id()) % u64::from(n)) as u32
}

#[derive(Default)]
struct PerThread {
    holding: Vec<usize>,
    waiting_for: Option<usize>,
    blocking: bool,
    held_before: bool,
    gated: bool,
}

#[derive(Default)]
struct State {
    threads: HashMap<ThreadId, PerThread>,
    owner: HashMap<usize, ThreadId>,
    last_released_by: HashMap<usize, ThreadId>,
    /// (held, then blocked on) pairs seen so far.
    orders: HashSet<(usize, usize)>,
    most_holding: usize,
    changes: u64,
}

/// Watches a set of [`Lock`]s; see the module docs.
#[derive(Default)]
pub struct Tracker {
    state: Mutex<State>,
    cv: Condvar,
    participants: Option<usize>,
    what: &'static str,
    check_orders: bool,
    gate_off: AtomicBool,
}

impl Tracker {
    /// A tracker that only watches (no lining up). `what` names a lock in messages ("account").
    pub fn new(what: &'static str) -> Arc<Tracker> {
        Arc::new(Tracker {
            what,
            ..Tracker::default()
        })
    }

    /// A tracker that also lines up `participants` threads at their first lock.
    pub fn gated(what: &'static str, participants: usize) -> Arc<Tracker> {
        Arc::new(Tracker {
            what,
            participants: Some(participants),
            ..Tracker::default()
        })
    }

    /// This tracker also panics on lock-order inversions (see the module docs).
    pub fn strict(self: Arc<Tracker>) -> Arc<Tracker> {
        let mut t = Arc::into_inner(self).expect("strict() on a fresh tracker");
        t.check_orders = true;
        Arc::new(t)
    }

    /// The most threads that held at least one of these locks at the same moment.
    pub fn most_holding(&self) -> usize {
        self.state().most_holding
    }

    fn state(&self) -> MutexGuard<'_, State> {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        st.changes += 1;
        st
    }

    fn before_lock(&self, id: usize, blocking: bool) {
        let me = thread::current().id();
        let mut st = self.state();
        let w = self.what;
        let t = st.threads.entry(me).or_default();
        t.waiting_for = Some(id);
        t.blocking = blocking;
        let held = t.holding.clone();
        self.cv.notify_all();
        if blocking && self.check_orders {
            for h in held {
                if st.orders.contains(&(id, h)) {
                    drop(st);
                    panic!(
                        "lock-order inversion: this thread holds {w} {h} and waits for {w} {id}, \
                         but {w} {id} has also been held while waiting for {w} {h}. Two threads \
                         doing that at once wait for each other forever (a circular wait): \
                         every thread must take these two in the same order"
                    );
                }
                st.orders.insert((h, id));
            }
        }
        let cycle = if blocking {
            cycle_from(&st, me, id, w)
        } else {
            None
        };
        if let Some(cycle) = cycle {
            drop(st);
            panic!(
                "deadlock (a circular wait): this thread holds a {w} and waits for {w} {cycle}, \
                 which this thread holds. Each waits for the next, none can ever go on"
            );
        }
        if self.participants.is_none() || self.gate_off.load(Ordering::Relaxed) {
            return;
        }
        // A fair hand-over: if I just released this lock and somebody else is waiting for it,
        // they get it before I take it again.
        let deadline = Instant::now() + Duration::from_millis(300);
        loop {
            let someone_waits = st
                .threads
                .iter()
                .any(|(t, p)| *t != me && p.waiting_for == Some(id) && p.blocking);
            let now = Instant::now();
            if st.last_released_by.get(&id) != Some(&me) || !someone_waits || now >= deadline {
                return;
            }
            st = self.cv.wait_timeout(st, deadline - now).unwrap().0;
        }
    }

    fn not_waiting(&self) {
        let me = thread::current().id();
        let mut st = self.state();
        st.threads.entry(me).or_default().waiting_for = None;
        self.cv.notify_all();
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
        let holding = st
            .threads
            .values()
            .filter(|p| !p.holding.is_empty())
            .count();
        st.most_holding = st.most_holding.max(holding);
        self.cv.notify_all();
        let Some(n) = self.participants else { return };
        if !first || self.gate_off.load(Ordering::Relaxed) {
            return;
        }
        // Give up lining up if nothing changes for a while: then somebody is blocked on
        // something this tracker does not see.
        let idle = Duration::from_millis(300);
        let (mut last_change, mut since) = (u64::MAX, Instant::now());
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
            if ready {
                return;
            }
            if st.changes != last_change {
                (last_change, since) = (st.changes, Instant::now());
            }
            let waited = since.elapsed();
            if waited >= idle {
                self.gate_off.store(true, Ordering::Relaxed);
                return;
            }
            st = self.cv.wait_timeout(st, idle - waited).unwrap().0;
        }
    }

    fn released(&self, id: usize) {
        let me = thread::current().id();
        let mut st = self.state();
        if st.owner.get(&id) == Some(&me) {
            st.owner.remove(&id);
        }
        st.last_released_by.insert(id, me);
        if let Some(t) = st.threads.get_mut(&me) {
            t.holding.retain(|h| *h != id);
        }
        self.cv.notify_all();
    }
}

/// Follows "`me` waits for `want`, held by a thread that is blocked on a lock held by ...";
/// describes the ring if it comes back to `me`.
fn cycle_from(st: &State, me: ThreadId, want: usize, w: &str) -> Option<String> {
    let mut path = vec![want];
    let mut lock = want;
    for _ in 0..=st.threads.len() {
        let holder = *st.owner.get(&lock)?;
        if holder == me {
            return None; // re-locking one's own lock is not this tracker's business
        }
        let p = st.threads.get(&holder)?;
        if !p.blocking {
            return None;
        }
        lock = p.waiting_for?;
        if st.owner.get(&lock) == Some(&me) {
            path.push(lock);
            let ring: Vec<String> = path.iter().map(|l| l.to_string()).collect();
            return Some(ring.join(&format!(", held by a thread that waits for {w} ")));
        }
        path.push(lock);
    }
    None
}

/// A `Mutex<T>` with a number (its rank in a global order), watched by a [`Tracker`].
pub struct Lock<T> {
    id: usize,
    data: Mutex<T>,
    tracker: Arc<Tracker>,
}

impl<T> Lock<T> {
    /// Lock number `id`, holding `value`, reporting to `tracker`.
    pub fn tracked(id: usize, value: T, tracker: Arc<Tracker>) -> Lock<T> {
        Lock {
            id,
            data: Mutex::new(value),
            tracker,
        }
    }

    /// A number unique to this lock.
    pub fn id(&self) -> usize {
        self.id
    }

    /// Waits until the lock is free, then takes it.
    pub fn lock(&self) -> LockGuard<'_, T> {
        self.tracker.before_lock(self.id, true);
        let guard = self.data.lock().unwrap_or_else(|e| e.into_inner());
        self.tracker.after_lock(self.id);
        LockGuard {
            lock: self,
            guard: Some(guard),
        }
    }

    /// Takes the lock if it is free right now; `None` if somebody holds it.
    pub fn try_lock(&self) -> Option<LockGuard<'_, T>> {
        self.tracker.before_lock(self.id, false);
        match self.data.try_lock() {
            Ok(guard) => {
                self.tracker.after_lock(self.id);
                Some(LockGuard {
                    lock: self,
                    guard: Some(guard),
                })
            }
            Err(_) => {
                self.tracker.not_waiting();
                None
            }
        }
    }

    /// Reads the value (takes the lock for a moment, unwatched).
    pub fn peek(&self) -> T
    where
        T: Copy,
    {
        *self.data.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A held [`Lock`]. Dropping it unlocks.
pub struct LockGuard<'a, T> {
    lock: &'a Lock<T>,
    guard: Option<MutexGuard<'a, T>>,
}

impl<T> LockGuard<'_, T> {
    /// The number of the lock this guard holds.
    pub fn id(&self) -> usize {
        self.lock.id
    }
}

impl<T> Deref for LockGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.guard.as_ref().unwrap()
    }
}

impl<T> DerefMut for LockGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        self.guard.as_mut().unwrap()
    }
}

impl<T> Drop for LockGuard<'_, T> {
    fn drop(&mut self) {
        drop(self.guard.take());
        self.lock.tracker.released(self.lock.id);
    }
}

/// A bank account for `dl_transfer`: a balance behind a watched lock.
pub type Account = Lock<i64>;

impl Lock<i64> {
    /// An account with its own (watching, not lining up) tracker.
    pub fn new(id: usize, balance: i64) -> Account {
        Lock::tracked(id, balance, Tracker::new("account"))
    }

    /// Reads the balance (takes the lock for a moment).
    pub fn balance(&self) -> i64 {
        self.peek()
    }
}

/// A fork for `dl_philosophers` and `dl_trylock`.
pub type Fork = Lock<()>;
/// A fork in hand.
pub type ForkGuard<'a> = LockGuard<'a, ()>;

impl Lock<()> {
    /// `n` forks numbered `0..n`, sharing one strict tracker.
    pub fn set(n: usize) -> Vec<Fork> {
        Fork::set_with(n, Tracker::new("fork").strict())
    }

    /// `n` forks numbered `0..n` whose first pick-ups are lined up (strict tracker).
    pub fn gated_set(n: usize) -> Vec<Fork> {
        Fork::set_with(n, Tracker::gated("fork", n).strict())
    }

    /// `n` forks numbered `0..n` reporting to `tracker`.
    pub fn set_with(n: usize, tracker: Arc<Tracker>) -> Vec<Fork> {
        (0..n)
            .map(|id| Lock::tracked(id, (), tracker.clone()))
            .collect()
    }
}
