// MISTAKE: keeps the count in the future but the sum in a local of poll, so it is lost at every pause
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
    remaining: u32,
}

impl<'a> SumTicks<'a> {
    fn new(ticks: &'a Ticks, n: u32) -> Self {
        SumTicks {
            ticks,
            remaining: n,
        }
    }
}

impl Future for SumTicks<'_> {
    type Output = u64;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u64> {
        let mut sum = 0;
        while self.remaining > 0 {
            match self.ticks.poll_tick(cx) {
                Poll::Ready(tick) => {
                    sum += tick;
                    self.remaining -= 1;
                }
                // Pause: the state stays in `self`; the waker will bring us back here.
                Poll::Pending => return Poll::Pending,
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

