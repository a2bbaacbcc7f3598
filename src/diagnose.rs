//! Telling a deadlock from an endless loop when a run hits its time limit.
//!
//! On Linux, `/proc/PID/task/TID/stat` gives each thread's state and CPU time. Sampling twice a
//! few hundred milliseconds apart is enough: a deadlocked program has every thread asleep with
//! no CPU time growing; a spinning one has a thread whose CPU time keeps growing.

use std::time::Duration;

/// What the threads of a program that ran out of time were doing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Diagnosis {
    /// Every thread was waiting (blocked on a lock, a channel, a join, input...).
    Deadlock { threads: usize, names: Vec<String> },
    /// At least one thread kept using the CPU.
    EndlessLoop { spinning: Vec<String> },
    /// Every thread was waiting, at least one of them for a child process to exit.
    WaitingForChildren { threads: usize },
    /// Its memory kept growing until the end (MiB reached).
    MemoryGrowing { memory_mb: u64 },
    /// The threads could not be read (not Linux, or the process was already gone).
    Unknown,
}

impl std::fmt::Display for Diagnosis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::messages::verdict as msg;
        let text = match self {
            Diagnosis::Deadlock { threads, names } => {
                let mut text = if *threads == 1 {
                    msg::deadlock_one()
                } else {
                    msg::deadlock(threads)
                };
                if !names.is_empty() {
                    text.push_str(&msg::names(names.join(", ")));
                }
                text
            }
            Diagnosis::EndlessLoop { spinning } => match spinning.as_slice() {
                [one] => msg::endless_one(one),
                many => msg::endless(quote_all(many)),
            },
            Diagnosis::WaitingForChildren { threads } => msg::waiting_children(threads),
            Diagnosis::MemoryGrowing { memory_mb } => msg::memory_growing(memory_mb),
            Diagnosis::Unknown => msg::unknown(),
        };
        f.write_str(&text)
    }
}

fn quote_all(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One line of `/proc/PID/stat` (or of a thread's stat), the fields mtlings needs.
#[derive(Debug, Clone)]
pub struct ProcInfo {
    /// Process (or thread) id.
    pub pid: u32,
    /// The `comm` name.
    pub name: String,
    /// One-letter scheduler state: R running, S sleeping, D disk wait, Z zombie...
    pub state: char,
    /// Parent process id.
    pub parent: u32,
    /// Session id.
    pub session: u32,
    /// CPU time spent in user mode, in clock ticks.
    pub utime: u64,
    /// CPU time spent in kernel mode, in clock ticks.
    pub stime: u64,
}

/// Parses a stat line; the name is in parentheses and may itself contain spaces or `)`.
pub fn parse_stat(line: &str) -> Option<ProcInfo> {
    let open = line.find('(')?;
    let close = line.rfind(')')?;
    let pid = line[..open].trim().parse().ok()?;
    let name = line[open + 1..close].to_string();
    let rest: Vec<&str> = line[close + 1..].split_whitespace().collect();
    // rest[0] is field 3 (state); field N is rest[N - 3].
    Some(ProcInfo {
        pid,
        name,
        state: rest.first()?.chars().next()?,
        parent: rest.get(1)?.parse().ok()?,
        session: rest.get(3)?.parse().ok()?,
        utime: rest.get(11)?.parse().ok()?,
        stime: rest.get(12)?.parse().ok()?,
    })
}

/// Every process on the machine (Linux), read from `/proc`.
pub fn all_processes() -> Vec<ProcInfo> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .bytes()
                .all(|b| b.is_ascii_digit())
        })
        .filter_map(|e| std::fs::read_to_string(e.path().join("stat")).ok())
        .filter_map(|s| parse_stat(&s))
        .collect()
}

/// The threads of process `pid`.
fn threads(pid: u32) -> Vec<ProcInfo> {
    let Ok(dir) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return Vec::new();
    };
    dir.filter_map(|e| e.ok())
        .filter_map(|e| std::fs::read_to_string(e.path().join("stat")).ok())
        .filter_map(|s| parse_stat(&s))
        .collect()
}

/// Samples the threads of `pid` twice and says whether they look deadlocked or spinning.
pub fn diagnose(pid: u32) -> Diagnosis {
    let first = threads(pid);
    if first.is_empty() {
        return Diagnosis::Unknown;
    }
    std::thread::sleep(Duration::from_millis(250));
    let second = threads(pid);
    match classify(&first, &second) {
        Diagnosis::Deadlock { threads, .. } if waits_for_a_child(pid) => {
            Diagnosis::WaitingForChildren { threads }
        }
        other => other,
    }
}

/// Whether a thread of `pid` is asleep in the kernel's wait for a child (`waitpid`).
fn waits_for_a_child(pid: u32) -> bool {
    let Ok(dir) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return false;
    };
    dir.filter_map(|e| e.ok())
        .filter_map(|e| std::fs::read_to_string(e.path().join("wchan")).ok())
        .any(|w| w.trim() == "do_wait")
}

/// Compares two samples of the same threads: any thread that gained CPU time is spinning.
pub fn classify(first: &[ProcInfo], second: &[ProcInfo]) -> Diagnosis {
    if second.is_empty() {
        return Diagnosis::Unknown;
    }
    let mut spinning = Vec::new();
    for t in second {
        let before = first.iter().find(|b| b.pid == t.pid);
        let gained = before.map_or(0, |b| (t.utime + t.stime).saturating_sub(b.utime + b.stime));
        // 250 ms is about 25 ticks; a waiting thread gains none, a busy one nearly all.
        if gained >= 5 || (t.state == 'R' && before.is_some_and(|b| b.state == 'R')) {
            spinning.push(t.name.clone());
        }
    }
    if spinning.is_empty() {
        let mut names: Vec<String> = second
            .iter()
            .skip(1) // the main thread carries the program's name, not a role
            .map(|t| t.name.clone())
            .collect();
        names.dedup();
        Diagnosis::Deadlock {
            threads: second.len(),
            names,
        }
    } else {
        Diagnosis::EndlessLoop { spinning }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stat(pid: u32, name: &str, state: char, utime: u64) -> ProcInfo {
        let line =
            format!("{pid} ({name}) {state} 1 {pid} {pid} 0 -1 0 0 0 0 0 {utime} 0 0 0 20 0 1 0 0");
        parse_stat(&line).unwrap()
    }

    #[test]
    fn parses_names_with_spaces_and_parens() {
        let p = parse_stat("42 (a (b) c) S 7 42 9 0 -1 0 0 0 0 0 13 4 0").unwrap();
        assert_eq!((p.pid, p.name.as_str(), p.state), (42, "a (b) c", 'S'));
        assert_eq!((p.parent, p.session, p.utime, p.stime), (7, 9, 13, 4));
    }

    #[test]
    fn all_asleep_is_a_deadlock() {
        let a = [stat(1, "main", 'S', 3), stat(2, "tests::x", 'S', 9)];
        let d = classify(&a, &a);
        assert_eq!(
            d.to_string(),
            "looks like a deadlock: 2 threads, all waiting (tests::x)"
        );
    }

    #[test]
    fn growing_cpu_time_is_a_loop() {
        let a = [stat(1, "main", 'S', 3), stat(2, "spin", 'R', 9)];
        let b = [stat(1, "main", 'S', 3), stat(2, "spin", 'R', 30)];
        assert_eq!(
            classify(&a, &b).to_string(),
            "looks like an endless loop: thread `spin` kept running"
        );
    }
}
