// gen_send.rs — Sending values into a paused generator (Python's `gen.send()`)
//
// A Python generator can also RECEIVE values: `c = yield out` pauses, hands `out` to the
// caller, and resumes when the caller calls `g.send(c)`. That makes a coroutine a state
// machine driven from outside, one input at a time. This one parses length-prefixed frames
// such as "5:hello3:abc" fed one character at a time, the way bytes trickle in from a socket:
//
//     def frames():
//         out = None
//         while True:
//             n = 0
//             while True:                 # paused here: reading the length digits
//                 c = yield out
//                 out = None
//                 if c == ':': break
//                 n = n * 10 + int(c)
//             body = ''
//             for _ in range(n):          # paused here: reading n characters of body
//                 body += yield None
//             out = body                  # handed out by the next `yield`
//
// Each `yield` is a place where the function can be paused. In Rust you name those places:
// they become the variants of an enum, and the local variables alive there (`n`, `body`, how
// many characters are left) become the variant's fields. `send` is one resume: take the input,
// move to the next state, maybe hand out a finished frame. Unlike Python there is no priming
// `next(g)` before the first `send`: `Framer::new()` already sits in its first state.
//
// `send` handles the length state but the body state never finishes. Complete it: hand out the
// frame when its last character arrives and go back to reading a length. A frame can be empty
// ("0:"). Make the tests pass.

#[derive(Debug)]
enum State {
    /// Paused while reading the length digits; holds the length read so far.
    Length(usize),
    /// Paused while reading the body; `remaining` characters are still to come.
    Body { remaining: usize, body: String },
}

struct Framer {
    state: State,
}

impl Framer {
    fn new() -> Self {
        Framer {
            state: State::Length(0),
        }
    }

    /// Resume the parser with one character; returns a frame when one is complete.
    fn send(&mut self, c: char) -> Option<String> {
        match &mut self.state {
            State::Length(n) => {
                if c == ':' {
                    let len = *n;
                    if len == 0 {
                        // An empty frame is complete at once; stay in Length(0).
                        return Some(String::new());
                    }
                    self.state = State::Body {
                        remaining: len,
                        body: String::new(),
                    };
                } else {
                    let digit = c.to_digit(10).expect("expected a length digit or ':'");
                    *n = *n * 10 + digit as usize;
                }
                None
            }
            State::Body { remaining, body } => {
                body.push(c);
                *remaining -= 1;
                if *remaining == 0 {
                    let frame = std::mem::take(body);
                    // Back to the first pause point, with a fresh length.
                    self.state = State::Length(0);
                    return Some(frame);
                }
                None
            }
        }
    }
}

fn main() {
    let mut framer = Framer::new();
    // The input arrives in arbitrary pieces; the framer remembers where it was between them.
    for chunk in ["5:he", "llo3", ":ab", "c0:2:h", "i"] {
        let frames: Vec<String> = chunk.chars().filter_map(|c| framer.send(c)).collect();
        println!("received {chunk:?} -> complete frames {frames:?}");
    }
}

// ---- Don't edit below this line. ----

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::cputime::CpuBudget;
    use std::time::Duration;

    /// Sends each character of `input`; a panic inside `send` becomes a readable failure.
    fn feed(framer: &mut Framer, input: &str) -> Vec<String> {
        let mut frames = Vec::new();
        for (i, c) in input.char_indices() {
            let sent = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| framer.send(c)));
            match sent {
                Ok(frame) => frames.extend(frame),
                Err(_) => panic!(
                    "send({c:?}) panicked after {:?} (frames so far {frames:?}): the parser was \
                     in the wrong state for this character; after a frame (an empty one too) it \
                     must be back to reading a length",
                    &input[..i]
                ),
            }
        }
        frames
    }

    #[test]
    fn one_frame() {
        let mut f = Framer::new();
        assert_eq!(feed(&mut f, "5:hello"), ["hello"], "one frame, \"5:hello\"");
    }

    #[test]
    fn frame_is_handed_out_by_its_last_character() {
        let mut f = Framer::new();
        let outputs: Vec<Option<String>> = "3:abc".chars().map(|c| f.send(c)).collect();
        assert_eq!(
            outputs,
            [None, None, None, None, Some("abc".to_string())],
            "send() must return the frame when its last character arrives, and None before"
        );
    }

    #[test]
    fn many_frames_back_to_back() {
        let mut f = Framer::new();
        assert_eq!(
            feed(&mut f, "5:hello3:abc12:twelve chars1:!"),
            ["hello", "abc", "twelve chars", "!"],
            "after a frame the parser must go back to reading a length (from zero)"
        );
    }

    #[test]
    fn empty_frames() {
        let mut f = Framer::new();
        assert_eq!(
            feed(&mut f, "0:2:hi0:0:"),
            ["", "hi", "", ""],
            "\"0:\" is a complete, empty frame"
        );
    }

    #[test]
    fn resumes_across_pieces_and_framers_are_independent() {
        let mut a = Framer::new();
        let mut b = Framer::new();
        let mut got_a = Vec::new();
        let mut got_b = Vec::new();
        for (pa, pb) in [("4:ru", "2:o"), ("st1", "k"), (":!", "3:yes")] {
            got_a.extend(feed(&mut a, pa));
            got_b.extend(feed(&mut b, pb));
        }
        assert_eq!(got_a, ["rust", "!"], "framer a, fed in pieces");
        assert_eq!(got_b, ["ok", "yes"], "framer b, fed in pieces");
    }

    #[test]
    fn a_long_stream_costs_the_same_per_character() {
        // 100 000 frames in one stream: each character must cost a step, not a re-read of
        // everything received so far.
        let budget = CpuBudget::new(Duration::from_millis(300));
        let mut f = Framer::new();
        for i in 0..100_000u32 {
            let got = feed(&mut f, "3:abc");
            assert_eq!(got, ["abc"], "frame {i}");
            if i % 128 == 0 && budget.spent() {
                panic!(
                    "{i} frames took {:?} of CPU time, and each one costs more than the one \
                     before: send() goes over everything received so far instead of resuming \
                     from the state it keeps",
                    budget.used()
                );
            }
        }
    }
}
