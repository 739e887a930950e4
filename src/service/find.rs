//! The finder: records of any kind whose name matches what is typed,
//! loosely (`domain::fuzzy`: "lyc vltr" finds "Lycée Voltaire"), best
//! first, for a finder that jumps to any record. A UAI or SIRET being
//! typed finds its school or company directly.
//!
//! It reads bounded parts of the name indexes only, so a keystroke costs
//! about the same at a million records. A kind holding at most
//! [`WHOLE_KIND_NAMES`] records (the schools of the three académies, and
//! at a partnership's size every kind) has every name matched. In a
//! larger kind, only the names starting with the text as typed, and the
//! names having a word that starts with one of its first words (the name
//! index for a first word, the word index for a later one), are (seeks,
//! up to [`SEEK_BUDGET_PER_KIND`] names in all): typing the start of any
//! word of a name finds it, as long as fewer names than that seek's
//! share of the budget (the budget divided by the seeks: 300 for one
//! typed word) share a word with that start. Names are matched as the
//! index holds them (folded): nothing restricted is ever
//! compared, and what is shown of a record goes through
//! `masking::present`.
//!
//! Placements are not searched: they are named after their learner, who
//! is, and whose record leads to them. Immersions are, by the person's
//! name.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use crate::domain::fuzzy;
use crate::domain::records::MAX_LINE;
use crate::domain::text::fold;
use crate::domain::{Kind, RecordRef};
use crate::service::list::code_prefix;
use crate::service::masking::present;
use crate::service::{Caller, Service, ServiceResult};
use crate::store::StoreResult;
use crate::store::indexing::{read_word_entry, word_prefix};
use crate::store::keys::read_id;
use crate::store::read::KeyRange;
use crate::store::schema::TreeId;

/// The most matches answered.
pub const MAX_FOUND: u32 = 50;

/// A kind with at most this many records has every name matched. Reading
/// them costs about 1 ms per thousand names (sled reads about a million
/// index entries a second here): a keystroke stays within a few frames at
/// this size, and the ten thousand covers every school of the three
/// académies, primary schools included.
pub const WHOLE_KIND_NAMES: i64 = 10_000;

/// How many names are read per kind in a larger kind, shared between
/// the seeks (the whole text, each typed word): "m" alone must not read
/// every name with a word starting with m. Fifty are shown at most; the
/// best of six hundred starting alike is as good a choice as the best of
/// more.
pub const SEEK_BUDGET_PER_KIND: usize = 600;

/// The typed words that get a seek of their own (the first ones), besides
/// the whole text.
pub const SEEKED_WORDS: usize = 4;

/// The kinds searched, in the order matches of equal score and name come.
pub const FOUND_KINDS: [Kind; 7] = [
    Kind::School,
    Kind::Company,
    Kind::Contact,
    Kind::Learner,
    Kind::Immersion,
    Kind::Event,
    Kind::Agreement,
];

/// The score of a school or company whose whole UAI or SIRET is typed, and
/// of one whose code starts with what is typed: above any name's (a name
/// scores at most [`fuzzy::MAX_WORD_SCORE`] per typed word, and a text of
/// at most `MAX_LINE` characters holds at most half as many words).
pub const CODE_EXACT_SCORE: u32 = 1_000_000;
pub const CODE_PREFIX_SCORE: u32 = 500_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindRequest {
    /// What is typed; only its first `MAX_LINE` (200) characters count.
    pub text: String,
    /// How many matches at most, from 1 to [`MAX_FOUND`].
    pub limit: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindResponse {
    /// Best first: by score, then by name.
    pub matches: Vec<Found>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Found {
    pub reference: RecordRef,
    /// What the record is called in lists ("Lycée Hoche (0780422H)").
    pub label: String,
    /// Higher is better; comparable within one answer only.
    pub score: u32,
}

/// The names of one small kind, folded as its index holds them, with the
/// generation of the index they were read at.
#[derive(Debug, Clone)]
struct KindNames {
    generation: u64,
    names: SharedNames,
}

/// Folded names and their records' numbers, in index order.
type SharedNames = Arc<Vec<(Box<str>, crate::domain::RecordId)>>;

/// The names of the kinds the finder matches whole, kept in memory
/// between finds: reading seven thousand entries from sled costs about
/// 2.5 ms, matching them in memory a fraction of that. A kind's copy is
/// read again after any write to its name index. At most
/// [`WHOLE_KIND_NAMES`] per kind: well under a megabyte each.
#[derive(Debug, Default)]
pub(crate) struct NamesInMemory(Mutex<HashMap<Kind, KindNames>>);

/// A record found, before it is read.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Candidate {
    score: u32,
    /// The folded name (a code for code hits), second sort key.
    name: String,
    reference: RecordRef,
}

impl Candidate {
    fn rank(&self) -> (std::cmp::Reverse<u32>, &str, usize, RecordRef) {
        let kind_order = FOUND_KINDS
            .iter()
            .position(|k| *k == self.reference.kind)
            .unwrap_or(FOUND_KINDS.len());
        (
            std::cmp::Reverse(self.score),
            &self.name,
            kind_order,
            self.reference,
        )
    }
}

/// Keeps the best candidates, best first, each record once, at most
/// `limit`.
fn keep_best(candidates: &mut Vec<Candidate>, limit: usize) {
    candidates.sort_by(|a, b| a.rank().cmp(&b.rank()));
    let mut seen = HashSet::new();
    candidates.retain(|c| seen.insert(c.reference));
    candidates.truncate(limit);
}

/// The folded name and record id of a name-index key (name, 0, id).
fn name_entry(key: &[u8]) -> Option<(&str, crate::domain::RecordId)> {
    let split = key.len().checked_sub(9)?;
    let (name, rest) = key.split_at(split);
    let (&zero, id) = rest.split_first()?;
    if zero != 0 {
        return None;
    }
    Some((std::str::from_utf8(name).ok()?, read_id(id)?))
}

impl Service {
    pub fn find(&self, caller: &Caller, request: &FindRequest) -> ServiceResult<FindResponse> {
        self.identify(caller)?;
        let limit = request.limit.clamp(1, MAX_FOUND) as usize;
        // A name is at most MAX_LINE characters: a longer text adds only
        // work.
        let text: String = request.text.chars().take(MAX_LINE).collect();
        let query = fold(&text);
        let mut candidates = Vec::new();
        let counters = self.store.counters()?;
        for kind in FOUND_KINDS {
            // As in lists, a code being typed is not also a name.
            match code_prefix(kind, &text) {
                Some(code) => self.find_codes(kind, &code, limit, &mut candidates)?,
                None if !query.is_empty() => {
                    let whole = counters.records(kind) <= WHOLE_KIND_NAMES;
                    self.find_names(kind, &query, limit, whole, &mut candidates)?;
                }
                None => {}
            }
        }
        keep_best(&mut candidates, limit);
        let mut names = self.names();
        let mut matches = Vec::with_capacity(candidates.len());
        for candidate in candidates {
            // Gone since its index entry was read: skipped.
            let Some(record) = self.store.get(candidate.reference)? else {
                continue;
            };
            let record = present(caller, record);
            matches.push(Found {
                reference: candidate.reference,
                label: names.label(&record)?,
                score: candidate.score,
            });
        }
        Ok(FindResponse { matches })
    }

    /// Schools or companies whose UAI or SIRET starts with `code`.
    fn find_codes(
        &self,
        kind: Kind,
        code: &str,
        limit: usize,
        candidates: &mut Vec<Candidate>,
    ) -> StoreResult<()> {
        let tree = match kind {
            Kind::School => TreeId::Uai,
            _ => TreeId::Siret,
        };
        let mut visit = |key: &[u8], value: &[u8]| {
            let Some(id) = read_id(value) else { return };
            let exact = key == code.as_bytes();
            candidates.push(Candidate {
                score: if exact {
                    CODE_EXACT_SCORE
                } else {
                    CODE_PREFIX_SCORE
                },
                name: String::from_utf8_lossy(key).into_owned(),
                reference: RecordRef::new(kind, id),
            });
        };
        // In code order: the first `limit` are all that can be shown.
        self.store
            .visit(tree, &KeyRange::prefix(code.as_bytes()), limit, &mut visit)?;
        Ok(())
    }

    /// Records of `kind` whose name matches `query` (folded): every name
    /// when `whole`, otherwise those starting with the text or one of the
    /// first typed words.
    fn find_names(
        &self,
        kind: Kind,
        query: &str,
        limit: usize,
        whole: bool,
        candidates: &mut Vec<Candidate>,
    ) -> StoreResult<()> {
        let mut found: Vec<Candidate> = Vec::new();
        let mut score = |name: &str, id: crate::domain::RecordId| {
            if let Some(score) = fuzzy::score(name, query) {
                found.push(Candidate {
                    score,
                    name: name.to_owned(),
                    reference: RecordRef::new(kind, id),
                });
                // Bounded memory when a short text matches most names.
                if found.len() >= 4 * limit {
                    keep_best(&mut found, limit);
                }
            }
        };
        if whole {
            for (name, id) in self.names_of(kind)?.iter() {
                score(name, *id);
            }
            keep_best(&mut found, limit);
            candidates.append(&mut found);
            return Ok(());
        }
        // Names starting as typed ("garage mor…": among many "garage de
        // …"), then names with a word starting with one of the typed
        // words: their first word from the name index, a later one from
        // the word index.
        let whole_text = query.trim();
        let mut words: Vec<&str> = Vec::new();
        for word in query.split(' ').filter(|w| !w.is_empty()) {
            if !words.contains(&word) && words.len() < SEEKED_WORDS {
                words.push(word);
            }
        }
        let mut seeks: Vec<(TreeId, Vec<u8>)> = Vec::new();
        if words != [whole_text] {
            seeks.push((TreeId::Name(kind), whole_text.as_bytes().to_vec()));
        }
        for word in &words {
            seeks.push((TreeId::Name(kind), word.as_bytes().to_vec()));
            seeks.push((TreeId::Words, word_prefix(kind, word)));
        }
        let per_seek = SEEK_BUDGET_PER_KIND / seeks.len().max(1);
        for (tree, prefix) in seeks {
            self.store.visit(
                tree,
                &KeyRange::prefix(&prefix),
                per_seek,
                &mut |key, value| {
                    let name_key = match tree {
                        TreeId::Words => read_word_entry(key, value).map(|(name_key, _)| name_key),
                        _ => Some(key.to_vec()),
                    };
                    if let Some((name, id)) = name_key.as_deref().and_then(name_entry) {
                        score(name, id);
                    }
                },
            )?;
        }
        keep_best(&mut found, limit);
        candidates.append(&mut found);
        Ok(())
    }

    /// Every name of a small `kind`, from memory when its index has not
    /// changed since they were read.
    fn names_of(&self, kind: Kind) -> StoreResult<SharedNames> {
        let tree = TreeId::Name(kind);
        let generation = self.store.generation(tree);
        let cached = self
            .names_in_memory
            .0
            .lock()
            .ok()
            .and_then(|kinds| kinds.get(&kind).cloned());
        if let Some(cached) = cached.filter(|c| c.generation == generation) {
            return Ok(cached.names);
        }
        let mut names = Vec::new();
        // Bounded, a little over the kind's size in case records came
        // since the counters were read.
        let budget = usize::try_from(WHOLE_KIND_NAMES).unwrap_or(usize::MAX) * 2;
        self.store
            .visit(tree, &KeyRange::all(), budget, &mut |key, _| {
                if let Some((name, id)) = name_entry(key) {
                    names.push((Box::from(name), id));
                }
            })?;
        let names = Arc::new(names);
        // A poisoned lock only costs the copy: it is read again next time.
        if let Ok(mut kinds) = self.names_in_memory.0.lock() {
            kinds.insert(
                kind,
                KindNames {
                    generation,
                    names: Arc::clone(&names),
                },
            );
        }
        Ok(names)
    }
}
