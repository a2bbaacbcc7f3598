//! What a run's processes use while it runs: resident memory and how many processes it started,
//! so a runaway allocation or a program that keeps starting copies of itself is stopped before
//! it takes the learner's machine down, with a verdict that says which.
//!
//! Memory is the resident set (RSS) of every process in the run's session, read from
//! `/proc/PID/statm` about ten times a second. Not `setrlimit`: a virtual-size limit
//! (`RLIMIT_AS`, `RLIMIT_DATA`) counts every thread's reserved stack and the allocator's arenas,
//! so a test with a couple of hundred threads would "use" gigabytes it never touches, and
//! `RLIMIT_NPROC` counts every process of the user (and does not apply to root). Sampling lets a
//! fast allocator overshoot by what it touches in 100 ms; the limit is set far above what any
//! exercise needs. Linux only; elsewhere runs have no such limits.

use std::collections::{BTreeSet, VecDeque};
use std::time::{Duration, Instant};

/// Bounds on one run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Resident memory of all the run's processes together, in MiB.
    pub memory_mb: u64,
    /// Processes the run may start (the program itself included).
    pub max_processes: u32,
}

/// The most a run used at any one sample.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Peak {
    /// Resident memory of the whole session, in MiB.
    pub memory_mb: u64,
    /// Processes seen in the session over the whole run.
    pub processes: u32,
}

/// A limit a run went past.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breach {
    /// Its processes held more memory than allowed.
    Memory { used_mb: u64, limit_mb: u64 },
    /// It started more processes than allowed.
    Processes { started: u32, limit: u32 },
}

impl std::fmt::Display for Breach {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::messages::verdict as msg;
        f.write_str(&match self {
            Breach::Memory { used_mb, limit_mb } => msg::memory_breach(limit_mb, used_mb),
            Breach::Processes { started, limit } => msg::process_breach(started, limit),
        })
    }
}

/// How often a run's usage is sampled.
pub const INTERVAL: Duration = Duration::from_millis(100);

/// Watches one run's session against its limits.
#[derive(Debug)]
pub struct Monitor {
    limits: Limits,
    session: u32,
    seen: BTreeSet<u32>,
    peak: Peak,
    /// Recent memory samples (time, MiB), for telling a steady climb from a plateau.
    recent: VecDeque<(Instant, u64)>,
    last: Option<Instant>,
}

impl Monitor {
    /// A monitor for the session led by `session`.
    pub fn new(limits: Limits, session: u32) -> Self {
        Monitor {
            limits,
            session,
            seen: BTreeSet::new(),
            peak: Peak::default(),
            recent: VecDeque::new(),
            last: None,
        }
    }

    /// Samples the session if [`INTERVAL`] has passed since the last sample; returns the limit
    /// it went past, if any.
    pub fn poll(&mut self) -> Option<Breach> {
        let now = Instant::now();
        if self.last.is_some_and(|l| now - l < INTERVAL) {
            return None;
        }
        self.last = Some(now);
        let (memory_mb, members) = session_usage(self.session)?;
        self.seen.extend(members);
        self.peak.memory_mb = self.peak.memory_mb.max(memory_mb);
        self.peak.processes = self.peak.processes.max(self.seen.len() as u32);
        self.recent.push_back((now, memory_mb));
        while self
            .recent
            .front()
            .is_some_and(|(t, _)| now - *t > Duration::from_secs(2))
        {
            self.recent.pop_front();
        }
        if memory_mb > self.limits.memory_mb {
            return Some(Breach::Memory {
                used_mb: memory_mb,
                limit_mb: self.limits.memory_mb,
            });
        }
        let started = self.seen.len() as u32;
        (started > self.limits.max_processes).then_some(Breach::Processes {
            started,
            limit: self.limits.max_processes,
        })
    }

    /// The most the run used.
    pub fn peak(&self) -> Peak {
        self.peak
    }

    /// The memory (MiB) the run had reached if it kept growing over the last two seconds: at
    /// least 64 MiB more, rising in most samples.
    pub fn growing(&self) -> Option<u64> {
        let (first, last) = (self.recent.front()?.1, self.recent.back()?.1);
        let rises = self
            .recent
            .iter()
            .zip(self.recent.iter().skip(1))
            .filter(|(a, b)| b.1 > a.1)
            .count();
        (self.recent.len() >= 5 && last >= first + 64 && rises * 4 >= (self.recent.len() - 1) * 3)
            .then_some(last)
    }
}

/// Resident memory (MiB) and pids of the live processes of session `sid`.
#[cfg(target_os = "linux")]
fn session_usage(sid: u32) -> Option<(u64, Vec<u32>)> {
    // SAFETY: sysconf only reads a system constant.
    let page = u64::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) }).unwrap_or(4096);
    let members: Vec<u32> = crate::diagnose::all_processes()
        .into_iter()
        .filter(|p| p.session == sid && p.state != 'Z')
        .map(|p| p.pid)
        .collect();
    let bytes: u64 = members
        .iter()
        .filter_map(|pid| std::fs::read_to_string(format!("/proc/{pid}/statm")).ok())
        .filter_map(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map(|pages| pages * page)
        .sum();
    Some((bytes / (1024 * 1024), members))
}

#[cfg(not(target_os = "linux"))]
fn session_usage(_sid: u32) -> Option<(u64, Vec<u32>)> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn monitor_with(samples: &[u64]) -> Monitor {
        let mut m = Monitor::new(
            Limits {
                memory_mb: 1 << 20,
                max_processes: 10,
            },
            0,
        );
        let start = Instant::now();
        for (i, mb) in samples.iter().enumerate() {
            m.recent.push_back((start + INTERVAL * i as u32, *mb));
        }
        m
    }

    #[test]
    fn a_steady_climb_is_growth_and_a_plateau_is_not() {
        assert_eq!(
            monitor_with(&[10, 40, 80, 120, 160, 200]).growing(),
            Some(200)
        );
        assert_eq!(
            monitor_with(&[200, 200, 201, 200, 200, 200]).growing(),
            None
        );
        assert_eq!(monitor_with(&[10, 300]).growing(), None, "too few samples");
    }

    #[test]
    fn breaches_say_what_to_look_for() {
        let m = Breach::Memory {
            used_mb: 300,
            limit_mb: 256,
        };
        assert!(
            m.to_string()
                .starts_with("used more than 256 MiB of memory")
        );
        let p = Breach::Processes {
            started: 4095,
            limit: 256,
        };
        assert!(
            p.to_string()
                .starts_with("started 4095 processes (limit 256")
        );
    }
}
