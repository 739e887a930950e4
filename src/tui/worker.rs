//! The thread that asks the service, so that the screen never waits on
//! the store: a keystroke is drawn at once, its data when it comes. Of
//! several requests waiting from one screen, only the latest is
//! answered (typing "ecole" fast asks once, not five times).

use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Instant;

use crate::service::{Caller, Service};
use crate::tui::app::Job;
use crate::tui::events::AppEvent;

/// Tells the loop when the worker stops, even by a panic.
struct Farewell(Sender<AppEvent>);

impl Drop for Farewell {
    fn drop(&mut self) {
        let _ = self.0.send(AppEvent::WorkerGone);
    }
}

pub fn spawn(service: Arc<Service>, caller: Caller, events: Sender<AppEvent>) -> Sender<Job> {
    let (jobs, queue) = channel::<Job>();
    std::thread::spawn(move || work(&service, &caller, &queue, events));
    jobs
}

fn work(service: &Service, caller: &Caller, queue: &Receiver<Job>, events: Sender<AppEvent>) {
    let farewell = Farewell(events);
    while let Ok(first) = queue.recv() {
        let mut batch = vec![first];
        batch.extend(queue.try_iter());
        let slots: Vec<_> = batch.iter().map(|job| job.slot).collect();
        for (index, job) in batch.into_iter().enumerate() {
            let superseded = slots[index + 1..].contains(&job.slot);
            let event = if superseded {
                AppEvent::Superseded(job.ticket)
            } else {
                let started = Instant::now();
                let name = job.request.name();
                let result = service.handle(caller, job.request);
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
