//! Drawing the watcher's screen without flicker, and without filling the scrollback.
//!
//! The screen is a scrolling page of output (compiler messages, test output) with a small live
//! region under it: the status area the view renders. Each frame is one write: the live region
//! is erased, new output printed above it, and the live region drawn again. Erasing clears the
//! region's rows one by one (never "clear to the end of the screen" from the top-left corner,
//! which terminals such as tmux answer by pushing the whole screen into the scrollback). After
//! a resize the visible rows are cleared and the end of the page printed again, so no wrapped
//! fragment of an older, wider status stays behind. When standard output is not a terminal,
//! output is printed as it comes and the status only when it changes, with no cursor movement.

use std::collections::VecDeque;
use std::io::Write;

use console::{measure_text_width, truncate_str};

/// Lines of the current page kept for redrawing after a resize.
const PAGE_LINES: usize = 500;

/// The terminal (or pipe) the watcher draws on.
pub struct Screen {
    /// Whether standard output is a terminal (cursor movement allowed).
    tty: bool,
    /// Bytes of output after the last newline, shown in the live region until the line ends.
    partial: Vec<u8>,
    /// The last lines of output on this page.
    page: VecDeque<String>,
    /// The status lines last drawn (printed, on a pipe).
    live: Vec<String>,
    /// How many rows the live region takes on screen now (0: nothing drawn).
    live_rows: usize,
    /// The frame being composed.
    buf: String,
    /// Whether this frame already erased the live region.
    erased: bool,
}

impl Screen {
    /// A screen on standard output; `tty` says whether it is a terminal.
    pub fn new(tty: bool) -> Self {
        Self {
            tty,
            partial: Vec::new(),
            page: VecDeque::new(),
            live: Vec::new(),
            live_rows: 0,
            buf: String::new(),
            erased: false,
        }
    }

    /// Starts a fresh page of `height` rows: the previous output disappears from the screen.
    pub fn new_page(&mut self, height: usize) {
        self.erase();
        if self.tty {
            self.clear_rows(height);
        } else {
            if !self.partial.is_empty() {
                self.buf.push('\n');
            }
            self.live.clear();
        }
        self.partial.clear();
        self.page.clear();
    }

    /// Prints output above the live region; a line without its newline yet is shown live.
    pub fn output(&mut self, bytes: &[u8]) {
        self.erase();
        self.partial.extend_from_slice(bytes);
        if let Some(last) = self.partial.iter().rposition(|&b| b == b'\n') {
            let done: Vec<u8> = self.partial.drain(..=last).collect();
            self.push_text(&String::from_utf8_lossy(&done));
        }
        if !self.tty && !self.partial.is_empty() {
            // Without a live region, partial lines are shown as they come.
            self.buf.push_str(&String::from_utf8_lossy(&self.partial));
            self.partial.clear();
        }
    }

    /// Prints whole lines of text above the live region.
    pub fn print(&mut self, text: &str) {
        self.erase();
        if !self.partial.is_empty() {
            let line = format!("{}\n", String::from_utf8_lossy(&self.partial));
            self.partial.clear();
            self.push_text(&line);
        }
        self.push_text(text);
        if !text.ends_with('\n') {
            self.push_text("\n");
        }
    }

    /// Clears the visible rows and prints the end of the page again (after a resize).
    pub fn redraw_all(&mut self, width: usize, height: usize, live_rows: usize) {
        if !self.tty {
            return;
        }
        self.live_rows = 0;
        self.erased = true;
        self.clear_rows(height);
        let room = height.saturating_sub(live_rows + 1);
        let mut rows = 0;
        let mut tail = Vec::new();
        for line in self.page.iter().rev() {
            let needs = measure_text_width(line).div_ceil(width.max(1)).max(1);
            if rows + needs > room {
                break;
            }
            rows += needs;
            tail.push(line.clone());
        }
        for line in tail.iter().rev() {
            self.buf.push_str(line);
            self.buf.push('\n');
        }
    }

    /// Ends the frame: draws `live` (the status area, lines that fit `width`) and writes it all.
    pub fn draw(&mut self, live: Vec<String>, width: usize) {
        if self.tty {
            self.erase();
            let mut lines = Vec::new();
            if !self.partial.is_empty() {
                let partial = String::from_utf8_lossy(&self.partial).replace('\t', "    ");
                lines.push(truncate_str(&partial, width.max(2) - 1, "…").into_owned());
            }
            lines.extend(live.iter().cloned());
            // Ending the last line would scroll; the cursor stays on it instead.
            self.buf.push_str(&lines.join("\r\n"));
            self.buf.push_str("\x1b[0m");
            self.live_rows = lines.len();
        } else if live != self.live {
            for line in &live {
                self.buf.push_str(line);
                self.buf.push('\n');
            }
        }
        self.live = live;
        self.flush();
    }

    /// Leaves the screen for the shell: the live region gives way to one last line.
    pub fn leave(&mut self, line: &str) {
        self.erase();
        if !self.partial.is_empty() {
            self.buf.push_str(&String::from_utf8_lossy(&self.partial));
            self.buf.push('\n');
            self.partial.clear();
        }
        self.buf.push_str(line);
        self.buf.push('\n');
        self.flush();
    }

    /// Appends output text to the frame and remembers its lines for a redraw.
    fn push_text(&mut self, text: &str) {
        self.buf.push_str(text);
        if self.tty {
            for line in text.lines() {
                if self.page.len() == PAGE_LINES {
                    self.page.pop_front();
                }
                self.page.push_back(line.to_string());
            }
        }
    }

    /// Erases the live region (once per frame), leaving the cursor where it started.
    fn erase(&mut self) {
        if self.erased {
            return;
        }
        self.erased = true;
        if self.tty && self.live_rows > 0 {
            self.buf.push_str("\r\x1b[2K");
            for _ in 1..self.live_rows {
                self.buf.push_str("\x1b[1A\x1b[2K");
            }
        }
        self.live_rows = 0;
    }

    /// Clears the `height` visible rows one by one and homes the cursor.
    fn clear_rows(&mut self, height: usize) {
        self.buf.push_str("\x1b[H");
        for row in 0..height {
            self.buf.push_str("\x1b[2K");
            if row + 1 < height {
                self.buf.push_str("\x1b[1B");
            }
        }
        self.buf.push_str("\x1b[H");
    }

    /// Writes the frame in one go.
    fn flush(&mut self) {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(self.buf.as_bytes());
        let _ = out.flush();
        self.buf.clear();
        self.erased = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erasing_never_clears_from_the_top_left_corner() {
        let mut s = Screen::new(true);
        s.live_rows = 3;
        s.erase();
        assert_eq!(s.buf, "\r\x1b[2K\x1b[1A\x1b[2K\x1b[1A\x1b[2K");
        assert!(!s.buf.contains("\x1b[J"));
        s.new_page(2);
        assert!(
            s.buf.ends_with("\x1b[H\x1b[2K\x1b[1B\x1b[2K\x1b[H"),
            "{:?}",
            s.buf
        );
    }

    #[test]
    fn a_redraw_reprints_only_the_lines_that_fit() {
        let mut s = Screen::new(true);
        s.print("one\ntwo\nthree\n");
        s.buf.clear();
        // Five rows, three for the status and one kept free: only the last line fits.
        s.redraw_all(80, 5, 3);
        assert!(s.buf.ends_with("\x1b[Hthree\n"), "{:?}", s.buf);
    }
}
