// gen_stackless.rs — A paused future is a value, not a stack
//
// Python's gevent runs every greenlet on a stack of its own: switching away saves the whole
// stack, however deep the calls went, and switching back restores it. Threads work the same way
// (Rust gives a spawned thread 2 MiB of stack). Rust's futures are STACKLESS: the compiler turns
// an `async fn` into a state machine, a struct holding exactly the variables that are alive at
// the `.await` where it paused. `Future::poll` runs it until the next `.await` that is not
// ready and answers `Poll::Pending` ("not yet; I will be woken") or `Poll::Ready(value)`. So a
// paused future is only that struct: you can measure it with `size_of`, move it, or keep a
// million of them, and nothing runs unless somebody polls it.
//
// It is gen_fib's generator again, now driven by wake-ups. Write by hand the future that the
// compiler makes of
//
//     async fn sum_ticks(ticks: &Ticks, n: u32) -> u64 {
//         let mut sum = 0;
//         for _ in 0..n {
//             sum += ticks.next().await;
//         }
//         sum
//     }
//
// `Ticks::poll_tick(cx)` (below the marker) is the `.await` inside: it returns `Ready(tick)`
// when a tick has arrived, and otherwise keeps `cx`'s waker (to wake this future when the next
// tick comes) and returns `Pending`. `SumTicks::poll` below never pauses: it waits inside
// `poll` until every tick has come, and the thread can do nothing else meanwhile. Make it a
// real future that pauses and resumes where it left off. Make the tests pass.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

struct SumTicks<'a> {
    ticks: &'a Ticks,
    n: u32,
}

impl<'a> SumTicks<'a> {
    fn new(ticks: &'a Ticks, n: u32) -> Self {
        SumTicks { ticks, n }
    }
}

impl Future for SumTicks<'_> {
    type Output = u64;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u64> {
        // Waits right here until all the ticks have come.
        let mut sum = 0;
        for _ in 0..self.n {
            loop {
                if let Poll::Ready(tick) = self.ticks.poll_tick(cx) {
                    sum += tick;
                    break;
                }
            }
        }
        Poll::Ready(sum)
    }
}

fn main() {
    let ticks = Ticks::default();
    let mut future = SumTicks::new(&ticks, 3);
    let waker = std::task::Waker::noop();
    let mut cx = Context::from_waker(waker);
    for tick in [10, 20, 30] {
        ticks.push(tick);
        let answer = Pin::new(&mut future).poll(&mut cx);
        println!("tick {tick} arrived, poll -> {answer:?}");
    }
    println!(
        "the paused future is {} bytes; a spawned thread's stack is 2 MiB",
        std::mem::size_of::<SumTicks>()
    );
}

// ---- Don't edit below this line. ----

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::task::Waker;

/// A source of ticks that the test (or `main`) pushes in by hand.
#[derive(Default)]
struct Ticks {
    queue: RefCell<VecDeque<u64>>,
    waker: RefCell<Option<Waker>>,
    pendings: Cell<u32>, // Pending answers since the last poll of the future began
}

impl Ticks {
    /// The `.await` of `ticks.next()`: a tick if there is one, else `Pending` (keeping the waker).
    fn poll_tick(&self, cx: &mut Context<'_>) -> Poll<u64> {
        if let Some(tick) = self.queue.borrow_mut().pop_front() {
            return Poll::Ready(tick);
        }
        self.pendings.set(self.pendings.get() + 1);
        assert!(
            self.pendings.get() < 3,
            "poll_tick answered Pending and was asked again within the same poll: the future \
             waits inside poll (spinning) instead of returning Pending and waiting to be woken"
        );
        *self.waker.borrow_mut() = Some(cx.waker().clone());
        Poll::Pending
    }

    fn push(&self, tick: u64) {
        self.queue.borrow_mut().push_back(tick);
        if let Some(waker) = self.waker.borrow_mut().take() {
            waker.wake();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::task::Wake;

    #[derive(Default)]
    struct CountWakes(AtomicUsize);
    impl Wake for CountWakes {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    /// Polls `future` once, as an executor would; checks that a Pending can be woken.
    fn poll_once(future: &mut SumTicks, ticks: &Ticks, wakes: &Arc<CountWakes>) -> Poll<u64> {
        ticks.pendings.set(0);
        ticks.waker.borrow_mut().take();
        let waker = Waker::from(Arc::clone(wakes));
        let answer = Pin::new(future).poll(&mut Context::from_waker(&waker));
        if answer.is_pending() {
            assert!(
                ticks.waker.borrow().is_some(),
                "poll returned Pending, but nothing will ever wake this future: return Pending \
                 only when what you polled returned Pending (it keeps the waker)"
            );
        }
        answer
    }

    #[test]
    fn pauses_and_resumes_where_it_left_off() {
        let (ticks, wakes) = (Ticks::default(), Arc::new(CountWakes::default()));
        let mut future = SumTicks::new(&ticks, 3);
        assert_eq!(
            poll_once(&mut future, &ticks, &wakes),
            Poll::Pending,
            "no tick yet"
        );
        for (tick, woken) in [(5, 1), (7, 2)] {
            ticks.push(tick);
            assert_eq!(
                wakes.0.load(Ordering::SeqCst),
                woken,
                "a tick wakes the future"
            );
            assert_eq!(
                poll_once(&mut future, &ticks, &wakes),
                Poll::Pending,
                "after tick {tick}: still waiting for the third tick"
            );
        }
        ticks.push(100);
        assert_eq!(
            poll_once(&mut future, &ticks, &wakes),
            Poll::Ready(112),
            "5 + 7 + 100: the sum and the count must survive between polls, in the future"
        );
    }

    #[test]
    fn ticks_already_there_are_taken_in_one_poll() {
        let (ticks, wakes) = (Ticks::default(), Arc::new(CountWakes::default()));
        for tick in [1, 2, 3, 4] {
            ticks.push(tick);
        }
        let mut future = SumTicks::new(&ticks, 3);
        assert_eq!(poll_once(&mut future, &ticks, &wakes), Poll::Ready(6));
        assert_eq!(
            ticks.queue.borrow().len(),
            1,
            "take exactly n ticks, no more"
        );
    }

    #[test]
    fn two_futures_keep_their_own_state() {
        let (a, b) = (Ticks::default(), Ticks::default());
        let wakes = Arc::new(CountWakes::default());
        let (mut fa, mut fb) = (SumTicks::new(&a, 2), SumTicks::new(&b, 2));
        for (ta, tb) in [(1, 10), (2, 20)] {
            a.push(ta);
            b.push(tb);
            let (ra, rb) = (
                poll_once(&mut fa, &a, &wakes),
                poll_once(&mut fb, &b, &wakes),
            );
            if ta == 2 {
                assert_eq!(
                    (ra, rb),
                    (Poll::Ready(3), Poll::Ready(30)),
                    "each its own sum"
                );
            }
        }
    }

    #[test]
    fn a_paused_future_is_a_small_value() {
        let size = std::mem::size_of::<SumTicks>();
        assert!(
            size <= 64,
            "a SumTicks is {size} bytes: its paused state should be a reference, a count and \
             a sum, not a buffer"
        );
    }
}
