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
//! Tried and not kept: writes with turns of their own (two at a time),
//! so that a write held up behind an import batch or a backup (which
//! hold the write lock) would hold up no read. Saves then queued among
//! themselves: p99 of 37 ms instead of 19. As it is, while a backup or an
//! import batch holds the write lock, saves arriving meanwhile take the
//! turns one by one and reads wait with them, for as long as the batch
//! (a backup: about a second per 100,000 records).
//!
//! Long requests (`check`, a report, an export's pages, an import batch,
//! a backup, a purge) take no turn: behind one of them, every short
//! request would wait seconds.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::Thread;

use crate::service::protocol::Request;

/// Whether `request` is a short one, which takes its turn.
pub fn takes_turns(request: &Request) -> bool {
    matches!(
        request,
        Request::List(_)
            | Request::Find(_)
            | Request::Get(_)
            | Request::Status
            | Request::Drafts
            | Request::Audit(_)
            | Request::Identify
            | Request::Resolve(_)
            | Request::IsEmpty
            | Request::Save(_)
            | Request::Revert(_)
            | Request::Delete(_)
            | Request::Restore(_)
            | Request::SaveDraft(_)
            | Request::DiscardDraft(_)
            | Request::Reveal(_)
            | Request::RecordConsent(..)
            | Request::WithdrawConsent(_)
    )
}

/// How many short requests are answered at once by default: twice the
/// cores, so that one waiting for the disk leaves the cores busy.
pub fn default_turns() -> usize {
    std::thread::available_parallelism()
        .map_or(2, |cores| cores.get())
        .saturating_mul(2)
        .clamp(2, 32)
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
    fn short_requests_take_turns_and_long_ones_do_not() {
        assert!(takes_turns(&Request::Status));
        assert!(!takes_turns(&Request::Check), "long");
        let delete = Request::Delete(crate::service::delete::DeleteRequest {
            target: crate::domain::RecordRef::new(
                crate::domain::Kind::School,
                crate::domain::RecordId(1),
            ),
            revision: None,
        });
        assert!(takes_turns(&delete), "a short write");
    }
}
