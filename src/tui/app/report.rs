//! The yearly report's screen: the year's tables (the same as the
//! report's files), scrolled under two bar charts; a key switches to the
//! comparison with the year before. The report is asked of the service
//! without its remarks: the screen shows figures, and asking never
//! writes a reveal to the audit trail.
//!
//! Unlike lists, it is not read again when others change the store: it
//! is computed over two whole school years (seconds at a million
//! records), and a yearly report does not move with one save. `r`
//! reads it again.

use unicode_width::UnicodeWidthStr;

use crate::domain::dates::SchoolYear;
use crate::i18n::report::screen_title;
use crate::i18n::{Lang, fit};
use crate::report::tables::{Table, comparison, sections};
use crate::service::ServiceError;
use crate::service::protocol::{Request, Response};
use crate::service::report::{Report, ReportRequest};
use crate::tui::app::loadable::Loadable;
use crate::tui::app::{CHROME_ROWS, Cx, Nav, Ticket, Viewport, failure_text};
use crate::tui::keymap::Action;
use crate::tui::safe_text::safe;

/// Rows of the charts above the tables, when the screen is tall enough.
const CHART_ROWS: u16 = 8;
/// The body needs this many rows for the charts to leave room to the
/// tables.
const ROWS_FOR_CHARTS: u16 = 18;
/// The narrowest first column of a table.
const LABEL_MIN: usize = 12;

/// The rows of the body: the charts', and the tables' (frame included).
pub fn layout(viewport: Viewport) -> (u16, u16) {
    let body = viewport.height.saturating_sub(CHROME_ROWS);
    let charts = if body >= ROWS_FOR_CHARTS {
        CHART_ROWS
    } else {
        0
    };
    (charts, body - charts)
}

/// Lines of tables shown at this size (inside the frame).
pub fn visible_lines(viewport: Viewport) -> usize {
    layout(viewport).1.saturating_sub(2).max(1) as usize
}

/// What a line of the tables is, for its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineRole {
    Section,
    Title,
    Header,
    Row,
    Total,
    Blank,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportLine {
    pub role: LineRole,
    pub text: String,
}

fn line(role: LineRole, text: String) -> ReportLine {
    ReportLine { role, text }
}

/// `text` padded to `width` columns, on the left or the right.
fn pad(text: &str, width: usize, left: bool) -> String {
    let text = fit(text, width);
    let room = " ".repeat(width.saturating_sub(text.width()));
    if left {
        format!("{text}{room}")
    } else {
        format!("{room}{text}")
    }
}

/// A table as lines of `width` columns: its title, its header, its rows.
/// The first column takes what the others leave.
pub fn table_lines(table: &Table, lang: Lang, width: usize) -> Vec<ReportLine> {
    let texts: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|row| {
            row.cells
                .iter()
                .map(|cell| safe(cell.text(lang).trim()).into_owned())
                .collect()
        })
        .collect();
    let columns = table.headers.len();
    let widest = |index: usize| {
        texts
            .iter()
            .filter_map(|row| row.get(index))
            .map(|text| text.width())
            .chain(table.headers.get(index).map(|header| header.width()))
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (1..columns).map(widest).collect();
    let others: usize = widths.iter().map(|w| w + 2).sum();
    let first = widest(0).min(width.saturating_sub(others).max(LABEL_MIN));
    let render = |cells: &[String]| -> String {
        let mut text = pad(cells.first().map_or("", String::as_str), first, true);
        for (index, width) in widths.iter().enumerate() {
            text.push_str("  ");
            let cell = cells.get(index + 1).map_or("", String::as_str);
            text.push_str(&pad(cell, *width, table.is_text_column(index + 1)));
        }
        fit(text.trim_end(), width)
    };
    let mut lines = vec![
        line(LineRole::Title, fit(&table.title, width)),
        line(LineRole::Header, render(&table.headers)),
    ];
    for (row, cells) in table.rows.iter().zip(&texts) {
        let role = if row.total {
            LineRole::Total
        } else {
            LineRole::Row
        };
        lines.push(line(role, render(cells)));
    }
    lines.push(line(LineRole::Blank, String::new()));
    lines
}

/// Every line of the tables shown: the year's, or the comparison.
pub fn report_lines(report: &Report, lang: Lang, comparing: bool, width: usize) -> Vec<ReportLine> {
    let parts = if comparing {
        vec![comparison(report, lang)]
    } else {
        sections(report, lang)
    };
    let mut lines = Vec::new();
    for part in parts {
        lines.push(line(LineRole::Section, fit(&part.title, width)));
        for table in &part.tables {
            lines.extend(table_lines(table, lang, width));
        }
    }
    lines
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReportScreen {
    pub year: SchoolYear,
    pub data: Loadable<Box<Report>>,
    /// Showing the comparison with the year before.
    pub comparing: bool,
    /// The first line of the tables shown.
    pub scroll: usize,
    awaiting: Option<Ticket>,
}

impl ReportScreen {
    pub fn new(year: SchoolYear) -> Self {
        ReportScreen {
            year,
            data: Loadable::Loading,
            comparing: false,
            scroll: 0,
            awaiting: None,
        }
    }

    pub fn is_loading(&self) -> bool {
        self.awaiting.is_some()
    }

    pub fn title(&self, lang: Lang) -> String {
        screen_title(lang, self.year, self.comparing)
    }

    pub fn load(&mut self, cx: &mut Cx) {
        self.awaiting = Some(cx.send(Request::Report(ReportRequest {
            year: self.year,
            remarks: false,
        })));
    }

    /// How many lines the tables have now (none before the answer).
    fn line_count(&self, lang: Lang) -> usize {
        self.data.ready().map_or(0, |report| {
            // Widths do not change the number of lines.
            report_lines(report, lang, self.comparing, 80).len()
        })
    }

    pub fn apply(&mut self, action: Action, cx: &mut Cx) -> Nav {
        let page = visible_lines(cx.viewport);
        let last = self.line_count(cx.lang).saturating_sub(page);
        self.scroll = match action {
            Action::Down => self.scroll + 1,
            Action::Up => self.scroll.saturating_sub(1),
            Action::PageDown => self.scroll + page,
            Action::PageUp => self.scroll.saturating_sub(page),
            Action::HalfPageDown => self.scroll + page / 2,
            Action::HalfPageUp => self.scroll.saturating_sub(page / 2),
            Action::First => 0,
            Action::Last => last,
            Action::Compare => {
                self.comparing = !self.comparing;
                0
            }
            _ => return Nav::Stay,
        }
        .min(last);
        Nav::Stay
    }

    pub fn receive(
        &mut self,
        ticket: Ticket,
        result: Result<Response, ServiceError>,
        cx: &mut Cx,
    ) -> Result<(), String> {
        if self.awaiting != Some(ticket) {
            return Ok(());
        }
        self.awaiting = None;
        match result {
            Ok(Response::Report(report)) => {
                self.data = Loadable::Ready(report);
                let last = self
                    .line_count(cx.lang)
                    .saturating_sub(visible_lines(cx.viewport));
                self.scroll = self.scroll.min(last);
                Ok(())
            }
            Ok(_) => Ok(()),
            Err(error) => {
                let text = failure_text(&error, cx.lang);
                self.data = Loadable::Failed(text.clone());
                Err(text)
            }
        }
    }
}
