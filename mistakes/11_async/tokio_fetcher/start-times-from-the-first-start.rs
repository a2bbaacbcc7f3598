// MISTAKE: schedules request i at i x 100 ms from the first start instead of 100 ms after the previous start
// tokio_fetcher.rs — Capstone: a polite, rate-limited fetcher
//
// A crawler must not flood a server: here, at most 3 requests in flight at once, and at least
// 100 ms between the STARTS of two requests. It should still be as fast as those rules allow:
// keep 3 requests going whenever the gap permits, and return the pages in the order asked.
//
// What you need, all from earlier exercises or tokio's docs:
// - a counter of free slots that a task can wait on without blocking the thread (tokio has the
//   classic one for "at most N at once"). What it hands out is a guard, released when it is
//   DROPPED: Python's `async with sem:` releases at the end of the block, Rust at the end of
//   the guard's scope, so the guard must travel with its request and be dropped only when
//   that request is done. Beware: `let _ = guard` drops it at once, `let _g = guard` does not;
// - a way to sleep until a point in time, not for a duration: remember when the last request
//   started;
// - spawned tasks for the requests, and their handles awaited in the order asked.
//
// `fetch_all` below starts every request at once. Make it obey both limits. Call `fetch` for
// each request (it records what the server sees); the tests run on tokio's paused clock.

use std::sync::Arc;
use tokio::sync::Semaphore;
use tokio::time::{Duration, Instant, sleep_until};

const MAX_IN_FLIGHT: usize = 3;
const MIN_GAP: Duration = Duration::from_millis(100);

async fn fetch_all(requests: Vec<Request>, server: Server) -> Vec<String> {
    let slots = Arc::new(Semaphore::new(MAX_IN_FLIGHT));
    let first = Instant::now();
    let mut handles = Vec::new();
    for (i, request) in requests.into_iter().enumerate() {
        let permit = Arc::clone(&slots).acquire_owned().await.unwrap();
        // Request i may start at i x 100 ms.
        sleep_until(first + MIN_GAP * i as u32).await;
        let server = server.clone();
        handles.push(tokio::spawn(async move {
            let page = fetch(&request, &server).await;
            drop(permit);
            page
        }));
    }
    let mut pages = Vec::new();
    for handle in handles {
        pages.push(handle.await.unwrap());
    }
    pages
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let server = Server::new();
    let requests: Vec<Request> = (1..=6)
        .map(|i| Request::new(&format!("page{i}"), 250))
        .collect();
    let pages = fetch_all(requests, server.clone()).await;
    println!("{pages:?}");
    println!("{}", server.report());
}

