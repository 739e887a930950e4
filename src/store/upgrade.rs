//! Counters added after a store was made are counted once, when a program
//! that keeps them first opens it; the meta tree notes that it was done,
//! so every later open costs one read.

use std::collections::BTreeMap;

use crate::domain::Kind;
use crate::store::Store;
use crate::store::counters::{CountedMonth, CounterKey, encode_count};
use crate::store::error::StoreResult;
use crate::store::keys::read_date;
use crate::store::schema::{TreeId, meta_keys};
use crate::store::write::{Op, apply};

impl Store {
    /// Counts placements by start month if the store was made before
    /// those counters existed. Reads the keys of the placements' date
    /// index only (start date first): seconds at a million records, once.
    /// An unreadable entry is skipped: `check` reports it, and the counter
    /// it leaves wrong, rather than the store being refused.
    pub(crate) fn count_placement_months_once(&self) -> StoreResult<()> {
        let meta = self.tree(TreeId::Meta);
        if meta.get(meta_keys::PLACEMENT_MONTHS_COUNTED)?.is_some() {
            return Ok(());
        }
        let mut counts: BTreeMap<CounterKey, i64> = BTreeMap::new();
        for item in self.tree(TreeId::Date(Kind::Placement)).iter() {
            let (key, _) = item?;
            let month = key.get(..4).and_then(read_date).and_then(CountedMonth::of);
            if let Some(month) = month {
                *counts
                    .entry(CounterKey::PlacementMonth { month })
                    .or_default() += 1;
            }
        }
        let mut ops: Vec<Op> = counts
            .into_iter()
            .map(|(key, count)| {
                (
                    TreeId::Counters,
                    key.encode().to_vec(),
                    Some(encode_count(count).to_vec()),
                )
            })
            .collect();
        ops.push((
            TreeId::Meta,
            meta_keys::PLACEMENT_MONTHS_COUNTED.to_vec(),
            Some(vec![1]),
        ));
        apply(self, &ops)?;
        self.flush()
    }
}
