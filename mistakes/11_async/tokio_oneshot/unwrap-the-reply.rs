// MISTAKE: unwraps the reply, so a rejected request panics instead of giving None
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

use tokio::sync::{mpsc, oneshot};
use tokio::time::{Duration, sleep};

struct Request {
    n: u64,
    reply_to: oneshot::Sender<u64>, // this request's own reply channel
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
            let _ = request.reply_to.send(request.n * request.n);
        });
    }
}

#[derive(Clone)]
struct Client {
    requests: mpsc::Sender<Request>,
}

impl Client {
    fn new(requests: mpsc::Sender<Request>) -> Self {
        Client { requests }
    }

    /// Asks the service for n * n; `None` if the service rejected the request.
    async fn square(&self, n: u64) -> Option<u64> {
        let (reply_to, reply) = oneshot::channel();
        self.requests.send(Request { n, reply_to }).await.ok()?;
        // Only this caller holds this receiver; Err if the service dropped the sender.
        Some(reply.await.unwrap())
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

