//! The main remarks of a year's evaluations: their comments, grouped by
//! text (accents, case and punctuation aside) and ranked by how many
//! evaluations made them, then by the most recent. Typed free text is
//! mostly unique, so the ranking then goes by date; repeated remarks
//! ("accueil très soigné") come first, which is what a committee wants
//! to hear.
//!
//! A comment is a restricted field: the comment of a confidential
//! immersion is taken only where `masking::may_leave` allows it for the
//! report (the caller cleared for the record, consent to the report
//! recorded on it); otherwise it is only counted as withheld. Each
//! confidential immersion whose comment is quoted is written to the
//! audit trail as revealed for the report.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::domain::audit::{AuditAction, RevealPurpose};
use crate::domain::consent::{Consent, ConsentUse};
use crate::domain::records::{Record, RecordRef};
use crate::domain::text::fold;
use crate::domain::user::Identity;
use crate::service::masking::may_leave;
use crate::service::report::{MOST_REMARKS, Remark, Remarks};
use crate::service::{Caller, Service, ServiceResult};

/// The evaluations that made one remark.
#[derive(Debug)]
struct Group {
    /// The text of the most recent of them.
    text: String,
    /// When the most recent was evaluated, and which it was.
    latest: (NaiveDate, RecordRef),
    evaluations: u64,
    /// The confidential immersions among them (quoted with consent).
    confidential: Vec<RecordRef>,
}

/// Remarks gathered while a year is read.
#[derive(Debug, Default)]
pub(super) struct Gathered {
    /// By folded text.
    groups: HashMap<String, Group>,
    with_comment: u64,
    withheld: u64,
}

impl Gathered {
    /// Takes in an immersion's evaluation comment, if it has one and it
    /// may leave in the report for `identity`.
    pub(super) fn consider(
        &mut self,
        identity: &Identity,
        record: &Record,
        consent: Option<&Consent>,
    ) {
        let Record::Immersion(immersion) = record else {
            return;
        };
        let Some(evaluation) = &immersion.evaluation else {
            return;
        };
        // Records as stored hold their values in clear; a masked one
        // would have nothing to quote.
        let Some(text) = evaluation.comment.clear().map(|text| text.trim()) else {
            return;
        };
        let key = fold(text);
        if key.is_empty() {
            return;
        }
        self.with_comment += 1;
        if !may_leave(identity, record, consent, ConsentUse::Report) {
            self.withheld += 1;
            return;
        }
        let reference = record.reference();
        let made = (evaluation.evaluated_on, reference);
        let group = self.groups.entry(key).or_insert_with(|| Group {
            text: text.to_owned(),
            latest: made,
            evaluations: 0,
            confidential: Vec::new(),
        });
        group.evaluations += 1;
        if made > group.latest {
            group.latest = made;
            group.text = text.to_owned();
        }
        if record.meta().confidentiality.confidential {
            group.confidential.push(reference);
        }
    }
}

impl Service {
    /// The remarks to quote, the most made first. The confidential
    /// immersions quoted are audited first, in one transaction: nothing
    /// leaves that the trail does not hold.
    pub(super) fn quote(&self, caller: &Caller, gathered: Gathered) -> ServiceResult<Remarks> {
        let mut groups: Vec<Group> = gathered.groups.into_values().collect();
        groups.sort_by(|a, b| {
            b.evaluations
                .cmp(&a.evaluations)
                .then_with(|| b.latest.cmp(&a.latest))
        });
        groups.truncate(MOST_REMARKS);
        let mut revealed: Vec<RecordRef> = groups
            .iter()
            .flat_map(|group| group.confidential.iter().copied())
            .collect();
        revealed.sort();
        if !revealed.is_empty() {
            let actions = revealed
                .into_iter()
                .map(|target| AuditAction::Revealed {
                    target,
                    purpose: RevealPurpose::Report,
                })
                .collect();
            self.store.append_audits(&self.stamp(caller), actions)?;
        }
        Ok(Remarks {
            quoted: groups
                .into_iter()
                .map(|group| Remark {
                    text: group.text,
                    evaluations: group.evaluations,
                })
                .collect(),
            with_comment: gathered.with_comment,
            withheld: gathered.withheld,
        })
    }
}
