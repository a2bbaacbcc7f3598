//! What the threads of a run did over time, and that history drawn as text: one row per
//! thread across the run's wall time, readable in 100 columns.
//!
//! A [`Recording`] is made by [`crate::sampler`] while the run runs; [`render`] turns it into
//! the rows `mtlings run --timeline` prints, and [`crate::trace`] into a Chrome trace. Both
//! only read the recording, so both are tested on hand-made ones.

/// Everything recorded about one run (one step: the tests, or `main`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recording {
    /// Which step it was (`tests` or `main`).
    pub label: String,
    /// When it started, in microseconds since the Unix epoch (to place steps one after the
    /// other in a trace).
    pub started_us: u64,
    /// How long it ran, in microseconds.
    pub wall_us: u64,
    /// How it ended, in words ("exited with code 0", "killed at its time limit").
    pub ending: String,
    /// Its processes, the run's own program first.
    pub processes: Vec<ProcessTrack>,
}

/// One process of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessTrack {
    /// Its process id.
    pub pid: u32,
    /// Whether it is the run's own program (not a child it started).
    pub leader: bool,
    /// Its name (the kernel's, at most 15 characters).
    pub name: String,
    /// Its threads, main thread first, then in the order they were seen.
    pub threads: Vec<ThreadTrack>,
}

/// One thread over time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadTrack {
    /// Its thread id.
    pub tid: u32,
    /// Its name as the program gave it (completed past the kernel's 15 characters where the
    /// stack tells; `main` for a process's main thread).
    pub name: String,
    /// When it was first seen, in microseconds from the start of the run.
    pub start_us: u64,
    /// When it was seen gone, if it ended before the run did.
    pub end_us: Option<u64>,
    /// What it did, in order, without gaps from `start_us` to its end.
    pub slices: Vec<Slice>,
}

/// A stretch of time a thread spent in one state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slice {
    /// Start, in microseconds from the start of the run.
    pub start_us: u64,
    /// End, in microseconds from the start of the run.
    pub end_us: u64,
    /// Whether it was running (on a CPU or ready to) rather than waiting.
    pub running: bool,
    /// What it waited in, in words (`Mutex::lock`, `a futex wait ...`), when known.
    pub what: Option<String>,
    /// Where in the learner's file, as `exercises/DIR/NAME.rs:LINE`, when known.
    pub at: Option<String>,
    /// That source line, trimmed.
    pub code: Option<String>,
}

impl Slice {
    /// The waiting place, for grouping: what and where.
    fn place(&self) -> Option<String> {
        if self.running {
            return None;
        }
        match (&self.what, &self.at) {
            (Some(w), Some(a)) => Some(format!("{w} at {a}")),
            (Some(w), None) => Some(w.clone()),
            (None, Some(a)) => Some(format!("waits at {a}")),
            (None, None) => None,
        }
    }
}

/// Width of the whole text.
const WIDTH: usize = 100;
/// Width of the thread-name column.
const NAME: usize = 28;
/// Width of the bar that spans the run's wall time.
const BAR: usize = 56;

/// Seconds, as the rows show them.
fn secs(us: u64) -> String {
    format!("{:.2} s", us as f64 / 1e6)
}

/// Cuts `s` to at most `n` characters, marking the cut with `…`.
fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let mut out: String = s.chars().take(n.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The rows of `recording`: a header, one row per thread whose bar shows `█` while it ran, a
/// letter while it waited in a known place (the key under the rows says where), `─` while it
/// waited elsewhere and blank while it did not exist; then the key.
pub fn render(recording: &Recording) -> String {
    let threads: usize = recording.processes.iter().map(|p| p.threads.len()).sum();
    let mut out = format!(
        "Timeline of {} ({}, {threads} thread{}; {}):\n",
        recording.label,
        secs(recording.wall_us),
        if threads == 1 { "" } else { "s" },
        recording.ending,
    );
    // Places get letters in the order they are first waited in, over all threads.
    let mut places: Vec<(String, Option<String>)> = Vec::new();
    for slice in recording
        .processes
        .iter()
        .flat_map(|p| &p.threads)
        .flat_map(|t| &t.slices)
    {
        if let Some(place) = slice.place()
            && !places.iter().any(|(p, _)| *p == place)
            && places.len() < 26
        {
            places.push((place, slice.code.clone()));
        }
    }
    let letter = |slice: &Slice| -> char {
        match slice.place() {
            None if slice.running => '█',
            None => '─',
            Some(place) => places
                .iter()
                .position(|(p, _)| *p == place)
                .map_or('─', |i| (b'A' + i as u8) as char),
        }
    };
    let wall = recording.wall_us.max(1);
    let axis_end = secs(recording.wall_us);
    out.push_str(&format!(
        "{:NAME$} 0 s{:>width$}\n",
        "",
        axis_end,
        width = BAR - 3
    ));
    for process in &recording.processes {
        if !process.leader {
            out.push_str(&format!(
                "child process {} ({}):\n",
                process.pid, process.name
            ));
        }
        for thread in &process.threads {
            let mut bar = String::new();
            for cell in 0..BAR as u64 {
                let (from, to) = (cell * wall / BAR as u64, (cell + 1) * wall / BAR as u64);
                // The state that covers most of the cell.
                let best = thread
                    .slices
                    .iter()
                    .map(|s| (s.end_us.min(to).saturating_sub(s.start_us.max(from)), s))
                    .filter(|(overlap, _)| *overlap > 0)
                    .max_by_key(|(overlap, _)| *overlap);
                bar.push(best.map_or(' ', |(_, s)| letter(s)));
            }
            let end = match thread.end_us {
                Some(us) => format!("ended {}", secs(us)),
                None => "to the end".to_string(),
            };
            let row = format!(
                "{:NAME$} {bar} {end}",
                clip(&thread.name, NAME),
                NAME = NAME
            );
            out.push_str(&clip(&row, WIDTH));
            out.push('\n');
        }
    }
    out.push_str("  █ running   ─ waiting (where not known)   blank: not started or ended\n");
    for (i, (place, code)) in places.iter().enumerate() {
        let mut line = format!("  {} waits in {place}", (b'A' + i as u8) as char);
        if let Some(code) = code {
            line.push_str(&format!(": {code}"));
        }
        out.push_str(&clip(&line, WIDTH));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice(start: u64, end: u64, running: bool, what: Option<&str>) -> Slice {
        Slice {
            start_us: start,
            end_us: end,
            running,
            what: what.map(String::from),
            at: what.map(|_| "exercises/dl.rs:13".to_string()),
            code: what.map(|_| "let y = b2.lock().unwrap();".to_string()),
        }
    }

    fn recording() -> Recording {
        Recording {
            label: "tests".into(),
            started_us: 0,
            wall_us: 1_000_000,
            ending: "killed at its time limit".into(),
            processes: vec![ProcessTrack {
                pid: 10,
                leader: true,
                name: "dl".into(),
                threads: vec![
                    ThreadTrack {
                        tid: 10,
                        name: "main".into(),
                        start_us: 0,
                        end_us: None,
                        slices: vec![slice(0, 1_000_000, false, None)],
                    },
                    ThreadTrack {
                        tid: 11,
                        name: "tests::a_very_long_test_name".into(),
                        start_us: 0,
                        end_us: Some(500_000),
                        slices: vec![
                            slice(0, 250_000, true, None),
                            slice(250_000, 500_000, false, Some("Mutex::lock")),
                        ],
                    },
                ],
            }],
        }
    }

    #[test]
    fn rows_fit_in_100_columns_and_show_running_waiting_and_the_end() {
        let text = render(&recording());
        assert!(text.lines().all(|l| l.chars().count() <= WIDTH), "{text}");
        let row = text
            .lines()
            .find(|l| l.starts_with("tests::a_very_long_test_name"))
            .unwrap_or_else(|| panic!("{text}"));
        let bar: String = row.chars().skip(NAME + 1).take(BAR).collect();
        assert_eq!(
            bar,
            format!("{}{}{}", "█".repeat(14), "A".repeat(14), " ".repeat(28))
        );
        assert!(row.ends_with("ended 0.50 s"), "{row}");
        let main = text.lines().find(|l| l.starts_with("main ")).unwrap();
        assert!(main.contains(&"─".repeat(BAR)), "{main}");
        assert!(main.ends_with("to the end"), "{main}");
        assert!(
            text.contains(
                "  A waits in Mutex::lock at exercises/dl.rs:13: let y = b2.lock().unwrap();"
            ),
            "{text}"
        );
        assert!(
            text.starts_with("Timeline of tests (1.00 s, 2 threads; killed at its time limit):\n"),
            "{text}"
        );
    }

    #[test]
    fn child_processes_get_their_own_heading() {
        let mut rec = recording();
        let mut child = rec.processes[0].clone();
        child.pid = 20;
        child.leader = false;
        child.name = "child".into();
        rec.processes.push(child);
        let text = render(&rec);
        assert!(text.contains("child process 20 (child):\n"), "{text}");
    }
}
