// pitfall_sleep.rs — One blocking sleep stalls every task
//
// An async runtime runs many tasks on a few threads and switches between them only at `.await`
// points. `std::thread::sleep` is not an await point: it puts the whole THREAD to sleep, and every
// other task on that thread sleeps with it. The Python notes tell the same story about gevent:
// `time.sleep` inside a greenlet blocks every greenlet, so gevent has its own `gevent.sleep`, and
// `monkey.patch_all()` quietly swaps the blocking calls of the standard library for cooperative
// ones. Rust patches nothing behind your back: a blocking call inside an `async fn` compiles
// without a word, and it is up to you to call the cooperative version, `tokio::time::sleep`, and
// `.await` it (that hands the thread back to the runtime until the time is up).
//
// `fetch` pretends to wait for a slow server. Three fetches started together should all wait at
// the same time, and the heartbeat task should keep ticking while they wait. Make the tests pass;
// `fetch` must still wait `delay` between its "start" and "end" entries.

use std::time::Duration;

/// Pretends to fetch record `id` from a server that answers after `delay`.
pub async fn fetch(id: u32, delay: Duration, log: Log) -> u32 {
    log.push(format!("start {id}"));
    tokio::time::sleep(delay).await; // gives the thread back to the runtime while we wait
    log.push(format!("end {id}"));
    id * 10
}

// ---- Don't edit below this line. ----

use std::sync::{Arc, Mutex};

/// A list of events shared by the tasks, in the order they happened.
#[derive(Clone, Default)]
pub struct Log(Arc<Mutex<Vec<String>>>);

impl Log {
    pub fn push(&self, event: String) {
        self.0.lock().unwrap().push(event);
    }
    pub fn events(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
}

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let log = Log::default();
    let results = rt.block_on(async {
        let handles: Vec<_> = (0..3)
            .map(|id| tokio::spawn(fetch(id, Duration::from_millis(20), log.clone())))
            .collect();
        let mut results = Vec::new();
        for h in handles {
            results.push(h.await.unwrap());
        }
        results
    });
    println!("results {results:?}, events {:?}", log.events());
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn three_fetches_wait_at_the_same_time() {
        let log = Log::default();
        let began = Instant::now();
        let handles: Vec<_> = [30u64, 20, 10]
            .into_iter()
            .enumerate()
            .map(|(id, ms)| tokio::spawn(fetch(id as u32, Duration::from_millis(ms), log.clone())))
            .collect();
        let mut results = Vec::new();
        for h in handles {
            results.push(h.await.unwrap());
        }
        assert_eq!(results, vec![0, 10, 20], "wrong results");
        let events = log.events();
        assert_eq!(
            events,
            ["start 0", "start 1", "start 2", "end 2", "end 1", "end 0"],
            "all three fetches should start before any ends, and the shortest wait (10 ms, fetch 2) \
             should end first; this order shows the fetches ran one after another"
        );
        assert_eq!(
            began.elapsed(),
            Duration::from_millis(30),
            "on the runtime's clock, three overlapping waits of 30, 20 and 10 ms take 30 ms; \
             a wait that does not go through the runtime's timer does not move its clock"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn heartbeat_keeps_ticking_during_a_fetch() {
        let log = Log::default();
        let beat_log = log.clone();
        let heartbeat = tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_millis(10));
            loop {
                every.tick().await;
                beat_log.push("tick".to_string());
            }
        });
        tokio::task::yield_now().await; // let the heartbeat start
        let began = Instant::now();
        fetch(7, Duration::from_millis(100), log.clone()).await;
        let waited = began.elapsed();
        heartbeat.abort();
        let events = log.events();
        let start = events.iter().position(|e| e == "start 7").unwrap();
        let end = events.iter().position(|e| e == "end 7").unwrap();
        let ticks = events[start..end].iter().filter(|e| *e == "tick").count();
        assert!(
            waited >= Duration::from_millis(100),
            "fetch(7) should wait 100 ms, but the runtime's clock moved only {waited:?} while it \
             waited: the wait did not go through the runtime's timer (a sleep on the real clock, \
             on this thread or on another one, is invisible to the runtime)"
        );
        assert!(
            ticks >= 9,
            "the heartbeat ticks every 10 ms, so it should tick about 10 times while fetch waits \
             100 ms; it ticked {ticks} times: while fetch waited, the heartbeat task never got \
             the thread"
        );
    }
}
