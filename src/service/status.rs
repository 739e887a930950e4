//! The quick check: what is pending, what is due, what needs an
//! evaluation. Built from the counters and a few bounded index reads,
//! never a scan of the records.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::academie::Academie;
use crate::domain::dates::SchoolYear;
use crate::domain::records::{EventKind, Missing, Record, RecordRef};
use crate::domain::status::{AgreementStatus, ImmersionStatus, PlacementStatus};
use crate::domain::{Kind, RecordId};
use crate::service::{Caller, Service, ServiceResult};
use crate::store::counters::{CountedMonth, CounterKey, Counters};
use crate::store::keys::{KeyBuilder, read_date, trailing_id};
use crate::store::read::{KeyRange, Position};
use crate::store::schema::TreeId;

/// How many of the oldest pending placements (and immersions awaiting an
/// evaluation) the status names.
pub const OLDEST_SHOWN: usize = 5;
/// Events of this many days, today included, are "coming".
pub const EVENT_HORIZON_DAYS: u64 = 7;
/// Agreements whose last day to give notice is at most this many days
/// after today are flagged.
pub const NOTICE_HORIZON_DAYS: u64 = 60;
/// The most events or agreements listed by name.
pub const ITEMS_SHOWN: usize = 20;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcademieCount {
    /// `None`: outside Île-de-France, or tied to no académie.
    pub academie: Option<Academie>,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindCount {
    pub kind: Kind,
    pub total: u64,
    pub by_academie: Vec<AcademieCount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingCount {
    pub missing: Missing,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCount<S> {
    pub status: S,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingPlacement {
    pub reference: RecordRef,
    pub learner: String,
    pub school: String,
    pub company: Option<String>,
    pub start: NaiveDate,
    pub status: PlacementStatus,
    pub missing: Vec<Missing>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacementSummary {
    pub pending: u64,
    pub by_missing: Vec<MissingCount>,
    pub by_status: Vec<StatusCount<PlacementStatus>>,
    /// The pending placements starting earliest.
    pub oldest_pending: Vec<PendingPlacement>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwaitingImmersion {
    pub reference: RecordRef,
    pub person: String,
    pub company: String,
    pub start: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImmersionSummary {
    pub awaiting_evaluation: u64,
    pub by_status: Vec<StatusCount<ImmersionStatus>>,
    pub oldest_awaiting: Vec<AwaitingImmersion>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComingEvent {
    pub reference: RecordRef,
    pub title: String,
    pub kind: EventKind,
    pub date: NaiveDate,
    pub place: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementNotice {
    pub reference: RecordRef,
    pub title: String,
    pub notice_deadline: NaiveDate,
    pub ends_on: Option<NaiveDate>,
}

/// How many placements start in one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthCount {
    /// The month's first day.
    pub month: NaiveDate,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusResponse {
    pub today: NaiveDate,
    pub placements: PlacementSummary,
    pub immersions: ImmersionSummary,
    /// Events from today over [`EVENT_HORIZON_DAYS`] days (today and the
    /// six after), by date: the first [`ITEMS_SHOWN`].
    pub coming_events: Vec<ComingEvent>,
    /// How many events those days hold, all of them.
    pub coming_events_total: u64,
    /// Signed agreements (notice not yet given) whose last day to give
    /// notice falls within [`NOTICE_HORIZON_DAYS`] days from today: the
    /// first [`ITEMS_SHOWN`].
    pub notice_near: Vec<AgreementNotice>,
    /// How many agreements those days hold, all of them.
    pub notice_near_total: u64,
    pub counts: Vec<KindCount>,
    /// Placements starting in each month of the school year of `today`,
    /// September to August: twelve entries, whatever their status.
    pub placements_by_month: Vec<MonthCount>,
}

fn count(value: i64) -> u64 {
    value.max(0) as u64
}

impl Service {
    pub fn status(&self, caller: &Caller) -> ServiceResult<StatusResponse> {
        self.identify(caller)?;
        let today = self.clock.today();
        let counters = self.store.counters()?;
        let (coming_events, coming_events_total) = self.coming_events(today)?;
        let (notice_near, notice_near_total) = self.notice_near(today)?;
        Ok(StatusResponse {
            today,
            placements: self.placement_summary(&counters)?,
            immersions: self.immersion_summary(&counters)?,
            coming_events,
            coming_events_total,
            notice_near,
            notice_near_total,
            counts: kind_counts(&counters),
            placements_by_month: placements_by_month(&counters, SchoolYear::containing(today)),
        })
    }

    fn placement_summary(&self, counters: &Counters) -> ServiceResult<PlacementSummary> {
        let pending_statuses: Vec<PlacementStatus> = PlacementStatus::ALL
            .iter()
            .copied()
            .filter(|s| s.is_pending())
            .collect();
        // The earliest of each pending status, then the earliest of those.
        let mut candidates: Vec<(Vec<u8>, RecordId)> = Vec::new();
        for status in &pending_statuses {
            let range = KeyRange::prefix(&[status.ordinal()]);
            let page = self.store.scan(
                TreeId::PlacementStatus,
                &range,
                &Position::First,
                OLDEST_SHOWN,
                &|_, _| true,
            )?;
            for (key, _) in page.rows {
                // status (1 byte), start date (4 bytes), id.
                if let (Some(start), Some(id)) = (key.get(1..5), trailing_id(&key)) {
                    candidates.push((start.to_vec(), id));
                }
            }
        }
        candidates.sort();
        let mut names = self.names();
        let mut oldest_pending = Vec::new();
        for (_, id) in candidates.into_iter().take(OLDEST_SHOWN) {
            if let Some(Record::Placement(placement)) =
                self.store.get(RecordRef::new(Kind::Placement, id))?
            {
                let mut name = |kind, id| -> ServiceResult<Option<String>> {
                    Ok(names
                        .linked(None, RecordRef::new(kind, id))?
                        .map(|l| l.label))
                };
                oldest_pending.push(PendingPlacement {
                    reference: RecordRef::new(Kind::Placement, id),
                    learner: name(Kind::Learner, placement.learner)?.unwrap_or_default(),
                    school: name(Kind::School, placement.school)?.unwrap_or_default(),
                    company: match placement.company {
                        Some(company) => name(Kind::Company, company)?,
                        None => None,
                    },
                    start: placement.start,
                    status: placement.status,
                    missing: placement.missing(),
                });
            }
        }
        Ok(PlacementSummary {
            pending: pending_statuses
                .iter()
                .map(|s| count(counters.placements(*s)))
                .sum(),
            by_missing: Missing::ALL
                .iter()
                .map(|missing| MissingCount {
                    missing: *missing,
                    count: count(counters.placements_missing(*missing)),
                })
                .collect(),
            by_status: PlacementStatus::ALL
                .iter()
                .map(|status| StatusCount {
                    status: *status,
                    count: count(counters.placements(*status)),
                })
                .collect(),
            oldest_pending,
        })
    }

    fn immersion_summary(&self, counters: &Counters) -> ServiceResult<ImmersionSummary> {
        let range = KeyRange::prefix(&[ImmersionStatus::Done.ordinal()]);
        let page = self.store.scan(
            TreeId::ImmersionStatus,
            &range,
            &Position::First,
            OLDEST_SHOWN,
            &|_, _| true,
        )?;
        let mut names = self.names();
        let mut oldest_awaiting = Vec::new();
        for (key, _) in page.rows {
            let Some(id) = trailing_id(&key) else {
                continue;
            };
            if let Some(Record::Immersion(immersion)) =
                self.store.get(RecordRef::new(Kind::Immersion, id))?
            {
                let company = names
                    .linked(None, RecordRef::new(Kind::Company, immersion.company))?
                    .map(|l| l.label)
                    .unwrap_or_default();
                oldest_awaiting.push(AwaitingImmersion {
                    reference: RecordRef::new(Kind::Immersion, id),
                    person: immersion.person,
                    company,
                    start: immersion.start,
                });
            }
        }
        Ok(ImmersionSummary {
            awaiting_evaluation: count(counters.immersions(ImmersionStatus::Done)),
            by_status: ImmersionStatus::ALL
                .iter()
                .map(|status| StatusCount {
                    status: *status,
                    count: count(counters.immersions(*status)),
                })
                .collect(),
            oldest_awaiting,
        })
    }

    /// Rows of a date index from `from` to `days` days after it, both
    /// included.
    fn dated_rows(
        &self,
        tree: TreeId,
        from: NaiveDate,
        days: u64,
        limit: usize,
    ) -> ServiceResult<Vec<(NaiveDate, RecordId, Vec<u8>)>> {
        let until = from.checked_add_days(Days::new(days + 1)).unwrap_or(from);
        let range = KeyRange::between(
            KeyBuilder::new().date(from).build(),
            KeyBuilder::new().date(until).build(),
        );
        let page = self
            .store
            .scan(tree, &range, &Position::First, limit, &|_, _| true)?;
        Ok(page
            .rows
            .into_iter()
            .filter_map(|(key, value)| Some((read_date(key.get(..4)?)?, trailing_id(&key)?, value)))
            .collect())
    }

    /// The first events of the coming days, and how many there are.
    fn coming_events(&self, today: NaiveDate) -> ServiceResult<(Vec<ComingEvent>, u64)> {
        // Keys only past the first ones: a week's events are counted,
        // never all read.
        // A week is seven days: today and the six after.
        let rows = self.dated_rows(
            TreeId::Date(Kind::Event),
            today,
            EVENT_HORIZON_DAYS - 1,
            usize::MAX,
        )?;
        let total = rows.len() as u64;
        let mut events = Vec::new();
        for (_, id, _) in rows.into_iter().take(ITEMS_SHOWN) {
            if let Some(Record::Event(event)) = self.store.get(RecordRef::new(Kind::Event, id))? {
                events.push(ComingEvent {
                    reference: RecordRef::new(Kind::Event, id),
                    title: event.title,
                    kind: event.kind,
                    date: event.date,
                    place: event.place,
                });
            }
        }
        Ok((events, total))
    }

    /// The first signed agreements whose notice is near, and how many.
    fn notice_near(&self, today: NaiveDate) -> ServiceResult<(Vec<AgreementNotice>, u64)> {
        let mut near = Vec::new();
        let mut total = 0;
        let rows = self.dated_rows(
            TreeId::AgreementNotice,
            today,
            NOTICE_HORIZON_DAYS,
            usize::MAX,
        )?;
        for (deadline, id, value) in rows {
            let signed = value.first() == Some(&AgreementStatus::Signed.ordinal());
            if !signed {
                continue;
            }
            total += 1;
            if near.len() == ITEMS_SHOWN {
                continue;
            }
            if let Some(Record::Agreement(agreement)) =
                self.store.get(RecordRef::new(Kind::Agreement, id))?
            {
                near.push(AgreementNotice {
                    reference: RecordRef::new(Kind::Agreement, id),
                    ends_on: agreement.ends_on(),
                    title: agreement.title,
                    notice_deadline: deadline,
                });
            }
        }
        Ok((near, total))
    }
}

fn placements_by_month(counters: &Counters, year: SchoolYear) -> Vec<MonthCount> {
    year.months()
        .into_iter()
        .map(|month| MonthCount {
            month,
            // Months outside 2000–2255 have no counter.
            count: CountedMonth::of(month).map_or(0, |m| count(counters.placements_starting(m))),
        })
        .collect()
}

fn kind_counts(counters: &Counters) -> Vec<KindCount> {
    Kind::ALL
        .iter()
        .map(|kind| {
            let by_academie: Vec<AcademieCount> = Academie::ALL
                .iter()
                .copied()
                .map(Some)
                .chain(std::iter::once(None))
                .map(|academie| AcademieCount {
                    academie,
                    count: count(counters.get(CounterKey::Records {
                        kind: *kind,
                        academie,
                    })),
                })
                .collect();
            KindCount {
                kind: *kind,
                total: count(counters.records(*kind)),
                by_academie,
            }
        })
        .collect()
}
