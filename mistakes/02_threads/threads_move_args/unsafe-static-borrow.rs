// MISTAKE: unsafe code pretends the borrow is 'static; the threads never own their Name
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
    // SAFETY: every thread is joined before `names` is dropped.
    let all: &'static Vec<Name> = unsafe { &*(&names as *const Vec<Name>) };
    let mut handles = Vec::new();
    for (i, name) in all.iter().enumerate() {
        handles.push(thread::spawn(move || greet(i, name)));
    }
    handles.into_iter().map(|h| h.join().unwrap()).collect()
}

