//! Text from the store, made safe to put on a terminal. A name imported
//! from a file may hold escape sequences (clear the screen, write the
//! clipboard with OSC 52), bidi overrides that reorder what follows,
//! zero-width or tag characters: they are shown as visible escapes,
//! never sent.

use std::borrow::Cow;

/// Columns a tab stands for.
const TAB_WIDTH: usize = 4;

fn needs_escaping(c: char) -> bool {
    c.is_control() || crate::domain::text::is_invisible_format(c)
}

/// One line of text as it may be drawn: control characters shown as
/// their pictures (␛ for ESC) or as `\u{…}`, invisible format
/// characters (bidi, zero-width, tags) as `\u{…}`,
/// tabs as spaces, line breaks as ⏎.
pub fn safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escaping) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\t' => out.extend(std::iter::repeat_n(' ', TAB_WIDTH)),
            '\n' => out.push('⏎'),
            // C0 controls have visible pictures at U+2400.
            c if (c as u32) < 0x20 => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('?')),
            '\u{7f}' => out.push('␡'),
            c if needs_escaping(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether a string may be written to the terminal as it is.
pub fn is_safe(text: &str) -> bool {
    !text.chars().any(needs_escaping)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_become_visible_and_nothing_is_sent() {
        let shown = safe("A\x1b[2JB\x1b]52;c;aGVsbG8=\x07C\u{202e}D\tE\u{9b}F");
        assert!(is_safe(&shown), "{shown:?}");
        assert_eq!(shown, "A␛[2JB␛]52;c;aGVsbG8=␇C\\u{202e}D    E\\u{9b}F");
    }

    #[test]
    fn plain_text_is_not_copied() {
        assert!(matches!(safe("Lycée Voltaire"), Cow::Borrowed(_)));
    }
}
