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
}

impl Summer {
    fn new(numbers: impl Iterator<Item = u64> + 'static) -> Self {
        Summer {
            numbers: Box::new(numbers),
        }
    }
}

impl Task for Summer {
    fn step(&mut self, ctx: &mut Ctx) -> Step {
        // All the work in one step: nobody else runs until it is finished.
        let (mut count, mut sum) = (0, 0);
        for n in self.numbers.by_ref() {
            count += 1;
            sum += n;
        }
        ctx.log.push(format!("summed to {count}"));
        ctx.log.push(format!("sum = {sum}"));
        Step::Done
    }
}

/// Runs the tasks until all are done or `max_steps` steps have been taken in total.
fn run(tasks: Vec<Box<dyn Task>>, max_steps: usize) -> Ctx {
    let mut ctx = Ctx::default();
    let mut steps = 0;
    let queue: VecDeque<Box<dyn Task>> = tasks.into();
    // Each task runs until it is done before the next one starts.
    for mut task in queue {
        while steps < max_steps {
            steps += 1;
            if let Step::Done = task.step(&mut ctx) {
                break;
            }
        }
    }
    ctx
}

fn main() {
    let tasks: Vec<Box<dyn Task>> = vec![
        Box::new(Summer::new(1..=300)),
        Box::new(Ticker::new("tick", 5)),
    ];
    for line in run(tasks, 100).log {
        println!("{line}");
    }
}

// ---- Don't edit below this line. ----

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::coop_tasks::{Forever, Once, Pulse};
    use std::cell::Cell;
    use std::rc::Rc;

    #[test]
    fn round_robin_order() {
        let tasks: Vec<Box<dyn Task>> = vec![
            Box::new(Ticker::new("A", 3)),
            Box::new(Ticker::new("B", 2)),
            Box::new(Ticker::new("C", 3)),
        ];
        assert_eq!(
            run(tasks, 1000).log,
            ["A 1", "B 1", "C 1", "A 2", "B 2", "C 2", "A 3", "C 3"],
            "each task gets one step in turn; a finished task drops out of the rotation"
        );
        let tasks: Vec<Box<dyn Task>> = vec![
            Box::new(Once("x", false)),
            Box::new(Ticker::new("t", 3)),
            Box::new(Once("y", false)),
        ];
        assert_eq!(
            run(tasks, 1000).log,
            ["x", "t 1", "y", "t 2", "t 3"],
            "a task that returned Done leaves the rotation and is never stepped again"
        );
    }

    #[test]
    fn endless_tasks_share_the_budget() {
        let counters: Vec<Rc<Cell<usize>>> = (0..3).map(|_| Rc::default()).collect();
        let tasks: Vec<Box<dyn Task>> = counters
            .iter()
            .map(|c| Box::new(Forever(Rc::clone(c))) as Box<dyn Task>)
            .collect();
        run(tasks, 10);
        let steps: Vec<usize> = counters.iter().map(|c| c.get()).collect();
        assert_eq!(
            steps,
            [4, 3, 3],
            "three endless tasks and a budget of 10 steps in total: every step counts, and a \
             task that never finishes must not starve the others"
        );
    }

    /// The "summed to K" values in a log.
    fn slices(log: &[String]) -> Vec<usize> {
        let summed = log.iter().filter_map(|l| l.strip_prefix("summed to "));
        summed.map(|k| k.parse().unwrap()).collect()
    }

    #[test]
    fn summer_gives_the_right_sum_in_slices() {
        for numbers in [
            (1..=1000).collect::<Vec<u64>>(),
            (1..=250).map(|k| k * k).collect(),
        ] {
            let (len, sum) = (numbers.len(), numbers.iter().sum::<u64>());
            let log = run(vec![Box::new(Summer::new(numbers.into_iter()))], 1000).log;
            let last = log.last();
            assert_eq!(
                last,
                Some(&format!("sum = {sum}")),
                "the total comes last: {log:?}"
            );
            let mut previous = 0;
            for k in slices(&log) {
                assert!(
                    k > previous && k - previous <= 100,
                    "Summer went from {previous} to {k} numbers in one slice: at most 100, \
                     and each slice sums at least one ({log:?})"
                );
                previous = k;
            }
            assert_eq!(previous, len, "Summer should end with \"summed to {len}\"");
        }
        let short = run(vec![Box::new(Summer::new(1..=5))], 1000).log;
        assert_eq!(
            short,
            ["summed to 5", "sum = 15"],
            "five numbers fit in one slice"
        );
    }

    #[test]
    fn a_busy_task_does_not_starve_the_heartbeat() {
        let pulled = Rc::new(Cell::new(0));
        let counter = Rc::clone(&pulled);
        let numbers = (1..=1000).inspect(move |_| counter.set(counter.get() + 1));
        let tasks: Vec<Box<dyn Task>> =
            vec![Box::new(Summer::new(numbers)), Box::new(Pulse(pulled, 20))];
        let log = run(tasks, 1000).log;
        let pulses = log.iter().filter_map(|l| l.strip_prefix("pulse "));
        let mut before = 0;
        for taken in pulses.map(|k| k.parse::<usize>().unwrap()) {
            assert!(
                taken - before <= 100,
                "the heartbeat starved: Summer took {} numbers between two of its beats; one \
                 step must not take more than 100",
                taken - before
            );
            before = taken;
        }
        assert!(
            log.contains(&"sum = 500500".to_string()),
            "wrong or missing sum: {log:?}"
        );
    }
}
