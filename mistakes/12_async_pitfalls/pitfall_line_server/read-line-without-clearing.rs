// MISTAKE: awaits read_line into one String it never clears, so every answer repeats the earlier lines
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
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let (read_half, mut writer) = stream.into_split();
    let mut reader = BufReader::new(read_half);
    let mut line = String::new();
    while let Ok(n) = reader.read_line(&mut line).await {
        if n == 0 {
            return;
        }
        let answer = format!("{}\n", reply(line.trim_end()));
        if writer.write_all(answer.as_bytes()).await.is_err() {
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

