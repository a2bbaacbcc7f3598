//! How much CPU time the calling thread has used.
//!
//! A test that must tell "resumes where it stopped" from "recomputes everything on every call"
//! (or "blocks" from "spins") cannot use the wall clock: the machine may be busy. The thread's
//! own CPU time only grows while the thread runs, so a generous budget of it separates a
//! linear algorithm from a quadratic one, or a sleeper from a spinner, on a loaded machine too.

use std::time::Duration;

/// CPU time used so far by the calling thread (`CLOCK_THREAD_CPUTIME_ID`, Linux and macOS).
/// Elsewhere it returns `Duration::ZERO`, so budgets based on it never fail there.
pub fn thread_cpu_time() -> Duration {
    #[cfg(unix)]
    {
        let mut ts = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: clock_gettime only writes into the timespec we pass it.
        let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
        if rc == 0 {
            return Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32);
        }
    }
    Duration::ZERO
}

/// A CPU-time budget for the calling thread, checked as often as the caller likes.
pub struct CpuBudget {
    start: Duration,
    limit: Duration,
}

impl CpuBudget {
    /// Starts counting now; `spent()` is true once the thread has used more than `limit`.
    pub fn new(limit: Duration) -> Self {
        CpuBudget {
            start: thread_cpu_time(),
            limit,
        }
    }

    /// The CPU time used since `new`.
    pub fn used(&self) -> Duration {
        thread_cpu_time().saturating_sub(self.start)
    }

    /// Whether more than the limit has been used.
    pub fn spent(&self) -> bool {
        self.used() > self.limit
    }
}
