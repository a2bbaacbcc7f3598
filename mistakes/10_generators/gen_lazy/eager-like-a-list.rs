// MISTAKE: predicts eager stages, like Python lists: map runs on all ten at once and each stage finishes first
// gen_lazy.rs — Lazy iterators: nothing runs until somebody asks (predict)
//
// A Python generator does no work when you create it: `g = (produce(n) for n in range(10))`
// runs `produce` zero times, and `itertools.islice(g, 3)` runs it three times. A list
// comprehension `[produce(n) for n in range(10)]` is eager: it runs all ten at once.
//
// Rust iterator adapters (`map`, `filter`, `take`, ...) are lazy in the same way: each one is a
// small state machine that pulls ONE item from the one before it only when its own `next()` is
// called. Values flow through the whole chain one at a time, not stage by stage. `collect()` is
// the eager step (the list comprehension). The compiler even warns about an adapter chain that
// is never consumed: "iterators are lazy and do nothing unless consumed".
//
// This is a predict exercise. The tests (below) build small pipelines over 1..=10 whose
// producer counts its calls. Replace each guess with what really happens, and say to yourself
// WHY before you run the tests again. Read the tests to see each pipeline. A failure says
// whether a guess is too high or too low, or where a predicted order goes wrong, and why,
// but not the answer: work it out by tracing the `next()` calls by hand.

// Pipeline 1: `(1..=10).map(produce)`, created but never consumed.
const CALLS_BEFORE_CONSUMING: usize = 10;

// Pipeline 2: `(1..=10).map(produce).take(3).collect::<Vec<_>>()`.
const CALLS_AFTER_TAKE_3: usize = 10;

// Pipeline 3: the first three ODD squares:
// `(1..=10).map(produce).map(|n| n * n).filter(|sq| sq % 2 == 1).take(3)`.
const CALLS_FOR_THREE_ODD_SQUARES: usize = 5;

// Pipeline 4: `(1..=10).map(produce).collect::<Vec<_>>().into_iter().take(3)`.
const CALLS_WITH_COLLECT_IN_THE_MIDDLE: usize = 10;

// Pipeline 5: the order of the events when two items flow through
// `(1..=10).map(produce).take(2).for_each(consume)`.
// "p1" means produce(1) ran, "c1" means consume(1) ran.
const EVENT_ORDER: [&str; 4] = ["p1", "p2", "c1", "c2"];

fn main() {
    let mut calls = 0;
    let firsts: Vec<u64> = (1..=10u64)
        .map(|n| {
            calls += 1;
            n * n
        })
        .take(3)
        .collect();
    println!("took {firsts:?}; the producer ran {calls} times");
    println!(
        "your predictions: {CALLS_BEFORE_CONSUMING}, {CALLS_AFTER_TAKE_3}, \
         {CALLS_FOR_THREE_ODD_SQUARES}, {CALLS_WITH_COLLECT_IN_THE_MIDDLE}, {EVENT_ORDER:?}"
    );
}

