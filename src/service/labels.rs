//! How a record is named where it is pointed at: in lists, in a detail's
//! links, in messages ("Lycée Hoche (0780422H)", a placement by its
//! learner).

use serde::{Deserialize, Serialize};

use crate::domain::records::{LinkRole, Record, RecordRef};
use crate::service::Service;
use crate::store::StoreResult;

/// A record as seen from another: its reference, what it is called and
/// whether it is confidential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedRecord {
    /// The part it plays for the record it is listed with, if any.
    pub role: Option<LinkRole>,
    pub reference: RecordRef,
    pub label: String,
    pub confidential: bool,
}

impl Service {
    /// What a record is called. A placement is called by its learner,
    /// whose record is read for it.
    pub(crate) fn label(&self, record: &Record) -> StoreResult<String> {
        Ok(match record {
            Record::School(school) => format!("{} ({})", school.name, school.uai),
            Record::Company(company) => company.name.clone(),
            Record::Contact(contact) => contact.name.clone(),
            Record::Learner(learner) => learner.name.clone(),
            Record::Placement(placement) => {
                let learner = RecordRef::new(crate::domain::Kind::Learner, placement.learner);
                match self.store.get(learner)? {
                    Some(Record::Learner(learner)) => learner.name,
                    _ => format!("#{}", placement.meta.id),
                }
            }
            Record::Immersion(immersion) => immersion.person.clone(),
            Record::Event(event) => event.title.clone(),
            Record::Agreement(agreement) => agreement.title.clone(),
        })
    }

    /// The linked record `target`, named; `None` if it does not exist.
    pub(crate) fn linked(
        &self,
        role: Option<LinkRole>,
        target: RecordRef,
    ) -> StoreResult<Option<LinkedRecord>> {
        let Some(record) = self.store.get(target)? else {
            return Ok(None);
        };
        Ok(Some(LinkedRecord {
            role,
            reference: target,
            label: self.label(&record)?,
            confidential: record.meta().confidentiality.confidential,
        }))
    }

    /// Every record `record` points at, named.
    pub(crate) fn forward_links(&self, record: &Record) -> StoreResult<Vec<LinkedRecord>> {
        let mut linked = Vec::new();
        for link in record.links() {
            if let Some(found) = self.linked(Some(link.role), link.target)? {
                linked.push(found);
            }
        }
        Ok(linked)
    }
}
