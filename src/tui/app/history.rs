//! A record's history: the audit entries about it, newest first, asked
//! of the service a batch at a time as the selection goes down.

use crate::domain::RecordRef;
use crate::domain::audit::AuditEntry;
use crate::i18n::Lang;
use crate::i18n::audit::{action_text, field_changes, named_in};
use crate::i18n::history::Held;
use crate::i18n::labels::Label;
use crate::i18n::record_view::Names;
use crate::service::ServiceError;
use crate::service::audit::{AuditRequest, AuditResponse, MAX_AUDIT_ENTRIES};
use crate::service::describe::MOST_DESCRIBED;
use crate::service::get::RecordKey;
use crate::service::protocol::{Request, Response};
use crate::tui::app::loadable::Loadable;
use crate::tui::app::{CHROME_ROWS, Cx, Nav, Ticket, Viewport, failure_text};
use crate::tui::keymap::Action;
use crate::tui::safe_text::safe;
use crate::tui::wrap::wrap;

/// Entries asked for at a time: a screenful many times over, and a
/// short walk through the trail.
pub const BATCH: usize = 200;

/// Lines one changed field may take; a longer value is cut.
const MOST_LINES_PER_CHANGE: usize = 4;

/// Lines the action itself may take.
const MOST_LINES_PER_ACTION: usize = 3;

/// Lines of the body that are not entries: the frame (2) and the line
/// saying where the selection is.
const FRAME_ROWS: u16 = 3;

/// What a line of an entry shows, for its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineRole {
    /// When, who, from which front end.
    Head,
    /// What was done.
    Action,
    /// One field changed, old → new.
    Change,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryLine {
    pub role: LineRole,
    pub text: String,
}

/// Columns inside the frame.
pub fn text_width(viewport: Viewport) -> usize {
    viewport.width.saturating_sub(2) as usize
}

/// Lines of entries shown at this size.
pub fn visible_lines(viewport: Viewport) -> usize {
    viewport
        .height
        .saturating_sub(CHROME_ROWS + FRAME_ROWS)
        .max(1) as usize
}

/// One entry as drawn at `width` columns; the drawing and the scrolling
/// both use it, so they agree on what fits. Every text from the store
/// is made safe here.
pub fn entry_lines(
    entry: &AuditEntry,
    names: &Names,
    lang: Lang,
    width: usize,
) -> Vec<HistoryLine> {
    let head = format!(
        "{} · {} · {}",
        crate::i18n::date_time(lang, entry.at),
        safe(&entry.account),
        entry.front_end.label(lang)
    );
    let mut lines = vec![HistoryLine {
        role: LineRole::Head,
        text: crate::i18n::fit(&head, width),
    }];
    let action = action_text(&entry.action, names, lang);
    lines.extend(
        wrap(&safe(&action), width, "  ", "    ", MOST_LINES_PER_ACTION)
            .into_iter()
            .map(|text| HistoryLine {
                role: LineRole::Action,
                text,
            }),
    );
    for change in field_changes(&entry.action, names, lang) {
        lines.extend(
            wrap(
                &safe(&change),
                width,
                "    ",
                "      ",
                MOST_LINES_PER_CHANGE,
            )
            .into_iter()
            .map(|text| HistoryLine {
                role: LineRole::Change,
                text,
            }),
        );
    }
    lines
}

#[derive(Debug, Clone, PartialEq)]
pub struct HistoryScreen {
    /// The record, by number: a deleted one keeps its history.
    pub target: RecordRef,
    /// Its name, for the title.
    pub label: String,
    pub data: Loadable<AuditResponse>,
    /// The selected entry.
    pub selected: usize,
    /// The first entry drawn; it moves only when the selection would
    /// leave the screen.
    pub top: usize,
    awaiting: Option<Ticket>,
    /// The records the entries name, by name (asked for once the entries
    /// are in).
    pub names: Names,
    naming: Option<Ticket>,
}

impl HistoryScreen {
    pub fn new(target: RecordRef, label: String) -> Self {
        HistoryScreen {
            target,
            label,
            data: Loadable::Loading,
            selected: 0,
            top: 0,
            awaiting: None,
            names: Names::new(),
            naming: None,
        }
    }

    /// Whether an answer is on its way (the first batch, a next one, or
    /// a refresh).
    pub fn is_loading(&self) -> bool {
        self.awaiting.is_some()
    }

    pub fn entries(&self) -> &[AuditEntry] {
        self.data
            .ready()
            .map_or(&[], |data| data.entries.as_slice())
    }

    /// How much of the history is held.
    pub fn held(&self) -> Held {
        match self.data.ready() {
            Some(data) if data.more && data.entries.len() >= MAX_AUDIT_ENTRIES => Held::Capped,
            Some(data) if data.more => Held::More,
            _ => Held::All,
        }
    }

    /// Asks for the history anew, as many entries as are held (a first
    /// batch to start with).
    pub fn load(&mut self, cx: &mut Cx) {
        let limit = self.entries().len().clamp(BATCH, MAX_AUDIT_ENTRIES);
        self.ask(limit, cx);
    }

    /// The trail has no cursor: the next batch is asked for as a longer
    /// answer, which also takes in entries written meanwhile.
    fn ask(&mut self, limit: usize, cx: &mut Cx) {
        self.awaiting = Some(cx.send(Request::Audit(AuditRequest {
            kind: Some(self.target.kind),
            key: Some(RecordKey::Id(self.target)),
            limit,
            ..AuditRequest::default()
        })));
    }

    /// The next batch, once the selection is within a screen of the end.
    fn load_more_if_near_the_end(&mut self, cx: &mut Cx) {
        let held = self.entries().len();
        let near = self.selected + visible_lines(cx.viewport) >= held;
        if near && self.held() == Held::More && self.awaiting.is_none() {
            self.ask((held + BATCH).min(MAX_AUDIT_ENTRIES), cx);
        }
    }

    fn height(&self, index: usize, lang: Lang, width: usize) -> usize {
        self.entries().get(index).map_or(0, |entry| {
            entry_lines(entry, &self.names, lang, width).len()
        })
    }

    /// The first entry to draw so that the selection shows, starting
    /// from `top` when it can.
    pub fn first_shown(&self, lang: Lang, width: usize, lines: usize) -> usize {
        if self.selected <= self.top {
            return self.selected;
        }
        // The earliest entry from which the selection still fits.
        let mut first = self.selected;
        let mut used = self.height(first, lang, width);
        while first > self.top {
            let above = self.height(first - 1, lang, width);
            if used + above > lines {
                break;
            }
            used += above;
            first -= 1;
        }
        first
    }

    /// The entry `lines` lines below (or above) the selection.
    fn step(&self, lines: usize, down: bool, lang: Lang, width: usize) -> usize {
        let last = self.entries().len().saturating_sub(1);
        let mut index = self.selected;
        let mut used = 0;
        loop {
            let next = if down {
                if index >= last {
                    break;
                }
                index + 1
            } else {
                let Some(previous) = index.checked_sub(1) else {
                    break;
                };
                previous
            };
            used += self.height(next, lang, width);
            // Always at least one entry, even a tall one.
            if used > lines && index != self.selected {
                break;
            }
            index = next;
        }
        index
    }

    pub fn apply(&mut self, action: Action, cx: &mut Cx) -> Nav {
        let lang = cx.lang;
        let width = text_width(cx.viewport);
        let lines = visible_lines(cx.viewport);
        let last = self.entries().len().saturating_sub(1);
        self.selected = match action {
            Action::Down => (self.selected + 1).min(last),
            Action::Up => self.selected.saturating_sub(1),
            Action::PageDown => self.step(lines, true, lang, width),
            Action::PageUp => self.step(lines, false, lang, width),
            Action::HalfPageDown => self.step(lines / 2, true, lang, width),
            Action::HalfPageUp => self.step(lines / 2, false, lang, width),
            Action::First => 0,
            Action::Last => last,
            _ => return Nav::Stay,
        };
        self.top = self.first_shown(lang, width, lines);
        self.load_more_if_near_the_end(cx);
        Nav::Stay
    }

    pub fn receive(
        &mut self,
        ticket: Ticket,
        result: Result<Response, ServiceError>,
        cx: &mut Cx,
    ) -> Result<(), String> {
        if self.naming == Some(ticket) {
            self.naming = None;
            if let Ok(Response::Described(found)) = result {
                self.names.extend(
                    found
                        .into_iter()
                        .map(|described| (described.record.reference(), described)),
                );
            }
            return Ok(());
        }
        if self.awaiting != Some(ticket) {
            return Ok(());
        }
        self.awaiting = None;
        match result {
            Ok(Response::Audit(data)) => {
                // The records the entries' changes point at, by name (the
                // trail keeps numbers); the record itself is in the title,
                // and those known already are not asked again.
                let target = self.target;
                let wanted: Vec<_> = named_in(&data.entries)
                    .into_iter()
                    .filter(|reference| *reference != target)
                    .filter(|reference| !self.names.contains_key(reference))
                    .take(MOST_DESCRIBED)
                    .collect();
                if !wanted.is_empty() {
                    self.naming = Some(cx.send(Request::Describe(wanted)));
                }
                let last = data.entries.len().saturating_sub(1);
                self.data = Loadable::Ready(data);
                self.selected = self.selected.min(last);
                self.top = self.top.min(self.selected);
                Ok(())
            }
            Ok(_) => Ok(()),
            Err(error) => {
                // Entries shown before go too: an account taken off
                // users.toml meanwhile must not keep reading them.
                let text = failure_text(&error, cx.lang);
                self.data = Loadable::Failed(text.clone());
                Err(text)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Kind;
    use crate::domain::RecordId;
    use crate::domain::audit::{AuditAction, FieldChange, FrontEnd};
    use chrono::{TimeZone, Utc};

    fn entry(sequence: u64, fields: Vec<FieldChange>) -> AuditEntry {
        AuditEntry {
            sequence,
            at: Utc
                .with_ymd_and_hms(2026, 11, 28, 11, 0, 0)
                .single()
                .expect("a time"),
            account: "alice".into(),
            front_end: FrontEnd::Tui,
            action: AuditAction::Changed {
                target: RecordRef::new(Kind::School, RecordId(1)),
                revision: sequence,
                fields,
            },
        }
    }

    #[test]
    fn an_entry_shows_who_what_and_each_field_but_never_a_restricted_value() {
        let lines = entry_lines(
            &entry(
                2,
                vec![
                    FieldChange::Value {
                        field: "name".into(),
                        old: "Lycée\u{1b}[2J Voltaire".into(),
                        new: "Lycée Voltaire-Hugo\u{202e}".into(),
                    },
                    FieldChange::Restricted {
                        field: "notes".into(),
                    },
                ],
            ),
            &Names::new(),
            Lang::Fr,
            80,
        );
        let roles: Vec<LineRole> = lines.iter().map(|l| l.role).collect();
        assert_eq!(
            roles,
            [
                LineRole::Head,
                LineRole::Action,
                LineRole::Change,
                LineRole::Change
            ]
        );
        assert!(lines[0].text.contains("alice · interface plein écran"));
        assert!(lines[1].text.contains("modifié"), "{:?}", lines[1]);
        assert!(
            lines[2]
                .text
                .contains("nom : Lycée␛[2J Voltaire → Lycée Voltaire-Hugo"),
            "{:?}",
            lines[2]
        );
        assert!(
            lines
                .iter()
                .all(|l| crate::tui::safe_text::is_safe(&l.text))
        );
        assert_eq!(lines[3].text, "    notes (restreint, valeur non conservée)");
    }

    #[test]
    fn at_the_narrowest_long_values_wrap_within_the_width() {
        let long = "x ".repeat(200);
        let lines = entry_lines(
            &entry(
                3,
                vec![FieldChange::Value {
                    field: "name".into(),
                    old: long.clone(),
                    new: long,
                }],
            ),
            &Names::new(),
            Lang::En,
            58,
        );
        assert!(lines.len() <= 1 + MOST_LINES_PER_ACTION + MOST_LINES_PER_CHANGE);
        for line in &lines {
            assert!(
                unicode_width::UnicodeWidthStr::width(line.text.as_str()) <= 58,
                "{line:?}"
            );
        }
        assert!(lines.last().is_some_and(|l| l.text.ends_with('…')));
    }
}
