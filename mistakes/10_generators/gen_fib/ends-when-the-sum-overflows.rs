// MISTAKE: ends when a + b overflows, though b itself still fits and should be yielded
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
    a: u64,
    b: u64,
    done: bool,
}

impl Fib {
    fn new() -> Self {
        Fib::starting_with(0, 1)
    }

    /// The same recurrence from other first numbers: `starting_with(2, 1)` gives 2, 1, 3, 4, 7...
    fn starting_with(a: u64, b: u64) -> Self {
        Fib { a, b, done: false }
    }
}

impl Iterator for Fib {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        if self.done {
            return None;
        }
        let value = self.a;
        // Stop as soon as the next sum would overflow.
        match self.a.checked_add(self.b) {
            Some(after) => (self.a, self.b) = (self.b, after),
            None => self.done = true,
        }
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

