// MISTAKE: keeps the whole input and parses it again from the start on every character, instead of keeping a state
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

struct Framer {
    received: String,
    handed_out: usize,
}

impl Framer {
    fn new() -> Self {
        Framer {
            received: String::new(),
            handed_out: 0,
        }
    }

    /// Keeps everything received, and parses it again from the start on each character.
    fn send(&mut self, c: char) -> Option<String> {
        self.received.push(c);
        let mut rest = self.received.as_str();
        let mut frames = 0;
        while let Some((len, after)) = rest.split_once(':') {
            let len: usize = len.parse().expect("expected a length digit or ':'");
            if after.len() < len {
                return None;
            }
            frames += 1;
            if frames > self.handed_out {
                self.handed_out = frames;
                return Some(after[..len].to_string());
            }
            rest = &after[len..];
        }
        None
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

