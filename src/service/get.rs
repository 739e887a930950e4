//! One record with the records it points at and those that point at it:
//! a school with its placements, a placement with its learner, school,
//! company and tutor.

use serde::{Deserialize, Serialize};

use crate::domain::consent::Consent;
use crate::domain::identifiers::{Siret, Uai};
use crate::domain::records::{Record, RecordRef};
use crate::domain::validation::{Field, FieldError, Rule, parse_field};
use crate::domain::{Kind, RecordId};
use crate::service::labels::LinkedRecord;
use crate::service::masking::{present, present_consent};
use crate::service::{Caller, Service, ServiceError, ServiceResult};

/// How many dependents of each kind a detail names; the rest are counted.
pub const DEPENDENTS_SHOWN: usize = 20;

/// How a person names a record: its id, or its UAI or SIRET.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecordKey {
    Id(RecordRef),
    Uai(Uai),
    Siret(Siret),
}

impl RecordKey {
    /// Reads a key typed for a kind: a number is an id; otherwise a UAI
    /// for a school, a SIRET for a company. The error names the rule.
    pub fn parse(kind: Kind, input: &str) -> Result<RecordKey, FieldError> {
        let trimmed = input.trim();
        let is_small_number = !trimmed.is_empty()
            && trimmed.len() <= 12
            && trimmed.bytes().all(|b| b.is_ascii_digit());
        if is_small_number {
            let id = trimmed
                .parse()
                .map_err(|_| FieldError::new(Field::Id, Rule::NotAnId))?;
            return Ok(RecordKey::Id(RecordRef::new(kind, RecordId(id))));
        }
        match kind {
            Kind::School => parse_field(Field::Uai, trimmed, Uai::parse).map(RecordKey::Uai),
            Kind::Company => parse_field(Field::Siret, trimmed, Siret::parse).map(RecordKey::Siret),
            _ => Err(FieldError::new(Field::Id, Rule::NotAnId)),
        }
    }

    pub fn kind(&self) -> Kind {
        match self {
            RecordKey::Id(reference) => reference.kind,
            RecordKey::Uai(_) => Kind::School,
            RecordKey::Siret(_) => Kind::Company,
        }
    }

    fn describe(&self) -> String {
        match self {
            RecordKey::Id(reference) => reference.id.to_string(),
            RecordKey::Uai(uai) => uai.to_string(),
            RecordKey::Siret(siret) => siret.to_string(),
        }
    }
}

/// The records of one kind pointing at a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DependentGroup {
    pub kind: Kind,
    pub total: usize,
    /// The first of them (at most [`DEPENDENTS_SHOWN`]), named.
    pub shown: Vec<LinkedRecord>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GetResponse {
    pub record: Record,
    pub label: String,
    pub links: Vec<LinkedRecord>,
    pub dependents: Vec<DependentGroup>,
    /// The consent recorded on the record (who gave it masked with the
    /// record's restricted fields).
    pub consent: Option<Consent>,
    /// Whether the restricted fields are shown in clear: the answer to a
    /// reveal of a confidential record.
    pub revealed: bool,
    /// Made up by `passerelle demo`.
    pub demo: bool,
}

impl Service {
    /// Resolves a key to the record's reference.
    pub fn resolve(&self, caller: &Caller, key: &RecordKey) -> ServiceResult<RecordRef> {
        self.identify(caller)?;
        self.resolve_key(key)
    }

    pub(crate) fn resolve_key(&self, key: &RecordKey) -> ServiceResult<RecordRef> {
        let found = match key {
            RecordKey::Id(reference) => Some(*reference),
            RecordKey::Uai(uai) => self
                .store
                .school_by_uai(uai)?
                .map(|id| RecordRef::new(Kind::School, id)),
            RecordKey::Siret(siret) => self
                .store
                .company_by_siret(siret)?
                .map(|id| RecordRef::new(Kind::Company, id)),
        };
        found.ok_or_else(|| ServiceError::NotFound {
            kind: key.kind(),
            key: key.describe(),
        })
    }

    pub fn get(&self, caller: &Caller, key: &RecordKey) -> ServiceResult<GetResponse> {
        self.identify(caller)?;
        let mut detail = self.detail(key)?;
        if let Some(consent) = detail.consent.take() {
            detail.consent = Some(present_consent(&detail.record, consent));
        }
        detail.record = present(caller, detail.record);
        Ok(detail)
    }

    /// The record with its links, dependents and consent, in clear: for
    /// the service's own use only, masked before it leaves.
    pub(crate) fn detail(&self, key: &RecordKey) -> ServiceResult<GetResponse> {
        let reference = self.resolve_key(key)?;
        let record = self
            .store
            .get(reference)?
            .ok_or_else(|| ServiceError::NotFound {
                kind: key.kind(),
                key: key.describe(),
            })?;
        let mut names = self.names();
        let mut groups: Vec<DependentGroup> = Vec::new();
        for (dependent, role) in self.store.dependents(reference)? {
            let position = match groups.iter().position(|g| g.kind == dependent.kind) {
                Some(position) => position,
                None => {
                    groups.push(DependentGroup {
                        kind: dependent.kind,
                        total: 0,
                        shown: Vec::new(),
                    });
                    groups.len() - 1
                }
            };
            let group = &mut groups[position];
            group.total += 1;
            if group.shown.len() < DEPENDENTS_SHOWN {
                if let Some(linked) = names.linked(Some(role), dependent)? {
                    group.shown.push(linked);
                }
            }
        }
        groups.sort_by_key(|g| g.kind);
        Ok(GetResponse {
            label: names.label(&record)?,
            links: names.links(&record, |_| true)?,
            dependents: groups,
            consent: self.store.consent(reference)?,
            revealed: false,
            demo: self.store.is_demo(reference)?,
            record,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::identifiers::UaiError;

    #[test]
    fn keys_are_read_by_kind() {
        assert_eq!(
            RecordKey::parse(Kind::Learner, "42"),
            Ok(RecordKey::Id(RecordRef::new(Kind::Learner, RecordId(42))))
        );
        assert!(matches!(
            RecordKey::parse(Kind::School, "0750655E"),
            Ok(RecordKey::Uai(_))
        ));
        assert!(matches!(
            RecordKey::parse(Kind::Company, "732 829 320 00074"),
            Ok(RecordKey::Siret(_))
        ));
        assert_eq!(
            RecordKey::parse(Kind::School, "0750655F"),
            Err(FieldError::new(
                Field::Uai,
                UaiError::WrongCheckLetter {
                    expected: 'E',
                    found: 'F'
                }
            ))
        );
        assert_eq!(
            RecordKey::parse(Kind::Event, "forum"),
            Err(FieldError::new(Field::Id, Rule::NotAnId))
        );
    }
}
