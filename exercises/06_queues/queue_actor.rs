// queue_actor.rs — An actor owns the state; everyone else sends it messages
//
// The notes share data between Python threads with a global and a `Lock`, and between processes
// with a `Queue`. An actor is the queue way, and it works for threads as well: ONE thread owns the
// state outright and the others only send it requests. There is no lock, because nothing but the
// actor ever touches the map, and the channel lines the requests up in order. Rust helps: the map
// is moved into the actor's thread, so no other thread can even name it.
//
// A request that needs an answer must say where the answer goes, and only the asker may get it:
// with many askers at once, an answer that can reach someone else will, sooner or later.
//
// The bank actor below handles deposits, but `Bank::balance` cannot get an answer back. Make
// `balance` return the balance the actor sees once every earlier request has been handled, to
// the asker who asked, while many clients ask at once. If the actor goes away without answering,
// `balance` panics: there is no honest number to return. Keep the map inside the actor (no
// `Mutex`, no `Arc`), and keep `Bank`'s field `tx`: the tests listen in on it.

use std::collections::HashMap;
use std::sync::mpsc::{self, Sender};
use std::thread::{self, JoinHandle};

pub enum Request {
    Deposit { account: String, amount: u64 },
    Balance { account: String },
}

/// A handle to the bank actor. Clone it to give another thread access.
#[derive(Clone)]
pub struct Bank {
    tx: Sender<Request>,
}

impl Bank {
    /// Starts the actor. Its thread ends once every `Bank` handle is dropped, returning the final
    /// balances.
    pub fn start() -> (Bank, JoinHandle<HashMap<String, u64>>) {
        let (tx, rx) = mpsc::channel::<Request>();
        let actor = thread::spawn(move || {
            let mut balances: HashMap<String, u64> = HashMap::new();
            for request in rx {
                match request {
                    Request::Deposit { account, amount } => {
                        *balances.entry(account).or_default() += amount;
                    }
                    Request::Balance { account } => {
                        let amount = balances.get(&account).copied().unwrap_or(0);
                        println!("{account} has {amount}"); // ...but the asker never sees it
                    }
                }
            }
            balances
        });
        (Bank { tx }, actor)
    }

    pub fn deposit(&self, account: &str, amount: u64) {
        let account = account.to_string();
        self.tx.send(Request::Deposit { account, amount }).unwrap();
    }

    pub fn balance(&self, account: &str) -> u64 {
        let account = account.to_string();
        self.tx.send(Request::Balance { account }).unwrap();
        todo!("get the answer back from the actor")
    }
}

// ---- Don't edit below this line. ----

fn main() {
    let (bank, actor) = Bank::start();
    bank.deposit("alice", 30);
    bank.deposit("bob", 5);
    bank.deposit("alice", 12);
    println!("alice has {}", bank.balance("alice"));
    drop(bank);
    let final_balances = actor.join().unwrap();
    println!("final balances: {final_balances:?}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::crowd::SAFETY_NET;
    use std::sync::mpsc::{Receiver, RecvTimeoutError};
    use std::sync::{Arc, Barrier};

    /// Puts the test between a bank's handles and its actor: every request now reaches the
    /// actor only when the test forwards it, in the order the test chooses.
    fn listen_in(bank: &mut Bank) -> (Receiver<Request>, Sender<Request>) {
        let (tx, rx) = mpsc::channel();
        (rx, std::mem::replace(&mut bank.tx, tx))
    }

    /// Waits for the next request, which must be a balance request.
    fn next_balance_request(rx: &Receiver<Request>) -> Request {
        let req = rx.recv_timeout(SAFETY_NET).unwrap_or_else(|_| {
            panic!("balance never asked the actor: it must send a balance request and wait for the answer")
        });
        assert!(
            matches!(req, Request::Balance { .. }),
            "expected a balance request"
        );
        req
    }

    #[test]
    fn balance_waits_for_the_actors_answer() {
        let (mut bank, _actor) = Bank::start();
        let (requests, _actor_tx) = listen_in(&mut bank);
        let (answer_tx, answer) = mpsc::channel();
        thread::spawn(move || answer_tx.send(bank.balance("alice")));
        drop(next_balance_request(&requests)); // lost on the way: the actor never sees it
        match answer.recv_timeout(SAFETY_NET) {
            Err(RecvTimeoutError::Disconnected) => {} // balance panicked: right
            Ok(n) => panic!(
                "the balance request was lost, yet balance returned {n}: it must wait for the actor's answer, and panic if none can come"
            ),
            Err(RecvTimeoutError::Timeout) => panic!(
                "the balance request was lost, and balance still waits: the request's reply channel should have closed with it"
            ),
        }
    }

    #[test]
    fn answers_go_to_the_right_asker() {
        let (mut bank, _actor) = Bank::start();
        let (requests, actor_tx) = listen_in(&mut bank);
        bank.deposit("alice", 1);
        bank.deposit("bob", 2);
        for _ in 0..2 {
            actor_tx.send(requests.recv().unwrap()).unwrap();
        }
        let ask = |who: &'static str| {
            let bank = bank.clone();
            thread::spawn(move || bank.balance(who))
        };
        let alice = ask("alice");
        let alices = next_balance_request(&requests);
        (0..100).for_each(|_| thread::yield_now()); // alice settles down to wait
        let bob = ask("bob");
        let bobs = next_balance_request(&requests);
        actor_tx.send(bobs).unwrap(); // bob's request overtakes alice's
        actor_tx.send(alices).unwrap();
        let (a, b) = (alice.join().unwrap(), bob.join().unwrap());
        assert_eq!(
            (a, b),
            (1, 2),
            "alice (balance 1) got {a} and bob (balance 2) got {b}: an answer went to the wrong asker"
        );
    }

    #[test]
    fn many_clients() {
        let (bank, actor) = Bank::start();
        let start = Arc::new(Barrier::new(8));
        let clients: Vec<_> = (0..8)
            .map(|i| {
                let bank = bank.clone();
                let start = Arc::clone(&start);
                thread::spawn(move || {
                    let mine = format!("client{i}");
                    start.wait();
                    for n in 1..=50 {
                        bank.deposit(&mine, i + 1);
                        bank.deposit("shared", 1);
                        let seen = bank.balance(&mine);
                        assert_eq!(
                            seen,
                            n * (i + 1),
                            "{mine} asked for its own balance and got {seen}"
                        );
                    }
                })
            })
            .collect();
        for c in clients {
            c.join().unwrap();
        }
        assert_eq!(bank.balance("shared"), 400, "8 clients x 50 deposits of 1");
        assert_eq!(
            bank.balance("nobody"),
            0,
            "an unknown account has balance 0"
        );
        drop(bank);
        let balances = actor.join().unwrap();
        assert_eq!(balances.len(), 9, "expected 8 client accounts + shared");
        assert_eq!(balances["client7"], 400);
    }
}
