//! The command line: what a learner, an instructor and an author can ask mtlings to do.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// mtlings: learn multitasking in Rust by fixing small broken programs.
///
/// Run `mtlings` (or `mtlings watch`) inside the workbook, open the current exercise in your
/// editor, fix it and save: mtlings builds it, runs its tests and tells you at once whether it
/// is right. Progress is saved in `.mtlings-state.toml` in the workbook.
#[derive(Debug, Parser)]
#[command(name = "mtlings", version, propagate_version = true)]
pub struct Cli {
    /// The workbook folder (the one holding info.toml); by default the current folder or the
    /// nearest one above it.
    #[arg(long, short = 'w', global = true, value_name = "DIR")]
    pub workbook: Option<PathBuf>,

    /// The language to speak and to write the course in: `en` or `zh-CN` (also `MTLINGS_LANG`;
    /// by default the one chosen last time in this workbook, else the system locale's).
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<crate::lang::Lang>,

    /// What to do; `watch` when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Work through the exercises: re-check the current one on every save (the default).
    Watch(WatchArgs),
    /// Show every exercise with its status, and pick one to jump to.
    List(ListArgs),
    /// Build and test one exercise (the current one by default); exit 0 only if it passes.
    Run(RunArgs),
    /// Show the next step of an exercise's hint (the current exercise by default).
    ///
    /// Hints come in steps: the idea, where to look, the shape of the fix. Each call reveals one
    /// more step and shows the steps seen so far; progress is remembered per exercise.
    Hint {
        /// The exercise, by name.
        name: Option<String>,
        /// Show every step at once.
        #[arg(long)]
        all: bool,
    },
    /// Restore an exercise to its original, broken state (your changes are lost).
    Reset {
        /// The exercise to restore, by name.
        name: String,
    },
    /// Grade every exercise in your tree and print a summary; exit non-zero if any fails.
    ///
    /// For graders: an exercise whose tests or scaffolding (below the `Don't edit below this
    /// line` marker) differ from the shipped file counts as tampered, not passed, and the
    /// shipped info.toml settings (timeout, runs, tests, points) are used whatever the tree says.
    Verify(VerifyArgs),
    /// Write a fresh workbook of the course into DIR (default `mtlings`), ready to work in or
    /// to push as a course repository.
    Init(InitArgs),
    /// Commands for instructors and exercise authors.
    #[command(subcommand)]
    Dev(DevCommand),
}

/// Options of `run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The exercise to run, by name.
    pub name: Option<String>,
    /// Let panics print backtraces (also `MTLINGS_BACKTRACE=1`); off by default, so a
    /// failing test's message stays in view.
    #[arg(long)]
    pub backtrace: bool,
    /// After the run, show what each thread did over time: one row per thread, when it ran,
    /// when it waited and on what line, when it ended (Linux).
    #[arg(long)]
    pub timeline: bool,
    /// Write what the threads did as a Chrome trace to FILE; open it in ui.perfetto.dev or
    /// chrome://tracing (Linux).
    #[arg(long, value_name = "FILE")]
    pub trace: Option<PathBuf>,
}

/// Options of `init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create (it must not exist, or be empty).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Also write the solutions and the known wrong fixes (for teachers and authors).
    #[arg(long)]
    pub with_solutions: bool,
    /// Also write a CI workflow that grades the workbook on every push.
    #[arg(long, value_enum, value_name = "SYSTEM")]
    pub ci: Option<Ci>,
}

/// CI systems `init` can write a grading workflow for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Ci {
    /// GitHub Actions: `.github/workflows/mtlings.yml`, score in the job summary, JUnit artifact.
    Github,
    /// GitLab CI: `.gitlab-ci.yml`, with the JUnit report GitLab shows in merge requests.
    Gitlab,
}

/// Options of `watch`.
#[derive(Debug, Args, Default)]
pub struct WatchArgs {
    /// Poll the file for changes instead of relying on file-system events (for network file
    /// systems, WSL on a Windows drive, or when inotify is exhausted).
    #[arg(long)]
    pub poll: bool,
    /// Let panics print backtraces (also `MTLINGS_BACKTRACE=1`); off by default, so a failing
    /// test's message stays in view.
    #[arg(long)]
    pub backtrace: bool,
}

/// Options of `list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Print the table only, without the interactive picker.
    #[arg(long)]
    pub plain: bool,
}

/// Options of `verify`.
#[derive(Debug, Args, Clone)]
pub struct VerifyArgs {
    /// Only grade these exercises (by name) or topic folders (by `dir`).
    #[arg(value_name = "NAME_OR_DIR")]
    pub only: Vec<String>,
    /// Grade exercises whose tests were edited instead of reporting them as tampered.
    #[arg(long)]
    pub allow_edited_tests: bool,
    #[command(flatten)]
    pub batch: BatchArgs,
}

/// Options shared by the commands that grade many exercises.
#[derive(Debug, Args, Clone)]
pub struct BatchArgs {
    /// Report format: `human` for people; `json`, `junit`, `gradescope` or `classroom50` for
    /// machines and autograders.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write the report to FILE (in the chosen format) and print the human summary line.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// How many exercises run at once (default: the number of cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table and a summary line for people.
    Human,
    /// One JSON document with a record per exercise.
    Json,
    /// JUnit XML, as read by CI systems (GitLab's test reports) and classroom autograders.
    Junit,
    /// Gradescope's autograder `results.json`.
    Gradescope,
    /// The grading part of Classroom 50's `result.json`.
    Classroom50,
}

/// Commands for instructors and authors.
#[derive(Debug, Subcommand)]
pub enum DevCommand {
    /// Prove the workbook is sound: info.toml matches the files and the manifest, every
    /// solution passes, every exercise fails as shipped, and every known wrong fix in
    /// `mistakes/` fails too.
    Check(CheckArgs),
    /// Start a new known wrong fix of an exercise: writes `mistakes/DIR/NAME/SLUG.rs` from the
    /// exercise's learner part (the lines above the marker), for you to edit.
    Mistake(MistakeArgs),
    /// Start or update the translations of exercises into the language of `--lang`: writes
    /// `i18n/LANG/DIR/NAME.toml` with every English text to translate (keeping the ones already
    /// done), and stamps it with a hash of the English once nothing is left to translate.
    Translate(TranslateArgs),
}

/// Options of `dev translate`.
#[derive(Debug, Args)]
pub struct TranslateArgs {
    /// The exercises (by name) or topic folders (by `dir`), and `info.toml` for the welcome and
    /// final messages; all of them when omitted.
    #[arg(value_name = "NAME_OR_DIR")]
    pub only: Vec<String>,
}

/// Options of `dev mistake`.
#[derive(Debug, Args)]
pub struct MistakeArgs {
    /// The exercise, by name.
    pub name: String,
    /// A short name for the wrong fix, e.g. `sleep-instead-of-join` (letters, digits, `-`, `_`).
    pub slug: String,
}

/// Options of `dev check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Only check these exercises (by name) or topic folders (by `dir`).
    #[arg(value_name = "NAME_OR_DIR")]
    pub only: Vec<String>,
    /// Run every exercise, solution and mistake N times to find flaky ones.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub stress: u32,
    /// Grade only the mistakes (known wrong fixes) of the chosen exercises.
    #[arg(long)]
    pub mistakes_only: bool,
    #[command(flatten)]
    pub batch: BatchArgs,
}
