//! A tick-by-tick simulation of an OS scheduler, for 00_intro's `intro_scheduler`.
//!
//! Each task is a list of steps: `Cpu(n)` needs a core for n ticks, `Io(n)` waits n ticks for a
//! device and needs no core. Ready tasks wait in a FIFO queue. Every tick the simulation calls
//! the exercise's `dispatch` (give ready tasks to free cores), lets every core and every device
//! work for one tick, wakes the blocked tasks whose IO is done (to the back of the ready queue),
//! and calls the exercise's `after_tick` for each busy core. The scheduling decisions are the
//! lesson and live in the exercise; the bookkeeping lives here.

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
    /// How many ticks a task may keep a core before it is preempted.
    pub slice: u32,
    /// The current tick.
    pub now: u32,
}

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
    /// Whether some task sat on a core while it waited for IO.
    pub fn io_on_a_core(&self) -> bool {
        self.rows
            .iter()
            .any(|r| r.chars().any(|c| c.is_ascii_lowercase()))
    }
}

/// The two decisions a scheduler makes.
pub struct Policy {
    /// Called at the start of every tick: gives ready tasks, in queue order, to free cores.
    pub dispatch: fn(&mut Machine),
    /// Called at the end of every tick for each busy core, after finished steps were removed.
    pub after_tick: fn(&mut Machine, usize),
}

/// Runs `tasks` on `cores` cores with time slices of `slice` ticks, until every task ended.
pub fn simulate(tasks: &[(char, Vec<Step>)], cores: usize, slice: u32, policy: Policy) -> Outcome {
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
        assert!(
            m.now < 1_000,
            "the simulation never finished: a task was lost; timeline so far: {rows:?}"
        );
        (policy.dispatch)(&mut m);
        let mut row = String::new();
        for core in 0..m.cores.len() {
            let Some(slot) = m.cores[core].as_mut() else {
                row.push('.');
                continue;
            };
            slot.slice_left = slot.slice_left.saturating_sub(1);
            let task = &mut m.tasks[slot.task];
            assert!(
                task.state != State::Terminated && task.state != State::Blocked,
                "core {core} runs task {} while it is {:?}",
                task.name,
                task.state
            );
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
                (policy.after_tick)(&mut m, core);
            }
        }
    }
    let finished_at = m.tasks.iter().map(|t| t.finished_at.unwrap()).collect();
    Outcome { rows, finished_at }
}
