//! `weak_memory`: atomics that behave like a weak memory (an ARM phone, an Apple M-series, a
//! Graviton server), so that a missing Release/Acquire pair shows on every run, even on x86.
//!
//! Used by 04_shared_state (`shared_publish`). `AtomicU64`, `AtomicBool` and `fence` have std's
//! API and call std too (so std's panics for orderings that do not exist stay). On top, each
//! thread carries a vector clock of what it is guaranteed to have seen ("happens-before"):
//! - every store is stamped by its thread; a `Release` (or `SeqCst`) store, or any store after
//!   a `fence(Release)`, carries the writer's clock with it;
//! - an `Acquire` (or `SeqCst`) load that reads such a store joins that clock into the reader's;
//!   a `Relaxed` load keeps it aside, and a later `fence(Acquire)` joins it;
//! - an `AtomicU64` load returns the OLDEST value the model allows: the newest store the
//!   reader is guaranteed to see, or the initial value when it is guaranteed nothing. That is
//!   the stale read a real weak CPU may give now and then, here given every time;
//! - an `AtomicBool` load returns the newest value, so a reader that spins on a flag sees it.
//!
//! A thread always sees its own stores. Thread spawn and join are not modelled: the tests hand
//! data only through these atomics.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::sync::{Mutex, PoisonError};
use std::thread::{self, ThreadId};

type Clock = HashMap<ThreadId, u64>;

fn join_into(into: &mut Clock, from: &Clock) {
    for (t, &v) in from {
        let e = into.entry(*t).or_default();
        *e = (*e).max(v);
    }
}

#[derive(Default)]
struct View {
    clock: Clock,
    /// Clocks of release stores read by relaxed loads, waiting for a `fence(Acquire)`.
    pending: Clock,
    /// The clock at the last `fence(Release)`, carried by later relaxed stores.
    release_fence: Option<Clock>,
}

thread_local! {
    static VIEW: RefCell<View> = RefCell::new(View::default());
}

fn is_release(o: Ordering) -> bool {
    matches!(o, Ordering::Release | Ordering::AcqRel | Ordering::SeqCst)
}

fn is_acquire(o: Ordering) -> bool {
    matches!(o, Ordering::Acquire | Ordering::AcqRel | Ordering::SeqCst)
}

struct Stored {
    value: u64,
    writer: ThreadId,
    stamp: u64,
    release: Option<Clock>,
}

/// The store history of one location, in modification order.
struct Cell {
    init: u64,
    history: Mutex<Vec<Stored>>,
}

impl Cell {
    fn new(init: u64) -> Cell {
        Cell {
            init,
            history: Mutex::new(Vec::new()),
        }
    }

    fn store(&self, value: u64, order: Ordering) {
        let me = thread::current().id();
        let mut h = self.history.lock().unwrap_or_else(PoisonError::into_inner);
        VIEW.with(|v| {
            let mut v = v.borrow_mut();
            let stamp = {
                let c = v.clock.entry(me).or_default();
                *c += 1;
                *c
            };
            let release = if is_release(order) {
                Some(v.clock.clone())
            } else {
                v.release_fence.clone()
            };
            h.push(Stored {
                value,
                writer: me,
                stamp,
                release,
            });
        });
    }

    fn load(&self, order: Ordering, newest: bool) -> u64 {
        let me = thread::current().id();
        let h = self.history.lock().unwrap_or_else(PoisonError::into_inner);
        VIEW.with(|v| {
            let mut v = v.borrow_mut();
            let known = |s: &Stored| {
                s.writer == me || v.clock.get(&s.writer).copied().unwrap_or(0) >= s.stamp
            };
            let chosen = if newest {
                h.last()
            } else {
                h.iter().rev().find(|s| known(s))
            };
            let Some(s) = chosen else {
                return self.init;
            };
            if let Some(rel) = &s.release {
                if is_acquire(order) {
                    join_into(&mut v.clock, rel);
                } else {
                    join_into(&mut v.pending, rel);
                }
            }
            s.value
        })
    }
}

/// `std::sync::atomic::fence`, seen by the model.
pub fn fence(order: Ordering) {
    std::sync::atomic::fence(order);
    VIEW.with(|v| {
        let mut v = v.borrow_mut();
        if is_acquire(order) {
            let pending = std::mem::take(&mut v.pending);
            join_into(&mut v.clock, &pending);
        }
        if is_release(order) {
            v.release_fence = Some(v.clock.clone());
        }
    });
}

/// `std::sync::atomic::AtomicU64`; a load returns the oldest value the model allows.
pub struct AtomicU64 {
    real: std::sync::atomic::AtomicU64,
    cell: Cell,
}

impl Default for AtomicU64 {
    fn default() -> Self {
        AtomicU64::new(0)
    }
}

impl AtomicU64 {
    pub fn new(v: u64) -> AtomicU64 {
        AtomicU64 {
            real: std::sync::atomic::AtomicU64::new(v),
            cell: Cell::new(v),
        }
    }
    pub fn store(&self, v: u64, order: Ordering) {
        self.real.store(v, order);
        self.cell.store(v, order);
    }
    pub fn load(&self, order: Ordering) -> u64 {
        self.real.load(order);
        self.cell.load(order, false)
    }
}

/// `std::sync::atomic::AtomicBool`; a load returns the newest value.
pub struct AtomicBool {
    real: std::sync::atomic::AtomicBool,
    cell: Cell,
}

impl Default for AtomicBool {
    fn default() -> Self {
        AtomicBool::new(false)
    }
}

impl AtomicBool {
    pub fn new(v: bool) -> AtomicBool {
        AtomicBool {
            real: std::sync::atomic::AtomicBool::new(v),
            cell: Cell::new(u64::from(v)),
        }
    }
    pub fn store(&self, v: bool, order: Ordering) {
        self.real.store(v, order);
        self.cell.store(u64::from(v), order);
    }
    pub fn load(&self, order: Ordering) -> bool {
        self.real.load(order);
        self.cell.load(order, true) != 0
    }
}
