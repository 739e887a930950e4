//! A frame to the terminal in the fewest bytes, for coordinators on SSH.
//! ratatui draws each frame into a buffer; this compares it with what
//! the terminal shows and writes the difference, as ratatui would, with
//! one more move: when a band of whole rows is the same as before only
//! moved up or down (a list that scrolled by a row), it scrolls the
//! terminal's own region (DECSTBM, then SU or SD) and draws only what is
//! new, instead of repainting every row of the band. All inside
//! synchronized output (DEC mode 2026), so the terminal shows the frame
//! whole.

use std::io::{self, Write};

use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use crossterm::{cursor, queue};
use ratatui::Terminal;
use ratatui::backend::{Backend, CrosstermBackend, TestBackend};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Position, Rect, Size};

use crate::tui::app::App;
use crate::tui::view;

/// The fewest rows a band must hold to be scrolled rather than redrawn.
const FEWEST_ROWS: u16 = 3;

/// A band of rows moved by `shift` (positive: up, as a list does when the
/// selection goes down past its bottom).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scroll {
    /// First and last row of the terminal's region, included.
    pub top: u16,
    pub bottom: u16,
    pub shift: i16,
}

pub struct ScreenWriter<W: Write> {
    out: W,
    /// Where frames are drawn, before they are compared.
    canvas: Terminal<TestBackend>,
    /// What the terminal shows; `None` until the first frame (or after
    /// a resize): then everything is drawn.
    shown: Option<Buffer>,
    /// The cursor as the terminal has it: shown at a position, or hidden.
    cursor: Option<Option<Position>>,
}

impl<W: Write> ScreenWriter<W> {
    pub fn new(out: W, size: Size) -> io::Result<Self> {
        let canvas = Terminal::new(TestBackend::new(size.width, size.height))
            .map_err(|error| io::Error::other(error.to_string()))?;
        Ok(ScreenWriter {
            out,
            canvas,
            shown: None,
            cursor: None,
        })
    }

    /// Takes the terminal's new size; the next draw writes every cell,
    /// even at the size it had (narrowed and widened back before the
    /// signal came, the terminal has lost what it cut off).
    pub fn resize(&mut self, size: Size) -> io::Result<()> {
        self.canvas.backend_mut().resize(size.width, size.height);
        self.canvas
            .resize(Rect::new(0, 0, size.width, size.height))
            .map_err(|error| io::Error::other(error.to_string()))?;
        self.shown = None;
        Ok(())
    }

    pub fn size(&self) -> Size {
        let area = self.canvas.backend().buffer().area;
        Size::new(area.width, area.height)
    }

    /// Draws `app` and writes what changed.
    pub fn draw(&mut self, app: &App) -> io::Result<()> {
        // The frame as drawn (the canvas's own backend only gets
        // ratatui's difference, which leaves the cells under a wide
        // character as they were).
        let next = self
            .canvas
            .draw(|frame| view::draw(frame, app))
            .map_err(|error| io::Error::other(error.to_string()))?
            .buffer
            .clone();
        let wanted_cursor = self
            .canvas
            .backend()
            .cursor_visible()
            .then(|| self.canvas.backend().cursor_position());
        let mut bytes: Vec<u8> = Vec::with_capacity(4096);
        queue!(bytes, BeginSynchronizedUpdate)?;
        let mut shown = match self.shown.take() {
            Some(shown) if shown.area == next.area => shown,
            _ => {
                // Nothing known of the screen: cleared, then all of it.
                bytes.extend_from_slice(b"\x1b[0m\x1b[2J");
                Buffer::empty(next.area)
            }
        };
        if let Some(scroll) = find_scroll(&shown, &next) {
            write_scroll(&mut bytes, scroll)?;
            apply_scroll(&mut shown, scroll);
        }
        {
            let mut backend = CrosstermBackend::new(&mut bytes);
            let changes = shown.diff(&next);
            backend.draw(changes.into_iter())?;
            match wanted_cursor {
                Some(position) => {
                    backend.set_cursor_position(position)?;
                    if self.cursor.flatten().is_none() {
                        backend.show_cursor()?;
                    }
                }
                None => {
                    if self.cursor != Some(None) {
                        backend.hide_cursor()?;
                    }
                }
            }
        }
        queue!(bytes, EndSynchronizedUpdate)?;
        self.out.write_all(&bytes)?;
        self.out.flush()?;
        self.shown = Some(next);
        self.cursor = Some(wanted_cursor);
        Ok(())
    }

    /// Shows the cursor again (the terminal is given back).
    pub fn show_cursor(&mut self) -> io::Result<()> {
        queue!(self.out, cursor::Show)?;
        self.out.flush()
    }
}

fn row(buffer: &Buffer, y: u16) -> &[Cell] {
    let width = buffer.area.width as usize;
    let start = y as usize * width;
    &buffer.content[start..start + width]
}

fn row_hashes(buffer: &Buffer) -> Vec<u64> {
    (0..buffer.area.height)
        .map(|y| {
            let mut hasher = std::hash::DefaultHasher::new();
            std::hash::Hash::hash(row(buffer, y), &mut hasher);
            std::hash::Hasher::finish(&hasher)
        })
        .collect()
}

/// The band of rows that moved together between `shown` and `next`, if
/// scrolling it saves drawing: the band where most rows of `next` are
/// rows of `shown` moved by the same shift, and differ from the rows
/// they replace.
pub fn find_scroll(shown: &Buffer, next: &Buffer) -> Option<Scroll> {
    let height = next.area.height;
    if shown.area != next.area || height < FEWEST_ROWS {
        return None;
    }
    // Rows compared by their hash first: a frame is compared at every
    // shift, so each comparison must be cheap.
    let shown_rows = row_hashes(shown);
    let next_rows = row_hashes(next);
    let same = |y: u16, from: u16| {
        next_rows[y as usize] == shown_rows[from as usize] && row(next, y) == row(shown, from)
    };
    let mut best: Option<(u16, Scroll)> = None;
    for shift in 1..=(height / 2) as i16 {
        for signed in [shift, -shift] {
            // Runs of rows y of `next` equal to row y + signed of `shown`;
            // a run saves the rows in it that changed (a row the same as
            // the one it replaces, two namesakes in a row, stays in the
            // run but saves nothing).
            let mut run: Option<(u16, u16)> = None;
            for y in 0..=height {
                let moved = y < height && {
                    let from = y as i32 + signed as i32;
                    (0..height as i32).contains(&from) && same(y, from as u16)
                };
                if moved {
                    let changed = u16::from(!same(y, y));
                    run = Some(match run {
                        Some((start, saved)) => (start, saved + changed),
                        None => (y, changed),
                    });
                    continue;
                }
                let Some((start, saved)) = run.take() else {
                    continue;
                };
                // The region takes the rows moved and the rows they leave
                // (drawn anew).
                let (top, bottom) = if signed > 0 {
                    (start, (y - 1).saturating_add(signed as u16).min(height - 1))
                } else {
                    (start.saturating_sub((-signed) as u16), y - 1)
                };
                // Rows left blank that would not have been drawn: the
                // scroll costs them.
                let left = if signed > 0 {
                    y..bottom + 1
                } else {
                    top..start
                };
                let lost = left.filter(|r| *r < height && same(*r, *r)).count() as u16;
                let saved = saved.saturating_sub(lost);
                if saved >= FEWEST_ROWS && best.is_none_or(|(most, _)| saved > most) {
                    best = Some((
                        saved,
                        Scroll {
                            top,
                            bottom,
                            shift: signed,
                        },
                    ));
                }
            }
        }
    }
    best.map(|(_, scroll)| scroll)
}

/// The escape sequences that scroll the terminal's rows `top..=bottom`
/// by `shift`, then give the whole screen back as the region.
fn write_scroll(bytes: &mut Vec<u8>, scroll: Scroll) -> io::Result<()> {
    // Plain attributes first: the rows left blank take the current ones.
    write!(
        bytes,
        "\x1b[0m\x1b[{};{}r",
        scroll.top + 1,
        scroll.bottom + 1
    )?;
    if scroll.shift > 0 {
        write!(bytes, "\x1b[{}S", scroll.shift)?;
    } else {
        write!(bytes, "\x1b[{}T", -scroll.shift)?;
    }
    write!(bytes, "\x1b[r")?;
    Ok(())
}

/// What the terminal shows once `scroll` is done: the band's rows moved,
/// the rows left behind blank.
pub fn apply_scroll(shown: &mut Buffer, scroll: Scroll) {
    let width = shown.area.width as usize;
    let rows: Vec<Vec<Cell>> = (scroll.top..=scroll.bottom)
        .map(|y| row(shown, y).to_vec())
        .collect();
    let count = rows.len() as i32;
    for (offset, y) in (scroll.top..=scroll.bottom).enumerate() {
        let from = offset as i32 + scroll.shift as i32;
        let source = if (0..count).contains(&from) {
            rows[from as usize].clone()
        } else {
            vec![Cell::default(); width]
        };
        let start = y as usize * width;
        shown.content[start..start + width].clone_from_slice(&source);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::text::Line;
    use ratatui::widgets::{Paragraph, Widget};

    fn buffer(lines: &[&str]) -> Buffer {
        let area = Rect::new(0, 0, 10, lines.len() as u16);
        let mut buffer = Buffer::empty(area);
        let text: Vec<Line> = lines.iter().map(|l| Line::from(*l)).collect();
        Paragraph::new(text).render(area, &mut buffer);
        buffer
    }

    #[test]
    fn a_list_moved_up_a_row_is_scrolled_and_only_the_new_row_drawn() {
        let shown = buffer(&["title", "row 1", "row 2", "row 3", "row 4", "status"]);
        let next = buffer(&["title", "row 2", "row 3", "row 4", "row 5", "status"]);
        let scroll = find_scroll(&shown, &next).expect("a scroll");
        assert_eq!(
            scroll,
            Scroll {
                top: 1,
                bottom: 4,
                shift: 1
            }
        );
        let mut scrolled = shown.clone();
        apply_scroll(&mut scrolled, scroll);
        let changed: Vec<u16> = scrolled.diff(&next).iter().map(|(_, y, _)| *y).collect();
        assert!(changed.iter().all(|y| *y == 4), "{changed:?}");
    }

    #[test]
    fn no_scroll_when_it_would_blank_as_many_rows_as_it_saves() {
        // Three rows came up from three below, which stay as they were:
        // scrolling would blank those three, to be drawn again.
        let shown = buffer(&["p", "q", "r", "s", "t", "u", "v", "w"]);
        let next = buffer(&["s", "t", "u", "s", "t", "u", "v", "w"]);
        assert_eq!(find_scroll(&shown, &next), None);
    }

    #[test]
    fn moved_down_too_and_nothing_when_rows_only_changed() {
        let shown = buffer(&["row 2", "row 3", "row 4", "row 5", "x"]);
        let next = buffer(&["row 1", "row 2", "row 3", "row 4", "x"]);
        let scroll = find_scroll(&shown, &next).expect("a scroll");
        assert_eq!(scroll.shift, -1);
        let mut scrolled = shown.clone();
        apply_scroll(&mut scrolled, scroll);
        assert!(scrolled.diff(&next).iter().all(|(_, y, _)| *y == 0));
        let other = buffer(&["a", "b", "c", "d", "e"]);
        assert_eq!(find_scroll(&shown, &other), None);
        assert_eq!(find_scroll(&shown, &shown.clone()), None);
    }
}
