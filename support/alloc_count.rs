//! A global allocator that counts the allocations made by each thread.
//!
//! Some wrong fixes behave right but skip the idea: an iterator that copies the collection
//! instead of borrowing it, a generator that builds a whole `Vec` up front instead of
//! producing one item at a time. Counting allocations tells them apart. A test binary
//! installs the counter with
//!
//! ```ignore
//! #[global_allocator]
//! static ALLOC: mtlings_support::alloc_count::Counting = mtlings_support::alloc_count::Counting;
//! ```
//!
//! and measures a closure with [`allocations_during`]. Each thread counts only its own
//! allocations, so tests running in parallel do not disturb each other.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

thread_local! {
    // `const` and without `Drop`: safe to touch from inside the allocator.
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

/// The system allocator, counting `alloc` and `realloc` calls per thread.
pub struct Counting;

// SAFETY: every call is forwarded unchanged to the system allocator.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        // SAFETY: forwarded with the caller's layout.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded with the caller's pointer and layout.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        // SAFETY: forwarded with the caller's arguments.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// How many allocations the calling thread made while `f` ran (0 unless [`Counting`] is the
/// global allocator), with `f`'s result.
pub fn allocations_during<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = ALLOCATIONS.with(Cell::get);
    let out = f();
    (out, ALLOCATIONS.with(Cell::get) - before)
}
