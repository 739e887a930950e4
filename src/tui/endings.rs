//! What is typed survives every ending of a session: the drafts written
//! at the end, by a repeated ending signal as a last resort, and on a
//! panic of the interface.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::client::Backend;
use crate::domain::draft::Draft;
use crate::service::protocol::Request;

/// How long a repeated ending signal waits for the session's end to
/// write the drafts before writing them itself.
pub(super) const LAST_RESORT_WAIT: Duration = Duration::from_secs(3);

/// Writes a draft at the end of a session; one whose number is gone
/// (discarded from another session) is written as a new one.
pub(super) fn write_draft(backend: &Backend, draft: Draft) {
    let result = match backend.call(Request::SaveDraft(draft.clone())) {
        Err(crate::service::ServiceError::DraftNotFound { .. }) => {
            backend.call(Request::SaveDraft(Draft { id: None, ..draft }))
        }
        other => other,
    };
    if let Err(error) = result {
        tracing::error!(error = %error, "a draft could not be written");
    }
}

/// What a repeated ending signal does before the process ends: waits
/// a little for the session's own end to write the drafts, else writes
/// the last frame's copy itself (unless the end has begun writing).
pub(super) fn last_resort(
    backend: &Arc<Backend>,
    unsaved: &Arc<Mutex<Vec<Draft>>>,
    claimed: &Arc<AtomicBool>,
    written: &Arc<AtomicBool>,
) -> impl Fn() + Send + 'static {
    let backend = backend.clone();
    let (unsaved, claimed, written) = (unsaved.clone(), claimed.clone(), written.clone());
    move || {
        let deadline = Instant::now() + LAST_RESORT_WAIT;
        while !written.load(Ordering::SeqCst) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        if written.load(Ordering::SeqCst) || claimed.swap(true, Ordering::SeqCst) {
            // Written, or being written: a little more time for that.
            while !written.load(Ordering::SeqCst) && Instant::now() < deadline + LAST_RESORT_WAIT {
                std::thread::sleep(Duration::from_millis(20));
            }
            return;
        }
        if let Ok(drafts) = unsaved.lock() {
            for draft in drafts.iter() {
                write_draft(&backend, draft.clone());
            }
        }
    }
}

/// Writes the forms' drafts if the interface panics: the terminal is
/// restored by its own hook, and what was typed is not lost.
pub(super) fn drafts_on_panic(backend: Arc<Backend>, unsaved: Arc<Mutex<Vec<Draft>>>) {
    let kept = unsaved;
    let previous = std::panic::take_hook();
    // Only a panic of the interface's own thread ends the session; a
    // panic elsewhere (the worker) ends it through the loop, which
    // writes the drafts itself.
    let interface = std::thread::current().id();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() == interface {
            if let Ok(drafts) = kept.try_lock() {
                for draft in drafts.iter() {
                    write_draft(&backend, draft.clone());
                }
            }
        }
        previous(info);
    }));
}
