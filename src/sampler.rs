//! Sampling a live run for its timeline: every few milliseconds the state and CPU time of each
//! thread of each process of the run's session is read from `/proc` (which stops nothing), and
//! a thread seen waiting twice in a row has its stack read once for that wait, to say what it
//! waits in and on which line of the learner's file.
//!
//! The run's own main thread is never stopped: its ptrace stop would be reported to the
//! `waitpid` that waits for the run to end (see [`crate::process`]), and taken for the exit. What
//! it waits in comes from `/proc/PID/syscall` and `/proc/PID/wchan` instead. Every thread that
//! is stopped is released at once (see [`crate::stacks::LiveStacks`]); whatever might still be
//! traced is released by the kernel when the sampling thread ends, which happens before the
//! run's outcome is returned.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use crate::stacks::{self, Frame, LiveStacks, RawStack, ThreadStack};
use crate::timeline::{ProcessTrack, Recording, Slice, ThreadTrack};

/// How often the threads' states are read. 10 ms matches the kernel's CPU-time tick, keeps a
/// 2-second run's trace well under a megabyte and costs the run itself nothing measurable (see
/// `benches/timeline.sh`).
pub const PERIOD: Duration = Duration::from_millis(10);

/// How often all of `/proc` is scanned for processes of the run's session (other children are
/// found every round through their parents' `children` lists); a scan costs milliseconds on a
/// busy machine.
const SCAN: Duration = Duration::from_millis(500);

/// Stacks read at most per round, and per run: a pool of threads that all start waiting is
/// read over a few rounds rather than in one long pause.
const STACKS_PER_ROUND: usize = 4;
const STACKS_PER_RUN: usize = 1000;

/// What to record, and how to show places.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The step recorded (`tests` or `main`).
    pub label: String,
    /// The learner's source file, whose lines are named.
    pub source: PathBuf,
    /// The workbook root, which places are shown relative to.
    pub root: PathBuf,
}

/// A sampling in progress.
pub struct Sampling {
    stop: Arc<AtomicBool>,
    stopped: mpsc::Receiver<()>,
    handle: Option<JoinHandle<Recording>>,
    done: bool,
}

/// Starts sampling the session led by `leader` (a run that has just been spawned).
pub fn start(leader: u32, settings: &Settings) -> Sampling {
    let stop = Arc::new(AtomicBool::new(false));
    let (tx, stopped) = mpsc::channel();
    let flag = Arc::clone(&stop);
    let settings = settings.clone();
    let handle = std::thread::spawn(move || {
        let mut live = LiveStacks::new();
        let raw = record(leader, &flag, &mut live);
        let _ = tx.send(());
        resolve(raw, &mut live, &settings)
    });
    Sampling {
        stop,
        stopped,
        handle: Some(handle),
        done: false,
    }
}

impl Sampling {
    /// Stops sampling; returns once no thread of the run is stopped by it any more. Call as
    /// soon as the run has ended or is to be killed (before its stacks are read at a timeout).
    pub fn stop(&mut self) {
        if !self.done {
            self.stop.store(true, Ordering::SeqCst);
            let _ = self.stopped.recv();
            self.done = true;
        }
    }

    /// The recording, its places looked up; `ending` says how the run ended.
    pub fn finish(mut self, ending: String) -> Option<Recording> {
        self.stop();
        let mut rec = self.handle.take()?.join().ok()?;
        rec.ending = ending;
        Some(rec)
    }
}

impl Drop for Sampling {
    /// A sampling abandoned on an error path still ends its thread.
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// A wait as sampled, before its place is looked up.
#[derive(Default)]
struct Wait {
    /// Whether /proc said where it sleeps (read once per wait).
    read: bool,
    /// Whether its stack was read, or could not be (tried once per wait).
    tried: bool,
    syscall: Option<i64>,
    wchan: Option<String>,
    stack: Option<RawStack>,
}

struct RawSlice {
    start_us: u64,
    end_us: u64,
    running: bool,
    /// Samples that saw it.
    seen: u32,
    wait: Wait,
}

struct RawThread {
    tid: u32,
    comm: String,
    cpu: u64,
    start_us: u64,
    end_us: Option<u64>,
    slices: Vec<RawSlice>,
    /// A stack read only to complete a long name.
    naming: Option<RawStack>,
}

struct RawProcess {
    pid: u32,
    leader: bool,
    name: String,
    gone: bool,
    threads: Vec<RawThread>,
}

struct Raw {
    started_us: u64,
    wall_us: u64,
    processes: Vec<RawProcess>,
}

/// Samples until `stop` is set, then releases every thread.
fn record(leader: u32, stop: &AtomicBool, live: &mut LiveStacks) -> Raw {
    let t0 = Instant::now();
    let started_us = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_micros() as u64);
    let mut processes = vec![RawProcess {
        pid: leader,
        leader: true,
        name: String::new(),
        gone: false,
        threads: Vec::new(),
    }];
    let mut last_scan: Option<Instant> = None;
    let mut stacks_left = STACKS_PER_RUN;
    loop {
        let stopping = stop.load(Ordering::SeqCst);
        let round = Instant::now();
        let now = t0.elapsed().as_micros() as u64;
        // New children, from each known thread's `children` list (cheap); a scan of all of
        // `/proc` now and then finds those re-parented or started by processes already gone.
        let mut found: Vec<(u32, String)> = Vec::new();
        for process in processes.iter().filter(|p| !p.gone) {
            for thread in process.threads.iter().filter(|t| t.end_us.is_none()) {
                let path = format!("/proc/{}/task/{}/children", process.pid, thread.tid);
                let list = std::fs::read_to_string(path).unwrap_or_default();
                found.extend(
                    list.split_whitespace()
                        .filter_map(|c| c.parse().ok())
                        .map(|c| (c, String::new())),
                );
            }
        }
        if last_scan.is_none_or(|t| t.elapsed() >= SCAN) {
            last_scan = Some(round);
            found.extend(
                crate::diagnose::all_processes()
                    .into_iter()
                    .filter(|p| p.session == leader && p.state != 'Z')
                    .map(|p| (p.pid, p.name)),
            );
        }
        for (pid, name) in found {
            if !processes.iter().any(|known| known.pid == pid) {
                processes.push(RawProcess {
                    pid,
                    leader: false,
                    name,
                    gone: false,
                    threads: Vec::new(),
                });
            }
        }
        let mut budget = STACKS_PER_ROUND.min(stacks_left);
        for process in processes.iter_mut().filter(|p| !p.gone) {
            sample(process, leader, now, live, &mut budget);
        }
        stacks_left -= STACKS_PER_ROUND.min(stacks_left) - budget;
        if stopping {
            for process in &mut processes {
                for thread in &mut process.threads {
                    if let Some(last) = thread.slices.last_mut() {
                        last.end_us = last.end_us.max(thread.end_us.unwrap_or(now));
                    }
                }
            }
            live.release();
            return Raw {
                started_us,
                wall_us: now,
                processes,
            };
        }
        std::thread::sleep(PERIOD.saturating_sub(round.elapsed()));
    }
}

/// One reading of one process's threads at time `now`.
fn sample(
    process: &mut RawProcess,
    leader: u32,
    now: u64,
    live: &mut LiveStacks,
    budget: &mut usize,
) {
    let pid = process.pid;
    let Ok(dir) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        process.gone = true;
        end_missing(process, &[], now);
        return;
    };
    let mut seen = Vec::new();
    for entry in dir.flatten() {
        let Ok(tid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Some(stat) = std::fs::read_to_string(entry.path().join("stat"))
            .ok()
            .and_then(|s| crate::diagnose::parse_stat(&s))
        else {
            continue;
        };
        if matches!(stat.state, 'Z' | 'X') {
            continue;
        }
        seen.push(tid);
        if tid == pid && process.name.is_empty() {
            process.name = stat.name.clone();
        }
        let cpu = stat.utime + stat.stime;
        let at = match process.threads.iter().position(|t| t.tid == tid) {
            Some(at) => at,
            None => {
                process.threads.push(RawThread {
                    tid,
                    comm: stat.name.clone(),
                    cpu,
                    start_us: now,
                    end_us: None,
                    slices: Vec::new(),
                    naming: None,
                });
                process.threads.len() - 1
            }
        };
        let thread = &mut process.threads[at];
        // The main thread of the run's own program is never stopped (see the module's doc).
        let may_stop = !(pid == leader && tid == pid);
        // Kernel names are cut at 15 characters: read a stack once to complete it.
        if thread.naming.is_none() && thread.comm.len() >= 15 && may_stop && *budget > 0 {
            *budget -= 1;
            thread.naming = live.read(pid, tid);
        }
        let running = stat.state == 'R' || cpu > thread.cpu;
        thread.cpu = cpu;
        thread.comm.clone_from(&stat.name);
        if let Some(last) = thread.slices.last_mut() {
            last.end_us = now;
        }
        match thread.slices.last_mut() {
            Some(last) if last.running == running => last.seen += 1,
            _ => thread.slices.push(RawSlice {
                start_us: now,
                end_us: now,
                running,
                seen: 1,
                wait: Wait::default(),
            }),
        }
        let last = thread.slices.last_mut().expect("pushed above");
        // A wait seen twice in a row (10 ms or more) is worth reading once; a stack waits for a
        // round with budget left.
        if !running && last.seen >= 2 && !last.wait.read {
            last.wait.read = true;
            last.wait.syscall = std::fs::read_to_string(format!("/proc/{pid}/task/{tid}/syscall"))
                .ok()
                .and_then(|s| s.split_whitespace().next()?.parse::<i64>().ok())
                .filter(|n| *n >= 0);
            last.wait.wchan = std::fs::read_to_string(format!("/proc/{pid}/task/{tid}/wchan"))
                .ok()
                .map(|w| w.trim().to_string())
                .filter(|w| !w.is_empty() && w != "0");
        }
        if !running && last.seen >= 2 && !last.wait.tried && may_stop && *budget > 0 {
            *budget -= 1;
            last.wait.tried = true;
            last.wait.stack = live.read(pid, tid);
        }
    }
    end_missing(process, &seen, now);
}

/// Marks the threads of `process` not in `seen` as ended at `now`.
fn end_missing(process: &mut RawProcess, seen: &[u32], now: u64) {
    for thread in &mut process.threads {
        if thread.end_us.is_none() && !seen.contains(&thread.tid) {
            thread.end_us = Some(now);
            if let Some(last) = thread.slices.last_mut() {
                last.end_us = now;
            }
        }
    }
}

/// What the kernel's wait channel says a thread sleeps in, in words.
fn wchan_words(wchan: &str) -> String {
    match wchan {
        w if w.starts_with("futex") => "a futex wait (a lock, a condvar or a park)".into(),
        "do_wait" => "waitpid".into(),
        w if w.starts_with("pipe_read") || w == "pipe_wait_readable" => "a pipe read".into(),
        w if w.starts_with("pipe_write") || w == "pipe_wait_writable" => "a pipe write".into(),
        "hrtimer_nanosleep" | "do_nanosleep" => "a sleep".into(),
        "do_epoll_wait" | "ep_poll" | "do_sys_poll" | "do_select" => {
            "waiting for input (poll/epoll)".into()
        }
        w => format!("the kernel's {w}"),
    }
}

/// Looks up every read stack and builds the recording (its ending is set by the caller).
fn resolve(raw: Raw, live: &mut LiveStacks, settings: &Settings) -> Recording {
    let source = &settings.source;
    let shown = source
        .strip_prefix(&settings.root)
        .unwrap_or(source)
        .display()
        .to_string();
    let text = std::fs::read_to_string(source).unwrap_or_default();
    let mut cache: BTreeMap<(u32, Vec<u64>), Vec<Frame>> = BTreeMap::new();
    let mut frames_of = |pid: u32, stack: &RawStack| -> Vec<Frame> {
        cache
            .entry((pid, stack.addresses.clone()))
            .or_insert_with(|| live.symbolise(pid, &stack.addresses))
            .clone()
    };
    let processes = raw
        .processes
        .into_iter()
        .map(|process| {
            let pid = process.pid;
            let threads = process
                .threads
                .into_iter()
                .map(|thread| {
                    let mut stacks = Vec::new();
                    let slices = thread
                        .slices
                        .into_iter()
                        .map(|s| {
                            let frames = s.wait.stack.as_ref().map(|st| frames_of(pid, st));
                            let syscall = s
                                .wait
                                .stack
                                .as_ref()
                                .and_then(|st| st.syscall)
                                .or(s.wait.syscall);
                            let line = frames
                                .as_deref()
                                .and_then(|f| stacks::in_source(f, source)?.line);
                            let what = frames
                                .as_deref()
                                .and_then(|f| stacks::blocked_in(f, source, syscall))
                                .or_else(|| stacks::syscall_words(syscall?))
                                .map(String::from)
                                .or_else(|| s.wait.wchan.as_deref().map(wchan_words));
                            stacks.extend(frames);
                            Slice {
                                start_us: s.start_us,
                                end_us: s.end_us,
                                running: s.running,
                                what: what.filter(|_| !s.running),
                                at: line.map(|l| format!("{shown}:{l}")),
                                code: line.and_then(|l| quote(&text, l)),
                            }
                        })
                        .collect();
                    stacks.extend(thread.naming.as_ref().map(|st| frames_of(pid, st)));
                    let name = if thread.tid == pid && process.leader && settings.label == "tests" {
                        "main (test harness)".to_string()
                    } else if thread.tid == pid {
                        "main".to_string()
                    } else if stacks.is_empty() {
                        thread.comm.clone()
                    } else {
                        stacks::full_name(&ThreadStack {
                            name: thread.comm.clone(),
                            syscall: None,
                            samples: stacks,
                        })
                    };
                    ThreadTrack {
                        tid: thread.tid,
                        name,
                        start_us: thread.start_us,
                        end_us: thread.end_us,
                        slices,
                    }
                })
                .collect();
            ProcessTrack {
                pid,
                leader: process.leader,
                name: process.name,
                threads,
            }
        })
        .collect();
    Recording {
        label: settings.label.clone(),
        started_us: raw.started_us,
        wall_us: raw.wall_us,
        ending: String::new(),
        processes,
    }
}

/// Line `line` (1-based) of `text`, trimmed, if there is such a line.
fn quote(text: &str, line: u32) -> Option<String> {
    text.lines()
        .nth(line.checked_sub(1)? as usize)
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wait_channels_read_as_words() {
        assert_eq!(wchan_words("do_wait"), "waitpid");
        assert!(wchan_words("futex_do_wait").starts_with("a futex wait"));
        assert_eq!(wchan_words("pipe_read"), "a pipe read");
    }
}
