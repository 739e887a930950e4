//! How long a learner's personal data is kept (RGPD, article 3.2 of the
//! convention): a learner is anonymised once its last activity is more
//! than N school years old. The rule only; `service::purge` applies it.
//!
//! A learner's last activity is the latest end among its placements
//! (any status), or, with no placement, its own school year. It is due
//! when that school year plus N comes before the current one: with N = 2
//! in 2026-2027, a learner last active in 2023-2024 is anonymised, one
//! last active in 2024-2025 is kept (until 1 September 2027).

use chrono::NaiveDate;

use crate::domain::dates::SchoolYear;
use crate::domain::records::{Learner, Placement};

/// N when the configuration does not say.
pub const DEFAULT_AFTER_SCHOOL_YEARS: u32 = 2;

/// The largest N accepted: beyond a century the rule means nothing.
pub const MAX_AFTER_SCHOOL_YEARS: u32 = 100;

/// The day a placement last concerns its learner: its end (a placement
/// always has one; its start should the end ever come before it).
pub fn placement_activity(placement: &Placement) -> NaiveDate {
    placement.end.max(placement.start)
}

/// The school year of a learner's last activity: that of the latest of
/// `placement_days` (see [`placement_activity`]), or, with none, the
/// learner's own school year.
pub fn last_activity(
    learner: &Learner,
    placement_days: impl IntoIterator<Item = NaiveDate>,
) -> SchoolYear {
    placement_days
        .into_iter()
        .max()
        .map_or(learner.school_year, SchoolYear::containing)
}

/// Whether a learner last active in `last` is anonymised during
/// `current` when data is kept `after` school years: `last + after <
/// current`.
pub fn is_due(last: SchoolYear, current: SchoolYear, after: u32) -> bool {
    i64::from(last.start_year()) + i64::from(after) < i64::from(current.start_year())
}

/// The latest school year of last activity that is due during `current`.
pub fn last_year_due(current: SchoolYear, after: u32) -> SchoolYear {
    let start = i64::from(current.start_year()) - i64::from(after) - 1;
    SchoolYear::starting(i32::try_from(start).unwrap_or(i32::MIN))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::meta::{RecordId, RecordMeta, Restricted};
    use crate::domain::records::{Level, PlacementKind};
    use crate::domain::status::PlacementStatus;

    fn day(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).expect("a valid date")
    }

    fn learner(school_year: i32) -> Learner {
        Learner {
            meta: RecordMeta::new_record(),
            name: "Nour".to_owned(),
            level: Level::Seconde,
            school: RecordId(1),
            school_year: SchoolYear::starting(school_year),
            sensitive: Restricted::default(),
            notes: Restricted::default(),
        }
    }

    fn placement(start: NaiveDate, end: NaiveDate) -> Placement {
        Placement {
            meta: RecordMeta::new_record(),
            kind: PlacementKind::Pfmp,
            learner: RecordId(1),
            school: RecordId(1),
            company: None,
            tutor: None,
            start,
            end,
            status: PlacementStatus::Requested,
            signed_on: None,
            cancel_reason: None,
            notes: Restricted::default(),
        }
    }

    #[test]
    fn the_documented_example() {
        let current = SchoolYear::containing(day(2026, 11, 28));
        assert_eq!(current, SchoolYear::starting(2026));
        assert!(is_due(SchoolYear::starting(2023), current, 2));
        assert!(!is_due(SchoolYear::starting(2024), current, 2));
        assert!(!is_due(SchoolYear::starting(2026), current, 2));
        assert_eq!(last_year_due(current, 2), SchoolYear::starting(2023));
        // From 1 September 2027, 2024-2025 is due too.
        let next = SchoolYear::containing(day(2027, 9, 1));
        assert!(is_due(SchoolYear::starting(2024), next, 2));
    }

    #[test]
    fn the_latest_placement_counts_else_the_learners_year() {
        let pupil = learner(2020);
        assert_eq!(last_activity(&pupil, []), SchoolYear::starting(2020));
        let ends = [
            placement(day(2021, 1, 4), day(2021, 1, 29)),
            // Ends in July 2024: school year 2023-2024.
            placement(day(2024, 6, 3), day(2024, 7, 5)),
            placement(day(2022, 9, 5), day(2022, 9, 30)),
        ];
        assert_eq!(
            last_activity(&pupil, ends.iter().map(placement_activity)),
            SchoolYear::starting(2023)
        );
        // A placement ending on 1 September belongs to the year starting then.
        let straddling = placement(day(2024, 8, 20), day(2024, 9, 1));
        assert_eq!(
            last_activity(&pupil, [placement_activity(&straddling)]),
            SchoolYear::starting(2024)
        );
    }

    #[test]
    fn extreme_years_do_not_overflow() {
        assert!(!is_due(
            SchoolYear::starting(i32::MAX),
            SchoolYear::starting(i32::MIN),
            u32::MAX
        ));
        assert_eq!(
            last_year_due(SchoolYear::starting(i32::MIN), 5),
            SchoolYear::starting(i32::MIN)
        );
    }
}
