//! Requests on their way to the service, and which screen each answer
//! goes back to.

use std::collections::HashMap;

use crate::service::protocol::Request;

/// Names one request, to match its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ticket(pub u64);

/// Names a screen or overlay that asks. Of several requests waiting from
/// one slot, only the latest is worth answering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Slot(pub u64);

#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub ticket: Ticket,
    pub slot: Slot,
    pub request: Request,
}

#[derive(Debug, Default)]
pub struct Outbox {
    next_ticket: u64,
    next_slot: u64,
    jobs: Vec<Job>,
    awaiting: HashMap<Ticket, Slot>,
}

impl Outbox {
    pub fn new_slot(&mut self) -> Slot {
        self.next_slot += 1;
        Slot(self.next_slot)
    }

    pub fn send(&mut self, slot: Slot, request: Request) -> Ticket {
        self.next_ticket += 1;
        let ticket = Ticket(self.next_ticket);
        self.jobs.push(Job {
            ticket,
            slot,
            request,
        });
        self.awaiting.insert(ticket, slot);
        ticket
    }

    pub fn take_jobs(&mut self) -> Vec<Job> {
        std::mem::take(&mut self.jobs)
    }

    /// The slot an answer goes to, if it is still awaited.
    pub fn answered(&mut self, ticket: Ticket) -> Option<Slot> {
        self.awaiting.remove(&ticket)
    }

    /// Forgets a request that will not be answered (superseded): the
    /// slot it was for.
    pub fn dropped(&mut self, ticket: Ticket) -> Option<Slot> {
        self.awaiting.remove(&ticket)
    }

    /// Whether a request of `slot` is waiting to be sent or answered.
    pub fn awaits(&self, slot: Slot) -> bool {
        self.awaiting.values().any(|waiting| *waiting == slot)
    }

    pub fn is_waiting(&self) -> bool {
        !self.awaiting.is_empty() || !self.jobs.is_empty()
    }
}
