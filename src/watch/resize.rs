//! Noticing that the terminal was resized, so the screen can be redrawn cleanly.
//!
//! The `SIGWINCH` handler only writes a byte to a pipe (all a signal handler may safely do); a
//! thread reads the pipe and tells the loop.

use std::sync::atomic::{AtomicI32, Ordering};

/// The write end of the pipe the signal handler writes to (-1: not set up).
static PIPE: AtomicI32 = AtomicI32::new(-1);

extern "C" fn on_winch(_: libc::c_int) {
    let fd = PIPE.load(Ordering::Relaxed);
    if fd >= 0 {
        // SAFETY: write(2) is async-signal-safe; the byte is a local.
        unsafe {
            libc::write(fd, [1u8].as_ptr().cast(), 1);
        }
    }
}

/// Calls `send` after each resize, from its own thread, until `send` returns false.
pub fn spawn(send: impl Fn() -> bool + Send + 'static) -> std::io::Result<()> {
    let mut fds = [0 as libc::c_int; 2];
    // SAFETY: pipe(2) fills the two descriptors; sigaction installs a handler that only writes
    // to the pipe's write end, which stays open for the life of the process.
    unsafe {
        if libc::pipe(fds.as_mut_ptr()) != 0 {
            return Err(std::io::Error::last_os_error());
        }
        PIPE.store(fds[1], Ordering::Relaxed);
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_winch as extern "C" fn(libc::c_int) as libc::sighandler_t;
        action.sa_flags = libc::SA_RESTART;
        if libc::sigaction(libc::SIGWINCH, &action, std::ptr::null_mut()) != 0 {
            return Err(std::io::Error::last_os_error());
        }
    }
    let read_fd = fds[0];
    std::thread::Builder::new()
        .name("resize".into())
        .spawn(move || {
            let mut byte = [0u8; 64];
            loop {
                // SAFETY: reads into a local buffer from the pipe created above.
                let n = unsafe { libc::read(read_fd, byte.as_mut_ptr().cast(), byte.len()) };
                if n < 0
                    && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted
                {
                    continue;
                }
                if n <= 0 || !send() {
                    return;
                }
            }
        })
        .map(|_| ())
}
