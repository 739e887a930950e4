//! Refused accesses, audited so that no caller can grow the trail at
//! will: the first refusal of an account is written at once (so an
//! attempt is seen as it happens; a server queues it for its
//! housekeeping thread, which writes it within a tick, and reading the
//! trail writes what is queued first), the ones that follow within
//! [`REFUSAL_WINDOW`] are counted and written as one entry with their
//! number when the window closes (or the server stops). Whatever a
//! caller does, an account costs the trail at most two entries per
//! window.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::domain::audit::AuditAction;
use crate::service::{Caller, Service};
use crate::store::write::Stamp;

/// How long the refusals of one account are counted before their number
/// is written.
pub const REFUSAL_WINDOW: Duration = Duration::from_secs(600);

/// The refusals of each account counted and not written yet.
#[derive(Debug, Default)]
pub struct RefusalWindows {
    open: Mutex<HashMap<String, Window>>,
    /// Set by a server: entries are queued here and written by
    /// [`Service::write_refusals`] on its own thread, so that whoever
    /// refuses (the accepting thread) never waits for the store's write
    /// lock (held by a backup, a demo load, an import batch).
    deferred: AtomicBool,
    pending: Mutex<Vec<(Stamp, AuditAction)>>,
}

#[derive(Debug)]
struct Window {
    opened: Instant,
    /// When the first refusal of the window was written.
    since: DateTime<Utc>,
    /// Refusals after the first, not written yet.
    more: u64,
    /// What the last of them claimed to be.
    caller: Caller,
}

impl RefusalWindows {
    fn open(&self) -> MutexGuard<'_, HashMap<String, Window>> {
        // Nothing panics while holding it; were it poisoned, the counts
        // are whole.
        self.open.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn pending(&self) -> MutexGuard<'_, Vec<(Stamp, AuditAction)>> {
        self.pending.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Service {
    /// From now on, refusals are queued and written by
    /// [`Service::write_refusals`] (a server's own thread calls it).
    pub fn defer_refusal_writes(&self) {
        self.refusals.deferred.store(true, Ordering::SeqCst);
    }

    /// Writes an entry now, or queues it for [`Service::write_refusals`].
    fn write_refusal(&self, stamp: Stamp, action: AuditAction) {
        if self.refusals.deferred.load(Ordering::SeqCst) {
            self.refusals.pending().push((stamp, action));
            return;
        }
        if let Err(error) = self.store.append_audit(&stamp, action) {
            tracing::warn!(%error, "a refused access could not be audited");
        }
    }

    /// Records a refused access of `caller` (`pid`: the process the
    /// kernel says connected, when known). Failing to record it does not
    /// change the answer: the caller is refused either way.
    pub(crate) fn audit_refusal(&self, caller: &Caller, pid: Option<u32>) {
        let mut open = self.refusals.open();
        if let Some(window) = open.get_mut(&caller.account) {
            if window.opened.elapsed() < REFUSAL_WINDOW {
                window.more += 1;
                window.caller = caller.clone();
                return;
            }
            if let Some(window) = open.remove(&caller.account) {
                self.write_more_refusals(window);
            }
        }
        let stamp = self.stamp(caller);
        let since = stamp.at;
        self.write_refusal(stamp, AuditAction::Refused { pid });
        open.insert(
            caller.account.clone(),
            Window {
                opened: Instant::now(),
                since,
                more: 0,
                caller: caller.clone(),
            },
        );
    }

    /// Writes the counts of the windows that have closed; every count
    /// when `all` (the server stopping). The server calls it as time
    /// passes.
    pub fn write_refusals(&self, all: bool) {
        self.close_refusal_windows(all);
        let queued = std::mem::take(&mut *self.refusals.pending());
        for (stamp, action) in queued {
            if let Err(error) = self.store.append_audit(&stamp, action) {
                tracing::warn!(%error, "a refused access could not be audited");
            }
        }
    }

    /// Counts the refusals of the windows that have closed (every window
    /// when `all`).
    fn close_refusal_windows(&self, all: bool) {
        let mut open = self.refusals.open();
        let closed: Vec<String> = open
            .iter()
            .filter(|(_, window)| all || window.opened.elapsed() >= REFUSAL_WINDOW)
            .map(|(account, _)| account.clone())
            .collect();
        for account in closed {
            if let Some(window) = open.remove(&account) {
                self.write_more_refusals(window);
            }
        }
    }

    fn write_more_refusals(&self, window: Window) {
        if window.more == 0 {
            return;
        }
        let stamp = self.stamp(&window.caller);
        let action = AuditAction::RefusedAgain {
            count: window.more,
            since: window.since,
        };
        self.write_refusal(stamp, action);
    }
}
