//! End-to-end tests of `mtlings watch`: the real binary in a real pseudo-terminal, on a small
//! fixture workbook copied to a temporary folder.
//!
//! Nothing sleeps to synchronise: each step waits until the expected text is on the screen (or
//! a generous deadline passes, and the test fails showing the screen). Nothing asserts timing.
#![cfg(target_os = "linux")]

use std::ffi::CStr;
use std::fs::{self, File};
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// How long any one expected thing may take (cold builds on a loaded machine are slow).
const DEADLINE: Duration = Duration::from_secs(120);

/// The bytes the pseudo-terminal showed so far, and a signal when more arrive.
type Shared = Arc<(Mutex<Vec<u8>>, Condvar)>;

/// The watcher running in a pseudo-terminal on its own copy of the fixture workbook.
struct Session {
    book: tempfile::TempDir,
    master: File,
    /// Our handle on the terminal side, kept to read its settings.
    slave: OwnedFd,
    /// The terminal's local-mode flags before mtlings started.
    initial_lflag: libc::tcflag_t,
    child: Option<Child>,
    screen: Shared,
    /// How much of the (ANSI-stripped) screen text earlier expectations consumed.
    mark: usize,
}

/// Copies a folder tree.
fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Opens a pseudo-terminal pair of 40 rows by 120 columns.
fn open_pty() -> (OwnedFd, OwnedFd) {
    // SAFETY: plain libc calls on descriptors created and owned here.
    unsafe {
        let master = libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY);
        assert!(master >= 0, "posix_openpt failed");
        assert_eq!(libc::grantpt(master), 0);
        assert_eq!(libc::unlockpt(master), 0);
        let mut name = [0 as libc::c_char; 128];
        assert_eq!(libc::ptsname_r(master, name.as_mut_ptr(), name.len()), 0);
        let slave = libc::open(name.as_ptr(), libc::O_RDWR | libc::O_NOCTTY);
        assert!(
            slave >= 0,
            "cannot open {:?}",
            CStr::from_ptr(name.as_ptr())
        );
        let size = libc::winsize {
            ws_row: 40,
            ws_col: 120,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        libc::ioctl(master, libc::TIOCSWINSZ, &size);
        (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave))
    }
}

/// The local-mode flags of a terminal.
fn lflag(fd: &OwnedFd) -> libc::tcflag_t {
    // SAFETY: tcgetattr writes into a termios owned here.
    unsafe {
        let mut t: libc::termios = std::mem::zeroed();
        assert_eq!(libc::tcgetattr(fd.as_raw_fd(), &mut t), 0);
        t.c_lflag
    }
}

impl Session {
    /// Copies the fixture, lets `prepare` change it, and starts `mtlings watch ARGS` on it.
    fn start(test: &str, args: &[&str], prepare: impl FnOnce(&Path)) -> Self {
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/watch_book");
        let book = tempfile::Builder::new()
            .prefix("mtlings-watch-")
            .tempdir()
            .unwrap();
        copy_tree(&fixture, book.path());
        prepare(book.path());
        let (master, slave) = open_pty();
        let initial_lflag = lflag(&slave);
        // Warm and separate: each test has its own build folder under the repository's target/,
        // so tests running at once never overwrite each other's executables.
        let builds = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("target/fixture-builds/watch")
            .join(test);
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_mtlings"));
        cmd.arg("watch")
            .args(args)
            .current_dir(book.path())
            .env("CARGO_TARGET_DIR", &builds)
            .env("TERM", "xterm-256color")
            .env_remove("RUST_BACKTRACE")
            .env_remove("NO_COLOR")
            .env_remove("MTLINGS_LANG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C.UTF-8")
            .stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(slave.try_clone().unwrap()));
        // SAFETY: setsid and ioctl are async-signal-safe; they make the terminal the child's
        // controlling terminal, as a shell would.
        unsafe {
            cmd.pre_exec(|| {
                if libc::setsid() == -1 || libc::ioctl(0, libc::TIOCSCTTY, 0) == -1 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = cmd.spawn().expect("cannot start mtlings");
        let screen: Shared = Arc::new((Mutex::new(Vec::new()), Condvar::new()));
        let mut reader = File::from(master.try_clone().unwrap());
        let shared = Arc::clone(&screen);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let (lock, cvar) = &*shared;
                lock.lock().unwrap().extend_from_slice(&buf[..n]);
                cvar.notify_all();
            }
        });
        Session {
            book,
            master: File::from(master),
            slave,
            initial_lflag,
            child: Some(child),
            screen,
            mark: 0,
        }
    }

    /// The workbook folder.
    fn dir(&self) -> &Path {
        self.book.path()
    }

    /// Everything shown so far, without escape sequences.
    fn text(&self) -> String {
        let bytes = self.screen.0.lock().unwrap();
        console::strip_ansi_codes(&String::from_utf8_lossy(&bytes)).into_owned()
    }

    /// The raw bytes shown so far.
    fn raw(&self) -> Vec<u8> {
        self.screen.0.lock().unwrap().clone()
    }

    /// Waits until `pattern` shows up after what earlier expectations consumed.
    fn expect(&mut self, pattern: &str) {
        let deadline = Instant::now() + DEADLINE;
        let (lock, cvar) = &*self.screen;
        let mut bytes = lock.lock().unwrap();
        loop {
            let text = console::strip_ansi_codes(&String::from_utf8_lossy(&bytes)).into_owned();
            if let Some(at) = text.get(self.mark..).and_then(|t| t.find(pattern)) {
                self.mark += at + pattern.len();
                return;
            }
            let now = Instant::now();
            if now >= deadline {
                let tail: String = text
                    .chars()
                    .rev()
                    .take(4000)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                drop(bytes);
                panic!("`{pattern}` did not appear; the screen ended with:\n{tail}");
            }
            bytes = cvar.wait_timeout(bytes, deadline - now).unwrap().0;
        }
    }

    /// Types `keys`.
    fn send(&mut self, keys: &[u8]) {
        self.master.write_all(keys).unwrap();
        self.master.flush().unwrap();
    }

    /// Waits for the watcher to exit and returns how it ended.
    fn wait_exit(&mut self) -> ExitStatus {
        let mut child = self.child.take().expect("already exited");
        let deadline = Instant::now() + DEADLINE;
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                return status;
            }
            if Instant::now() >= deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "mtlings did not exit; the screen ended with:\n{}",
                    self.text()
                );
            }
            // Waiting for a process has no blocking call with a deadline: poll it.
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Asserts that no process runs in (or names) the workbook folder, allowing killed ones a
    /// bounded moment to disappear.
    fn assert_nothing_left(&self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let left = processes_in(self.dir());
            if left.is_empty() {
                return;
            }
            if Instant::now() >= deadline {
                panic!("processes left behind: {left:#?}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Resizes the terminal, as a window manager would (the kernel tells the watcher).
    fn resize(&self, cols: u16, rows: u16) {
        let size = libc::winsize {
            ws_row: rows,
            ws_col: cols,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: TIOCSWINSZ reads the winsize owned here.
        unsafe {
            assert_eq!(
                libc::ioctl(self.master.as_raw_fd(), libc::TIOCSWINSZ, &size),
                0
            );
        }
    }

    /// Writes `text` to the exercise `name` in place.
    fn write_exercise(&self, name: &str, text: &str) {
        fs::write(
            self.dir().join("exercises").join(format!("{name}.rs")),
            text,
        )
        .unwrap();
    }

    /// The solution of exercise `name`.
    fn solution(&self, name: &str) -> String {
        fs::read_to_string(self.dir().join("solutions").join(format!("{name}.rs"))).unwrap()
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // A failed test must not leave a watcher or a spinning compiler behind.
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        for (pid, _) in processes_in(self.dir()) {
            // SAFETY: only processes working in this test's own temporary folder are signalled.
            unsafe {
                libc::kill(pid, libc::SIGKILL);
            }
        }
    }
}

/// Live processes (other than this one) whose command line names `dir` or whose working
/// folder is inside it.
fn processes_in(dir: &Path) -> Vec<(i32, String)> {
    let me = std::process::id() as i32;
    let needle = dir.to_string_lossy().into_owned();
    let mut found = Vec::new();
    let Ok(entries) = fs::read_dir("/proc") else {
        return found;
    };
    for entry in entries.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<i32>().ok())
        else {
            continue;
        };
        if pid == me {
            continue;
        }
        let cmdline = fs::read(entry.path().join("cmdline")).unwrap_or_default();
        let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
        let cwd: Option<PathBuf> = fs::read_link(entry.path().join("cwd")).ok();
        if cmdline.contains(&needle) || cwd.is_some_and(|c| c.starts_with(dir)) {
            found.push((pid, cmdline));
        }
    }
    found
}

/// Writes a progress file that makes `current` the current exercise.
fn start_at(dir: &Path, current: &str) {
    fs::write(
        dir.join(".mtlings-state.toml"),
        format!("current = \"{current}\"\ndone = []\nwelcomed = true\n"),
    )
    .unwrap();
}

#[test]
fn saves_in_place_and_by_rename_are_graded() {
    let mut s = Session::start("saves", &[], |_| {});
    s.expect("Welcome to the watch fixture.");
    s.expect("a1: tests failed");
    let fixed = s.solution("a1");
    s.write_exercise("a1", &fixed);
    s.expect("a1 passes!");
    // An editor's atomic save: write a temporary file, then rename it over the exercise.
    let broken = fixed.replace("    42\n}", "    40\n}");
    assert_ne!(broken, fixed);
    let tmp = s.dir().join("exercises/.a1.rs.swp");
    fs::write(&tmp, broken).unwrap();
    fs::rename(&tmp, s.dir().join("exercises/a1.rs")).unwrap();
    s.expect("a1: tests failed");
    // Deleted, then created again.
    fs::remove_file(s.dir().join("exercises/a1.rs")).unwrap();
    s.expect("exercises/a1.rs is missing");
    s.write_exercise("a1", &fixed);
    s.expect("a1 passes!");
    s.send(b"q");
    assert!(s.wait_exit().success());
    s.assert_nothing_left();
    let state = fs::read_to_string(s.dir().join(".mtlings-state.toml")).unwrap();
    assert!(state.contains("welcomed = true"), "{state}");
}

#[test]
fn next_moves_on_only_after_a_pass_and_records_it() {
    let mut s = Session::start("next", &[], |dir| {
        fs::copy(dir.join("solutions/a1.rs"), dir.join("exercises/a1.rs")).unwrap();
    });
    s.expect("a1 passes!");
    s.send(b"n");
    s.expect("Current exercise: exercises/a2.rs");
    s.expect("a2 says no");
    s.expect("a2: main exited with code 1");
    let state = fs::read_to_string(s.dir().join(".mtlings-state.toml")).unwrap();
    assert!(state.contains("current = \"a2\""), "{state}");
    assert!(state.contains("done = [\"a1\"]"), "{state}");
    // a2 fails: `n` refuses to move on.
    s.send(b"n");
    s.expect("n moves on once a2 passes");
    s.send(b"h");
    s.expect("Exit with success.");
    s.send(b"q");
    assert!(s.wait_exit().success());
    let state = fs::read_to_string(s.dir().join(".mtlings-state.toml")).unwrap();
    assert!(state.contains("current = \"a2\""), "{state}");
    s.assert_nothing_left();
}

#[test]
fn a_save_during_a_build_restarts_it_with_the_new_content() {
    let mut s = Session::start("restart", &[], |dir| start_at(dir, "slow"));
    // This build never ends by itself: only cancelling it lets the new content run.
    s.expect("Building slow");
    let fixed = s.solution("slow");
    s.write_exercise("slow", &fixed);
    s.expect("new version");
    s.expect("slow passes!");
    assert!(!s.text().contains("old version"), "the stale build ran");
    s.send(b"q");
    assert!(s.wait_exit().success());
    s.assert_nothing_left();
}

#[test]
fn a_hang_is_stopped_at_its_timeout_with_a_diagnosis() {
    let mut s = Session::start("hang", &[], |dir| start_at(dir, "hang"));
    // Output printed before the hang is shown while it hangs.
    s.expect("waiting for the worker");
    s.expect("did not finish in 1 s: looks like a deadlock");
    s.send(b"q");
    assert!(s.wait_exit().success());
    s.assert_nothing_left();
}

#[test]
fn q_quits_while_an_exercise_hangs() {
    let mut s = Session::start("quit", &[], |dir| start_at(dir, "hang_long"));
    s.expect("waiting for the worker");
    s.expect("Running hang_long");
    // The run has ten minutes left; `q` ends it and the watcher now.
    s.send(b"q");
    assert!(s.wait_exit().success());
    assert!(
        !s.text().contains("did not finish"),
        "the run was not stopped by q"
    );
    s.assert_nothing_left();
}

#[test]
fn ctrl_c_quits_and_restores_the_terminal() {
    let mut s = Session::start("ctrlc", &[], |_| {});
    let before = s.initial_lflag;
    assert_ne!(
        before & libc::ICANON,
        0,
        "a new terminal starts in line mode"
    );
    s.expect("a1: tests failed");
    assert_eq!(
        lflag(&s.slave) & libc::ICANON,
        0,
        "keys are read one at a time"
    );
    s.send(b"\x03");
    let status = s.wait_exit();
    assert_eq!(
        status.code(),
        Some(130),
        "{status:?} (signal {:?})",
        status.signal()
    );
    assert_eq!(
        lflag(&s.slave),
        before,
        "the terminal settings were restored"
    );
    let raw = String::from_utf8_lossy(&s.raw()).into_owned();
    let hidden = raw.rfind("\x1b[?25l").expect("the cursor was hidden");
    assert!(
        raw[hidden..].contains("\x1b[?25h"),
        "the cursor was shown again"
    );
    s.assert_nothing_left();
}

#[test]
fn polling_notices_saves() {
    let mut s = Session::start("poll", &["--poll"], |_| {});
    s.expect("Polling for changes");
    s.expect("a1: tests failed");
    let fixed = s.solution("a1");
    s.write_exercise("a1", &fixed);
    s.expect("a1 passes!");
    s.send(b"q");
    assert!(s.wait_exit().success());
    s.assert_nothing_left();
}

#[test]
fn list_jumps_and_reset_restores_the_original() {
    let mut s = Session::start("list", &[], |_| {});
    s.expect("a1: tests failed");
    // The picker starts on the current exercise; typing filters it, Enter jumps.
    s.send(b"l");
    s.expect("Jump to:");
    s.expect("› ");
    s.send(b"a2");
    s.expect("1 of 5 match");
    s.send(b"\r");
    s.expect("a2 says no");
    let fixed = s.solution("a2");
    s.write_exercise("a2", &fixed);
    s.expect("a2 passes!");
    s.send(b"x");
    s.expect("Reset exercises/a2.rs to its original?");
    s.send(b"y");
    s.expect("a2: main exited with code 1");
    let text = fs::read_to_string(s.dir().join("exercises/a2.rs")).unwrap();
    assert!(text.contains("a2 says no"), "{text}");
    s.send(b"q");
    assert!(s.wait_exit().success());
    s.assert_nothing_left();
}

#[test]
fn the_last_pass_shows_the_final_message() {
    let mut s = Session::start("final", &[], |dir| {
        fs::write(
            dir.join(".mtlings-state.toml"),
            "current = \"a1\"\ndone = [\"a2\", \"slow\", \"hang\", \"hang_long\"]\nwelcomed = true\n",
        )
        .unwrap();
        fs::copy(dir.join("solutions/a1.rs"), dir.join("exercises/a1.rs")).unwrap();
    });
    s.expect("4/5 exercises done");
    s.expect("a1 passes!");
    s.send(b"n");
    s.expect("Fixture finished: every exercise done.");
    s.expect("5/5 exercises done");
    s.send(b"q");
    assert!(s.wait_exit().success());
    s.assert_nothing_left();
    let state = fs::read_to_string(s.dir().join(".mtlings-state.toml")).unwrap();
    assert!(state.contains("\"a1\""), "{state}");
}

#[test]
fn q_quits_while_checking_every_exercise() {
    // The `slow` exercise never finishes building, so the check is still running at `q`.
    let mut s = Session::start("check", &[], |_| {});
    s.expect("a1: tests failed");
    s.send(b"c");
    s.expect("Building every exercise");
    s.send(b"q");
    assert!(s.wait_exit().success());
    s.assert_nothing_left();
}

#[test]
fn a_pass_is_told_once_recorded_at_once_and_quitting_says_goodbye_in_one_line() {
    let mut s = Session::start("goodbye", &[], |dir| {
        start_at(dir, "a1");
        fs::copy(dir.join("solutions/a1.rs"), dir.join("exercises/a1.rs")).unwrap();
    });
    s.expect("a1 passes!");
    s.expect("Press n for the next exercise");
    s.send(b"q");
    assert!(s.wait_exit().success());
    let text = s.text();
    assert_eq!(text.matches("a1 passes!").count(), 1, "{text}");
    let bye: Vec<&str> = text.lines().filter(|l| l.contains("Bye!")).collect();
    assert_eq!(bye.len(), 1, "{text}");
    assert!(
        bye[0].contains("1/5 exercises done; progress is saved"),
        "{text}"
    );
    let state = fs::read_to_string(s.dir().join(".mtlings-state.toml")).unwrap();
    assert!(state.contains("done = [\"a1\"]"), "{state}");
    s.assert_nothing_left();
}

#[test]
fn a_resize_redraws_the_screen_and_a_narrow_one_keeps_q_quit() {
    let mut s = Session::start("resize", &[], |_| {});
    s.expect("a1: tests failed");
    s.expect("n next · h hint · l list · r re-run · c check all · x reset · q quit");
    s.resize(40, 30);
    s.expect("n h l r c x · q quit");
    s.resize(120, 40);
    // The screen is cleared, the output above the status printed again (not lost), and the
    // status drawn for the new width.
    s.expect("a1: tests failed");
    s.expect("n next · h hint · l list · r re-run · c check all · x reset · q quit");
    s.send(b"q");
    assert!(s.wait_exit().success());
    s.assert_nothing_left();
}

#[test]
fn an_edit_below_the_marker_is_pointed_out_once() {
    let mut s = Session::start("edited", &[], |_| {});
    s.expect("a1: tests failed");
    // Weakening the test instead of fixing the code.
    let weakened = s
        .solution("a1")
        .replace("super::answer(), 42", "super::answer(), 41")
        .replace("    42\n}", "    41\n}");
    s.write_exercise("a1", &weakened);
    s.expect("differ from the shipped file");
    s.expect("a1 passes!");
    s.send(b"q");
    assert!(s.wait_exit().success());
    s.assert_nothing_left();
}

/// A zh-CN translation of the watch fixture's `a1`, as an author writes one.
const A1_ZH: &str = "source = \"\"\nhints = [\"答案要再大一。\"]\n\n[[text]]\nen = \"a1: make the \
                     test pass.\"\nzh = \"a1：让测试通过。\"\n\n[[text]]\nen = \"answer is {}\"\nzh \
                     = \"答案是 {}\"\n";

#[test]
fn the_watcher_speaks_chinese_and_its_status_fits_a_narrow_terminal() {
    let mut s = Session::start("chinese", &["--lang", "zh-CN"], |dir| {
        fs::create_dir_all(dir.join("i18n/zh-CN")).unwrap();
        fs::write(dir.join("i18n/zh-CN/a1.toml"), A1_ZH).unwrap();
    });
    s.expect("a1: 测试失败");
    s.expect("n 下一题 · h 提示 · l 列表 · r 重新运行 · c 检查全部 · x 重置 · q 退出");
    let file = fs::read_to_string(s.dir().join("exercises/a1.rs")).unwrap();
    assert!(file.starts_with("// a1：让测试通过。"), "{file}");
    s.send(b"h");
    s.expect("答案要再大一。");
    // CJK characters take two columns: at 40 columns the status must still fit, line by line.
    s.resize(40, 30);
    s.expect("n h l r c x · q 退出");
    let text = s.text();
    let last: Vec<&str> = text.lines().rev().take(4).collect();
    for line in &last {
        let width = console::measure_text_width(line.trim_end_matches('\r'));
        assert!(width <= 40, "{line:?} is {width} columns wide:\n{text}");
    }
    assert!(last.iter().any(|l| l.contains("进度")), "{last:?}");
    s.send(b"q");
    assert!(s.wait_exit().success());
    s.assert_nothing_left();
}
