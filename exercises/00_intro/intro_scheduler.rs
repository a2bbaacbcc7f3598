// intro_scheduler.rs — Concurrency vs parallelism (capstone)
//
// CONCURRENCY: several tasks are in progress at once. One CPU core gives each task a short time
// slice in turn, so fast that they all seem to run together, but at any instant only one runs.
// PARALLELISM: tasks really run at the same instant, one per core. You need several cores.
// Concurrency still pays on ONE core when tasks wait: while a task is blocked on IO (a disk, the
// network, a sleep), the core runs someone else. For pure computation, more tasks than cores
// gains nothing. (Python's threads are often said to give concurrency but not parallelism: in
// standard CPython only one thread at a time runs bytecode, but a thread blocked on IO lets the
// others run, so threads do help IO-bound Python. Rust threads give both.)
//
// This is a tiny tick-by-tick simulation of an OS scheduler, with the states of `intro_states`.
// The support library (`mtlings_support::intro_sched`) does the bookkeeping: each task is a list
// of steps, `Cpu(n)` needs a core for n ticks, `Io(n)` waits n ticks for a device and needs no
// core; ready tasks wait in a FIFO queue (`m.ready`); a running task keeps its core for at most
// `m.slice` ticks, then goes to the back of the queue (round robin). Every tick it calls your
// `dispatch`, runs the cores and the devices, wakes tasks whose IO is done, and calls your
// `after_tick` for each busy core.
//
// The two decisions below were written for a single-core machine that waits for IO on the spot.
// The tests run machines with several cores and tasks that wait for devices: make the schedule
// keep every core busy whenever a task is ready, and never let a waiting task hold a core.

use mtlings_support::intro_sched::{Machine, Slot, State, Step};

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

use mtlings_support::intro_sched::{Outcome, Policy, simulate};

/// Runs the simulation with your two decisions.
pub fn run(tasks: &[(char, Vec<Step>)], cores: usize, slice: u32) -> Outcome {
    let policy = Policy {
        dispatch,
        after_tick,
    };
    simulate(tasks, cores, slice, policy)
}

fn main() {
    use Step::*;
    let work = [('A', vec![Cpu(3)]), ('B', vec![Cpu(3)])];
    let one = run(&work, 1, 1);
    let two = run(&work, 2, 1);
    println!("1 core (concurrency):  {}", one.rows.join(" "));
    println!("2 cores (parallelism): {}", two.rows.join(" "));
    let io = [('A', vec![Cpu(1), Io(3), Cpu(1)]), ('B', vec![Cpu(4)])];
    let out = run(&io, 1, 10);
    println!("IO overlapped with work on 1 core: {}", out.rows.join(" "));
}

#[cfg(test)]
mod tests {
    use super::*;
    use Step::*;

    #[test]
    fn one_core_takes_turns() {
        let out = run(&[('A', vec![Cpu(3)]), ('B', vec![Cpu(3)])], 1, 1);
        assert_eq!(out.rows, ["A", "B", "A", "B", "A", "B"]);
        assert_eq!(out.most_at_once(), 1);
    }

    #[test]
    fn time_slices_of_two_ticks() {
        let out = run(&[('A', vec![Cpu(3)]), ('B', vec![Cpu(3)])], 1, 2);
        assert_eq!(out.rows.concat(), "AABBAB");
        assert_eq!(out.finished_at, [5, 6]);
    }

    #[test]
    fn two_cores_run_in_parallel() {
        let out = run(&[('A', vec![Cpu(3)]), ('B', vec![Cpu(3)])], 2, 1);
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
        let out = run(&tasks, 3, 2);
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
        let out = run(
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
        let out = run(
            &[
                ('A', vec![Io(2), Cpu(2)]),
                ('B', vec![Cpu(2), Io(2)]),
                ('C', vec![Cpu(4)]),
            ],
            2,
            4,
        );
        assert!(
            !out.io_on_a_core(),
            "a task waiting for IO should not sit on a core; timeline: {:?}",
            out.rows
        );
        assert_eq!(out.ticks(), 4, "timeline: {:?}", out.rows);
    }

    #[test]
    fn a_core_that_frees_up_is_refilled_at_once() {
        // A long task keeps core 0 busy; core 1 must take each short task as soon as it is free.
        let tasks = [
            ('A', vec![Cpu(6)]),
            ('B', vec![Cpu(1)]),
            ('C', vec![Cpu(2)]),
            ('D', vec![Cpu(1)]),
        ];
        let out = run(&tasks, 2, 10);
        assert_eq!(
            out.rows,
            ["AB", "AC", "AC", "AD", "A.", "A."],
            "while core 0 is busy, a ready task must go to the free core 1 at once"
        );
    }

    #[test]
    fn a_spare_core_does_not_run_a_waiting_task() {
        let tasks = [('A', vec![Cpu(1), Io(2), Cpu(1)]), ('B', vec![Cpu(3)])];
        let out = run(&tasks, 3, 10);
        assert!(
            !out.io_on_a_core(),
            "a task waiting for IO sat on a core (lower case); it must wait, blocked, off the \
             cores until its IO is done: timeline {:?}",
            out.rows
        );
        assert_eq!(
            out.rows,
            ["AB.", ".B.", ".B.", "A.."],
            "both tasks are ready at tick 0 and there are 3 cores: both must start at once"
        );
        assert_eq!(out.finished_at, [4, 3]);
    }
}
