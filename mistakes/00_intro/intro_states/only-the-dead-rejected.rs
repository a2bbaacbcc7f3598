// MISTAKE: only a terminated process rejects events; every other impossible pair is still ignored
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
// Python, Rust and every other language see the same states: they belong to the OS.
//
// `next_state` is the transition function of this state machine, and it does not match the
// diagram above: compare every arm with the arrows. Fix it so that every legal transition gives
// the new state and every other (state, event) pair is an error, naming the state and event.

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
        (Blocked, IoDone) => Ok(Ready),
        (Terminated, _) => Err(IllegalTransition { from, event }),
        (_, Finish) => Ok(Terminated),
        // Anything else: nothing happens.
        _ => Ok(from),
    }
}

