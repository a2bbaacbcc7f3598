// ev_barrier.rs — Phases: nobody starts step 2 before everybody has finished step 1
//
// Many parallel jobs go in rounds: every worker computes its part of round 1, and round 2 needs
// ALL of round 1's results (a simulation step, a stage of a build, one level of a parallel
// sort). That is synchronisation in the sense of "in order" (A, then B, then A again), not
// mutual exclusion ("one at a time", a lock's job).
//
// What each worker needs at the end of a phase is a meeting point: nobody gets past until all
// n workers have arrived, and then all of them go on together, phase after phase. Python has
// `threading.Barrier(n)` for it; std has the same idea. Once per phase, exactly one thread
// should also do the work that must happen once, like announcing the phase.
//
// `run_phases` lets each worker run ahead into the next phase as soon as its own part is done,
// and every worker announces every phase. Make the tests pass: the workers of a phase run in
// parallel, each worker stays one thread for all its phases, no worker starts phase p + 1
// before every worker has finished phase p, and each phase is announced exactly once, after all
// of its work is done.

use std::sync::Barrier;
use std::thread;

/// Runs `workers` threads through `phases` phases. `work(phase, worker)` does one worker's part
/// of one phase; `announce(phase)` reports a phase as complete.
pub fn run_phases(
    workers: usize,
    phases: usize,
    work: &(impl Fn(usize, usize) + Sync),
    announce: &(impl Fn(usize) + Sync),
) {
    let barrier = Barrier::new(workers);
    thread::scope(|s| {
        for id in 0..workers {
            let barrier = &barrier;
            s.spawn(move || {
                for phase in 0..phases {
                    work(phase, id);
                    // Nobody gets past until all `workers` have finished this phase; one of
                    // them is picked as the leader and announces it. The barrier is reusable.
                    if barrier.wait().is_leader() {
                        announce(phase);
                    }
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
    use mtlings_support::overlap::Overlap;
    use std::collections::HashMap;
    use std::sync::{Condvar, Mutex};
    use std::thread::ThreadId;
    use std::time::Duration;

    struct State {
        finished: Vec<usize>,  // per phase: workers that finished it
        announced: Vec<usize>, // per phase: announcements
        threads: HashMap<usize, ThreadId>,
        violation: Option<String>,
    }

    /// Records the phases. The workers of each phase wait (at most 1 s) until all of them are
    /// inside it together. Then worker 0 is slow in phase 0: it waits until the others have all
    /// finished phase 0 (and then 300 ms more), or until somebody has run ahead into phase 1.
    struct Recorder {
        workers: usize,
        state: Mutex<State>,
        cv: Condvar,
        together: Vec<Overlap>,
    }

    impl Recorder {
        fn new(workers: usize, phases: usize) -> Recorder {
            Recorder {
                workers,
                state: Mutex::new(State {
                    finished: vec![0; phases],
                    announced: vec![0; phases],
                    threads: HashMap::new(),
                    violation: None,
                }),
                cv: Condvar::new(),
                together: (0..phases).map(|_| Overlap::new()).collect(),
            }
        }

        fn note(&self, st: &mut State, v: String) {
            if st.violation.is_none() {
                st.violation = Some(v);
            }
            self.cv.notify_all();
        }

        fn work(&self, phase: usize, id: usize) {
            {
                let mut st = self.state.lock().unwrap();
                if phase > 0 && st.finished[phase - 1] < self.workers {
                    let v = format!(
                        "worker {id} started phase {phase} while only {} of {} workers had \
                         finished phase {}",
                        st.finished[phase - 1],
                        self.workers,
                        phase - 1
                    );
                    self.note(&mut st, v);
                }
                let me = std::thread::current().id();
                if *st.threads.entry(id).or_insert(me) != me {
                    let v = format!(
                        "worker {id} ran phase {phase} on another thread than before: each \
                         worker must be one thread that lives through every phase"
                    );
                    self.note(&mut st, v);
                }
            }
            self.together[phase].inside(self.workers, || ());
            let mut st = self.state.lock().unwrap();
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
                    .wait_timeout_while(st, Duration::from_millis(300), |s| s.violation.is_none())
                    .unwrap()
                    .0;
            }
            st.finished[phase] += 1;
            self.cv.notify_all();
        }

        fn announce(&self, phase: usize) {
            let mut st = self.state.lock().unwrap();
            st.announced[phase] += 1;
            if st.finished[phase] < self.workers {
                let v = format!(
                    "phase {phase} was announced when only {} of {} workers had finished it",
                    st.finished[phase], self.workers
                );
                self.note(&mut st, v);
            }
        }
    }

    fn run(workers: usize, phases: usize) -> State {
        let rec = Recorder::new(workers, phases);
        run_phases(workers, phases, &|p, id| rec.work(p, id), &|p| {
            rec.announce(p)
        });
        for (phase, meter) in rec.together.iter().enumerate() {
            let most = meter.most();
            assert_eq!(
                most, workers,
                "at most {most} of {workers} workers were inside phase {phase} at the same \
                 time: the workers of a phase must run in parallel, one thread each"
            );
        }
        rec.state.into_inner().unwrap()
    }

    #[test]
    fn nobody_runs_ahead() {
        let st = run(4, 3);
        if let Some(v) = st.violation {
            panic!("{v}");
        }
        assert_eq!(st.finished, [4, 4, 4], "every worker runs every phase once");
    }

    #[test]
    fn each_phase_is_announced_once() {
        let st = run(3, 4);
        assert_eq!(
            st.announced,
            [1, 1, 1, 1],
            "announcements per phase: each phase must be announced exactly once"
        );
        if let Some(v) = st.violation {
            panic!("{v}");
        }
    }
}
