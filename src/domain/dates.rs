//! Dates as coordinators write them, and the school year.

use std::fmt;

use chrono::{Datelike, Duration, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// A school year, September to August, written "2025-2026".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SchoolYear {
    start_year: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SchoolYearError {
    /// Not of the form "2025-2026".
    BadShape,
    /// The second year does not follow the first.
    NotConsecutive { first: i32, second: i32 },
    /// Outside [`FIRST_YEAR`]..=[`LAST_YEAR`].
    OutOfRange { first: i32 },
}

/// The first year a date or a school year may have: nothing the
/// partnership records is older; a year 0001 is a typing slip.
pub const FIRST_YEAR: i32 = 1900;
/// The last year a date or a school year may have.
pub const LAST_YEAR: i32 = 2199;

/// The first month of a school year.
const SEPTEMBER: u32 = 9;

impl SchoolYear {
    pub fn starting(start_year: i32) -> Self {
        SchoolYear { start_year }
    }

    /// The school year a date falls in: from September it is the year
    /// that starts then.
    pub fn containing(date: NaiveDate) -> Self {
        let start_year = if date.month() >= SEPTEMBER {
            date.year()
        } else {
            date.year() - 1
        };
        SchoolYear { start_year }
    }

    pub fn start_year(self) -> i32 {
        self.start_year
    }

    /// 1 September of the first year.
    pub fn first_day(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.start_year, SEPTEMBER, 1)
    }

    /// 31 August of the second year.
    pub fn last_day(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.start_year + 1, 8, 31)
    }

    /// The first day of each of its twelve months, September first.
    pub fn months(self) -> Vec<NaiveDate> {
        let Some(first) = self.first_day() else {
            return Vec::new();
        };
        (0..12)
            .filter_map(|offset| first.checked_add_months(Months::new(offset)))
            .collect()
    }

    /// Whether `date` falls in this school year.
    pub fn contains(self, date: NaiveDate) -> bool {
        SchoolYear::containing(date) == self
    }

    pub fn previous(self) -> Self {
        SchoolYear {
            start_year: self.start_year - 1,
        }
    }

    pub fn parse(input: &str) -> Result<Self, SchoolYearError> {
        let trimmed = input.trim();
        let (first, second) = trimmed
            .split_once(['-', '/'])
            .ok_or(SchoolYearError::BadShape)?;
        let read_year = |text: &str| -> Result<i32, SchoolYearError> {
            let text = text.trim();
            if text.len() != 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
                return Err(SchoolYearError::BadShape);
            }
            text.parse().map_err(|_| SchoolYearError::BadShape)
        };
        let first = read_year(first)?;
        let second = read_year(second)?;
        if second != first + 1 {
            return Err(SchoolYearError::NotConsecutive { first, second });
        }
        if !(FIRST_YEAR..LAST_YEAR).contains(&first) {
            return Err(SchoolYearError::OutOfRange { first });
        }
        Ok(SchoolYear { start_year: first })
    }
}

impl fmt::Display for SchoolYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.start_year, self.start_year + 1)
    }
}

impl TryFrom<String> for SchoolYear {
    type Error = SchoolYearError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        SchoolYear::parse(&value)
    }
}

impl From<SchoolYear> for String {
    fn from(value: SchoolYear) -> Self {
        value.to_string()
    }
}

impl fmt::Display for SchoolYearError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SchoolYearError::BadShape => f.write_str("a school year is written 2025-2026"),
            SchoolYearError::NotConsecutive { first, second } => {
                write!(f, "{second} does not follow {first}")
            }
            SchoolYearError::OutOfRange { first } => {
                write!(f, "{first} is outside {FIRST_YEAR}..{LAST_YEAR}")
            }
        }
    }
}

impl std::error::Error for SchoolYearError {}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DateError {
    /// None of the accepted forms: 28/11/2026, 4/1/27, 28/11, 2026-11-28, +7.
    BadShape,
    /// The form is right but the day does not exist (31/02/2026).
    NoSuchDay,
    /// An offset in days too large to mean anything (+100000).
    OffsetTooLarge,
    /// A year outside [`FIRST_YEAR`]..=[`LAST_YEAR`] (01/01/0001).
    OutOfRange,
}

/// The largest offset `+N` accepted, about ten years.
const MAX_OFFSET_DAYS: i64 = 3660;

/// Reads a date as a coordinator types it: `28/11/2026`, `4/1/27` (two
/// digits: this century), `28/11` (this year), `2026-11-28`, or `+7` /
/// `-3` (days from today).
pub fn parse_date(input: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    let date = parse_any_date(input, today)?;
    if !(FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        return Err(DateError::OutOfRange);
    }
    Ok(date)
}

fn parse_any_date(input: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    let text = input.trim();
    if let Some(sign) = text.chars().next().filter(|c| *c == '+' || *c == '-') {
        let digits = text[1..].trim();
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DateError::BadShape);
        }
        // Too many digits to parse is too far as well.
        let days: i64 = digits.parse().unwrap_or(i64::MAX);
        if days > MAX_OFFSET_DAYS {
            return Err(DateError::OffsetTooLarge);
        }
        let offset = Duration::days(if sign == '+' { days } else { -days });
        return today
            .checked_add_signed(offset)
            .ok_or(DateError::OffsetTooLarge);
    }
    let numbers = |parts: &[&str]| -> Result<Vec<u32>, DateError> {
        parts
            .iter()
            .map(|p| {
                if p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()) {
                    Err(DateError::BadShape)
                } else {
                    p.parse().map_err(|_| DateError::BadShape)
                }
            })
            .collect()
    };
    if text.contains('/') {
        let parts: Vec<&str> = text.split('/').collect();
        let n = numbers(&parts)?;
        let (day, month, year) = match n.as_slice() {
            [day, month] => (*day, *month, today.year()),
            [day, month, year] if parts[2].len() == 4 => (*day, *month, *year as i32),
            // Two digits are this century's year: 4/1/27 is 4 January 2027.
            [day, month, year] if parts[2].len() == 2 => (*day, *month, 2000 + *year as i32),
            _ => return Err(DateError::BadShape),
        };
        return NaiveDate::from_ymd_opt(year, month, day).ok_or(DateError::NoSuchDay);
    }
    let parts: Vec<&str> = text.split('-').collect();
    if parts.len() == 3 && parts[0].len() == 4 {
        let n = numbers(&parts)?;
        return NaiveDate::from_ymd_opt(n[0] as i32, n[1], n[2]).ok_or(DateError::NoSuchDay);
    }
    Err(DateError::BadShape)
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateError::BadShape => {
                f.write_str("expected a date such as 28/11/2026, 4/1/27, 28/11, 2026-11-28 or +7")
            }
            DateError::NoSuchDay => f.write_str("this day does not exist"),
            DateError::OffsetTooLarge => f.write_str("that is too far from today"),
            DateError::OutOfRange => {
                write!(f, "a year between {FIRST_YEAR} and {LAST_YEAR} is expected")
            }
        }
    }
}

impl std::error::Error for DateError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn a_year_of_two_digits_is_this_century() {
        let today = day(2026, 11, 28);
        assert_eq!(parse_date("4/1/27", today), Ok(day(2027, 1, 4)));
        assert_eq!(parse_date("04/01/2027", today), Ok(day(2027, 1, 4)));
        assert_eq!(parse_date("4/1/7", today), Err(DateError::BadShape));
        assert_eq!(parse_date("31/2/27", today), Err(DateError::NoSuchDay));
    }

    #[test]
    fn school_year_runs_september_to_august() {
        assert_eq!(
            SchoolYear::containing(day(2026, 9, 1)).to_string(),
            "2026-2027"
        );
        assert_eq!(
            SchoolYear::containing(day(2026, 8, 31)).to_string(),
            "2025-2026"
        );
        let year = SchoolYear::parse("2025-2026").expect("valid");
        assert_eq!(year.first_day(), Some(day(2025, 9, 1)));
        assert_eq!(year.last_day(), Some(day(2026, 8, 31)));
        assert!(year.contains(day(2025, 9, 1)));
        assert!(year.contains(day(2026, 8, 31)));
        assert!(!year.contains(day(2025, 8, 31)));
        assert!(!year.contains(day(2026, 9, 1)));
    }

    #[test]
    fn a_school_year_has_twelve_months_from_september() {
        let months = SchoolYear::starting(2025).months();
        assert_eq!(months.len(), 12);
        assert_eq!(months[0], day(2025, 9, 1));
        assert_eq!(months[3], day(2025, 12, 1));
        assert_eq!(months[4], day(2026, 1, 1));
        assert_eq!(months[11], day(2026, 8, 1));
    }

    #[test]
    fn school_year_errors_name_the_rule() {
        assert_eq!(SchoolYear::parse("2025"), Err(SchoolYearError::BadShape));
        assert_eq!(
            SchoolYear::parse("2025-2027"),
            Err(SchoolYearError::NotConsecutive {
                first: 2025,
                second: 2027
            })
        );
    }

    #[test]
    fn dates_in_every_accepted_form() {
        let today = day(2026, 11, 28);
        assert_eq!(parse_date("28/11/2026", today), Ok(today));
        assert_eq!(parse_date("3/1", today), Ok(day(2026, 1, 3)));
        assert_eq!(parse_date("2026-11-28", today), Ok(today));
        assert_eq!(parse_date("+7", today), Ok(day(2026, 12, 5)));
        assert_eq!(parse_date("-28", today), Ok(day(2026, 10, 31)));
    }

    #[test]
    fn bad_dates_name_the_rule() {
        let today = day(2026, 11, 28);
        assert_eq!(parse_date("31/02/2026", today), Err(DateError::NoSuchDay));
        assert_eq!(parse_date("2026-13-01", today), Err(DateError::NoSuchDay));
        assert_eq!(parse_date("demain", today), Err(DateError::BadShape));
        assert_eq!(parse_date("28/11/226", today), Err(DateError::BadShape));
        assert_eq!(parse_date("+99999", today), Err(DateError::OffsetTooLarge));
        assert_eq!(
            parse_date("+-200000000000000", today),
            Err(DateError::BadShape)
        );
        assert_eq!(parse_date("--5", today), Err(DateError::BadShape));
        assert_eq!(parse_date("+", today), Err(DateError::BadShape));
        assert_eq!(
            parse_date("+99999999999999999999999", today),
            Err(DateError::OffsetTooLarge)
        );
        assert_eq!(parse_date("", today), Err(DateError::BadShape));
    }
}
