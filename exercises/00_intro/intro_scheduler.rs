// intro_scheduler.rs — Concurrency vs parallelism (capstone)
//
// CONCURRENCY: several tasks are in progress at once. One CPU core gives each task a short time
// slice in turn, so fast that they all seem to run together, but at any instant only one runs.
// PARALLELISM: tasks really run at the same instant, one per core. You need several cores.
// Concurrency still pays on ONE core when tasks wait: while a task is blocked on IO (a disk, the
// network, a sleep), the core runs someone else. For pure computation, more tasks than cores
// gains nothing. (The notes say Python threads give concurrency but not parallelism because of
// the GIL; Rust threads give both.)
//
// This is a tiny tick-by-tick simulation of an OS scheduler, using the states of `intro_states`.
// Each task is a list of steps: `Cpu(n)` needs a core for n ticks, `Io(n)` waits n ticks for a
// device and needs no core. Ready tasks wait in a FIFO queue; a running task keeps its core for
// at most `slice` ticks, then goes to the back of the queue (round robin).
//
// The scheduler below was written for a single-core machine that waits for IO on the spot:
//   1. `dispatch` only ever fills core 0: make it give a ready task to EVERY free core;
//   2. `after_tick` lets a task that starts an IO step keep its core while it waits: block the
//      task instead (state `Blocked`, core freed). The simulation wakes it when its IO is done.

use std::collections::VecDeque;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Cpu(u32),
    Io(u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Ready,
    Running,
    Blocked,
    Terminated,
}

pub struct Task {
    pub name: char,
    pub steps: VecDeque<Step>,
    pub state: State,
    pub finished_at: Option<u32>,
}

/// A task on a core, with the ticks left in its time slice.
pub struct Slot {
    pub task: usize,
    pub slice_left: u32,
}

pub struct Machine {
    pub tasks: Vec<Task>,
    /// Indexes of the ready tasks, first come first served.
    pub ready: VecDeque<usize>,
    /// One entry per core: the task it runs, if any.
    pub cores: Vec<Option<Slot>>,
    pub slice: u32,
    pub now: u32,
}

/// Called at the start of every tick: gives ready tasks, in queue order, to free cores.
fn dispatch(m: &mut Machine) {
    if m.cores[0].is_none() {
        if let Some(task) = m.ready.pop_front() {
            m.tasks[task].state = State::Running;
            m.cores[0] = Some(Slot {
                task,
                slice_left: m.slice,
            });
        }
    }
}

/// Called at the end of every tick for each busy core, after finished steps were removed.
fn after_tick(m: &mut Machine, core: usize) {
    let slot = m.cores[core].as_ref().expect("a busy core");
    let task = &mut m.tasks[slot.task];
    match task.steps.front() {
        None => {
            task.state = State::Terminated;
            task.finished_at = Some(m.now);
            m.cores[core] = None;
        }
        Some(Step::Io(_)) => {
            // Wait for the device right here, on this core.
        }
        Some(Step::Cpu(_)) if slot.slice_left == 0 => {
            // Preempted: back to the end of the ready queue.
            task.state = State::Ready;
            m.ready.push_back(slot.task);
            m.cores[core] = None;
        }
        Some(Step::Cpu(_)) => {}
    }
}

// ---- Don't edit below this line. ----

/// What happened: one row per tick with one character per core (the running task's name,
/// lower case while it waits for IO on the core, '.' for an idle core), and when each task ended.
#[derive(Debug)]
pub struct Outcome {
    pub rows: Vec<String>,
    pub finished_at: Vec<u32>,
}

impl Outcome {
    pub fn ticks(&self) -> u32 {
        self.rows.len() as u32
    }
    /// The most tasks that computed in the same tick.
    pub fn most_at_once(&self) -> usize {
        let rows = self.rows.iter();
        rows.map(|r| r.chars().filter(char::is_ascii_uppercase).count())
            .max()
            .unwrap_or(0)
    }
}

pub fn simulate(tasks: &[(char, Vec<Step>)], cores: usize, slice: u32) -> Outcome {
    assert!(cores > 0 && slice > 0);
    let mut m = Machine {
        tasks: tasks
            .iter()
            .map(|(name, steps)| Task {
                name: *name,
                steps: steps.iter().copied().collect(),
                // A task that starts with IO starts blocked.
                state: match steps.first() {
                    Some(Step::Io(_)) => State::Blocked,
                    _ => State::Ready,
                },
                finished_at: None,
            })
            .collect(),
        ready: VecDeque::new(),
        cores: (0..cores).map(|_| None).collect(),
        slice,
        now: 0,
    };
    m.ready = (0..m.tasks.len())
        .filter(|&i| m.tasks[i].state == State::Ready)
        .collect();
    let mut rows = Vec::new();
    while m.tasks.iter().any(|t| t.state != State::Terminated) {
        assert!(m.now < 10_000, "the simulation never finished");
        dispatch(&mut m);
        // One tick: every core works on its task; every blocked task's device works too.
        let mut row = String::new();
        for slot in m.cores.iter_mut() {
            match slot {
                None => row.push('.'),
                Some(slot) => {
                    let task = &mut m.tasks[slot.task];
                    match task.steps.front_mut() {
                        Some(Step::Cpu(n)) => {
                            row.push(task.name);
                            *n = n.saturating_sub(1);
                        }
                        Some(Step::Io(n)) => {
                            row.push(task.name.to_ascii_lowercase());
                            *n = n.saturating_sub(1);
                        }
                        None => row.push('.'),
                    }
                    slot.slice_left = slot.slice_left.saturating_sub(1);
                }
            }
        }
        for task in m.tasks.iter_mut().filter(|t| t.state == State::Blocked) {
            if let Some(Step::Io(n)) = task.steps.front_mut() {
                *n = n.saturating_sub(1);
            }
        }
        rows.push(row);
        m.now += 1;
        for task in &mut m.tasks {
            while let Some(Step::Cpu(0) | Step::Io(0)) = task.steps.front() {
                task.steps.pop_front();
            }
        }
        // Wake the blocked tasks whose IO is done.
        for i in 0..m.tasks.len() {
            let task = &mut m.tasks[i];
            if task.state == State::Blocked && !matches!(task.steps.front(), Some(Step::Io(_))) {
                if task.steps.is_empty() {
                    task.state = State::Terminated;
                    task.finished_at = Some(m.now);
                } else {
                    task.state = State::Ready;
                    m.ready.push_back(i);
                }
            }
        }
        for core in 0..m.cores.len() {
            if m.cores[core].is_some() {
                after_tick(&mut m, core);
            }
        }
    }
    let finished_at = m.tasks.iter().map(|t| t.finished_at.unwrap()).collect();
    Outcome { rows, finished_at }
}

fn main() {
    use Step::*;
    let work = [('A', vec![Cpu(3)]), ('B', vec![Cpu(3)])];
    let one = simulate(&work, 1, 1);
    let two = simulate(&work, 2, 1);
    println!("1 core (concurrency):  {}", one.rows.join(" "));
    println!("2 cores (parallelism): {}", two.rows.join(" "));
    let io = [('A', vec![Cpu(1), Io(3), Cpu(1)]), ('B', vec![Cpu(4)])];
    let out = simulate(&io, 1, 10);
    println!("IO overlapped with work on 1 core: {}", out.rows.join(" "));
}

#[cfg(test)]
mod tests {
    use super::*;
    use Step::*;

    #[test]
    fn one_core_takes_turns() {
        let out = simulate(&[('A', vec![Cpu(3)]), ('B', vec![Cpu(3)])], 1, 1);
        assert_eq!(out.rows, ["A", "B", "A", "B", "A", "B"]);
        assert_eq!(out.most_at_once(), 1);
    }

    #[test]
    fn time_slices_of_two_ticks() {
        let out = simulate(&[('A', vec![Cpu(3)]), ('B', vec![Cpu(3)])], 1, 2);
        assert_eq!(out.rows.concat(), "AABBAB");
        assert_eq!(out.finished_at, [5, 6]);
    }

    #[test]
    fn two_cores_run_in_parallel() {
        let out = simulate(&[('A', vec![Cpu(3)]), ('B', vec![Cpu(3)])], 2, 1);
        assert_eq!(
            out.most_at_once(),
            2,
            "on 2 cores both tasks should compute in the same tick; timeline: {:?}",
            out.rows
        );
        assert_eq!(out.rows, ["AB", "AB", "AB"]);
        assert_eq!(out.finished_at, [3, 3]);
    }

    #[test]
    fn more_tasks_than_cores() {
        let tasks: Vec<_> = "ABCDEF".chars().map(|c| (c, vec![Cpu(4)])).collect();
        let out = simulate(&tasks, 3, 2);
        assert_eq!(
            out.ticks(),
            8,
            "24 ticks of work on 3 busy cores take 8 ticks; timeline: {:?}",
            out.rows
        );
        assert_eq!(out.most_at_once(), 3, "never more tasks at once than cores");
    }

    #[test]
    fn io_overlaps_with_work_on_one_core() {
        let out = simulate(
            &[('A', vec![Cpu(1), Io(3), Cpu(1)]), ('B', vec![Cpu(4)])],
            1,
            10,
        );
        assert_eq!(
            out.ticks(),
            6,
            "the core should run B while A waits for IO (A blocked, core free), so 6 ticks of \
             CPU work take 6 ticks; timeline: {:?}",
            out.rows
        );
        assert_eq!(out.rows.concat(), "ABBBBA");
        assert_eq!(out.finished_at, [6, 5]);
    }

    #[test]
    fn io_on_two_cores() {
        let out = simulate(
            &[
                ('A', vec![Io(2), Cpu(2)]),
                ('B', vec![Cpu(2), Io(2)]),
                ('C', vec![Cpu(4)]),
            ],
            2,
            4,
        );
        assert!(
            out.rows
                .iter()
                .all(|r| !r.chars().any(|c| c.is_ascii_lowercase())),
            "a task waiting for IO should not sit on a core; timeline: {:?}",
            out.rows
        );
        assert_eq!(out.ticks(), 4, "timeline: {:?}", out.rows);
    }
}
