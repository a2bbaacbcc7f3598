// ss_send_sync_table.rs — Which types are Send, which are Sync? Ask the compiler.
//
// Python lets any object be used from any thread and relies on the GIL (and your locks) to keep
// it whole. Rust decides per TYPE, at compile time, with two marker traits:
//   - `T: Send`: a `T` may be moved to another thread (and dropped there);
//   - `T: Sync`: a `&T` may be shared by several threads at once (`T: Sync` <=> `&T: Send`).
// The compiler derives them: a struct is Send/Sync when all its fields are. A few std types opt
// out: `Rc` (non-atomic count), `Cell`/`RefCell` (unsynchronised mutation: Send but not Sync),
// raw pointers, and `MutexGuard` (it must be unlocked by the thread that locked it: not Send).
// Wrappers pass the traits through, with a twist: `Arc<T>` is Send/Sync only if `T` is Send +
// Sync, and `Mutex<T>` is Sync as soon as `T` is Send (the lock makes sharing safe).
//
// A static assertion checks a claim for free at compile time:
//     fn assert_send<T: Send>() {}
//     assert_send::<Rc<i32>>(); // error[E0277]: `Rc<i32>` cannot be sent between threads safely
//
// Predict: `predict` below answers (is it Send, is it Sync) for each type, as someone used to
// Python would: "everything can be shared". Correct the answers. Check each one in
// `compiler_says` with `assert_send`/`assert_sync` before you change it: the lines that do not
// compile are the false claims (then delete those lines again, so that the file builds).

#![allow(dead_code)]

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::atomic::AtomicUsize;
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex, MutexGuard};

fn assert_send<T: Send>() {}
fn assert_sync<T: Sync>() {}

/// Your scratch space: every line here must compile when you are done.
fn compiler_says() {
    assert_send::<i32>();
    assert_sync::<i32>();
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// `String`
    String,
    /// `Rc<i32>`
    RcI32,
    /// `Arc<i32>`
    ArcI32,
    /// `Cell<i32>`
    CellI32,
    /// `RefCell<i32>`
    RefCellI32,
    /// `Arc<RefCell<i32>>`
    ArcRefCell,
    /// `Mutex<i32>`
    MutexI32,
    /// `Arc<Mutex<RefCell<i32>>>`
    ArcMutexRefCell,
    /// `Mutex<Rc<i32>>`
    MutexRc,
    /// `MutexGuard<'static, i32>`
    MutexGuardI32,
    /// `&'static Cell<i32>`
    RefToCell,
    /// `*const i32`
    RawPointer,
    /// `AtomicUsize`
    AtomicUsize,
    /// `std::sync::mpsc::Sender<i32>`
    SenderI32,
    /// `std::sync::mpsc::Receiver<i32>`
    ReceiverI32,
}

/// (is it `Send`, is it `Sync`)
pub fn predict(t: Ty) -> (bool, bool) {
    match t {
        Ty::String => (true, true),
        Ty::RcI32 => (true, true),
        Ty::ArcI32 => (true, true),
        Ty::CellI32 => (true, true),
        Ty::RefCellI32 => (true, true),
        Ty::ArcRefCell => (true, true),
        Ty::MutexI32 => (true, true),
        Ty::ArcMutexRefCell => (true, true),
        Ty::MutexRc => (true, true),
        Ty::MutexGuardI32 => (true, true),
        Ty::RefToCell => (true, true),
        Ty::RawPointer => (true, true),
        Ty::AtomicUsize => (true, true),
        Ty::SenderI32 => (true, true),
        Ty::ReceiverI32 => (true, true),
    }
}

// ---- Don't edit below this line. ----

/// What the compiler knows, found out at compile time (an inherent constant that exists only
/// when the bound holds wins over the trait's default `false`).
macro_rules! implements {
    ($t:ty: $tr:path) => {{
        struct Probe<T: ?Sized>(std::marker::PhantomData<T>);
        trait Fallback {
            const YES: bool = false;
        }
        impl<T: ?Sized> Fallback for Probe<T> {}
        impl<T: ?Sized + $tr> Probe<T> {
            const YES: bool = true;
        }
        <Probe<$t>>::YES
    }};
}

macro_rules! truth {
    ($t:ty) => {
        (implements!($t: Send), implements!($t: Sync))
    };
}

fn truth(t: Ty) -> (bool, bool, &'static str) {
    match t {
        Ty::String => (
            truth!(String).0,
            truth!(String).1,
            "owns plain heap data: both",
        ),
        Ty::RcI32 => (
            truth!(Rc<i32>).0,
            truth!(Rc<i32>).1,
            "its count is a plain integer; clones on two threads would corrupt it",
        ),
        Ty::ArcI32 => (
            truth!(Arc<i32>).0,
            truth!(Arc<i32>).1,
            "the atomic twin of Rc, and i32 is Send + Sync",
        ),
        Ty::CellI32 => (
            truth!(Cell<i32>).0,
            truth!(Cell<i32>).1,
            "one thread may own it (Send), but `set` through a shared & from two threads \
             would race (not Sync)",
        ),
        Ty::RefCellI32 => (
            truth!(RefCell<i32>).0,
            truth!(RefCell<i32>).1,
            "its borrow flag is not atomic: movable, not shareable",
        ),
        Ty::ArcRefCell => (
            truth!(Arc<RefCell<i32>>).0,
            truth!(Arc<RefCell<i32>>).1,
            "Arc<T> is Send/Sync only if T is Send AND Sync; RefCell is not Sync",
        ),
        Ty::MutexI32 => (
            truth!(Mutex<i32>).0,
            truth!(Mutex<i32>).1,
            "a Mutex is Sync whenever its content is Send",
        ),
        Ty::ArcMutexRefCell => (
            truth!(Arc<Mutex<RefCell<i32>>>).0,
            truth!(Arc<Mutex<RefCell<i32>>>).1,
            "RefCell is Send, so Mutex<RefCell> is Send + Sync, so the Arc is too: the lock \
             makes a non-Sync value shareable",
        ),
        Ty::MutexRc => (
            truth!(Mutex<Rc<i32>>).0,
            truth!(Mutex<Rc<i32>>).1,
            "a lock cannot help an Rc: other clones of it may live outside the Mutex",
        ),
        Ty::MutexGuardI32 => (
            truth!(MutexGuard<'static, i32>).0,
            truth!(MutexGuard<'static, i32>).1,
            "a guard must unlock on the thread that locked (not Send); sharing &guard only \
             reads the i32 (Sync)",
        ),
        Ty::RefToCell => (
            truth!(&'static Cell<i32>).0,
            truth!(&'static Cell<i32>).1,
            "&T is Send only if T is Sync, and Cell is not",
        ),
        Ty::RawPointer => (
            truth!(*const i32).0,
            truth!(*const i32).1,
            "the compiler knows nothing about what a raw pointer points to: neither",
        ),
        Ty::AtomicUsize => (
            truth!(AtomicUsize).0,
            truth!(AtomicUsize).1,
            "atomics are made to be shared",
        ),
        Ty::SenderI32 => (
            truth!(Sender<i32>).0,
            truth!(Sender<i32>).1,
            "senders can be moved and (since Rust 1.72) shared",
        ),
        Ty::ReceiverI32 => (
            truth!(Receiver<i32>).0,
            truth!(Receiver<i32>).1,
            "one consumer: a Receiver can be moved to a thread but not shared",
        ),
    }
}

const ALL: [Ty; 15] = [
    Ty::String,
    Ty::RcI32,
    Ty::ArcI32,
    Ty::CellI32,
    Ty::RefCellI32,
    Ty::ArcRefCell,
    Ty::MutexI32,
    Ty::ArcMutexRefCell,
    Ty::MutexRc,
    Ty::MutexGuardI32,
    Ty::RefToCell,
    Ty::RawPointer,
    Ty::AtomicUsize,
    Ty::SenderI32,
    Ty::ReceiverI32,
];

fn main() {
    compiler_says();
    println!("{:<18} {:>5} {:>5}", "type", "Send", "Sync");
    for t in ALL {
        let (send, sync) = predict(t);
        println!("{:<18} {send:>5} {sync:>5}", format!("{t:?}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_prediction_matches_the_compiler() {
        let mut wrong = Vec::new();
        for t in ALL {
            let (send, sync, why) = truth(t);
            let guess = predict(t);
            if guess != (send, sync) {
                wrong.push(format!(
                    "  {t:?}: you said (Send, Sync) = {guess:?}, the compiler says \
                     ({send}, {sync}): {why}"
                ));
            }
        }
        assert!(
            wrong.is_empty(),
            "{} of {} predictions are wrong:\n{}",
            wrong.len(),
            ALL.len(),
            wrong.join("\n")
        );
    }

    #[test]
    fn the_probe_works() {
        assert_eq!(truth!(i32), (true, true));
        assert_eq!(truth!(Rc<i32>), (false, false));
        assert_eq!(truth!(Cell<i32>), (true, false));
        assert_eq!(truth!(MutexGuard<'static, i32>), (false, true));
    }
}
