//! Fuzzy matching of a name against what someone types in a finder. Each
//! typed word must match a word of the name, either as its start ("lyc"
//! for "lycee") or as letters taken in order from that word's first
//! letter ("vltr" for "voltaire"). Both sides are folded first
//! (`text::fold`), so accents and case never matter.
//!
//! The score ranks, for each typed word, a whole word above a start of
//! word above letters in order, a start covering more of its word above
//! one covering less, letters close together above letters spread out,
//! and a match on an earlier word of the name above one on a later word.

/// A typed word equal to a word of the name.
const WHOLE: u32 = 3_000;
/// A typed word starting a word of the name; plus up to [`SPREAD`] for
/// how much of the word it covers.
const PREFIX: u32 = 2_000;
/// A typed word whose letters appear in order in a word of the name,
/// from its first letter; plus up to [`SPREAD`] for how close together.
const SUBSEQUENCE: u32 = 1_000;
/// The room within a kind of match for how good it is.
const SPREAD: u32 = 500;
/// The bonus for a match on the name's first word: a name starting as
/// typed comes before one that has the word further on (« boul » finds
/// « Boulangerie Martin » before « Architecture de Boulogne », though
/// « boul » covers more of « boulogne »); never enough to climb to a
/// better kind of match (a start of word on the first word stays below a
/// whole word anywhere).
const FIRST_WORD_BONUS: u32 = 400;
/// The bonus for a match on the second word, less [`POSITION_STEP`] for
/// each word further.
const POSITION_BONUS: u32 = 90;
const POSITION_STEP: u32 = 10;

/// The most a single typed word can add to a score.
pub const MAX_WORD_SCORE: u32 = WHOLE + FIRST_WORD_BONUS;

/// How well `folded_name` matches `folded_query`: `None` when some typed
/// word matches no word of the name, or nothing was typed; otherwise the
/// sum over the typed words of their best match. Typed words may match
/// the same word of the name.
pub fn score(folded_name: &str, folded_query: &str) -> Option<u32> {
    let mut total: u32 = 0;
    let mut typed_any = false;
    for typed in folded_query.split(' ').filter(|w| !w.is_empty()) {
        typed_any = true;
        let best = folded_name
            .split(' ')
            .filter(|w| !w.is_empty())
            .enumerate()
            .filter_map(|(position, word)| word_score(word, typed, position))
            .max()?;
        total = total.saturating_add(best);
    }
    typed_any.then_some(total)
}

/// How well `typed` matches `word`, the `position`-th word of a name.
fn word_score(word: &str, typed: &str, position: usize) -> Option<u32> {
    let quality = if word == typed {
        WHOLE
    } else if word.starts_with(typed) {
        PREFIX + fraction(typed.chars().count(), word.chars().count())
    } else {
        SUBSEQUENCE + fraction(typed.chars().count(), subsequence_span(word, typed)?)
    };
    let bonus = match position {
        0 => FIRST_WORD_BONUS,
        later => {
            let steps = u32::try_from(later - 1).unwrap_or(u32::MAX);
            POSITION_BONUS.saturating_sub(steps.saturating_mul(POSITION_STEP))
        }
    };
    Some(quality + bonus)
}

/// `part` out of `whole`, scaled to [`SPREAD`] (below it unless equal).
fn fraction(part: usize, whole: usize) -> u32 {
    if whole == 0 {
        return 0;
    }
    let scaled = part.min(whole) * SPREAD as usize / whole;
    u32::try_from(scaled).unwrap_or(SPREAD)
}

/// How many characters of `word` it takes to find the letters of `typed`
/// in order, starting with the first of both; `None` if they are not
/// all there or the first letters differ.
fn subsequence_span(word: &str, typed: &str) -> Option<usize> {
    let mut letters = word.chars().enumerate();
    let mut wanted = typed.chars();
    let first = wanted.next()?;
    match letters.next() {
        Some((_, c)) if c == first => {}
        _ => return None,
    }
    let mut span = 1;
    for want in wanted {
        let (index, _) = letters.find(|(_, c)| *c == want)?;
        span = index + 1;
    }
    Some(span)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::text::fold;

    fn scored(name: &str, query: &str) -> Option<u32> {
        score(&fold(name), &fold(query))
    }

    #[test]
    fn words_match_by_their_start_or_their_letters_in_order() {
        assert!(scored("Lycée Voltaire", "lyc vltr").is_some());
        assert!(scored("Lycée Voltaire", "voltaire").is_some());
        assert!(scored("Lycée Voltaire", "VOLT").is_some());
        assert!(scored("Lycée Voltaire", "vtr lyc").is_some(), "any order");
        assert!(scored("École élémentaire", "ecole").is_some());
        // The letters must start at a word's first letter, in order.
        assert_eq!(scored("Lycée Voltaire", "oltaire"), None);
        assert_eq!(scored("Lycée Voltaire", "vrlt"), None);
        assert_eq!(scored("Lycée Voltaire", "lyc hoche"), None);
        assert_eq!(scored("Lycée Voltaire", "voltaires"), None);
        // Nothing typed matches nothing.
        assert_eq!(scored("Lycée Voltaire", ""), None);
        assert_eq!(scored("Lycée Voltaire", " - "), None);
        assert_eq!(scored("", "a"), None);
    }

    #[test]
    fn a_name_starting_as_typed_comes_first() {
        let starts = scored("Boulangerie Martin", "boul").expect("a match");
        let further = scored("Architecture de Boulogne", "boul").expect("a match");
        assert!(starts > further, "{starts} {further}");
        // Still below a whole word further on.
        let whole = scored("Atelier Boul", "boul").expect("a match");
        assert!(whole > starts, "{whole} {starts}");
    }

    #[test]
    fn whole_words_rank_above_starts_above_letters_in_order() {
        let whole = scored("Lycée Voltaire", "voltaire");
        let start = scored("Lycée Voltairien", "voltaire");
        let letters = scored("Lycée Vieux Moulin", "vltr");
        let letters_of_voltaire = scored("Lycée Voltaire", "vltr");
        assert!(whole > start, "{whole:?} {start:?}");
        assert!(start > letters_of_voltaire);
        assert_eq!(letters, None);
        // Even far into the name, a better kind of match wins.
        let late_start = scored("a b c d e f g h i j k Voltaire", "volt");
        let first_letters = scored("Vaoalatrie", "volt");
        assert!(
            late_start > first_letters,
            "{late_start:?} {first_letters:?}"
        );
    }

    #[test]
    fn longer_starts_and_tighter_letters_rank_higher() {
        assert!(scored("Voltaire", "volta") > scored("Voltaire", "vo"));
        assert!(scored("Voltaire", "vlt") > scored("Voltaire", "vtr"));
    }

    #[test]
    fn earlier_words_rank_above_later_ones() {
        let first = scored("Martin Dupont", "martin");
        let second = scored("Dupont Martin", "martin");
        assert!(first > second, "{first:?} {second:?}");
        assert!(scored("Jean Jaurès", "jean") > scored("Lycée Jean Jaurès", "jean"));
    }

    #[test]
    fn each_typed_word_adds_its_best_match() {
        let both = scored("Lycée Jean Jaurès", "jean jaures").unwrap_or(0);
        // « jean » on the second word, « jaures » on the third.
        assert_eq!(both, 2 * WHOLE + POSITION_BONUS + (POSITION_BONUS - 10));
        assert!(both <= 2 * MAX_WORD_SCORE);
    }

    #[test]
    fn spans_count_from_the_first_letter() {
        assert_eq!(subsequence_span("voltaire", "vltr"), Some(7));
        assert_eq!(subsequence_span("voltaire", "v"), Some(1));
        assert_eq!(subsequence_span("voltaire", "o"), None);
        assert_eq!(subsequence_span("voltaire", ""), None);
        assert_eq!(subsequence_span("", "v"), None);
    }
}
