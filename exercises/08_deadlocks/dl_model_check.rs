// dl_model_check.rs — Detecting deadlocks by testing: let a model checker be the scheduler
//
// The shop below has two locks and no visible lock ordering problem: `sell` locks the stock
// and calls a helper; `audit` locks the log and calls a helper. Run `main` (real threads, a
// thousand rounds) and it finishes fine, almost every time. The bad interleaving needs a
// thread switch inside a window a few instructions wide, so ordinary tests "pass" and the
// deadlock waits for production. Python's threads hide it the same way.
//
// A model checker takes the scheduler's place. In the tests, `Mutex` below is shuttle's
// (`shuttle::sync::Mutex`, a drop-in for std's) and the test body runs inside
// `shuttle::check_random`: shuttle runs it hundreds of times and picks, at every lock, which
// thread goes next. It finds schedules that real runs almost never hit, reports
// "deadlock! blocked tasks: [...]" and prints the schedule so that it can be replayed. (Loom,
// used by tokio, explores every schedule of small tests instead of random ones.)
//
// Read the test's report, find the two locks taken in opposite orders, and fix the shop. An
// audit line must stay true: its sales plus what is left always equal what the shop started
// with. A fix that only makes the window smaller, or reads one number outside the lock, is
// caught by the same checker.

use sync::Mutex;

pub struct Shop {
    stock: Mutex<u32>,
    log: Mutex<Vec<String>>,
}

impl Shop {
    pub fn new(stock: u32) -> Shop {
        Shop {
            stock: Mutex::new(stock),
            log: Mutex::new(Vec::new()),
        }
    }

    /// Sells one item if there is one, and writes the sale to the log.
    pub fn sell(&self) -> bool {
        let mut stock = self.stock.lock().unwrap();
        if *stock == 0 {
            return false;
        }
        *stock -= 1;
        self.write_log("sold one");
        true
    }

    fn write_log(&self, line: &str) {
        self.log.lock().unwrap().push(line.to_string());
    }

    /// How many items are left.
    pub fn left(&self) -> u32 {
        *self.stock.lock().unwrap()
    }

    /// Appends and returns an audit line: "<sales> sold, <left> left".
    pub fn audit(&self) -> String {
        let mut log = self.log.lock().unwrap();
        let sales = log.iter().filter(|l| *l == "sold one").count();
        let line = format!("{sales} sold, {} left", self.left());
        log.push(line.clone());
        line
    }
}

// ---- Don't edit below this line. ----

/// `Mutex` is std's in the program and shuttle's in the tests, where shuttle schedules it.
mod sync {
    #[cfg(test)]
    pub use shuttle::sync::Mutex;
    #[cfg(not(test))]
    pub use std::sync::Mutex;
}

fn main() {
    for _ in 0..1_000 {
        let shop = Shop::new(3);
        std::thread::scope(|s| {
            s.spawn(|| while shop.sell() {});
            s.spawn(|| shop.audit());
        });
    }
    println!("1000 rounds of real threads: no deadlock seen (which proves little)");
}

#[cfg(test)]
mod tests {
    use super::*;
    use shuttle::sync::Arc;
    use shuttle::thread;

    /// Checks that an audit line is true for a shop that started with `start` items.
    fn check_line(line: &str, start: u32) {
        let numbers: Vec<u32> = line
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|w| w.parse().ok())
            .collect();
        assert!(
            numbers.len() == 2 && numbers[0] + numbers[1] == start,
            "the audit line {line:?} is not true of a shop that started with {start} items: \
             sales plus what is left must add up. Were the two numbers read at different moments \
             (one of them outside the locks)?"
        );
    }

    /// One schedule: a seller sells everything while an auditor audits twice.
    fn seller_and_auditor() {
        let shop = Arc::new(Shop::new(3));
        let seller = {
            let shop = shop.clone();
            thread::spawn(move || while shop.sell() {})
        };
        let auditor = {
            let shop = shop.clone();
            thread::spawn(move || [shop.audit(), shop.audit()])
        };
        seller.join().unwrap();
        for line in auditor.join().unwrap() {
            check_line(&line, 3);
        }
        assert_eq!(shop.left(), 0);
        check_line(&shop.audit(), 3);
    }

    #[test]
    fn no_schedule_deadlocks_or_lies() {
        let report = std::panic::catch_unwind(|| {
            let mut config = shuttle::Config::new();
            config.max_steps = shuttle::MaxSteps::FailAfter(20_000);
            let scheduler = shuttle::scheduler::RandomScheduler::new(2_000);
            shuttle::Runner::new(scheduler, config).run(seller_and_auditor);
        });
        if let Err(e) = report {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            panic!(
                "shuttle found a schedule that fails (its report and the schedule to replay are \
                 printed above):\n{msg}\nA \"deadlock!\" means every thread was blocked on a lock; \
                 \"exceeded max_steps\" means threads went round in circles (spinning on \
                 try_lock?)."
            );
        }
    }

    #[test]
    fn one_thread_alone() {
        shuttle::check_random(
            || {
                let shop = Shop::new(2);
                assert!(shop.sell() && shop.sell() && !shop.sell());
                assert_eq!(shop.audit(), "2 sold, 0 left");
            },
            1,
        );
    }
}
