//! Whether a company took part before a day: the question behind
//! "companies newly involved". Asked of each company involved in the
//! year and not already known to have taken part the year before,
//! through its own index entries (its placements by status and start,
//! the records linked to it), so the cost follows the companies of the
//! year, not the store's history.

use chrono::NaiveDate;

use crate::domain::records::{Record, RecordRef};
use crate::domain::status::{ImmersionStatus, PlacementStatus};
use crate::domain::{Kind, RecordId};
use crate::service::{Service, ServiceResult};
use crate::store::keys::KeyBuilder;
use crate::store::read::KeyRange;
use crate::store::schema::TreeId;

/// The statuses of a placement that involves its company (all but
/// cancelled), those older placements have most often first: the look
/// usually ends at the first.
const INVOLVING: [PlacementStatus; 5] = [
    PlacementStatus::Done,
    PlacementStatus::UnderWay,
    PlacementStatus::AgreementSigned,
    PlacementStatus::CompanyProposed,
    PlacementStatus::Requested,
];

impl Service {
    /// Whether `company` was named, before `day`, by a placement or an
    /// immersion not cancelled, an event, or an agreement signed: the
    /// same involvement the report counts in a year.
    pub(super) fn involved_before(&self, company: RecordId, day: NaiveDate) -> ServiceResult<bool> {
        // Placements by company are keyed by status then start: one
        // bounded look per status.
        for status in INVOLVING {
            let prefix = || KeyBuilder::new().id(company).byte(status.ordinal());
            let range = KeyRange::between(prefix().build(), prefix().date(day).build());
            let mut found = false;
            self.store
                .visit(TreeId::PlacementCompany, &range, 1, &mut |_, _| {
                    found = true
                })?;
            if found {
                return Ok(true);
            }
        }
        // Its immersions, events and agreements, in one read of its links.
        for source in self
            .store
            .linked_to(RecordRef::new(Kind::Company, company))?
        {
            if !matches!(source.kind, Kind::Immersion | Kind::Event | Kind::Agreement) {
                continue;
            }
            let Some(record) = self.store.get(source)? else {
                continue;
            };
            let cancelled = matches!(
                &record,
                Record::Immersion(immersion) if immersion.status == ImmersionStatus::Cancelled
            );
            // An agreement never signed has no date: it involved no one.
            if !cancelled && record.date().is_some_and(|date| date < day) {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_but_cancelled_involves() {
        let mut involving = INVOLVING.to_vec();
        involving.push(PlacementStatus::Cancelled);
        involving.sort();
        assert_eq!(involving, PlacementStatus::ALL);
    }
}
