// ev_pingpong.rs — Capstone: taking turns, A B A B ...
//
// Two kinds of coordination are easy to mix up:
//   mutual exclusion: when one thread holds a resource, the others are locked out (a lock);
//   synchronisation:  threads cooperate in a required order: A - B - A - B - A - B.
// A lock alone gives the first, never the second: it says "one at a time", not "whose turn".
//
// `take_turns` starts one thread per player letter; each prints its letter `rounds` times. They
// must print in strict turns, in the order given: with players "AB", `ABABAB...`; with "ABC",
// `ABCABC...`. Each letter must be printed by its own thread (one thread printing everything is
// not taking turns), and a player waiting for its turn must sleep, not spin or poll.
//
// Use what this folder taught. A wrong wait or a wrong notification can leave every thread
// asleep; the tests then tell you where the game stopped. (`Mutex` and `Condvar` are imported
// below the line from `mtlings_support::watched_sync`: std's, counted; and its `notify_one`
// wakes the thread that started waiting last, an order std is free to pick too.)

use std::thread;

/// One thread per letter of `players`; each prints its letter `rounds` times, in turns.
pub fn take_turns(players: &str, rounds: usize, printer: &Printer) {
    let letters: Vec<char> = players.chars().collect();
    let turn = Mutex::new(0); // index into `letters` of the player whose turn it is
    let cv = Condvar::new();
    thread::scope(|s| {
        for (me, &letter) in letters.iter().enumerate() {
            let (turn, cv, n) = (&turn, &cv, letters.len());
            s.spawn(move || {
                for _ in 0..rounds {
                    // Sleep until it is my turn, re-checking after every wakeup.
                    let mut turn = cv.wait_while(turn.lock().unwrap(), |t| *t != me).unwrap();
                    printer.print(letter);
                    *turn = (me + 1) % n;
                    // All: with notify_one, the one woken might not be the next player.
                    cv.notify_all();
                }
            });
        }
    });
}

// ---- Don't edit below this line. ----

#[allow(unused_imports)]
use mtlings_support::watched_sync::{Condvar, Mutex};
use std::thread::ThreadId;

/// Collects the printed letters, and which thread printed each one.
#[derive(Default)]
pub struct Printer {
    printed: std::sync::Mutex<Vec<(char, ThreadId)>>,
}

impl Printer {
    pub fn print(&self, letter: char) {
        let me = thread::current().id();
        self.printed.lock().unwrap().push((letter, me));
    }

    pub fn text(&self) -> String {
        self.printed
            .lock()
            .unwrap()
            .iter()
            .map(|(c, _)| c)
            .collect()
    }
}

fn main() {
    let printer = Printer::default();
    take_turns("AB", 10, &printer);
    println!("{}", printer.text());
    let printer = Printer::default();
    take_turns("ABC", 5, &printer);
    println!("{}", printer.text());
}

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::detached::run;
    use mtlings_support::watched_sync::created_by;
    use std::collections::HashMap;
    use std::sync::Arc;
    use std::time::Duration;

    fn check(players: &'static str, rounds: usize) {
        let printer = Arc::new(Printer::default());
        let p = Arc::clone(&printer);
        // On a detached thread: a game where everybody sleeps fails here instead of hanging.
        let done = run(move || {
            take_turns(players, rounds, &p);
            created_by(thread::current().id())
        });
        let stats = done
            .recv_timeout(Duration::from_secs(2))
            .unwrap_or_else(|_| {
                let text = printer.text();
                let tail: String = text.chars().skip(text.len().saturating_sub(9)).collect();
                panic!(
                    "players {players:?}, {rounds} rounds: the game stopped after {} letters \
                 (...{tail}) and nobody moves any more: the player whose turn it is sleeps and \
                 was never woken. Whom did the last notification reach?",
                    text.len()
                )
            });
        let text = printer.text();
        let expected = players.repeat(rounds);
        if text != expected {
            let at = text
                .chars()
                .zip(expected.chars())
                .position(|(a, b)| a != b)
                .unwrap_or(text.len().min(expected.len()));
            let from = at.saturating_sub(6);
            let got: String = text.chars().skip(from).take(14).collect();
            let want: String = expected.chars().skip(from).take(14).collect();
            panic!(
                "players {players:?}, {rounds} rounds: the turns break at letter {at}: printed \
                 ...{got}... where ...{want}... was due ({} letters printed, {} expected)",
                text.len(),
                expected.len()
            );
        }
        let printed = std::mem::take(&mut *printer.printed.lock().unwrap());
        let mut thread_of: HashMap<char, ThreadId> = HashMap::new();
        for (letter, id) in printed {
            let first = *thread_of.entry(letter).or_insert(id);
            assert_eq!(first, id, "{letter:?} was printed by more than one thread");
        }
        let mut ids: Vec<ThreadId> = thread_of.values().copied().collect();
        ids.sort_by_key(|id| format!("{id:?}"));
        ids.dedup();
        assert_eq!(
            ids.len(),
            thread_of.len(),
            "each player letter needs a thread of its own"
        );
        let letters = players.len() * rounds;
        if letters > players.len() {
            assert!(
                stats.waits > 0,
                "the players never slept on a condvar while waiting for their turn: they spin \
                 or poll (looked at shared state {} times for {letters} letters)",
                stats.looks
            );
            assert_eq!(
                stats.timeouts, 0,
                "{} waits ended because their timeout ran out: waiting with a short timeout and \
                 looking again is polling. Sleep until a notification says the turn moved",
                stats.timeouts
            );
            assert!(
                stats.looks <= 20 * letters,
                "the players looked at the shared state {} times for {letters} letters: that \
                 is spinning, not sleeping until it is your turn",
                stats.looks
            );
        }
    }

    #[test]
    fn two_players_alternate() {
        check("AB", 300);
    }

    #[test]
    fn three_players_take_turns() {
        check("ABC", 200);
    }

    #[test]
    fn players_go_in_the_given_order() {
        check("BAC", 50);
    }

    #[test]
    fn zero_rounds_print_nothing() {
        check("AB", 0);
    }
}
