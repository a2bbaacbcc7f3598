// MISTAKE: the waiting task is marked Blocked but keeps its core
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
    // Every free core takes the next ready task: that is parallelism.
    for core in m.cores.iter_mut().filter(|c| c.is_none()) {
        let Some(task) = m.ready.pop_front() else {
            break;
        };
        m.tasks[task].state = State::Running;
        *core = Some(Slot {
            task,
            slice_left: m.slice,
        });
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
            // Block and free the core, so it can run another task while the device works.
            task.state = State::Blocked;
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

