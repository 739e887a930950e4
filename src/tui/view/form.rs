//! A form: each field with its label, what is typed, and under it what
//! is wrong with it, what it was understood as, or (after a conflict)
//! what the store holds now.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::domain::forms::{InputKind, Understood};
use crate::i18n::editing::{Editing, choice_text, form_title};
use crate::i18n::labels::Label;
use crate::i18n::messages::field_error;
use crate::i18n::tui::changed_meanwhile_mark;
use crate::i18n::{fit, long_date};
use crate::tui::app::App;
use crate::tui::app::form::FormScreen;
use crate::tui::safe_text::safe;
use crate::tui::view::popup::text_width;
use crate::tui::wrap::wrap;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, form: &FormScreen) {
    let lang = app.lang;
    let theme = app.theme;
    let title = form_title(lang, form.kind, &form.purpose, form.base.as_deref());
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
        let shown = match &field.spec.input {
            InputKind::Choice(_) | InputKind::YesNo if !text.is_empty() => {
                format!(
                    "◂ {} ▸",
                    choice_text(form.kind, field.spec.field, text, lang)
                )
            }
            _ => match &field.link_label {
                Some(label) if !text.is_empty() => format!("{} — {}", safe(text), safe(label)),
                _ => safe(text).into_owned(),
            },
        };
        if focused {
            focus_line = lines.len();
            if !matches!(field.spec.input, InputKind::Choice(_) | InputKind::YesNo) {
                let before: String = text.chars().take(field.input.cursor()).collect();
                cursor = Some((
                    (label_width + 1).saturating_add(text_width(&safe(&before))),
                    lines.len(),
                ));
            }
        }
        let value_style = if focused {
            theme.selected()
        } else {
            theme.plain()
        };
        let shown = fit(&shown, value_width);
        let value_padding = if focused {
            value_width.saturating_sub(text_width(&shown) as usize)
        } else {
            0
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!("{label}{} ", " ".repeat(padding)),
                if focused { theme.key() } else { theme.muted() },
            ),
            Span::styled(format!("{shown}{}", " ".repeat(value_padding)), value_style),
        ]));
        let indent = " ".repeat(label_width as usize + 1);
        if let Some(error) = &field.error {
            lines.push(Line::styled(
                fit(
                    &format!("{indent}✗ {}", field_error(error, lang)),
                    inner.width as usize,
                ),
                theme.error(),
            ));
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
            lines.push(Line::styled(
                fit(
                    &format!(
                        "{indent}{} {}",
                        Editing::SavedMeanwhile.text(lang),
                        safe(theirs)
                    ),
                    inner.width as usize,
                ),
                theme.warning(),
            ));
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
        for line in wrap(&safe(failure), inner.width as usize, "", "", 4) {
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
