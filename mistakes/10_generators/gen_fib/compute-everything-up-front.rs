// MISTAKE: computes the whole sequence into a Vec up front instead of one number per call: a sequence that never ends never gets started
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
    numbers: std::vec::IntoIter<u64>,
}

impl Fib {
    fn new() -> Self {
        Fib::starting_with(0, 1)
    }

    /// The same recurrence from other first numbers: `starting_with(2, 1)` gives 2, 1, 3, 4, 7...
    fn starting_with(a: u64, b: u64) -> Self {
        // Work out the whole sequence up front, like a Python list, then hand it out.
        let mut numbers = Vec::new();
        let (mut a, mut b) = (Some(a), Some(b));
        while let Some(x) = a {
            numbers.push(x);
            let after = b.and_then(|y| x.checked_add(y));
            (a, b) = (b, after);
        }
        Fib {
            numbers: numbers.into_iter(),
        }
    }
}

impl Iterator for Fib {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        self.numbers.next()
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

