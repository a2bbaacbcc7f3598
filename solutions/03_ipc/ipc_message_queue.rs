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
// stdout and the parent `get`s them, like the seed's writer and reader processes. Rust has no
// pickle, so a message is just bytes. `put` and `get` below pretend a pipe keeps message
// boundaries, and the messages come out wrong. Give them a frame: `put` writes the length first
// (4 bytes, `u32::to_be_bytes`) and then the bytes; `get` reads the 4-byte length, then exactly
// that many bytes. When the producer is done it simply exits: its end of the pipe closes, and
// `get` must return `Ok(None)` when the stream ends cleanly before a new message (no sentinel
// needed, unlike the `terminate()` in the seed notes).

use std::io::{self, Read, Write};

/// Puts one message on the stream.
pub fn put(w: &mut impl Write, msg: &[u8]) -> io::Result<()> {
    let len = u32::try_from(msg.len()).expect("message too long");
    w.write_all(&len.to_be_bytes())?; // the frame: the length first...
    w.write_all(msg) // ...then exactly that many bytes
}

/// Takes the next message off the stream, or `Ok(None)` if the stream has ended.
pub fn get(r: &mut impl Read) -> io::Result<Option<Vec<u8>>> {
    let mut len = [0u8; 4];
    match r.read_exact(&mut len) {
        Ok(()) => {}
        // The writer closed its end between two messages: the queue is done.
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let mut msg = vec![0u8; u32::from_be_bytes(len) as usize];
    r.read_exact(&mut msg)?; // one `read` may return less: keep reading until it is all there
    Ok(Some(msg))
}

// ---- Don't edit below this line. ----

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdout, Command, Stdio};

const CHILD_ENV: &str = "MTLINGS_CHILD";
const READY: &str = "--mtlings-child-ready--";

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
    let mut producer = Producer::spawn();
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

struct Producer {
    stdout: BufReader<ChildStdout>,
    child: Child,
}

impl Producer {
    fn spawn() -> Producer {
        let mut child = child_command("producer")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .expect("could not start the child process");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
        skip_to_ready(&mut stdout);
        Producer { stdout, child }
    }

    fn wait(&mut self) {
        let status = self.child.wait().expect("waiting for the child failed");
        assert!(status.success(), "the producer failed: {status}");
    }
}

impl Drop for Producer {
    fn drop(&mut self) {
        // Never leave a child behind, even when a test fails.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// This program again, told by an environment variable to play `role`. Under `cargo test` the
/// program is the test harness, so it is asked to run only `tests::child_entry`.
fn child_command(role: &str) -> Command {
    let exe = std::env::current_exe().expect("cannot find this program");
    let mut cmd = Command::new(exe);
    if cfg!(test) {
        cmd.args([
            "--exact",
            "tests::child_entry",
            "--nocapture",
            "--test-threads=1",
            "-q",
        ]);
    }
    cmd.env(CHILD_ENV, role);
    cmd
}

/// Skips whatever the child printed before it announced itself (the test harness' banner).
fn skip_to_ready(out: &mut impl BufRead) {
    let mut line = String::new();
    loop {
        line.clear();
        let n = out
            .read_line(&mut line)
            .expect("reading from the child failed");
        assert!(n > 0, "the child exited before it was ready");
        if line.trim_end() == READY {
            return;
        }
    }
}

/// If this process was started as a child, plays its role and exits.
fn run_as_child() {
    let Ok(role) = std::env::var(CHILD_ENV) else {
        return;
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "{READY}").and_then(|_| out.flush()).ok();
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

    #[test]
    fn round_trip_in_memory() {
        let sent = vec![
            b"hello".to_vec(),
            Vec::new(),
            b"a\nb".to_vec(),
            b"z".repeat(10_000),
        ];
        let mut stream: Vec<u8> = Vec::new();
        for msg in &sent {
            put(&mut stream, msg).unwrap();
        }
        let mut reader = io::Cursor::new(stream);
        let mut got = Vec::new();
        while let Some(msg) = get(&mut reader).unwrap() {
            got.push(msg);
            assert!(got.len() <= 100, "get never returned None");
        }
        assert!(
            got == sent,
            "expected the 4 messages back as they were sent, got {}",
            describe(&got)
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
