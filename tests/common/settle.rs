//! Answers every waiting request of an interface at once, in this
//! thread: for tests and benchmarks, which need the screen as it is once
//! the data is in (the real interface has a worker thread for that).

use passerelle::service::{Caller, Service};
use passerelle::tui::app::App;

/// Requests answered before giving up: a screen that keeps asking would
/// otherwise loop for ever.
const MOST_ROUNDS: usize = 50;

pub fn settle(app: &mut App, service: &Service, caller: &Caller) {
    for _ in 0..MOST_ROUNDS {
        let jobs = app.take_jobs();
        if jobs.is_empty() {
            return;
        }
        for job in jobs {
            let result = service.handle(caller, job.request);
            app.receive(job.ticket, result);
        }
    }
}
