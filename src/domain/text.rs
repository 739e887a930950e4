//! Text rules shared by every record: folding for search and ordering,
//! and the checks every free-text field passes.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds text for ordering and searching: accents removed, lower case,
/// ligatures spelled out, runs of non-alphanumeric characters collapsed
/// to one space. "Lycée  Jean-Zay" and "lycee jean zay" fold alike, so
/// "ecole" finds "École".
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfd().filter(|c| !is_combining_mark(*c)) {
        let spelled: Option<&str> = match c {
            'œ' | 'Œ' => Some("oe"),
            'æ' | 'Æ' => Some("ae"),
            'ß' => Some("ss"),
            _ => None,
        };
        if spelled.is_none() && !c.is_alphanumeric() {
            pending_space = !folded.is_empty();
            continue;
        }
        if pending_space {
            folded.push(' ');
            pending_space = false;
        }
        match spelled {
            Some(s) => folded.push_str(s),
            None => folded.extend(c.to_lowercase()),
        }
    }
    folded
}

/// Whether every word of `query` (folded) starts a word of `folded_text`,
/// in any order: "jean lyc" matches "lycee jean zay".
pub fn words_match(folded_text: &str, folded_query: &str) -> bool {
    folded_query
        .split(' ')
        .filter(|w| !w.is_empty())
        .all(|query_word| {
            folded_text
                .split(' ')
                .any(|text_word| text_word.starts_with(query_word))
        })
}

/// Characters that show nothing yet change what a reader sees: bidi
/// controls (they reorder what follows: « gpj.exe » shown as « exe.jpg »),
/// zero-width and other invisible format characters, blank fillers (two
/// names that look the same and differ) and tag characters (hidden
/// text). Variation selectors are left alone: they finish an emoji.
pub fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

/// Text safe to print on a terminal: control characters (which could
/// move the cursor or change colours) are replaced by visible symbols,
/// invisible format characters ([`is_invisible_format`]) by `\u{…}`.
/// Line breaks and tabs become spaces when `single_line`.
pub fn neutralise_controls(text: &str, single_line: bool) -> std::borrow::Cow<'_, str> {
    let keep = |c: char| {
        (!c.is_control() || (!single_line && (c == '\n' || c == '\t'))) && !is_invisible_format(c)
    };
    if text.chars().all(keep) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if keep(c) => out.push(c),
            '\n' | '\t' => out.push(' '),
            // C0 controls have visible pictures at U+2400 (␛ for ESC).
            c if (c as u32) < 0x20 => {
                out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'))
            }
            '\u{7f}' => out.push('\u{2421}'),
            c if is_invisible_format(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            _ => out.push('\u{FFFD}'),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// What is wrong with a piece of free text, if anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextProblem {
    Empty,
    TooLong { max: usize },
    ControlCharacter,
}

/// Checks a free-text field: not longer than `max` characters and free of
/// control characters (which could drive the terminal it is shown on).
/// Emptiness is checked by the caller, who knows whether the field is
/// required.
pub fn check_text(text: &str, max: usize) -> Result<(), TextProblem> {
    if text.chars().count() > max {
        return Err(TextProblem::TooLong { max });
    }
    if text.chars().any(char::is_control) {
        return Err(TextProblem::ControlCharacter);
    }
    Ok(())
}

/// Like [`check_text`], and the text must hold something besides spaces.
pub fn check_required_text(text: &str, max: usize) -> Result<(), TextProblem> {
    if text.trim().is_empty() {
        return Err(TextProblem::Empty);
    }
    check_text(text, max)
}

/// Multi-line text (notes, evaluations) may hold line breaks and tabs but
/// no other control characters.
pub fn check_multiline_text(text: &str, max: usize) -> Result<(), TextProblem> {
    if text.chars().count() > max {
        return Err(TextProblem::TooLong { max });
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(TextProblem::ControlCharacter);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_removes_accents_case_and_punctuation() {
        assert_eq!(fold("École élémentaire"), "ecole elementaire");
        assert_eq!(fold("  Lycée  Jean-Zay "), "lycee jean zay");
        assert_eq!(fold("SŒUR Cœur"), "soeur coeur");
        assert_eq!(fold("L'Haÿ-les-Roses"), "l hay les roses");
        assert_eq!(fold(""), "");
    }

    #[test]
    fn words_match_any_order_and_prefixes() {
        let text = fold("Lycée Jean Zay");
        assert!(!words_match(&text, &fold("ecole")));
        assert!(words_match(&text, &fold("jean lyc")));
        assert!(words_match(&text, &fold("ZAY")));
        assert!(words_match(&text, ""));
        assert!(!words_match(&text, &fold("zayx")));
    }

    #[test]
    fn controls_are_made_visible() {
        assert_eq!(neutralise_controls("Lycée Hoche", true), "Lycée Hoche");
        assert_eq!(neutralise_controls("a\u{1b}[2Jb", true), "a\u{241b}[2Jb");
        assert_eq!(neutralise_controls("a\nb", true), "a b");
        assert_eq!(neutralise_controls("a\nb", false), "a\nb");
        assert_eq!(neutralise_controls("a\u{9b}b", false), "a\u{FFFD}b");
        // Names that would look alike: a soft hyphen, a blank filler.
        assert_eq!(neutralise_controls("Du\u{ad}pont", true), "Du\\u{ad}pont");
        assert_eq!(neutralise_controls("A\u{3164}B", true), "A\\u{3164}B");
        assert_eq!(neutralise_controls("❤\u{fe0f}", true), "❤\u{fe0f}");
    }

    #[test]
    fn text_checks_name_the_problem() {
        assert_eq!(check_text("abc", 2), Err(TextProblem::TooLong { max: 2 }));
        assert_eq!(
            check_text("a\u{1b}[31mb", 50),
            Err(TextProblem::ControlCharacter)
        );
        assert_eq!(check_required_text("   ", 50), Err(TextProblem::Empty));
        assert_eq!(check_multiline_text("a\nb\tc", 50), Ok(()));
        assert_eq!(
            check_multiline_text("a\rb", 50),
            Err(TextProblem::ControlCharacter)
        );
    }
}
