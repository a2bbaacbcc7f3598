//! What every learner-facing front end (the commands and the watcher) starts from.
//!
//! Both `commands` and `watch` load progress, pick colours and size thread pools the same way;
//! this module holds that, so neither has to reach into the other.

use crate::state::State;
use crate::workbook::Workbook;

/// Loads the learner's progress, telling them if it had to be rebuilt.
pub fn load_state(wb: &Workbook) -> State {
    crate::originals::ensure_snapshot(wb);
    let state = State::load(&wb.root, &wb.info);
    if let Some(w) = &state.warning {
        eprintln!("{}", console::style(w).yellow());
    }
    state
}

/// Whether ANSI colours should be used on standard output.
pub fn color() -> bool {
    console::colors_enabled()
}

/// Threads to use when nothing says otherwise: one per core.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// Whether graded runs may print backtraces: asked for by a flag or `MTLINGS_BACKTRACE=1`.
pub fn backtrace(flag: bool) -> bool {
    flag || std::env::var_os("MTLINGS_BACKTRACE").is_some_and(|v| v == "1")
}
