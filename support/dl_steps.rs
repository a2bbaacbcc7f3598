//! The step model of `dl_schedule`: two (or more) threads, each a list of [`Op`]s, run one
//! step at a time in the order a schedule gives (`'A'` is thread 0, `'B'` thread 1, ...). A
//! thread whose next step is a `Lock` held by another thread cannot move; a schedule that
//! asks it to is reported as invalid, with the reason. [`Outcome::describe`] shows the trace
//! and the final state, so that a wrong schedule fails with evidence.

use std::collections::HashMap;

/// One step of a thread.
#[derive(Clone, Copy, Debug)]
pub enum Op {
    /// Takes the named lock (the thread cannot move while another thread holds it).
    Lock(&'static str),
    /// Releases the named lock.
    Unlock(&'static str),
    /// `seen = balance`
    Read,
    /// Stops the thread if what it has seen is below the amount.
    StopIfBelow(i64),
    /// `balance -= amount`
    Pay(i64),
}

impl Op {
    fn text(&self) -> String {
        match self {
            Op::Lock(l) => format!("lock({l})"),
            Op::Unlock(l) => format!("unlock({l})"),
            Op::Read => "seen = balance".into(),
            Op::StopIfBelow(n) => format!("if seen < {n} {{ stop }}"),
            Op::Pay(0) => "pay".into(),
            Op::Pay(n) => format!("balance -= {n}"),
        }
    }
}

/// What a schedule did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The steps taken, one line each.
    pub trace: Vec<String>,
    /// Why the schedule could not go on, if it could not.
    pub invalid: Option<String>,
    /// The shared balance at the end.
    pub balance: i64,
    /// How every thread ended up, one line each.
    pub threads: Vec<String>,
    deadlocked: bool,
}

impl Outcome {
    /// Whether every thread that has not finished waits for a lock another thread holds.
    pub fn deadlocked(&self) -> bool {
        self.deadlocked
    }

    /// The trace and the final state, for a message.
    pub fn describe(&self) -> String {
        let mut s: String = self.trace.iter().map(|l| format!("  {l}\n")).collect();
        if self.trace.is_empty() {
            s.push_str("  (no steps)\n");
        }
        for t in &self.threads {
            s.push_str(&format!("  then {t}\n"));
        }
        s.push_str(&format!("  balance: {}", self.balance));
        s
    }
}

fn name(t: usize) -> char {
    (b'A' + t as u8) as char
}

/// Runs `schedule` on `programs`, the shared balance starting at `balance`.
pub fn run(programs: &[Vec<Op>], balance: i64, schedule: &[char]) -> Outcome {
    let n = programs.len();
    let mut pc = vec![0; n];
    let mut seen = vec![0i64; n];
    let mut stopped = vec![false; n];
    let mut locks: HashMap<&str, usize> = HashMap::new();
    let mut out = Outcome {
        balance,
        ..Outcome::default()
    };
    let done = |t: usize, pc: &[usize], stopped: &[bool]| stopped[t] || pc[t] >= programs[t].len();
    for (k, &c) in schedule.iter().enumerate() {
        let step = k + 1;
        let t = (c as usize).wrapping_sub('A' as usize);
        if t >= n {
            out.invalid = Some(format!(
                "step {step}: there is no thread {c:?} (use 'A' or 'B')"
            ));
            break;
        }
        if done(t, &pc, &stopped) {
            out.invalid = Some(format!(
                "step {step}: {c} has finished; it has no next step"
            ));
            break;
        }
        let op = programs[t][pc[t]];
        if let Op::Lock(l) = op
            && let Some(&o) = locks.get(l)
        {
            out.invalid = Some(format!(
                "step {step}: {c} cannot move: its next step is lock({l}), and {} holds {l}",
                name(o)
            ));
            break;
        }
        match op {
            Op::Lock(l) => {
                locks.insert(l, t);
            }
            Op::Unlock(l) => {
                locks.remove(l);
            }
            Op::Read => seen[t] = out.balance,
            Op::StopIfBelow(m) => stopped[t] = seen[t] < m,
            Op::Pay(m) => out.balance -= m,
        }
        let mut line = format!("{step}. {c}: {}", op.text());
        if let Op::Read = op {
            line.push_str(&format!("   ({c} sees {})", seen[t]));
        }
        if let Op::StopIfBelow(_) = op
            && stopped[t]
        {
            line.push_str(&format!("   ({c} stops: not enough money)"));
        }
        out.trace.push(line);
        pc[t] += 1;
    }
    let mut blocked = 0;
    let mut unfinished = 0;
    for t in 0..n {
        let c = name(t);
        out.threads.push(if done(t, &pc, &stopped) {
            format!("{c} has finished")
        } else {
            unfinished += 1;
            let op = programs[t][pc[t]];
            match op {
                Op::Lock(l) if locks.get(l).is_some_and(|o| *o != t) => {
                    blocked += 1;
                    format!("{c} waits for lock({l}), held by {}", name(locks[l]))
                }
                _ => format!("{c} can still move: its next step is {}", op.text()),
            }
        });
    }
    out.deadlocked = unfinished > 0 && blocked == unfinished;
    out
}
