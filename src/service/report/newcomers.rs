//! Whether a company took part before a day: the question behind
//! "companies newly involved". Asked of each company involved in the
//! year, through its own index entries (its placements by status and
//! start, the immersions, events and agreements linked to it), so the
//! cost follows the companies of the year, not the store's history.

use chrono::NaiveDate;

use crate::domain::records::{Record, RecordRef};
use crate::domain::status::{ImmersionStatus, PlacementStatus};
use crate::domain::{Kind, RecordId};
use crate::service::{Service, ServiceResult};
use crate::store::keys::KeyBuilder;
use crate::store::read::KeyRange;
use crate::store::schema::TreeId;

impl Service {
    /// Whether `company` was named, before `day`, by a placement or an
    /// immersion not cancelled, an event, or an agreement signed: the
    /// same involvement the report counts in a year.
    pub(super) fn involved_before(&self, company: RecordId, day: NaiveDate) -> ServiceResult<bool> {
        // Placements by company are keyed by status then start: one
        // bounded look per status.
        for status in PlacementStatus::ALL
            .iter()
            .filter(|status| **status != PlacementStatus::Cancelled)
        {
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
        let target = RecordRef::new(Kind::Company, company);
        for kind in [Kind::Immersion, Kind::Event, Kind::Agreement] {
            for id in self.store.pointing_at(target, kind)? {
                let Some(record) = self.store.get(RecordRef::new(kind, id))? else {
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
        }
        Ok(false)
    }
}
