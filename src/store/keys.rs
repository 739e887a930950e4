//! Byte encodings of keys, chosen so that sled's byte order is the order
//! people want: ids big-endian, dates as order-preserving integers, names
//! folded and closed by a zero byte.

use chrono::{Datelike, NaiveDate};

use crate::domain::Kind;
use crate::domain::draft::DraftId;
use crate::domain::meta::RecordId;
use crate::domain::records::RecordRef;

pub fn id_key(id: RecordId) -> [u8; 8] {
    id.0.to_be_bytes()
}

pub fn read_id(bytes: &[u8]) -> Option<RecordId> {
    let array: [u8; 8] = bytes.try_into().ok()?;
    Some(RecordId(u64::from_be_bytes(array)))
}

/// The id at the end of a composite key.
pub fn trailing_id(key: &[u8]) -> Option<RecordId> {
    key.len()
        .checked_sub(8)
        .and_then(|start| read_id(&key[start..]))
}

/// Days since 1 January of year 1, sign bit flipped so that byte order is
/// date order.
pub fn date_key(date: NaiveDate) -> [u8; 4] {
    ((date.num_days_from_ce() as u32) ^ 0x8000_0000).to_be_bytes()
}

pub fn read_date(bytes: &[u8]) -> Option<NaiveDate> {
    let array: [u8; 4] = bytes.try_into().ok()?;
    let days = (u32::from_be_bytes(array) ^ 0x8000_0000) as i32;
    NaiveDate::from_num_days_from_ce_opt(days)
}

/// A key built from parts, in order.
#[derive(Default)]
pub struct KeyBuilder(Vec<u8>);

impl KeyBuilder {
    pub fn new() -> Self {
        KeyBuilder(Vec::with_capacity(32))
    }

    pub fn byte(mut self, byte: u8) -> Self {
        self.0.push(byte);
        self
    }

    pub fn id(mut self, id: RecordId) -> Self {
        self.0.extend_from_slice(&id_key(id));
        self
    }

    pub fn kind(self, kind: Kind) -> Self {
        self.byte(kind.ordinal())
    }

    pub fn date(mut self, date: NaiveDate) -> Self {
        self.0.extend_from_slice(&date_key(date));
        self
    }

    /// Folded text closed by a zero byte, so "ab" sorts before "abc" and
    /// no name is a prefix-collision of another's key.
    pub fn text(mut self, folded: &str) -> Self {
        self.0.extend(folded.bytes().filter(|b| *b != 0));
        self.0.push(0);
        self
    }

    pub fn raw(mut self, bytes: &[u8]) -> Self {
        self.0.extend_from_slice(bytes);
        self
    }

    pub fn build(self) -> Vec<u8> {
        self.0
    }
}

/// The key of what is kept about one record outside its own tree (its
/// tombstone, its consent): kind, then id.
pub fn record_ref_key(target: RecordRef) -> Vec<u8> {
    KeyBuilder::new().kind(target.kind).id(target.id).build()
}

/// The record a [`record_ref_key`] names.
pub fn read_record_ref_key(key: &[u8]) -> Option<RecordRef> {
    let (&kind, id) = key.split_first()?;
    Some(RecordRef::new(Kind::from_ordinal(kind)?, read_id(id)?))
}

/// The key of a deleted record's tombstone.
pub fn tombstone_key(target: RecordRef) -> Vec<u8> {
    record_ref_key(target)
}

/// The record a tombstone key names.
pub fn read_tombstone_key(key: &[u8]) -> Option<RecordRef> {
    read_record_ref_key(key)
}

/// The start of every key of an account's drafts: the account's bytes
/// closed by a zero byte. `None` for an account name holding a zero byte,
/// which would make one account's keys a prefix of another's (a Unix
/// account name never holds one).
pub fn draft_prefix(account: &str) -> Option<Vec<u8>> {
    if account.as_bytes().contains(&0) {
        return None;
    }
    Some(KeyBuilder::new().raw(account.as_bytes()).byte(0).build())
}

/// The key of one of an account's drafts.
pub fn draft_key(prefix: &[u8], id: &DraftId) -> Vec<u8> {
    KeyBuilder::new()
        .raw(prefix)
        .raw(&id.0.to_be_bytes())
        .build()
}

/// The account and draft number a draft key holds.
pub fn read_draft_key(key: &[u8]) -> Option<(String, DraftId)> {
    let split = key.len().checked_sub(9)?;
    let (account, rest) = key.split_at(split);
    let (&zero, id) = rest.split_first()?;
    if zero != 0 || account.contains(&0) {
        return None;
    }
    let account = String::from_utf8(account.to_vec()).ok()?;
    Some((account, DraftId(read_id(id)?.0)))
}

/// The smallest key greater than every key starting with `prefix`, for
/// range scans; `None` when no such key exists (all 0xFF).
pub fn prefix_end(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < 0xFF {
            end.push(last + 1);
            return Some(end);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_keys_sort_like_dates() {
        let dates = [
            NaiveDate::from_ymd_opt(-5, 1, 1),
            NaiveDate::from_ymd_opt(1999, 12, 31),
            NaiveDate::from_ymd_opt(2026, 11, 28),
            NaiveDate::from_ymd_opt(2026, 11, 29),
        ];
        let keys: Vec<[u8; 4]> = dates.iter().flatten().map(|d| date_key(*d)).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
        for date in dates.iter().flatten() {
            assert_eq!(read_date(&date_key(*date)), Some(*date));
        }
    }

    #[test]
    fn names_sort_before_their_extensions() {
        let short = KeyBuilder::new().text("ab").id(RecordId(9)).build();
        let long = KeyBuilder::new().text("abc").id(RecordId(1)).build();
        assert!(short < long);
        assert_eq!(trailing_id(&short), Some(RecordId(9)));
    }

    #[test]
    fn draft_keys_read_back_and_keep_accounts_apart() {
        let alice = draft_prefix("alice").expect("a usable account");
        let key = draft_key(&alice, &DraftId(7));
        assert_eq!(read_draft_key(&key), Some(("alice".to_owned(), DraftId(7))));
        // "alice" and "alice2" share letters, never a key prefix.
        let alice2 = draft_prefix("alice2").expect("a usable account");
        assert!(!draft_key(&alice2, &DraftId(1)).starts_with(&alice));
        assert_eq!(draft_prefix("ali\0ce"), None);
        assert_eq!(read_draft_key(&[1, 2, 3]), None);
    }

    #[test]
    fn tombstone_keys_read_back() {
        let target = RecordRef::new(Kind::Placement, RecordId(42));
        assert_eq!(read_tombstone_key(&tombstone_key(target)), Some(target));
        assert_eq!(read_tombstone_key(&[0xEE, 0, 0, 0, 0, 0, 0, 0, 1]), None);
    }

    #[test]
    fn prefix_end_bounds_the_prefix() {
        assert_eq!(prefix_end(&[1, 2]), Some(vec![1, 3]));
        assert_eq!(prefix_end(&[1, 0xFF]), Some(vec![2]));
        assert_eq!(prefix_end(&[0xFF]), None);
    }
}
