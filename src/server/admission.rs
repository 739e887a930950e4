//! Turns for the short requests people wait on at the keyboard (a page,
//! a record, the finder, the dashboard, a save, a delete): at most a few
//! answered at once, in the order they came within what each account's
//! share allows (below).
//!
//! With a thread per connection, twenty clients sending back to back put
//! twenty runnable threads on two cores: each request then waits for
//! the scheduler's time slices of all the others, and the unlucky ones
//! wait several (a p99 of 51 ms against a median of 4 ms). A write
//! holding the store's write lock is preempted like the rest while the
//! other writers wait for it. Answered a few at a time and in the order
//! they came, every request waits about the same (figures in docs/performance.md,
//! "The server").
//!
//! Short writes take the same turns, after a pass of their own that at
//! most all turns but one hold: while a backup, a demo load, a `check`
//! or an import batch holds the store's write lock, saves arriving
//! meanwhile wait for it holding their turns, and one turn is always
//! left for reads. Tried and not kept: writes in turns of their own (two
//! at a time) and reads in the others: saves then queued among
//! themselves (p99 of 37 ms instead of 19).
//!
//! Long requests (`check`, a report, an export's pages, an import batch,
//! a backup, a purge, the audit trail's pages, which may read all of it
//! for one record) take no turn: behind one of them, every short request
//! would wait seconds. Each account runs one at a time: its connections
//! are many, but its person is one, and forty `check`s of one account
//! on two cores would leave the others a fortieth of them.
//!
//! Turns are shared fairly between accounts: a turn given back goes to
//! the waiting request whose account holds the fewest turns, the oldest
//! among those. An account sending from all its connections at once
//! waits behind itself, never in front of the others.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::Thread;

use crate::service::protocol::Request;

/// How a request is admitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// A short read: a turn.
    Read,
    /// A short write: a write pass, then a turn.
    Write,
    /// Answered at once, no turn.
    Long,
}

pub fn class_of(request: &Request) -> Class {
    match request {
        Request::List(_)
        | Request::Find(_)
        | Request::Get(_)
        | Request::Describe(_)
        | Request::Status
        | Request::Drafts
        | Request::Identify
        | Request::Resolve(_)
        | Request::IsEmpty => Class::Read,
        Request::Save(_)
        | Request::Revert(_)
        | Request::Delete(_)
        | Request::Restore(_)
        | Request::SaveDraft(_)
        | Request::DiscardDraft(_)
        | Request::Reveal(_)
        | Request::RecordConsent(..)
        | Request::WithdrawConsent(_) => Class::Write,
        _ => Class::Long,
    }
}

/// Turns for short requests, passes for the writes among them, and one
/// long request at a time per account.
#[derive(Debug)]
pub struct Admission {
    turns: Turns,
    write_passes: Turns,
    long: LongRequests,
}

/// What a request holds while it is answered.
pub struct Admitted<'a> {
    // Dropped in this order: the turn first, then the pass.
    _turn: Option<Turn<'a>>,
    _pass: Option<Turn<'a>>,
    _long: Option<LongTurn<'a>>,
}

impl Admission {
    /// `turns` at once (at least 2: one is always left for reads).
    pub fn new(turns: usize) -> Self {
        let turns = turns.max(2);
        Admission {
            turns: Turns::new(turns),
            write_passes: Turns::new(turns - 1),
            long: LongRequests::default(),
        }
    }

    /// Waits for what a request of `class` of `account` needs to be
    /// answered.
    pub fn admit(&self, class: Class, account: &str) -> Admitted<'_> {
        match class {
            Class::Long => Admitted {
                _turn: None,
                _pass: None,
                _long: Some(self.long.wait(account)),
            },
            Class::Read => Admitted {
                _turn: Some(self.turns.wait(account)),
                _pass: None,
                _long: None,
            },
            Class::Write => {
                let pass = self.write_passes.wait(account);
                Admitted {
                    _turn: Some(self.turns.wait(account)),
                    _pass: Some(pass),
                    _long: None,
                }
            }
        }
    }
}

/// The long requests running, by account: one each, the others waiting
/// in the order they came.
#[derive(Debug, Default)]
struct LongRequests {
    accounts: Mutex<HashMap<String, AccountLong>>,
    finished: Condvar,
}

/// One account's long requests.
#[derive(Debug, Default)]
struct AccountLong {
    running: usize,
    /// Tickets of the requests waiting, the oldest first.
    waiting: VecDeque<u64>,
    next_ticket: u64,
}

/// How many long requests one account runs at once.
const LONG_PER_ACCOUNT: usize = 1;

impl LongRequests {
    fn accounts(&self) -> MutexGuard<'_, HashMap<String, AccountLong>> {
        self.accounts.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Waits until `account` runs fewer long requests than it may and
    /// this one is the oldest of its account's waiting.
    fn wait(&self, account: &str) -> LongTurn<'_> {
        let mut accounts = self.accounts();
        let mine = accounts.entry(account.to_owned()).or_default();
        let ticket = mine.next_ticket;
        mine.next_ticket += 1;
        mine.waiting.push_back(ticket);
        loop {
            let mine = accounts.entry(account.to_owned()).or_default();
            if mine.running < LONG_PER_ACCOUNT && mine.waiting.front() == Some(&ticket) {
                mine.waiting.pop_front();
                mine.running += 1;
                break;
            }
            accounts = self
                .finished
                .wait(accounts)
                .unwrap_or_else(|p| p.into_inner());
        }
        LongTurn {
            requests: self,
            account: account.to_owned(),
        }
    }
}

/// A long request running; counted out on drop.
struct LongTurn<'l> {
    requests: &'l LongRequests,
    account: String,
}

impl Drop for LongTurn<'_> {
    fn drop(&mut self) {
        let mut accounts = self.requests.accounts();
        if let Some(mine) = accounts.get_mut(&self.account) {
            mine.running = mine.running.saturating_sub(1);
            if mine.running == 0 && mine.waiting.is_empty() {
                accounts.remove(&self.account);
            }
        }
        drop(accounts);
        // Few wait here (one per connection of an account already
        // running one): each looks whether its account may go.
        self.requests.finished.notify_all();
    }
}

/// How many short requests are answered at once by default: twice the
/// cores and one, so that one waiting for the disk leaves the cores
/// busy, and writes (all turns but one at most) still get twice the
/// cores. On two cores: 4 turns gave a p99 of 20.3 ms for the server
/// benchmark's mix, 5 turns 15.0 ms (docs/performance.md).
pub fn default_turns() -> usize {
    std::thread::available_parallelism()
        .map_or(2, |cores| cores.get())
        .saturating_mul(2)
        .saturating_add(1)
        .clamp(3, 33)
}

/// At most `limit` at once, shared between accounts: a turn given back
/// goes straight to the request, among those of the accounts holding
/// the fewest turns, that has waited longest; it alone is woken: waking
/// every waiting thread to look would cost twenty context switches per
/// request.
#[derive(Debug)]
pub struct Turns {
    limit: usize,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// Turns in use.
    running: usize,
    /// Turns in use by account.
    held: HashMap<String, usize>,
    /// Requests waiting, the oldest first.
    waiting: VecDeque<Arc<Waiter>>,
}

impl State {
    fn take(&mut self, account: &str) {
        *self.held.entry(account.to_owned()).or_default() += 1;
    }

    fn leave(&mut self, account: &str) {
        if let Some(held) = self.held.get_mut(account) {
            *held = held.saturating_sub(1);
            if *held == 0 {
                self.held.remove(account);
            }
        }
    }

    /// The waiting request to hand a turn to: of an account holding the
    /// fewest turns, the oldest.
    fn next(&mut self) -> Option<Arc<Waiter>> {
        let held = |waiter: &Waiter| self.held.get(&waiter.account).copied().unwrap_or(0);
        let (index, _) = self
            .waiting
            .iter()
            .enumerate()
            .min_by_key(|(index, waiter)| (held(waiter), *index))?;
        self.waiting.remove(index)
    }
}

#[derive(Debug)]
struct Waiter {
    thread: Thread,
    account: String,
    /// Set by the request that handed its turn over.
    granted: AtomicBool,
}

impl Turns {
    pub fn new(limit: usize) -> Self {
        Turns {
            limit: limit.max(1),
            state: Mutex::new(State::default()),
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // Nothing panics while holding it; were it poisoned, the counts
        // are still whole.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Waits until the requests before this one (of accounts holding no
    /// more turns than its own) leave it a turn; the turn is given back
    /// when the result is dropped.
    pub fn wait(&self, account: &str) -> Turn<'_> {
        let turn = || Turn {
            turns: self,
            account: account.to_owned(),
        };
        let mut state = self.state();
        if state.running < self.limit && state.waiting.is_empty() {
            state.running += 1;
            state.take(account);
            return turn();
        }
        let me = Arc::new(Waiter {
            thread: std::thread::current(),
            account: account.to_owned(),
            granted: AtomicBool::new(false),
        });
        state.waiting.push_back(Arc::clone(&me));
        drop(state);
        // A wake-up may come before the park (then park returns at once)
        // or for no reason (then the flag is still clear).
        while !me.granted.load(Ordering::Acquire) {
            std::thread::park();
        }
        turn()
    }

    fn give_back(&self, account: &str) {
        let mut state = self.state();
        state.leave(account);
        match state.next() {
            // Handed over: as many turns stay in use.
            Some(next) => {
                state.take(&next.account);
                next.granted.store(true, Ordering::Release);
                next.thread.unpark();
            }
            None => state.running = state.running.saturating_sub(1),
        }
    }
}

/// A turn being used; given back on drop, whatever the request did.
pub struct Turn<'t> {
    turns: &'t Turns,
    account: String,
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        self.turns.give_back(&self.account);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;
    use std::sync::mpsc::channel;
    use std::time::Duration;

    #[test]
    fn no_more_than_the_limit_run_at_once_and_the_others_go_in_order() {
        let turns = Arc::new(Turns::new(2));
        let first = turns.wait("a");
        let second = turns.wait("a");
        let (started, order) = channel();
        let running = Arc::new(AtomicUsize::new(0));
        let mut waiting = Vec::new();
        for n in 0..3 {
            let (turns, started, running) = (turns.clone(), started.clone(), running.clone());
            waiting.push(std::thread::spawn(move || {
                let _turn = turns.wait("b");
                running.fetch_add(1, Ordering::SeqCst);
                started.send(n).expect("the test listens");
                std::thread::sleep(Duration::from_millis(20));
                running.fetch_sub(1, Ordering::SeqCst);
            }));
            // Each takes its ticket before the next is started.
            std::thread::sleep(Duration::from_millis(30));
        }
        assert!(
            order.recv_timeout(Duration::from_millis(100)).is_err(),
            "both turns are taken: nobody else runs"
        );
        drop(first);
        assert_eq!(order.recv_timeout(Duration::from_secs(5)), Ok(0));
        drop(second);
        let rest: Vec<i32> = (0..2)
            .map(|_| order.recv_timeout(Duration::from_secs(5)).expect("runs"))
            .collect();
        assert_eq!(rest, [1, 2], "in the order they came");
        for thread in waiting {
            thread.join().expect("no panic");
        }
        assert_eq!(running.load(Ordering::SeqCst), 0);
    }

    /// Starts a thread that waits for a turn of `account`, then says
    /// `name` and keeps the turn until `release` says so.
    fn waiting_for_a_turn(
        turns: &Arc<Turns>,
        account: &'static str,
        name: &'static str,
        said: &std::sync::mpsc::Sender<&'static str>,
    ) -> (std::thread::JoinHandle<()>, std::sync::mpsc::Sender<()>) {
        let (release, released) = channel::<()>();
        let (turns, said) = (Arc::clone(turns), said.clone());
        let thread = std::thread::spawn(move || {
            let _turn = turns.wait(account);
            said.send(name).expect("the test listens");
            let _ = released.recv();
        });
        // Each takes its place in the queue before the next comes.
        std::thread::sleep(Duration::from_millis(30));
        (thread, release)
    }

    #[test]
    fn an_account_flooding_the_turns_waits_behind_the_others() {
        let turns = Arc::new(Turns::new(2));
        let first = turns.wait("flood");
        let _second = turns.wait("flood");
        let (said, heard) = channel();
        let mut threads = Vec::new();
        for name in ["flood 1", "flood 2", "flood 3"] {
            threads.push(waiting_for_a_turn(&turns, "flood", name, &said));
        }
        threads.push(waiting_for_a_turn(&turns, "admin", "admin", &said));
        drop(first);
        assert_eq!(
            heard.recv_timeout(Duration::from_secs(5)),
            Ok("admin"),
            "the account holding no turn goes first, though it came last"
        );
        // The admin holds one, the flood one: the flood's oldest is next.
        let (_, admin_release) = threads.pop().expect("the admin's");
        admin_release.send(()).expect("released");
        assert_eq!(heard.recv_timeout(Duration::from_secs(5)), Ok("flood 1"));
        for (thread, release) in threads {
            let _ = release.send(());
            drop(release);
            let _ = thread.join();
        }
    }

    #[test]
    fn an_account_runs_one_long_request_at_a_time_and_others_run_theirs() {
        let admission = Arc::new(Admission::new(3));
        let first = admission.admit(class_of(&Request::Check), "flood");
        let (done, finished) = channel();
        {
            let admission = Arc::clone(&admission);
            let done = done.clone();
            std::thread::spawn(move || {
                let _second = admission.admit(class_of(&Request::Check), "flood");
                done.send("flood").expect("the test listens");
            });
        }
        std::thread::sleep(Duration::from_millis(50));
        {
            let admission = Arc::clone(&admission);
            std::thread::spawn(move || {
                let _other = admission.admit(class_of(&Request::Check), "admin");
                done.send("admin").expect("the test listens");
            });
        }
        assert_eq!(finished.recv_timeout(Duration::from_secs(5)), Ok("admin"));
        assert!(
            finished.recv_timeout(Duration::from_millis(100)).is_err(),
            "the flood's second waits for its first"
        );
        drop(first);
        assert_eq!(finished.recv_timeout(Duration::from_secs(5)), Ok("flood"));
    }

    #[test]
    fn an_accounts_long_requests_go_in_the_order_they_came() {
        let admission = Arc::new(Admission::new(3));
        let first = admission.admit(class_of(&Request::Check), "flood");
        let (done, finished) = channel();
        let (release, released) = channel::<()>();
        let released = Arc::new(Mutex::new(released));
        for name in ["second", "third", "fourth"] {
            let (admission, done, released) =
                (Arc::clone(&admission), done.clone(), Arc::clone(&released));
            std::thread::spawn(move || {
                let _long = admission.admit(class_of(&Request::Check), "flood");
                done.send(name).expect("the test listens");
                let _ = released.lock().expect("not poisoned").recv();
            });
            std::thread::sleep(Duration::from_millis(30));
        }
        drop(first);
        for expected in ["second", "third", "fourth"] {
            assert_eq!(finished.recv_timeout(Duration::from_secs(5)), Ok(expected));
            release.send(()).expect("released");
        }
    }

    #[test]
    fn one_turn_is_always_left_for_reads_while_writes_wait() {
        let admission = Arc::new(Admission::new(3));
        let save = || {
            Request::Delete(crate::service::delete::DeleteRequest {
                target: crate::domain::RecordRef::new(
                    crate::domain::Kind::School,
                    crate::domain::RecordId(1),
                ),
                revision: None,
            })
        };
        // Two writes stuck (behind a backup holding the write lock).
        let first = admission.admit(class_of(&save()), "a");
        let second = admission.admit(class_of(&save()), "a");
        let (done, finished) = channel();
        {
            let admission = Arc::clone(&admission);
            let done = done.clone();
            std::thread::spawn(move || {
                let _third = admission.admit(class_of(&save()), "a");
                done.send("write").expect("the test listens");
            });
        }
        std::thread::sleep(Duration::from_millis(50));
        {
            let admission = Arc::clone(&admission);
            std::thread::spawn(move || {
                let _read = admission.admit(class_of(&Request::Status), "a");
                done.send("read").expect("the test listens");
            });
        }
        assert_eq!(
            finished.recv_timeout(Duration::from_secs(5)),
            Ok("read"),
            "the read passes the waiting write"
        );
        drop(first);
        assert_eq!(finished.recv_timeout(Duration::from_secs(5)), Ok("write"));
        drop(second);
    }

    #[test]
    fn short_requests_take_turns_and_long_ones_do_not() {
        assert_eq!(class_of(&Request::Status), Class::Read);
        assert_eq!(class_of(&Request::Check), Class::Long, "long");
        assert_eq!(
            class_of(&Request::Audit(
                crate::service::audit::AuditRequest::default()
            )),
            Class::Long,
            "may read the whole trail"
        );
        let delete = Request::Delete(crate::service::delete::DeleteRequest {
            target: crate::domain::RecordRef::new(
                crate::domain::Kind::School,
                crate::domain::RecordId(1),
            ),
            revision: None,
        });
        assert_eq!(class_of(&delete), Class::Write);
    }
}
