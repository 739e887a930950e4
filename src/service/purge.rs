//! `passerelle purge`: learners whose data is kept no longer are
//! anonymised (`domain::purge` says which). Admins only. The record
//! stays, with its number, level, school, school year and every link,
//! so counts and reports do not change; its name, particular needs and
//! notes go. Deleted learners kept for restoring are anonymised alike,
//! and drafts editing an anonymised learner are discarded (they hold
//! what was typed).
//!
//! Learners are written through the store in batches, each batch one
//! transaction with one audit entry `Anonymised` per learner. Which
//! learners are due is decided from a reading of every learner and
//! placement, then checked again for each learner under the store's
//! write lock (a placement added meanwhile keeps its learner). A purge
//! interrupted leaves whole batches; running it again finishes the job,
//! the learners anonymised already being recognised and left alone.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::audit::AuditAction;
use crate::domain::dates::SchoolYear;
use crate::domain::draft::DraftId;
use crate::domain::purge::{
    MAX_AFTER_SCHOOL_YEARS, is_due, last_activity, last_year_due, placement_activity,
};
use crate::domain::records::{Learner, LinkRole, Record, RecordRef};
use crate::domain::{Kind, RecordId};
use crate::service::{AdminTask, Caller, Service, ServiceError, ServiceResult};
use crate::store::StoreResult;

/// How many learners one transaction anonymises.
pub const PURGE_BATCH: usize = 250;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurgeRequest {
    /// Only say what would be anonymised: nothing is written, not even
    /// an audit entry.
    pub dry_run: bool,
    /// N: learners last active more than N school years before the
    /// current one are anonymised (1 to 100; the CLI's default is 2).
    pub after_school_years: u32,
}

/// A learner anonymised (or that would be), never named: the report may
/// be kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurgedLearner {
    pub id: RecordId,
    /// The school year of its last activity.
    pub last_activity: SchoolYear,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurgeReport {
    pub dry_run: bool,
    /// The day the purge was run (the service's clock).
    pub today: NaiveDate,
    /// The school year of `today`.
    pub school_year: SchoolYear,
    pub after_school_years: u32,
    /// Learners last active in this school year or before are due.
    pub last_year_due: SchoolYear,
    /// Learners anonymised (or that would be), by number.
    pub learners: Vec<PurgedLearner>,
    /// Deleted learners kept for restoring, anonymised (or that would
    /// be), by number.
    pub deleted_learners: Vec<PurgedLearner>,
    /// Drafts (of any account) editing an anonymised learner, discarded
    /// (or that would be).
    pub drafts_discarded: u64,
    /// Consents recorded on anonymised learners, removed (or that would
    /// be): who gave them is personal data too.
    #[serde(default)]
    pub consents_removed: u64,
    /// Learners, live or deleted, anonymised by an earlier purge and
    /// left as they are.
    pub already_anonymised: u64,
}

/// What a reading of the store finds due.
struct Due {
    learners: Vec<PurgedLearner>,
    deleted_learners: Vec<PurgedLearner>,
    /// Every learner anonymised already, live or deleted.
    anonymised: HashSet<RecordId>,
}

impl Service {
    /// Anonymises the learners last active more than
    /// `after_school_years` school years ago (admin only); with
    /// `dry_run`, only says which.
    pub fn purge(&self, caller: &Caller, request: &PurgeRequest) -> ServiceResult<PurgeReport> {
        self.identify_admin(caller, AdminTask::Purge)?;
        let after = request.after_school_years;
        if !(1..=MAX_AFTER_SCHOOL_YEARS).contains(&after) {
            return Err(ServiceError::BadRequest(format!(
                "a purge keeps data 1 to {MAX_AFTER_SCHOOL_YEARS} school years, not {after}"
            )));
        }
        let today = self.clock.today();
        let current = SchoolYear::containing(today);
        let due = self.due_for_purge(current, after)?;
        let mut report = PurgeReport {
            dry_run: request.dry_run,
            today,
            school_year: current,
            after_school_years: after,
            last_year_due: last_year_due(current, after),
            learners: Vec::new(),
            deleted_learners: Vec::new(),
            drafts_discarded: 0,
            consents_removed: 0,
            already_anonymised: due.anonymised.len() as u64,
        };
        let mut anonymised = due.anonymised;
        if request.dry_run {
            anonymised.extend(due.learners.iter().map(|l| l.id));
            anonymised.extend(due.deleted_learners.iter().map(|l| l.id));
            report.drafts_discarded = self.drafts_editing(&anonymised)?.len() as u64;
            for id in &anonymised {
                if self
                    .store
                    .consent(RecordRef::new(Kind::Learner, *id))?
                    .is_some()
                {
                    report.consents_removed += 1;
                }
            }
            report.learners = due.learners;
            report.deleted_learners = due.deleted_learners;
            return Ok(report);
        }
        report.learners = self.anonymise_learners(caller, &due.learners, current, after)?;
        report.deleted_learners =
            self.anonymise_deleted_learners(caller, &due.deleted_learners, current, after)?;
        anonymised.extend(report.learners.iter().map(|l| l.id));
        anonymised.extend(report.deleted_learners.iter().map(|l| l.id));
        let drafts = self.drafts_editing(&anonymised)?;
        report.drafts_discarded = self.store.discard_drafts(&drafts)? as u64;
        let stamp = self.stamp(caller);
        for id in &anonymised {
            if self
                .store
                .remove_consent(RecordRef::new(Kind::Learner, *id), &stamp)?
            {
                report.consents_removed += 1;
            }
        }
        Ok(report)
    }

    /// Reads every placement, then every learner, live and deleted.
    fn due_for_purge(&self, current: SchoolYear, after: u32) -> ServiceResult<Due> {
        // The latest day of activity of each learner with placements.
        let mut latest: HashMap<RecordId, NaiveDate> = HashMap::new();
        for record in self.store.records(Kind::Placement) {
            if let Record::Placement(placement) = record? {
                let day = placement_activity(&placement);
                latest
                    .entry(placement.learner)
                    .and_modify(|known| *known = (*known).max(day))
                    .or_insert(day);
            }
        }
        let mut due = Due {
            learners: Vec::new(),
            deleted_learners: Vec::new(),
            anonymised: HashSet::new(),
        };
        let mut sort = |record: Record, into_deleted: bool| {
            let Record::Learner(learner) = record else {
                return;
            };
            let id = learner.meta.id;
            if learner.is_anonymised() {
                due.anonymised.insert(id);
                return;
            }
            let last = last_activity(&learner, latest.get(&id).copied());
            if is_due(last, current, after) {
                let purged = PurgedLearner {
                    id,
                    last_activity: last,
                };
                if into_deleted {
                    due.deleted_learners.push(purged);
                } else {
                    due.learners.push(purged);
                }
            }
        };
        for record in self.store.records(Kind::Learner) {
            sort(record?, false);
        }
        for record in self.store.tombstones(Kind::Learner) {
            sort(record?, true);
        }
        Ok(due)
    }

    /// The school year of a learner's last activity, from the placements
    /// stored now.
    fn last_activity_now(&self, learner: &Learner) -> StoreResult<SchoolYear> {
        let mut days = Vec::new();
        let reference = RecordRef::new(Kind::Learner, learner.meta.id);
        for (dependent, role) in self.store.dependents(reference)? {
            if dependent.kind != Kind::Placement || role != LinkRole::Learner {
                continue;
            }
            if let Some(Record::Placement(placement)) = self.store.get(dependent)? {
                days.push(placement_activity(&placement));
            }
        }
        Ok(last_activity(learner, days))
    }

    /// Whether `learner` is to be anonymised now, and the school year of
    /// its last activity; checked under the store's write lock.
    fn still_due(
        &self,
        learner: &Learner,
        current: SchoolYear,
        after: u32,
    ) -> StoreResult<Option<SchoolYear>> {
        if learner.is_anonymised() {
            return Ok(None);
        }
        let last = self.last_activity_now(learner)?;
        Ok(is_due(last, current, after).then_some(last))
    }

    /// Anonymises `learner` if it is still due (read under the write
    /// lock), noting the school year of its last activity; whether it was.
    fn anonymise_if_due(
        &self,
        learner: &mut Learner,
        current: SchoolYear,
        after: u32,
        years: &mut HashMap<RecordId, SchoolYear>,
    ) -> StoreResult<bool> {
        let Some(last) = self.still_due(learner, current, after)? else {
            return Ok(false);
        };
        learner.anonymise();
        years.insert(learner.meta.id, last);
        Ok(true)
    }

    fn anonymise_learners(
        &self,
        caller: &Caller,
        due: &[PurgedLearner],
        current: SchoolYear,
        after: u32,
    ) -> ServiceResult<Vec<PurgedLearner>> {
        let stamp = self.stamp(caller);
        let mut done = Vec::with_capacity(due.len());
        for batch in due.chunks(PURGE_BATCH) {
            let targets = learner_refs(batch);
            let mut years: HashMap<RecordId, SchoolYear> = HashMap::new();
            let written = self.store.update_each(
                &targets,
                &stamp,
                &mut |stored| {
                    // Deleted since the reading: the next purge anonymises
                    // what its delete kept.
                    let Some(Record::Learner(learner)) = stored else {
                        return Ok(false);
                    };
                    self.anonymise_if_due(learner, current, after, &mut years)
                },
                &|_, anonymised| AuditAction::Anonymised {
                    target: anonymised.reference(),
                    revision: anonymised.meta().revision,
                },
            )?;
            done.extend(purged(&written, &years));
        }
        Ok(done)
    }

    fn anonymise_deleted_learners(
        &self,
        caller: &Caller,
        due: &[PurgedLearner],
        current: SchoolYear,
        after: u32,
    ) -> ServiceResult<Vec<PurgedLearner>> {
        let stamp = self.stamp(caller);
        let mut done = Vec::with_capacity(due.len());
        for batch in due.chunks(PURGE_BATCH) {
            let targets = learner_refs(batch);
            let mut years: HashMap<RecordId, SchoolYear> = HashMap::new();
            let written = self.store.update_tombstones(
                &targets,
                &stamp,
                &mut |deleted| {
                    let Record::Learner(learner) = deleted else {
                        return Ok(false);
                    };
                    self.anonymise_if_due(learner, current, after, &mut years)
                },
                &|anonymised| AuditAction::Anonymised {
                    target: anonymised.reference(),
                    revision: anonymised.meta().revision,
                },
            )?;
            done.extend(purged(&written, &years));
        }
        Ok(done)
    }

    /// The drafts, of every account, editing one of `learners`.
    fn drafts_editing(
        &self,
        learners: &HashSet<RecordId>,
    ) -> ServiceResult<Vec<(String, DraftId)>> {
        Ok(self
            .store
            .drafts_of_every_account()?
            .into_iter()
            .filter(|(_, draft)| {
                draft.kind == Kind::Learner
                    && draft.editing.is_some_and(|(id, _)| learners.contains(&id))
            })
            .filter_map(|(account, draft)| draft.id.map(|id| (account, id)))
            .collect())
    }
}

fn learner_refs(learners: &[PurgedLearner]) -> Vec<RecordRef> {
    learners
        .iter()
        .map(|learner| RecordRef::new(Kind::Learner, learner.id))
        .collect()
}

/// The learners a batch anonymised, with the year each was last active.
fn purged<'a>(
    written: &'a [Record],
    years: &'a HashMap<RecordId, SchoolYear>,
) -> impl Iterator<Item = PurgedLearner> + 'a {
    written.iter().filter_map(|record| {
        years.get(&record.id()).map(|last| PurgedLearner {
            id: record.id(),
            last_activity: *last,
        })
    })
}
