//! Does the async runtime keep running other tasks while some work is in progress?
//! (12_async_pitfalls, 14_distributed.)
//!
//! A test can see which thread a piece of work ran on, but that does not prove the runtime was
//! free meanwhile: `std::thread::spawn(work).join()` runs the work on another thread and then
//! blocks the runtime's own thread in `join`. So the tests ask the runtime itself. A test calls
//! [`watch`] inside its runtime: that spawns a small task that answers pings. The work (a
//! checksum, a verification) calls [`check_in`] from whatever thread it runs on; `check_in` pings
//! every watching runtime and waits for the answer. A runtime whose thread is blocked cannot
//! answer, and after [`PATIENCE`] of real time the watch counts a stall. The patience is only a
//! failure detector: a free runtime answers in microseconds.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

/// How long `check_in` waits for a runtime's answer before it counts a stall.
pub const PATIENCE: Duration = Duration::from_secs(2);

struct Probe {
    pings: tokio::sync::mpsc::UnboundedSender<mpsc::Sender<()>>,
    checks: AtomicUsize,
    stalls: AtomicUsize,
    /// Set after the first stall, so that a blocked runtime costs one `PATIENCE`, not one each.
    dead: AtomicBool,
}

static WATCHING: Mutex<Vec<Arc<Probe>>> = Mutex::new(Vec::new());

fn watching() -> std::sync::MutexGuard<'static, Vec<Arc<Probe>>> {
    WATCHING.lock().unwrap_or_else(|e| e.into_inner())
}

/// A runtime being watched; stops watching when dropped.
pub struct Watch(Arc<Probe>);

/// Starts watching the current tokio runtime (call it from a task on that runtime).
pub fn watch() -> Watch {
    let (pings, mut asked) = tokio::sync::mpsc::unbounded_channel::<mpsc::Sender<()>>();
    tokio::spawn(async move {
        while let Some(reply) = asked.recv().await {
            let _ = reply.send(());
        }
    });
    let probe = Arc::new(Probe {
        pings,
        checks: AtomicUsize::new(0),
        stalls: AtomicUsize::new(0),
        dead: AtomicBool::new(false),
    });
    watching().push(probe.clone());
    Watch(probe)
}

impl Watch {
    /// How many times some work checked in while this runtime was watched.
    pub fn checks(&self) -> usize {
        self.0.checks.load(Ordering::SeqCst)
    }

    /// How many of those check-ins found this runtime unable to run another task.
    pub fn stalls(&self) -> usize {
        self.0.stalls.load(Ordering::SeqCst)
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        watching().retain(|p| !Arc::ptr_eq(p, &self.0));
    }
}

/// Called by the work while it runs: asks every watched runtime to run a task now, and counts a
/// stall for each one that cannot. Does nothing when no runtime is watched.
pub fn check_in() {
    let probes: Vec<Arc<Probe>> = watching().clone();
    for probe in probes {
        probe.checks.fetch_add(1, Ordering::SeqCst);
        if probe.dead.load(Ordering::SeqCst) {
            probe.stalls.fetch_add(1, Ordering::SeqCst);
            continue;
        }
        let (reply, answer) = mpsc::channel();
        if probe.pings.send(reply).is_err() {
            continue; // that runtime is gone
        }
        match answer.recv_timeout(PATIENCE) {
            Ok(()) | Err(mpsc::RecvTimeoutError::Disconnected) => {}
            Err(mpsc::RecvTimeoutError::Timeout) => {
                probe.dead.store(true, Ordering::SeqCst);
                probe.stalls.fetch_add(1, Ordering::SeqCst);
            }
        }
    }
}
