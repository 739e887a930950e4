//! Bar charts as inline SVG, for the HTML report: no script, no font or
//! image fetched (HTML gives inline SVG its namespace: no `xmlns` naming
//! an address), light colours that print. Every text is escaped (a
//! label is catalogue words, but a chart must stay valid whatever it is
//! given).

use crate::report::html::escape;

/// The drawing's width in SVG units; it scales to the page.
const WIDTH: u32 = 640;
/// Bars of this year, and of the year before.
pub const COLOUR: &str = "#3a5bc7";
pub const PREVIOUS_COLOUR: &str = "#b8c4e6";

/// One series of values, one per label.
pub struct Series<'a> {
    pub name: &'a str,
    pub values: Vec<u64>,
    pub colour: &'a str,
}

fn open(height: u32, title: &str) -> String {
    format!(
        "<svg viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" role=\"img\" aria-label=\"{label}\" font-family=\"Arial, Helvetica, sans-serif\" font-size=\"12\">\n<title>{label}</title>\n",
        label = escape(title)
    )
}

/// The scale's ticks: a round step (1, 2 or 5 times a power of ten)
/// and how many steps reach `largest`, at most five: 0, 10, 20… 50
/// rather than 0, 12, 25, 37, 50.
fn ticks(largest: u64) -> (u64, u64) {
    let mut power = 1u64;
    loop {
        for factor in [1, 2, 5] {
            let step = power.saturating_mul(factor);
            let count = largest.div_ceil(step).max(1);
            if count <= 5 {
                return (step, count);
            }
        }
        if power > u64::MAX / 10 {
            return (largest.max(1), 1);
        }
        power *= 10;
    }
}

/// Columns, one group per label (a month), one bar per series, with a
/// legend when there are several series.
pub fn columns(title: &str, labels: &[String], series: &[Series]) -> String {
    let (left, right, top, bottom) = (44u32, 8u32, 26u32, 28u32);
    let plot_height = 180u32;
    let height = top + plot_height + bottom;
    let largest = series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .max()
        .unwrap_or(0);
    let (step, count) = ticks(largest);
    let scale = step * count;
    let mut svg = open(height, title);
    // Scale: a light line per tick.
    for tick in 0..=count {
        let value = step * tick;
        let y = top + plot_height - (u64::from(plot_height) * tick / count) as u32;
        svg.push_str(&format!(
            "<line x1=\"{left}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"#d9d9d9\" stroke-width=\"1\"/>\n<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#555\">{value}</text>\n",
            WIDTH - right,
            left - 4,
            y + 4
        ));
    }
    let groups = labels.len().max(1) as u32;
    let group_width = (WIDTH - left - right) / groups;
    let bars = series.len().max(1) as u32;
    let bar_width = (group_width.saturating_sub(6) / bars).max(1);
    for (index, label) in labels.iter().enumerate() {
        let x0 = left + group_width * index as u32 + 3;
        for (number, serie) in series.iter().enumerate() {
            let value = serie.values.get(index).copied().unwrap_or(0);
            let bar_height = (value.saturating_mul(u64::from(plot_height)) / scale) as u32;
            let x = x0 + bar_width * number as u32;
            svg.push_str(&format!(
                "<rect x=\"{x}\" y=\"{}\" width=\"{}\" height=\"{bar_height}\" fill=\"{}\"><title>{} — {} — {value}</title></rect>\n",
                top + plot_height - bar_height,
                bar_width.saturating_sub(1).max(1),
                serie.colour,
                escape(label),
                escape(serie.name),
            ));
        }
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#333\">{}</text>\n",
            x0 + group_width.saturating_sub(6) / 2,
            top + plot_height + 16,
            escape(label)
        ));
    }
    if series.len() > 1 {
        let mut x = left;
        for serie in series {
            svg.push_str(&format!(
                "<rect x=\"{x}\" y=\"6\" width=\"12\" height=\"12\" fill=\"{}\"/>\n<text x=\"{}\" y=\"16\" fill=\"#333\">{}</text>\n",
                serie.colour,
                x + 16,
                escape(serie.name)
            ));
            x += 16 + 8 * serie.name.chars().count() as u32 + 16;
        }
    }
    svg.push_str("</svg>\n");
    svg
}

/// Horizontal bars, one per label, the value at the end of each.
pub fn bars(title: &str, items: &[(String, u64)]) -> String {
    let (label_width, right, row) = (230u32, 56u32, 22u32);
    let height = row * items.len().max(1) as u32 + 8;
    let largest = items.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let plot = WIDTH - label_width - right;
    let mut svg = open(height, title);
    for (index, (label, value)) in items.iter().enumerate() {
        let y = 4 + row * index as u32;
        let length = (value.saturating_mul(u64::from(plot)) / largest) as u32;
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#333\">{}</text>\n<rect x=\"{label_width}\" y=\"{}\" width=\"{length}\" height=\"{}\" fill=\"{COLOUR}\"/>\n<text x=\"{}\" y=\"{}\" fill=\"#333\">{value}</text>\n",
            label_width - 6,
            y + 15,
            escape(label),
            y + 3,
            row - 6,
            label_width + length + 4,
            y + 15
        ));
    }
    svg.push_str("</svg>\n");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_tick_on_round_numbers() {
        assert_eq!(ticks(0), (1, 1));
        assert_eq!(ticks(7), (2, 4));
        assert_eq!(ticks(50), (10, 5));
        assert_eq!(ticks(130), (50, 3));
        assert_eq!(ticks(4_100), (1_000, 5));
        let svg = columns(
            "t",
            &["sept.".to_owned()],
            &[Series {
                name: "2026-2027",
                values: vec![50],
                colour: "#333",
            }],
        );
        for value in ["0", "10", "20", "30", "40", "50"] {
            assert!(svg.contains(&format!(">{value}</text>")), "{value}: {svg}");
        }
        assert!(!svg.contains(">12</text>") && !svg.contains(">37</text>"));
    }

    #[test]
    fn labels_are_escaped() {
        let svg = bars("<t>", &[("<b>&</b>".into(), 3)]);
        assert!(svg.contains("&lt;b&gt;&amp;&lt;/b&gt;"), "{svg}");
        assert!(!svg.contains("<b>"), "{svg}");
    }
}
