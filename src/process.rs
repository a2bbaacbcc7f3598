//! Running one program with a time limit and leaving nothing behind.
//!
//! Each run starts in its own session (and so its own process group). When the program ends,
//! or its time is up, every process left in that session is killed; on Linux mtlings is also a
//! "child subreaper", so a grandchild that escaped the session is re-parented to us and swept up.
//! A run never waits for end-of-file: a leftover child holding the output pipe cannot hang us.

use std::collections::BTreeSet;
use std::io::Read;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::sync::{Mutex, OnceLock};
use std::thread;
use std::time::Duration;

use anyhow::{Context, Result};

use crate::diagnose::{self, Diagnosis};
use crate::stacks::{self, Snapshot};
use crate::usage::{Breach, Limits, Monitor, Peak};

/// How a bounded run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exit {
    /// The program exited by itself with this status code (`None`: killed by a signal).
    Finished { code: Option<i32>, success: bool },
    /// The program was still running after its time limit and was killed; `stacks` says
    /// where its threads were.
    TimedOut {
        diagnosis: Diagnosis,
        stacks: Snapshot,
    },
    /// The program went past a memory or process limit and was killed at once; `stacks` says
    /// where its threads were (for memory).
    OverLimit { breach: Breach, stacks: Snapshot },
    /// The run was cancelled (a newer save, or the learner quit) and killed.
    Cancelled,
}

/// A way to stop, from another thread, whatever build or run is in flight.
///
/// The watcher cancels a stale run when a newer save arrives; the process groups of running
/// builds and runs are registered here while they run.
#[derive(Debug, Default)]
pub struct Cancel {
    flag: std::sync::atomic::AtomicBool,
    groups: Mutex<BTreeSet<u32>>,
}

/// Unregisters a process group from a [`Cancel`] when dropped.
pub struct Tracked<'a> {
    cancel: &'a Cancel,
    group: u32,
}

impl Drop for Tracked<'_> {
    fn drop(&mut self) {
        if let Ok(mut g) = self.cancel.groups.lock() {
            g.remove(&self.group);
        }
    }
}

impl Cancel {
    /// Kills every registered process group and makes later checks report cancellation.
    pub fn cancel(&self) {
        self.flag.store(true, std::sync::atomic::Ordering::SeqCst);
        let groups: Vec<u32> = self
            .groups
            .lock()
            .map(|g| g.iter().copied().collect())
            .unwrap_or_default();
        for g in groups {
            kill_session(g);
        }
    }

    /// Whether [`Cancel::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.flag.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Registers the process group `group` until the returned guard is dropped.
    pub fn track(&self, group: u32) -> Tracked<'_> {
        if let Ok(mut g) = self.groups.lock() {
            g.insert(group);
        }
        if self.is_cancelled() {
            kill_session(group);
        }
        Tracked {
            cancel: self,
            group,
        }
    }
}

/// Starts `cmd` (a build tool) as the leader of its own process group, so that cancelling it
/// also ends the compilers it started.
pub fn spawn_group(cmd: &mut Command) -> std::io::Result<Child> {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    spawn_owned(cmd)
}

/// Spawns `cmd` and records it as our own child in one step, so that a concurrent
/// [`sweep_orphans`] can never mistake it for a leftover.
fn spawn_owned(cmd: &mut Command) -> std::io::Result<Child> {
    let mut own = own_children().lock().unwrap_or_else(|p| p.into_inner());
    let child = cmd.spawn()?;
    own.insert(child.id());
    Ok(child)
}

/// Forgets a direct child once it has been waited for.
pub fn forget(pid: u32) {
    own_children()
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .remove(&pid);
}

/// The outcome of [`run_bounded`]: how it ended and everything it printed.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// How the run ended.
    pub exit: Exit,
    /// stdout and stderr, interleaved as the program wrote them.
    pub output: Vec<u8>,
    /// The most memory and processes the run used.
    pub peak: Peak,
}

/// The processes mtlings started directly (runs and builds) and has not yet waited for.
/// Runs lead their own session and builds their own group, so killing by these ids ends
/// everything they started.
fn own_children() -> &'static Mutex<BTreeSet<u32>> {
    static OWN: OnceLock<Mutex<BTreeSet<u32>>> = OnceLock::new();
    OWN.get_or_init(|| Mutex::new(BTreeSet::new()))
}

/// Prepares this process to own everything it starts: Linux subreaper and a Ctrl-C handler that
/// ends every run in flight before exiting; also makes a closed stdout end it quietly. Call once
/// at start-up.
pub fn init() {
    #[cfg(unix)]
    // SAFETY: restores the default action for SIGPIPE, so `mtlings list | head` ends quietly
    // like any Unix tool instead of panicking on a closed pipe.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with PR_SET_CHILD_SUBREAPER only sets a flag on this process.
    unsafe {
        libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    }
    let _ = ctrlc::set_handler(|| {
        kill_all_runs();
        if let Some(before_exit) = ON_INTERRUPT.get() {
            before_exit();
        }
        std::process::exit(130);
    });
}

/// What to do on Ctrl-C (SIGINT) after the runs are killed and before exiting, if anything.
static ON_INTERRUPT: OnceLock<fn()> = OnceLock::new();

/// Registers `f` to run when Ctrl-C (SIGINT) ends mtlings, just before it exits; the watcher
/// restores the terminal this way. Only the first registration counts.
pub fn on_interrupt(f: fn()) {
    let _ = ON_INTERRUPT.set(f);
}

/// Kills every run in flight and its session. Used on Ctrl-C and before exiting.
pub fn kill_all_runs() {
    let leaders: Vec<u32> = own_children()
        .lock()
        .map(|s| s.iter().copied().collect())
        .unwrap_or_default();
    for leader in leaders {
        kill_session(leader);
    }
    sweep_orphans();
}

/// Starts `cmd` as the leader of a new session, with stdout and stderr sent to one pipe.
pub fn spawn_in_session(cmd: &mut Command) -> Result<(Child, std::io::PipeReader)> {
    let (reader, writer) = std::io::pipe().context("cannot create a pipe")?;
    let writer2 = writer.try_clone().context("cannot duplicate a pipe")?;
    cmd.stdin(Stdio::null()).stdout(writer).stderr(writer2);
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // SAFETY: setsid is async-signal-safe and touches only the new child.
        unsafe {
            cmd.pre_exec(|| {
                if libc::setsid() == -1 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    let child = spawn_owned(cmd)?;
    // Drop our copies of the write end, or the reader would never see the pipe close.
    cmd.stdout(Stdio::null()).stderr(Stdio::null());
    Ok((child, reader))
}

/// Runs `cmd` for at most `timeout` and within `limits`, passing each piece of output to
/// `on_output` as it comes.
pub fn run_bounded(
    cmd: &mut Command,
    timeout: Duration,
    limits: Limits,
    cancel: &Cancel,
    on_output: &mut dyn FnMut(&[u8]),
) -> Result<Outcome> {
    let program = cmd.get_program().to_string_lossy().into_owned();
    let (mut child, mut reader) =
        spawn_in_session(cmd).with_context(|| format!("cannot start {program}"))?;
    let leader = child.id();
    let tracked = cancel.track(leader);

    // Output comes through a channel so a stuck reader never blocks us.
    let (out_tx, out_rx) = mpsc::channel::<Vec<u8>>();
    thread::spawn(move || {
        let mut buf = [0u8; 8192];
        loop {
            match reader.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if out_tx.send(buf[..n].to_vec()).is_err() {
                        break;
                    }
                }
            }
        }
    });
    let (done_tx, done_rx) = mpsc::channel::<std::io::Result<ExitStatus>>();
    let waiter = thread::spawn(move || {
        let status = child.wait();
        let _ = done_tx.send(status);
        child
    });

    let mut output = Vec::new();
    let mut monitor = Monitor::new(limits, leader);
    let mut breach = None;
    let deadline = std::time::Instant::now() + timeout;
    let status = loop {
        // Forward output while waiting, in small slices of time.
        while let Ok(chunk) = out_rx.try_recv() {
            on_output(&chunk);
            output.extend_from_slice(&chunk);
        }
        let now = std::time::Instant::now();
        if now >= deadline || cancel.is_cancelled() {
            break None;
        }
        breach = monitor.poll();
        if breach.is_some() {
            break None;
        }
        let slice = (deadline - now).min(Duration::from_millis(20));
        match done_rx.recv_timeout(slice) {
            Ok(status) => break Some(status),
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break None,
        }
    };
    let exit = match (status, breach) {
        (Some(status), _) => {
            let status = status.with_context(|| format!("cannot wait for {program}"))?;
            kill_session(leader);
            Exit::Finished {
                code: status.code(),
                success: status.success(),
            }
        }
        (None, _) if cancel.is_cancelled() => {
            kill_session(leader);
            let _ = done_rx.recv();
            Exit::Cancelled
        }
        (None, Some(breach)) => {
            // Where a runaway allocation happens is worth a look; thousands of copies of a
            // program that starts itself are not.
            let stacks = match breach {
                Breach::Memory { .. } => stacks_of(leader, 1),
                Breach::Processes { .. } => {
                    Snapshot::Unavailable("not read for a run that starts itself".into())
                }
            };
            kill_session(leader);
            let _ = done_rx.recv();
            Exit::OverLimit { breach, stacks }
        }
        (None, None) => {
            let diagnosis = match monitor.growing() {
                Some(memory_mb) => Diagnosis::MemoryGrowing { memory_mb },
                None => diagnose::diagnose(leader),
            };
            // A spinning thread is read a few times, to name every line it spins on.
            let samples = match diagnosis {
                Diagnosis::EndlessLoop { .. } => 3,
                _ => 1,
            };
            let stacks = stacks_of(leader, samples);
            kill_session(leader);
            let _ = done_rx.recv();
            Exit::TimedOut { diagnosis, stacks }
        }
    };
    let _ = waiter.join();
    drop(tracked);
    forget(leader);
    sweep_orphans();
    // The session is gone, so the pipe closes unless an escaped process still holds it;
    // take what remains without waiting on such a process for long.
    while let Ok(chunk) = out_rx.recv_timeout(Duration::from_millis(200)) {
        on_output(&chunk);
        output.extend_from_slice(&chunk);
    }
    Ok(Outcome {
        exit,
        output,
        peak: monitor.peak(),
    })
}

/// Where the threads of the run led by `leader` are, unless `MTLINGS_NO_STACKS` is set.
fn stacks_of(leader: u32, samples: usize) -> Snapshot {
    if std::env::var_os("MTLINGS_NO_STACKS").is_some() {
        Snapshot::Unavailable("MTLINGS_NO_STACKS is set".into())
    } else {
        stacks::snapshot(leader, samples)
    }
}

/// Kills the process group `leader` leads and every other process of its session.
pub fn kill_session(leader: u32) {
    #[cfg(unix)]
    // SAFETY: killpg only sends a signal; the group id is one we created.
    unsafe {
        libc::killpg(leader as libc::pid_t, libc::SIGKILL);
    }
    #[cfg(target_os = "linux")]
    for _ in 0..20 {
        let members = session_members(leader);
        if members.is_empty() {
            break;
        }
        for pid in members {
            // SAFETY: kill only sends a signal to a process of the session we created.
            unsafe {
                libc::kill(pid as libc::pid_t, libc::SIGKILL);
            }
        }
        sweep_orphans();
    }
}

/// Processes (other than zombies) whose session id is `sid`.
#[cfg(target_os = "linux")]
fn session_members(sid: u32) -> Vec<u32> {
    diagnose::all_processes()
        .into_iter()
        .filter(|p| p.session == sid && p.state != 'Z')
        .map(|p| p.pid)
        .collect()
}

/// Kills and reaps processes re-parented to mtlings (the subreaper) that it did not start
/// directly: they are leftovers of runs whose parent already exited.
pub fn sweep_orphans() {
    #[cfg(target_os = "linux")]
    {
        let me = std::process::id();
        // Holding the lock keeps new direct children from appearing mid-sweep.
        let own = own_children().lock().unwrap_or_else(|p| p.into_inner());
        for p in diagnose::all_processes() {
            if p.parent != me || own.contains(&p.pid) {
                continue;
            }
            // SAFETY: signal and reap a re-parented descendant of one of our runs.
            unsafe {
                libc::kill(p.pid as libc::pid_t, libc::SIGKILL);
                libc::waitpid(p.pid as libc::pid_t, std::ptr::null_mut(), 0);
            }
        }
    }
}
