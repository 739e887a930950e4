//! Which columns of a list fit the width, and how wide each is.

use unicode_width::UnicodeWidthStr;

use crate::i18n::list_columns::Column;

/// The columns shown, by index, with their widths: the least important
/// are left out until the narrowest widths fit, then the width left is
/// shared among the columns that grow.
pub fn fit_columns(columns: &[Column], width: u16) -> Vec<(usize, u16)> {
    let mut shown: Vec<usize> = (0..columns.len()).collect();
    // Wide enough for the header too, with room for a sort arrow.
    let narrowest: Vec<u32> = columns
        .iter()
        .map(|c| {
            let arrow = if c.sort.is_some() { 2 } else { 0 };
            (UnicodeWidthStr::width(c.header) as u32 + arrow).max(c.min_width as u32)
        })
        .collect();
    let needed = |shown: &[usize]| -> u32 {
        shown.iter().map(|i| narrowest[*i]).sum::<u32>() + shown.len().saturating_sub(1) as u32
    };
    while shown.len() > 1 && needed(&shown) > width as u32 {
        // The least important; of equals, the rightmost.
        let Some(position) = shown
            .iter()
            .enumerate()
            .min_by_key(|(position, i)| (columns[**i].importance, usize::MAX - position))
            .map(|(position, _)| position)
        else {
            break;
        };
        shown.remove(position);
    }
    let spare = (width as u32).saturating_sub(needed(&shown));
    let growing = shown.iter().filter(|i| columns[**i].grows).count() as u32;
    let mut handed = 0;
    let mut seen = 0;
    shown
        .iter()
        .map(|i| {
            let column = &columns[*i];
            let mut width = narrowest[*i];
            if column.grows && growing > 0 {
                seen += 1;
                // The last growing column takes the remainder.
                let share = if seen == growing {
                    spare - handed
                } else {
                    spare / growing
                };
                handed += share;
                width += share;
            }
            (*i, width.min(u16::MAX as u32) as u16)
        })
        .collect()
}

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
                let fitted = fit_columns(&columns, width);
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
}
