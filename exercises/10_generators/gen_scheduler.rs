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
// total (so that tasks which never finish cannot run forever).
//
// This is COOPERATIVE scheduling: nobody can interrupt a step. The OS kernel preempts a thread
// that runs too long; a user-space scheduler cannot, so a task that does all of its work in
// one step (never yields) starves every other task until it is finished. Async Rust works the
// same way: a task only gives way at an `.await`.
//
// Two things to fix:
//   1. `run` runs each task to completion before starting the next. Make it round-robin.
//   2. `Summer` adds up 1..=upto in one single step. Make it resumable: at most 100 numbers per
//      step, logging "summed to K" after each slice and "sum = S" when done (see `Ticker`).

use std::collections::VecDeque;

enum Step {
    Yield,
    Done,
}

/// What the tasks report; the tests read `log`.
#[derive(Default)]
struct Ctx {
    log: Vec<String>,
}

trait Task {
    /// Run one slice of work, then give control back to the scheduler.
    fn step(&mut self, ctx: &mut Ctx) -> Step;
}

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

/// Adds up 1..=upto.
struct Summer {
    upto: u64,
}

impl Summer {
    fn new(upto: u64) -> Self {
        Summer { upto }
    }
}

impl Task for Summer {
    fn step(&mut self, ctx: &mut Ctx) -> Step {
        // All the work in one step: nobody else runs until it is finished.
        let mut sum = 0;
        for k in 1..=self.upto {
            sum += k;
        }
        ctx.log.push(format!("summed to {}", self.upto));
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
    let tasks: Vec<Box<dyn Task>> =
        vec![Box::new(Summer::new(300)), Box::new(Ticker::new("tick", 5))];
    for line in run(tasks, 100).log {
        println!("{line}");
    }
}

// ---- Don't edit below this line. ----

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::rc::Rc;

    /// Never finishes; counts its steps; panics if stepped after the test says it is done.
    struct Forever(Rc<Cell<usize>>);
    impl Task for Forever {
        fn step(&mut self, _ctx: &mut Ctx) -> Step {
            self.0.set(self.0.get() + 1);
            Step::Yield
        }
    }

    /// Finishes after one step and must never be stepped again.
    struct Once(&'static str, bool);
    impl Task for Once {
        fn step(&mut self, ctx: &mut Ctx) -> Step {
            assert!(
                !self.1,
                "task {} was stepped again after it returned Done",
                self.0
            );
            self.1 = true;
            ctx.log.push(self.0.to_string());
            Step::Done
        }
    }

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
    }

    #[test]
    fn finished_tasks_are_dropped() {
        let tasks: Vec<Box<dyn Task>> = vec![
            Box::new(Once("x", false)),
            Box::new(Ticker::new("t", 3)),
            Box::new(Once("y", false)),
        ];
        assert_eq!(run(tasks, 1000).log, ["x", "t 1", "y", "t 2", "t 3"]);
    }

    #[test]
    fn endless_tasks_share_the_budget() {
        let a = Rc::new(Cell::new(0));
        let b = Rc::new(Cell::new(0));
        let tasks: Vec<Box<dyn Task>> = vec![
            Box::new(Forever(Rc::clone(&a))),
            Box::new(Forever(Rc::clone(&b))),
        ];
        run(tasks, 10);
        assert_eq!(
            (a.get(), b.get()),
            (5, 5),
            "two endless tasks and a budget of 10 steps: each should get 5 (saw a={}, b={}); \
             a task that never finishes must not starve the others",
            a.get(),
            b.get()
        );
    }

    /// Checks the Summer's log: slices of at most 100 numbers, the right total.
    fn summer_slices(log: &[String]) -> Vec<u64> {
        log.iter()
            .filter_map(|l| l.strip_prefix("summed to "))
            .map(|k| k.parse().unwrap())
            .collect()
    }

    #[test]
    fn summer_alone_gives_the_right_sum_in_slices() {
        let log = run(vec![Box::new(Summer::new(1000))], 1000).log;
        assert_eq!(
            log.last().map(String::as_str),
            Some("sum = 500500"),
            "log: {log:?}"
        );
        let slices = summer_slices(&log);
        assert!(
            !slices.is_empty(),
            "Summer should log \"summed to K\" after each slice"
        );
        let mut previous = 0;
        for k in &slices {
            assert!(
                *k > previous && *k - previous <= 100,
                "Summer went from {previous} to {k} in one step: at most 100 numbers per step"
            );
            previous = *k;
        }
        assert_eq!(previous, 1000, "Summer should end with \"summed to 1000\"");

        let short = run(vec![Box::new(Summer::new(5))], 1000).log;
        assert_eq!(short, ["summed to 5", "sum = 15"]);
    }

    #[test]
    fn a_busy_task_does_not_starve_the_heartbeat() {
        let tasks: Vec<Box<dyn Task>> = vec![
            Box::new(Summer::new(1000)),
            Box::new(Ticker::new("tick", 20)),
        ];
        let log = run(tasks, 1000).log;
        // Between two ticks, how far did the Summer get?
        let mut last_seen = 0;
        let mut summed_since_tick = 0;
        for line in &log {
            if line.starts_with("tick") {
                summed_since_tick = 0;
            } else if let Some(k) = line.strip_prefix("summed to ") {
                let k: u64 = k.parse().unwrap();
                summed_since_tick += k - last_seen;
                last_seen = k;
                assert!(
                    summed_since_tick <= 100,
                    "the heartbeat starved: Summer added {summed_since_tick} numbers without \
                     the ticker getting a turn (log: {:?}...)",
                    &log[..log.len().min(6)]
                );
            }
        }
        assert!(
            log.contains(&"sum = 500500".to_string()),
            "wrong or missing sum: {log:?}"
        );
        assert_eq!(log.iter().filter(|l| l.starts_with("tick")).count(), 20);
    }
}
