// MISTAKE: balance looks for the answer once instead of waiting for it
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
        answer.try_recv().unwrap_or(0)
    }
}
