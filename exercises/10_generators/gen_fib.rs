// gen_fib.rs — A generator is a state machine you can resume
//
// In Python a generator remembers where it stopped:
//
//     def fib():
//         a, b = 0, 1
//         while True:
//             yield a
//             a, b = b, a + b
//
// Every `next(g)` resumes the function right after its `yield`, with `a` and `b` as they were.
// Python keeps the paused frame for you. Stable Rust has no `yield`: you write the state
// machine yourself. The struct's fields ARE the paused frame, and `Iterator::next` is
// "resume until the next yield". Returning `None` is Python's `StopIteration`.
//
// `Fib::next` below forgets everything between calls: it starts from scratch each time.
// Make it resume: keep `a` and `b` in `self`, so that each call does one step of work, not
// all the steps since the start. The sequence must also END cleanly (return `None`, and keep
// returning `None`) once the next number no longer fits in a `u64`, instead of panicking on
// overflow; `u64::checked_add` tells you when that happens. `starting_with(a, b)` runs the
// same recurrence from other first numbers (the tests use it too).

struct Fib {
    // TODO: a generator's paused frame lives in its fields.
}

impl Fib {
    fn new() -> Self {
        Fib::starting_with(0, 1)
    }

    /// The same recurrence from other first numbers: `starting_with(2, 1)` gives 2, 1, 3, 4, 7...
    fn starting_with(a: u64, b: u64) -> Self {
        let _ = (a, b);
        Fib {}
    }
}

impl Iterator for Fib {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        // Like calling a plain function again: it starts over every time.
        let (a, b) = (0u64, 1u64);
        let value = a;
        let _after = (b, a + b);
        Some(value)
    }
}

fn main() {
    let first: Vec<u64> = Fib::new().take(12).collect();
    println!("the first 12 Fibonacci numbers: {first:?}");
    println!(
        "Fibonacci numbers that fit in a u64: {}",
        Fib::new().take(1000).count()
    );
}

// ---- Don't edit below this line. ----

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::cputime::CpuBudget;
    use std::time::Duration;

    #[test]
    fn first_ten() {
        let got: Vec<u64> = Fib::new().take(10).collect();
        assert_eq!(
            got,
            [0, 1, 1, 2, 3, 5, 8, 13, 21, 34],
            "each call to next() must resume where the last one stopped"
        );
    }

    #[test]
    fn two_generators_are_independent() {
        let mut g1 = Fib::new();
        let mut g2 = Fib::new();
        g1.nth(5);
        assert_eq!(g1.next(), Some(8), "g1 should resume at F(6) = 8");
        assert_eq!(g2.next(), Some(0), "a fresh generator starts at F(0) = 0");
    }

    #[test]
    fn ends_when_u64_overflows() {
        let all: Vec<u64> = Fib::new().take(1000).collect();
        assert_eq!(
            all.len(),
            94,
            "F(0)..=F(93) fit in a u64: expected 94 numbers, then None"
        );
        assert_eq!(all[93], 12_200_160_415_121_876_738, "the last one is F(93)");
        for w in all.windows(3).skip(1) {
            assert_eq!(w[0] + w[1], w[2], "not the Fibonacci sequence: {w:?}");
        }
    }

    #[test]
    fn stays_finished() {
        let mut g = Fib::new();
        for _ in 0..94 {
            assert!(g.next().is_some(), "ended too early");
        }
        for _ in 0..3 {
            assert_eq!(
                g.next(),
                None,
                "once finished, next() must keep returning None"
            );
        }
    }
    /// What the sequence from `a, b` should be, worked out here with u128 arithmetic.
    fn expected(mut a: u128, mut b: u128, at_most: usize) -> Vec<u64> {
        let mut out = Vec::new();
        while a <= u64::MAX as u128 && out.len() < at_most {
            out.push(a as u64);
            (a, b) = (b, a + b);
        }
        out
    }

    #[test]
    fn other_first_numbers_end_elsewhere() {
        for (a, b) in [(2, 1), (u64::MAX - 5, 3), (7, 0), (1_000_000_007, 3)] {
            let got: Vec<u64> = Fib::starting_with(a, b).take(1000).collect();
            let want = expected(a.into(), b.into(), 1000);
            assert_eq!(
                got.len(),
                want.len(),
                "starting with {a}, {b}: the sequence must end exactly when the next number no \
                 longer fits in a u64 (here after {} numbers), not after a fixed count",
                want.len()
            );
            assert_eq!(got, want, "starting with {a}, {b}");
        }
    }

    #[test]
    fn each_next_resumes_instead_of_starting_over() {
        // 0, 0, 0, ... never overflows, so this generator never ends: a good place to see
        // whether next() does one step of work or redoes every step since the start.
        let budget = CpuBudget::new(Duration::from_millis(500));
        let mut g = Fib::starting_with(0, 0);
        for i in 0..300_000u32 {
            assert_eq!(g.next(), Some(0), "starting with 0, 0 gives 0 forever");
            if i % 1024 == 0 && budget.spent() {
                panic!(
                    "{i} calls of next() took {:?} of CPU time and each call costs more than \
                     the one before: next() recomputes from the start instead of resuming \
                     from the state kept in the struct",
                    budget.used()
                );
            }
        }
    }
}
