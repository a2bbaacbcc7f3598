//! The workbook's support library, `mtlings_support`: code that exercises use but that is not
//! their lesson (probes that count how many threads are inside a section at once, gates a test
//! opens, fake workers, tables). Keeping it here keeps each learner's file a lesson; an exercise's
//! header says in a few lines what it uses from here. Every exercise and solution links it.
//!
//! Modules are grouped by the course folders that use them.

// Used by 00_intro to 04_shared_state.

// Used by 05_events_and_conditions to 09_send_sync.

// Used by 10_generators to 14_distributed.
pub mod alloc_count;
pub mod coop_tasks;
pub mod cputime;
pub mod idle_count;
pub mod verdict;
