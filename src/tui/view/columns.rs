//! Which columns of a list fit the width, and how wide each is.

use unicode_width::UnicodeWidthStr;

use crate::i18n::list_columns::Column;

/// The columns shown, by index, with their widths: the least important
/// are left out until the narrowest widths fit; then each column grows
/// towards what its values need (`needed`: the widest value of each
/// column among the rows held, 0 when unknown), in proportion to what it
/// lacks when not all can; what is left goes to the columns that grow.
/// So a status is not cut while a commune has blank columns. When a
/// column of words from a fixed list (a status, a type: one that does
/// not grow) would still be cut, a less important column gives it its
/// room (an 80-column list shows a placement's status whole rather than
/// every column cut), down to [`FEWEST_COLUMNS`].
pub fn fit_columns(columns: &[Column], needed: &[u16], width: u16) -> Vec<(usize, u16)> {
    let mut shown: Vec<usize> = (0..columns.len()).collect();
    // Wide enough for the header too, with room for a sort arrow.
    let narrowest: Vec<u32> = columns
        .iter()
        .map(|c| {
            let arrow = if c.sort.is_some() { 2 } else { 0 };
            (UnicodeWidthStr::width(c.header) as u32 + arrow).max(c.min_width as u32)
        })
        .collect();
    let wanted = |i: usize| -> u32 { narrowest[i].max(needed.get(i).copied().unwrap_or(0) as u32) };
    let sum = |shown: &[usize], of: &dyn Fn(usize) -> u32| -> u32 {
        shown.iter().map(|i| of(*i)).sum::<u32>() + shown.len().saturating_sub(1) as u32
    };
    // The least important; of equals, the rightmost.
    let least_important = |shown: &[usize]| -> Option<usize> {
        shown
            .iter()
            .enumerate()
            .min_by_key(|(position, i)| (columns[**i].importance, usize::MAX - position))
            .map(|(position, _)| position)
    };
    while shown.len() > 1 && sum(&shown, &|i| narrowest[i]) > width as u32 {
        let Some(position) = least_important(&shown) else {
            break;
        };
        shown.remove(position);
    }
    let share = |shown: &[usize]| -> Vec<u32> {
        let mut widths: Vec<u32> = shown.iter().map(|i| narrowest[*i]).collect();
        let mut spare = (width as u32).saturating_sub(sum(shown, &|i| narrowest[i]));
        // Towards what the values need, the smallest needs met first (a
        // short académie whole rather than every column cut a little),
        // the rest shared evenly among the columns still short.
        let mut by_lack: Vec<(usize, u32)> = shown
            .iter()
            .enumerate()
            .map(|(position, i)| (position, wanted(*i) - narrowest[*i]))
            .filter(|(_, lacks)| *lacks > 0)
            .collect();
        by_lack.sort_by_key(|(_, lacks)| *lacks);
        let count = by_lack.len() as u32;
        for (done, (position, lacks)) in by_lack.into_iter().enumerate() {
            let share = spare / (count - done as u32);
            let given = lacks.min(share);
            widths[position] += given;
            spare -= given;
        }
        // What is left to the columns that grow, the last taking the rest.
        let growing: Vec<usize> = (0..shown.len())
            .filter(|position| columns[shown[*position]].grows)
            .collect();
        if let Some((last, others)) = growing.split_last() {
            let share = spare / growing.len() as u32;
            for position in others {
                widths[*position] += share;
            }
            widths[*last] += spare - share * others.len() as u32;
        }
        widths
    };
    let mut widths = share(&shown);
    while shown.len() > FEWEST_COLUMNS {
        let Some(dropped) = least_important(&shown) else {
            break;
        };
        let importance = columns[shown[dropped]].importance;
        // A word of a fixed vocabulary (a status, a type) cut while a
        // column that matters less is shown; names and titles (the
        // columns that grow) are cut with « … » as they must.
        let word_cut = shown.iter().zip(&widths).any(|(i, given)| {
            let column = &columns[*i];
            column.importance > importance && !column.grows && *given < wanted(*i)
        });
        if !word_cut {
            break;
        }
        shown.remove(dropped);
        widths = share(&shown);
    }
    shown
        .iter()
        .zip(widths)
        .map(|(i, width)| (*i, width.min(u16::MAX as u32) as u16))
        .collect()
}

/// The fewest columns a list keeps to give a column its room.
pub const FEWEST_COLUMNS: usize = 3;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Kind;
    use crate::i18n::Lang;
    use crate::i18n::list_columns::list_columns;

    #[test]
    fn narrow_lists_keep_the_name_and_fill_the_width() {
        for kind in Kind::ALL {
            let columns = list_columns(*kind, Lang::Fr).columns;
            for width in [20u16, 58, 78, 118, 200] {
                let fitted = fit_columns(&columns, &[], width);
                let used: u32 = fitted.iter().map(|(_, w)| *w as u32).sum::<u32>()
                    + fitted.len().saturating_sub(1) as u32;
                let most_important = (0..columns.len())
                    .max_by_key(|i| (columns[*i].importance, usize::MAX - i))
                    .unwrap();
                assert!(
                    fitted.iter().any(|(i, _)| *i == most_important),
                    "{kind:?} {width}"
                );
                if fitted.len() > 1 {
                    assert!(used <= width as u32, "{kind:?} at {width}: {used}");
                }
                if width >= 78 && columns.iter().any(|c| c.grows) {
                    assert_eq!(used, width as u32, "{kind:?} at {width}");
                }
            }
        }
    }

    #[test]
    fn a_status_is_shown_whole_before_a_column_that_matters_less() {
        let columns = list_columns(Kind::Placement, Lang::Fr).columns;
        let position = |header: &str| {
            columns
                .iter()
                .position(|c| c.header == header)
                .expect("a column")
        };
        // The widths a page of placements needs: « entreprise proposée »,
        // « séquence d'observation (3e) », long company names.
        let mut needed = vec![0u16; columns.len()];
        needed[position("n°")] = 6;
        needed[position("apprenant")] = 18;
        needed[position("type")] = 27;
        needed[position("statut")] = 19;
        needed[position("début")] = 10;
        needed[position("entreprise")] = 24;
        needed[position("manque")] = 30;
        let fitted = fit_columns(&columns, &needed, 78);
        let width_of = |header: &str| {
            fitted
                .iter()
                .find(|(i, _)| *i == position(header))
                .map(|(_, w)| *w)
        };
        assert_eq!(width_of("statut"), Some(19), "{fitted:?}");
        assert_eq!(width_of("début"), Some(10), "{fitted:?}");
        assert!(width_of("apprenant").is_some(), "{fitted:?}");
        // What gave its room: the number and what is missing.
        assert_eq!(width_of("n°"), None, "{fitted:?}");
        assert!(fitted.len() >= FEWEST_COLUMNS);
        let used: u32 = fitted.iter().map(|(_, w)| *w as u32).sum::<u32>()
            + fitted.len().saturating_sub(1) as u32;
        assert_eq!(used, 78);
    }

    #[test]
    fn a_column_is_not_cut_while_another_has_room() {
        let columns = list_columns(Kind::Immersion, Lang::Fr).columns;
        // A long status, short names: the status gets what it needs.
        let mut needed = vec![0u16; columns.len()];
        let status = columns
            .iter()
            .position(|c| c.header == "statut")
            .expect("a status column");
        needed[status] = 24;
        let fitted = fit_columns(&columns, &needed, 98);
        let width = fitted.iter().find(|(i, _)| *i == status).map(|(_, w)| *w);
        assert_eq!(width, Some(24), "{fitted:?}");
        let used: u32 = fitted.iter().map(|(_, w)| *w as u32).sum::<u32>()
            + fitted.len().saturating_sub(1) as u32;
        assert_eq!(used, 98);
    }
}
