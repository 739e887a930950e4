//! A page of records of one kind, in order, filtered by text, status and
//! académie. Reads only the index entries it walks and the records it
//! shows. A text filter in name order reads the word index for its
//! longest typed word: the entries of each word starting that way,
//! merged in name order, so that a page costs what its matches cost, not
//! a walk through every name before them. When more than [`MOST_WORDS`]
//! words start that way (a letter or two typed), it walks the name
//! index, where such matches come often.

use std::cell::RefCell;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::academie::Academie;
use crate::domain::dates::SchoolYear;
use crate::domain::records::{LinkRole, Record};
use crate::domain::status::{AgreementStatus, ImmersionStatus, PlacementStatus};
use crate::domain::text::{fold, words_match};
use crate::domain::{Kind, RecordId, RecordRef};
use crate::service::labels::LinkedRecord;
use crate::service::masking::present;
use crate::service::{Caller, Service, ServiceError, ServiceResult};
use crate::store::counters::{CountedMonth, CounterKey, Counters};
use crate::store::indexing::{Summary, name_entry_facts};
use crate::store::indexing::{TargetFacts, context_of};
use crate::store::keys::{KeyBuilder, id_key, read_date, read_id, trailing_id};
use crate::store::read::{KeyRange, MergedSource, Position, ScanPage};
use crate::store::schema::TreeId;

/// The largest page served.
pub const MAX_PAGE: u32 = 500;

/// The most words a typed word may start for a text filter to read the
/// word index: each is a seek, then a source of the merge (a few
/// microseconds each). A typed start of more words than this (a letter
/// or two, in a directory of real names) matches names all through the
/// name index, which is walked instead.
pub const MOST_WORDS: usize = 500;

/// Whether a name-index entry is listed, from what it says of its
/// record: académie, status and folded name.
type AcceptsName<'a> = dyn Fn(Option<Academie>, Option<u8>, &str) -> bool + 'a;

/// An opaque place in a listing, handed back to get the next page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor(pub Vec<u8>);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PagePosition {
    First,
    Last,
    After(Cursor),
    Before(Cursor),
    /// From this row on, itself included: a window read again where it
    /// stood (the row gone, from the next one).
    From(Cursor),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Order {
    /// By name (a placement by its learner's).
    Name,
    /// By date: start of a placement or immersion, day of an event,
    /// signature of an agreement.
    Date,
}

/// A status to keep, for kinds that have one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StatusFilter {
    Placement(PlacementStatus),
    /// Requested, company proposed or agreement signed.
    PlacementPending,
    Immersion(ImmersionStatus),
    Agreement(AgreementStatus),
}

impl StatusFilter {
    /// Reads a status word for `kind` ("pending", "done"…).
    pub fn parse(kind: Kind, input: &str) -> Option<StatusFilter> {
        match kind {
            Kind::Placement if fold(input) == "pending" => Some(StatusFilter::PlacementPending),
            Kind::Placement => PlacementStatus::from_code(input).map(StatusFilter::Placement),
            Kind::Immersion => ImmersionStatus::from_code(input).map(StatusFilter::Immersion),
            Kind::Agreement => AgreementStatus::from_code(input).map(StatusFilter::Agreement),
            _ => None,
        }
    }

    /// The statuses a list of `kind` can be filtered by, in their order
    /// (placements: pending first).
    pub fn all_for(kind: Kind) -> Vec<StatusFilter> {
        match kind {
            Kind::Placement => std::iter::once(StatusFilter::PlacementPending)
                .chain(
                    PlacementStatus::ALL
                        .iter()
                        .map(|s| StatusFilter::Placement(*s)),
                )
                .collect(),
            Kind::Immersion => ImmersionStatus::ALL
                .iter()
                .map(|s| StatusFilter::Immersion(*s))
                .collect(),
            Kind::Agreement => AgreementStatus::ALL
                .iter()
                .map(|s| StatusFilter::Agreement(*s))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The code `parse` reads and JSON writes.
    pub fn code(self) -> &'static str {
        match self {
            StatusFilter::PlacementPending => "pending",
            StatusFilter::Placement(s) => s.code(),
            StatusFilter::Immersion(s) => s.code(),
            StatusFilter::Agreement(s) => s.code(),
        }
    }

    fn kind(self) -> Kind {
        match self {
            StatusFilter::Placement(_) | StatusFilter::PlacementPending => Kind::Placement,
            StatusFilter::Immersion(_) => Kind::Immersion,
            StatusFilter::Agreement(_) => Kind::Agreement,
        }
    }

    fn accepts(self, ordinal: Option<u8>) -> bool {
        let Some(ordinal) = ordinal else { return false };
        match self {
            StatusFilter::Placement(status) => status.ordinal() == ordinal,
            StatusFilter::PlacementPending => {
                PlacementStatus::from_ordinal(ordinal).is_some_and(PlacementStatus::is_pending)
            }
            StatusFilter::Immersion(status) => status.ordinal() == ordinal,
            StatusFilter::Agreement(status) => status.ordinal() == ordinal,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListRequest {
    pub kind: Kind,
    /// Words that must each start a word of the name; or the start of a
    /// UAI (schools) or SIRET (companies).
    pub text: String,
    pub status: Option<StatusFilter>,
    pub academie: Option<Academie>,
    /// Only records pointing at this one (a school's placements). They
    /// come in the order of the link index: placements of a school or a
    /// company by status then start date, others by number.
    pub linked_to: Option<RecordRef>,
    /// Only records dated in this school year (September to August):
    /// placements and immersions by start, events by day, agreements by
    /// signature (unsigned ones are left out); other kinds are a bad
    /// request. The listing then walks the date index over that year
    /// only, so it is by date whatever `order` says (`descending` still
    /// applies); with `linked_to`, it keeps the link index's order.
    pub school_year: Option<SchoolYear>,
    pub order: Order,
    pub descending: bool,
    pub position: PagePosition,
    pub limit: u32,
}

impl ListRequest {
    /// The first page of `kind` by name, unfiltered.
    pub fn first_page(kind: Kind, limit: u32) -> Self {
        ListRequest {
            kind,
            text: String::new(),
            status: None,
            academie: None,
            linked_to: None,
            school_year: None,
            order: Order::Name,
            descending: false,
            position: PagePosition::First,
            limit,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListRow {
    pub record: Record,
    pub label: String,
    /// The records a list shows it with, named (see [`listed_link`]).
    pub links: Vec<LinkedRecord>,
    pub cursor: Cursor,
    /// Made up by `passerelle demo`.
    pub demo: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListResponse {
    pub kind: Kind,
    pub rows: Vec<ListRow>,
    /// Whether more rows match beyond this page, in the direction asked.
    pub more: bool,
    /// Records of the kind in the store.
    pub total: u64,
    /// Records matching the filters, when known without a scan: no text
    /// filter, no `linked_to`, and no school year except for placements
    /// without other filters (counted by start month).
    pub matching: Option<u64>,
    /// Set when the page stopped after reading as many index entries as
    /// a page may (a filter matching few records): pass it as the next
    /// `After` (or `Before`) to read on from where this page stopped.
    pub resume: Option<Cursor>,
}

/// Which links a row of a list names: those a list shows beside the
/// record (a placement's learner and company, a learner's school); a
/// record's detail names them all.
pub fn listed_link(kind: Kind, role: LinkRole) -> bool {
    matches!(
        (kind, role),
        (Kind::Contact, LinkRole::Organisation)
            | (Kind::Learner, LinkRole::School)
            | (Kind::Placement, LinkRole::Learner | LinkRole::Company)
            | (Kind::Immersion, LinkRole::Company | LinkRole::School)
    )
}

/// Kinds listed by a date (the date index holds them): those a listing by
/// date or by school year accepts.
pub fn is_dated(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Placement | Kind::Immersion | Kind::Event | Kind::Agreement
    )
}

/// The keys of a date index for the days of `year`.
pub(crate) fn year_range(year: SchoolYear) -> ServiceResult<KeyRange> {
    let (Some(first), Some(next)) = (year.first_day(), year.last_day().and_then(|d| d.succ_opt()))
    else {
        return Err(ServiceError::BadRequest(format!(
            "the school year {year} is out of range"
        )));
    };
    Ok(KeyRange::between(
        KeyBuilder::new().date(first).build(),
        KeyBuilder::new().date(next).build(),
    ))
}

/// Reading a UAI or SIRET being typed: digits, and for a UAI a last
/// letter. Three characters at least, so "75" stays a name search.
pub(crate) fn code_prefix(kind: Kind, text: &str) -> Option<String> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    let digits = compact.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let letters = compact.len() - digits.len();
    let plausible = compact.len() >= 3
        && digits.bytes().all(|b| b.is_ascii_digit())
        && match kind {
            Kind::School => letters == 0 || (letters == 1 && digits.len() == 7),
            Kind::Company => letters == 0,
            _ => false,
        };
    plausible.then_some(compact)
}

impl Service {
    pub fn list(&self, caller: &Caller, request: &ListRequest) -> ServiceResult<ListResponse> {
        self.identify(caller)?;
        let kind = request.kind;
        if request.status.is_some_and(|status| status.kind() != kind) {
            return Err(ServiceError::BadRequest(format!(
                "{kind} has no such status"
            )));
        }
        if request.school_year.is_some() && !is_dated(kind) {
            return Err(ServiceError::BadRequest(format!(
                "{kind} records have no date"
            )));
        }
        let limit = request.limit.clamp(1, MAX_PAGE) as usize;
        let source = self.source(request)?;
        // A code search has already used the text to choose its range.
        let folded_text = if source.text_is_code {
            String::new()
        } else {
            fold(&request.text)
        };
        let position = match (&request.position, request.descending) {
            (PagePosition::First, false) | (PagePosition::Last, true) => Position::First,
            (PagePosition::Last, false) | (PagePosition::First, true) => Position::Last,
            (PagePosition::After(c), false) | (PagePosition::Before(c), true) => {
                Position::After(c.0.clone())
            }
            (PagePosition::Before(c), false) | (PagePosition::After(c), true) => {
                Position::Before(c.0.clone())
            }
            (PagePosition::From(c), false) => Position::From(c.0.clone()),
            (PagePosition::From(c), true) => Position::UpTo(c.0.clone()),
        };
        let accepts_facts = |academie: Option<Academie>, status: Option<u8>, name: &str| {
            request.academie.is_none_or(|a| academie == Some(a))
                && request.status.is_none_or(|s| s.accepts(status))
                && words_match(name, &folded_text)
        };
        let accepts = |summary: &Summary| {
            accepts_facts(summary.academie, summary.status, &summary.folded_name)
        };
        // The school year left to filter when the range does not do it.
        let year = request.school_year.filter(|_| !source.range_is_year);
        let in_year =
            |date: Option<NaiveDate>| year.is_none_or(|y| date.is_some_and(|d| y.contains(d)));
        // A record that cannot be read while filtering stops the listing.
        let failure: RefCell<Option<ServiceError>> = RefCell::new(None);
        let keep = |key: &[u8], value: &[u8]| -> bool {
            if source.summaries {
                return Summary::decode(value).is_some_and(|summary| accepts(&summary));
            }
            // The placement indexes by school and company hold the status
            // and the start date.
            if let (Some(filter), Some(at)) = (request.status, source.status_at) {
                if !filter.accepts(key.get(at).copied()) {
                    return false;
                }
            }
            if let (Some(_), Some(at)) = (year, source.date_at) {
                if !in_year(key.get(at..at + 4).and_then(read_date)) {
                    return false;
                }
            }
            let needs_record = request.academie.is_some()
                || !folded_text.is_empty()
                || (request.status.is_some() && source.status_at.is_none())
                || (year.is_some() && source.date_at.is_none());
            if !needs_record {
                return true;
            }
            // Sources without summaries are small (one record's links, a
            // code prefix): the records are read to filter them.
            match source
                .id_of(key, value)
                .map(|id| self.filter_facts(RecordRef::new(kind, id)))
            {
                Some(Ok(Some((summary, date)))) => accepts(&summary) && in_year(date),
                Some(Err(error)) => {
                    failure.borrow_mut().get_or_insert(error);
                    false
                }
                _ => false,
            }
        };
        let by_words = if source.tree == TreeId::Name(kind) && !folded_text.is_empty() {
            self.word_page(kind, &folded_text, &accepts_facts, &position, limit)?
        } else {
            None
        };
        let page = match by_words {
            Some(page) => page,
            None => self
                .store
                .scan(source.tree, &source.range, &position, limit, &keep)?,
        };
        if let Some(error) = failure.into_inner() {
            return Err(error);
        }
        let mut names = self.names();
        let mut rows = Vec::with_capacity(page.rows.len());
        // One read when the store has no demonstration record.
        let has_demo = self.store.has_demo()?;
        for (key, value) in page.rows {
            let Some(id) = source.id_of(&key, &value) else {
                continue;
            };
            let Some(record) = self.store.get(RecordRef::new(kind, id))? else {
                continue;
            };
            let demo = has_demo && self.store.is_demo(record.reference())?;
            rows.push(ListRow {
                label: names.label(&record)?,
                links: names.links(&record, |role| listed_link(kind, role))?,
                record: present(caller, record),
                cursor: Cursor(key),
                demo,
            });
        }
        if request.descending {
            rows.reverse();
        }
        let counters = self.store.counters()?;
        let total = counters.records(kind).max(0) as u64;
        // Agreements without a signature date are not in the date index.
        let all_listed = !(request.order == Order::Date && kind == Kind::Agreement);
        let matching =
            if request.text.trim().is_empty() && request.linked_to.is_none() && all_listed {
                match request.school_year {
                    None => matching_count(&counters, kind, request),
                    Some(year) => placements_in_year(&counters, kind, request, year),
                }
            } else {
                None
            };
        Ok(ListResponse {
            kind,
            rows,
            more: page.more,
            total,
            matching,
            resume: page.resume.map(Cursor),
        })
    }

    /// Which index a listing walks.
    fn source(&self, request: &ListRequest) -> ServiceResult<Source> {
        let kind = request.kind;
        if let Some(target) = request.linked_to {
            let placement_tree = match target.kind {
                Kind::School => TreeId::PlacementSchool,
                _ => TreeId::PlacementCompany,
            };
            return Ok(
                if kind == Kind::Placement && matches!(target.kind, Kind::School | Kind::Company) {
                    Source {
                        tree: placement_tree,
                        range: KeyRange::prefix(&id_key(target.id)),
                        summaries: false,
                        id_at: IdAt::KeyEnd,
                        // The owner's id (8 bytes), the status, the start.
                        status_at: Some(8),
                        date_at: Some(9),
                        range_is_year: false,
                        text_is_code: false,
                    }
                } else {
                    let prefix = KeyBuilder::new()
                        .kind(target.kind)
                        .id(target.id)
                        .kind(kind)
                        .build();
                    Source {
                        tree: TreeId::Links,
                        range: KeyRange::prefix(&prefix),
                        summaries: false,
                        id_at: IdAt::KeyEnd,
                        status_at: None,
                        date_at: None,
                        range_is_year: false,
                        text_is_code: false,
                    }
                },
            );
        }
        if let Some(year) = request.school_year {
            return Ok(Source {
                tree: TreeId::Date(kind),
                range: year_range(year)?,
                summaries: true,
                id_at: IdAt::KeyEnd,
                status_at: None,
                date_at: None,
                range_is_year: true,
                text_is_code: false,
            });
        }
        if let Some(code) = code_prefix(kind, &request.text) {
            let tree = if kind == Kind::School {
                TreeId::Uai
            } else {
                TreeId::Siret
            };
            return Ok(Source {
                tree,
                range: KeyRange::prefix(code.as_bytes()),
                summaries: false,
                id_at: IdAt::Value,
                status_at: None,
                date_at: None,
                range_is_year: false,
                text_is_code: true,
            });
        }
        let tree = match request.order {
            Order::Name => TreeId::Name(kind),
            Order::Date if is_dated(kind) => TreeId::Date(kind),
            Order::Date => {
                return Err(ServiceError::BadRequest(format!(
                    "{kind} records have no date"
                )));
            }
        };
        Ok(Source {
            tree,
            range: KeyRange::all(),
            summaries: true,
            id_at: IdAt::KeyEnd,
            status_at: None,
            date_at: None,
            range_is_year: false,
            text_is_code: false,
        })
    }

    /// A page of the names matching `folded_text` (and `accepts`): the
    /// names starting as its longest typed word (the name index) and the
    /// word index's entries of every later word starting so, merged in
    /// name order (so that pages and cursors are the same as the name
    /// index's). `None` when more than [`MOST_WORDS`] words start that
    /// way: then matches are everywhere in the name index.
    fn word_page(
        &self,
        kind: Kind,
        folded_text: &str,
        accepts: &AcceptsName<'_>,
        position: &Position,
        limit: usize,
    ) -> ServiceResult<Option<ScanPage>> {
        let Some(seek) = folded_text.split(' ').max_by_key(|word| word.len()) else {
            return Ok(None);
        };
        let Some(mut sources) = self.store.words_starting(kind, seek, MOST_WORDS)? else {
            return Ok(None);
        };
        // Names whose first word starts so: the name index's own range.
        sources.push(MergedSource {
            tree: TreeId::Name(kind),
            prefix: seek.as_bytes().to_vec(),
            name_at: 0,
        });
        // An entry that does not read back is left out: `check` names it.
        let keep = |name_key: &[u8], value: &[u8]| {
            name_entry_facts(name_key, value)
                .is_some_and(|(academie, status, name)| accepts(academie, status, name))
        };
        Ok(Some(
            self.store.merged_scan(&sources, position, limit, &keep)?,
        ))
    }

    /// What a listing filters a record on, as an index summary holds it,
    /// and its date; `None` if the record does not exist.
    fn filter_facts(
        &self,
        reference: RecordRef,
    ) -> ServiceResult<Option<(Summary, Option<NaiveDate>)>> {
        let Some(record) = self.store.get(reference)? else {
            return Ok(None);
        };
        let context = context_of(&record, |target| {
            self.store
                .get(target)
                .map(|r| r.map(|r| TargetFacts::of(&r)))
        })?;
        let summary = Summary {
            academie: context.academie,
            status: record.status_ordinal(),
            folded_name: context.folded_name,
        };
        Ok(Some((summary, record.date())))
    }
}

/// Where the id of a row is in an index entry.
#[derive(Debug, Clone, Copy)]
enum IdAt {
    KeyEnd,
    Value,
}

/// An index to walk for a listing.
struct Source {
    tree: TreeId,
    range: KeyRange,
    /// Whether entries carry a summary to filter on without reading the
    /// record.
    summaries: bool,
    id_at: IdAt,
    /// Where the status byte is in the key, if the key holds it.
    status_at: Option<usize>,
    /// Where the date is in the key, if the key holds it.
    date_at: Option<usize>,
    /// Whether the range is the school year asked for (nothing left to
    /// filter on it).
    range_is_year: bool,
    /// Whether the text typed was a UAI or SIRET, used to choose the range
    /// (and not to be matched against names).
    text_is_code: bool,
}

impl Source {
    fn id_of(&self, key: &[u8], value: &[u8]) -> Option<RecordId> {
        match self.id_at {
            IdAt::KeyEnd => trailing_id(key),
            IdAt::Value => read_id(value),
        }
    }
}

/// How many placements start in `year`, from the counters by month, when
/// no other filter applies; `None` otherwise, or when a month of the year
/// is not counted (before 2000, after 2255).
fn placements_in_year(
    counters: &Counters,
    kind: Kind,
    request: &ListRequest,
    year: SchoolYear,
) -> Option<u64> {
    if kind != Kind::Placement || request.status.is_some() || request.academie.is_some() {
        return None;
    }
    let months = year.months();
    if months.len() != 12 {
        return None;
    }
    months
        .into_iter()
        .map(|day| {
            CountedMonth::of(day).map(|month| counters.placements_starting(month).max(0) as u64)
        })
        .sum()
}

/// How many records match académie and status filters, from the counters
/// where they keep that count.
fn matching_count(counters: &Counters, kind: Kind, request: &ListRequest) -> Option<u64> {
    let academies: Vec<Option<Academie>> = match request.academie {
        Some(academie) => vec![Some(academie)],
        None => std::iter::once(None)
            .chain(Academie::ALL.iter().copied().map(Some))
            .collect(),
    };
    let sum = |key: &dyn Fn(Option<Academie>) -> CounterKey| -> u64 {
        academies
            .iter()
            .map(|a| counters.get(key(*a)).max(0) as u64)
            .sum()
    };
    match request.status {
        None => Some(sum(&|academie| CounterKey::Records { kind, academie })),
        Some(StatusFilter::Placement(status)) => Some(sum(&|academie| {
            CounterKey::PlacementStatus { status, academie }
        })),
        Some(StatusFilter::PlacementPending) => Some(
            PlacementStatus::ALL
                .iter()
                .filter(|s| s.is_pending())
                .map(|status| {
                    sum(&|academie| CounterKey::PlacementStatus {
                        status: *status,
                        academie,
                    })
                })
                .sum(),
        ),
        Some(StatusFilter::Immersion(status)) => Some(sum(&|academie| {
            CounterKey::ImmersionStatus { status, academie }
        })),
        Some(StatusFilter::Agreement(_)) => None,
    }
}
