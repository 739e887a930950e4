//! The command line in the status bar's place, and its candidates
//! above it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::i18n::phrases::and_more;
use crate::i18n::tui::Words;
use crate::tui::app::App;
use crate::tui::app::command::CommandLine;
use crate::tui::view::popup::{text_width, typed_line};

/// Candidates shown at most.
const SHOWN: usize = 10;

pub fn draw(frame: &mut Frame, body: Rect, footer: Rect, app: &App, line: &CommandLine) {
    let lang = app.lang;
    let theme = app.theme;
    let prompt = Span::styled(":", theme.key());
    typed_line(frame, footer, prompt, theme.plain(), &line.input);
    let candidates = line.shown_candidates(lang, app.today);
    if candidates.is_empty() {
        return;
    }
    let chosen = line.chosen.unwrap_or(usize::MAX);
    let first = chosen.saturating_sub(SHOWN - 1).min(candidates.len());
    let word_width = candidates
        .iter()
        .map(|c| text_width(&c.word))
        .max()
        .unwrap_or(0) as usize;
    let start = if chosen == usize::MAX { 0 } else { first };
    let mut lines: Vec<Line> = candidates
        .iter()
        .enumerate()
        .skip(start)
        .take(SHOWN)
        .map(|(index, candidate)| {
            let padding = word_width.saturating_sub(text_width(&candidate.word) as usize);
            let style = if index == chosen {
                theme.selected()
            } else {
                theme.plain()
            };
            Line::from(vec![
                Span::styled(
                    format!("{}{}  ", candidate.word, " ".repeat(padding)),
                    theme.key(),
                ),
                Span::raw(candidate.description.clone()),
            ])
            .style(style)
        })
        .collect();
    // Tab goes through those not shown.
    let below = candidates.len().saturating_sub(start + SHOWN);
    if below > 0 {
        lines.push(Line::styled(
            format!("{} (Tab)", and_more(lang, below as u64)),
            theme.muted(),
        ));
    }
    let width = lines
        .iter()
        .map(|l| l.width() as u16)
        .max()
        .unwrap_or(0)
        .saturating_add(2)
        .min(body.width);
    let height = (lines.len() as u16 + 2).min(body.height);
    let area = Rect {
        x: body.x,
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
                .title(Words::CommandTitle.text(lang)),
        ),
        area,
    );
}
