//! The thread that asks the service, so that the screen never waits on
//! the store: a keystroke is drawn at once, its data when it comes. Of
//! several reads waiting from one screen, only the latest is answered
//! (typing "ecole" fast asks once, not five times); writes are all
//! carried out, in order.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use crate::client::Backend;
use crate::tui::app::Job;
use crate::tui::events::AppEvent;

/// Tells the loop when the worker stops, even by a panic.
struct Farewell(Sender<AppEvent>);

impl Drop for Farewell {
    fn drop(&mut self) {
        let _ = self.0.send(AppEvent::WorkerGone);
    }
}

/// The worker thread and where to send it requests.
pub struct Worker {
    pub jobs: Sender<Job>,
    stopping: Arc<AtomicBool>,
    /// Disconnected when the thread ends.
    ended: Receiver<()>,
}

impl Worker {
    /// Ends the worker once the writes sent are carried out; reads still
    /// waiting are dropped (nobody will look at them). Waits `patience`
    /// at most: a server that does not answer must not hold the person
    /// who quits. Whether the worker ended in time.
    pub fn finish_within(self, patience: Duration) -> bool {
        self.stopping.store(true, Ordering::SeqCst);
        drop(self.jobs);
        matches!(
            self.ended.recv_timeout(patience),
            Err(RecvTimeoutError::Disconnected) | Ok(())
        )
    }
}

pub fn spawn(backend: Arc<Backend>, events: Sender<AppEvent>) -> Worker {
    let (jobs, queue) = channel::<Job>();
    let stopping = Arc::new(AtomicBool::new(false));
    let stop = stopping.clone();
    let (ending, ended) = channel::<()>();
    std::thread::spawn(move || {
        let _ending = ending;
        work(&backend, &queue, events, &stop);
    });
    Worker {
        jobs,
        stopping,
        ended,
    }
}

fn work(backend: &Backend, queue: &Receiver<Job>, events: Sender<AppEvent>, stopping: &AtomicBool) {
    let farewell = Farewell(events);
    while let Ok(first) = queue.recv() {
        let mut batch = vec![first];
        batch.extend(queue.try_iter());
        let reads: Vec<_> = batch
            .iter()
            .map(|job| job.request.is_read().then_some(job.slot))
            .collect();
        for (index, job) in batch.into_iter().enumerate() {
            let superseded = job.request.is_read()
                && (reads[index + 1..].contains(&Some(job.slot))
                    || stopping.load(Ordering::SeqCst));
            let event = if superseded {
                AppEvent::Superseded(job.ticket)
            } else {
                let started = Instant::now();
                let name = job.request.name();
                let result = backend.call(job.request);
                tracing::debug!(
                    request = name,
                    micros = started.elapsed().as_micros() as u64,
                    ok = result.is_ok(),
                    "answered"
                );
                AppEvent::Answer(job.ticket, result)
            };
            if farewell.0.send(event).is_err() {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::audit::FrontEnd;
    use crate::service::protocol::Request;
    use crate::tui::app::{Slot, Ticket};

    #[test]
    fn of_several_reads_from_one_screen_only_the_latest_is_answered_and_writes_all() {
        let dir = tempfile::tempdir().expect("tempdir");
        let backend = Backend::direct(dir.path(), FrontEnd::Tui).expect("the store opens");
        let (jobs, queue) = channel::<Job>();
        let (events, answers) = channel::<AppEvent>();
        let delete = Request::Delete(crate::service::delete::DeleteRequest {
            target: crate::domain::RecordRef::new(
                crate::domain::Kind::School,
                crate::domain::RecordId(99),
            ),
            revision: None,
        });
        for (ticket, slot, request) in [
            (1, 7, Request::Status),
            (2, 7, delete),
            (3, 8, Request::Status),
            (4, 7, Request::Status),
        ] {
            jobs.send(Job {
                ticket: Ticket(ticket),
                slot: Slot(slot),
                request,
            })
            .expect("queued");
        }
        drop(jobs);
        work(&backend, &queue, events, &AtomicBool::new(false));
        let mut answered = Vec::new();
        let mut superseded = Vec::new();
        for event in answers.try_iter() {
            match event {
                AppEvent::Answer(Ticket(n), result) => {
                    // The write is carried out (and refused: nothing to delete).
                    assert_eq!(result.is_ok(), n != 2, "{n}");
                    answered.push(n);
                }
                AppEvent::Superseded(Ticket(n)) => superseded.push(n),
                AppEvent::WorkerGone => {}
                _ => panic!("unexpected event"),
            }
        }
        assert_eq!(superseded, [1]);
        assert_eq!(answered, [2, 3, 4]);
    }
}
