//! A question in a box: what will happen, and the keys that answer.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::i18n::editing::{Editing, draft_line, question_lines};
use crate::tui::app::App;
use crate::tui::app::confirm::Question;
use crate::tui::keymap::{Action, Mode};
use crate::tui::safe_text::safe;
use crate::tui::view::popup::centred;

/// The answers a question takes, in the order they are offered.
fn answers(question: &Question) -> &'static [(Action, Editing)] {
    match question {
        Question::Quit {
            drafts_kept: true, ..
        } => &[
            (Action::Yes, Editing::AnswerQuit),
            (Action::No, Editing::AnswerGoOn),
        ],
        // Only a consent form changed: nothing is kept to say so of.
        Question::Quit { .. } => &[
            (Action::Yes, Editing::AnswerQuitAnyway),
            (Action::No, Editing::AnswerGoOn),
        ],
        Question::LeaveForm => &[
            (Action::Save, Editing::AnswerSave),
            (Action::Discard, Editing::AnswerDiscard),
            (Action::No, Editing::AnswerGoOn),
        ],
        Question::Drafts { .. } => &[
            (Action::Yes, Editing::AnswerResume),
            (Action::Discard, Editing::AnswerDiscardDraft),
            (Action::No, Editing::AnswerLater),
        ],
        _ => &[
            (Action::Yes, Editing::AnswerYes),
            (Action::No, Editing::AnswerNo),
        ],
    }
}

pub fn draw(frame: &mut Frame, body: Rect, app: &App, question: &Question) {
    let lang = app.lang;
    let theme = app.theme;
    let width = body.width.saturating_sub(8).clamp(20, 90);
    let inner_width = width.saturating_sub(2) as usize;
    // Each line of the question wrapped here, its own breaks kept, so
    // that the box is as tall as what it says.
    let mut lines: Vec<Line> = question_lines(lang, question)
        .iter()
        .flat_map(|text| text.split('\n').map(str::to_owned).collect::<Vec<_>>())
        .flat_map(|line| crate::tui::wrap::wrap(&safe(&line), inner_width, "", "", usize::MAX))
        .map(Line::from)
        .collect();
    if let Question::Drafts { drafts, selected } = question {
        for (index, draft) in drafts.iter().enumerate() {
            let style = if index == *selected {
                theme.selected()
            } else {
                theme.plain()
            };
            lines.push(Line::styled(
                safe(&draft_line(lang, draft)).into_owned(),
                style,
            ));
        }
    }
    lines.push(Line::default());
    let mut keys: Vec<Span> = Vec::new();
    for (action, word) in answers(question) {
        if let Some(bound) = app
            .keymap
            .keys_named_for(Mode::Confirm, *action, word.text(lang))
        {
            let bound: Vec<String> = bound.iter().map(|k| k.label(lang)).collect();
            keys.push(Span::styled(bound.join(" "), theme.key()));
            keys.push(Span::raw(format!(" {}   ", word.text(lang))));
        }
    }
    let key_rows = Line::from(keys.clone())
        .width()
        .div_ceil(inner_width.max(1))
        .max(1);
    lines.push(Line::from(keys));
    let height = (lines.len() as u16 + key_rows as u16 + 1).min(body.height);
    let area = centred(body, width, height);
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.focused_border())
                .title(Span::styled(Editing::Question.text(lang), theme.title())),
        ),
        area,
    );
}
