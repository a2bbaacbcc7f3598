// MISTAKE: keeps the blocking handler and gives each connection a thread of its own instead of a task
// pitfall_line_server.rs — An async line server: one blocking read stalls every connection
//
// A network server on an async runtime is one small task per connection: the task awaits the
// next request, answers it, and awaits again, and while it waits the thread serves the others.
// That is why one thread can hold thousands of idle connections. It works only if every wait is
// an `.await`: a single blocking read (a `std::net::TcpStream`, or a std reader wrapped around
// one) keeps the runtime's thread inside that connection until its client speaks, and every
// other client waits, however much it has to say. The gevent lesson once more, now with
// sockets: under gevent, `monkey.patch_all()` would have swapped the socket module for you.
//
// TCP is also a byte stream, not a message stream: one `read` may return half a line, or two
// lines and a bit. The protocol here frames messages as lines: each line a client sends gets
// one line back, the same text reversed. So the server must collect bytes until a newline, and
// answer line by line, whatever pieces the bytes arrived in.
//
// `handle` serves one connection with blocking std I/O. Make the server serve every
// connection at once on its single thread, each connection a task on the runtime, and answer
// every line exactly once, however the client's bytes are split. Use `reply` for the answer.

use tokio::net::{TcpListener, TcpStream};

/// Serves one client: answers each line it sends with `reply(line)`, until it disconnects.
pub async fn handle(stream: TcpStream) {
    use std::io::{BufRead, BufReader, Write};
    let stream = stream.into_std().unwrap();
    stream.set_nonblocking(false).unwrap();
    let mut writer = stream.try_clone().unwrap();
    for line in BufReader::new(stream).lines() {
        let Ok(line) = line else { return };
        if writeln!(writer, "{}", reply(&line)).is_err() {
            return;
        }
    }
}

/// Accepts clients forever, one task each.
pub async fn serve(listener: TcpListener) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        // a thread per connection: the blocking reads no longer stall the runtime
        let handle = tokio::runtime::Handle::current();
        std::thread::spawn(move || handle.block_on(self::handle(stream)));
    }
}

