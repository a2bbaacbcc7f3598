//! Noticing saves of the current exercise.
//!
//! The exercise's folder is watched, not the file itself, and events are filtered on the file's
//! name: editors that save by writing a temporary file and renaming it over the original, and a
//! file deleted and created again, are all seen. A burst of events (one save is often several)
//! becomes one [`Change::Saved`] after a short quiet time. When file-system events are not
//! available, or `--poll` asks for it, the folder is polled instead.

use std::ffi::OsString;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, PollWatcher, RecursiveMode, Watcher};

/// Quiet time that ends a burst of events. A save's events come within a millisecond or two;
/// one that comes later anyway is not lost: its content differs, so the run starts again.
const QUIET: Duration = Duration::from_millis(8);
/// A burst never delays a run longer than this.
const MAX_DELAY: Duration = Duration::from_millis(300);
/// How often the polling watcher looks at the folder.
pub const POLL_INTERVAL: Duration = Duration::from_millis(200);

/// What the file watcher reports.
#[derive(Debug)]
pub enum Change {
    /// The file was written, replaced, created or deleted (look at it to know which).
    Saved,
    /// File-system events stopped working; the caller should fall back to polling.
    Failed(String),
}

/// A running watch on one file; dropping it stops watching.
pub struct FileWatch {
    _watcher: Box<dyn Watcher + Send>,
    /// Whether the folder is polled rather than watched through file-system events.
    pub polling: bool,
    /// Why polling is used although it was not asked for, if it is.
    pub fallback: Option<String>,
}

/// Watches `file` (through its folder), calling `report` after each save. With `poll`, or when
/// file-system events cannot be set up, the folder is polled.
pub fn watch(
    file: &Path,
    poll: bool,
    report: impl Fn(Change) + Send + 'static,
) -> Result<FileWatch> {
    let dir = file
        .parent()
        .with_context(|| format!("{} has no parent folder", file.display()))?
        .to_path_buf();
    let name = file
        .file_name()
        .with_context(|| format!("{} has no file name", file.display()))?
        .to_os_string();
    let (raw_tx, raw_rx) = mpsc::channel::<notify::Result<Event>>();
    std::thread::Builder::new()
        .name("file-events".into())
        .spawn(move || debounce(&raw_rx, &name, &report))
        .context("cannot start the file-watching thread")?;
    let mut fallback = None;
    if !poll {
        let tx = raw_tx.clone();
        let events = notify::recommended_watcher(move |e| {
            let _ = tx.send(e);
        })
        .and_then(|mut w| w.watch(&dir, RecursiveMode::NonRecursive).map(|()| w));
        match events {
            Ok(w) => {
                return Ok(FileWatch {
                    _watcher: Box::new(w),
                    polling: false,
                    fallback: None,
                });
            }
            Err(e) => fallback = Some(e.to_string()),
        }
    }
    let config = notify::Config::default()
        .with_poll_interval(POLL_INTERVAL)
        .with_compare_contents(true);
    let mut w = PollWatcher::new(
        move |e| {
            let _ = raw_tx.send(e);
        },
        config,
    )
    .context("cannot start polling for changes")?;
    w.watch(&dir, RecursiveMode::NonRecursive)
        .with_context(|| format!("cannot watch {}", dir.display()))?;
    Ok(FileWatch {
        _watcher: Box::new(w),
        polling: true,
        fallback,
    })
}

/// Whether a file-system event may have changed the file called `name`.
fn concerns(event: &Event, name: &OsString) -> bool {
    let changes = match event.kind {
        // Opening and reading (our own builds read the file) change nothing.
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    };
    changes
        && event
            .paths
            .iter()
            .any(|p| p.file_name() == Some(name.as_os_str()))
}

/// Turns raw events into one report per burst, until the watcher is dropped.
fn debounce(raw: &mpsc::Receiver<notify::Result<Event>>, name: &OsString, report: &dyn Fn(Change)) {
    let mut failed = false;
    loop {
        let Ok(first) = raw.recv() else { return };
        match first {
            Err(e) => {
                if !failed {
                    failed = true;
                    report(Change::Failed(e.to_string()));
                }
                continue;
            }
            Ok(event) if !concerns(&event, name) => continue,
            Ok(_) => {}
        }
        let start = Instant::now();
        loop {
            match raw.recv_timeout(QUIET) {
                Ok(_) if start.elapsed() < MAX_DELAY => {}
                Ok(_) | Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
            }
        }
        report(Change::Saved);
    }
}
