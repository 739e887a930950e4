//! How a record is named where it is pointed at: in lists, in a detail's
//! links, in messages ("Lycée Hoche (0780422H)", a placement by its
//! learner).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::domain::Kind;
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

/// Names of records read for one request, each read once: a school's
/// placements all name the same school, a placement is named by its
/// learner.
pub(crate) struct Names<'s> {
    service: &'s Service,
    /// What each record read is called and whether it is confidential;
    /// `None` when it does not exist.
    seen: HashMap<RecordRef, Option<(String, bool)>>,
}

impl Service {
    pub(crate) fn names(&self) -> Names<'_> {
        Names {
            service: self,
            seen: HashMap::new(),
        }
    }
}

impl Names<'_> {
    /// What a record is called. A placement is called by its learner.
    pub(crate) fn label(&mut self, record: &Record) -> StoreResult<String> {
        Ok(match record {
            Record::School(school) => format!("{} ({})", school.name, school.uai),
            Record::Company(company) => company.name.clone(),
            Record::Contact(contact) => contact.name.clone(),
            Record::Learner(learner) => learner.name.clone(),
            Record::Placement(placement) => {
                let learner = RecordRef::new(Kind::Learner, placement.learner);
                match self.name_of(learner)? {
                    Some((name, _)) => name,
                    None => format!("#{}", placement.meta.id),
                }
            }
            Record::Immersion(immersion) => immersion.person.clone(),
            Record::Event(event) => event.title.clone(),
            Record::Agreement(agreement) => agreement.title.clone(),
        })
    }

    fn name_of(&mut self, target: RecordRef) -> StoreResult<Option<(String, bool)>> {
        if let Some(known) = self.seen.get(&target) {
            return Ok(known.clone());
        }
        let named = match self.service.store.get(target)? {
            Some(record) => Some((
                self.label(&record)?,
                record.meta().confidentiality.confidential,
            )),
            None => None,
        };
        self.seen.insert(target, named.clone());
        Ok(named)
    }

    /// The record `target`, named; `None` if it does not exist.
    pub(crate) fn linked(
        &mut self,
        role: Option<LinkRole>,
        target: RecordRef,
    ) -> StoreResult<Option<LinkedRecord>> {
        Ok(self
            .name_of(target)?
            .map(|(label, confidential)| LinkedRecord {
                role,
                reference: target,
                label,
                confidential,
            }))
    }

    /// The records `record` points at in the roles `keep` accepts, named.
    pub(crate) fn links(
        &mut self,
        record: &Record,
        keep: impl Fn(LinkRole) -> bool,
    ) -> StoreResult<Vec<LinkedRecord>> {
        let mut linked = Vec::new();
        for link in record.links().into_iter().filter(|l| keep(l.role)) {
            if let Some(found) = self.linked(Some(link.role), link.target)? {
                linked.push(found);
            }
        }
        Ok(linked)
    }
}
