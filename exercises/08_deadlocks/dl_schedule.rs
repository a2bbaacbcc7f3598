// dl_schedule.rs — Be the scheduler: write the interleaving that breaks the program
//
// A deadlock or a race is not "bad luck": it is one particular order of steps, and the
// scheduler is allowed to pick it. Here YOU are the scheduler (as in the game "The Deadlock
// Empire"). Each program below is two threads, A and B, made of small steps; a schedule is a
// list of which thread takes its next step: `['A', 'B', 'A']` means "A runs one step, then B
// one, then A one". A thread whose next step is `lock(x)` while the other holds `x` cannot
// move: the test says so, and you must pick the other one.
//
//   1. The transfer of this folder: A runs `transfer(a, b)`, B runs `transfer(b, a)`.
//        A: lock(a)  lock(b)  pay  unlock(b)  unlock(a)
//        B: lock(b)  lock(a)  pay  unlock(a)  unlock(b)
//      Write a schedule after which neither thread can ever move again.
//
//   2. The "fix" that checks the funds, lets go, and locks again to pay. The account holds 10;
//      A and B each withdraw 10.
//        A and B: lock(acc)  seen = balance  unlock(acc)  if seen < 10 { stop }
//                 lock(acc)  balance -= 10  unlock(acc)
//      Write a schedule after which the balance is negative.
//
// The tests run your schedule step by step on a model of these programs and show what
// happened when it does not do what was asked.

/// Part 1: a schedule that deadlocks the transfer.
pub const DEADLOCK: &[char] = &['A', 'A', 'A', 'A', 'A', 'B'];

/// Part 2: a schedule that overdraws the account.
pub const OVERDRAFT: &[char] = &['A', 'A', 'A', 'A', 'A', 'A', 'A', 'B', 'B', 'B', 'B'];

// ---- Don't edit below this line. ----

use mtlings_support::dl_steps::{Op, run};

fn transfer() -> [Vec<Op>; 2] {
    use Op::*;
    [
        vec![Lock("a"), Lock("b"), Pay(0), Unlock("b"), Unlock("a")],
        vec![Lock("b"), Lock("a"), Pay(0), Unlock("a"), Unlock("b")],
    ]
}

fn check_then_relock() -> [Vec<Op>; 2] {
    use Op::*;
    let withdraw = vec![
        Lock("acc"),
        Read,
        Unlock("acc"),
        StopIfBelow(10),
        Lock("acc"),
        Pay(10),
        Unlock("acc"),
    ];
    [withdraw.clone(), withdraw]
}

fn main() {
    println!("part 1: {}", run(&transfer(), 0, DEADLOCK).describe());
    println!(
        "part 2: {}",
        run(&check_then_relock(), 10, OVERDRAFT).describe()
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::dl_steps::Outcome;

    fn ran(outcome: &Outcome) {
        if let Some(e) = &outcome.invalid {
            panic!("{e}\nYour schedule so far:\n{}", outcome.describe());
        }
    }

    #[test]
    fn part1_the_transfer_deadlocks() {
        let out = run(&transfer(), 0, DEADLOCK);
        ran(&out);
        assert!(
            out.deadlocked(),
            "after your schedule somebody can still move, so this is no deadlock:\n{}\nA \
             deadlock is a state where every thread that has not finished waits for a lock the \
             other one holds",
            out.describe()
        );
    }

    #[test]
    fn part2_the_account_is_overdrawn() {
        let out = run(&check_then_relock(), 10, OVERDRAFT);
        ran(&out);
        assert!(
            out.balance < 0,
            "after your schedule the balance is {}, not negative:\n{}\nBoth withdrawals must \
             pass the check. What must B have seen, and when must it look?",
            out.balance,
            out.describe()
        );
    }
}
