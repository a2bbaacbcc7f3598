// MISTAKE: reads with a tokio read() and answers each chunk as if it were a line
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
pub async fn handle(mut stream: TcpStream) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut buf = [0u8; 1024];
    loop {
        let n = match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        let text = String::from_utf8_lossy(&buf[..n]).to_string();
        for line in text.lines() {
            let answer = format!("{}\n", reply(line));
            if stream.write_all(answer.as_bytes()).await.is_err() {
                return;
            }
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

