//! Breaking a line of text to a width, for screens whose items take
//! several lines (a history entry's old and new values): the state
//! needs the same lines as the drawing to know what fits.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::i18n::fit;

/// `text` in lines of at most `width` columns, broken at spaces where it
/// can and within a word longer than a line. The first line starts with
/// `first`, the others with `rest`. At most `most` lines: the last one
/// ends with "…" when text is left over.
pub fn wrap(text: &str, width: usize, first: &str, rest: &str, most: usize) -> Vec<String> {
    let most = most.max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut remaining = text;
    loop {
        let prefix = if lines.is_empty() { first } else { rest };
        // A line always holds something, even narrower than its indent.
        let room = width.saturating_sub(prefix.width()).max(1);
        if remaining.width() <= room {
            lines.push(format!("{prefix}{remaining}"));
            break;
        }
        if lines.len() + 1 == most {
            lines.push(format!("{prefix}{}", fit(remaining, room)));
            break;
        }
        let (line, next) = cut(remaining, room);
        lines.push(format!("{prefix}{line}"));
        remaining = next.trim_start_matches(' ');
        if remaining.is_empty() {
            break;
        }
    }
    lines
}

/// Whether a line may break at the space at `index`: not before French
/// punctuation that follows its word with a space (« liste ? », « nom : »),
/// nor after an opening guillemet.
fn breaks_at(text: &str, index: usize) -> bool {
    let after = text[index + 1..].chars().next();
    let before = text[..index].chars().next_back();
    !matches!(after, Some('?' | '!' | ':' | ';' | '»')) && before != Some('«')
}

/// The start of `text` that fits in `room` columns (ending at a space
/// when there is one), and the rest.
fn cut(text: &str, room: usize) -> (&str, &str) {
    let mut used = 0;
    let mut end = 0;
    let mut space = None;
    for (index, c) in text.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            // A break just before the first character left out.
            if c == ' ' && breaks_at(text, index) {
                space = Some(index);
            }
            break;
        }
        if c == ' ' && index > 0 && breaks_at(text, index) {
            space = Some(index);
        }
        used += w;
        end = index + c.len_utf8();
    }
    match space {
        Some(at) if at > 0 => (&text[..at], &text[at..]),
        // Not even one character fits: it goes alone on its line.
        _ if end == 0 => {
            let first = text.chars().next().map_or(0, char::len_utf8);
            (&text[..first], &text[first..])
        }
        _ => (&text[..end], &text[end..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_punctuation_stays_with_its_word() {
        let text = "Pas dans la liste ? Ctrl-a crée « la fiche »";
        let lines = wrap(text, 18, "", "", 5);
        assert_eq!(
            lines,
            ["Pas dans la", "liste ? Ctrl-a", "crée « la fiche »"]
        );
    }

    #[test]
    fn short_text_is_one_line_with_its_indent() {
        assert_eq!(wrap("nom : A → B", 40, "  ", "    ", 3), ["  nom : A → B"]);
    }

    #[test]
    fn long_text_breaks_at_spaces_and_indents_what_follows() {
        let lines = wrap(
            "nom : Lycée Voltaire → Lycée Voltaire-Hugo",
            20,
            "",
            "  ",
            5,
        );
        assert_eq!(
            lines,
            ["nom : Lycée Voltaire", "  → Lycée", "  Voltaire-Hugo"]
        );
        assert!(lines.iter().all(|l| l.width() <= 20), "{lines:?}");
    }

    #[test]
    fn a_word_longer_than_a_line_is_cut_and_the_last_line_says_more_is_left() {
        let lines = wrap(&"x".repeat(50), 10, "", "", 3);
        assert_eq!(
            lines,
            [
                "x".repeat(10),
                "x".repeat(10),
                format!("{}…", "x".repeat(9))
            ]
        );
    }

    #[test]
    fn no_width_still_ends_and_never_panics() {
        for width in 0..4 {
            let lines = wrap("é 漢字 abc", width, "    ", "      ", 20);
            assert!(!lines.is_empty());
        }
    }
}
