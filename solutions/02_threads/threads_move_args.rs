// threads_move_args.rs — Giving a thread its arguments
//
// Python passes arguments to a thread with a tuple: `Thread(target=greet, args=(i, name))`.
// Rust's `thread::spawn` takes only a closure, and the closure carries the arguments by
// capturing them. A closure may capture a variable by reference (it borrows it) or by value (it
// takes it over). A spawned thread may outlive the function that started it, so `thread::spawn`
// accepts only a closure that owns everything it uses (the `'static` bound): a closure that merely
// BORROWS `i` or `name` could be left holding a reference to a variable that is already gone.
// (Python never has this problem because its garbage collector keeps every object alive while
// anyone refers to it; Rust checks it at compile time instead.) Owning its captures also avoids
// Python's late-binding trap, where `Thread(target=lambda: greet(i, name))` may see a later `i`.
//
// `greet_all` does not compile. Give each thread its own `i` and its own `Name`: the very `Name`
// from `names`, not a copy of its text (a `Name` cannot be cloned, and the tests check that each
// one ends its life on the thread that greeted it). Keep one thread per name.

use std::thread;

/// Greets every name on its own thread; the greetings come back in the order of `names`.
pub fn greet_all(names: Vec<Name>) -> Vec<Greeting> {
    let mut handles = Vec::new();
    // `into_iter` hands out each owned `Name`; `move` puts it (and a copy of `i`) in the closure.
    for (i, name) in names.into_iter().enumerate() {
        handles.push(thread::spawn(move || greet(i, &name)));
    }
    handles.into_iter().map(|h| h.join().unwrap()).collect()
}

// ---- Don't edit below this line. ----

use std::ops::Deref;
use std::sync::Mutex;
use std::thread::ThreadId;

/// A name: a string that cannot be cloned, and that notes which thread drops it.
pub struct Name {
    text: String,
}

impl Name {
    pub fn new(text: &str) -> Name {
        Name {
            text: text.to_string(),
        }
    }
}

impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

/// Every `Name` dropped so far: its text and the thread that dropped it.
static DROPPED: Mutex<Vec<(String, ThreadId)>> = Mutex::new(Vec::new());

impl Drop for Name {
    fn drop(&mut self) {
        let me = thread::current().id();
        let mut dropped = DROPPED.lock().unwrap_or_else(|e| e.into_inner());
        dropped.push((std::mem::take(&mut self.text), me));
    }
}

#[derive(Debug)]
pub struct Greeting {
    pub text: String,
    /// The thread that made this greeting.
    pub thread: ThreadId,
}

pub fn greet(i: usize, name: &str) -> Greeting {
    Greeting {
        text: format!("#{i}: hello, {name}!"),
        thread: thread::current().id(),
    }
}

fn main() {
    let names = vec![Name::new("Ada"), Name::new("Grace"), Name::new("Linus")];
    for g in greet_all(names) {
        println!("{} (from {:?})", g.text, g.thread);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// The tests share DROPPED, so they run one at a time.
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

    fn check(names: &[&str]) -> Vec<Greeting> {
        let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        DROPPED.lock().unwrap_or_else(|e| e.into_inner()).clear();
        let greetings = greet_all(names.iter().map(|n| Name::new(n)).collect());
        let texts: Vec<&str> = greetings.iter().map(|g| g.text.as_str()).collect();
        let expected: Vec<String> = (names.iter().enumerate())
            .map(|(i, n)| format!("#{i}: hello, {n}!"))
            .collect();
        assert_eq!(texts, expected, "the greetings, in the order of `names`");
        let threads: HashSet<ThreadId> = greetings.iter().map(|g| g.thread).collect();
        assert!(
            !threads.contains(&thread::current().id()),
            "a greeting was made on the calling thread: each name needs its own thread"
        );
        assert_eq!(
            threads.len(),
            names.len(),
            "expected {} greetings from as many different threads, saw {} threads",
            names.len(),
            threads.len()
        );
        let dropped = DROPPED.lock().unwrap_or_else(|e| e.into_inner()).clone();
        for (i, (name, greeting)) in names.iter().zip(&greetings).enumerate() {
            let Some((_, by)) = dropped.iter().find(|(n, _)| n == name) else {
                panic!(
                    "the Name {name:?} still exists after greet_all returned: it was leaked, \
                     not handed over to its thread"
                );
            };
            assert!(
                *by == greeting.thread,
                "the Name {name:?} (#{i}) was dropped by {}, not by the thread that greeted it: \
                 that thread only had a borrow or a copy of it, not the Name itself",
                if *by == thread::current().id() {
                    "the calling thread"
                } else {
                    "another thread"
                }
            );
        }
        greetings
    }

    #[test]
    fn everyone_is_greeted_in_order() {
        check(&["Ada", "Grace", "Linus", "Barbara", "Ken"]);
    }

    #[test]
    fn one_thread_per_name() {
        let names: Vec<String> = (0..16).map(|i| format!("worker{i}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        check(&names);
    }

    #[test]
    fn no_names() {
        assert!(check(&[]).is_empty());
    }
}
