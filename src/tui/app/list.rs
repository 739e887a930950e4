//! A list of records of one kind: a window of rows around the selection,
//! fetched page by page as the selection moves, so that moving through a
//! million records reads only what is shown.

use crate::domain::academie::Academie;
use crate::domain::dates::SchoolYear;
use crate::domain::{Kind, RecordRef};
use crate::i18n::list_columns::{list_columns, sort_column};
use crate::service::ServiceError;
use crate::service::list::{Cursor, ListRequest, ListRow, Order, PagePosition, StatusFilter};
use crate::service::protocol::{Request, Response};
use crate::tui::app::{Cx, Nav, Ticket, Viewport, failure_text, record_target};
use crate::tui::input::TextInput;
use crate::tui::keymap::Action;

/// The kinds a list can show, in the order Tab goes through them.
pub const LIST_KINDS: [Kind; 8] = [
    Kind::School,
    Kind::Company,
    Kind::Placement,
    Kind::Immersion,
    Kind::Event,
    Kind::Contact,
    Kind::Learner,
    Kind::Agreement,
];

/// Rows kept around the selection; past it, the far end is let go.
const MAX_WINDOW: usize = 600;

/// Lines of a list's body that are not rows: the frame (2), the line of
/// filters and the column headers.
pub const LIST_FRAME_ROWS: u16 = 4;

/// The rows a list shows at this size.
pub fn visible_rows(viewport: Viewport) -> usize {
    viewport
        .height
        .saturating_sub(super::CHROME_ROWS + LIST_FRAME_ROWS)
        .max(1) as usize
}

/// The record a list is restricted to, named for the title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedTo {
    pub reference: RecordRef,
    pub label: String,
}

/// Which records a list starts with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListSpec {
    pub kind: Kind,
    pub status: Option<StatusFilter>,
    pub linked_to: Option<LinkedTo>,
}

impl ListSpec {
    pub fn of(kind: Kind) -> Self {
        ListSpec {
            kind,
            status: None,
            linked_to: None,
        }
    }
}

/// What an awaited page is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fetch {
    /// Everything anew, from the first row (or the last).
    Reload {
        at_end: bool,
    },
    Append,
    Prepend,
    /// The rows on screen read again, the person's place kept: the
    /// record selected, on its line of the screen (`on_screen`).
    Refresh {
        /// From the listing's first row (else from the first row shown).
        from_top: bool,
        /// How many rows held before the first one shown were let go.
        skipped: usize,
        anchor: Option<RecordRef>,
        on_screen: usize,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct ListScreen {
    pub kind: Kind,
    pub linked_to: Option<LinkedTo>,
    pub status: Option<StatusFilter>,
    pub academie: Option<Academie>,
    pub school_year: Option<SchoolYear>,
    pub filter: TextInput,
    pub editing_filter: bool,
    filter_before: String,
    pub order: Order,
    pub descending: bool,
    pub rows: Vec<ListRow>,
    pub selected: usize,
    /// The first row shown.
    pub offset: usize,
    pub more_before: bool,
    pub more_after: bool,
    /// Where the next pages go on from when the last one stopped at its
    /// reading budget (a filter matching few records) instead of a row.
    resume_before: Option<Cursor>,
    resume_after: Option<Cursor>,
    /// The position in the whole listing of the first row held, when
    /// known.
    pub base: Option<u64>,
    pub total: u64,
    pub matching: Option<u64>,
    pub error: Option<String>,
    /// Whether a first page has arrived.
    pub loaded: bool,
    /// Rows marked for an action on several, as they were when marked.
    pub marked: std::collections::BTreeMap<RecordRef, crate::domain::records::Record>,
    loading: Option<(Ticket, Fetch)>,
}

impl ListScreen {
    pub fn new(spec: ListSpec) -> Self {
        ListScreen {
            kind: spec.kind,
            linked_to: spec.linked_to,
            status: spec.status,
            academie: None,
            school_year: None,
            filter: TextInput::default(),
            editing_filter: false,
            filter_before: String::new(),
            order: Order::Name,
            descending: false,
            rows: Vec::new(),
            selected: 0,
            offset: 0,
            more_before: false,
            more_after: false,
            resume_before: None,
            resume_after: None,
            base: None,
            total: 0,
            matching: None,
            error: None,
            loaded: false,
            marked: std::collections::BTreeMap::new(),
            loading: None,
        }
    }

    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    pub fn selected_row(&self) -> Option<&ListRow> {
        self.rows.get(self.selected)
    }

    /// The position of the selection in the whole listing (from 1).
    pub fn position(&self) -> Option<u64> {
        self.base
            .map(|base| base + self.selected as u64 + 1)
            .filter(|_| !self.rows.is_empty())
    }

    /// How many records match, when known: counted by the store, or all
    /// held at once.
    pub fn matching_known(&self) -> Option<u64> {
        self.matching.or_else(|| {
            (self.loaded && !self.more_before && !self.more_after).then_some(self.rows.len() as u64)
        })
    }

    fn page_size(viewport: Viewport) -> u32 {
        (visible_rows(viewport) * 2).clamp(40, 500) as u32
    }

    fn request(&self, position: PagePosition, viewport: Viewport) -> Request {
        Request::List(ListRequest {
            kind: self.kind,
            text: self.filter.text().to_owned(),
            status: self.status,
            academie: self.academie,
            linked_to: self.linked_to.as_ref().map(|l| l.reference),
            school_year: self.school_year,
            order: self.order,
            descending: self.descending,
            position,
            limit: Self::page_size(viewport),
        })
    }

    /// Asks for the listing anew from its first row, selected.
    pub fn reload(&mut self, cx: &mut Cx) {
        self.selected = 0;
        self.offset = 0;
        self.fetch(Fetch::Reload { at_end: false }, PagePosition::First, cx);
    }

    /// Reads again what is shown (others changed the store, or the
    /// person asked), keeping the place: from the first row on screen,
    /// or from the top when the top is shown (a record added there
    /// appears); the selected record stays selected, on the same line
    /// of the screen, or if it left the listing, the line stays.
    pub fn refresh(&mut self, cx: &mut Cx) {
        match self.loading {
            // Nothing shown yet, or the whole listing being read anew
            // (another filter, order, or its end): read that again, the
            // answer on its way may predate the change.
            None | Some((_, Fetch::Append | Fetch::Prepend | Fetch::Refresh { .. }))
                if self.loaded => {}
            Some((_, Fetch::Reload { at_end: true })) => {
                self.fetch(Fetch::Reload { at_end: true }, PagePosition::Last, cx);
                return;
            }
            _ => {
                self.reload(cx);
                return;
            }
        }
        let anchor = self.selected_row().map(|row| row.record.reference());
        let on_screen = self.selected.saturating_sub(self.offset);
        let first_shown = self.rows.get(self.offset).map(|row| row.cursor.clone());
        let (position, from_top, skipped) = match first_shown {
            Some(cursor) if self.more_before || self.offset > 0 => {
                (PagePosition::From(cursor), false, self.offset)
            }
            _ => (PagePosition::First, true, 0),
        };
        self.fetch(
            Fetch::Refresh {
                from_top,
                skipped,
                anchor,
                on_screen,
            },
            position,
            cx,
        );
    }

    fn fetch(&mut self, fetch: Fetch, position: PagePosition, cx: &mut Cx) {
        let ticket = cx.send(self.request(position, cx.viewport));
        self.loading = Some((ticket, fetch));
    }

    /// Fetches the rows beyond either end when the selection nears it.
    pub fn fill(&mut self, cx: &mut Cx) {
        if self.loading.is_some() || !self.loaded {
            return;
        }
        let visible = visible_rows(cx.viewport);
        if self.more_after && self.rows.len().saturating_sub(self.selected) <= visible * 2 {
            let from = self
                .resume_after
                .clone()
                .or_else(|| self.rows.last().map(|row| row.cursor.clone()));
            if let Some(cursor) = from {
                self.fetch(Fetch::Append, PagePosition::After(cursor), cx);
            }
        } else if self.more_before && self.selected < visible * 2 {
            let from = self
                .resume_before
                .clone()
                .or_else(|| self.rows.first().map(|row| row.cursor.clone()));
            if let Some(cursor) = from {
                self.fetch(Fetch::Prepend, PagePosition::Before(cursor), cx);
            }
        }
    }

    fn select(&mut self, index: isize, cx: &mut Cx) {
        let last = self.rows.len().saturating_sub(1) as isize;
        self.selected = index.clamp(0, last.max(0)) as usize;
        self.keep_visible(visible_rows(cx.viewport));
        self.fill(cx);
    }

    /// Scrolls so that the selection is on screen.
    pub fn keep_visible(&mut self, visible: usize) {
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + visible {
            self.offset = self.selected + 1 - visible;
        }
        let most = self.rows.len().saturating_sub(visible);
        self.offset = self.offset.min(most);
    }

    /// The sortable orders of this kind, in column order.
    fn orders(&self) -> Vec<Order> {
        let mut orders: Vec<Order> = Vec::new();
        for order in list_columns(self.kind, crate::i18n::Lang::En)
            .columns
            .iter()
            .filter_map(|c| c.sort)
        {
            if !orders.contains(&order) {
                orders.push(order);
            }
        }
        orders
    }

    /// The statuses the quick filter goes through for this kind.
    fn statuses(&self) -> Vec<StatusFilter> {
        StatusFilter::all_for(self.kind)
    }

    /// Whether records of this kind have a date a school year applies to.
    pub fn has_dates(&self) -> bool {
        matches!(
            self.kind,
            Kind::Placement | Kind::Immersion | Kind::Event | Kind::Agreement
        )
    }

    /// The next value of a quick filter: none, then each in turn.
    fn cycle<T: PartialEq + Copy>(current: Option<T>, values: &[T]) -> Option<T> {
        match current.and_then(|c| values.iter().position(|v| *v == c)) {
            None => values.first().copied(),
            Some(i) => values.get(i + 1).copied(),
        }
    }

    pub fn apply(&mut self, action: Action, cx: &mut Cx) -> Nav {
        let visible = visible_rows(cx.viewport) as isize;
        let selected = self.selected as isize;
        if self.editing_filter {
            return self.apply_filtering(action, cx);
        }
        match action {
            Action::Down => self.select(selected + 1, cx),
            Action::Up => self.select(selected - 1, cx),
            Action::PageDown => self.select(selected + visible, cx),
            Action::PageUp => self.select(selected - visible, cx),
            Action::HalfPageDown => self.select(selected + visible / 2, cx),
            Action::HalfPageUp => self.select(selected - visible / 2, cx),
            Action::First if self.more_before => self.reload(cx),
            Action::First => self.select(0, cx),
            Action::Last if self.more_after => {
                self.fetch(Fetch::Reload { at_end: true }, PagePosition::Last, cx)
            }
            Action::Last => self.select(self.rows.len() as isize, cx),
            Action::Open => {
                if let Some(row) = self.selected_row() {
                    return Nav::Open(record_target(row.record.reference()));
                }
            }
            Action::ToggleMark => {
                if let Some(record) = self.selected_row().map(|row| row.record.clone()) {
                    let reference = record.reference();
                    if self.marked.remove(&reference).is_none() {
                        self.marked.insert(reference, record);
                    }
                    self.select(selected + 1, cx);
                }
            }
            Action::Filter => {
                self.editing_filter = true;
                self.filter_before = self.filter.text().to_owned();
            }
            Action::ClearFilter => {
                self.filter.set("");
                self.academie = None;
                self.school_year = None;
                self.status = None;
                self.reload(cx);
            }
            Action::SortNext => {
                let orders = self.orders();
                let (kind, lang) = (self.kind, cx.lang);
                let column = |order| sort_column(kind, order, lang);
                if orders.len() < 2 {
                    // Said, rather than a key that seems to do nothing.
                    return Nav::Inform(crate::i18n::tui::one_order(
                        cx.lang,
                        self.kind,
                        column(self.order),
                    ));
                }
                if let Some(i) = orders.iter().position(|o| *o == self.order) {
                    self.order = orders[(i + 1) % orders.len()];
                    self.descending = false;
                    self.reload(cx);
                }
                return Nav::Inform(crate::i18n::tui::sorted_by(
                    cx.lang,
                    column(self.order),
                    self.descending,
                ));
            }
            Action::SortReverse => {
                self.descending = !self.descending;
                self.reload(cx);
                let column = sort_column(self.kind, self.order, cx.lang);
                return Nav::Inform(crate::i18n::tui::sorted_by(
                    cx.lang,
                    column,
                    self.descending,
                ));
            }
            Action::NextAcademie => {
                self.academie = Self::cycle(self.academie, Academie::ALL);
                self.reload(cx);
            }
            Action::NextStatus => {
                let statuses = self.statuses();
                if statuses.is_empty() {
                    return Nav::Inform(crate::i18n::tui::no_status(cx.lang, self.kind));
                }
                self.status = Self::cycle(self.status, &statuses);
                self.reload(cx);
            }
            Action::NextSchoolYear => {
                if !self.has_dates() {
                    return Nav::Inform(crate::i18n::tui::no_dates(cx.lang, self.kind));
                }
                let current = SchoolYear::containing(cx.today);
                let years = [current, current.previous(), current.previous().previous()];
                self.school_year = Self::cycle(self.school_year, &years);
                self.reload(cx);
            }
            Action::NextPanel | Action::PreviousPanel => {
                let here = LIST_KINDS.iter().position(|k| *k == self.kind).unwrap_or(0);
                let step = if action == Action::NextPanel {
                    1
                } else {
                    LIST_KINDS.len() - 1
                };
                *self = ListScreen::new(ListSpec::of(LIST_KINDS[(here + step) % LIST_KINDS.len()]));
                self.reload(cx);
            }
            _ => {}
        }
        Nav::Stay
    }

    fn apply_filtering(&mut self, action: Action, cx: &mut Cx) -> Nav {
        match action {
            Action::Submit => self.editing_filter = false,
            Action::Cancel => {
                self.editing_filter = false;
                if self.filter.text() != self.filter_before {
                    let before = std::mem::take(&mut self.filter_before);
                    self.filter.set(&before);
                    self.reload(cx);
                }
            }
            Action::Up => self.select(self.selected as isize - 1, cx),
            Action::Down => self.select(self.selected as isize + 1, cx),
            Action::Open => {
                self.editing_filter = false;
                return self.apply(Action::Open, cx);
            }
            other => {
                if self.filter.edit(other) {
                    self.reload(cx);
                }
            }
        }
        Nav::Stay
    }

    pub fn type_text(&mut self, text: &str, cx: &mut Cx) {
        if !self.editing_filter {
            return;
        }
        self.filter.insert_str(text);
        self.reload(cx);
    }

    pub fn receive(
        &mut self,
        ticket: Ticket,
        result: Result<Response, ServiceError>,
        cx: &mut Cx,
    ) -> Result<(), String> {
        let Some((awaited, fetch)) = self.loading else {
            return Ok(());
        };
        if awaited != ticket {
            return Ok(());
        }
        self.loading = None;
        let page = match result {
            Ok(Response::List(page)) => page,
            Ok(_) => return Ok(()),
            Err(error) => {
                let text = failure_text(&error, cx.lang);
                self.error = Some(text.clone());
                return Err(text);
            }
        };
        self.error = None;
        self.total = page.total;
        self.matching = page.matching;
        let count = page.rows.len();
        match fetch {
            Fetch::Reload { at_end } => {
                self.rows = page.rows;
                self.loaded = true;
                if at_end {
                    self.more_after = false;
                    self.more_before = page.more;
                    self.resume_after = None;
                    self.resume_before = page.resume;
                    self.base = self.matching.map(|m| m.saturating_sub(count as u64));
                    self.selected = count.saturating_sub(1);
                } else {
                    self.more_before = false;
                    self.more_after = page.more;
                    self.resume_before = None;
                    self.resume_after = page.resume;
                    self.base = Some(0);
                    self.selected = self.selected.min(count.saturating_sub(1));
                }
            }
            Fetch::Append => {
                self.rows.extend(page.rows);
                self.more_after = page.more;
                self.resume_after = page.resume;
                let excess = self.rows.len().saturating_sub(MAX_WINDOW);
                let excess = excess.min(self.selected.saturating_sub(visible_rows(cx.viewport)));
                if excess > 0 {
                    self.rows.drain(..excess);
                    self.selected -= excess;
                    self.offset = self.offset.saturating_sub(excess);
                    self.base = self.base.map(|b| b + excess as u64);
                    self.more_before = true;
                    self.resume_before = None;
                }
            }
            Fetch::Refresh {
                from_top,
                skipped,
                anchor,
                on_screen,
            } => {
                if count == 0 && !from_top {
                    // Nothing left from the first row shown on: nothing
                    // to keep the place by, and no row to read back from.
                    self.reload(cx);
                    return Ok(());
                }
                self.rows = page.rows;
                self.loaded = true;
                self.more_after = page.more;
                self.resume_after = page.resume;
                self.resume_before = None;
                if from_top {
                    self.more_before = false;
                    self.base = Some(0);
                } else {
                    // Fetched again when the selection nears them.
                    self.more_before = true;
                    self.base = self.base.map(|b| b + skipped as u64);
                }
                let found = anchor.and_then(|anchor| {
                    self.rows
                        .iter()
                        .position(|row| row.record.reference() == anchor)
                });
                // The new window starts at the old first line shown (or
                // at the top, which was shown): the same line is
                // `on_screen` either way.
                let index = found.unwrap_or(on_screen);
                self.selected = index.min(count.saturating_sub(1));
                self.offset = self.selected.saturating_sub(on_screen);
            }
            Fetch::Prepend => {
                let mut rows = page.rows;
                rows.append(&mut self.rows);
                self.rows = rows;
                self.selected += count;
                self.offset += count;
                self.base = self.base.map(|b| b.saturating_sub(count as u64));
                self.more_before = page.more;
                self.resume_before = page.resume;
                if self.rows.len() > MAX_WINDOW {
                    let keep = MAX_WINDOW.max(self.selected + visible_rows(cx.viewport) + 1);
                    if self.rows.len() > keep {
                        self.rows.truncate(keep);
                        self.more_after = true;
                        self.resume_after = None;
                    }
                }
            }
        }
        self.keep_visible(visible_rows(cx.viewport));
        self.fill(cx);
        Ok(())
    }
}
