//! Probes that watch a thread from the outside (used by 02_threads): what it does as it ends,
//! whether it panicked, and how much CPU time it burned.
//!
//! - [`at_exit`] runs a closure when the current thread ends, after its closure has returned
//!   and its result was handed over: a test can keep a thread alive past its answer, which
//!   tells "waited for the answer" from "waited for the thread to end".
//! - [`watch_panics`] + [`has_panicked`] tell whether a thread panicked, even a detached one
//!   whose panic nobody joins (the panic hook runs before the thread's exit closures do).
//! - [`thread_cpu_time`] is the calling thread's CPU time (Linux only), which tells a thread
//!   that blocks while it waits from one that polls: a blocked thread burns none.

use std::cell::RefCell;
use std::sync::{Mutex, Once};
use std::thread::{self, ThreadId};
use std::time::Duration;

struct ExitRunner(RefCell<Vec<Box<dyn FnOnce()>>>);

impl Drop for ExitRunner {
    fn drop(&mut self) {
        for f in self.0.take() {
            f();
        }
    }
}

thread_local! {
    static AT_EXIT: ExitRunner = const { ExitRunner(RefCell::new(Vec::new())) };
}

/// Runs `f` on the current thread when it ends (from its thread-local destructors).
pub fn at_exit(f: impl FnOnce() + 'static) {
    AT_EXIT.with(|r| r.0.borrow_mut().push(Box::new(f)));
}

static PANICKED: Mutex<Vec<ThreadId>> = Mutex::new(Vec::new());
static WATCH: Once = Once::new();

/// Installs (once) a panic hook that notes every thread that panics, then reports the panic as
/// usual.
pub fn watch_panics() {
    WATCH.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICKED
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(thread::current().id());
            previous(info);
        }));
    });
}

/// True if thread `id` panicked since [`watch_panics`] was first called.
pub fn has_panicked(id: ThreadId) -> bool {
    PANICKED
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .contains(&id)
}

/// The CPU time the calling thread has used so far (user + system); `None` where the system
/// cannot tell (anything but Linux).
pub fn thread_cpu_time() -> Option<Duration> {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: `getrusage` only writes the struct we pass it.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let rc = unsafe { libc::getrusage(libc::RUSAGE_THREAD, &mut usage) };
        if rc != 0 {
            return None;
        }
        let time = |t: libc::timeval| {
            Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
        };
        Some(time(usage.ru_utime) + time(usage.ru_stime))
    }
    #[cfg(not(target_os = "linux"))]
    {
        None
    }
}
