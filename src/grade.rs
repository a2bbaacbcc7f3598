//! The grading engine: build exercises, run their tests and `main`, and judge them.
//!
//! It follows rustlings 6's rules so its workbooks grade the same: a target passes when it
//! builds, its tests pass (where `test`), clippy reports no error (no warning either where
//! `strict_clippy`, and always for solutions), and its `main` exits 0 — every run bounded by the
//! exercise's `timeout_secs`. The engine emits [`Event`]s and returns [`Verdict`]s; it knows
//! nothing about terminals, and reporters know nothing about cargo.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, mpsc};
use std::time::Duration;

use anyhow::Result;

use crate::cache;
use crate::cargo::{self, BuildEvent, Selection, TargetBuild};
use crate::diagnose::Diagnosis;
use crate::direct;
use crate::info::Exercise;
use crate::mistakes::Mistake;
use crate::process::{self, Cancel, Exit};
use crate::sampler;
use crate::stacks;
use crate::timeline::Recording;
use crate::usage::{Breach, Peak};
use crate::workbook::Workbook;

/// Which file of an exercise is graded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// The learner's file under `exercises/`.
    Exercise,
    /// The reference solution under `solutions/`.
    Solution,
    /// A known wrong fix, spliced onto the exercise (see [`crate::mistakes`]).
    Mistake(Box<Spliced>),
    /// The exercise or its solution as shipped in another language (see
    /// [`crate::translation`]): only its words differ, so it must grade the same.
    Translated(Box<Rendered>),
}

/// An exercise's or a solution's file written in another language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Whether it is the solution (else the exercise as shipped).
    pub solution: bool,
    /// The language it is written in.
    pub lang: crate::lang::Lang,
    /// Where the file was written (absolute).
    pub path: PathBuf,
}

/// A mistake and the program it was spliced into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spliced {
    /// The mistake as found in `mistakes/`.
    pub mistake: Mistake,
    /// Where the spliced program was written (absolute).
    pub path: PathBuf,
}

/// One thing to grade: an exercise's file or its solution.
#[derive(Debug, Clone)]
pub struct Job {
    /// Index of the exercise in course order.
    pub index: usize,
    /// Which of its two files.
    pub role: Role,
    /// The exercise's settings.
    pub exercise: Exercise,
}

impl Job {
    /// The cargo bin target that builds this job.
    pub fn bin(&self) -> String {
        match &self.role {
            Role::Exercise => self.exercise.name.clone(),
            Role::Solution => format!("{}_sol", self.exercise.name),
            Role::Mistake(m) => mistake_bin(&self.exercise.name, &m.mistake.slug),
            Role::Translated(r) => translated_bin(&self.exercise.name, r.solution, r.lang),
        }
    }

    /// The source file, relative to the workbook root.
    pub fn path(&self) -> PathBuf {
        match &self.role {
            Role::Exercise => self.exercise.path(),
            Role::Solution => self.exercise.solution_path(),
            Role::Mistake(m) => m.mistake.file.clone(),
            Role::Translated(r) if r.solution => self.exercise.solution_path(),
            Role::Translated(_) => self.exercise.path(),
        }
    }

    /// The file cargo compiles for this job (for a mistake, the spliced program).
    fn source(&self, root: &Path) -> PathBuf {
        match &self.role {
            Role::Mistake(m) => m.path.clone(),
            Role::Translated(r) => r.path.clone(),
            _ => root.join(self.path()),
        }
    }

    /// Whether clippy warnings fail this job.
    fn strict(&self) -> bool {
        let solution = match &self.role {
            Role::Solution => true,
            Role::Translated(r) => r.solution,
            _ => false,
        };
        solution || self.exercise.strict_clippy
    }
}

/// The bin target of a mistake of `exercise`. `-` never appears in an exercise's name, so it
/// cannot clash with an exercise's or a solution's bin.
pub fn mistake_bin(exercise: &str, slug: &str) -> String {
    format!("{exercise}-mistake-{slug}")
}

/// The bin target of an exercise (or solution) written in `lang`.
pub fn translated_bin(exercise: &str, solution: bool, lang: crate::lang::Lang) -> String {
    let sol = if solution { "_sol" } else { "" };
    format!("{exercise}{sol}-{}", lang.tag())
}

/// The step of grading a job is at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Running the test harness.
    Test,
    /// Running `main`.
    Run,
}

impl Step {
    /// A short word for the step, for messages.
    pub fn word(self) -> String {
        match self {
            Step::Test => crate::messages::words::step_tests(),
            Step::Run => crate::messages::words::step_main(),
        }
    }
}

/// Why a job did not pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// It does not compile.
    Build,
    /// Clippy reported errors, or warnings where they are not allowed.
    Clippy { errors: usize, warnings: usize },
    /// A test failed (the harness exited non-zero).
    Tests,
    /// `main` exited non-zero (`None`: killed by a signal).
    Main { code: Option<i32> },
    /// A step was still running after `timeout_secs` and was killed.
    Timeout {
        step: Step,
        secs: u64,
        diagnosis: Diagnosis,
    },
    /// The tests or `main` could not even be started (a missing or unrunnable executable).
    CannotStart { step: Step, why: String },
    /// A step went past its memory or process limit and was stopped at once.
    OverLimit { step: Step, breach: Breach },
    /// The grading was cancelled before it ended.
    Cancelled,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::messages::verdict as msg;
        let text = match self {
            Failure::Build => msg::build(),
            Failure::Clippy { errors, warnings } => msg::clippy(errors, warnings),
            Failure::Tests => msg::tests(),
            Failure::Main { code: Some(c) } => msg::main_code(c),
            Failure::Main { code: None } => msg::main_signal(),
            Failure::Timeout {
                step: Step::Test,
                secs,
                diagnosis,
            } => msg::timeout_tests(secs, diagnosis),
            Failure::Timeout {
                step: Step::Run,
                secs,
                diagnosis,
            } => msg::timeout_main(secs, diagnosis),
            Failure::CannotStart {
                step: Step::Test,
                why,
            } => msg::cannot_start_tests(why),
            Failure::CannotStart {
                step: Step::Run,
                why,
            } => msg::cannot_start_main(why),
            Failure::OverLimit {
                step: Step::Test,
                breach,
            } => msg::over_limit_tests(breach),
            Failure::OverLimit {
                step: Step::Run,
                breach,
            } => msg::over_limit_main(breach),
            Failure::Cancelled => msg::cancelled(),
        };
        f.write_str(&text)
    }
}

/// The judgement of one job.
#[derive(Debug, Clone)]
pub struct Verdict {
    /// What was graded.
    pub job: Job,
    /// How many runs (tests + main) were attempted.
    pub attempts: u32,
    /// How many of those passed.
    pub passes: u32,
    /// The first failure seen, if any.
    pub failure: Option<Failure>,
    /// Time spent running it (tests and `main`, every attempt), not building it.
    pub elapsed: Duration,
    /// The most memory and processes any of its runs used.
    pub peak: Peak,
    /// Compiler diagnostics and the output of the failing run (or the last run).
    pub log: String,
    /// What the threads of each run did over time (with [`Options::timeline`]), in order.
    pub recordings: Vec<Recording>,
}

impl Verdict {
    /// Whether every attempted run passed (and at least one was made).
    pub fn passed(&self) -> bool {
        self.failure.is_none() && self.attempts > 0 && self.passes == self.attempts
    }
}

/// Something the engine reports while it works, sent to the caller's [`Sink`].
#[derive(Debug)]
pub enum Event {
    /// The workbook's dependencies are compiling (a first build): `done` of `total` are ready.
    Dependencies { done: usize, total: Option<usize> },
    /// A bin finished compiling (as a program or a harness).
    Compiled { bin: String },
    /// Building is over; runs start now.
    BuildDone,
    /// A step of a job started (attempt numbers start at 1).
    Step {
        bin: String,
        step: Step,
        attempt: u32,
    },
    /// Output of the running step, or the compiler's diagnostics before the first step.
    Output(Vec<u8>),
    /// A job was judged.
    Done(Box<Verdict>),
}

/// Where the engine's workers send their events; the caller reads them on its own thread, so
/// it needs no lock around what it draws.
pub type Sink = mpsc::Sender<Event>;

/// Runs `work` on a worker thread with a [`Sink`], handing each event to `on_event` on this
/// thread as it comes; returns what `work` returned.
pub fn with_events<T: Send>(
    work: impl FnOnce(&Sink) -> T + Send,
    mut on_event: impl FnMut(Event),
) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::scope(|scope| {
        let worker = scope.spawn(move || work(&tx));
        for event in rx {
            on_event(event);
        }
        worker
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// Sends an event; a caller that stopped listening is no reason to stop grading.
fn emit(sink: &Sink, event: Event) {
    let _ = sink.send(event);
}

/// How to grade.
#[derive(Debug, Clone)]
pub struct Options {
    /// Ask the compiler and test harness for ANSI colours.
    pub color: bool,
    /// Repeat each job's `runs` this many times (dev check `--stress`).
    pub repeat: u32,
    /// Jobs run at once (batch grading only).
    pub jobs: usize,
    /// Keep running after a job's outcome is known (dev check wants every attempt).
    pub all_attempts: bool,
    /// Build in this separate target dir, tuned for one-off cold builds (`dev check`).
    pub lean_target: Option<PathBuf>,
    /// Let panics print backtraces (`RUST_BACKTRACE` is set to 0 otherwise: one failing test
    /// with a backtrace prints pages, and its assertion message scrolls away).
    pub backtrace: bool,
    /// Build from this generated manifest instead of the workbook's (it declares the spliced
    /// mistakes too; see [`crate::package`]).
    pub manifest: Option<PathBuf>,
    /// Record what the threads of every run do over time (`run --timeline`, `--trace`).
    pub timeline: bool,
}

impl Options {
    /// How the learner's commands grade: one attempt per required run, built in the learner's
    /// own target dir.
    pub fn learner(color: bool, jobs: usize) -> Self {
        Options {
            color,
            repeat: 1,
            jobs,
            all_attempts: false,
            lean_target: None,
            backtrace: false,
            manifest: None,
            timeline: false,
        }
    }
}

/// One job per exercise of the workbook, for the learner's own files (`verify`, check all).
pub fn learner_jobs(wb: &Workbook) -> Vec<Job> {
    wb.info
        .exercises
        .iter()
        .enumerate()
        .map(|(index, e)| Job {
            index,
            role: Role::Exercise,
            exercise: e.clone(),
        })
        .collect()
}

/// Grades one job: builds just its bin (reusing the last build when nothing changed), then runs
/// it. This is the learner's path (`run`, the watcher).
pub fn grade_one(
    wb: &Workbook,
    job: &Job,
    opts: &Options,
    cancel: &Cancel,
    sink: &Sink,
) -> Result<Verdict> {
    let built = build_one(wb, job, opts, cancel, sink)?;
    emit(sink, Event::BuildDone);
    Ok(execute(wb, job, &built, opts, cancel, sink))
}

/// Builds the program and (where `test`) the harness of one job, or takes them from the cache.
fn build_one(
    wb: &Workbook,
    job: &Job,
    opts: &Options,
    cancel: &Cancel,
    sink: &Sink,
) -> Result<TargetBuild> {
    let settings = cargo::Settings {
        color: opts.color,
        lean_target: opts.lean_target.clone(),
        manifest: opts.manifest.clone(),
    };
    let mut builds = build_many(wb, std::slice::from_ref(job), &settings, cancel, sink)?;
    Ok(builds.remove(&job.bin()).unwrap_or_default())
}

/// Builds the jobs' bins that the cache cannot answer for, records the results in the cache,
/// and returns every job's build by bin name.
fn build_many(
    wb: &Workbook,
    jobs: &[Job],
    settings: &cargo::Settings,
    cancel: &Cancel,
    sink: &Sink,
) -> Result<BTreeMap<String, TargetBuild>> {
    // Cache keys name the workbook's own manifest: a generated one only adds bins to it.
    let manifest = wb.manifest_path();
    let build_manifest = settings
        .manifest
        .clone()
        .unwrap_or_else(|| manifest.clone());
    let library = wb.library_dir();
    let mut builds = BTreeMap::new();
    let mut keys = BTreeMap::new();
    let mut programs = Vec::new();
    for job in jobs {
        let bin = job.bin();
        let source = job.source(&wb.root);
        let key = cache::key(&manifest, library.as_deref(), &source, settings);
        match key.as_ref().and_then(|k| cache::load(&wb.root, &bin, k)) {
            Some(hit) => {
                builds.insert(bin, hit);
            }
            None => {
                programs.push(bin.clone());
                if let Some(stamp) = cache::source_stamp(&source) {
                    keys.insert(bin, (stamp, source));
                }
            }
        }
    }
    let mut on_event = |e: BuildEvent| {
        emit(
            sink,
            match e {
                BuildEvent::Dependencies { done, total } => Event::Dependencies { done, total },
                BuildEvent::Target(bin) => Event::Compiled { bin },
            },
        )
    };
    let mut fresh: BTreeMap<String, TargetBuild> = BTreeMap::new();
    let mut cargo_errors = String::new();
    let with_tests: Vec<String> = jobs
        .iter()
        .filter(|j| j.exercise.test && programs.contains(&j.bin()))
        .map(Job::bin)
        .collect();
    let mut ran = Vec::new();
    let mut build = |selection: Selection, fresh: &mut BTreeMap<String, TargetBuild>| {
        let out = cargo::build(&build_manifest, &selection, settings, cancel, &mut on_event)?;
        cargo_errors.push_str(&out.cargo_errors);
        merge_builds(fresh, out.targets);
        ran.extend(out.invocations);
        anyhow::Ok(())
    };
    if let [job] = jobs
        && !programs.is_empty()
    {
        let bin = job.bin();
        // The learner's own builds replay the compiler commands cargo showed the last time,
        // program and harness at once (see `direct`); cargo builds when there is no recipe.
        let recipe_key = (settings.manifest.is_none() && settings.lean_target.is_none())
            .then(|| recipe_key_of(&manifest, library.as_deref(), settings))
            .flatten();
        let replayed = recipe_key
            .as_ref()
            .and_then(|key| direct::recipe(&wb.root, &bin, key, job.exercise.test))
            .and_then(|recipe| {
                let source = job.path();
                direct::build(&recipe, &wb.root, &bin, &source, settings.color, cancel)
            });
        if let Some(built) = replayed {
            fresh.insert(bin, built);
        } else {
            // Harness first, so compile errors come with the test code. The program is built
            // even when the harness failed, to learn its command, but its messages (the same
            // errors again) are left out.
            if !with_tests.is_empty() {
                build(Selection::Harnesses(with_tests.clone()), &mut fresh)?;
            }
            let harness_failed = fresh.values().any(|t| t.errors() > 0);
            if !cancel.is_cancelled() {
                let mut program = BTreeMap::new();
                build(Selection::Programs(vec![bin.clone()]), &mut program)?;
                if !harness_failed {
                    merge_builds(&mut fresh, program);
                }
            }
            // Under the key as it is now: the build may have written Cargo.lock.
            if recipe_key.is_some()
                && !cancel.is_cancelled()
                && let Some(key) = recipe_key_of(&manifest, library.as_deref(), settings)
            {
                direct::remember(&wb.root, &bin, &key, &ran, job.exercise.test);
            }
        }
    } else if !programs.is_empty() {
        // Many jobs: every program in one cargo run, then the harnesses of those that compiled
        // (broken code is not compiled twice), asking again for any cargo skipped.
        build(Selection::Programs(programs.clone()), &mut fresh)?;
        let mut pending: Vec<String> = with_tests
            .iter()
            .filter(|b| fresh.get(*b).is_some_and(|t| t.program.is_some()))
            .cloned()
            .collect();
        while !pending.is_empty() && !cancel.is_cancelled() {
            build(Selection::Harnesses(pending.clone()), &mut fresh)?;
            let before = pending.len();
            pending.retain(|b| {
                fresh
                    .get(b)
                    .is_none_or(|t| t.harness.is_none() && t.errors() == 0)
            });
            if pending.len() == before {
                break; // no progress: cargo's own error explains the rest
            }
        }
    }
    for bin in programs {
        let mut target = fresh.remove(&bin).unwrap_or_default();
        let incomplete =
            target.program.is_none() || (with_tests.contains(&bin) && target.harness.is_none());
        if incomplete && target.errors() == 0 {
            // Cargo failed without blaming this target: show cargo's own words.
            target.diagnostics.push(cargo::Diagnostic {
                level: cargo::Level::Cargo,
                code: None,
                rendered: if cargo_errors.is_empty() {
                    format!("cargo built no bin named `{bin}`\n")
                } else {
                    cargo_errors.clone()
                },
            });
        }
        // Store under the key as it is now (the build may have written Cargo.lock), but only if
        // the source is still what was built: a save during the build must not be cached.
        if let Some((before, source)) = keys.get(&bin)
            && !cancel.is_cancelled()
            && let Some(after) = cache::key(&manifest, library.as_deref(), source, settings)
            && cache::source_unchanged(source, before)
        {
            cache::store(&wb.root, &bin, &after, &target);
        }
        builds.insert(bin, target);
    }
    Ok(builds)
}

/// The key of a learner's compiler commands: the build's setup and the target folder.
fn recipe_key_of(
    manifest: &Path,
    library: Option<&Path>,
    settings: &cargo::Settings,
) -> Option<String> {
    let setup = cache::setup_key(manifest, library, settings)?;
    let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_default();
    Some(format!("{setup}:{target}"))
}

/// Adds what one cargo run built to what earlier runs built, without repeating diagnostics.
fn merge_builds(into: &mut BTreeMap<String, TargetBuild>, built: BTreeMap<String, TargetBuild>) {
    for (bin, target) in built {
        let merged = into.entry(bin).or_default();
        merged.program = merged.program.take().or(target.program);
        merged.harness = merged.harness.take().or(target.harness);
        for d in target.diagnostics {
            if !merged.diagnostics.contains(&d) {
                merged.diagnostics.push(d);
            }
        }
    }
}

/// Grades many jobs: cargo builds every bin the cache cannot answer for (programs in one run,
/// then the harnesses of those that compiled), then the runs are spread over `opts.jobs` threads. This is the instructor's and
/// `verify`'s path.
pub fn grade_all(
    wb: &Workbook,
    jobs: &[Job],
    opts: &Options,
    cancel: &Cancel,
    sink: &Sink,
) -> Result<Vec<Verdict>> {
    let settings = cargo::Settings {
        color: opts.color,
        lean_target: opts.lean_target.clone(),
        manifest: opts.manifest.clone(),
    };
    let builds = build_many(wb, jobs, &settings, cancel, sink)?;
    emit(sink, Event::BuildDone);
    let next = Mutex::new(0usize);
    let results: Mutex<Vec<Option<Verdict>>> = Mutex::new(vec![None; jobs.len()]);
    std::thread::scope(|scope| {
        for _ in 0..opts.jobs.max(1) {
            scope.spawn(|| {
                loop {
                    let i = {
                        let mut n = next.lock().unwrap_or_else(|p| p.into_inner());
                        let i = *n;
                        *n += 1;
                        i
                    };
                    let Some(job) = jobs.get(i) else { break };
                    let built = builds.get(&job.bin()).cloned().unwrap_or_default();
                    let verdict = execute(wb, job, &built, opts, cancel, sink);
                    results.lock().unwrap_or_else(|p| p.into_inner())[i] = Some(verdict);
                }
            });
        }
    });
    Ok(results
        .into_inner()
        .unwrap_or_else(|p| p.into_inner())
        .into_iter()
        .flatten()
        .collect())
}

/// Runs an already built job `runs × repeat` times and judges it.
fn execute(
    wb: &Workbook,
    job: &Job,
    built: &TargetBuild,
    opts: &Options,
    cancel: &Cancel,
    sink: &Sink,
) -> Verdict {
    let ex = &job.exercise;
    let cwd = package_dir(wb);
    let diagnostics = crate::explain::annotate(&built.rendered());
    if !diagnostics.is_empty() {
        emit(sink, Event::Output(diagnostics.clone().into_bytes()));
    }
    let started = std::time::Instant::now();
    let mut verdict = Verdict {
        job: job.clone(),
        attempts: 0,
        passes: 0,
        failure: None,
        elapsed: Duration::ZERO,
        peak: Peak::default(),
        log: diagnostics.clone(),
        recordings: Vec::new(),
    };
    let compiled = built.program.is_some() && (!ex.test || built.harness.is_some());
    if !compiled {
        verdict.failure = Some(if built.only_lint_errors() {
            Failure::Clippy {
                errors: built.errors(),
                warnings: built.warnings(),
            }
        } else {
            Failure::Build
        });
        emit(sink, Event::Done(Box::new(verdict.clone())));
        return verdict;
    }
    let lint_failure = built.errors() > 0 || (job.strict() && built.warnings() > 0);
    let total = ex.runs * opts.repeat.max(1);
    let timeout = Duration::from_secs(ex.timeout_secs);
    for attempt in 1..=total {
        verdict.attempts = attempt;
        let mut log = diagnostics.clone();
        let result = attempt_once(
            job,
            built,
            attempt,
            timeout,
            opts,
            &cwd,
            cancel,
            sink,
            &mut log,
            &mut verdict.peak,
            &wb.root,
            opts.timeline.then_some(&mut verdict.recordings),
        );
        let failure = match result {
            Some(f) => Some(f),
            None if lint_failure => Some(Failure::Clippy {
                errors: built.errors(),
                warnings: built.warnings(),
            }),
            None => None,
        };
        let passed = failure.is_none();
        if passed {
            verdict.passes += 1;
        }
        if verdict.failure.is_none() || !passed {
            verdict.log = log;
        }
        if let Some(f) = failure {
            let cancelled = f == Failure::Cancelled;
            let deterministic = matches!(f, Failure::Clippy { .. });
            if verdict.failure.is_none() {
                verdict.failure = Some(f);
            }
            if cancelled || deterministic || !opts.all_attempts {
                break;
            }
        }
    }
    verdict.elapsed = started.elapsed();
    emit(sink, Event::Done(Box::new(verdict.clone())));
    verdict
}

/// One run of the tests (where `test`) and `main`; returns the failure, if any.
#[allow(clippy::too_many_arguments)]
fn attempt_once(
    job: &Job,
    built: &TargetBuild,
    attempt: u32,
    timeout: Duration,
    opts: &Options,
    cwd: &Path,
    cancel: &Cancel,
    sink: &Sink,
    log: &mut String,
    peak: &mut Peak,
    root: &Path,
    mut recordings: Option<&mut Vec<Recording>>,
) -> Option<Failure> {
    let secs = job.exercise.timeout_secs;
    let (color, backtrace) = (opts.color, opts.backtrace);
    let steps: [(Step, Option<&PathBuf>); 2] = [
        (
            Step::Test,
            built.harness.as_ref().filter(|_| job.exercise.test),
        ),
        (Step::Run, built.program.as_ref()),
    ];
    for (step, exe) in steps {
        let Some(exe) = exe else { continue };
        emit(
            sink,
            Event::Step {
                bin: job.bin(),
                step,
                attempt,
            },
        );
        let mut cmd = Command::new(exe);
        if step == Step::Test {
            cmd.args(["--color", if color { "always" } else { "never" }]);
        }
        cmd.current_dir(cwd)
            .env("RUST_BACKTRACE", if backtrace { "1" } else { "0" });
        let mut on_output = |bytes: &[u8]| emit(sink, Event::Output(bytes.to_vec()));
        let limits = job.exercise.limits;
        let record = recordings.is_some().then(|| sampler::Settings {
            label: step.word().to_string(),
            source: job.source(root),
            root: root.to_path_buf(),
        });
        let run = process::run_bounded(
            &mut cmd,
            timeout,
            limits,
            cancel,
            &mut on_output,
            record.as_ref(),
        );
        let mut outcome = match run {
            Ok(o) => o,
            Err(e) => {
                let why = format!("{e:#}");
                log.push_str(&format!("{why}\n"));
                emit(sink, Event::Output(format!("{why}\n").into_bytes()));
                return Some(Failure::CannotStart { step, why });
            }
        };
        log.push_str(&String::from_utf8_lossy(&outcome.output));
        if let (Some(all), Some(rec)) = (recordings.as_mut(), outcome.recording.take()) {
            all.push(rec);
        }
        peak.memory_mb = peak.memory_mb.max(outcome.peak.memory_mb);
        peak.processes = peak.processes.max(outcome.peak.processes);
        match outcome.exit {
            Exit::Finished { success: true, .. } => {}
            Exit::Finished { code, .. } => {
                return Some(if step == Step::Test {
                    Failure::Tests
                } else {
                    Failure::Main { code }
                });
            }
            Exit::TimedOut { diagnosis, stacks } => {
                let report = stacks::render(&stacks, &job.source(root), root);
                emit(sink, Event::Output(report.clone().into_bytes()));
                log.push_str(&report);
                return Some(Failure::Timeout {
                    step,
                    secs,
                    diagnosis,
                });
            }
            Exit::OverLimit { breach, stacks } => {
                let report = stacks::render(&stacks, &job.source(root), root);
                emit(sink, Event::Output(report.clone().into_bytes()));
                log.push_str(&report);
                return Some(Failure::OverLimit { step, breach });
            }
            Exit::Cancelled => return Some(Failure::Cancelled),
        }
    }
    None
}

/// Runs start in the folder of the workbook's package, as `cargo run` and `cargo test` do.
fn package_dir(wb: &Workbook) -> PathBuf {
    wb.manifest_path()
        .parent()
        .map_or_else(|| wb.root.clone(), Path::to_path_buf)
}
