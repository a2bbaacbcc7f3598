//! The CPU-bound work of `ss_no_gil`. [`crunch`] counts how many workers are inside it at once
//! and how often it ran; when a test asks for company ([`expect`]), a worker's call also waits
//! (at most 1 s) until that many are inside, so workers that really run side by side are told
//! apart from workers that take turns, without measuring time.

use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// What the tests read back.
#[derive(Default, Clone, Copy, Debug)]
pub struct Party {
    /// Workers inside `crunch` right now.
    pub inside: usize,
    /// The most workers inside `crunch` at once.
    pub most: usize,
    /// How many should be inside at once before anybody goes on.
    pub expect: usize,
    /// A worker waited in vain for the others.
    pub gave_up: bool,
    /// How often `crunch` ran.
    pub calls: usize,
}

static PARTY: Mutex<Party> = Mutex::new(Party {
    inside: 0,
    most: 0,
    expect: 0,
    gave_up: false,
    calls: 0,
});
static ARRIVED: Condvar = Condvar::new();

/// Starts a new count; `together` workers must be inside `crunch` at once (0: nobody waits).
pub fn expect(together: usize) {
    *PARTY.lock().unwrap_or_else(|e| e.into_inner()) = Party {
        expect: together,
        ..Party::default()
    };
}

/// What was counted since the last [`expect`].
pub fn party() -> Party {
    *PARTY.lock().unwrap_or_else(|e| e.into_inner())
}

/// Scrambles one number (the "expensive" part of the work).
pub fn mix(mut x: u64) -> u64 {
    for _ in 0..32 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    x
}

/// The CPU-bound work for one part: the wrapping sum of `mix` over it.
pub fn crunch(part: &[u64]) -> u64 {
    let mut p = PARTY.lock().unwrap_or_else(|e| e.into_inner());
    p.inside += 1;
    p.calls += 1;
    p.most = p.most.max(p.inside);
    ARRIVED.notify_all();
    let deadline = Instant::now() + Duration::from_millis(1000);
    while p.most < p.expect && !p.gave_up {
        let now = Instant::now();
        if now >= deadline {
            p.gave_up = true;
            break;
        }
        p = ARRIVED.wait_timeout(p, deadline - now).unwrap().0;
    }
    drop(p);
    let sum = part.iter().fold(0u64, |acc, &x| acc.wrapping_add(mix(x)));
    PARTY.lock().unwrap_or_else(|e| e.into_inner()).inside -= 1;
    sum
}
