//! A form: each field with its label, what is typed, and under it what
//! is wrong with it, what it was understood as, or (after a conflict)
//! what the store holds now.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::domain::forms::{InputKind, Understood};
use crate::domain::{Kind, RecordRef};
use crate::i18n::Lang;
use crate::i18n::editing::{
    Editing, choice_set_hint, choice_text, form_title, link_missing, link_name, more_rows,
    new_line_hint, not_chosen, protected_hint, protected_value,
};
use crate::i18n::labels::Label;
use crate::i18n::messages::field_error;
use crate::i18n::tui::changed_meanwhile_mark;
use crate::i18n::{fit, long_date};
use crate::tui::app::App;
use crate::tui::app::form::{FormField, FormScreen, link_ids};
use crate::tui::keymap::{Action, Mode};
use crate::tui::safe_text::safe;
use crate::tui::view::messages::message_rows;
use crate::tui::view::popup::text_width;
use crate::tui::view::text_rows::{cursor_position, rows};
use crate::tui::wrap::wrap;

/// Rows a field of several lines shows when the cursor is elsewhere.
const UNFOCUSED_ROWS: usize = 3;
/// Rows the value saved meanwhile shows at most, after a conflict.
const THEIRS_ROWS: usize = 6;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, form: &FormScreen) {
    let lang = app.lang;
    let theme = app.theme;
    let title = form_title(
        lang,
        form.kind,
        &form.purpose,
        form.base.as_deref(),
        form.record_label(),
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.focused_border())
        .title(Span::styled(safe(&title).into_owned(), theme.title()));
    // On the frame, so that it stays in view whatever the scroll and
    // whatever the status bar says meanwhile.
    let block = match &form.changed_meanwhile {
        Some(account) => block.title_bottom(Span::styled(
            fit(
                &safe(&changed_meanwhile_mark(lang, account)),
                area.width.saturating_sub(2) as usize,
            ),
            theme.warning(),
        )),
        None => block,
    };
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let label_width = form
        .fields
        .iter()
        .map(|f| text_width(f.spec.field.label(lang)) + 2)
        .max()
        .unwrap_or(0)
        .min(inner.width / 3);
    let value_width = inner.width.saturating_sub(label_width + 1) as usize;
    let mut lines: Vec<Line> = Vec::new();
    let mut focus_line = 0;
    let mut cursor: Option<(u16, usize)> = None;
    for (index, field) in form.fields.iter().enumerate() {
        let focused = index == form.focus;
        let mark = if field.spec.required { " *" } else { "" };
        let label = fit(
            &format!("{}{mark}", field.spec.field.label(lang)),
            label_width as usize,
        );
        let padding = (label_width as usize).saturating_sub(text_width(&label) as usize);
        let text = field.input.text();
        let value_style = if focused {
            theme.selected()
        } else {
            theme.plain()
        };
        let label_span = Span::styled(
            format!("{label}{} ", " ".repeat(padding)),
            if focused { theme.key() } else { theme.muted() },
        );
        let indent = " ".repeat(label_width as usize + 1);
        let owner = form
            .base
            .as_deref()
            .and_then(|base| base.meta().confidentiality.owner);
        if field.protected {
            // Nothing to type here: what it is, and who may see it.
            if focused {
                focus_line = lines.len();
            }
            lines.push(Line::from(vec![
                label_span,
                Span::styled(
                    fit(&protected_value(lang, owner), value_width),
                    if focused {
                        theme.selected()
                    } else {
                        theme.muted()
                    },
                ),
            ]));
            if focused {
                let reveal = app.key_label(Mode::Detail, Action::Reveal);
                for line in wrap(
                    &protected_hint(lang, owner, &reveal),
                    inner.width as usize,
                    &indent,
                    &indent,
                    4,
                ) {
                    lines.push(Line::styled(line, theme.muted()));
                }
            }
        } else if let (InputKind::Links(kind), false) = (&field.spec.input, text.is_empty()) {
            // The numbers as typed (with the cursor on them), then the
            // records they name, one a row.
            let mut values: Vec<String> = Vec::new();
            if focused {
                let before: String = text.chars().take(field.input.cursor()).collect();
                let after: String = text.chars().skip(field.input.cursor()).collect();
                let (window, column) = around_cursor(&safe(&before), &safe(&after), value_width);
                focus_line = lines.len();
                cursor = Some(((label_width + 1).saturating_add(column as u16), lines.len()));
                values.push(window);
            }
            for id in link_ids(text) {
                values.push(fit(
                    &format!("• {}", linked_name(form, field, *kind, id, lang)),
                    value_width,
                ));
            }
            for (number, value) in values.into_iter().enumerate() {
                let lead = if number == 0 {
                    label_span.clone()
                } else {
                    Span::raw(indent.clone())
                };
                let padding = if focused && number == 0 {
                    value_width.saturating_sub(text_width(&value) as usize)
                } else {
                    0
                };
                let style = if focused && number == 0 {
                    value_style
                } else {
                    theme.plain()
                };
                lines.push(Line::from(vec![
                    lead,
                    Span::styled(format!("{value}{}", " ".repeat(padding)), style),
                ]));
            }
        } else if let InputKind::ChoiceSet(codes) = &field.spec.input {
            // Checked choices by name; with the cursor on the field, every
            // choice a row, checked or not, the cursor's one highlighted.
            let chosen: Vec<&str> = text
                .split([',', ';'])
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect();
            let name = |code: &str| choice_text(form.kind, field.spec.field, code, lang);
            if focused {
                focus_line = lines.len();
                for (index, code) in codes.iter().enumerate() {
                    let mark = if chosen.contains(code) { "[x]" } else { "[ ]" };
                    let lead = if index == 0 {
                        label_span.clone()
                    } else {
                        Span::raw(indent.clone())
                    };
                    let row = fit(&format!("{mark} {}", name(code)), value_width);
                    let style = if index == field.choice_cursor {
                        focus_line = lines.len();
                        value_style
                    } else {
                        theme.plain()
                    };
                    lines.push(Line::from(vec![lead, Span::styled(row, style)]));
                }
                let hint = choice_set_hint(lang);
                lines.push(Line::styled(
                    fit(&format!("{indent}{hint}"), inner.width as usize),
                    theme.muted(),
                ));
            } else {
                let names: Vec<String> = chosen.iter().map(|code| name(code)).collect();
                lines.push(Line::from(vec![
                    label_span,
                    Span::styled(fit(&names.join(", "), value_width), value_style),
                ]));
            }
        } else if field.input.is_multiline() {
            // One row a line, long lines broken; one column kept for the
            // cursor after a row's last character.
            let rows = rows(text, value_width.saturating_sub(1));
            let (cursor_row, cursor_column) = cursor_position(text, &rows, field.input.cursor());
            let shown_rows = if focused {
                rows.len()
            } else {
                rows.len().min(UNFOCUSED_ROWS)
            };
            for (number, row) in rows.iter().take(shown_rows).enumerate() {
                let lead = if number == 0 {
                    label_span.clone()
                } else {
                    Span::raw(indent.clone())
                };
                let padding = if focused {
                    value_width.saturating_sub(text_width(&row.shown) as usize)
                } else {
                    0
                };
                let mut spans = vec![
                    lead,
                    Span::styled(format!("{}{}", row.shown, " ".repeat(padding)), value_style),
                ];
                if number + 1 == shown_rows && shown_rows < rows.len() {
                    spans.push(Span::styled(
                        format!(" {}", more_rows(lang, rows.len() - shown_rows)),
                        theme.muted(),
                    ));
                }
                if focused && number == cursor_row {
                    focus_line = lines.len();
                    cursor = Some((
                        (label_width + 1).saturating_add(cursor_column as u16),
                        lines.len(),
                    ));
                }
                lines.push(Line::from(spans));
            }
            if focused {
                let keys = app.key_label(Mode::Form, Action::NewLine);
                let next = app.key_label(Mode::Form, Action::Submit);
                lines.push(Line::styled(
                    fit(
                        &format!("{indent}{}", new_line_hint(lang, &keys, &next)),
                        inner.width as usize,
                    ),
                    theme.muted(),
                ));
            }
        } else {
            let shown = match &field.spec.input {
                // The arrows always shown: a choice not made yet too.
                InputKind::Choice(_) | InputKind::YesNo if text.is_empty() => {
                    format!("◂ {} ▸", not_chosen(lang))
                }
                InputKind::Choice(_) | InputKind::YesNo => {
                    format!(
                        "◂ {} ▸",
                        choice_text(form.kind, field.spec.field, text, lang)
                    )
                }
                InputKind::Link(kind) if !text.is_empty() => {
                    let name = match link_ids(text).first() {
                        Some(id) => linked_name(form, field, *kind, *id, lang),
                        None => String::new(),
                    };
                    if focused || name.is_empty() {
                        format!("{} — {name}", safe(text))
                    } else {
                        name
                    }
                }
                _ => safe(text).into_owned(),
            };
            let typed = !matches!(field.spec.input, InputKind::Choice(_) | InputKind::YesNo);
            let shown = if focused && typed {
                // The part of a long line around the cursor.
                let before: String = text.chars().take(field.input.cursor()).collect();
                let after: String = text.chars().skip(field.input.cursor()).collect();
                let (window, column) = around_cursor(&safe(&before), &safe(&after), value_width);
                focus_line = lines.len();
                cursor = Some(((label_width + 1).saturating_add(column as u16), lines.len()));
                if text_width(&shown) as usize > value_width.saturating_sub(1) {
                    window
                } else {
                    shown
                }
            } else {
                if focused {
                    focus_line = lines.len();
                }
                fit(&shown, value_width)
            };
            let value_padding = if focused {
                value_width.saturating_sub(text_width(&shown) as usize)
            } else {
                0
            };
            lines.push(Line::from(vec![
                label_span,
                Span::styled(format!("{shown}{}", " ".repeat(value_padding)), value_style),
            ]));
        }
        if let Some(error) = &field.error {
            // Wrapped: the end of an error often says what to type.
            let error = format!("✗ {}", field_error(error, lang));
            for line in wrap(&error, inner.width as usize, &indent, &indent, 6) {
                lines.push(Line::styled(line, theme.error()));
            }
        } else if let Understood::Date(day) = field.understood {
            lines.push(Line::styled(
                format!("{indent}= {}", long_date(lang, day)),
                theme.muted(),
            ));
        }
        if let Some(hint) = &field.hint {
            // Wrapped: a hint says what to type, and is no use cut short.
            for line in wrap(hint, inner.width as usize, &indent, &indent, 3) {
                lines.push(Line::styled(line, theme.muted()));
            }
        }
        if let Some(theirs) = &field.theirs {
            let saved_meanwhile = Editing::SavedMeanwhile.text(lang);
            if field.input.is_multiline() && theirs.contains('\n') {
                // Lines as lines, under their heading.
                lines.push(Line::styled(
                    format!("{indent}{saved_meanwhile}"),
                    theme.warning(),
                ));
                let rows = rows(theirs, value_width.saturating_sub(1));
                let shown = rows.len().min(THEIRS_ROWS);
                for (number, row) in rows.iter().take(shown).enumerate() {
                    let mut text = format!("{indent}{}", row.shown);
                    if number + 1 == shown && shown < rows.len() {
                        text.push_str(&format!(" {}", more_rows(lang, rows.len() - shown)));
                    }
                    lines.push(Line::styled(text, theme.warning()));
                }
            } else {
                for line in wrap(
                    &format!("{saved_meanwhile} {}", safe(theirs)),
                    inner.width as usize,
                    &indent,
                    &indent,
                    THEIRS_ROWS,
                ) {
                    lines.push(Line::styled(line, theme.warning()));
                }
            }
        }
    }
    if form.is_saving() {
        lines.push(Line::default());
        lines.push(Line::styled(Editing::Saving.text(lang), theme.muted()));
    }
    if let Some(failure) = &form.failure {
        // A refusal says what to do and whom to ask: all of it is shown,
        // broken over a few lines rather than cut at the edge.
        lines.push(Line::default());
        for line in message_rows(failure, inner.width as usize) {
            lines.push(Line::styled(line, theme.error()));
        }
    }
    let height = inner.height as usize;
    let mut scroll = (focus_line + 3).saturating_sub(height);
    if form.failure.is_some() {
        // The refusal at the end comes into view, the focused field kept.
        scroll = scroll
            .max(lines.len().saturating_sub(height))
            .min(focus_line);
    }
    if let Some((x, line)) = cursor {
        let y = line.saturating_sub(scroll);
        if y < height && x < inner.width {
            frame.set_cursor_position(Position::new(inner.x + x, inner.y + y as u16));
        }
    }
    frame.render_widget(
        Paragraph::new(lines).scroll((scroll.min(u16::MAX as usize) as u16, 0)),
        inner,
    );
}

/// What link `id` of `kind` points at, as the form knows it: its name
/// and what tells it from namesakes; while the names are asked for, the
/// name chosen in the picker or nothing; then, if no record has that
/// number, says so.
fn linked_name(
    form: &FormScreen,
    field: &FormField,
    kind: Kind,
    id: crate::domain::RecordId,
    lang: Lang,
) -> String {
    if let Some(described) = form.described.get(&RecordRef::new(kind, id)) {
        return safe(&link_name(lang, described)).into_owned();
    }
    match (&field.link_label, &field.spec.input) {
        (Some(label), InputKind::Link(_)) => safe(label).into_owned(),
        _ if form.is_naming() => "…".to_owned(),
        _ if form.missing.contains(&RecordRef::new(kind, id)) => link_missing(lang, kind, id.0),
        _ => format!("{} {id}", lang.pick("n°", "no.")),
    }
}

/// A line too long for `width` columns, shown around the cursor: from
/// its start while the cursor is within the first columns, otherwise
/// ending a little after the cursor, an ellipsis where text is left out.
/// Returns the text shown and the cursor's column in it.
fn around_cursor(before: &str, after: &str, width: usize) -> (String, usize) {
    use unicode_width::UnicodeWidthChar;
    let columns = |c: char| c.width().unwrap_or(0);
    let before_width: usize = before.chars().map(columns).sum();
    if width < 4 {
        return (String::new(), 0);
    }
    // The cursor's own cell, and one for an ellipsis at the end.
    let room = width - 2;
    if before_width <= room {
        let whole = format!("{before}{after}");
        return (fit(&whole, width), before_width);
    }
    let mut kept: Vec<char> = Vec::new();
    let mut used = 1;
    for c in before.chars().rev() {
        if used + columns(c) > room {
            break;
        }
        used += columns(c);
        kept.push(c);
    }
    let start: String = kept.into_iter().rev().collect();
    let shown = format!("…{start}");
    let column = used;
    let rest = fit(after, width - column);
    (format!("{shown}{rest}"), column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_shows_the_cursor_and_what_is_around_it() {
        assert_eq!(around_cursor("abc", "def", 10), ("abcdef".to_owned(), 3));
        let before = "a".repeat(30);
        let (shown, column) = around_cursor(&before, "xyz", 10);
        assert_eq!(shown, format!("…{}x…", "a".repeat(7)));
        assert_eq!(column, 8);
        let (shown, column) = around_cursor(&before, "", 10);
        assert_eq!(shown, format!("…{}", "a".repeat(7)));
        assert_eq!(column, 8);
    }
}
