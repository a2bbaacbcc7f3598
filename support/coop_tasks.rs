//! The task interface of `10_generators/gen_scheduler`, and the test tasks that probe it.
//!
//! The scheduler exercise is about `run` and about a task that gives control back often; the
//! interface (`Step`, `Ctx`, `Task`) and the probes the tests use (a task that never ends, one
//! that must never be stepped again, a heartbeat) are scaffolding, kept here so that the
//! learner's file stays a lesson.

use std::cell::Cell;
use std::rc::Rc;

/// What one step of a task says: more to do, or finished.
pub enum Step {
    Yield,
    Done,
}

/// What the tasks report; the tests read `log`.
#[derive(Default)]
pub struct Ctx {
    pub log: Vec<String>,
}

/// A cooperative task: one call of `step` runs one slice of work, then gives control back.
pub trait Task {
    fn step(&mut self, ctx: &mut Ctx) -> Step;
}

/// Never finishes; counts its steps in the shared cell.
pub struct Forever(pub Rc<Cell<usize>>);

impl Task for Forever {
    fn step(&mut self, _ctx: &mut Ctx) -> Step {
        self.0.set(self.0.get() + 1);
        Step::Yield
    }
}

/// Logs its name and finishes after one step; panics if it is ever stepped again.
pub struct Once(pub &'static str, pub bool);

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

/// A heartbeat: once per step, `beats` times, logs "pulse N" with the value of the shared
/// counter (the tests count there how many numbers another task has taken so far).
pub struct Pulse(pub Rc<Cell<usize>>, pub u32);

impl Task for Pulse {
    fn step(&mut self, ctx: &mut Ctx) -> Step {
        ctx.log.push(format!("pulse {}", self.0.get()));
        self.1 = self.1.saturating_sub(1);
        if self.1 == 0 { Step::Done } else { Step::Yield }
    }
}
