// MISTAKE: cuts the work into slices of 100 but does all the slices in one step, never yielding
// gen_scheduler.rs — Capstone: a cooperative round-robin scheduler
//
// With generators you can build multitasking without threads. In Python (David Beazley's
// classic) every task is a generator, and a scheduler keeps a queue of them:
//
//     while queue:
//         task = queue.popleft()
//         try:
//             next(task)            # run the task up to its next `yield`
//             queue.append(task)    # then to the back of the line
//         except StopIteration:
//             pass                  # finished: drop it
//
// Here a task is a Rust state machine with a `step` method: one call runs one slice of work
// and returns `Step::Yield` (more to do) or `Step::Done`. The scheduler gives each live task
// one step in turn (round-robin), drops finished tasks, and stops after `max_steps` steps in
// total (so that tasks which never finish cannot run forever). `Step`, `Ctx` (the log the
// tasks write) and the `Task` trait come from the support library.
//
// This is COOPERATIVE scheduling: nobody can interrupt a step. The OS kernel preempts a thread
// that runs too long; a user-space scheduler cannot, so a task that does all of its work in
// one step (never yields) starves every other task until it is finished. Async Rust works the
// same way: a task only gives way at an `.await`.
//
// Two things to fix:
//   1. `run` runs each task to completion before starting the next. Make it round-robin, and
//      count every step against the budget.
//   2. `Summer` adds up all its numbers in one single step. Make it a good citizen: at most 100
//      numbers per step, logging "summed to K" (K numbers so far) after each slice and
//      "sum = S" once they are used up (see `Ticker`).

use mtlings_support::coop_tasks::{Ctx, Step, Task};
use std::collections::VecDeque;

/// Logs "NAME 1", "NAME 2", ... one per step, `ticks` times.
struct Ticker {
    name: &'static str,
    done: u32,
    ticks: u32,
}

impl Ticker {
    fn new(name: &'static str, ticks: u32) -> Self {
        Ticker {
            name,
            done: 0,
            ticks,
        }
    }
}

impl Task for Ticker {
    fn step(&mut self, ctx: &mut Ctx) -> Step {
        self.done += 1;
        ctx.log.push(format!("{} {}", self.name, self.done));
        if self.done == self.ticks {
            Step::Done
        } else {
            Step::Yield
        }
    }
}

/// Adds up the numbers it is given (an iterator: each number can be taken only once).
struct Summer {
    numbers: Box<dyn Iterator<Item = u64>>,
    count: usize, // the paused frame: how far it got, and the sum so far
    sum: u64,
}

impl Summer {
    fn new(numbers: impl Iterator<Item = u64> + 'static) -> Self {
        Summer {
            numbers: Box::new(numbers),
            count: 0,
            sum: 0,
        }
    }
}

impl Task for Summer {
    fn step(&mut self, ctx: &mut Ctx) -> Step {
        // Slices of at most 100 numbers, each one logged.
        loop {
            let mut taken = 0;
            for n in self.numbers.by_ref().take(100) {
                self.sum += n;
                taken += 1;
            }
            self.count += taken;
            if taken > 0 {
                ctx.log.push(format!("summed to {}", self.count));
            }
            if taken < 100 {
                break;
            }
        }
        ctx.log.push(format!("sum = {}", self.sum));
        Step::Done
    }
}

/// Runs the tasks until all are done or `max_steps` steps have been taken in total.
fn run(tasks: Vec<Box<dyn Task>>, max_steps: usize) -> Ctx {
    let mut ctx = Ctx::default();
    let mut steps = 0;
    let mut queue: VecDeque<Box<dyn Task>> = tasks.into();
    while steps < max_steps {
        let Some(mut task) = queue.pop_front() else {
            break; // everybody finished
        };
        steps += 1;
        // One step each, in turn: a task that yields goes to the back of the line.
        if let Step::Yield = task.step(&mut ctx) {
            queue.push_back(task);
        }
    }
    ctx
}

fn main() {
    let tasks: Vec<Box<dyn Task>> =
        vec![Box::new(Summer::new(1..=300)), Box::new(Ticker::new("tick", 5))];
    for line in run(tasks, 100).log {
        println!("{line}");
    }
}

