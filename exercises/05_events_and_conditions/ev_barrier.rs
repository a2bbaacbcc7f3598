// ev_barrier.rs — Phases: nobody starts step 2 before everybody has finished step 1
//
// Many parallel jobs go in rounds: every worker computes its part of round 1, and round 2 needs
// ALL of round 1's results (a simulation step, a stage of a build, one level of a parallel
// sort). The seed notes call this synchronisation (同步): not "one at a time" like a lock, but
// "in order": A, then B, then A again.
//
// A barrier is the tool: `Barrier::new(n)`, and each of the n threads calls `wait()` at the end
// of a phase; nobody gets past until all n have arrived. A std `Barrier` can be reused for the
// next phase straight away (Python's `threading.Barrier` works the same). Its `wait()` also
// picks exactly one thread per round as the "leader" (`BarrierWaitResult::is_leader`), handy for
// the work that must happen once per phase, like announcing it.
//
// `run_phases` lets each worker run ahead into the next phase as soon as its own part is done,
// and every worker announces every phase. Make the tests pass: no worker starts phase p + 1
// before every worker has finished phase p, and each phase is announced exactly once, after all
// of its work is done.

use std::thread;

/// Runs `workers` threads through `phases` phases. `work(phase, worker)` does one worker's part
/// of one phase; `announce(phase)` reports a phase as complete.
pub fn run_phases(
    workers: usize,
    phases: usize,
    work: &(impl Fn(usize, usize) + Sync),
    announce: &(impl Fn(usize) + Sync),
) {
    thread::scope(|s| {
        for id in 0..workers {
            s.spawn(move || {
                for phase in 0..phases {
                    work(phase, id);
                    announce(phase);
                }
            });
        }
    });
}

// ---- Don't edit below this line. ----

fn main() {
    use std::sync::Mutex;
    // Three rounds; in each, every worker writes its cell of that round's row, and the round
    // is complete when the row is full.
    let rows = Mutex::new(vec![vec![0u32; 4]; 3]);
    let filled = Mutex::new(Vec::new());
    run_phases(
        4,
        3,
        &|phase, id| rows.lock().unwrap()[phase][id] = (phase as u32 + 1) * 10 + id as u32,
        &|phase| {
            let row = rows.lock().unwrap()[phase].clone();
            println!("phase {phase} done: {row:?}");
            filled
                .lock()
                .unwrap()
                .push(row.iter().filter(|c| **c != 0).count());
        },
    );
    assert_eq!(
        *filled.lock().unwrap(),
        [4, 4, 4],
        "a phase was announced before its row was full"
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Condvar, Mutex};
    use std::time::Duration;

    struct State {
        finished: Vec<usize>,  // per phase: workers that finished it
        announced: Vec<usize>, // per phase: announcements
        violation: Option<String>,
    }

    /// Records the phases. Worker 0 is slow in phase 0: it waits until the others have all
    /// finished phase 0 (and then 100 ms more), or until somebody has run ahead into phase 1.
    struct Recorder {
        workers: usize,
        state: Mutex<State>,
        cv: Condvar,
    }

    impl Recorder {
        fn new(workers: usize, phases: usize) -> Recorder {
            Recorder {
                workers,
                state: Mutex::new(State {
                    finished: vec![0; phases],
                    announced: vec![0; phases],
                    violation: None,
                }),
                cv: Condvar::new(),
            }
        }

        fn work(&self, phase: usize, id: usize) {
            let mut st = self.state.lock().unwrap();
            if phase > 0 && st.finished[phase - 1] < self.workers && st.violation.is_none() {
                st.violation = Some(format!(
                    "worker {id} started phase {phase} while only {} of {} workers had \
                     finished phase {}",
                    st.finished[phase - 1],
                    self.workers,
                    phase - 1
                ));
                self.cv.notify_all();
            }
            if phase == 0 && id == 0 {
                let others = self.workers - 1;
                st = self
                    .cv
                    .wait_timeout_while(st, Duration::from_secs(2), |s| {
                        s.violation.is_none() && s.finished[0] < others
                    })
                    .unwrap()
                    .0;
                st = self
                    .cv
                    .wait_timeout_while(st, Duration::from_millis(100), |s| s.violation.is_none())
                    .unwrap()
                    .0;
            }
            st.finished[phase] += 1;
            self.cv.notify_all();
        }

        fn announce(&self, phase: usize) {
            let mut st = self.state.lock().unwrap();
            st.announced[phase] += 1;
            if st.finished[phase] < self.workers && st.violation.is_none() {
                st.violation = Some(format!(
                    "phase {phase} was announced when only {} of {} workers had finished it",
                    st.finished[phase], self.workers
                ));
            }
        }
    }

    fn run(workers: usize, phases: usize) -> State {
        let rec = Recorder::new(workers, phases);
        run_phases(workers, phases, &|p, id| rec.work(p, id), &|p| {
            rec.announce(p)
        });
        rec.state.into_inner().unwrap()
    }

    #[test]
    fn nobody_runs_ahead() {
        let st = run(4, 3);
        if let Some(v) = st.violation {
            panic!("{v}: wait for the other workers at the end of each phase");
        }
        assert_eq!(st.finished, [4, 4, 4], "every worker runs every phase once");
    }

    #[test]
    fn each_phase_is_announced_once() {
        let st = run(3, 4);
        assert_eq!(
            st.announced,
            [1, 1, 1, 1],
            "announcements per phase: each phase must be announced exactly once (one worker \
             per round is the barrier's leader)"
        );
        assert_eq!(st.violation, None);
    }
}
