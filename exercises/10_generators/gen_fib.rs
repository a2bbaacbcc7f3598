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
// Make it resume: keep `a` and `b` in `self`. The sequence must also END cleanly (return
// `None`, and keep returning `None`) once the next number no longer fits in a `u64`,
// instead of panicking on overflow. Hint: `u64::checked_add`.

struct Fib {
    // TODO: a generator's paused frame lives in its fields.
}

impl Fib {
    fn new() -> Self {
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
}
