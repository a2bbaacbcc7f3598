// queue_actor.rs — An actor owns the state; everyone else sends it messages
//
// The notes share data between Python threads with a global and a `Lock`, and between processes
// with a `Queue`. An actor is the queue way, and it works for threads as well: ONE thread owns the
// state outright and the others only send it requests. There is no lock, because nothing but the
// actor ever touches the map, and the channel lines the requests up in order. Rust helps: the map
// is moved into the actor's thread, so no other thread can even name it.
//
// A request that needs an answer carries its own reply channel: the asker creates a fresh
// channel, puts the `Sender` into the request, and waits on the `Receiver`. The actor answers
// through it. Since each request has its own reply channel, answers can never go to the wrong
// asker.
//
// The bank actor below handles deposits, but `Bank::balance` cannot get an answer back:
// `Request::Balance` has no way to carry one. Give it a reply channel, answer it in the actor, and
// wait for the answer in `Bank::balance`. Keep the map inside the actor (no `Mutex`, no `Arc`).

use std::collections::HashMap;
use std::sync::mpsc::{self, Sender};
use std::thread::{self, JoinHandle};

pub enum Request {
    Deposit {
        account: String,
        amount: u64,
    },
    Balance {
        account: String,
        reply: Sender<u64>, // where the actor sends the answer
    },
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
                    Request::Balance { account, reply } => {
                        let amount = balances.get(&account).copied().unwrap_or(0);
                        // The asker may have given up waiting; that is not the actor's problem.
                        let _ = reply.send(amount);
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
        let (reply, answer) = mpsc::channel(); // a fresh reply channel for this one request
        let account = account.to_string();
        self.tx.send(Request::Balance { account, reply }).unwrap();
        answer
            .recv()
            .expect("the bank actor hung up without answering")
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
    use std::sync::Arc;
    use std::sync::Barrier;

    #[test]
    fn balance_sees_earlier_deposits() {
        let (bank, _actor) = Bank::start();
        assert_eq!(
            bank.balance("nobody"),
            0,
            "an unknown account has balance 0"
        );
        for _ in 0..1000 {
            bank.deposit("alice", 2);
        }
        assert_eq!(
            bank.balance("alice"),
            2000,
            "a balance request queued after 1000 deposits must see all of them"
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
                            "{mine} asked for its own balance and got someone else's answer"
                        );
                    }
                })
            })
            .collect();
        for c in clients {
            c.join().unwrap();
        }
        assert_eq!(bank.balance("shared"), 400, "8 clients x 50 deposits of 1");
        drop(bank);
        let balances = actor.join().unwrap();
        assert_eq!(balances.len(), 9, "expected 8 client accounts + shared");
        assert_eq!(balances["client7"], 400);
    }

    #[test]
    fn actor_stops_when_handles_are_dropped() {
        let (bank, actor) = Bank::start();
        let other = bank.clone();
        bank.deposit("x", 1);
        assert_eq!(other.balance("x"), 1);
        drop(bank);
        drop(other);
        let balances = actor.join().unwrap();
        assert_eq!(balances.get("x"), Some(&1));
    }
}
