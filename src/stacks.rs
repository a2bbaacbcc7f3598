//! Where each thread of a stuck run waits: the run's processes are stopped for a moment, every
//! thread's stack is unwound and symbolised with the binary's own debug info, and the report
//! names, per thread, what it is blocked in (`Mutex::lock`, `Receiver::recv`...) and the line
//! of the learner's file it is stuck on.
//!
//! No debugger: mtlings is the run's parent, so it may trace it. Each thread is seized with
//! `ptrace` and interrupted, its registers read, its stack read from `/proc/PID/mem`, and it is
//! detached again; this happens only when the run has timed out and is about to be killed (a
//! ptrace stop of the program's main thread would otherwise be mistaken for its end by the
//! thread that waits for it). `framehop` unwinds from the `.eh_frame` of the binary and its
//! shared libraries (found in `/proc/PID/maps`; std keeps frame pointers, so the frame pointer
//! register matters too), `addr2line` turns addresses into functions and lines. Linux on x86_64
//! only; elsewhere, or when anything fails, the report says why in one line and the diagnosis
//! stays as it was.

use std::path::{Path, PathBuf};

/// One frame of a thread's stack, innermost first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// The demangled function name, if known.
    pub function: String,
    /// The source file, if the binary has line tables for it.
    pub file: Option<PathBuf>,
    /// The line in `file`.
    pub line: Option<u32>,
}

/// The stack of one thread, read once or more (an endless loop is read a few times).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadStack {
    /// The kernel's name of the thread (at most 15 characters).
    pub name: String,
    /// The system call it was blocked in, if any.
    pub syscall: Option<i64>,
    /// Every reading of its stack.
    pub samples: Vec<Vec<Frame>>,
}

/// The threads of one process of the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessStacks {
    /// Its process id.
    pub pid: u32,
    /// Whether it is the run's own program (not a child it started).
    pub leader: bool,
    /// Its threads, main thread first.
    pub threads: Vec<ThreadStack>,
}

/// What could be learnt about where the threads are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Snapshot {
    /// The stacks of the run's processes.
    Taken(Vec<ProcessStacks>),
    /// Why no stacks could be read.
    Unavailable(String),
}

/// Processes of one run whose stacks are read at most (a re-exec loop has thousands).
const MAX_PROCESSES: usize = 8;

/// Reads the stacks of every process in the session led by `leader`, `samples` times each
/// (a little apart, for threads that keep running).
pub fn snapshot(leader: u32, samples: usize) -> Snapshot {
    imp::snapshot(leader, samples.max(1))
}

/// What a thread is blocked in, in words: the most telling call among the frames inside the
/// learner's innermost frame in `source` (the whole stack when it has none).
fn blocked_in(stack: &[Frame], source: &Path, syscall: Option<i64>) -> Option<&'static str> {
    // The most telling first: a condvar waits through a futex and a receive through a park.
    const WORDS: &[(&[&str], &str)] = &[
        (&["Condvar", "wait"], "Condvar::wait"),
        (&["Barrier", "wait"], "Barrier::wait"),
        (&["RwLock", "read"], "RwLock::read"),
        (&["RwLock", "write"], "RwLock::write"),
        (&["Receiver", "recv"], "Receiver::recv"),
        (&["mpmc", "recv"], "Receiver::recv"),
        (&["crossbeam_channel", "recv"], "Receiver::recv"),
        (&["crossbeam_channel", "select"], "select!"),
        (&["mpmc", "send"], "Sender::send (the channel is full)"),
        (&["JoinHandle", "join"], "JoinHandle::join"),
        (&["JoinInner", "join"], "JoinHandle::join"),
        (&["Child", "wait"], "waitpid (Child::wait)"),
        (&["Mutex", "lock"], "Mutex::lock"),
        (&["tokio", "park"], "a tokio park (no task is ready)"),
        (&["thread", "park"], "thread::park"),
        (&["thread", "sleep"], "thread::sleep"),
        (&["Read", "read"], "a read (a pipe, a socket or stdin)"),
        (&["Write", "write"], "a write (a full pipe?)"),
    ];
    let inside = stack
        .iter()
        .position(|f| {
            f.file
                .as_deref()
                .is_some_and(|file| same_file(file, source))
        })
        .map_or(stack, |at| &stack[..at]);
    for (parts, words) in WORDS {
        if inside
            .iter()
            .any(|f| parts.iter().all(|p| f.function.contains(p)))
        {
            return Some(words);
        }
    }
    match syscall? {
        0 => Some("a read (a pipe, a socket or stdin)"),
        1 => Some("a write (a full pipe?)"),
        7 | 232 | 281 => Some("waiting for input (poll/epoll)"),
        35 | 230 => Some("a sleep"),
        61 | 247 => Some("waitpid"),
        202 => Some("a futex wait (a lock, a condvar or a park)"),
        _ => None,
    }
}

/// The innermost frame of `stack` in the file `source`.
fn in_source<'a>(stack: &'a [Frame], source: &Path) -> Option<&'a Frame> {
    stack.iter().find(|f| {
        f.file
            .as_deref()
            .is_some_and(|file| same_file(file, source))
    })
}

fn same_file(a: &Path, b: &Path) -> bool {
    crate::workbook::normalize(a) == crate::workbook::normalize(b)
}

/// The thread's name as the program gave it: the kernel keeps 15 characters, so a test thread
/// named after a longer test is completed from the test function on its stack.
fn full_name(thread: &ThreadStack) -> String {
    let short = thread.name.as_str();
    let mut test_fn = false;
    for frame in thread.samples.iter().flatten() {
        let f = frame.function.trim_end_matches("::{{closure}}");
        // `crate::tests::name`: the test harness names a test's thread `tests::name`.
        if let Some(at) = f.find("::").map(|i| i + 2)
            && f[at..].starts_with(short)
            && f[at..].len() > short.len()
            && short.len() >= 15
        {
            return f[at..].to_string();
        }
        test_fn |= f.contains("::tests::");
    }
    // A thread the learner started without a name inherits its starter's kernel name.
    if short.starts_with("tests::") && !test_fn {
        return "<unnamed>".to_string();
    }
    short.to_string()
}

/// The report under the diagnosis: one line per place where threads wait, naming the threads,
/// what they are blocked in and the line of `source` (shown relative to `root`, and quoted).
pub fn render(snapshot: &Snapshot, source: &Path, root: &Path) -> String {
    let processes = match snapshot {
        Snapshot::Unavailable(why) => return format!("  (no thread locations: {why})\n"),
        Snapshot::Taken(p) => p,
    };
    let shown = source
        .strip_prefix(root)
        .unwrap_or(source)
        .display()
        .to_string();
    let text = std::fs::read_to_string(source).unwrap_or_default();
    let quote = |line: u32| {
        text.lines()
            .nth(line.saturating_sub(1) as usize)
            .map(str::trim)
            .unwrap_or("")
            .to_string()
    };
    let mut out = String::from("  Where the threads are:\n");
    for process in processes {
        // Group the threads that wait in the same place.
        let mut places: Vec<(Place, Vec<String>)> = Vec::new();
        for thread in process.threads.iter().filter(|t| !is_test_harness(t)) {
            let mut lines: Vec<u32> = thread
                .samples
                .iter()
                .filter_map(|s| in_source(s, source)?.line)
                .collect();
            lines.sort_unstable();
            lines.dedup();
            let first = thread.samples.first().map(Vec::as_slice).unwrap_or(&[]);
            let what = blocked_in(first, source, thread.syscall);
            let listed = lines
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            let quoted: String = lines
                .iter()
                .take(3)
                .map(|l| format!("\n        {l} | {}", quote(*l)))
                .collect();
            let place = match (what, lines.is_empty()) {
                _ if thread.samples.iter().all(|s| s.is_empty()) => {
                    ("has", "have", "a stack that could not be read".to_string())
                }
                (Some(w), true) => ("waits", "wait", format!("in {w}, outside {shown}")),
                (None, true) => ("runs", "run", format!("outside {shown}")),
                (Some(w), false) => (
                    "waits",
                    "wait",
                    format!("in {w} at {shown}:{listed}{quoted}"),
                ),
                (None, false) => (
                    "keeps running",
                    "keep running",
                    format!("at {shown}:{listed}{quoted}"),
                ),
            };
            let name = full_name(thread);
            match places.iter_mut().find(|(p, _)| *p == place) {
                Some((_, names)) => names.push(name),
                None => places.push((place, vec![name])),
            }
        }
        if !process.leader {
            out.push_str(&format!("  in child process {}:\n", process.pid));
        }
        for ((one, many, place), names) in places {
            let line = match names.as_slice() {
                [name] => format!("thread `{name}` {one} {place}"),
                names => {
                    let mut shown: Vec<String> =
                        names.iter().take(4).map(|n| format!("`{n}`")).collect();
                    if names.len() > 4 {
                        shown.push(format!("{} more", names.len() - 4));
                    }
                    format!(
                        "{} threads ({}) {many} {place}",
                        names.len(),
                        shown.join(", ")
                    )
                }
            };
            out.push_str(&format!("    {line}\n"));
        }
    }
    out
}

/// Where threads are, as a sentence: its verb for one thread and for many, and the rest.
type Place = (&'static str, &'static str, String);

/// Whether a thread is the test harness's own (its main thread waiting for the tests).
fn is_test_harness(thread: &ThreadStack) -> bool {
    thread.samples.iter().flatten().any(|f| {
        f.function.starts_with("test::run_tests") || f.function.starts_with("test::console::")
    })
}

#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
mod imp {
    use std::collections::BTreeMap;
    use std::fs::File;
    use std::os::unix::fs::FileExt;
    use std::path::PathBuf;
    use std::time::{Duration, Instant};

    use framehop::x86_64::{CacheX86_64, UnwindRegsX86_64, UnwinderX86_64};
    use framehop::{ExplicitModuleSectionInfo, Module, Unwinder};
    use object::{Object, ObjectSection, ObjectSegment};

    use super::{Frame, MAX_PROCESSES, ProcessStacks, Snapshot, ThreadStack};

    /// A mapped executable file of a process.
    struct Mapped {
        path: PathBuf,
        range: std::ops::Range<u64>,
        base: u64,
    }

    pub fn snapshot(leader: u32, samples: usize) -> Snapshot {
        let mut pids: Vec<u32> = crate::diagnose::all_processes()
            .into_iter()
            .filter(|p| p.session == leader && p.state != 'Z')
            .map(|p| p.pid)
            .collect();
        pids.sort_unstable_by_key(|&p| (p != leader, p));
        pids.truncate(MAX_PROCESSES);
        if pids.is_empty() {
            return Snapshot::Unavailable("the program had already ended".into());
        }
        let mut symbols = Symbols::default();
        let mut processes = Vec::new();
        let mut first_error = None;
        for pid in pids {
            match process(pid, samples, &mut symbols) {
                Ok(threads) => processes.push(ProcessStacks {
                    pid,
                    leader: pid == leader,
                    threads,
                }),
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        match (processes.is_empty(), first_error) {
            (true, Some(e)) => Snapshot::Unavailable(e),
            (true, None) => Snapshot::Unavailable("no process could be read".into()),
            _ => Snapshot::Taken(processes),
        }
    }

    /// Reads one process's threads `samples` times, interrupting them for each reading.
    fn process(
        pid: u32,
        samples: usize,
        symbols: &mut Symbols,
    ) -> Result<Vec<ThreadStack>, String> {
        let maps = mappings(pid)?;
        let unwinder = unwinder(&maps);
        let mem = File::open(format!("/proc/{pid}/mem"))
            .map_err(|e| format!("cannot read the memory of process {pid}: {e}"))?;
        let traced = Traced::seize(pid)?;
        let mut threads: BTreeMap<u32, ThreadStack> = BTreeMap::new();
        let mut cache = CacheX86_64::new();
        for round in 0..samples {
            if round > 0 {
                traced.resume();
                std::thread::sleep(Duration::from_millis(20));
            }
            traced.interrupt();
            for &tid in &traced.tids {
                let name = std::fs::read_to_string(format!("/proc/{pid}/task/{tid}/comm"))
                    .unwrap_or_default()
                    .trim()
                    .to_string();
                let (syscall, frames) = match registers(tid) {
                    Some(regs) => {
                        let syscall = i64::try_from(regs.orig_rax).ok();
                        (
                            syscall,
                            unwind(&regs, &mem, &unwinder, &mut cache, &maps, symbols),
                        )
                    }
                    None => (None, Vec::new()),
                };
                threads
                    .entry(tid)
                    .or_insert_with(|| ThreadStack {
                        name,
                        syscall,
                        samples: Vec::new(),
                    })
                    .samples
                    .push(frames);
            }
        }
        drop(traced);
        let mut out: Vec<ThreadStack> = Vec::new();
        // The main thread (tid == pid) first, then the others in the order they were started.
        if let Some(main) = threads.remove(&pid) {
            out.push(main);
        }
        out.extend(threads.into_values());
        Ok(out)
    }

    /// The threads of a process, seized with ptrace; detached when dropped.
    struct Traced {
        tids: Vec<u32>,
    }

    impl Traced {
        fn seize(pid: u32) -> Result<Self, String> {
            let mut tids = Vec::new();
            for tid in tasks(pid) {
                // SAFETY: ptrace on a thread of a process we started; no memory is passed.
                let ok =
                    unsafe { libc::ptrace(libc::PTRACE_SEIZE, tid as libc::pid_t, 0usize, 0usize) }
                        == 0;
                if ok {
                    tids.push(tid);
                } else if tids.is_empty() {
                    return Err(format!(
                        "cannot trace process {pid}: {}",
                        std::io::Error::last_os_error()
                    ));
                }
            }
            Ok(Traced { tids })
        }

        /// Stops every thread and waits (briefly) until each is in its tracing stop.
        fn interrupt(&self) {
            for &tid in &self.tids {
                // SAFETY: as in `seize`.
                unsafe {
                    libc::ptrace(libc::PTRACE_INTERRUPT, tid as libc::pid_t, 0usize, 0usize);
                }
            }
            let until = Instant::now() + Duration::from_millis(100);
            for &tid in &self.tids {
                while Instant::now() < until && !tracing_stopped(tid) {
                    std::thread::sleep(Duration::from_millis(1));
                }
            }
        }

        fn resume(&self) {
            for &tid in &self.tids {
                // SAFETY: as in `seize`.
                unsafe {
                    libc::ptrace(libc::PTRACE_CONT, tid as libc::pid_t, 0usize, 0usize);
                }
            }
        }
    }

    impl Drop for Traced {
        fn drop(&mut self) {
            for &tid in &self.tids {
                // SAFETY: as in `seize`; a thread that is not stopped refuses, and is then
                // released when the run is killed.
                unsafe {
                    libc::ptrace(libc::PTRACE_DETACH, tid as libc::pid_t, 0usize, 0usize);
                }
            }
        }
    }

    /// The thread ids of process `pid`, in order.
    fn tasks(pid: u32) -> Vec<u32> {
        let mut tids: Vec<u32> = std::fs::read_dir(format!("/proc/{pid}/task"))
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| e.file_name().to_string_lossy().parse().ok())
            .collect();
        tids.sort_unstable();
        tids
    }

    /// Whether thread `tid` is in a tracing stop.
    fn tracing_stopped(tid: u32) -> bool {
        std::fs::read_to_string(format!("/proc/{tid}/stat"))
            .ok()
            .and_then(|s| crate::diagnose::parse_stat(&s))
            .is_none_or(|t| matches!(t.state, 't' | 'T' | 'Z' | 'X'))
    }

    /// The registers of a stopped, seized thread.
    fn registers(tid: u32) -> Option<libc::user_regs_struct> {
        // SAFETY: an all-zero user_regs_struct is a valid value of plain integers.
        let mut regs: libc::user_regs_struct = unsafe { std::mem::zeroed() };
        // SAFETY: PTRACE_GETREGS writes one user_regs_struct to the pointer we pass.
        let ok = unsafe {
            libc::ptrace(
                libc::PTRACE_GETREGS,
                tid as libc::pid_t,
                0usize,
                &mut regs as *mut libc::user_regs_struct,
            )
        } == 0;
        ok.then_some(regs)
    }

    /// The symbolised frames of a thread whose registers are `regs`, innermost first.
    fn unwind(
        regs: &libc::user_regs_struct,
        mem: &File,
        unwinder: &UnwinderX86_64<Vec<u8>>,
        cache: &mut CacheX86_64,
        maps: &[Mapped],
        symbols: &mut Symbols,
    ) -> Vec<Frame> {
        let mut read_stack = |addr: u64| {
            let mut buf = [0u8; 8];
            mem.read_exact_at(&mut buf, addr)
                .map(|()| u64::from_le_bytes(buf))
                .map_err(|_| ())
        };
        let start = UnwindRegsX86_64::new(regs.rip, regs.rsp, regs.rbp);
        let mut iter = unwinder.iter_frames(regs.rip, start, cache, &mut read_stack);
        let mut frames = Vec::new();
        while let Ok(Some(address)) = iter.next() {
            frames.extend(symbols.frames(maps, address.address_for_lookup()));
            if frames.len() >= 96 {
                break;
            }
        }
        frames
    }

    fn hex(s: &str) -> Option<u64> {
        u64::from_str_radix(s.trim_start_matches("0x"), 16).ok()
    }

    /// The executable mappings of files in `/proc/PID/maps`, with each file's load base.
    fn mappings(pid: u32) -> Result<Vec<Mapped>, String> {
        let text = std::fs::read_to_string(format!("/proc/{pid}/maps"))
            .map_err(|e| format!("cannot read the memory map of process {pid}: {e}"))?;
        let mut first_start: BTreeMap<PathBuf, u64> = BTreeMap::new();
        let mut exec = Vec::new();
        for line in text.lines() {
            let parts: Vec<&str> = line.split_whitespace().collect();
            let [range, perms, offset, _dev, _inode, path, ..] = parts.as_slice() else {
                continue;
            };
            if !path.starts_with('/') {
                continue;
            }
            let Some((start, end)) = range.split_once('-') else {
                continue;
            };
            let (Some(start), Some(end), Some(offset)) = (hex(start), hex(end), hex(offset)) else {
                continue;
            };
            let path = PathBuf::from(path);
            if offset == 0 {
                first_start.entry(path.clone()).or_insert(start);
            }
            if perms.contains('x') {
                exec.push((path, start..end));
            }
        }
        Ok(exec
            .into_iter()
            .filter_map(|(path, range)| {
                let start = *first_start.get(&path)?;
                // The base is where the file's address 0 would be: the first mapping minus
                // the lowest address its segments state (0 for position-independent files).
                let data = std::fs::read(&path).ok()?;
                let file = object::File::parse(&*data).ok()?;
                let lowest = file.segments().map(|s| s.address()).min().unwrap_or(0);
                Some(Mapped {
                    path,
                    range,
                    base: start - (lowest & !0xfff),
                })
            })
            .collect())
    }

    /// An unwinder that knows the unwind tables of every mapped file.
    fn unwinder(maps: &[Mapped]) -> UnwinderX86_64<Vec<u8>> {
        let mut unwinder = UnwinderX86_64::new();
        for m in maps {
            let Ok(data) = std::fs::read(&m.path) else {
                continue;
            };
            let Ok(file) = object::File::parse(&*data) else {
                continue;
            };
            let section = |name: &str| file.section_by_name(name);
            let range = |name: &str| section(name).map(|s| s.address()..s.address() + s.size());
            let bytes = |name: &str| {
                section(name)
                    .and_then(|s| s.data().ok())
                    .map(<[u8]>::to_vec)
            };
            let info = ExplicitModuleSectionInfo {
                base_svma: 0,
                text_svma: range(".text"),
                got_svma: range(".got"),
                eh_frame_svma: range(".eh_frame"),
                eh_frame: bytes(".eh_frame"),
                eh_frame_hdr_svma: range(".eh_frame_hdr"),
                eh_frame_hdr: bytes(".eh_frame_hdr"),
                ..Default::default()
            };
            unwinder.add_module(Module::new(
                m.path.display().to_string(),
                m.range.clone(),
                m.base,
                info,
            ));
        }
        unwinder
    }

    /// Symbol tables and line tables, loaded once per file.
    #[derive(Default)]
    struct Symbols {
        loaders: BTreeMap<PathBuf, Option<addr2line::Loader>>,
    }

    impl Symbols {
        /// The frames (inlined ones first) at `address` of a process mapped as `maps`.
        fn frames(&mut self, maps: &[Mapped], address: u64) -> Vec<Frame> {
            let Some(m) = maps.iter().find(|m| m.range.contains(&address)) else {
                return vec![Frame {
                    function: format!("{address:#x}"),
                    file: None,
                    line: None,
                }];
            };
            let svma = address - m.base;
            let loader = self
                .loaders
                .entry(m.path.clone())
                .or_insert_with(|| addr2line::Loader::new(&m.path).ok());
            let Some(loader) = loader else {
                return Vec::new();
            };
            let mut out = Vec::new();
            if let Ok(mut frames) = loader.find_frames(svma) {
                while let Ok(Some(frame)) = frames.next() {
                    let function = frame
                        .function
                        .as_ref()
                        .and_then(|f| f.demangle().ok().map(|n| n.into_owned()))
                        .unwrap_or_default();
                    let (file, line) = frame
                        .location
                        .as_ref()
                        .map_or((None, None), |l| (l.file.map(PathBuf::from), l.line));
                    out.push(Frame {
                        function,
                        file,
                        line,
                    });
                }
            }
            if out.is_empty() {
                out.push(Frame {
                    function: loader
                        .find_symbol(svma)
                        .map(|s| addr2line::demangle_auto(s.into(), None).into_owned())
                        .unwrap_or_default(),
                    file: None,
                    line: None,
                });
            }
            out
        }
    }
}

#[cfg(not(all(target_os = "linux", target_arch = "x86_64")))]
mod imp {
    use super::Snapshot;

    pub fn snapshot(_leader: u32, _samples: usize) -> Snapshot {
        Snapshot::Unavailable("reading stacks is supported on Linux x86_64 only".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(function: &str, file: Option<&str>, line: u32) -> Frame {
        Frame {
            function: function.into(),
            file: file.map(PathBuf::from),
            line: Some(line),
        }
    }

    #[test]
    fn the_report_names_what_each_thread_waits_in_and_the_learners_line() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("exercises/dl.rs");
        std::fs::create_dir_all(source.parent().unwrap()).unwrap();
        std::fs::write(&source, "fn a() {\n    let b = b.lock().unwrap();\n}\n").unwrap();
        let src = source.to_str().unwrap();
        let locked = vec![
            frame(
                "std::sys::sync::mutex::futex::Mutex::lock_contended",
                None,
                0,
            ),
            frame("std::sync::poison::mutex::Mutex<T>::lock", None, 0),
            frame("dl::a", Some(src), 2),
        ];
        let snapshot = Snapshot::Taken(vec![ProcessStacks {
            pid: 7,
            leader: true,
            threads: vec![
                ThreadStack {
                    name: "tests::two_lock".into(),
                    syscall: Some(202),
                    samples: vec![
                        [
                            locked.clone(),
                            vec![frame("dl::tests::two_locks", Some(src), 9)],
                        ]
                        .concat(),
                    ],
                },
                ThreadStack {
                    name: "worker".into(),
                    syscall: Some(202),
                    samples: vec![locked],
                },
            ],
        }]);
        let text = render(&snapshot, &source, dir.path());
        // Both wait on the same line: one line for both, with the test's full name.
        assert!(
            text.contains(
                "2 threads (`tests::two_locks`, `worker`) wait in Mutex::lock at exercises/dl.rs:2\n        2 | let b = b.lock().unwrap();"
            ),
            "{text}"
        );
    }

    #[test]
    fn an_unavailable_snapshot_says_why_in_one_line() {
        let text = render(
            &Snapshot::Unavailable("reading stacks is supported on Linux x86_64 only".into()),
            Path::new("a.rs"),
            Path::new("/"),
        );
        assert_eq!(text.lines().count(), 1);
        assert!(text.contains("no thread locations"), "{text}");
    }
}
