// MISTAKE: every error while reading a length counts as the end of the queue, so a failing stream looks empty
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
    let len = u32::try_from(msg.len()).expect("message too long");
    w.write_all(&len.to_be_bytes())?;
    w.write_all(msg)
}

/// Takes the next message off the stream, or `Ok(None)` if the stream has ended.
pub fn get(r: &mut impl Read) -> io::Result<Option<Vec<u8>>> {
    let mut len = [0u8; 4];
    if r.read_exact(&mut len).is_err() {
        return Ok(None);
    }
    let mut msg = vec![0u8; u32::from_be_bytes(len) as usize];
    r.read_exact(&mut msg)?;
    Ok(Some(msg))
}

