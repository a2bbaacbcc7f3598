// MISTAKE: select! on the first to finish, then awaits the other, so an error from the slower one comes late
// tokio_join.rs — Waiting for two things at once: `join!` and `try_join!`
//
// Python ships its event loop (asyncio) with the language; Rust's `async`/`.await` only build
// futures, and a runtime such as tokio runs them: `#[tokio::main]` starts one for `main`, and
// `#[tokio::test]` one per test. Everything in this folder runs on tokio.
//
// An `async fn` returns a future: a paused computation (a state machine like the ones in
// 10_generators) that runs only while somebody polls it. `a.await; b.await;` polls `a` until it
// is finished and only THEN starts `b`: the waits add up, exactly like two sequential
// `await`s in Python's asyncio. To wait for both at the same time, poll them together:
// `tokio::join!(a, b)` (Python: `asyncio.gather(a, b)`) drives both futures inside the current
// task: no thread, no spawn. For fallible futures, `tokio::try_join!` also stops as soon as
// one of them fails, instead of waiting for the others to finish first.
//
// `load_dashboard` needs a user (300 ms) and their orders (500 ms), which do not depend on
// each other, but it fetches them one after the other: 800 ms. Make it take as long as the
// slowest fetch (500 ms), and return an error as soon as either fetch fails.
//
// The tests run on tokio's paused clock (`start_paused = true`): time advances only when every
// task is waiting on a timer, by exactly as much as needed, so the durations are exact and the
// tests finish instantly.

use tokio::time::{Duration, sleep};

#[derive(Debug, PartialEq)]
struct Dashboard {
    user: String,
    orders: Vec<u32>,
}

/// A slow user service: 300 ms; user 0 does not exist (the error comes back after 100 ms).
async fn fetch_user(id: u32) -> Result<String, String> {
    if id == 0 {
        sleep(Duration::from_millis(100)).await;
        return Err("no user 0".to_string());
    }
    sleep(Duration::from_millis(300)).await;
    Ok(format!("user{id}"))
}

/// A slower order service: 500 ms; its database is down for user 13 (error after 200 ms).
async fn fetch_orders(id: u32) -> Result<Vec<u32>, String> {
    if id == 13 {
        sleep(Duration::from_millis(200)).await;
        return Err("orders database down".to_string());
    }
    sleep(Duration::from_millis(500)).await;
    Ok(vec![id * 100, id * 100 + 1])
}

async fn load_dashboard(id: u32) -> Result<Dashboard, String> {
    // Whichever fails first wins; otherwise wait for both.
    let user = fetch_user(id);
    let orders = fetch_orders(id);
    tokio::pin!(user, orders);
    let (user, orders) = tokio::select! {
        u = &mut user => (u?, (&mut orders).await?),
        o = &mut orders => ((&mut user).await?, o?),
    };
    Ok(Dashboard { user, orders })
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    for id in [7, 0, 13] {
        let start = tokio::time::Instant::now();
        let result = load_dashboard(id).await;
        println!(
            "{result:?} after {:?} (on the paused clock)",
            start.elapsed()
        );
    }
}

