// MISTAKE: a barrier, but every worker announces every phase after it
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
                    barrier.wait();
                    announce(phase);
                }
            });
        }
    });
}

