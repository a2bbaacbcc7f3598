// MISTAKE: only a lock around the print: one at a time, but in no particular order
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
    let lock = Mutex::new(());
    thread::scope(|s| {
        for letter in players.chars() {
            let lock = &lock;
            s.spawn(move || {
                for _ in 0..rounds {
                    let _held = lock.lock().unwrap(); // one at a time...
                    printer.print(letter);
                }
            });
        }
    });
}

