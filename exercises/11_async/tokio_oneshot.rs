// tokio_oneshot.rs — oneshot: a private reply channel for each request
//
// A service task owns its work and answers requests that arrive over an mpsc channel. How do
// answers find their way back to the right caller? If all callers share one reply channel, a
// caller takes whichever answer comes first, which is somebody else's as soon as answers
// finish out of order.
//
// tokio has a channel for exactly ONE value, made for this: the async cousin of the seeds'
// `pool.apply_async(...)`, which hands you a result object for that one job (Python's asyncio
// calls it a Future). If the side that should answer drops its end without answering, the
// waiting side learns it at once instead of waiting forever.
//
// Give every request its own way back, so that every caller gets its own answer while many
// requests are in flight at once, and a request that the service rejects (it drops those)
// gives `None` at once instead of hanging or timing out.

use std::sync::Arc;
use tokio::sync::{Mutex, mpsc};
use tokio::time::{Duration, sleep};

struct Request {
    n: u64,
    reply_to: mpsc::Sender<u64>,
}

/// Answers each request in its own task: n * n, after (10 - n) * 10 ms, so bigger numbers are
/// answered sooner. Requests for 0 or for numbers above 9 are rejected without an answer.
async fn service(mut requests: mpsc::Receiver<Request>) {
    while let Some(request) = requests.recv().await {
        if request.n == 0 || request.n > 9 {
            continue; // rejected: dropping the request drops its reply sender
        }
        tokio::spawn(async move {
            sleep(Duration::from_millis((10 - request.n) * 10)).await;
            let _ = request.reply_to.send(request.n * request.n).await;
        });
    }
}

#[derive(Clone)]
struct Client {
    requests: mpsc::Sender<Request>,
    reply_to: mpsc::Sender<u64>,
    replies: Arc<Mutex<mpsc::Receiver<u64>>>,
}

impl Client {
    fn new(requests: mpsc::Sender<Request>) -> Self {
        let (reply_to, replies) = mpsc::channel(16);
        Client {
            requests,
            reply_to,
            replies: Arc::new(Mutex::new(replies)),
        }
    }

    /// Asks the service for n * n; `None` if the service rejected the request.
    async fn square(&self, n: u64) -> Option<u64> {
        let request = Request {
            n,
            reply_to: self.reply_to.clone(),
        };
        self.requests.send(request).await.ok()?;
        self.replies.lock().await.recv().await
    }
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let (tx, rx) = mpsc::channel(16);
    tokio::spawn(service(rx));
    let client = Client::new(tx);
    let (a, b) = tokio::join!(client.square(2), client.square(7));
    println!("2 * 2 = {a:?}, 7 * 7 = {b:?}");
}

// ---- Don't edit below this line. ----

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::{Instant, timeout};

    fn start_service() -> Client {
        let (tx, rx) = mpsc::channel(16);
        tokio::spawn(service(rx));
        Client::new(tx)
    }

    #[tokio::test(start_paused = true)]
    async fn one_caller_gets_its_answer() {
        let client = start_service();
        assert_eq!(client.square(3).await, Some(9));
    }

    #[tokio::test(start_paused = true)]
    async fn every_caller_gets_its_own_answer() {
        let client = start_service();
        let start = Instant::now();
        let mut callers = Vec::new();
        for n in [3, 8, 1, 6, 2, 7, 5, 4] {
            let client = client.clone();
            callers.push(tokio::spawn(async move {
                // One minute on the paused clock: instant, unless the caller waits forever.
                (n, timeout(Duration::from_secs(60), client.square(n)).await)
            }));
        }
        for caller in callers {
            let (n, answer) = caller.await.unwrap();
            assert_eq!(
                answer,
                Ok(Some(n * n)),
                "the caller that asked for {n} * {n} got {answer:?}: somebody else's answer \
                 (Err(Elapsed) means it waited forever: its answer went to somebody else)"
            );
        }
        assert_eq!(
            start.elapsed(),
            Duration::from_millis(90),
            "eight requests at once should take as long as the slowest (1: 90 ms), not one \
             after the other"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_rejected_request_gives_none() {
        let client = start_service();
        for n in [0, 12] {
            let start = Instant::now();
            let answer = timeout(Duration::from_secs(60), client.square(n)).await;
            assert_eq!(
                (answer, start.elapsed()),
                (Ok(None), Duration::ZERO),
                "the service rejected {n} without an answer; the caller should get None at \
                 once: not wait forever (Err(Elapsed)), and not wait for a timeout of its own"
            );
        }
        assert_eq!(
            client.square(4).await,
            Some(16),
            "the service keeps working"
        );
    }
}
