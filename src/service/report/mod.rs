//! The steering committee's yearly report (article 3.1 of the
//! convention): what the partnership did in a school year, and the same
//! figures for the year before. The service computes every figure, so
//! that each front end only lays them out (the command line as Markdown,
//! HTML or CSV, the interface as a screen).
//!
//! A year's records are read through the date indexes, over that year's
//! range only (as `list --year` does), never by scanning every record.
//! Counts take in every record, confidential ones included: a count
//! says nothing of a restricted field. The only restricted text in a
//! report is the evaluations' main remarks, quoted from a confidential
//! immersion only where `masking::may_leave` allows it for the report.

mod newcomers;
mod remarks;
mod year;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::choice_enum;
use crate::domain::academie::Academie;
use crate::domain::dates::SchoolYear;
use std::collections::HashMap;

use crate::domain::records::{
    EventKind, Missing, PlacementKind, Record, RecordRef, Renewal, StaffRole,
};
use crate::domain::status::{ImmersionStatus, PlacementStatus};
use crate::domain::{Kind, RecordId};
use crate::service::status::MonthCount;
use crate::service::{Caller, Service, ServiceResult};

/// How many of the most active schools the report names.
pub const ACTIVE_SCHOOLS: usize = 10;
/// How many remarks the report quotes at most.
pub const MOST_REMARKS: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRequest {
    pub year: SchoolYear,
    /// Whether to quote the evaluations' main remarks. The interface's
    /// screen shows figures only and asks without them, so that opening
    /// it (again at every change others make) never writes a reveal to
    /// the audit trail.
    pub remarks: bool,
}

/// Counts split by académie; `outside`: outside Île-de-France, or tied
/// to no académie (an event without one).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PerAcademie {
    pub paris: u64,
    pub creteil: u64,
    pub versailles: u64,
    pub outside: u64,
}

impl PerAcademie {
    /// The columns of a table by académie, in order.
    pub const COLUMNS: [Option<Academie>; 4] = [
        Some(Academie::Paris),
        Some(Academie::Creteil),
        Some(Academie::Versailles),
        None,
    ];

    pub fn get(&self, academie: Option<Academie>) -> u64 {
        match academie {
            Some(Academie::Paris) => self.paris,
            Some(Academie::Creteil) => self.creteil,
            Some(Academie::Versailles) => self.versailles,
            None => self.outside,
        }
    }

    pub fn add(&mut self, academie: Option<Academie>, count: u64) {
        let slot = match academie {
            Some(Academie::Paris) => &mut self.paris,
            Some(Academie::Creteil) => &mut self.creteil,
            Some(Academie::Versailles) => &mut self.versailles,
            None => &mut self.outside,
        };
        *slot += count;
    }

    pub fn total(&self) -> u64 {
        self.paris + self.creteil + self.versailles + self.outside
    }

    /// The sum of several splits.
    pub fn sum<'a>(splits: impl IntoIterator<Item = &'a PerAcademie>) -> PerAcademie {
        let mut sum = PerAcademie::default();
        for split in splits {
            for academie in PerAcademie::COLUMNS {
                sum.add(academie, split.get(academie));
            }
        }
        sum
    }
}

/// One line of a table by académie: a kind, a status…
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Split<K> {
    pub key: K,
    pub by_academie: PerAcademie,
}

/// Lines for every value of `K`, in order, all zero.
fn splits<K: Copy>(all: &[K]) -> Vec<Split<K>> {
    all.iter()
        .map(|key| Split {
            key: *key,
            by_academie: PerAcademie::default(),
        })
        .collect()
}

/// Adds `count` to the line of `key`.
fn add_to<K: PartialEq>(lines: &mut [Split<K>], key: K, academie: Option<Academie>, count: u64) {
    if let Some(line) = lines.iter_mut().find(|line| line.key == key) {
        line.by_academie.add(academie, count);
    }
}

/// The count of `key` over every académie.
pub fn total_of<K: PartialEq>(lines: &[Split<K>], key: K) -> u64 {
    lines
        .iter()
        .find(|line| line.key == key)
        .map_or(0, |line| line.by_academie.total())
}

/// Events dated in the year (their day), every kind listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventFigures {
    pub events: Vec<Split<EventKind>>,
    /// Pupils reached, summed over the events of each kind.
    pub pupils: Vec<Split<EventKind>>,
}

impl EventFigures {
    pub fn events_total(&self) -> PerAcademie {
        PerAcademie::sum(self.events.iter().map(|line| &line.by_academie))
    }

    pub fn pupils_total(&self) -> PerAcademie {
        PerAcademie::sum(self.pupils.iter().map(|line| &line.by_academie))
    }
}

/// Placements starting in the year, whatever their status now, in their
/// school's académie.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacementFigures {
    pub by_kind: Vec<Split<PlacementKind>>,
    pub by_status: Vec<Split<PlacementStatus>>,
    /// Twelve months, September to August.
    pub by_month: Vec<MonthCount>,
    /// Those whose status is still pending on the report's day (the
    /// store keeps statuses as they are now, not as they were on 31
    /// August).
    pub still_pending: PerAcademie,
    /// What those still pending lack.
    pub missing: Vec<Split<Missing>>,
}

impl PlacementFigures {
    pub fn total(&self) -> PerAcademie {
        PerAcademie::sum(self.by_kind.iter().map(|line| &line.by_academie))
    }
}

choice_enum! {
    /// What an evaluation rates, 1 to 5 (the order of
    /// `Evaluation::ratings`).
    pub enum Criterion {
        Welcome => "welcome",
        TradesDiscovery => "trades_discovery",
        TeachingUse => "teaching_use",
        Organisation => "organisation",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingTotal {
    pub criterion: Criterion,
    /// The ratings summed over the evaluations.
    pub sum: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenewalCount {
    pub renew: Renewal,
    pub count: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleCount {
    pub role: StaffRole,
    pub count: u64,
}

/// What the evaluations of the year's immersions concluded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationFigures {
    pub evaluated: u64,
    /// Every answer to "renew next year?", in order.
    pub renewal: Vec<RenewalCount>,
    /// Every criterion, in order.
    pub ratings: Vec<RatingTotal>,
}

impl EvaluationFigures {
    pub fn renewal_count(&self, renew: Renewal) -> u64 {
        self.renewal
            .iter()
            .find(|line| line.renew == renew)
            .map_or(0, |line| line.count)
    }

    /// The share of evaluations recommending renewal, from 0 to 1;
    /// `None` without evaluations.
    pub fn renew_share(&self) -> Option<f64> {
        self.share(Renewal::Yes)
    }

    pub fn share(&self, renew: Renewal) -> Option<f64> {
        (self.evaluated > 0).then(|| self.renewal_count(renew) as f64 / self.evaluated as f64)
    }

    /// The average rating of a criterion; `None` without evaluations.
    pub fn average(&self, criterion: Criterion) -> Option<f64> {
        let sum = self
            .ratings
            .iter()
            .find(|line| line.criterion == criterion)
            .map_or(0, |line| line.sum);
        (self.evaluated > 0).then(|| sum as f64 / self.evaluated as f64)
    }
}

/// Immersions starting in the year, in their school's (else their
/// company's) académie.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImmersionFigures {
    pub by_status: Vec<Split<ImmersionStatus>>,
    /// Who went on those held (done or evaluated), every role listed.
    pub held_by_role: Vec<RoleCount>,
    pub evaluations: EvaluationFigures,
}

impl ImmersionFigures {
    pub fn total(&self) -> PerAcademie {
        PerAcademie::sum(self.by_status.iter().map(|line| &line.by_academie))
    }

    /// Those that took place: done, or done and evaluated.
    pub fn held(&self) -> PerAcademie {
        PerAcademie::sum(
            self.by_status
                .iter()
                .filter(|line| is_held(line.key))
                .map(|line| &line.by_academie),
        )
    }
}

/// Whether an immersion in this status took place.
pub fn is_held(status: ImmersionStatus) -> bool {
    matches!(status, ImmersionStatus::Done | ImmersionStatus::Evaluated)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirstInvolvement {
    /// The kind of the company's first record of the year.
    pub kind: Kind,
    pub count: u64,
}

/// Companies involved in the year: named by a placement or immersion
/// (not cancelled), an event, or an agreement signed, dated in the year.
/// Newly involved: none of those dated before the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyFigures {
    pub involved: u64,
    /// In the company's own académie (its postal code).
    pub newly_involved: PerAcademie,
    /// How the newly involved came in: placement, immersion, event or
    /// agreement, every one listed.
    pub new_by_first: Vec<FirstInvolvement>,
}

/// The figures of one school year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearFigures {
    pub year: SchoolYear,
    /// Whether the year was over on the report's day; otherwise what is
    /// planned until August is counted with what was done.
    pub over: bool,
    pub events: EventFigures,
    pub placements: PlacementFigures,
    pub immersions: ImmersionFigures,
    pub companies: CompanyFigures,
    /// Schools named by a placement or immersion (not cancelled), an
    /// event or an agreement signed, dated in the year.
    pub schools_involved: u64,
}

/// A school and its placements of the year (not cancelled).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolActivity {
    pub school: RecordRef,
    /// Its name as stored: text to escape wherever it is written.
    pub name: String,
    pub academie: Option<Academie>,
    pub placements: u64,
}

/// A remark made in evaluations: the same text (accents, case and
/// punctuation aside) counted once per evaluation that made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remark {
    /// As written in the most recent evaluation that made it: text from
    /// the store, to escape wherever it is written.
    pub text: String,
    pub evaluations: u64,
}

/// The main remarks of the year's evaluations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remarks {
    /// The most made first, then the most recent; [`MOST_REMARKS`] at most.
    pub quoted: Vec<Remark>,
    /// Evaluations with a comment.
    pub with_comment: u64,
    /// Comments left out: confidential immersions without consent to the
    /// report recorded, or whose restricted fields the caller is not
    /// cleared for.
    pub withheld: u64,
}

/// The yearly report: a school year and the one before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The report's day (the service's clock).
    pub today: NaiveDate,
    pub current: YearFigures,
    pub previous: YearFigures,
    /// The schools with the most placements in the year, most first.
    pub active_schools: Vec<SchoolActivity>,
    /// `None` when not asked for.
    pub remarks: Option<Remarks>,
}

impl Report {
    pub fn year(&self) -> SchoolYear {
        self.current.year
    }
}

impl Service {
    /// The report on `request.year`, with the year before for comparison.
    /// Every listed account may ask: counts hide nothing, and remarks
    /// are quoted from confidential immersions only for those cleared
    /// for them, with consent to the report recorded. Each confidential
    /// immersion quoted is written to the audit trail as revealed for
    /// the report before the answer goes.
    pub fn report(&self, caller: &Caller, request: &ReportRequest) -> ServiceResult<Report> {
        let identity = self.identify(caller)?;
        let today = self.clock.today();
        let year = request.year;
        // The year before first: a company involved then is not new
        // this year, which spares asking most companies again.
        let previous = self.walk_year(year::Walk::new(year.previous(), today))?;
        let mut current = year::Walk::new(year, today).knowing(&previous.companies);
        if request.remarks {
            current = current.with_remarks(&identity);
        }
        let current = self.walk_year(current)?;
        let remarks = match current.remarks {
            Some(gathered) => Some(self.quote(caller, gathered)?),
            None => None,
        };
        Ok(Report {
            today,
            active_schools: self.active_schools(&current.placements_by_school)?,
            current: current.figures,
            previous: previous.figures,
            remarks,
        })
    }
}

impl Service {
    /// The schools with the most placements, most first (then by
    /// number), named as stored.
    fn active_schools(
        &self,
        placements_by_school: &HashMap<RecordId, u64>,
    ) -> ServiceResult<Vec<SchoolActivity>> {
        let mut ranked: Vec<(RecordId, u64)> = placements_by_school
            .iter()
            .map(|(school, count)| (*school, *count))
            .collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut schools = Vec::new();
        for (id, placements) in ranked.into_iter().take(ACTIVE_SCHOOLS) {
            let reference = RecordRef::new(Kind::School, id);
            if let Some(Record::School(school)) = self.store.get(reference)? {
                schools.push(SchoolActivity {
                    school: reference,
                    academie: school.uai.academie(),
                    name: school.name,
                    placements,
                });
            }
        }
        Ok(schools)
    }
}
