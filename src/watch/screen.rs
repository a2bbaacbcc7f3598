//! Drawing the watcher's screen without flicker.
//!
//! The screen is a scrolling page of output (compiler messages, test output, hints) with a small
//! live region under it: the status lines. Output is printed above the live region; the live
//! region is erased and redrawn in the same single write, so nothing ever blinks. A new page
//! (a new run) starts by homing the cursor and clearing below it, once per run, never per event.
//! When standard output is not a terminal, output is printed as it comes and status lines only
//! when they change, with no cursor movement.

use std::io::Write;
use std::path::Path;

/// The terminal (or pipe) the watcher draws on.
pub struct Screen {
    /// Whether standard output is a terminal (cursor movement and links allowed).
    tty: bool,
    /// Whether OSC 8 hyperlinks may be written.
    links: bool,
    /// Bytes of output after the last newline, shown in the live region until the line ends.
    partial: Vec<u8>,
    /// The status lines last drawn.
    footer: Vec<String>,
    /// How many rows the live region takes on screen now (0: nothing drawn).
    live_rows: usize,
}

impl Screen {
    /// A screen on standard output; `tty` says whether it is a terminal.
    pub fn new(tty: bool) -> Self {
        let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
        Self {
            tty,
            links: tty && !dumb,
            partial: Vec::new(),
            footer: Vec::new(),
            live_rows: 0,
        }
    }

    /// Whether the screen is a terminal.
    pub fn is_tty(&self) -> bool {
        self.tty
    }

    /// Starts a fresh page: the previous output disappears and `footer` is drawn.
    pub fn new_page(&mut self, footer: Vec<String>) {
        let mut buf = String::new();
        if self.tty {
            // Home, then clear to the end of the screen: one write, so no blank frame is seen.
            buf.push_str("\x1b[H\x1b[J");
        } else if !self.partial.is_empty() {
            buf.push('\n');
        }
        self.partial.clear();
        self.live_rows = 0;
        if !self.tty {
            self.footer.clear();
        }
        self.footer_into(&mut buf, footer);
        self.emit(&buf);
    }

    /// Prints output above the live region; a line without its newline yet is shown live.
    pub fn output(&mut self, bytes: &[u8], footer: Vec<String>) {
        self.partial.extend_from_slice(bytes);
        let mut buf = self.erase();
        if let Some(last) = self.partial.iter().rposition(|&b| b == b'\n') {
            let done: Vec<u8> = self.partial.drain(..=last).collect();
            buf.push_str(&String::from_utf8_lossy(&done));
        }
        if !self.tty && !self.partial.is_empty() {
            // Without a live region, show partial lines as they come.
            buf.push_str(&String::from_utf8_lossy(&self.partial));
            self.partial.clear();
        }
        self.draw_into(&mut buf, footer);
        self.emit(&buf);
    }

    /// Prints whole lines of text above the live region.
    pub fn lines(&mut self, text: &str, footer: Vec<String>) {
        let mut buf = self.erase();
        if !self.partial.is_empty() {
            buf.push_str(&String::from_utf8_lossy(&self.partial));
            buf.push('\n');
            self.partial.clear();
        }
        buf.push_str(text);
        if !text.ends_with('\n') {
            buf.push('\n');
        }
        self.draw_into(&mut buf, footer);
        self.emit(&buf);
    }

    /// Redraws the status lines (on a terminal; elsewhere only printed when they changed).
    pub fn status(&mut self, footer: Vec<String>) {
        let mut buf = self.erase();
        self.draw_into(&mut buf, footer);
        self.emit(&buf);
    }

    /// Leaves the screen for the shell: the pending partial line and status stay visible, and
    /// the cursor goes to a fresh line.
    pub fn finish(&mut self) {
        if self.tty && self.live_rows > 0 {
            self.emit("\r\n");
            self.live_rows = 0;
        }
    }

    /// A file path as a clickable OSC 8 link where supported, else plain text.
    pub fn link(&self, text: &str, target: &Path) -> String {
        if !self.links {
            return text.to_string();
        }
        let url: String = target
            .to_string_lossy()
            .chars()
            .map(|c| match c {
                ' ' => "%20".to_string(),
                c => c.to_string(),
            })
            .collect();
        format!("\x1b]8;;file://{url}\x1b\\{text}\x1b]8;;\x1b\\")
    }

    /// The escape sequence erasing the live region, leaving the cursor where it started.
    fn erase(&mut self) -> String {
        let mut buf = String::new();
        if self.tty && self.live_rows > 0 {
            buf.push('\r');
            if self.live_rows > 1 {
                buf.push_str(&format!("\x1b[{}A", self.live_rows - 1));
            }
            buf.push_str("\x1b[J");
        }
        self.live_rows = 0;
        buf
    }

    /// Appends the live region (partial line, then status lines) to `buf`.
    fn draw_into(&mut self, buf: &mut String, footer: Vec<String>) {
        if !self.tty {
            if footer != self.footer {
                self.footer_into(buf, footer);
            }
            return;
        }
        let width = console::Term::stdout().size().1.max(20) as usize;
        let mut lines = Vec::new();
        if !self.partial.is_empty() {
            lines.push(String::from_utf8_lossy(&self.partial).replace('\t', "    "));
        }
        lines.extend(footer.iter().cloned());
        self.footer = footer;
        let fitted: Vec<String> = lines
            .iter()
            .map(|l| console::truncate_str(l, width - 1, "…").into_owned())
            .collect();
        buf.push_str(&fitted.join("\r\n"));
        // Ending the line would scroll; the cursor stays on the last status line instead.
        buf.push_str("\x1b[0m");
        self.live_rows = fitted.len();
    }

    /// Writes status lines for a fresh region (used by new pages and on non-terminals).
    fn footer_into(&mut self, buf: &mut String, footer: Vec<String>) {
        if self.tty {
            self.draw_into(buf, footer);
        } else {
            for line in &footer {
                buf.push_str(line);
                buf.push('\n');
            }
            self.footer = footer;
        }
    }

    /// Writes `buf` in one go.
    fn emit(&self, buf: &str) {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(buf.as_bytes());
        let _ = out.flush();
    }
}
