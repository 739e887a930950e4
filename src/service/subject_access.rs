//! A right-of-access request (RGPD, article 15): everything the store
//! holds on one learner, restricted fields in clear. Admins only (they
//! are cleared for everything); each report is audited before it is
//! put together, so the report lists its own entry.
//!
//! What is held on a learner: its record (or, deleted, what its delete
//! kept), its school's name, every placement pointing at it (and the
//! deleted ones kept for restoring) with their company and tutor, the
//! audit entries about the learner and those placements, and the drafts
//! of any account editing the learner or one of its placements.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::audit::{AuditAction, AuditEntry};
use crate::domain::consent::Consent;
use crate::domain::draft::Draft;
use crate::domain::records::{Learner, LinkRole, Placement, Record, RecordRef};
use crate::domain::{Kind, RecordId};
use crate::service::get::RecordKey;
use crate::service::labels::LinkedRecord;
use crate::service::{AdminTask, Caller, Service, ServiceError, ServiceResult};

/// A placement held on the learner, with the records it points at named.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeldPlacement {
    /// As stored, restricted fields in clear.
    pub placement: Placement,
    /// Its learner, school, company and tutor, named.
    pub links: Vec<LinkedRecord>,
}

/// A draft of some account that concerns the learner: what was typed is
/// data held too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldDraft {
    /// The Unix account whose draft it is.
    pub account: String,
    pub draft: Draft,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubjectAccessReport {
    /// When the report was made (its audit entry's time).
    pub at: DateTime<Utc>,
    /// As stored, restricted fields in clear.
    pub learner: Learner,
    /// The learner is deleted: `learner` is what its delete kept for
    /// restoring.
    pub deleted: bool,
    /// Its school, named.
    pub school: Option<LinkedRecord>,
    /// The placements pointing at it.
    pub placements: Vec<HeldPlacement>,
    /// Deleted placements of the learner kept for restoring.
    pub deleted_placements: Vec<HeldPlacement>,
    /// The audit entries about the learner and its placements (live or
    /// deleted), newest first; this report's own entry first.
    pub audit: Vec<AuditEntry>,
    /// Drafts of any account editing the learner or one of its
    /// placements.
    pub drafts: Vec<HeldDraft>,
    /// The consent recorded on the learner, who gave it in clear.
    pub consent: Option<Consent>,
}

impl Service {
    /// Everything held on the learner `key` names (admin only), audited.
    pub fn subject_access(
        &self,
        caller: &Caller,
        key: &RecordKey,
    ) -> ServiceResult<SubjectAccessReport> {
        self.identify_admin(caller, AdminTask::SubjectAccess)?;
        if key.kind() != Kind::Learner {
            return Err(ServiceError::BadRequest(
                "a subject access report is made for a learner".into(),
            ));
        }
        let target = self.resolve_key(key)?;
        let (learner, deleted) = match self.store.get(target)? {
            Some(record) => (record, false),
            None => match self.store.tombstone(target)? {
                Some(record) => (record, true),
                None => {
                    return Err(ServiceError::NotFound {
                        kind: Kind::Learner,
                        key: target.id.to_string(),
                    });
                }
            },
        };
        let Record::Learner(learner) = learner else {
            return Err(ServiceError::Damaged {
                detail: format!("learner {} is stored as another kind", target.id),
            });
        };
        let stamp = self.stamp(caller);
        self.store
            .append_audit(&stamp, AuditAction::SubjectAccess { target })?;

        let mut names = self.names();
        let school = names.linked(
            Some(LinkRole::School),
            RecordRef::new(Kind::School, learner.school),
        )?;
        let mut placements = Vec::new();
        for (dependent, role) in self.store.dependents(target)? {
            if dependent.kind != Kind::Placement || role != LinkRole::Learner {
                continue;
            }
            if let Some(record @ Record::Placement(_)) = self.store.get(dependent)? {
                placements.push(held(&mut names, record)?);
            }
        }
        let mut deleted_placements = Vec::new();
        for record in self.store.tombstones(Kind::Placement) {
            let record = record?;
            if matches!(&record, Record::Placement(p) if p.learner == target.id) {
                deleted_placements.push(held(&mut names, record)?);
            }
        }
        let placement_ids: Vec<RecordId> = placements
            .iter()
            .chain(&deleted_placements)
            .map(|held| held.placement.meta.id)
            .collect();
        let concerns = |about: RecordRef| {
            about == target || (about.kind == Kind::Placement && placement_ids.contains(&about.id))
        };

        let mut audit = Vec::new();
        for entry in self.store.audit_newest_first()? {
            let entry = entry?;
            if entry.action.target().is_some_and(concerns) {
                audit.push(entry);
            }
        }
        let drafts = self
            .store
            .drafts_of_every_account()?
            .into_iter()
            .filter(|(_, draft)| {
                draft.editing.is_some_and(|(id, _)| {
                    matches!(draft.kind, Kind::Learner | Kind::Placement)
                        && concerns(RecordRef::new(draft.kind, id))
                })
            })
            .map(|(account, draft)| HeldDraft { account, draft })
            .collect();
        Ok(SubjectAccessReport {
            at: stamp.at,
            learner,
            deleted,
            school,
            placements,
            deleted_placements,
            audit,
            drafts,
            consent: self.store.consent(target)?,
        })
    }
}

/// A placement with its links named; `record` is a placement.
fn held(
    names: &mut crate::service::labels::Names<'_>,
    record: Record,
) -> ServiceResult<HeldPlacement> {
    let links = names.links(&record, |_| true)?;
    match record {
        Record::Placement(placement) => Ok(HeldPlacement { placement, links }),
        other => Err(ServiceError::Damaged {
            detail: format!("{:?} is not a placement", other.reference()),
        }),
    }
}
