//! The frame around every screen: the breadcrumb trail above, the
//! status bar below (a message, or the main keys of the mode), the
//! which-key hint while a chord waits for its second key.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::i18n::labels::Label;
use crate::i18n::long_date;
use crate::i18n::tui::{Words, list_title};
use crate::service::get::RecordKey;
use crate::tui::app::{App, Screen, ScreenView};
use crate::tui::keymap::{Action, Mode};
use crate::tui::safe_text::safe;
use crate::tui::view::messages::message_rows;
use crate::tui::view::popup::text_width;

/// What a screen is called in the trail.
pub fn crumb(screen: &Screen, app: &App) -> String {
    let lang = app.lang;
    match &screen.view {
        ScreenView::Dashboard(_) => Words::Dashboard.text(lang).to_owned(),
        ScreenView::List(list) => {
            let title = list_title(lang, list.kind);
            match &list.linked_to {
                Some(linked) => format!(
                    "{title} {} {}",
                    Words::LinkedTo.text(lang),
                    safe(&linked.label)
                ),
                None => title,
            }
        }
        ScreenView::Form(form) => crate::i18n::editing::form_title(
            lang,
            form.kind,
            &form.purpose,
            form.base.as_deref(),
            form.record_label(),
        ),
        ScreenView::History(_) => crate::i18n::history::crumb(lang).to_owned(),
        ScreenView::Report(report) => report.title(lang),
        ScreenView::Detail(detail) => match detail.data.ready() {
            Some(data) => safe(&data.label).into_owned(),
            None => match &detail.key {
                RecordKey::Id(reference) => {
                    format!("{} {}", reference.kind.label(lang), reference.id)
                }
                RecordKey::Uai(uai) => uai.to_string(),
                RecordKey::Siret(siret) => siret.to_string(),
            },
        },
    }
}

pub fn header(frame: &mut Frame, area: Rect, app: &App) {
    let theme = app.theme;
    let date = long_date(app.lang, app.today);
    let room = area.width.saturating_sub(text_width(&date) + 2) as usize;
    let crumbs: Vec<String> = app.screens.iter().map(|s| crumb(s, app)).collect();
    // The trail loses its oldest steps first when it does not fit.
    let mut shown = crumbs.len();
    let joined = |from: usize| -> String {
        let mut text = String::from("passerelle");
        if from > 0 {
            text.push_str(" › …");
        }
        for crumb in &crumbs[from..] {
            text.push_str(" › ");
            text.push_str(crumb);
        }
        text
    };
    let mut trail = joined(0);
    while text_width(&trail) as usize > room && shown > 1 {
        shown -= 1;
        trail = joined(crumbs.len() - shown);
    }
    let trail = crate::i18n::fit(&trail, room);
    let padding = (area.width as usize)
        .saturating_sub(text_width(&trail) as usize + text_width(&date) as usize);
    let line = Line::from(vec![
        Span::styled(trail, theme.title()),
        Span::raw(" ".repeat(padding)),
        Span::styled(date, theme.muted()),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

/// The keys to show in the status bar of a mode, with their words.
fn hints(mode: Mode) -> &'static [(Action, Words)] {
    match mode {
        Mode::List => &[
            (Action::Open, Words::HintOpen),
            (Action::Filter, Words::HintFilter),
            (Action::NewRecord, Words::HintNew),
            (Action::Help, Words::HintHelp),
            (Action::Quit, Words::HintQuit),
            (Action::Back, Words::HintBack),
            (Action::Finder, Words::HintFind),
            (Action::CommandLine, Words::HintCommand),
        ],
        Mode::Filter => &[
            (Action::Submit, Words::HintKeep),
            (Action::Cancel, Words::HintBack),
        ],
        Mode::Command | Mode::Finder => &[
            (Action::Submit, Words::HintOpen),
            (Action::Cancel, Words::HintBack),
        ],
        Mode::Help => &[(Action::Back, Words::HintBack)],
        // Saving and leaving first: at 80 columns the last are left out.
        Mode::Form => &[
            (Action::Save, Words::HintSave),
            (Action::Back, Words::HintBack),
            (Action::Pick, Words::HintPick),
            (Action::NextField, Words::HintNextField),
            (Action::Help, Words::HintHelp),
        ],
        Mode::Picker => &[
            (Action::Submit, Words::HintChoose),
            (Action::Cancel, Words::HintBack),
        ],
        Mode::Confirm => &[],
        Mode::Detail => &[
            (Action::Open, Words::HintOpen),
            (Action::Edit, Words::HintEdit),
            (Action::Reveal, Words::HintReveal),
            (Action::Consent, Words::HintConsent),
            (Action::History, Words::HintHistory),
            (Action::Help, Words::HintHelp),
            (Action::Quit, Words::HintQuit),
            (Action::Back, Words::HintBack),
            (Action::Finder, Words::HintFind),
            (Action::CommandLine, Words::HintCommand),
        ],
        Mode::Report => &[
            (Action::Compare, Words::HintCompare),
            (Action::Back, Words::HintBack),
            (Action::Help, Words::HintHelp),
            (Action::Quit, Words::HintQuit),
            (Action::CommandLine, Words::HintCommand),
        ],
        Mode::History => &[
            (Action::Back, Words::HintBack),
            (Action::Help, Words::HintHelp),
            (Action::Quit, Words::HintQuit),
            (Action::Finder, Words::HintFind),
            (Action::CommandLine, Words::HintCommand),
        ],
        _ => &[
            (Action::Open, Words::HintOpen),
            (Action::Back, Words::HintBack),
            (Action::Finder, Words::HintFind),
            (Action::CommandLine, Words::HintCommand),
            (Action::Help, Words::HintHelp),
            (Action::Quit, Words::HintQuit),
        ],
    }
}

/// Whether the record shown is confidential and still masked: the only
/// time the reveal key is worth naming.
fn something_to_reveal(app: &App) -> bool {
    match app.top().map(|screen| &screen.view) {
        Some(ScreenView::Detail(detail)) => detail
            .data
            .ready()
            .is_some_and(|data| data.record.meta().confidentiality.confidential && !data.revealed),
        _ => false,
    }
}

/// Whether the record shown is confidential: where consent matters, and
/// its key is worth naming (it works on any record).
fn is_confidential(app: &App) -> bool {
    match app.top().map(|screen| &screen.view) {
        Some(ScreenView::Detail(detail)) => detail
            .data
            .ready()
            .is_some_and(|data| data.record.meta().confidentiality.confidential),
        _ => false,
    }
}

/// Whether the form's field under focus is a link: the only time the
/// picker's key does something.
fn on_a_link_field(app: &App) -> bool {
    match app.top().map(|screen| &screen.view) {
        Some(ScreenView::Form(form)) => form.link_kind().is_some(),
        _ => false,
    }
}

pub fn status_bar(frame: &mut Frame, area: Rect, app: &App) {
    let theme = app.theme;
    let lang = app.lang;
    let mut spans: Vec<Span> = Vec::new();
    if let Some(message) = &app.message {
        let style = if message.is_error {
            theme.error()
        } else {
            theme.warning()
        };
        let rows = message_rows(&message.text, area.width as usize);
        if rows.len() > 1 {
            message_area(frame, area, app, &rows, style);
            return;
        }
        spans.push(Span::styled(rows.concat(), style));
    } else {
        let mode = app.mode();
        for (action, word) in hints(mode) {
            if *action == Action::Reveal && !something_to_reveal(app) {
                continue;
            }
            if *action == Action::Consent && !is_confidential(app) {
                continue;
            }
            if *action == Action::Pick && !on_a_link_field(app) {
                continue;
            }
            if let Some(keys) = app.keymap.keys_for(mode, *action) {
                let keys: Vec<String> = keys.iter().map(|k| k.label(lang)).collect();
                let keys = keys.join(" ");
                let said = format!(" {}  ", word.text(lang));
                // A hint shown whole or not at all: the first ones matter
                // most, and half a word helps nobody.
                let used: u16 = spans.iter().map(|s| text_width(&s.content)).sum();
                let hint = text_width(&keys) + text_width(said.trim_end());
                if used.saturating_add(hint) > area.width {
                    break;
                }
                spans.push(Span::styled(keys, theme.key()));
                spans.push(Span::raw(said));
            }
        }
    }
    if app.is_waiting() {
        let loading = Words::Loading.text(lang);
        let used = spans
            .iter()
            .fold(0u16, |used, s| used.saturating_add(text_width(&s.content)));
        let room = area
            .width
            .saturating_sub(used.saturating_add(text_width(loading)));
        spans.push(Span::raw(" ".repeat(room as usize)));
        spans.push(Span::styled(loading, theme.muted()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A message of several rows: the status bar grows upwards over the
/// screen (until the next key) to show all of it, up to half the screen;
/// beyond, its last row says where to read the rest.
fn message_area(frame: &mut Frame, footer: Rect, app: &App, rows: &[String], style: Style) {
    let screen = frame.area();
    let most = (screen.height / 2).max(1) as usize;
    let mut shown: Vec<String> = rows.iter().take(most).cloned().collect();
    if rows.len() > most {
        if let Some(last) = shown.last_mut() {
            *last = Words::MoreMessage.text(app.lang).to_owned();
        }
    }
    let height = shown.len() as u16;
    let area = Rect {
        x: footer.x,
        y: (footer.y + 1).saturating_sub(height),
        width: footer.width,
        height,
    };
    frame.render_widget(Clear, area);
    let lines: Vec<Line> = shown
        .into_iter()
        .map(|row| Line::styled(row, style))
        .collect();
    frame.render_widget(Paragraph::new(lines).style(app.theme.plain()), area);
}

/// While a chord waits: what its second key may be.
pub fn chord_hint(frame: &mut Frame, body: Rect, app: &App) {
    let theme = app.theme;
    let lang = app.lang;
    let bindings = app.keymap.continuations(app.mode(), &app.pending_keys);
    if bindings.is_empty() {
        return;
    }
    let lines: Vec<Line> = bindings
        .iter()
        .map(|b| {
            let keys: Vec<String> = b.keys.iter().map(|k| k.label(lang)).collect();
            Line::from(vec![
                Span::styled(keys.join(" "), theme.key()),
                Span::raw(format!("  {}", b.action.description(lang))),
            ])
        })
        .collect();
    let width = lines
        .iter()
        .map(|l| l.width() as u16)
        .max()
        .unwrap_or(0)
        .saturating_add(4)
        .max(text_width(Words::ChordWaiting.text(lang)) + 4)
        .min(body.width);
    let height = (lines.len() as u16 + 2).min(body.height);
    let area = Rect {
        x: body.x + body.width - width,
        y: body.y + body.height - height,
        width,
        height,
    };
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.focused_border())
                .title(Words::ChordWaiting.text(lang)),
        ),
        area,
    );
}
