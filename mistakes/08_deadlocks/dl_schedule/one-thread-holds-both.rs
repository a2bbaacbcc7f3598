// MISTAKE: A takes both locks and B waits: B is blocked, but A can still go on, so nobody is deadlocked
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
pub const DEADLOCK: &[char] = &['A', 'A', 'B']; // B is stuck behind A

/// Part 2: a schedule that overdraws the account.
// Both look before either pays.
pub const OVERDRAFT: &[char] = &[
    'A', 'A', 'A', 'B', 'B', 'B', 'A', 'A', 'A', 'A', 'B', 'B', 'B', 'B',
];

