// ipc_message_queue.rs — Messages over a byte stream: a Queue between processes
//
// Python's `multiprocessing.Queue` lets one process `q.put(obj)` and another `q.get()` it back,
// one whole object per `get`. Underneath it is a pipe, and a pipe carries BYTES, not messages: a
// single `read` may return half a message, or three messages glued together, depending on how the
// writer's writes and the reader's reads happen to line up. So Python frames every message: it
// pickles the object and writes its length in front of it; `get` reads the length, then exactly
// that many bytes.
//
// Here a child process (this program, run again) is the producer: it `put`s messages on its
// stdout and the parent `get`s them, like a writer process and a reader process sharing a Queue.
// Rust has no pickle, so a message is just bytes. `put` and `get` below pretend a pipe keeps
// message boundaries, and the messages come out wrong. Give every message a frame: its length
// as 4 bytes, big-endian (most significant byte first), then the message's bytes. `get` must
// hand back each message whole however the bytes arrive (the tests also feed it a stream that
// gives out only a few bytes per `read`). When the producer is done it simply exits: its end of
// the pipe closes, and `get` returns `Ok(None)` when the stream ends cleanly between two
// messages (no sentinel needed, unlike Python's `terminate()`). A stream that ends in the middle
// of a message, or fails, is an error for the caller, not a clean end.

use std::io::{self, Read, Write};

/// Puts one message on the stream.
pub fn put(w: &mut impl Write, msg: &[u8]) -> io::Result<()> {
    w.write_all(msg)
}

/// Takes the next message off the stream, or `Ok(None)` if the stream has ended.
pub fn get(r: &mut impl Read) -> io::Result<Option<Vec<u8>>> {
    let mut buf = vec![0u8; 4096];
    let n = r.read(&mut buf)?;
    if n == 0 {
        return Ok(None);
    }
    buf.truncate(n);
    Ok(Some(buf))
}

// ---- Don't edit below this line. ----

use mtlings_support::ipc_child::{self, Running};
use std::process::Stdio;

/// The messages the producer sends: short, empty, with newlines, binary, and large.
pub fn messages() -> Vec<Vec<u8>> {
    let mut msgs: Vec<Vec<u8>> = vec![
        b"A".to_vec(),
        b"B".to_vec(),
        b"C".to_vec(),
        Vec::new(),
        b"two\nlines".to_vec(),
        vec![0, 1, 2, 255, b'\n', 0],
        b"x".repeat(200_000),
    ];
    for i in 0..500 {
        msgs.push(format!("message {i}").into_bytes());
    }
    msgs.push(Vec::new());
    msgs
}

/// Starts the producer and `get`s every message it sends.
pub fn receive_all() -> Vec<Vec<u8>> {
    let mut producer =
        Running::start(ipc_child::command("producer", cfg!(test)).stdin(Stdio::null()));
    let mut received = Vec::new();
    while let Some(msg) = get(&mut producer.stdout).expect("get failed") {
        received.push(msg);
        assert!(
            received.len() <= 10_000,
            "received far more messages than were sent"
        );
    }
    producer.wait();
    received
}

/// If this process was started as a child, plays its role and exits.
fn run_as_child() {
    let Some(role) = ipc_child::role() else {
        return;
    };
    let mut out = std::io::stdout().lock();
    assert_eq!(role, "producer", "unknown child role");
    for msg in messages() {
        put(&mut out, &msg).expect("put failed");
    }
    out.flush().ok();
    std::process::exit(0);
}

fn main() {
    run_as_child();
    let received = receive_all();
    println!(
        "the parent got {} messages from the producer process:",
        received.len()
    );
    for msg in received.iter().take(5) {
        println!("  {:?}", String::from_utf8_lossy(msg));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn describe(msgs: &[Vec<u8>]) -> String {
        let lens: Vec<usize> = msgs.iter().take(8).map(Vec::len).collect();
        format!("{} messages, the first lengths being {lens:?}", msgs.len())
    }

    /// Entry point of the child processes; does nothing in a normal test run.
    #[test]
    fn child_entry() {
        run_as_child();
    }

    /// A stream that hands out at most a few bytes per `read`, like a pipe under load can.
    struct Trickle {
        data: Vec<u8>,
        at: usize,
        reads: usize,
    }

    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.reads += 1;
            let n = (self.reads % 3 + 1)
                .min(buf.len())
                .min(self.data.len() - self.at);
            buf[..n].copy_from_slice(&self.data[self.at..self.at + n]);
            self.at += n;
            Ok(n)
        }
    }

    fn trickle(data: Vec<u8>) -> Trickle {
        Trickle {
            data,
            at: 0,
            reads: 0,
        }
    }

    #[test]
    fn whole_messages_from_a_trickle() {
        let sent = vec![
            b"hello".to_vec(),
            Vec::new(),
            b"a\nb".to_vec(),
            b"z".repeat(10_000),
            vec![0, 0, 0, 1],
        ];
        let mut stream: Vec<u8> = Vec::new();
        for msg in &sent {
            put(&mut stream, msg).unwrap();
        }
        let mut reader = trickle(stream);
        let mut got = Vec::new();
        while let Some(msg) = get(&mut reader).unwrap() {
            got.push(msg);
            assert!(got.len() <= 100, "get never returned None");
        }
        assert!(
            got == sent,
            "expected the 5 messages back as they were sent, from a stream that gives out 1 to 3 \
             bytes per read; got {}",
            describe(&got)
        );
    }

    #[test]
    fn the_frame_is_a_big_endian_length() {
        let mut stream = Vec::new();
        put(&mut stream, b"hi").unwrap();
        assert_eq!(
            stream,
            [0, 0, 0, 2, b'h', b'i'],
            "the frame of a 2-byte message"
        );
        // A stream written by somebody else's `put`: a 300-byte message, then a 1-byte one.
        let mut foreign = vec![0, 0, 1, 44];
        foreign.extend([7u8; 300]);
        foreign.extend([0, 0, 0, 1, 9]);
        let mut reader = trickle(foreign);
        assert_eq!(get(&mut reader).unwrap(), Some(vec![7u8; 300]));
        assert_eq!(get(&mut reader).unwrap(), Some(vec![9]));
        assert_eq!(get(&mut reader).unwrap(), None);
    }

    #[test]
    fn a_message_cut_short_is_an_error() {
        let mut stream = Vec::new();
        put(&mut stream, b"first").unwrap();
        put(&mut stream, b"a message that never arrives whole").unwrap();
        stream.truncate(stream.len() - 10);
        let mut reader = trickle(stream);
        assert_eq!(get(&mut reader).unwrap(), Some(b"first".to_vec()));
        let cut = get(&mut reader);
        assert!(
            cut.is_err(),
            "the stream ended in the middle of a message, but get returned {cut:?}: a cut-off \
             message must be reported, not dropped or returned half"
        );
    }

    #[test]
    fn a_failing_stream_is_an_error() {
        struct Broken;
        impl Read for Broken {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::Error::other("the disk is on fire"))
            }
        }
        let got = get(&mut Broken);
        assert!(
            got.is_err(),
            "reading failed, but get returned {got:?}: a failure is not the end of the queue"
        );
    }

    #[test]
    fn empty_stream_has_no_messages() {
        let mut reader = io::Cursor::new(Vec::<u8>::new());
        assert_eq!(get(&mut reader).unwrap(), None);
    }

    #[test]
    fn between_processes() {
        let sent = messages();
        let got = receive_all();
        assert!(
            got == sent,
            "expected {} from the producer process, got {}",
            describe(&sent),
            describe(&got)
        );
    }
}
