// tokio_watch.rs — watch: wait for a STATE, not for a change
//
// `tokio::sync::watch` holds one value that a sender updates and any number of receivers can
// look at: the latest value only (there is no queue: a receiver that looks late sees the
// newest value and never the ones in between). It is the async cousin of the seeds' `Event`
// (`set` / `wait` / `is_set`), except that it carries a value, here the phase a service is in.
//
// `changed().await` waits for the NEXT change after the value this receiver last saw. That is
// the wrong question when you want a state: if the service is already running, no change may
// ever come (a hang, like a lost wakeup); and the next change may be to some other phase.
// Python's `Event.wait()` returns at once when the flag is already set, and a `Condition` waiter
// re-checks its predicate in a `while` loop; do the same here.
//
// Make `wait_until_running` return as soon as the phase is `Running` (at once if it already
// is), and `None` if the sender goes away before that, sleeping in between: no peeking at the
// value every few milliseconds.

use tokio::sync::watch;
use tokio::time::{Duration, sleep};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Phase {
    Starting,
    Warming,
    Running,
}

/// Waits until the phase is `Running`; `None` if the service is gone before that.
async fn wait_until_running(rx: &mut watch::Receiver<Phase>) -> Option<Phase> {
    // wait_for checks the current value first, then re-checks after every change.
    let phase = rx.wait_for(|phase| *phase == Phase::Running).await.ok()?;
    Some(*phase)
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let (tx, mut rx) = watch::channel(Phase::Starting);
    tokio::spawn(async move {
        for phase in [Phase::Warming, Phase::Running] {
            sleep(Duration::from_millis(10)).await;
            tx.send(phase).unwrap();
        }
        std::future::pending::<()>().await; // keep the sender alive
    });
    println!("the service is {:?}", wait_until_running(&mut rx).await);
}

// ---- Don't edit below this line. ----

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::idle_count::run_paused;
    use tokio::time::{Instant, timeout};

    /// Waits (on the paused clock) at most one minute.
    async fn wait_a_minute(rx: &mut watch::Receiver<Phase>) -> Option<Option<Phase>> {
        timeout(Duration::from_secs(60), wait_until_running(rx))
            .await
            .ok()
    }

    #[tokio::test(start_paused = true)]
    async fn already_running_returns_at_once() {
        let (tx, _) = watch::channel(Phase::Running);
        let mut rx = tx.subscribe();
        let start = Instant::now();
        let got = wait_a_minute(&mut rx).await;
        assert_eq!(
            got,
            Some(Some(Phase::Running)),
            "the service was already Running, yet after a minute wait_until_running was still \
             waiting: changed() only wakes up on the NEXT change"
        );
        assert_eq!(start.elapsed(), Duration::ZERO, "it should not wait at all");
        drop(tx);
    }

    #[tokio::test(start_paused = true)]
    async fn waits_through_the_other_phases() {
        let (tx, mut rx) = watch::channel(Phase::Starting);
        let service = tokio::spawn(async move {
            sleep(Duration::from_millis(10)).await;
            tx.send(Phase::Warming).unwrap();
            sleep(Duration::from_millis(10)).await;
            tx.send(Phase::Running).unwrap();
            sleep(Duration::from_secs(3600)).await; // stay up
        });
        let start = Instant::now();
        let got = wait_a_minute(&mut rx).await;
        assert_eq!(
            got,
            Some(Some(Phase::Running)),
            "returned at the wrong phase: Warming is a change, but not the one we wait for"
        );
        assert_eq!(
            start.elapsed(),
            Duration::from_millis(20),
            "Running came after 20 ms"
        );
        service.abort();
    }

    #[tokio::test(start_paused = true)]
    async fn every_waiter_is_released() {
        let (tx, rx) = watch::channel(Phase::Starting);
        let mut waiters = Vec::new();
        for _ in 0..5 {
            let mut rx = rx.clone();
            waiters.push(tokio::spawn(async move { wait_a_minute(&mut rx).await }));
        }
        sleep(Duration::from_millis(5)).await;
        tx.send(Phase::Warming).unwrap();
        tx.send(Phase::Running).unwrap();
        for waiter in waiters {
            assert_eq!(waiter.await.unwrap(), Some(Some(Phase::Running)));
        }
    }

    #[tokio::test(start_paused = true)]
    async fn gone_before_running_is_none() {
        let (tx, mut rx) = watch::channel(Phase::Starting);
        tokio::spawn(async move {
            sleep(Duration::from_millis(10)).await;
            tx.send(Phase::Warming).unwrap();
            sleep(Duration::from_millis(10)).await;
            drop(tx); // the service died while warming up
        });
        assert_eq!(
            wait_a_minute(&mut rx).await,
            Some(None),
            "the sender was dropped before Running: expected None, not a hang or a phase"
        );
    }

    #[test]
    fn waiting_sleeps_until_something_changes() {
        let (got, wake_ups) = run_paused(async {
            let (tx, mut rx) = watch::channel(Phase::Starting);
            tokio::spawn(async move {
                sleep(Duration::from_secs(10)).await;
                tx.send(Phase::Warming).unwrap();
                sleep(Duration::from_secs(10)).await;
                tx.send(Phase::Running).unwrap();
                sleep(Duration::from_secs(10)).await;
            });
            wait_a_minute(&mut rx).await
        });
        assert_eq!(got, Some(Some(Phase::Running)));
        assert!(
            wake_ups <= 10,
            "two changes in 20 s, yet the runtime woke up {wake_ups} times: the waiter keeps \
             looking at the value on a timer instead of sleeping until it changes"
        );
    }
}
