//! The learner's keys: a terminal in key-at-a-time mode and a thread that reads it.
//!
//! The terminal is put in "cbreak" mode rather than raw mode: keys arrive one at a time without
//! echo, Ctrl-C arrives as a key instead of a signal, but output processing stays on, so the
//! output of runs printed from other threads still starts its lines at the left margin. The
//! previous settings come back when [`TermMode`] is dropped, on Ctrl-C and on a panic.

use std::io::{IsTerminal, Read};
use std::sync::Mutex;

/// A key the watcher understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A printable character.
    Char(char),
    /// Enter or Return.
    Enter,
    /// Escape on its own.
    Esc,
    /// Backspace or Delete.
    Backspace,
    /// The up arrow.
    Up,
    /// The down arrow.
    Down,
    /// Page Up.
    PageUp,
    /// Page Down.
    PageDown,
    /// Ctrl-C: quit.
    CtrlC,
    /// Ctrl-D, or the end of input: quit.
    CtrlD,
}

/// The terminal settings to restore, while mtlings has changed them.
#[cfg(unix)]
static SAVED: Mutex<Option<libc::termios>> = Mutex::new(None);

/// Standard input switched to key-at-a-time mode; dropping it restores the terminal.
pub struct TermMode {
    _private: (),
}

impl TermMode {
    /// Switches the terminal on standard input to key-at-a-time mode and hides the cursor.
    /// Returns `None` (and changes nothing) when standard input is not a terminal.
    pub fn enable() -> Option<Self> {
        #[cfg(unix)]
        {
            // SAFETY: isatty/tcgetattr/tcsetattr only read and write the terminal settings of
            // standard input, into and from a termios owned here.
            unsafe {
                if libc::isatty(libc::STDIN_FILENO) != 1 {
                    return None;
                }
                let mut original: libc::termios = std::mem::zeroed();
                if libc::tcgetattr(libc::STDIN_FILENO, &mut original) != 0 {
                    return None;
                }
                let mut keys = original;
                keys.c_lflag &= !(libc::ICANON | libc::ECHO | libc::ISIG | libc::IEXTEN);
                keys.c_iflag &= !libc::IXON;
                keys.c_cc[libc::VMIN] = 1;
                keys.c_cc[libc::VTIME] = 0;
                if libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &keys) != 0 {
                    return None;
                }
                *SAVED.lock().unwrap_or_else(|p| p.into_inner()) = Some(original);
            }
            if std::io::stdout().is_terminal() {
                print!("\x1b[?25l");
            }
            Some(Self { _private: () })
        }
        #[cfg(not(unix))]
        {
            None
        }
    }
}

impl Drop for TermMode {
    fn drop(&mut self) {
        restore();
    }
}

/// Puts the terminal back as it was before [`TermMode::enable`] (safe to call many times and
/// from the Ctrl-C handler).
pub fn restore() {
    #[cfg(unix)]
    {
        let saved = SAVED.try_lock().ok().and_then(|mut s| s.take());
        if let Some(original) = saved {
            // SAFETY: restores settings read from the same terminal by tcgetattr.
            unsafe {
                libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &original);
            }
            use std::io::Write;
            let mut out = std::io::stdout();
            if out.is_terminal() {
                let _ = out.write_all(b"\x1b[?25h\x1b[0m");
                let _ = out.flush();
            }
        }
    }
}

/// Starts the thread reading keys from standard input; `send` gets each key and returns false
/// once nobody listens any more. When a terminal goes away the thread sends [`Key::CtrlD`];
/// when standard input is not a terminal, its end just stops the keys (saves still count).
pub fn spawn(send: impl Fn(Key) -> bool + Send + 'static) -> std::io::Result<()> {
    let tty = std::io::stdin().is_terminal();
    std::thread::Builder::new()
        .name("keys".into())
        .spawn(move || {
            let mut stdin = std::io::stdin().lock();
            let mut buf = [0u8; 64];
            loop {
                let n = match stdin.read(&mut buf) {
                    Ok(n) if n > 0 => n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Ok(_) | Err(_) => {
                        if tty {
                            let _ = send(Key::CtrlD);
                        }
                        return;
                    }
                };
                for key in parse(&buf[..n]) {
                    if !send(key) {
                        return;
                    }
                }
            }
        })
        .map(|_| ())
}

/// Turns the bytes of one read into keys; escape sequences other than the up and down arrows
/// and the page keys are skipped.
pub fn parse(bytes: &[u8]) -> Vec<Key> {
    let mut keys = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        i += 1;
        let key = match b {
            0x03 => Key::CtrlC,
            0x04 => Key::CtrlD,
            b'\r' | b'\n' => Key::Enter,
            0x7f | 0x08 => Key::Backspace,
            0x1b => {
                if i < bytes.len() && matches!(bytes[i], b'[' | b'O') {
                    // A sequence: parameters up to its final byte.
                    let start = i + 1;
                    let mut end = start;
                    while end < bytes.len() && !(0x40..=0x7e).contains(&bytes[end]) {
                        end += 1;
                    }
                    i = end + 1;
                    match bytes.get(start..=end.min(bytes.len() - 1)) {
                        Some(b"A") => Key::Up,
                        Some(b"B") => Key::Down,
                        Some(b"5~") => Key::PageUp,
                        Some(b"6~") => Key::PageDown,
                        _ => continue,
                    }
                } else {
                    Key::Esc
                }
            }
            0x20..=0x7e => Key::Char(b as char),
            _ => continue,
        };
        keys.push(key);
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_and_page_keys_are_read_and_other_sequences_skipped() {
        assert_eq!(
            parse(b"n\x1b[Ah\x03\x1b[1;5C\x1bOB\x1b[6~\x1b"),
            vec![
                Key::Char('n'),
                Key::Up,
                Key::Char('h'),
                Key::CtrlC,
                Key::Down,
                Key::PageDown,
                Key::Esc
            ]
        );
        assert_eq!(
            parse(b"12\r\x7f"),
            vec![Key::Char('1'), Key::Char('2'), Key::Enter, Key::Backspace]
        );
    }
}
