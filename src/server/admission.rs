//! Turns for the short requests people wait on at the keyboard (a page,
//! a record, the finder, the dashboard, a save, a delete): at most a few
//! answered at once, first come, first served.
//!
//! With a thread per connection, twenty clients sending back to back put
//! twenty runnable threads on two cores: each request then waits for
//! the scheduler's time slices of all the others, and the unlucky ones
//! wait several (a p99 of 51 ms against a median of 4 ms). A write
//! holding the store's write lock is preempted like the rest while the
//! other writers wait for it. Answered a few at a time and in the order
//! they came, every request waits about the same (figures in the README,
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
//! would wait seconds.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
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

/// Turns for short requests, and passes for the writes among them.
#[derive(Debug)]
pub struct Admission {
    turns: Turns,
    write_passes: Turns,
}

/// What a request holds while it is answered (nothing for a long one).
pub struct Admitted<'a> {
    // Dropped in this order: the turn first, then the pass.
    _turn: Option<Turn<'a>>,
    _pass: Option<Turn<'a>>,
}

impl Admission {
    /// `turns` at once (at least 2: one is always left for reads).
    pub fn new(turns: usize) -> Self {
        let turns = turns.max(2);
        Admission {
            turns: Turns::new(turns),
            write_passes: Turns::new(turns - 1),
        }
    }

    /// Waits for what `request` needs to be answered.
    pub fn admit(&self, request: &Request) -> Admitted<'_> {
        match class_of(request) {
            Class::Long => Admitted {
                _turn: None,
                _pass: None,
            },
            Class::Read => Admitted {
                _turn: Some(self.turns.wait()),
                _pass: None,
            },
            Class::Write => {
                let pass = self.write_passes.wait();
                Admitted {
                    _turn: Some(self.turns.wait()),
                    _pass: Some(pass),
                }
            }
        }
    }
}

/// How many short requests are answered at once by default: twice the
/// cores and one, so that one waiting for the disk leaves the cores
/// busy, and writes (all turns but one at most) still get twice the
/// cores. On two cores: 4 turns gave a p99 of 20.3 ms for the server
/// benchmark's mix, 5 turns 15.0 ms (README).
pub fn default_turns() -> usize {
    std::thread::available_parallelism()
        .map_or(2, |cores| cores.get())
        .saturating_mul(2)
        .saturating_add(1)
        .clamp(3, 33)
}

/// First come, first served, at most `limit` at once. A turn given back
/// goes straight to the request that has waited longest, which alone is
/// woken: waking every waiting thread to look would cost twenty context
/// switches per request.
#[derive(Debug)]
pub struct Turns {
    limit: usize,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// Turns in use.
    running: usize,
    /// Requests waiting, the oldest first.
    waiting: VecDeque<Arc<Waiter>>,
}

#[derive(Debug)]
struct Waiter {
    thread: Thread,
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

    /// Waits until the requests that came before this one leave it a
    /// turn; the turn is given back when the result is dropped.
    pub fn wait(&self) -> Turn<'_> {
        let mut state = self.state();
        if state.running < self.limit && state.waiting.is_empty() {
            state.running += 1;
            return Turn(self);
        }
        let me = Arc::new(Waiter {
            thread: std::thread::current(),
            granted: AtomicBool::new(false),
        });
        state.waiting.push_back(Arc::clone(&me));
        drop(state);
        // A wake-up may come before the park (then park returns at once)
        // or for no reason (then the flag is still clear).
        while !me.granted.load(Ordering::Acquire) {
            std::thread::park();
        }
        Turn(self)
    }

    fn give_back(&self) {
        let mut state = self.state();
        match state.waiting.pop_front() {
            // Handed over: as many turns stay in use.
            Some(next) => {
                next.granted.store(true, Ordering::Release);
                next.thread.unpark();
            }
            None => state.running = state.running.saturating_sub(1),
        }
    }
}

/// A turn being used; given back on drop, whatever the request did.
pub struct Turn<'t>(&'t Turns);

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        self.0.give_back();
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
        let first = turns.wait();
        let second = turns.wait();
        let (started, order) = channel();
        let running = Arc::new(AtomicUsize::new(0));
        let mut waiting = Vec::new();
        for n in 0..3 {
            let (turns, started, running) = (turns.clone(), started.clone(), running.clone());
            waiting.push(std::thread::spawn(move || {
                let _turn = turns.wait();
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
        let first = admission.admit(&save());
        let second = admission.admit(&save());
        let (done, finished) = channel();
        {
            let admission = Arc::clone(&admission);
            let done = done.clone();
            std::thread::spawn(move || {
                let _third = admission.admit(&save());
                done.send("write").expect("the test listens");
            });
        }
        std::thread::sleep(Duration::from_millis(50));
        {
            let admission = Arc::clone(&admission);
            std::thread::spawn(move || {
                let _read = admission.admit(&Request::Status);
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
