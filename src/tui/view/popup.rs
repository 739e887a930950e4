//! Where a popup goes: centred in the body, cleared beneath.

use ratatui::layout::Rect;

/// A rectangle of `width`×`height` (at most the area's) centred in
/// `area`.
pub fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

/// Columns of `text` in a terminal.
pub fn text_width(text: &str) -> u16 {
    unicode_width::UnicodeWidthStr::width(text).min(u16::MAX as usize) as u16
}
