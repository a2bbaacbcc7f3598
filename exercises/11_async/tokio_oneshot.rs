// tokio_oneshot.rs — oneshot: a private reply channel for each request
//
// A service task owns its work and answers requests that arrive over an mpsc channel. How do
// answers find their way back to the right caller? If all callers share one reply channel, a
// caller takes whichever answer comes first, which is somebody else's as soon as answers
// finish out of order.
//
// `tokio::sync::oneshot::channel()` makes a channel for exactly ONE value: put its `Sender` in
// the request, keep the `Receiver`, and await it. It is the async cousin of the seeds'
// `pool.apply_async(...)`, which hands you a result object for that one job (Python's
// asyncio calls it a Future). If the service drops the `Sender` without answering, the
// `Receiver` gets an error at once instead of waiting forever.
//
// Make each request carry its own oneshot reply sender, so every caller gets its own answer,
// and a request that the service rejects (it drops those) gives `None` instead of hanging.

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
    use tokio::time::timeout;

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
        let mut callers = Vec::new();
        for n in 1..=8 {
            let client = client.clone();
            callers.push(tokio::spawn(async move { (n, client.square(n).await) }));
        }
        for caller in callers {
            let (n, answer) = caller.await.unwrap();
            assert_eq!(
                answer,
                Some(n * n),
                "the caller that asked for {n} * {n} got {answer:?}: somebody else's answer"
            );
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_rejected_request_gives_none() {
        let client = start_service();
        for n in [0, 12] {
            // One minute on the paused clock: instant, unless the caller waits forever.
            let answer = timeout(Duration::from_secs(60), client.square(n)).await;
            assert_eq!(
                answer,
                Ok(None),
                "the service rejected {n} without an answer; the caller should get None at \
                 once, not wait forever (Err(Elapsed) means it was still waiting)"
            );
        }
        assert_eq!(
            client.square(4).await,
            Some(16),
            "the service keeps working"
        );
    }
}
