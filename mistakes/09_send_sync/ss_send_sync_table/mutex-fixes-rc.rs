// MISTAKE: Mutex<Rc> taken for Send + Sync: other clones of the Rc live outside the lock
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
// Python would: "everything can be shared". Correct the answers. The test only counts how many
// are wrong; to find out which, check each claim in `compiler_says` with `assert_send` /
// `assert_sync`: the lines that do not compile are the false claims (delete them again, so that
// the file builds). Then make sure you can say WHY for each type, from the rules above.

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
    // Each true claim compiles; e.g. `assert_send::<Rc<i32>>()` would not.
    assert_send::<Cell<i32>>();
    assert_sync::<MutexGuard<'static, i32>>();
    assert_send::<Arc<Mutex<RefCell<i32>>>>();
    assert_sync::<Arc<Mutex<RefCell<i32>>>>();
    assert_send::<Receiver<i32>>();
    assert_sync::<Sender<i32>>();
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
        Ty::String => (true, true),          // owns its bytes
        Ty::RcI32 => (false, false),         // non-atomic count
        Ty::ArcI32 => (true, true),          // atomic count, i32 is Send + Sync
        Ty::CellI32 => (true, false),        // movable, but shared `set` would race
        Ty::RefCellI32 => (true, false),     // non-atomic borrow flag
        Ty::ArcRefCell => (false, false),    // Arc needs T: Send + Sync
        Ty::MutexI32 => (true, true),        // Mutex<T> is Sync when T: Send
        Ty::ArcMutexRefCell => (true, true), // the Mutex makes RefCell shareable
        Ty::MutexRc => (true, true),       // other Rc clones live outside the lock
        Ty::MutexGuardI32 => (false, true),  // must unlock on the locking thread
        Ty::RefToCell => (false, false),     // &T: Send needs T: Sync
        Ty::RawPointer => (false, false),    // no guarantees at all
        Ty::AtomicUsize => (true, true),     // made for sharing
        Ty::SenderI32 => (true, true),       // Sync since Rust 1.72
        Ty::ReceiverI32 => (true, false),    // single consumer
    }
}

