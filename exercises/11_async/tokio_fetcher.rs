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
use tokio::time::{Duration, Instant};

const MAX_IN_FLIGHT: usize = 3;
const MIN_GAP: Duration = Duration::from_millis(100);

async fn fetch_all(requests: Vec<Request>, server: Server) -> Vec<String> {
    let mut handles = Vec::new();
    for request in requests {
        let server = server.clone();
        handles.push(tokio::spawn(async move { fetch(&request, &server).await }));
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

// ---- Don't edit below this line. ----

use std::sync::Mutex;

#[derive(Clone, Debug)]
struct Request {
    url: String,
    /// How long the server takes to answer.
    cost_ms: u64,
}

impl Request {
    fn new(url: &str, cost_ms: u64) -> Self {
        Request {
            url: url.to_string(),
            cost_ms,
        }
    }
}

/// What the server saw: when each request started, and how many were in flight.
#[derive(Default)]
struct Seen {
    starts: Vec<(String, Duration)>,
    in_flight: usize,
    max_in_flight: usize,
}

#[derive(Clone)]
struct Server {
    epoch: Instant,
    seen: Arc<Mutex<Seen>>,
}

impl Server {
    fn new() -> Self {
        Server {
            epoch: Instant::now(),
            seen: Arc::default(),
        }
    }

    fn report(&self) -> String {
        let seen = self.seen.lock().unwrap();
        let starts: Vec<String> = seen
            .starts
            .iter()
            .map(|(url, at)| format!("{url}@{}ms", at.as_millis()))
            .collect();
        format!(
            "starts: {}; at most {} in flight",
            starts.join(" "),
            seen.max_in_flight
        )
    }
}

/// Asks the server for one page.
async fn fetch(request: &Request, server: &Server) -> String {
    {
        let mut seen = server.seen.lock().unwrap();
        seen.starts
            .push((request.url.clone(), server.epoch.elapsed()));
        seen.in_flight += 1;
        seen.max_in_flight = seen.max_in_flight.max(seen.in_flight);
    }
    tokio::time::sleep(Duration::from_millis(request.cost_ms)).await;
    server.seen.lock().unwrap().in_flight -= 1;
    format!("<{}>", request.url)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three slow pages, then seven quick ones.
    fn requests() -> Vec<Request> {
        let mut requests: Vec<Request> = (1..=3)
            .map(|i| Request::new(&format!("slow{i}"), 500))
            .collect();
        requests.extend((1..=7).map(|i| Request::new(&format!("quick{i}"), 150)));
        requests
    }

    #[tokio::test(start_paused = true)]
    async fn pages_come_back_in_order() {
        let pages = fetch_all(requests(), Server::new()).await;
        let expected: Vec<String> = requests().iter().map(|r| format!("<{}>", r.url)).collect();
        assert_eq!(pages, expected, "every page, in the order asked");
    }

    #[tokio::test(start_paused = true)]
    async fn at_most_three_in_flight() {
        let server = Server::new();
        fetch_all(requests(), server.clone()).await;
        let max = server.seen.lock().unwrap().max_in_flight;
        assert!(
            max <= MAX_IN_FLIGHT,
            "{max} requests were in flight at once, the limit is {MAX_IN_FLIGHT} ({}); is \
             each permit held until its request has finished?",
            server.report()
        );
        assert_eq!(
            max,
            MAX_IN_FLIGHT,
            "never more than {max} in flight: use all {MAX_IN_FLIGHT} slots ({})",
            server.report()
        );
    }

    #[tokio::test(start_paused = true)]
    async fn starts_are_at_least_100ms_apart() {
        let server = Server::new();
        fetch_all(requests(), server.clone()).await;
        let seen = server.seen.lock().unwrap();
        assert_eq!(
            seen.starts.len(),
            10,
            "every request should reach the server once"
        );
        for pair in seen.starts.windows(2) {
            let gap = pair[1].1 - pair[0].1;
            assert!(
                gap >= MIN_GAP,
                "{} started only {gap:?} after {}; the minimum gap is {MIN_GAP:?}",
                pair[1].0,
                pair[0].0
            );
        }
    }

    #[tokio::test(start_paused = true)]
    async fn as_fast_as_the_rules_allow() {
        let server = Server::new();
        let start = Instant::now();
        fetch_all(requests(), server.clone()).await;
        let elapsed = start.elapsed();
        // slow1..3 start at 0, 100, 200 and hold every slot until 500; the quick ones then
        // start every 100 ms from 500 (a slot frees up in time for each): the last one starts
        // at 1100 and ends at 1250.
        assert_eq!(
            elapsed,
            Duration::from_millis(1250),
            "took {elapsed:?} ({}); start each request as soon as a slot is free and the gap \
             has passed",
            server.report()
        );
    }
}
