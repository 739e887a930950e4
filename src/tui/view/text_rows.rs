//! Text of several lines laid out in a column: each line broken into rows
//! of at most a width (at a space where it can), each row knowing which
//! characters of the text it shows, so that the cursor lands where its
//! character is drawn.

use unicode_width::UnicodeWidthStr;

use crate::tui::safe_text::safe;

/// One row on screen: characters `start..end` of the text (counted in
/// characters), drawn as `shown`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub start: usize,
    pub end: usize,
    pub shown: String,
}

/// Columns one character takes once made safe to draw.
fn columns(c: char) -> usize {
    let mut buffer = [0; 4];
    safe(c.encode_utf8(&mut buffer)).width()
}

/// The rows of `text` at `width` columns: a row per line at least (an
/// empty line is an empty row), a line wider than `width` over several.
pub fn rows(text: &str, width: usize) -> Vec<Row> {
    let width = width.max(1);
    let mut rows = Vec::new();
    let mut offset = 0;
    for line in text.split('\n') {
        let chars: Vec<(char, usize)> = line.chars().map(|c| (c, columns(c))).collect();
        let mut start = 0;
        let mut used = 0;
        // Where a row may end after a space, within the current row.
        let mut after_space: Option<usize> = None;
        let mut index = 0;
        while index < chars.len() {
            let (c, w) = chars[index];
            if used + w > width && index > start {
                let cut = after_space.filter(|&at| at > start).unwrap_or(index);
                rows.push(row(&chars, offset, start, cut));
                start = cut;
                used = chars[start..index].iter().map(|(_, w)| w).sum();
                after_space = None;
                continue;
            }
            used += w;
            if c == ' ' {
                after_space = Some(index + 1);
            }
            index += 1;
        }
        rows.push(row(&chars, offset, start, chars.len()));
        offset += chars.len() + 1;
    }
    rows
}

fn row(chars: &[(char, usize)], offset: usize, start: usize, end: usize) -> Row {
    let text: String = chars[start..end].iter().map(|(c, _)| c).collect();
    Row {
        start: offset + start,
        end: offset + end,
        shown: safe(&text).into_owned(),
    }
}

/// The row and column of the cursor (before character `cursor`).
pub fn cursor_position(text: &str, rows: &[Row], cursor: usize) -> (usize, usize) {
    let index = rows
        .iter()
        .rposition(|row| row.start <= cursor)
        .unwrap_or(0);
    let Some(row) = rows.get(index) else {
        return (0, 0);
    };
    let column = text
        .chars()
        .skip(row.start)
        .take(cursor.saturating_sub(row.start))
        .map(columns)
        .sum();
    (index, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(rows: &[Row]) -> Vec<&str> {
        rows.iter().map(|r| r.shown.as_str()).collect()
    }

    #[test]
    fn lines_become_rows_broken_at_spaces() {
        let text = "CAP cuisine\n\nun deux trois quatre";
        let rows = rows(text, 9);
        assert_eq!(
            shown(&rows),
            ["CAP ", "cuisine", "", "un deux ", "trois ", "quatre"]
        );
        assert_eq!(cursor_position(text, &rows, 0), (0, 0));
        assert_eq!(cursor_position(text, &rows, 11), (1, 7));
        assert_eq!(cursor_position(text, &rows, 12), (2, 0));
        // After the space that ends a row: the start of the next.
        assert_eq!(cursor_position(text, &rows, 21), (4, 0));
        assert_eq!(cursor_position(text, &rows, text.chars().count()), (5, 6));
    }

    #[test]
    fn a_word_longer_than_a_row_is_cut_and_tabs_count_as_drawn() {
        let rows = rows("abcdefghij\tk", 4);
        assert_eq!(shown(&rows), ["abcd", "efgh", "ij", "    ", "k"]);
        assert_eq!(rows[3].start, 10);
    }
}
