// proc_join.rs — Start them all, then wait for them all
//
// Waiting for a child blocks the parent until that child has ended. So WHERE you wait decides
// what runs at the same time: start a child and wait for it before starting the next, and your
// children run one after the other, exactly as if you had no processes at all. Start every child
// first, and only then wait for each one, and they all run side by side. Waiting in a different
// order than they finish is fine: a child that ended early just waits, as a zombie, until you get
// to it (see proc_zombie).
//
// Python (from the notes): `p1.start(); p1.join(); p2.start(); p2.join()` runs p1 to the end
// before p2 even starts; `p1.start(); p2.start(); p1.join(); p2.join()` runs both at once. In
// Rust, `Command::spawn` is `start()` and `Child::wait` is `join()`.
//
// `run_all` waits inside the loop that starts the children. Make the children run at the same
// time, and still collect every exit code in the order of the commands.

use std::io;
use std::process::Command;

/// Runs every command as a child process, all at the same time, waits for every one of them
/// and returns their exit codes in the order of `cmds`.
pub fn run_all(cmds: Vec<Command>) -> io::Result<Vec<Option<i32>>> {
    let mut codes = Vec::new();
    for mut cmd in cmds {
        let mut child = cmd.spawn()?;
        codes.push(child.wait()?.code());
    }
    Ok(codes)
}

// ---- Don't edit below this line. ----

use std::io::Read;
use std::net::TcpStream;

const ROLE: &str = "MTLINGS_PROC_JOIN_ROLE";
const GATE: &str = "MTLINGS_PROC_JOIN_GATE";

/// This program again as a child: "exit N" exits with code N; "gated N" first connects to the
/// test's gate (the TCP address in `GATE`), waits until the gate lets it go, then exits with N.
fn child(role: &str) -> Command {
    let mut cmd = Command::new(std::env::current_exe().expect("own path"));
    cmd.env(ROLE, role).stdout(std::process::Stdio::null());
    if cfg!(test) {
        cmd.args([
            "--exact",
            "tests::child_entry",
            "--nocapture",
            "--test-threads=1",
            "-q",
        ]);
    }
    cmd
}

fn child_main(role: &str) -> ! {
    match role.split_once(' ') {
        Some(("gated", n)) => {
            let addr = std::env::var(GATE).expect("gate address");
            let mut gate = TcpStream::connect(addr).expect("connect to the gate");
            let _ = gate.read(&mut [0u8; 1]); // a byte, or the gate closing, lets us go
            std::process::exit(n.parse().expect("code"))
        }
        Some((_, n)) => std::process::exit(n.parse().expect("code")),
        None => std::process::exit(1),
    }
}

fn main() {
    if let Ok(role) = std::env::var(ROLE) {
        child_main(&role);
    }
    let codes = run_all(vec![child("exit 0"), child("exit 4"), child("exit 2")]).expect("run");
    println!("exit codes, in order: {codes:?}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::net::TcpListener;
    use std::sync::mpsc;
    use std::time::Duration;

    /// Not a real test: the body of the child processes (does nothing unless the role is set).
    #[test]
    fn child_entry() {
        if let Ok(role) = std::env::var(ROLE) {
            child_main(&role);
        }
    }

    /// The test's gate: gated children connect and wait there. It lets them all go once all
    /// `total` are waiting together, or, if no new child arrives for a while, the ones it has.
    /// It returns the most children it saw waiting at once.
    fn gate(total: usize) -> (String, mpsc::Receiver<usize>) {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().unwrap().to_string();
        let (result_tx, result_rx) = mpsc::channel();
        let (conn_tx, conn_rx) = mpsc::channel::<TcpStream>();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                if conn_tx.send(stream).is_err() {
                    break;
                }
            }
        });
        std::thread::spawn(move || {
            let (mut waiting, mut released, mut most) = (Vec::<TcpStream>::new(), 0, 0);
            while released < total {
                let event = if waiting.is_empty() {
                    conn_rx
                        .recv()
                        .map_err(|_| mpsc::RecvTimeoutError::Disconnected)
                } else if waiting.len() + released == total {
                    Err(mpsc::RecvTimeoutError::Timeout) // everybody is here
                } else {
                    conn_rx.recv_timeout(Duration::from_millis(500)) // stalled?
                };
                match event {
                    Ok(stream) => {
                        waiting.push(stream);
                        most = most.max(waiting.len());
                    }
                    Err(mpsc::RecvTimeoutError::Timeout) => {
                        released += waiting.len();
                        for mut s in waiting.drain(..) {
                            let _ = s.write_all(b"go");
                        }
                    }
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                }
            }
            let _ = result_tx.send(most);
        });
        (addr, result_rx)
    }

    #[test]
    fn codes_in_order() {
        let cmds = [3, 0, 7, 1].map(|c| child(&format!("exit {c}")));
        assert_eq!(
            run_all(cmds.into()).unwrap(),
            [Some(3), Some(0), Some(7), Some(1)],
            "one exit code per command, in command order: did you wait for every child?"
        );
    }

    #[test]
    fn all_children_run_at_the_same_time() {
        let n = 3;
        let (addr, most) = gate(n);
        let cmds = (0..n)
            .map(|i| {
                let mut cmd = child(&format!("gated {}", 10 + i));
                cmd.env(GATE, &addr);
                cmd
            })
            .collect();
        let codes = run_all(cmds).unwrap();
        assert_eq!(
            codes,
            [Some(10), Some(11), Some(12)],
            "codes in command order"
        );
        let most = most.recv().unwrap();
        assert_eq!(
            most, n,
            "expected all {n} children to be running at the same time, saw at most {most}"
        );
    }

    #[test]
    fn nothing_to_run() {
        assert_eq!(run_all(Vec::new()).unwrap(), []);
    }
}
