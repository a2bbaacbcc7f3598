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
const CALLS_BEFORE_CONSUMING: usize = 0; // nobody called next(): no work at all

// Pipeline 2: `(1..=10).map(produce).take(3).collect::<Vec<_>>()`.
const CALLS_AFTER_TAKE_3: usize = 3; // take stops pulling after its third item

// Pipeline 3: the first three ODD squares:
// `(1..=10).map(produce).map(|n| n * n).filter(|sq| sq % 2 == 1).take(3)`.
const CALLS_FOR_THREE_ODD_SQUARES: usize = 5; // 1, (4), 9, (16), 25: filter pulls 5

// Pipeline 4: `(1..=10).map(produce).collect::<Vec<_>>().into_iter().take(3)`.
const CALLS_WITH_COLLECT_IN_THE_MIDDLE: usize = 10; // collect() drains all ten first

// Pipeline 5: the order of the events when two items flow through
// `(1..=10).map(produce).take(2).for_each(consume)`.
// "p1" means produce(1) ran, "c1" means consume(1) ran.
const EVENT_ORDER: [&str; 4] = ["p1", "c1", "p2", "c2"]; // one item at a time, end to end

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

// ---- Don't edit below this line. ----

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::verdict::{check_count, check_log};
    use std::cell::{Cell, RefCell};

    #[test]
    #[allow(unused_must_use)]
    fn pipeline_1_never_consumed() {
        let calls = Cell::new(0);
        let produce = |n: u64| {
            calls.set(calls.get() + 1);
            n
        };
        (1..=10u64).map(produce); // created, never consumed
        check_count(
            "CALLS_BEFORE_CONSUMING",
            CALLS_BEFORE_CONSUMING,
            calls.get(),
            "an adapter nobody pulls from never runs",
        );
    }

    #[test]
    fn pipeline_2_take_3() {
        let calls = Cell::new(0);
        let produce = |n: u64| {
            calls.set(calls.get() + 1);
            n
        };
        let got: Vec<u64> = (1..=10u64).map(produce).take(3).collect();
        assert_eq!(got, [1, 2, 3]);
        check_count(
            "CALLS_AFTER_TAKE_3",
            CALLS_AFTER_TAKE_3,
            calls.get(),
            "take(3) pulls only as many items as it hands out",
        );
    }

    #[test]
    fn pipeline_3_three_odd_squares() {
        let calls = Cell::new(0);
        let produce = |n: u64| {
            calls.set(calls.get() + 1);
            n
        };
        let got: Vec<u64> = (1..=10u64)
            .map(produce)
            .map(|n| n * n)
            .filter(|sq| sq % 2 == 1)
            .take(3)
            .collect();
        assert_eq!(got, [1, 9, 25]);
        check_count(
            "CALLS_FOR_THREE_ODD_SQUARES",
            CALLS_FOR_THREE_ODD_SQUARES,
            calls.get(),
            "filter keeps pulling until an item passes",
        );
    }

    #[test]
    fn pipeline_4_collect_in_the_middle() {
        let calls = Cell::new(0);
        let produce = |n: u64| {
            calls.set(calls.get() + 1);
            n
        };
        let got: Vec<u64> = (1..=10u64)
            .map(produce)
            .collect::<Vec<_>>()
            .into_iter()
            .take(3)
            .collect();
        assert_eq!(got, [1, 2, 3]);
        check_count(
            "CALLS_WITH_COLLECT_IN_THE_MIDDLE",
            CALLS_WITH_COLLECT_IN_THE_MIDDLE,
            calls.get(),
            "collect() is the eager step",
        );
    }

    #[test]
    fn pipeline_5_event_order() {
        let events = RefCell::new(Vec::new());
        (1..=10u64)
            .inspect(|n| events.borrow_mut().push(format!("p{n}")))
            .take(2)
            .for_each(|n| events.borrow_mut().push(format!("c{n}")));
        check_log(
            "EVENT_ORDER",
            &EVENT_ORDER,
            &events.into_inner(),
            "does each item go through the whole chain before the next one is produced, or \
             does each stage finish first?",
        );
    }
}
