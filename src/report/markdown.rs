//! The report in Markdown, for editing before the committee: headings,
//! pipe tables, the remarks as a list. Text from the store is escaped so
//! that it stays text: a school named `<b>&</b>` or `*Lycée*` is shown
//! as typed, never as markup.

use crate::domain::text::neutralise_controls;
use crate::i18n::Lang;
use crate::i18n::report::{
    Heading, as_of, confidentiality_note, no_remark, remarks_note, subtitle, title,
};
use crate::report::tables::{Cell, Section, Table, comparison, sections};
use crate::service::report::Report;

/// Characters Markdown (CommonMark with tables) could read as markup,
/// each written behind a backslash. `<` and `&` too: raw HTML and
/// entities would otherwise be interpreted.
const SPECIAL: &[char] = &[
    '\\', '`', '*', '_', '[', ']', '<', '>', '|', '&', '~', '#', '!', '$',
];

/// Text as Markdown shows it literally, on one line.
pub fn escape(text: &str) -> String {
    let line = neutralise_controls(text, true);
    let mut out = String::with_capacity(line.len() + 8);
    for c in line.chars() {
        if SPECIAL.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn cell(cell: &Cell, lang: Lang) -> String {
    escape(cell.text(lang).trim())
}

fn table(out: &mut String, table: &Table, lang: Lang) {
    out.push_str(&format!("### {}\n\n", escape(&table.title)));
    let headers: Vec<String> = table.headers.iter().map(|h| escape(h)).collect();
    out.push_str(&format!("| {} |\n", headers.join(" | ")));
    let rules: Vec<&str> = (0..table.headers.len())
        .map(|index| {
            if table.is_text_column(index) {
                ":---"
            } else {
                "---:"
            }
        })
        .collect();
    out.push_str(&format!("|{}|\n", rules.join("|")));
    for row in &table.rows {
        let cells: Vec<String> = row
            .cells
            .iter()
            .map(|c| {
                let text = cell(c, lang);
                if row.total && !text.is_empty() {
                    format!("**{text}**")
                } else {
                    text
                }
            })
            .collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out.push('\n');
}

fn section(out: &mut String, section: &Section, report: &Report, lang: Lang) {
    out.push_str(&format!("## {}\n\n", escape(&section.title)));
    if section.heading == Heading::Remarks {
        remarks(out, report, lang);
        return;
    }
    for t in &section.tables {
        table(out, t, lang);
    }
}

/// The remarks as quotes with their count, rather than a table: they are
/// sentences.
fn remarks(out: &mut String, report: &Report, lang: Lang) {
    let Some(remarks) = &report.remarks else {
        return;
    };
    out.push_str(&format!(
        "{}\n\n",
        escape(&remarks_note(lang, remarks.with_comment, remarks.withheld))
    ));
    if remarks.quoted.is_empty() {
        out.push_str(&format!("{}\n\n", no_remark(lang)));
        return;
    }
    for remark in &remarks.quoted {
        out.push_str(&format!(
            "- « {} » ({})\n",
            escape(&remark.text),
            crate::i18n::count(lang, remark.evaluations)
        ));
    }
    out.push('\n');
}

pub fn write(report: &Report, lang: Lang) -> String {
    let mut out = String::new();
    out.push_str(&format!("# {}\n\n", escape(&title(lang, report.year()))));
    out.push_str(&format!("*{}*\n\n", escape(subtitle(lang))));
    out.push_str(&format!(
        "{}\n\n",
        escape(&as_of(lang, report.today, report.current.over))
    ));
    out.push_str(&format!("> {}\n\n", escape(confidentiality_note(lang))));
    for part in sections(report, lang) {
        section(&mut out, &part, report, lang);
    }
    section(&mut out, &comparison(report, lang), report, lang);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_store_text_stays_text() {
        assert_eq!(escape("<b>&</b>"), "\\<b\\>\\&\\</b\\>");
        assert_eq!(escape("a | b *c*"), "a \\| b \\*c\\*");
        assert_eq!(escape("ligne\nsuivante"), "ligne suivante");
    }
}
