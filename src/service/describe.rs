//! Records named as a form shows its links: each with what it is called
//! and what tells it from its namesakes (a learner's school, a contact's
//! organisation, the record itself for its commune or date). The words
//! are the front end's; this gives the facts.

use serde::{Deserialize, Serialize};

use crate::domain::records::{Record, RecordRef};
use crate::service::labels::LinkedRecord;
use crate::service::list::listed_link;
use crate::service::masking::present;
use crate::service::{Caller, Service, ServiceError, ServiceResult};

/// The most records one request describes: a form's links, with room.
pub const MOST_DESCRIBED: usize = 500;

/// One record, as a link to it is shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Described {
    /// The record, masked as any read gives it.
    pub record: Record,
    /// What it is called in lists.
    pub label: String,
    /// The records a list shows it with, named (a learner's school).
    pub links: Vec<LinkedRecord>,
}

impl Service {
    /// The records of `targets` that exist, described, in the order
    /// asked (each once).
    pub fn describe(
        &self,
        caller: &Caller,
        targets: &[RecordRef],
    ) -> ServiceResult<Vec<Described>> {
        self.identify(caller)?;
        if targets.len() > MOST_DESCRIBED {
            return Err(ServiceError::BadRequest(format!(
                "at most {MOST_DESCRIBED} records are described at once"
            )));
        }
        let mut names = self.names();
        let mut described = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for target in targets {
            if !seen.insert(*target) {
                continue;
            }
            let Some(record) = self.store.get(*target)? else {
                continue;
            };
            let kind = record.kind();
            described.push(Described {
                label: names.label(&record)?,
                links: names.links(&record, |role| listed_link(kind, role))?,
                record: present(caller, record),
            });
        }
        Ok(described)
    }
}
