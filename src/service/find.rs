//! The finder: records of any kind whose name matches what is typed,
//! loosely (`domain::fuzzy`: "lyc vltr" finds "Lycée Voltaire"), best
//! first, for a finder that jumps to any record. A UAI or SIRET being
//! typed finds its school or company directly.
//!
//! It reads bounded parts of the name indexes only, so a keystroke costs
//! the same at a million records: for each kind, the names starting with
//! the text as typed or with one of its first words (seeks, up to
//! [`SEEK_BUDGET_PER_KIND`] names in all), then the first [`SCAN_BUDGET_PER_KIND`] names from the start
//! of the index. Names are matched as the index holds them (folded):
//! nothing restricted is ever compared, and what is shown of a record
//! goes through `masking::present`.
//!
//! In a kind holding more names than the budget (at full size: all but
//! schools), a name whose first word is not typed and that lies past the
//! budget is not found: typing the start of its first word finds it (as
//! long as fewer names than the seek budget share that start).
//! Placements are not searched: they are named after their learner, who
//! is, and whose record leads to them. Immersions are, by the person's
//! name.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::domain::fuzzy;
use crate::domain::records::MAX_LINE;
use crate::domain::text::fold;
use crate::domain::{Kind, RecordRef};
use crate::service::list::code_prefix;
use crate::service::masking::present;
use crate::service::{Caller, Service, ServiceResult};
use crate::store::StoreResult;
use crate::store::keys::read_id;
use crate::store::read::KeyRange;
use crate::store::schema::TreeId;

/// The most matches answered.
pub const MAX_FOUND: u32 = 50;

/// How many names of one kind are read from the start of its index, past
/// those found by a seek. Far below a listing's scan budget
/// (`store::read::SCAN_BUDGET`): sled reads about three million index
/// entries a second here, and a keystroke must stay within a frame
/// (16 ms) over the seven kinds searched (see the benchmark's finder
/// figures in the README).
pub const SCAN_BUDGET_PER_KIND: usize = 5_000;

/// How many names starting with a typed word are read per kind, shared
/// between the typed words seeked: "m" alone must not read every name
/// starting with m.
pub const SEEK_BUDGET_PER_KIND: usize = 2_000;

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
        for kind in FOUND_KINDS {
            // As in lists, a code being typed is not also a name.
            match code_prefix(kind, &text) {
                Some(code) => self.find_codes(kind, &code, limit, &mut candidates)?,
                None if !query.is_empty() => {
                    self.find_names(kind, &query, limit, &mut candidates)?;
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

    /// Records of `kind` whose name matches `query` (folded): those
    /// starting with one of the first typed words, then those among the
    /// first names of the index.
    fn find_names(
        &self,
        kind: Kind,
        query: &str,
        limit: usize,
        candidates: &mut Vec<Candidate>,
    ) -> StoreResult<()> {
        let mut found: Vec<Candidate> = Vec::new();
        let mut visit = |key: &[u8], _: &[u8]| {
            let Some((name, id)) = name_entry(key) else {
                return;
            };
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
        let tree = TreeId::Name(kind);
        // Names starting as typed ("garage mor…": among many "garage de
        // …"), then names starting with one of the typed words.
        let mut starts: Vec<&str> = vec![query.trim()];
        for word in query.split(' ').filter(|w| !w.is_empty()) {
            if !starts.contains(&word) && starts.len() <= SEEKED_WORDS {
                starts.push(word);
            }
        }
        let per_start = SEEK_BUDGET_PER_KIND / starts.len();
        for start in starts {
            self.store.visit(
                tree,
                &KeyRange::prefix(start.as_bytes()),
                per_start,
                &mut visit,
            )?;
        }
        self.store
            .visit(tree, &KeyRange::all(), SCAN_BUDGET_PER_KIND, &mut visit)?;
        keep_best(&mut found, limit);
        candidates.append(&mut found);
        Ok(())
    }
}
