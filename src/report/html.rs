//! The report as one HTML file for the committee and the press
//! conference after it: self-contained (its style inline, its charts
//! inline SVG; no script, font, image or link fetched), laid out for A4
//! paper (page margins, no table or chart cut across pages, the
//! comparison on a page of its own, no dark background to print).

use crate::domain::text::neutralise_controls;
use crate::i18n::labels::Label;
use crate::i18n::report::{
    Chart, Heading, as_of, chart_title, confidentiality_note, no_remark, remarks_note, subtitle,
    title,
};
use crate::i18n::{Lang, count, short_month};
use crate::report::svg::{COLOUR, PREVIOUS_COLOUR, Series, bars, columns};
use crate::report::tables::{Cell, Section, Table, capitalised, code, comparison, sections};
use crate::service::report::Report;

/// Text as HTML shows it literally, in an element or an attribute.
/// Control characters are made visible first (`neutralise_controls`).
pub fn escape(text: &str) -> String {
    let line = neutralise_controls(text, true);
    let mut out = String::with_capacity(line.len() + 8);
    for c in line.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
@page { size: A4; margin: 16mm 15mm 18mm; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; box-sizing: border-box; }
html { background: #fff; color: #1b1b1b; }
body { font-family: "Marianne", Arial, Helvetica, sans-serif; font-size: 10.5pt; line-height: 1.4; max-width: 180mm; margin: 0 auto; padding: 10mm 0; }
header { border-bottom: 2pt solid #000091; margin-bottom: 10pt; padding-bottom: 6pt; }
h1 { font-size: 20pt; color: #000091; margin: 0 0 4pt; }
.subtitle { font-size: 11pt; margin: 0 0 4pt; }
.as-of { color: #444; margin: 0; }
.note { font-size: 9pt; color: #444; border-left: 2pt solid #c9c9c9; padding-left: 6pt; }
h2 { font-size: 14pt; color: #000091; border-bottom: 1pt solid #000091; padding-bottom: 2pt; margin: 18pt 0 6pt; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11pt; margin: 12pt 0 4pt; break-after: avoid; page-break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 0 0 10pt; font-variant-numeric: tabular-nums; break-inside: avoid; page-break-inside: avoid; }
th, td { padding: 2pt 6pt; border-bottom: 0.5pt solid #d0d0d0; text-align: right; vertical-align: top; }
th { font-weight: 600; border-bottom: 1pt solid #555; }
th.text, td.text { text-align: left; }
tr.total td { font-weight: 600; border-top: 1pt solid #555; }
figure { margin: 6pt 0 12pt; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-size: 9.5pt; font-weight: 600; margin-bottom: 2pt; }
svg { display: block; max-width: 100%; height: auto; }
ul.remarks { padding-left: 14pt; }
ul.remarks li { margin-bottom: 3pt; }
section.comparison { break-before: page; page-break-before: always; }
@media screen { body { padding: 10mm 8mm; } }
"#;

fn cell(out: &mut String, cell: &Cell, lang: Lang) {
    let class = if cell.is_text() {
        " class=\"text\""
    } else {
        ""
    };
    out.push_str(&format!("<td{class}>{}</td>", escape(&cell.text(lang))));
}

fn table(out: &mut String, table: &Table, lang: Lang) {
    out.push_str(&format!(
        "<h3 id=\"{}\">{}</h3>\n<table>\n<thead><tr>",
        code(table.name),
        escape(&table.title)
    ));
    for (index, header) in table.headers.iter().enumerate() {
        let class = if table.is_text_column(index) {
            " class=\"text\""
        } else {
            ""
        };
        out.push_str(&format!("<th{class}>{}</th>", escape(header)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &table.rows {
        out.push_str(if row.total {
            "<tr class=\"total\">"
        } else {
            "<tr>"
        });
        for c in &row.cells {
            cell(out, c, lang);
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

fn figure(out: &mut String, caption: &str, svg: String) {
    out.push_str(&format!(
        "<figure>\n<figcaption>{}</figcaption>\n{svg}</figure>\n",
        escape(caption)
    ));
}

/// The charts that open a section.
fn charts(out: &mut String, heading: Heading, report: &Report, lang: Lang) {
    let now = &report.current;
    match heading {
        Heading::Events => {
            let items: Vec<(String, u64)> = now
                .events
                .events
                .iter()
                .map(|line| (capitalised(line.key.label(lang)), line.by_academie.total()))
                .collect();
            let caption = chart_title(lang, Chart::EventsByKind);
            figure(out, caption, bars(caption, &items));
        }
        Heading::Placements => {
            let labels: Vec<String> = now
                .placements
                .by_month
                .iter()
                .map(|m| short_month(lang, m.month).to_owned())
                .collect();
            let this_year = now.year.to_string();
            let year_before = report.previous.year.to_string();
            let series = [
                Series {
                    name: &this_year,
                    values: now.placements.by_month.iter().map(|m| m.count).collect(),
                    colour: COLOUR,
                },
                Series {
                    name: &year_before,
                    values: report
                        .previous
                        .placements
                        .by_month
                        .iter()
                        .map(|m| m.count)
                        .collect(),
                    colour: PREVIOUS_COLOUR,
                },
            ];
            let caption = chart_title(lang, Chart::PlacementsByMonth);
            figure(out, caption, columns(caption, &labels, &series));
            let items: Vec<(String, u64)> = now
                .placements
                .by_status
                .iter()
                .map(|line| (capitalised(line.key.label(lang)), line.by_academie.total()))
                .collect();
            let caption = chart_title(lang, Chart::PlacementsByStatus);
            figure(out, caption, bars(caption, &items));
        }
        Heading::Immersions => {
            let items: Vec<(String, u64)> = now
                .immersions
                .evaluations
                .renewal
                .iter()
                .map(|line| (capitalised(line.renew.label(lang)), line.count))
                .collect();
            let caption = chart_title(lang, Chart::Outcomes);
            figure(out, caption, bars(caption, &items));
        }
        _ => {}
    }
}

fn remarks(out: &mut String, report: &Report, lang: Lang) {
    let Some(remarks) = &report.remarks else {
        return;
    };
    out.push_str(&format!(
        "<p class=\"note\">{}</p>\n",
        escape(&remarks_note(lang, remarks.with_comment, remarks.withheld))
    ));
    if remarks.quoted.is_empty() {
        out.push_str(&format!("<p>{}</p>\n", escape(no_remark(lang))));
        return;
    }
    out.push_str("<ul class=\"remarks\">\n");
    for remark in &remarks.quoted {
        out.push_str(&format!(
            "<li>« {} » ({})</li>\n",
            escape(&remark.text),
            escape(&count(lang, remark.evaluations))
        ));
    }
    out.push_str("</ul>\n");
}

fn section(out: &mut String, section: &Section, report: &Report, lang: Lang) {
    let class = if section.heading == Heading::Comparison {
        " class=\"comparison\""
    } else {
        ""
    };
    out.push_str(&format!(
        "<section{class}>\n<h2>{}</h2>\n",
        escape(&section.title)
    ));
    charts(out, section.heading, report, lang);
    if section.heading == Heading::Remarks {
        remarks(out, report, lang);
    } else {
        for t in &section.tables {
            table(out, t, lang);
        }
    }
    out.push_str("</section>\n");
}

pub fn write(report: &Report, lang: Lang) -> String {
    let heading = title(lang, report.year());
    let mut out = String::new();
    out.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        lang.pick("fr", "en"),
        escape(&heading)
    ));
    out.push_str(&format!(
        "<header>\n<h1>{}</h1>\n<p class=\"subtitle\">{}</p>\n<p class=\"as-of\">{}</p>\n</header>\n",
        escape(&heading),
        escape(subtitle(lang)),
        escape(&as_of(lang, report.today, report.current.over))
    ));
    out.push_str(&format!(
        "<p class=\"note\">{}</p>\n",
        escape(confidentiality_note(lang))
    ));
    for part in sections(report, lang) {
        section(&mut out, &part, report, lang);
    }
    section(&mut out, &comparison(report, lang), report, lang);
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_store_text_stays_text() {
        assert_eq!(escape("<b>&</b>"), "&lt;b&gt;&amp;&lt;/b&gt;");
        assert_eq!(escape("\"l'école\""), "&quot;l&#39;école&quot;");
        assert_eq!(escape("\u{1b}[2J"), "\u{241b}[2J");
    }
}
