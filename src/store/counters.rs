//! Counts kept up to date by every write, so that the status summary
//! reads a few hundred keys at most instead of scanning a million records.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use crate::domain::Kind;
use crate::domain::academie::Academie;
use crate::domain::records::Missing;
use crate::domain::status::{ImmersionStatus, PlacementStatus};

/// A month a counter key can name: one byte holds the year, so from
/// January 2000 to December 2255. Holds the month's first day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountedMonth(NaiveDate);

impl CountedMonth {
    pub const FIRST_YEAR: i32 = 2000;
    pub const LAST_YEAR: i32 = CountedMonth::FIRST_YEAR + u8::MAX as i32;

    /// The month `date` falls in; `None` outside 2000–2255.
    pub fn of(date: NaiveDate) -> Option<CountedMonth> {
        if !(CountedMonth::FIRST_YEAR..=CountedMonth::LAST_YEAR).contains(&date.year()) {
            return None;
        }
        date.with_day(1).map(CountedMonth)
    }

    pub fn first_day(self) -> NaiveDate {
        self.0
    }

    fn encode(self) -> [u8; 2] {
        // In range by construction.
        let year = (self.0.year() - CountedMonth::FIRST_YEAR) as u8;
        [year, self.0.month() as u8]
    }

    fn decode(year: u8, month: u8) -> Option<CountedMonth> {
        let year = CountedMonth::FIRST_YEAR + i32::from(year);
        NaiveDate::from_ymd_opt(year, u32::from(month), 1).map(CountedMonth)
    }
}

/// What one counter counts. Most are split by académie (`None`: outside
/// Île-de-France or not tied to one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CounterKey {
    Records {
        kind: Kind,
        academie: Option<Academie>,
    },
    PlacementStatus {
        status: PlacementStatus,
        academie: Option<Academie>,
    },
    /// Pending placements lacking something.
    PlacementMissing {
        missing: Missing,
        academie: Option<Academie>,
    },
    ImmersionStatus {
        status: ImmersionStatus,
        academie: Option<Academie>,
    },
    /// Placements starting in a month, every académie together (the
    /// dashboard's chart of the school year).
    PlacementMonth { month: CountedMonth },
}

fn academie_byte(academie: Option<Academie>) -> u8 {
    academie.map_or(0, |a| a.ordinal() + 1)
}

fn read_academie(byte: u8) -> Option<Option<Academie>> {
    match byte {
        0 => Some(None),
        n => Academie::from_ordinal(n - 1).map(Some),
    }
}

impl CounterKey {
    pub fn encode(self) -> [u8; 3] {
        match self {
            CounterKey::Records { kind, academie } => [1, kind.ordinal(), academie_byte(academie)],
            CounterKey::PlacementStatus { status, academie } => {
                [2, status.ordinal(), academie_byte(academie)]
            }
            CounterKey::PlacementMissing { missing, academie } => {
                [3, missing.ordinal(), academie_byte(academie)]
            }
            CounterKey::ImmersionStatus { status, academie } => {
                [4, status.ordinal(), academie_byte(academie)]
            }
            CounterKey::PlacementMonth { month } => {
                let [year, month] = month.encode();
                [5, year, month]
            }
        }
    }

    pub fn decode(bytes: &[u8]) -> Option<CounterKey> {
        let [tag, what, last] = bytes.try_into().ok()?;
        if tag == 5 {
            return Some(CounterKey::PlacementMonth {
                month: CountedMonth::decode(what, last)?,
            });
        }
        let academie = read_academie(last)?;
        Some(match tag {
            1 => CounterKey::Records {
                kind: Kind::from_ordinal(what)?,
                academie,
            },
            2 => CounterKey::PlacementStatus {
                status: PlacementStatus::from_ordinal(what)?,
                academie,
            },
            3 => CounterKey::PlacementMissing {
                missing: Missing::from_ordinal(what)?,
                academie,
            },
            4 => CounterKey::ImmersionStatus {
                status: ImmersionStatus::from_ordinal(what)?,
                academie,
            },
            _ => return None,
        })
    }
}

pub fn encode_count(count: i64) -> [u8; 8] {
    count.to_be_bytes()
}

pub fn decode_count(bytes: &[u8]) -> Option<i64> {
    Some(i64::from_be_bytes(bytes.try_into().ok()?))
}

/// Every counter of the store, read at once (they are few).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counters(pub HashMap<CounterKey, i64>);

impl Counters {
    pub fn get(&self, key: CounterKey) -> i64 {
        self.0.get(&key).copied().unwrap_or(0)
    }

    /// The total over every académie (and none) of a counter family.
    fn total(&self, key: impl Fn(Option<Academie>) -> CounterKey) -> i64 {
        std::iter::once(None)
            .chain(Academie::ALL.iter().copied().map(Some))
            .map(|academie| self.get(key(academie)))
            .sum()
    }

    pub fn records(&self, kind: Kind) -> i64 {
        self.total(|academie| CounterKey::Records { kind, academie })
    }

    pub fn placements(&self, status: PlacementStatus) -> i64 {
        self.total(|academie| CounterKey::PlacementStatus { status, academie })
    }

    pub fn placements_missing(&self, missing: Missing) -> i64 {
        self.total(|academie| CounterKey::PlacementMissing { missing, academie })
    }

    pub fn immersions(&self, status: ImmersionStatus) -> i64 {
        self.total(|academie| CounterKey::ImmersionStatus { status, academie })
    }

    /// Placements starting in `month`.
    pub fn placements_starting(&self, month: CountedMonth) -> i64 {
        self.get(CounterKey::PlacementMonth { month })
    }

    pub fn add(&mut self, key: CounterKey, delta: i64) {
        *self.0.entry(key).or_default() += delta;
    }

    /// The same counts without the zeros, for comparisons.
    pub fn without_zeros(&self) -> Counters {
        Counters(
            self.0
                .iter()
                .filter(|(_, v)| **v != 0)
                .map(|(k, v)| (*k, *v))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        let keys = [
            CounterKey::Records {
                kind: Kind::Learner,
                academie: None,
            },
            CounterKey::PlacementStatus {
                status: PlacementStatus::Done,
                academie: Some(Academie::Paris),
            },
            CounterKey::PlacementMissing {
                missing: Missing::Tutor,
                academie: Some(Academie::Versailles),
            },
            CounterKey::ImmersionStatus {
                status: ImmersionStatus::Done,
                academie: Some(Academie::Creteil),
            },
            CounterKey::PlacementMonth {
                month: month(2026, 11),
            },
            CounterKey::PlacementMonth {
                month: month(2000, 1),
            },
            CounterKey::PlacementMonth {
                month: month(2255, 12),
            },
        ];
        for key in keys {
            assert_eq!(CounterKey::decode(&key.encode()), Some(key));
        }
        assert_eq!(CounterKey::decode(&[7, 0, 0]), None);
        assert_eq!(
            CounterKey::PlacementMonth {
                month: month(2026, 11)
            }
            .encode(),
            [5, 26, 11]
        );
        // No month 0 or 13.
        assert_eq!(CounterKey::decode(&[5, 26, 0]), None);
        assert_eq!(CounterKey::decode(&[5, 26, 13]), None);
    }

    fn month(year: i32, month: u32) -> CountedMonth {
        let day = NaiveDate::from_ymd_opt(year, month, 17).expect("a valid test date");
        CountedMonth::of(day).expect("a month that can be counted")
    }

    #[test]
    fn months_are_counted_from_2000_to_2255() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a valid test date");
        assert_eq!(month(2026, 11).first_day(), day(2026, 11, 1));
        assert_eq!(CountedMonth::of(day(1999, 12, 31)), None);
        assert_eq!(CountedMonth::of(day(2256, 1, 1)), None);
        assert!(CountedMonth::of(day(2000, 1, 1)).is_some());
        assert!(CountedMonth::of(day(2255, 12, 31)).is_some());
    }

    #[test]
    fn totals_add_every_academie() {
        let mut counters = Counters::default();
        counters.add(
            CounterKey::Records {
                kind: Kind::School,
                academie: Some(Academie::Paris),
            },
            2,
        );
        counters.add(
            CounterKey::Records {
                kind: Kind::School,
                academie: None,
            },
            1,
        );
        assert_eq!(counters.records(Kind::School), 3);
        assert_eq!(counters.records(Kind::Company), 0);
    }
}
