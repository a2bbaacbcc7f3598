//! The workbook's support library, `mtlings_support`: code that exercises use but that is not
//! their lesson (probes that count how many threads are inside a section at once, gates a test
//! opens, fake workers, tables). Keeping it here keeps each learner's file a lesson; an exercise's
//! header says in a few lines what it uses from here. Every exercise and solution links it.

pub mod alloc_count;
pub mod batch;
pub mod coop_tasks;
pub mod cputime;
pub mod crowd;
pub mod detached;
pub mod dist_broker;
pub mod dist_farm;
pub mod dist_jobs;
pub mod dist_lease_kit;
pub mod dist_proc;
pub mod dl_coffman_evidence;
pub mod dl_locks;
pub mod dl_referee;
pub mod dl_shelf;
pub mod dl_steps;
pub mod dl_table;
pub mod dl_waitgraph;
pub mod exec_probe;
pub mod idle_count;
pub mod intro_exec;
pub mod intro_sched;
pub mod ipc_child;
#[cfg(unix)]
pub mod ipc_flock;
pub mod ipc_workers;
pub mod overlap;
pub mod pitfall_probe;
pub mod poison_watch;
pub mod pool_fixed;
pub mod proc_child;
pub mod proc_gate;
pub mod race_gap;
pub mod race_model;
pub mod ss_inplace;
pub mod ss_log;
pub mod ss_party;
pub mod ss_registry_probe;
pub mod ss_traffic_probe;
pub mod thread_crowd;
pub mod thread_watch;
pub mod verdict;
pub mod watched_sync;
pub mod weak_memory;
