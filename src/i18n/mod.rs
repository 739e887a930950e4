//! The catalogue: every string a person reads, in French (the default:
//! the users are French coordinators) and English. Each entry holds both
//! languages side by side, so neither can be forgotten.

pub mod actions;
pub mod audit;
pub mod audit_values;
pub mod backup;
pub mod cli_help;
pub mod consent;
pub mod editing;
pub mod export;
pub mod forms;
pub mod history;
pub mod import;
pub mod keymap_messages;
pub mod keys;
pub mod labels;
pub mod list_columns;
pub mod messages;
pub mod personal_data;
pub mod phrases;
pub mod record_view;
pub mod report;
pub mod salvage;
pub mod server;
pub mod sheet;
pub mod status_names;
pub mod tui;
pub mod users;

use chrono::{DateTime, Datelike, Local, NaiveDate, TimeZone, Utc, Weekday};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub use labels::Label;
pub use phrases::Phrase;

/// A text from the store, a file or the system, on one line and safe to
/// print: control and invisible characters shown, never sent.
pub(crate) fn safe(text: &str) -> String {
    crate::domain::text::neutralise_controls(text, true).into_owned()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    /// Reads "fr", "en", or a locale such as "fr_FR.UTF-8".
    pub fn parse(input: &str) -> Option<Lang> {
        let lower = input.trim().to_ascii_lowercase();
        if lower.starts_with("fr") {
            Some(Lang::Fr)
        } else if lower.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    pub fn pick<'a>(self, fr: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }

    /// "field: message", with the space French puts before a colon.
    pub fn colon(self) -> &'static str {
        self.pick(" : ", ": ")
    }
}

/// A date as people write it: 28/11/2026, or 2026-11-28 in English.
pub fn date(lang: Lang, day: NaiveDate) -> String {
    match lang {
        Lang::Fr => day.format("%d/%m/%Y").to_string(),
        Lang::En => day.format("%Y-%m-%d").to_string(),
    }
}

/// A date in words: « samedi 28 novembre 2026 ».
pub fn long_date(lang: Lang, day: NaiveDate) -> String {
    let weekday = match (lang, day.weekday()) {
        (Lang::Fr, Weekday::Mon) => "lundi",
        (Lang::Fr, Weekday::Tue) => "mardi",
        (Lang::Fr, Weekday::Wed) => "mercredi",
        (Lang::Fr, Weekday::Thu) => "jeudi",
        (Lang::Fr, Weekday::Fri) => "vendredi",
        (Lang::Fr, Weekday::Sat) => "samedi",
        (Lang::Fr, Weekday::Sun) => "dimanche",
        (Lang::En, Weekday::Mon) => "Monday",
        (Lang::En, Weekday::Tue) => "Tuesday",
        (Lang::En, Weekday::Wed) => "Wednesday",
        (Lang::En, Weekday::Thu) => "Thursday",
        (Lang::En, Weekday::Fri) => "Friday",
        (Lang::En, Weekday::Sat) => "Saturday",
        (Lang::En, Weekday::Sun) => "Sunday",
    };
    const FR_MONTHS: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    const EN_MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let month_index = day.month0() as usize;
    let month = lang.pick(FR_MONTHS[month_index], EN_MONTHS[month_index]);
    format!("{weekday} {} {month} {}", day.day(), day.year())
}

/// A month in a few letters, for column headings: « sept. », "Sep".
pub fn short_month(lang: Lang, day: NaiveDate) -> &'static str {
    const SHORT_MONTHS: [(&str, &str); 12] = [
        ("janv.", "Jan"),
        ("févr.", "Feb"),
        ("mars", "Mar"),
        ("avr.", "Apr"),
        ("mai", "May"),
        ("juin", "Jun"),
        ("juil.", "Jul"),
        ("août", "Aug"),
        ("sept.", "Sep"),
        ("oct.", "Oct"),
        ("nov.", "Nov"),
        ("déc.", "Dec"),
    ];
    let (fr, en) = SHORT_MONTHS[day.month0() as usize];
    lang.pick(fr, en)
}

/// A moment in local time: 28/11/2026 14:05.
pub fn date_time(lang: Lang, at: DateTime<Utc>) -> String {
    // A damaged timestamp near the end of time has no local form; it is
    // then shown in UTC rather than crash the display.
    let offset = Local.offset_from_utc_datetime(&at.naive_utc());
    let Some(local) = at.naive_utc().checked_add_offset(offset) else {
        return format!("{} {} UTC", date(lang, at.date_naive()), at.format("%H:%M"));
    };
    format!("{} {}", date(lang, local.date()), local.format("%H:%M"))
}

/// Cuts `text` to `width` columns, ending with "…" when cut.
pub fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// A count with thousands grouped: 1 234 567 (French uses a narrow
/// no-break space), 1,234,567.
pub fn count(lang: Lang, value: u64) -> String {
    let digits = value.to_string();
    let separator = lang.pick("\u{202f}", ",");
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3 * 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            grouped.push_str(separator);
        }
        grouped.push(digit);
    }
    grouped
}

/// "1 fiche", "3 fiches": the noun after a count, singular or plural.
pub fn counted(lang: Lang, value: u64, singular: &str, plural: &str) -> String {
    let noun = if value <= 1 && (lang == Lang::Fr || value == 1) {
        singular
    } else {
        plural
    };
    format!("{} {noun}", count(lang, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_by_language() {
        assert_eq!(count(Lang::Fr, 1_234_567), "1\u{202f}234\u{202f}567");
        assert_eq!(count(Lang::En, 1_234_567), "1,234,567");
        assert_eq!(count(Lang::En, 999), "999");
        assert_eq!(counted(Lang::Fr, 0, "fiche", "fiches"), "0 fiche");
        assert_eq!(counted(Lang::En, 0, "record", "records"), "0 records");
    }

    #[test]
    fn dates_are_written_the_local_way() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 28).expect("valid");
        assert_eq!(date(Lang::Fr, day), "28/11/2026");
        assert_eq!(long_date(Lang::Fr, day), "samedi 28 novembre 2026");
        assert_eq!(long_date(Lang::En, day), "Saturday 28 November 2026");
        assert_eq!(short_month(Lang::Fr, day), "nov.");
        assert_eq!(short_month(Lang::En, day), "Nov");
    }

    #[test]
    fn a_timestamp_at_the_end_of_time_is_shown_not_a_crash() {
        let shown = date_time(Lang::Fr, DateTime::<Utc>::MAX_UTC);
        assert!(shown.contains("262142"), "{shown}");
    }

    #[test]
    fn languages_are_read_from_locales() {
        assert_eq!(Lang::parse("fr_FR.UTF-8"), Some(Lang::Fr));
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("de"), None);
    }
}
