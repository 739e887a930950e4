//! What a record puts in the index trees and counters. One function,
//! used by every write and by `check`, so the two cannot disagree.

use std::collections::HashMap;

use crate::domain::Kind;
use crate::domain::academie::Academie;
use crate::domain::records::{AcademieSource, LinkRole, NameSource, Record, RecordRef};
use crate::domain::text::fold;
use crate::store::counters::{CountedMonth, CounterKey};
use crate::store::keys::KeyBuilder;
use crate::store::schema::TreeId;

/// What a record's index entries need from the records it links to: the
/// académie it belongs to and the (folded) name it is listed under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexContext {
    pub academie: Option<Academie>,
    pub folded_name: String,
}

/// One entry of an index tree.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IndexEntry {
    pub tree: TreeId,
    pub key: Vec<u8>,
    pub value: Vec<u8>,
}

/// The small summary stored with ordering-index entries, so a filtered
/// listing reads no record it does not show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub academie: Option<Academie>,
    pub status: Option<u8>,
    pub folded_name: String,
}

const NO_STATUS: u8 = 0xFF;

impl Summary {
    pub fn encode(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(2 + self.folded_name.len());
        bytes.push(self.academie.map_or(0, |a| a.ordinal() + 1));
        bytes.push(self.status.unwrap_or(NO_STATUS));
        bytes.extend_from_slice(self.folded_name.as_bytes());
        bytes
    }

    /// The académie alone, read without the rest (a report reads it
    /// from hundreds of thousands of entries). `None`: unreadable.
    pub fn academie_of(bytes: &[u8]) -> Option<Option<Academie>> {
        match *bytes.first()? {
            0 => Some(None),
            n => Academie::from_ordinal(n - 1).map(Some),
        }
    }

    pub fn decode(bytes: &[u8]) -> Option<Summary> {
        let (&academie, rest) = bytes.split_first()?;
        let (&status, name) = rest.split_first()?;
        let academie = match academie {
            0 => None,
            n => Some(Academie::from_ordinal(n - 1)?),
        };
        Some(Summary {
            academie,
            status: (status != NO_STATUS).then_some(status),
            folded_name: String::from_utf8(name.to_vec()).ok()?,
        })
    }
}

/// Every index entry of a record.
pub fn entries(record: &Record, context: &IndexContext) -> Vec<IndexEntry> {
    let kind = record.kind();
    let id = record.id();
    let summary = Summary {
        academie: context.academie,
        status: record.status_ordinal(),
        folded_name: context.folded_name.clone(),
    }
    .encode();
    let name_key = KeyBuilder::new().text(&context.folded_name).id(id).build();
    let mut entries = word_entries(kind, &name_key, &summary);
    entries.push(IndexEntry {
        tree: TreeId::Name(kind),
        key: name_key,
        value: summary.clone(),
    });
    if let Some(date) = record.date() {
        entries.push(IndexEntry {
            tree: TreeId::Date(kind),
            key: KeyBuilder::new().date(date).id(id).build(),
            value: summary.clone(),
        });
    }
    for link in record.links() {
        if indexed_by_placement_trees(kind, link.role) {
            continue;
        }
        entries.push(IndexEntry {
            tree: TreeId::Links,
            key: KeyBuilder::new()
                .kind(link.target.kind)
                .id(link.target.id)
                .kind(kind)
                .id(id)
                .build(),
            value: vec![link.role.ordinal()],
        });
    }
    match record {
        Record::School(school) => entries.push(IndexEntry {
            tree: TreeId::Uai,
            key: school.uai.as_str().as_bytes().to_vec(),
            value: KeyBuilder::new().id(id).build(),
        }),
        Record::Company(company) => entries.push(IndexEntry {
            tree: TreeId::Siret,
            key: company.siret.as_str().as_bytes().to_vec(),
            value: KeyBuilder::new().id(id).build(),
        }),
        Record::Placement(placement) => {
            let status = placement.status.ordinal();
            entries.push(IndexEntry {
                tree: TreeId::PlacementStatus,
                key: KeyBuilder::new()
                    .byte(status)
                    .date(placement.start)
                    .id(id)
                    .build(),
                value: summary,
            });
            entries.push(IndexEntry {
                tree: TreeId::PlacementSchool,
                key: KeyBuilder::new()
                    .id(placement.school)
                    .byte(status)
                    .date(placement.start)
                    .id(id)
                    .build(),
                value: Vec::new(),
            });
            if let Some(company) = placement.company {
                entries.push(IndexEntry {
                    tree: TreeId::PlacementCompany,
                    key: KeyBuilder::new()
                        .id(company)
                        .byte(status)
                        .date(placement.start)
                        .id(id)
                        .build(),
                    value: Vec::new(),
                });
            }
        }
        Record::Immersion(immersion) => entries.push(IndexEntry {
            tree: TreeId::ImmersionStatus,
            key: KeyBuilder::new()
                .byte(immersion.status.ordinal())
                .date(immersion.start)
                .id(id)
                .build(),
            value: summary,
        }),
        Record::Agreement(agreement) => {
            if let Some(deadline) = agreement.notice_deadline() {
                entries.push(IndexEntry {
                    tree: TreeId::AgreementNotice,
                    key: KeyBuilder::new().date(deadline).id(id).build(),
                    value: vec![agreement.status.ordinal()],
                });
            }
        }
        Record::Contact(_) | Record::Learner(_) | Record::Event(_) => {}
    }
    entries
}

/// The word index's entries of a name, from its name-index entry (key
/// and summary): one per distinct word after the first (the name index
/// finds a name by the start of its first word already).
pub fn word_entries(kind: Kind, name_key: &[u8], summary: &[u8]) -> Vec<IndexEntry> {
    let Some(name) = name_key
        .len()
        .checked_sub(9)
        .and_then(|end| std::str::from_utf8(&name_key[..end]).ok())
    else {
        return Vec::new();
    };
    let mut words = name.split(' ').filter(|w| !w.is_empty());
    let first = words.next();
    let mut words: Vec<&str> = words.filter(|word| Some(*word) != first).collect();
    words.sort_unstable();
    words.dedup();
    let value = summary.get(..2).unwrap_or_default().to_vec();
    words
        .into_iter()
        .map(|word| IndexEntry {
            tree: TreeId::Words,
            key: KeyBuilder::new()
                .kind(kind)
                .text(word)
                .raw(name_key)
                .build(),
            value: value.clone(),
        })
        .collect()
}

/// A word-index entry read back: the name index's key it stands for and
/// the summary it carries (académie, status, folded name).
pub fn read_word_entry(key: &[u8], value: &[u8]) -> Option<(Vec<u8>, Summary)> {
    let rest = key.get(1..)?;
    let word_end = rest.iter().position(|b| *b == 0)?;
    let name_key = &rest[word_end + 1..];
    let (academie, status, folded_name) = name_entry_facts(name_key, value)?;
    Some((
        name_key.to_vec(),
        Summary {
            academie,
            status,
            folded_name: folded_name.to_owned(),
        },
    ))
}

/// What an entry of the name index or the word index says of its record,
/// read in place (a filter reads thousands of them): the académie and
/// status at the start of its value, the folded name from the name
/// index's key (`name_key`: name, 0, id).
pub fn name_entry_facts<'a>(
    name_key: &'a [u8],
    value: &[u8],
) -> Option<(Option<Academie>, Option<u8>, &'a str)> {
    let name_end = name_key.len().checked_sub(9)?;
    if name_key[name_end] != 0 {
        return None;
    }
    let folded_name = std::str::from_utf8(&name_key[..name_end]).ok()?;
    let academie = match *value.first()? {
        0 => None,
        n => Some(Academie::from_ordinal(n - 1)?),
    };
    let status = *value.get(1)?;
    Some((
        academie,
        (status != NO_STATUS).then_some(status),
        folded_name,
    ))
}

/// The start of the word-index keys of `kind`'s words beginning with
/// `prefix` (folded).
pub fn word_prefix(kind: Kind, prefix: &str) -> Vec<u8> {
    let mut key = vec![kind.ordinal()];
    key.extend(prefix.bytes().filter(|b| *b != 0));
    key
}

/// A placement's school and company are found through the placement
/// indexes by school and by company; the links tree does not repeat them
/// (two writes fewer for the most numerous record).
pub fn indexed_by_placement_trees(kind: Kind, role: LinkRole) -> bool {
    kind == Kind::Placement && matches!(role, LinkRole::School | LinkRole::Company)
}

/// The counters a record adds one to while it exists.
pub fn counters(record: &Record, context: &IndexContext) -> Vec<CounterKey> {
    let academie = context.academie;
    let mut keys = vec![CounterKey::Records {
        kind: record.kind(),
        academie,
    }];
    match record {
        Record::Placement(placement) => {
            keys.push(CounterKey::PlacementStatus {
                status: placement.status,
                academie,
            });
            for missing in placement.missing() {
                keys.push(CounterKey::PlacementMissing { missing, academie });
            }
            // Placements starting outside 2000–2255 are not counted by month.
            if let Some(month) = CountedMonth::of(placement.start) {
                keys.push(CounterKey::PlacementMonth { month });
            }
        }
        Record::Immersion(immersion) => keys.push(CounterKey::ImmersionStatus {
            status: immersion.status,
            academie,
        }),
        _ => {}
    }
    keys
}

/// Sums counter changes: -1 for each key of the old version, +1 for each
/// of the new, dropping those that cancel out.
pub fn counter_deltas(old: &[CounterKey], new: &[CounterKey]) -> HashMap<CounterKey, i64> {
    let mut deltas: HashMap<CounterKey, i64> = HashMap::new();
    for key in old {
        *deltas.entry(*key).or_default() -= 1;
    }
    for key in new {
        *deltas.entry(*key).or_default() += 1;
    }
    deltas.retain(|_, delta| *delta != 0);
    deltas
}

/// What a record lends to the index context of the records that point at
/// it: its own académie and its own (folded) name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetFacts {
    pub academie: Option<Academie>,
    pub folded_name: String,
}

impl TargetFacts {
    pub fn of(record: &Record) -> TargetFacts {
        TargetFacts {
            academie: match record.academie_source() {
                AcademieSource::Own(academie) => academie,
                AcademieSource::Of(_) => None,
            },
            folded_name: match record.name_source() {
                NameSource::Own(name) => fold(name),
                NameSource::Of(_) => String::new(),
            },
        }
    }
}

/// The index context of a record, asking `facts_of` about the records
/// its académie or name come from.
pub fn context_of<E>(
    record: &Record,
    mut facts_of: impl FnMut(RecordRef) -> Result<Option<TargetFacts>, E>,
) -> Result<IndexContext, E> {
    let academie = match record.academie_source() {
        AcademieSource::Own(academie) => academie,
        AcademieSource::Of(target) => facts_of(target)?.and_then(|facts| facts.academie),
    };
    let folded_name = match record.name_source() {
        NameSource::Own(name) => fold(name),
        NameSource::Of(target) => facts_of(target)?
            .map(|facts| facts.folded_name)
            .unwrap_or_default(),
    };
    Ok(IndexContext {
        academie,
        folded_name,
    })
}

/// Whether a change from `old` to `new` changes the index context of the
/// records that point at it: schools and companies lend their académie,
/// learners their name (placements are listed under it).
pub fn changes_dependent_contexts(old: &Record, new: &Record) -> bool {
    let (before, after) = (TargetFacts::of(old), TargetFacts::of(new));
    match new.kind() {
        Kind::School | Kind::Company => before.academie != after.academie,
        Kind::Learner => before.folded_name != after.folded_name,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_round_trip() {
        let summary = Summary {
            academie: Some(Academie::Versailles),
            status: Some(2),
            folded_name: "lycee hoche".into(),
        };
        assert_eq!(Summary::decode(&summary.encode()), Some(summary));
        let empty = Summary {
            academie: None,
            status: None,
            folded_name: String::new(),
        };
        assert_eq!(Summary::decode(&empty.encode()), Some(empty));
        assert_eq!(Summary::decode(&[9, 0]), None);
        let paris = Summary {
            academie: Some(Academie::Paris),
            status: None,
            folded_name: "x".into(),
        };
        assert_eq!(
            Summary::academie_of(&paris.encode()),
            Some(Some(Academie::Paris))
        );
        assert_eq!(Summary::academie_of(&[0, 1]), Some(None));
        assert_eq!(Summary::academie_of(&[9]), None);
    }

    #[test]
    fn every_distinct_word_of_a_name_reads_back_as_its_name_entry() {
        let summary = Summary {
            academie: Some(Academie::Creteil),
            status: Some(3),
            folded_name: "jean zay jean de zay".into(),
        };
        let name_key = KeyBuilder::new()
            .text(&summary.folded_name)
            .id(crate::domain::RecordId(42))
            .build();
        let entries = word_entries(Kind::School, &name_key, &summary.encode());
        // The first word is the name index's: not repeated.
        let words: Vec<&[u8]> = entries
            .iter()
            .filter_map(|e| e.key[1..].split(|b| *b == 0).next())
            .collect();
        assert_eq!(words, vec![b"de".as_slice(), b"zay".as_slice()]);
        for entry in &entries {
            assert!(entry.key.starts_with(&word_prefix(Kind::School, "")));
            let (key, read) = read_word_entry(&entry.key, &entry.value).expect("reads back");
            assert_eq!(key, name_key);
            assert_eq!(read, summary);
        }
        assert!(entries[1].key.starts_with(&word_prefix(Kind::School, "za")));
        assert!(
            !entries[1]
                .key
                .starts_with(&word_prefix(Kind::Company, "za"))
        );
        assert!(word_entries(Kind::School, &[0; 9], &summary.encode()).is_empty());
    }
}
