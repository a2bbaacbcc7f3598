// intro_states.rs — The five states of a process
//
// The OS cannot run every process all the time, so each process is always in one state:
//
//   New ──admit──▶ Ready ──dispatch──▶ Running ──finish──▶ Terminated
//                    ▲  ◀──preempt───    │
//                    │                   │ wait_for_io
//                    └──io_done── Blocked ◀┘
//
// - Ready: it could run and waits in the queue for a CPU. Running: it has a CPU right now.
// - A process goes straight from Running to Blocked when its code makes a blocking call: it reads
//   a file or a socket, sleeps, waits for a lock or for a child. Only running code can do that.
// - When what it waited for arrives it does NOT run at once: it goes back to Ready and waits for
//   a CPU like everybody else.
// - Only a running process can finish, and a terminated process never comes back.
// On Linux, `ps` shows R for Ready or Running, S or D for Blocked, and Z for a process that has
// terminated but whose parent has not collected its exit status yet (see 01_processes).
//
// `next_state`, the transition function of this state machine, does not match the diagram: make
// every legal transition give the new state, and every other (state, event) pair an error.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    New,
    Ready,
    Running,
    Blocked,
    Terminated,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// The OS has set the new process up and lets it compete for a CPU.
    Admit,
    /// The scheduler gives the process a CPU.
    Dispatch,
    /// The process's time slice ran out: the scheduler takes the CPU back.
    Preempt,
    /// The process made a blocking call (read, recv, sleep, lock, wait).
    WaitForIo,
    /// What the process waited for has arrived.
    IoDone,
    /// The process exits.
    Finish,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IllegalTransition {
    pub from: State,
    pub event: Event,
}

pub fn next_state(from: State, event: Event) -> Result<State, IllegalTransition> {
    use Event::*;
    use State::*;
    match (from, event) {
        (New, Admit) => Ok(Ready),
        (Ready, Dispatch) => Ok(Running),
        (Running, Preempt) => Ok(Ready),
        (Running, WaitForIo) => Ok(Blocked),
        (Blocked, IoDone) => Ok(Ready), // woken up: back to the ready queue, not to a CPU
        (Running, Finish) => Ok(Terminated),
        // Anything else is impossible in this state: report it instead of ignoring it.
        _ => Err(IllegalTransition { from, event }),
    }
}

// ---- Don't edit below this line. ----

/// Runs a whole history of events from `New`, stopping at the first illegal one.
pub fn run(events: &[Event]) -> Result<State, IllegalTransition> {
    events
        .iter()
        .try_fold(State::New, |state, &event| next_state(state, event))
}

fn main() {
    use Event::*;
    let life = [
        Admit, Dispatch, WaitForIo, IoDone, Dispatch, Preempt, Dispatch, Finish,
    ];
    println!("a whole life ends {:?}", run(&life));
    println!("admitted, then blocked: {:?}", run(&[Admit, WaitForIo]));
}

#[cfg(test)]
mod tests {
    use super::*;
    use Event::*;
    use State::*;

    const STATES: [State; 5] = [New, Ready, Running, Blocked, Terminated];
    const EVENTS: [Event; 6] = [Admit, Dispatch, Preempt, WaitForIo, IoDone, Finish];
    const LEGAL: [(State, Event, State); 6] = [
        (New, Admit, Ready),
        (Ready, Dispatch, Running),
        (Running, Preempt, Ready),
        (Running, WaitForIo, Blocked),
        (Blocked, IoDone, Ready),
        (Running, Finish, Terminated),
    ];

    #[test]
    fn a_whole_life() {
        let life = [
            Admit, Dispatch, WaitForIo, IoDone, Dispatch, Preempt, Dispatch, Finish,
        ];
        assert_eq!(run(&life), Ok(Terminated));
    }

    #[test]
    fn every_legal_transition() {
        for (from, event, to) in LEGAL {
            let why = "see the arrows of the diagram (a woken process waits for a CPU)";
            assert_eq!(
                next_state(from, event),
                Ok(to),
                "{from:?} --{event:?}-->: {why}"
            );
        }
    }

    #[test]
    fn every_other_pair_is_an_error() {
        for from in STATES {
            for event in EVENTS {
                if LEGAL.iter().any(|&(f, e, _)| (f, e) == (from, event)) {
                    continue;
                }
                assert_eq!(
                    next_state(from, event),
                    Err(IllegalTransition { from, event }),
                    "a process that is {from:?} cannot {event:?}: that must be an error"
                );
            }
        }
    }

    #[test]
    fn only_running_code_can_block() {
        assert_eq!(
            run(&[Admit, WaitForIo]),
            Err(IllegalTransition {
                from: Ready,
                event: WaitForIo
            }),
            "a ready process is not running, so it cannot make a blocking call"
        );
    }
}
