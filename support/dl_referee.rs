//! Forks and a referee for `dl_trylock`. A `Referee` runs two workers in lock-step rounds:
//! inside a round, after its k-th fork attempt a worker waits until the other active worker
//! has made its k-th attempt too (or has finished its turn), so every collision that could
//! happen does happen, and a livelock shows on every run instead of once in a while. A fork's
//! `lock()` panics if the calling thread already holds another fork: that is exactly the
//! "waiting while holding" the exercise removes.

use std::cell::Cell;
use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
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

pub struct Fork {
    id: usize,
    mutex: Mutex<()>,
    referee: Option<Arc<Referee>>,
}

/// A fork in hand; dropping it puts the fork down.
pub struct ForkGuard<'a> {
    id: usize,
    _guard: MutexGuard<'a, ()>,
}

impl ForkGuard<'_> {
    /// The number of the fork in hand.
    pub fn id(&self) -> usize {
        self.id
    }
}

impl Drop for ForkGuard<'_> {
    fn drop(&mut self) {
        HELD.with(|h| h.set(h.get() - 1));
    }
}

thread_local! {
    /// How many forks this thread holds.
    static HELD: Cell<usize> = const { Cell::new(0) };
}

fn taken(id: usize, guard: MutexGuard<'_, ()>) -> ForkGuard<'_> {
    HELD.with(|h| h.set(h.get() + 1));
    ForkGuard { id, _guard: guard }
}

impl Fork {
    pub fn new(id: usize) -> Fork {
        Fork {
            id,
            mutex: Mutex::new(()),
            referee: None,
        }
    }

    pub fn refereed(id: usize, referee: Arc<Referee>) -> Fork {
        Fork {
            referee: Some(referee),
            ..Fork::new(id)
        }
    }

    pub fn id(&self) -> usize {
        self.id
    }

    /// Waits until the fork is free, then takes it.
    pub fn lock(&self) -> ForkGuard<'_> {
        let holding = HELD.with(Cell::get);
        assert!(
            holding == 0,
            "waiting for fork {} while holding another fork: if the other worker does the same \
             the other way round, both wait forever (hold and wait)",
            self.id
        );
        let g = taken(self.id, self.mutex.lock().unwrap());
        self.attempted();
        g
    }

    /// Takes the fork if it is free right now; `None` if somebody holds it.
    pub fn try_lock(&self) -> Option<ForkGuard<'_>> {
        let g = self.mutex.try_lock().ok().map(|g| taken(self.id, g));
        self.attempted();
        g
    }

    fn attempted(&self) {
        if let Some(r) = &self.referee {
            r.attempted();
        }
    }
}

/// Runs the workers in rounds. Inside a round, the workers move in step: after its k-th
/// fork attempt a worker waits until every other active worker has made its k-th attempt
/// too (or has finished its turn).
#[derive(Default)]
struct Round {
    number: u64,
    active: usize,
    pending_active: usize,
    workers: HashMap<ThreadId, (usize, bool)>, // (attempts, finished its turn)
}

/// Lines up the workers of a test; see the module docs.
pub struct Referee {
    round: Mutex<Round>,
    cv: Condvar,
    /// A barrier that a worker can leave (when it panics): (arrived, generation, parties).
    gate: Mutex<(usize, u64, usize)>,
    gate_cv: Condvar,
}

/// A worker's place at the referee's barrier; dropping it (also when the worker panics)
/// leaves, so that the other worker is not left waiting forever.
pub struct Seat<'a>(&'a Referee);

impl Drop for Seat<'_> {
    fn drop(&mut self) {
        let mut g = self.0.gate.lock().unwrap_or_else(|e| e.into_inner());
        g.2 -= 1;
        if g.0 >= g.2 {
            (g.0, g.1) = (0, g.1 + 1);
        }
        self.0.gate_cv.notify_all();
        drop(g);
        self.0.cv.notify_all();
    }
}

impl Referee {
    pub fn new(workers: usize) -> Arc<Referee> {
        Arc::new(Referee {
            round: Mutex::default(),
            cv: Condvar::new(),
            gate: Mutex::new((0, 0, workers)),
            gate_cv: Condvar::new(),
        })
    }

    /// Takes a seat; keep it for as long as the worker runs.
    pub fn seat(&self) -> Seat<'_> {
        Seat(self)
    }

    /// Waits for every seated worker; `true` for exactly one of them.
    fn barrier(&self) -> bool {
        let mut g = self.gate.lock().unwrap_or_else(|e| e.into_inner());
        g.0 += 1;
        if g.0 >= g.2 {
            (g.0, g.1) = (0, g.1 + 1);
            self.gate_cv.notify_all();
            return true;
        }
        let generation = g.1;
        while g.1 == generation {
            g = self.gate_cv.wait(g).unwrap_or_else(|e| e.into_inner());
        }
        false
    }

    pub fn begin_round(&self, active: bool) {
        self.round
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .pending_active += usize::from(active);
        if self.barrier() {
            let mut r = self.round.lock().unwrap_or_else(|e| e.into_inner());
            r.number += 1;
            r.active = r.pending_active;
            r.pending_active = 0;
            r.workers.clear();
        }
        self.barrier();
    }

    pub fn end_round(&self) {
        let mut r = self.round.lock().unwrap_or_else(|e| e.into_inner());
        r.workers.entry(thread::current().id()).or_default().1 = true;
        self.cv.notify_all();
        drop(r);
        self.barrier();
    }

    fn attempted(&self) {
        let me = thread::current().id();
        let mut r = self.round.lock().unwrap_or_else(|e| e.into_inner());
        let number = r.number;
        let entry = r.workers.entry(me).or_default();
        entry.0 += 1;
        let k = entry.0;
        self.cv.notify_all();
        let deadline = Instant::now() + Duration::from_millis(500);
        loop {
            let caught_up = r
                .workers
                .iter()
                .filter(|(t, (n, done))| **t != me && (*n >= k || *done))
                .count();
            let now = Instant::now();
            if caught_up + 1 >= r.active || r.number != number || now >= deadline {
                return;
            }
            r = self
                .cv
                .wait_timeout(r, deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }
}
