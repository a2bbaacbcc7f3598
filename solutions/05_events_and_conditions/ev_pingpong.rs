// ev_pingpong.rs — Capstone: taking turns, A B A B ...
//
// The seed notes tell two kinds of coordination apart:
//   互斥 mutual exclusion: "when one thread holds a resource, the others are locked out" (a lock);
//   同步 synchronisation:  "cooperate in a required order: A - B - A - B - A - B".
// A lock alone gives the first, never the second: it says "one at a time", not "whose turn".
//
// `take_turns` starts one thread per player letter; each prints its letter `rounds` times. They
// must print in strict turns, in the order given: with players "AB", `ABABAB...`; with "ABC",
// `ABCABC...`. Each letter must be printed by its own thread (one thread printing everything is
// not taking turns).
//
// Use what this folder taught: a shared "whose turn is it" under a `Mutex`, a `Condvar` to sleep
// on until it is your turn (checking in a loop: wakeups are not promises), and a notification
// that reaches the player whose turn it is now. A wrong wait or a wrong notification can leave
// every thread asleep: the grader's timeout catches that.

use std::sync::Condvar;
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

use std::sync::Mutex;
use std::thread::ThreadId;

/// Collects the printed letters, and which thread printed each one.
#[derive(Default)]
pub struct Printer {
    printed: Mutex<Vec<(char, ThreadId)>>,
}

impl Printer {
    pub fn print(&self, letter: char) {
        self.printed
            .lock()
            .unwrap()
            .push((letter, thread::current().id()));
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
    use std::collections::HashMap;

    fn check(players: &str, rounds: usize) {
        let printer = Printer::default();
        take_turns(players, rounds, &printer);
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
        let printed = printer.printed.into_inner().unwrap();
        let mut thread_of: HashMap<char, ThreadId> = HashMap::new();
        for (letter, id) in printed {
            assert_ne!(
                id,
                thread::current().id(),
                "letters must be printed by the players"
            );
            let first = *thread_of.entry(letter).or_insert(id);
            assert_eq!(first, id, "{letter:?} was printed by more than one thread");
        }
        let mut ids: Vec<ThreadId> = thread_of.values().copied().collect();
        ids.sort_by_key(|id| format!("{id:?}"));
        ids.dedup();
        assert_eq!(
            ids.len(),
            if rounds == 0 { 0 } else { players.len() },
            "each player letter needs a thread of its own"
        );
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
        check("BA", 50);
    }

    #[test]
    fn zero_rounds_print_nothing() {
        check("AB", 0);
    }
}
