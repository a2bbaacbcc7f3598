// MISTAKE: reads the stock before locking the log: no deadlock, but the two numbers come from different moments
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
        let left = self.left(); // take the stock lock before, not inside, the log lock
        let mut log = self.log.lock().unwrap();
        let sales = log.iter().filter(|l| *l == "sold one").count();
        let line = format!("{sales} sold, {left} left");
        log.push(line.clone());
        line
    }
}

