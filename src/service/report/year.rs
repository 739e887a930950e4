//! One school year's figures, from that year's range of the date index
//! of each dated kind: placements and immersions by their start, events
//! by their day, agreements by their signature. Each record of the year
//! is read once; nothing outside the year is, except what tells whether
//! a company was involved before (see `newcomers`).

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};

use crate::domain::academie::Academie;
use crate::domain::dates::SchoolYear;
use crate::domain::records::{
    EventKind, Missing, PlacementKind, Record, RecordRef, Renewal, StaffRole,
};
use crate::domain::status::{ImmersionStatus, PlacementStatus};
use crate::domain::user::Identity;
use crate::domain::{Kind, RecordId};
use crate::service::list::year_range;
use crate::service::report::remarks::Gathered;
use crate::service::report::{
    CompanyFigures, Criterion, EvaluationFigures, EventFigures, FirstInvolvement, ImmersionFigures,
    PerAcademie, PlacementFigures, RatingTotal, RenewalCount, RoleCount, YearFigures, add_to,
    is_held, splits,
};
use crate::service::status::MonthCount;
use crate::service::{Service, ServiceResult};
use crate::store::indexing::Summary;
use crate::store::keys::trailing_id;
use crate::store::schema::TreeId;

/// What to read of a year.
pub(super) struct Walk<'a> {
    year: SchoolYear,
    today: NaiveDate,
    /// Gather the remarks, as this person may see them leave.
    remarks_for: Option<&'a Identity>,
    /// Companies known to have taken part before the year (in the year
    /// before, read first): none of them is asked again.
    known_before: Option<&'a HashSet<RecordId>>,
}

impl<'a> Walk<'a> {
    pub(super) fn new(year: SchoolYear, today: NaiveDate) -> Self {
        Walk {
            year,
            today,
            remarks_for: None,
            known_before: None,
        }
    }

    pub(super) fn with_remarks(self, identity: &'a Identity) -> Self {
        Walk {
            remarks_for: Some(identity),
            ..self
        }
    }

    pub(super) fn knowing(self, involved_before: &'a HashSet<RecordId>) -> Self {
        Walk {
            known_before: Some(involved_before),
            ..self
        }
    }
}

/// A year read: its figures, and what the report takes of the year it
/// is about.
pub(super) struct Walked {
    pub figures: YearFigures,
    /// Placements (not cancelled) of each school.
    pub placements_by_school: HashMap<RecordId, u64>,
    pub remarks: Option<Gathered>,
    /// The companies involved in the year.
    pub companies: HashSet<RecordId>,
}

/// Who took part in the year, and for companies their first record of
/// it (its day and kind).
#[derive(Default)]
struct Involvement {
    companies: HashMap<RecordId, (NaiveDate, Kind)>,
    schools: HashSet<RecordId>,
}

impl Involvement {
    fn company(&mut self, company: RecordId, day: NaiveDate, kind: Kind) {
        let first = self.companies.entry(company).or_insert((day, kind));
        // The earliest; on the same day, the kind named first in `Kind`.
        if (day, kind) < *first {
            *first = (day, kind);
        }
    }
}

/// A year's records are read in one walk over their range of numbers
/// when they are at least one in this many of it; otherwise one lookup
/// each. Measured at a million records: a walk reads an entry in a
/// fraction of a lookup's time.
const DENSE: u64 = 4;

/// The position of a date's month in its school year: September 0,
/// August 11.
fn month_index(day: NaiveDate) -> usize {
    ((day.month() + 3) % 12) as usize
}

impl Service {
    /// The ids of a kind's records dated in `year`, with the académie
    /// their index entry carries.
    fn dated_in(
        &self,
        kind: Kind,
        year: SchoolYear,
    ) -> ServiceResult<Vec<(RecordId, Option<Academie>)>> {
        let range = year_range(year)?;
        let mut rows = Vec::new();
        let mut unreadable = false;
        self.store.visit(
            TreeId::Date(kind),
            &range,
            usize::MAX,
            &mut |key, value| match (trailing_id(key), Summary::academie_of(value)) {
                (Some(id), Some(academie)) => rows.push((id, academie)),
                _ => unreadable = true,
            },
        )?;
        if unreadable {
            return Err(self
                .store
                .damaged("a date index entry is unreadable")
                .into());
        }
        // By number: the records tree is keyed by it, so reading them in
        // that order walks its leaves once instead of jumping between
        // them in date order.
        rows.sort_unstable_by_key(|(id, _)| *id);
        Ok(rows)
    }

    /// The records of a kind dated in `year`, each with its académie.
    /// An index entry whose record is gone is left out (`check` reports
    /// it).
    fn each_dated_in(
        &self,
        kind: Kind,
        year: SchoolYear,
        mut visit: impl FnMut(Record, Option<Academie>) -> ServiceResult<()>,
    ) -> ServiceResult<()> {
        let rows = self.dated_in(kind, year)?;
        let span = match (rows.first(), rows.last()) {
            (Some(first), Some(last)) => last.0.0 - first.0.0 + 1,
            _ => return Ok(()),
        };
        if (rows.len() as u64).saturating_mul(DENSE) < span {
            // Scattered among many others: a lookup each.
            for (id, academie) in rows {
                if let Some(record) = self.store.get(RecordRef::new(kind, id))? {
                    visit(record, academie)?;
                }
            }
            return Ok(());
        }
        // Close together (records are numbered as they are made, and a
        // year's are mostly made that year): one walk over their range.
        let ids: Vec<RecordId> = rows.iter().map(|(id, _)| *id).collect();
        let mut academies = rows.iter().peekable();
        for record in self.store.records_among(kind, &ids) {
            let record = record?;
            while academies.next_if(|(id, _)| *id < record.id()).is_some() {}
            let academie = academies.next().and_then(|(_, academie)| *academie);
            visit(record, academie)?;
        }
        Ok(())
    }

    pub(super) fn walk_year(&self, walk: Walk) -> ServiceResult<Walked> {
        let year = walk.year;
        let mut involvement = Involvement::default();
        let mut placements_by_school: HashMap<RecordId, u64> = HashMap::new();
        let placements = self.placements_of(year, &mut involvement, &mut placements_by_school)?;
        let mut remarks = walk.remarks_for.map(|_| Gathered::default());
        let immersions =
            self.immersions_of(year, &mut involvement, walk.remarks_for, &mut remarks)?;
        let events = self.events_of(year, &mut involvement)?;
        self.each_dated_in(Kind::Agreement, year, |record, _| {
            if let Record::Agreement(agreement) = &record {
                for company in &agreement.companies {
                    involvement.company(*company, record_day(&record), Kind::Agreement);
                }
                involvement
                    .schools
                    .extend(agreement.schools.iter().copied());
            }
            Ok(())
        })?;
        let companies = self.companies_of(year, &involvement, walk.known_before)?;
        let over = year.last_day().is_some_and(|last| last < walk.today);
        Ok(Walked {
            figures: YearFigures {
                year,
                over,
                events,
                placements,
                immersions,
                companies,
                schools_involved: involvement.schools.len() as u64,
            },
            placements_by_school,
            remarks,
            companies: involvement.companies.into_keys().collect(),
        })
    }

    fn placements_of(
        &self,
        year: SchoolYear,
        involvement: &mut Involvement,
        by_school: &mut HashMap<RecordId, u64>,
    ) -> ServiceResult<PlacementFigures> {
        let mut figures = PlacementFigures {
            by_kind: splits(PlacementKind::ALL),
            by_status: splits(PlacementStatus::ALL),
            by_month: year
                .months()
                .into_iter()
                .map(|month| MonthCount { month, count: 0 })
                .collect(),
            still_pending: PerAcademie::default(),
            missing: splits(Missing::ALL),
        };
        self.each_dated_in(Kind::Placement, year, |record, academie| {
            let Record::Placement(placement) = record else {
                return Ok(());
            };
            add_to(&mut figures.by_kind, placement.kind, academie, 1);
            add_to(&mut figures.by_status, placement.status, academie, 1);
            if let Some(month) = figures.by_month.get_mut(month_index(placement.start)) {
                month.count += 1;
            }
            if placement.status.is_pending() {
                figures.still_pending.add(academie, 1);
                for missing in placement.missing() {
                    add_to(&mut figures.missing, missing, academie, 1);
                }
            }
            if placement.status != PlacementStatus::Cancelled {
                *by_school.entry(placement.school).or_default() += 1;
                involvement.schools.insert(placement.school);
                if let Some(company) = placement.company {
                    involvement.company(company, placement.start, Kind::Placement);
                }
            }
            Ok(())
        })?;
        Ok(figures)
    }

    fn immersions_of(
        &self,
        year: SchoolYear,
        involvement: &mut Involvement,
        remarks_for: Option<&Identity>,
        remarks: &mut Option<Gathered>,
    ) -> ServiceResult<ImmersionFigures> {
        let mut by_status = splits(ImmersionStatus::ALL);
        let mut held_by_role: Vec<RoleCount> = StaffRole::ALL
            .iter()
            .map(|role| RoleCount {
                role: *role,
                count: 0,
            })
            .collect();
        let mut evaluations = EvaluationFigures {
            evaluated: 0,
            renewal: Renewal::ALL
                .iter()
                .map(|renew| RenewalCount {
                    renew: *renew,
                    count: 0,
                })
                .collect(),
            ratings: Criterion::ALL
                .iter()
                .map(|criterion| RatingTotal {
                    criterion: *criterion,
                    sum: 0,
                })
                .collect(),
        };
        self.each_dated_in(Kind::Immersion, year, |record, academie| {
            let Record::Immersion(immersion) = &record else {
                return Ok(());
            };
            add_to(&mut by_status, immersion.status, academie, 1);
            if is_held(immersion.status) {
                if let Some(line) = held_by_role
                    .iter_mut()
                    .find(|line| line.role == immersion.person_role)
                {
                    line.count += 1;
                }
            }
            if immersion.status != ImmersionStatus::Cancelled {
                involvement.company(immersion.company, immersion.start, Kind::Immersion);
                involvement.schools.extend(immersion.school);
            }
            if let Some(evaluation) = &immersion.evaluation {
                evaluations.evaluated += 1;
                if let Some(line) = evaluations
                    .renewal
                    .iter_mut()
                    .find(|line| line.renew == evaluation.renew)
                {
                    line.count += 1;
                }
                for (total, rating) in evaluations.ratings.iter_mut().zip(evaluation.ratings()) {
                    total.sum += u64::from(rating.0);
                }
            }
            if let (Some(identity), Some(gathered)) = (remarks_for, remarks.as_mut()) {
                let consent = if record.meta().confidentiality.confidential {
                    self.store.consent(record.reference())?
                } else {
                    None
                };
                gathered.consider(identity, &record, consent.as_ref());
            }
            Ok(())
        })?;
        Ok(ImmersionFigures {
            by_status,
            held_by_role,
            evaluations,
        })
    }

    fn events_of(
        &self,
        year: SchoolYear,
        involvement: &mut Involvement,
    ) -> ServiceResult<EventFigures> {
        let mut figures = EventFigures {
            events: splits(EventKind::ALL),
            pupils: splits(EventKind::ALL),
        };
        self.each_dated_in(Kind::Event, year, |record, academie| {
            let Record::Event(event) = record else {
                return Ok(());
            };
            add_to(&mut figures.events, event.kind, academie, 1);
            add_to(
                &mut figures.pupils,
                event.kind,
                academie,
                u64::from(event.pupils_reached),
            );
            for company in &event.companies {
                involvement.company(*company, event.date, Kind::Event);
            }
            involvement.schools.extend(event.schools.iter().copied());
            Ok(())
        })?;
        Ok(figures)
    }

    fn companies_of(
        &self,
        year: SchoolYear,
        involvement: &Involvement,
        known_before: Option<&HashSet<RecordId>>,
    ) -> ServiceResult<CompanyFigures> {
        let mut figures = CompanyFigures {
            involved: involvement.companies.len() as u64,
            newly_involved: PerAcademie::default(),
            new_by_first: [
                Kind::Placement,
                Kind::Immersion,
                Kind::Event,
                Kind::Agreement,
            ]
            .into_iter()
            .map(|kind| FirstInvolvement { kind, count: 0 })
            .collect(),
        };
        let Some(first_day) = year.first_day() else {
            return Ok(figures);
        };
        for (company, (_, first_kind)) in &involvement.companies {
            let known = known_before.is_some_and(|known| known.contains(company));
            if known || self.involved_before(*company, first_day)? {
                continue;
            }
            let academie = match self.store.get(RecordRef::new(Kind::Company, *company))? {
                Some(Record::Company(found)) => found.postal_code.academie(),
                _ => None,
            };
            figures.newly_involved.add(academie, 1);
            if let Some(line) = figures
                .new_by_first
                .iter_mut()
                .find(|line| line.kind == *first_kind)
            {
                line.count += 1;
            }
        }
        Ok(figures)
    }
}

/// The day a dated record is listed by; a record in a date index has
/// one.
fn record_day(record: &Record) -> NaiveDate {
    record.date().unwrap_or(NaiveDate::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_count_from_september() {
        let day = |m| NaiveDate::from_ymd_opt(2026, m, 15).expect("a day");
        assert_eq!(month_index(day(9)), 0);
        assert_eq!(month_index(day(12)), 3);
        assert_eq!(month_index(day(1)), 4);
        assert_eq!(month_index(day(8)), 11);
    }
}
