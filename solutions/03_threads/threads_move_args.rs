// threads_move_args.rs — Giving a thread its arguments: `move` closures
//
// Python passes arguments to a thread with a tuple: `Thread(target=greet, args=(i, name))`.
// Rust's `thread::spawn` takes only a closure, and the closure carries the arguments by
// capturing them. But a spawned thread may outlive the function that started it, so
// `thread::spawn` accepts only a closure that owns everything it uses (the `'static` bound): a
// closure that merely BORROWS `i` or `name` could be left holding a reference to a variable that
// is already gone. (Python never has this problem because its garbage collector keeps every
// object alive while anyone refers to it; Rust checks it at compile time instead.)
// A `move` closure takes ownership of what it captures: a copy of `i`, and the `String` itself
// if you give it one. (That also avoids Python's late-binding trap, where
// `Thread(target=lambda: greet(i, name))` may see a later `i`: each Rust closure gets its own.)
//
// `greet_all` does not compile. Make each thread own its arguments. Keep one thread per name.

use std::thread;

/// Greets every name on its own thread; the greetings come back in the order of `names`.
pub fn greet_all(names: Vec<String>) -> Vec<Greeting> {
    let mut handles = Vec::new();
    // `into_iter` hands out each owned `String`; `move` puts it (and a copy of `i`) in the closure.
    for (i, name) in names.into_iter().enumerate() {
        handles.push(thread::spawn(move || greet(i, &name)));
    }
    handles.into_iter().map(|h| h.join().unwrap()).collect()
}

// ---- Don't edit below this line. ----

use std::thread::ThreadId;

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
    let names = vec!["Ada".to_string(), "Grace".to_string(), "Linus".to_string()];
    for g in greet_all(names) {
        println!("{} (from {:?})", g.text, g.thread);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn everyone_is_greeted_in_order() {
        let names: Vec<String> = ["Ada", "Grace", "Linus", "Barbara", "Ken"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let texts: Vec<String> = greet_all(names).into_iter().map(|g| g.text).collect();
        assert_eq!(
            texts,
            [
                "#0: hello, Ada!",
                "#1: hello, Grace!",
                "#2: hello, Linus!",
                "#3: hello, Barbara!",
                "#4: hello, Ken!"
            ]
        );
    }

    #[test]
    fn one_thread_per_name() {
        let names: Vec<String> = (0..16).map(|i| format!("worker{i}")).collect();
        let greetings = greet_all(names);
        let threads: HashSet<ThreadId> = greetings.iter().map(|g| g.thread).collect();
        assert!(
            !threads.contains(&thread::current().id()),
            "a greeting was made on the calling thread: each name needs its own thread"
        );
        assert_eq!(
            threads.len(),
            16,
            "expected 16 greetings from 16 different threads, saw {} threads",
            threads.len()
        );
    }

    #[test]
    fn no_names() {
        assert!(greet_all(Vec::new()).is_empty());
    }
}
