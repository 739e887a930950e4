//! Reads: a record by id or code, a deleted record, who points at a
//! record, the counters, and pages of an index in order.

use crate::domain::identifiers::{Siret, Uai};
use crate::domain::records::{LinkRole, Record, RecordRef};
use crate::domain::{Kind, RecordId};
use crate::store::Store;
use crate::store::counters::{CounterKey, Counters, decode_count};
use crate::store::error::{StoreError, StoreResult};
use crate::store::keys::{
    KeyBuilder, id_key, prefix_end, read_id, read_tombstone_key, tombstone_key, trailing_id,
};
use crate::store::record_bytes::decode_record;
use crate::store::schema::TreeId;

/// One range of [`Store::merged_scan`]: the entries of `tree` starting
/// with `prefix`, in name-index order, the name index's key starting at
/// `name_at` in each (0 in the name index itself, after the word in the
/// word index).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergedSource {
    pub tree: TreeId,
    pub prefix: Vec<u8>,
    pub name_at: usize,
}

/// The next entry of one source of [`Store::merged_scan`], ordered by
/// what follows its source's prefix (the name index's key), then source.
struct Head {
    key: sled::IVec,
    value: sled::IVec,
    offset: usize,
    source: usize,
}

impl Head {
    fn name_key(&self) -> &[u8] {
        self.key.get(self.offset..).unwrap_or_default()
    }
}

impl PartialEq for Head {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}

impl Eq for Head {}

impl PartialOrd for Head {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Head {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.name_key(), self.source).cmp(&(other.name_key(), other.source))
    }
}

/// Where a page starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Position {
    First,
    Last,
    /// The rows after this key, forwards.
    After(Vec<u8>),
    /// The rows before this key, backwards (shown in forward order).
    Before(Vec<u8>),
    /// The rows from this key on, forwards, the key itself included: a
    /// page read again where it stood.
    From(Vec<u8>),
    /// The rows up to this key, backwards, the key itself included.
    UpTo(Vec<u8>),
}

/// The keys a scan may visit: from `start` (included) to `end`
/// (excluded; `None` for the end of the tree).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRange {
    pub start: Vec<u8>,
    pub end: Option<Vec<u8>>,
}

impl KeyRange {
    pub fn all() -> Self {
        KeyRange {
            start: Vec::new(),
            end: None,
        }
    }

    /// Every key starting with `prefix`.
    pub fn prefix(prefix: &[u8]) -> Self {
        KeyRange {
            start: prefix.to_vec(),
            end: prefix_end(prefix),
        }
    }

    pub fn between(start: Vec<u8>, end: Vec<u8>) -> Self {
        KeyRange {
            start,
            end: Some(end),
        }
    }
}

/// A page of an index: rows in forward order, and whether more rows
/// match beyond the page in the direction of travel.
#[derive(Debug, Clone, Default)]
pub struct ScanPage {
    pub rows: Vec<(Vec<u8>, Vec<u8>)>,
    pub more: bool,
    /// When the page stopped at its reading budget rather than at its
    /// limit: the last key read, where a next page goes on from, so that
    /// a filter matching little still moves forward.
    pub resume: Option<Vec<u8>>,
}

/// How many index entries a page may look at before it stops: a filter
/// that matches almost nothing must not read a million entries per
/// keystroke. Past it, `more` is reported as true.
pub const SCAN_BUDGET: usize = 200_000;

impl Store {
    pub fn get(&self, target: RecordRef) -> StoreResult<Option<Record>> {
        self.tree(TreeId::Records(target.kind))
            .get(id_key(target.id))?
            .map(|bytes| decode_record(target.kind, target.id, &bytes))
            .transpose()
    }

    /// A deleted record, as it was stored, while it can be restored.
    pub fn tombstone(&self, target: RecordRef) -> StoreResult<Option<Record>> {
        self.tree(TreeId::Tombstones)
            .get(tombstone_key(target))?
            .map(|bytes| decode_record(target.kind, target.id, &bytes))
            .transpose()
    }

    /// Every record of `kind`, by number. Reads the whole tree: for rare
    /// operations (a purge), never for a screen.
    pub fn records(&self, kind: Kind) -> impl Iterator<Item = StoreResult<Record>> + '_ {
        self.tree(TreeId::Records(kind)).iter().map(move |item| {
            let (key, bytes) = item?;
            let id = read_id(&key).ok_or_else(|| self.damaged("a record key is unreadable"))?;
            decode_record(kind, id, &bytes)
        })
    }

    /// The records of `kind` among `ids` (ascending), in one walk over
    /// the part of its tree between the first and the last: when the
    /// numbers lie close together, far cheaper than a lookup each. Only
    /// the records asked for are decoded; numbers without a record are
    /// left out.
    pub fn records_among<'a>(
        &'a self,
        kind: Kind,
        ids: &'a [RecordId],
    ) -> Box<dyn Iterator<Item = StoreResult<Record>> + 'a> {
        let (Some(first), Some(last)) = (ids.first(), ids.last()) else {
            return Box::new(std::iter::empty());
        };
        let range = self
            .tree(TreeId::Records(kind))
            .range(id_key(*first)..=id_key(*last));
        let mut wanted = ids.iter().peekable();
        Box::new(range.filter_map(move |item| {
            let (key, bytes) = match item {
                Ok(entry) => entry,
                Err(error) => return Some(Err(error.into())),
            };
            let Some(id) = read_id(&key) else {
                return Some(Err(self.damaged("a record key is unreadable")));
            };
            while wanted.next_if(|next| **next < id).is_some() {}
            wanted
                .next_if(|next| **next == id)
                .map(|_| decode_record(kind, id, &bytes))
        }))
    }

    /// Every deleted record of `kind` kept for restoring, by number.
    pub fn tombstones(&self, kind: Kind) -> impl Iterator<Item = StoreResult<Record>> + '_ {
        let prefix = KeyBuilder::new().kind(kind).build();
        self.tree(TreeId::Tombstones)
            .scan_prefix(prefix)
            .map(move |item| {
                let (key, bytes) = item?;
                let target = read_tombstone_key(&key)
                    .ok_or_else(|| self.damaged("a deleted record's key is unreadable"))?;
                decode_record(target.kind, target.id, &bytes)
            })
    }

    pub fn school_by_uai(&self, uai: &Uai) -> StoreResult<Option<RecordId>> {
        Ok(self
            .tree(TreeId::Uai)
            .get(uai.as_str().as_bytes())?
            .and_then(|v| read_id(&v)))
    }

    pub fn company_by_siret(&self, siret: &Siret) -> StoreResult<Option<RecordId>> {
        Ok(self
            .tree(TreeId::Siret)
            .get(siret.as_str().as_bytes())?
            .and_then(|v| read_id(&v)))
    }

    /// Every record pointing at `target`, with the part `target` plays.
    pub fn dependents(&self, target: RecordRef) -> StoreResult<Vec<(RecordRef, LinkRole)>> {
        let prefix = KeyBuilder::new().kind(target.kind).id(target.id).build();
        let mut found = self.links_under(&prefix)?;
        // Placements point at their school and company through their own
        // indexes (see `indexing::indexed_by_placement_trees`).
        let placement_tree = match target.kind {
            Kind::School => Some((TreeId::PlacementSchool, LinkRole::School)),
            Kind::Company => Some((TreeId::PlacementCompany, LinkRole::Company)),
            _ => None,
        };
        if let Some((tree, role)) = placement_tree {
            for item in self.tree(tree).scan_prefix(id_key(target.id)) {
                let (key, _) = item?;
                let id = trailing_id(&key)
                    .ok_or_else(|| self.damaged("a placement index entry is unreadable"))?;
                found.push((RecordRef::new(Kind::Placement, id), role));
            }
        }
        Ok(found)
    }

    /// The records pointing at `target` through the links tree, in one
    /// read of its entries (not a placement's school or company: see
    /// `dependents`).
    pub fn linked_to(&self, target: RecordRef) -> StoreResult<Vec<RecordRef>> {
        let prefix = KeyBuilder::new().kind(target.kind).id(target.id).build();
        Ok(self
            .links_under(&prefix)?
            .into_iter()
            .map(|(source, _)| source)
            .collect())
    }

    fn links_under(&self, prefix: &[u8]) -> StoreResult<Vec<(RecordRef, LinkRole)>> {
        let mut found = Vec::new();
        for item in self.tree(TreeId::Links).scan_prefix(prefix) {
            let (key, value) = item?;
            let source = key
                .get(9)
                .and_then(|k| Kind::from_ordinal(*k))
                .zip(key.get(10..18).and_then(read_id));
            let role = value.first().and_then(|r| LinkRole::from_ordinal(*r));
            match (source, role) {
                (Some((kind, id)), Some(role)) => found.push((RecordRef::new(kind, id), role)),
                _ => return Err(self.damaged("a link entry is unreadable")),
            }
        }
        Ok(found)
    }

    /// Every counter; an unreadable one is damage, reported by `check`.
    pub fn counters(&self) -> StoreResult<Counters> {
        let (counters, unreadable) = self.readable_counters()?;
        if unreadable.is_empty() {
            Ok(counters)
        } else {
            Err(self.damaged("a counter is unreadable"))
        }
    }

    /// The counters that read back, and the keys of those that do not.
    pub(crate) fn readable_counters(&self) -> StoreResult<(Counters, Vec<Vec<u8>>)> {
        let mut counters = Counters::default();
        let mut unreadable = Vec::new();
        for item in self.tree(TreeId::Counters).iter() {
            let (key, value) = item?;
            match (CounterKey::decode(&key), decode_count(&value)) {
                (Some(counter), Some(count)) => counters.add(counter, count),
                _ => unreadable.push(key.to_vec()),
            }
        }
        Ok((counters, unreadable))
    }

    /// Shows `visit` the entries of `tree` within `range`, in order, at
    /// most `budget` of them. Returns whether the range was read to its
    /// end.
    pub fn visit(
        &self,
        tree: TreeId,
        range: &KeyRange,
        budget: usize,
        visit: &mut dyn FnMut(&[u8], &[u8]),
    ) -> StoreResult<bool> {
        use std::ops::Bound::{Excluded, Included, Unbounded};
        let end = match &range.end {
            Some(end) => Excluded(end.clone()),
            None => Unbounded,
        };
        let entries = self
            .tree(tree)
            .range::<Vec<u8>, _>((Included(range.start.clone()), end));
        for (examined, item) in entries.enumerate() {
            if examined >= budget {
                return Ok(false);
            }
            let (key, value) = item?;
            visit(&key, &value);
        }
        Ok(true)
    }

    /// Reads a page of `tree`, within `range`, from `position`, keeping
    /// the rows `keep(key, value)` accepts.
    pub fn scan(
        &self,
        tree: TreeId,
        range: &KeyRange,
        position: &Position,
        limit: usize,
        keep: &dyn Fn(&[u8], &[u8]) -> bool,
    ) -> StoreResult<ScanPage> {
        use std::ops::Bound::{Excluded, Included, Unbounded};
        let tree = self.tree(tree);
        let start = Included(range.start.clone());
        let end = match &range.end {
            Some(end) => Excluded(end.clone()),
            None => Unbounded,
        };
        let (forwards, entries) = match position {
            Position::First => (true, tree.range::<Vec<u8>, _>((start, end))),
            Position::Last => (false, tree.range::<Vec<u8>, _>((start, end))),
            Position::After(key) => {
                let from = if *key < range.start {
                    Included(range.start.clone())
                } else {
                    Excluded(key.clone())
                };
                (true, tree.range::<Vec<u8>, _>((from, end)))
            }
            Position::Before(key) => {
                let to = match &range.end {
                    Some(end) if end < key => Excluded(end.clone()),
                    _ => Excluded(key.clone()),
                };
                (false, tree.range::<Vec<u8>, _>((start, to)))
            }
            Position::From(key) => {
                let from = if *key < range.start {
                    Included(range.start.clone())
                } else {
                    Included(key.clone())
                };
                (true, tree.range::<Vec<u8>, _>((from, end)))
            }
            Position::UpTo(key) => {
                let to = match &range.end {
                    Some(end) if end <= key => Excluded(end.clone()),
                    _ => Included(key.clone()),
                };
                (false, tree.range::<Vec<u8>, _>((start, to)))
            }
        };
        let iter: Box<dyn Iterator<Item = sled::Result<(sled::IVec, sled::IVec)>>> = if forwards {
            Box::new(entries)
        } else {
            Box::new(entries.rev())
        };
        let mut page = ScanPage::default();
        let mut last_read: Option<sled::IVec> = None;
        for (examined, item) in iter.enumerate() {
            if examined >= SCAN_BUDGET {
                page.more = true;
                page.resume = last_read.map(|key| key.to_vec());
                break;
            }
            let (key, value) = item?;
            last_read = Some(key.clone());
            if !keep(&key, &value) {
                continue;
            }
            if page.rows.len() == limit {
                page.more = true;
                break;
            }
            page.rows.push((key.to_vec(), value.to_vec()));
        }
        if !forwards {
            page.rows.reverse();
        }
        Ok(page)
    }

    /// The distinct words after the first of `kind`'s names starting with
    /// `prefix` (folded), as ranges of the word index (kind, word, 0):
    /// one seek per word. `None` when there are more than `most`.
    pub fn words_starting(
        &self,
        kind: crate::domain::Kind,
        prefix: &str,
        most: usize,
    ) -> StoreResult<Option<Vec<MergedSource>>> {
        let tree = self.tree(TreeId::Words);
        let start = crate::store::indexing::word_prefix(kind, prefix);
        let mut from = start.clone();
        let mut words = Vec::new();
        loop {
            let Some(item) = tree.range::<Vec<u8>, _>(from.clone()..).next() else {
                break;
            };
            let (key, _) = item?;
            if !key.starts_with(&start) {
                break;
            }
            // The word ends at its zero byte; a key without one is
            // damaged (`check` names it) and skipped.
            let Some(end) = key.iter().skip(1).position(|b| *b == 0) else {
                from = key.to_vec();
                from.push(0);
                continue;
            };
            if words.len() == most {
                return Ok(None);
            }
            let word = key[..end + 2].to_vec();
            // Past every key of this word: its zero byte raised to one.
            from = key[..end + 1].to_vec();
            from.push(1);
            words.push(MergedSource {
                tree: TreeId::Words,
                name_at: word.len(),
                prefix: word,
            });
        }
        Ok(Some(words))
    }

    /// A page read through several ranges at once, each in name-index
    /// order (from [`MergedSource`]s), merged in that order, each name
    /// once: the names having a word that starts as typed, from
    /// `position` (given in name-index keys), as [`Store::scan`] reads a
    /// page. `keep` sees each entry's name-index key and value.
    pub fn merged_scan(
        &self,
        merged: &[MergedSource],
        position: &Position,
        limit: usize,
        keep: &dyn Fn(&[u8], &[u8]) -> bool,
    ) -> StoreResult<ScanPage> {
        use std::cmp::Reverse;
        use std::collections::BinaryHeap;
        use std::ops::Bound::{Excluded, Included, Unbounded};
        type Entries = Box<dyn Iterator<Item = sled::Result<(sled::IVec, sled::IVec)>>>;
        let forwards = matches!(
            position,
            Position::First | Position::After(_) | Position::From(_)
        );
        // Each source's entries, and where the name-index key starts in
        // their keys.
        let mut sources: Vec<(Entries, usize)> = Vec::with_capacity(merged.len());
        for source in merged {
            let prefix = &source.prefix;
            let end = prefix_end(prefix);
            // The position's key as this range holds it, kept within it.
            let at = |key: &[u8]| [&prefix[..source.name_at], key].concat();
            let below_end = |key: &Vec<u8>| end.as_ref().is_none_or(|end| key < end);
            let lower = match position {
                Position::After(key) if at(key) >= *prefix => Excluded(at(key)),
                Position::From(key) if at(key) >= *prefix => Included(at(key)),
                _ => Included(prefix.clone()),
            };
            let upper = match position {
                Position::Before(key) if below_end(&at(key)) => Excluded(at(key)),
                Position::UpTo(key) if below_end(&at(key)) => Included(at(key)),
                _ => match &end {
                    Some(end) => Excluded(end.clone()),
                    None => Unbounded,
                },
            };
            // A position past this range's end (or before its start):
            // nothing to read from it.
            let empty = match (&lower, &upper) {
                (Included(low) | Excluded(low), Excluded(high)) => low >= high,
                (Included(low), Included(high)) => low > high,
                (Excluded(low), Included(high)) => low >= high,
                _ => false,
            };
            if empty {
                continue;
            }
            let entries = self.tree(source.tree).range::<Vec<u8>, _>((lower, upper));
            let entries: Entries = if forwards {
                Box::new(entries)
            } else {
                Box::new(entries.rev())
            };
            sources.push((entries, source.name_at));
        }
        // The next entry of each source, by what follows its prefix:
        // the smallest first going forwards, the largest going back.
        let mut forward_heads: BinaryHeap<Reverse<Head>> = BinaryHeap::new();
        let mut backward_heads: BinaryHeap<Head> = BinaryHeap::new();
        let push = |source: usize,
                    sources: &mut Vec<(Entries, usize)>,
                    forward_heads: &mut BinaryHeap<Reverse<Head>>,
                    backward_heads: &mut BinaryHeap<Head>|
         -> StoreResult<()> {
            let (entries, name_at) = &mut sources[source];
            if let Some(item) = entries.next() {
                let (key, value) = item?;
                let head = Head {
                    key,
                    value,
                    offset: *name_at,
                    source,
                };
                if forwards {
                    forward_heads.push(Reverse(head));
                } else {
                    backward_heads.push(head);
                }
            }
            Ok(())
        };
        for source in 0..sources.len() {
            push(
                source,
                &mut sources,
                &mut forward_heads,
                &mut backward_heads,
            )?;
        }
        let mut page = ScanPage::default();
        let mut last: Option<Head> = None;
        let mut examined = 0;
        loop {
            let head = if forwards {
                forward_heads.pop().map(|Reverse(head)| head)
            } else {
                backward_heads.pop()
            };
            let Some(head) = head else {
                break;
            };
            push(
                head.source,
                &mut sources,
                &mut forward_heads,
                &mut backward_heads,
            )?;
            // A name having two words with the typed start comes once.
            if last
                .as_ref()
                .is_some_and(|last| last.name_key() == head.name_key())
            {
                continue;
            }
            if examined >= SCAN_BUDGET {
                page.more = true;
                page.resume = last.map(|last| last.name_key().to_vec());
                break;
            }
            examined += 1;
            let kept = keep(head.name_key(), &head.value);
            let name_key = head.name_key().to_vec();
            last = Some(head);
            if !kept {
                continue;
            }
            if page.rows.len() == limit {
                page.more = true;
                break;
            }
            page.rows.push((name_key, Vec::new()));
        }
        if !forwards {
            page.rows.reverse();
        }
        Ok(page)
    }

    pub(crate) fn damaged(&self, detail: &str) -> StoreError {
        StoreError::Corrupt {
            path: self.path().to_owned(),
            detail: detail.to_owned(),
        }
    }
}
