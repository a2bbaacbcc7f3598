//! A gate that child processes wait at until the test lets them go.
//!
//! A test that must know how many children run at once, or must make them end in an order of
//! its choosing, cannot rely on timing. So the children it starts connect to this gate over
//! TCP on 127.0.0.1, say who they are (a tag the test chose, and their pid), and block until the
//! test releases them. A child's connection closes when it dies, whether it exited or was
//! killed, so the gate also knows which of them are still alive, without guessing. The patience
//! arguments only turn a stalled program under test into a failure message instead of a hang;
//! a correct program never makes the gate wait for them.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;
use std::time::Duration;

/// The environment variable through which a child learns the gate's address.
pub const GATE_VAR: &str = "MTLINGS_GATE";

/// The child's side: connects to the gate at `addr`, says `tag` and its pid, and blocks until
/// the gate lets it go (one byte, or the gate closing). A gate that is gone lets everyone go.
pub fn wait_at_gate(addr: &str, tag: u32) {
    let Ok(mut gate) = TcpStream::connect(addr) else {
        return;
    };
    if writeln!(gate, "{tag} {}", std::process::id()).is_ok() {
        let _ = gate.read(&mut [0u8; 1]);
    }
}

/// Whether `pid` is gone from the process table (dead and reaped). A zombie is still there.
#[cfg(unix)]
pub fn reaped(pid: u32) -> bool {
    // Signal 0 sends nothing: it only asks whether the process exists.
    unsafe { libc::kill(pid as libc::pid_t, 0) != 0 }
}

/// One child that has arrived at the gate.
pub struct Member {
    pub pid: u32,
    stream: TcpStream,
    dead: bool,
}

/// The test's side of the gate.
pub struct Gate {
    addr: String,
    arrivals: mpsc::Receiver<TcpStream>,
    members: HashMap<u32, Member>,
    /// Tags admitted but not yet returned by `arrival`.
    unseen: std::collections::VecDeque<u32>,
    /// Tags in the order they arrived.
    pub arrived: Vec<u32>,
}

impl Default for Gate {
    fn default() -> Self {
        Self::new()
    }
}

impl Gate {
    pub fn new() -> Gate {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the gate");
        let addr = listener.local_addr().expect("gate address").to_string();
        let (tx, arrivals) = mpsc::channel();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                if tx.send(stream).is_err() {
                    break;
                }
            }
        });
        Gate {
            addr,
            arrivals,
            members: HashMap::new(),
            unseen: Default::default(),
            arrived: Vec::new(),
        }
    }

    /// The address to hand to the children (in `GATE_VAR`).
    pub fn addr(&self) -> &str {
        &self.addr
    }

    fn admit(&mut self, stream: TcpStream) -> u32 {
        let mut line = String::new();
        BufReader::new(&stream)
            .read_line(&mut line)
            .expect("a child's hello");
        let mut words = line
            .split_whitespace()
            .map(|w| w.parse::<u32>().expect("a number"));
        let (tag, pid) = (words.next().expect("tag"), words.next().expect("pid"));
        let member = Member {
            pid,
            stream,
            dead: false,
        };
        self.members.insert(tag, member);
        self.arrived.push(tag);
        self.unseen.push_back(tag);
        tag
    }

    /// Waits for the next child to arrive and returns its tag, or `None` if nobody arrives
    /// within `patience`.
    pub fn arrival(&mut self, patience: Duration) -> Option<u32> {
        if self.unseen.is_empty() {
            let stream = self.arrivals.recv_timeout(patience).ok()?;
            self.admit(stream);
        }
        self.unseen.pop_front()
    }

    /// Admits every child that has connected so far, without waiting for more.
    pub fn admit_pending(&mut self) {
        while let Ok(stream) = self.arrivals.try_recv() {
            self.admit(stream);
        }
    }

    /// Whether the child with this tag is still alive (its connection is still open).
    pub fn is_alive(&mut self, tag: u32) -> bool {
        let Some(m) = self.members.get_mut(&tag) else {
            return false;
        };
        if !m.dead {
            m.stream.set_nonblocking(true).expect("nonblocking");
            m.dead = match m.stream.peek(&mut [0u8; 1]) {
                Ok(0) => true,
                Ok(_) => false,
                Err(e) => e.kind() != ErrorKind::WouldBlock,
            };
            m.stream.set_nonblocking(false).expect("blocking");
        }
        !m.dead
    }

    /// How many of the children that arrived (including any waiting to be admitted) are alive.
    pub fn alive(&mut self) -> usize {
        self.admit_pending();
        let tags: Vec<u32> = self.members.keys().copied().collect();
        tags.into_iter().filter(|&t| self.is_alive(t)).count()
    }

    /// The pid the child with this tag reported.
    pub fn pid(&self, tag: u32) -> u32 {
        self.members[&tag].pid
    }

    /// Lets the child with this tag go.
    pub fn release(&mut self, tag: u32) {
        if let Some(m) = self.members.get_mut(&tag) {
            let _ = m.stream.write_all(b"g");
        }
    }

    /// Lets every child that has arrived go.
    pub fn release_all(&mut self) {
        self.admit_pending();
        let tags: Vec<u32> = self.members.keys().copied().collect();
        tags.into_iter().for_each(|t| self.release(t));
    }

    /// Blocks until the child with this tag has died (its connection closed).
    pub fn wait_exit(&mut self, tag: u32) {
        let m = self.members.get_mut(&tag).expect("a child that arrived");
        let _ = m.stream.read_to_end(&mut Vec::new());
        m.dead = true;
    }

    /// Waits until `pid` is reaped, or `patience` runs out; returns whether it was reaped.
    #[cfg(unix)]
    pub fn wait_reaped(pid: u32, patience: Duration) -> bool {
        let end = std::time::Instant::now() + patience;
        while !reaped(pid) {
            if std::time::Instant::now() > end {
                return false;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        true
    }
}

/// Fails the test if any of `pids` is still in the process table after `what` returned.
#[cfg(unix)]
pub fn assert_all_reaped(pids: impl IntoIterator<Item = u32>, what: &str) {
    for pid in pids {
        assert!(
            reaped(pid),
            "child {pid} is still in the process table after {what} returned: every child must \
             be waited for, killed ones too (else it stays a zombie)"
        );
    }
}

/// A test's conductor for a runner of `total` gated jobs (tags 0..total) with `limit` slots.
/// Once `limit` jobs wait at the gate, it lets ONE go (the second lowest tag, so the jobs end
/// out of order) and requires a new job to start while the others are still held: a runner that
/// works in batches stalls, and gets an error naming it. Returns the most jobs alive at once and
/// the order in which they ended.
pub fn keep_full(
    mut gate: Gate,
    limit: usize,
    total: usize,
    patience: Duration,
) -> Result<(usize, Vec<u32>), String> {
    let (mut most, mut ended, mut held) = (0, Vec::new(), Vec::new());
    while ended.len() < total {
        let want = limit.min(total - ended.len());
        while held.len() < want {
            let Some(tag) = gate.arrival(patience) else {
                return Err(match ended.last() {
                    None => format!("only {} jobs ever ran at once, limit {limit}", held.len()),
                    Some(k) => format!(
                        "job {k} ended, but no new job started while jobs {held:?} were \
                         still running: start the next job as soon as a slot frees up"
                    ),
                });
            };
            held.push(tag);
            held.sort();
            most = most.max(gate.alive());
        }
        let k = held.remove(held.len().min(2) - 1);
        gate.release(k);
        gate.wait_exit(k);
        ended.push(k);
    }
    Ok((most, ended))
}
