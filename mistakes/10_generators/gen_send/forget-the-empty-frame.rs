// MISTAKE: forgets that "0:" is a complete frame: the body state waits for a character that never belongs to it
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

