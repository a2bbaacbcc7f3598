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
        tokio::spawn(handle(stream));
    }
}

// ---- Don't edit below this line. ----

use std::sync::Mutex;
use std::thread::ThreadId;

/// The threads `reply` has run on, and the servers' runtime threads (the tests look at them).
static REPLY_THREADS: Mutex<Vec<ThreadId>> = Mutex::new(Vec::new());
static SERVER_THREADS: Mutex<Vec<ThreadId>> = Mutex::new(Vec::new());

/// The answer to one line: the line reversed. Notes the thread it ran on.
pub fn reply(line: &str) -> String {
    REPLY_THREADS
        .lock()
        .unwrap()
        .push(std::thread::current().id());
    line.chars().rev().collect()
}

/// Starts the server on a single-threaded runtime on a thread of its own; returns its address
/// and that thread's id.
pub fn start() -> (String, ThreadId) {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap().to_string();
            SERVER_THREADS
                .lock()
                .unwrap()
                .push(std::thread::current().id());
            tx.send((addr, std::thread::current().id())).unwrap();
            serve(listener).await;
        });
    });
    rx.recv().unwrap()
}

fn main() {
    use std::io::{BufRead, BufReader, Write};
    let (addr, _) = start();
    let mut client = std::net::TcpStream::connect(addr).unwrap();
    client.write_all(b"hello\nworld\n").unwrap();
    let mut lines = BufReader::new(client).lines();
    println!("{:?} {:?}", lines.next(), lines.next());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpStream as Client;
    use std::time::Duration;

    /// A plain blocking client on the test's side, giving up on a read after 2 s.
    fn client(addr: &str) -> (Client, BufReader<Client>) {
        let stream = Client::connect(addr).unwrap();
        stream.set_nodelay(true).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(2)))
            .unwrap();
        let reader = BufReader::new(stream.try_clone().unwrap());
        (stream, reader)
    }

    fn answer(reader: &mut BufReader<Client>, what: &str) -> String {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(n) if n > 0 => line.trim_end_matches('\n').to_string(),
            _ => panic!("{what}: no answer within 2 s"),
        }
    }

    #[test]
    fn an_idle_client_does_not_stall_the_others() {
        let (addr, server_thread) = start();
        let (_idle, _) = client(&addr); // connects and says nothing, for now
        let (mut busy, mut busy_in) = client(&addr);
        writeln!(busy, "stressed").unwrap();
        let got = answer(
            &mut busy_in,
            "a second client sent a line while the first sat idle, and got no answer: the \
             server's only thread was stuck waiting for the idle client",
        );
        assert_eq!(got, "desserts");
        let servers = SERVER_THREADS.lock().unwrap().clone();
        let replies = REPLY_THREADS.lock().unwrap().clone();
        assert!(
            servers.contains(&server_thread),
            "the server runs on its runtime's thread"
        );
        assert!(
            replies.iter().all(|t| servers.contains(t)),
            "a line was answered on another thread than the runtime's: a connection must be a \
             task on the runtime, not a thread of its own"
        );
    }

    #[test]
    fn lines_are_framed_whatever_the_pieces() {
        let (addr, _) = start();
        let (mut c, mut c_in) = client(&addr);
        // Each answer is awaited before the next piece goes out, so the pieces stay apart.
        let steps = [
            ("ab", None),
            ("c\nhel", Some("cba")),
            ("lo\n", Some("olleh")),
        ];
        let more = [("x\ny", Some("x")), ("z\n", Some("zy"))];
        for (piece, expected) in steps.into_iter().chain(more) {
            c.write_all(piece.as_bytes()).unwrap();
            let Some(expected) = expected else { continue };
            let got = answer(&mut c_in, "a line sent in pieces");
            assert_eq!(
                got, expected,
                "sent \"abc\\nhello\\nx\\nyz\\n\" in the pieces \"ab\", \"c\\nhel\", \"lo\\n\", \
                 \"x\\ny\", \"z\\n\": each LINE gets one answer, however its bytes arrive"
            );
        }
    }

    #[test]
    fn many_clients_take_turns() {
        let (addr, _) = start();
        let mut clients: Vec<_> = (0..8).map(|_| client(&addr)).collect();
        for round in 0..3 {
            for (i, (c, _)) in clients.iter_mut().enumerate().rev() {
                writeln!(c, "client {i} round {round}").unwrap();
            }
            for (i, (_, c_in)) in clients.iter_mut().enumerate() {
                let got = answer(c_in, "one of 8 clients talking in turns");
                let expected: String = format!("client {i} round {round}").chars().rev().collect();
                assert_eq!(got, expected);
            }
        }
    }
}
