//! `check`: every record decodes, every index entry and counter matches
//! the records, every link resolves, the audit trail, the drafts and the
//! deleted records kept for restoring read back.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::domain::records::{ContactOrganisation, LinkRole, Record, RecordRef};
use crate::domain::{Kind, RecordId};
use crate::store::Store;
use crate::store::audit::{GENESIS, decode_audit, hash_of};
use crate::store::consents::decode_consent;
use crate::store::counters::{CounterKey, Counters};
use crate::store::draft_bytes::decode_draft;
use crate::store::error::{StoreError, StoreResult};
use crate::store::indexing::{TargetFacts, context_of, counters, entries};
use crate::store::keys::{
    id_key, read_draft_key, read_id, read_record_ref_key, read_tombstone_key, trailing_id,
};
use crate::store::record_bytes::decode_record;
use crate::store::schema::{TreeId, meta_keys};

/// One inconsistency found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    /// A stored record does not decode.
    DamagedRecord {
        kind: Kind,
        id: RecordId,
        detail: String,
    },
    /// A record's index entry is absent.
    MissingIndexEntry { index: String, record: RecordRef },
    /// A record's index entry holds the wrong value.
    WrongIndexEntry { index: String, record: RecordRef },
    /// An index entry no record accounts for.
    StrayIndexEntry {
        index: String,
        record: Option<RecordRef>,
    },
    /// A record points at one that does not exist.
    BrokenLink {
        from: RecordRef,
        role: LinkRole,
        to: RecordRef,
    },
    /// A kept count differs from the records.
    WrongCounter {
        counter: String,
        stored: i64,
        counted: i64,
    },
    /// A counter that does not read back (key in hexadecimal).
    DamagedCounter { key: String },
    /// A stored record holds a masked value instead of the real one.
    MaskedValueStored { record: RecordRef },
    /// A placement's tutor no longer works at its company.
    TutorNotOfCompany {
        placement: RecordRef,
        tutor: RecordRef,
    },
    /// The id sequence of a kind is behind its records: the next record
    /// would take an existing id.
    IdSequenceBehind {
        kind: Kind,
        last_given: u64,
        highest: u64,
    },
    /// An audit entry does not read back, or is out of sequence.
    DamagedAuditEntry { sequence: u64, detail: String },
    /// An audit entry is not chained to the one before it (`at_end`: the
    /// last entry does not match the hash kept in the meta tree): an
    /// entry was altered, removed or reordered.
    AuditChainBroken { sequence: u64, at_end: bool },
    /// A draft does not read back (id 0: its key is unreadable).
    DamagedDraft {
        account: String,
        id: u64,
        detail: String,
    },
    /// A deleted record kept for restoring does not read back (no record
    /// named: its key is unreadable).
    DamagedTombstone {
        record: Option<RecordRef>,
        detail: String,
    },
    /// A deleted record is kept while a record lives under its id: one of
    /// the two was not written as it should have been.
    TombstoneOfLiveRecord { record: RecordRef },
    /// A consent does not read back (no record named: its key is
    /// unreadable).
    DamagedConsent {
        record: Option<RecordRef>,
        detail: String,
    },
    /// A consent is kept for a record that neither lives nor is kept
    /// deleted.
    ConsentOfNoRecord { record: RecordRef },
    /// The note of the revision an import wrote does not read back, or
    /// names a revision the record never reached.
    DamagedImportNote {
        record: Option<RecordRef>,
        detail: String,
    },
    /// An import note is kept for a record that neither lives nor is
    /// kept deleted.
    ImportNoteOfNoRecord { record: RecordRef },
    /// A demonstration mark that names no record (`None`: its key does
    /// not read), or a record that neither lives nor is kept deleted.
    DemoMarkOfNoRecord { record: Option<RecordRef> },
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckReport {
    pub records: u64,
    pub index_entries: u64,
    pub audit_entries: u64,
    /// Drafts read back (not records).
    #[serde(default)]
    pub drafts: u64,
    /// Deleted records kept for restoring (not records either).
    #[serde(default)]
    pub tombstones: u64,
    pub problems: Vec<Problem>,
    /// Files in the store's `set-aside` directory: snapshots sled could
    /// not read, moved there at an open (`store::snapshots`). Not
    /// problems: kept for whoever wants to look.
    #[serde(default)]
    pub set_aside: Vec<String>,
}

impl CheckReport {
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }
}

/// The most stray entries named one by one; past that they are counted.
const MAX_STRAYS_NAMED: usize = 50;

impl Store {
    /// Verifies the whole store. Reads everything once: minutes at a
    /// million records, never run on a hot path.
    pub fn check(&self) -> StoreResult<CheckReport> {
        let mut report = CheckReport {
            set_aside: crate::store::snapshots::set_aside_in(&self.path),
            ..CheckReport::default()
        };
        let mut facts_cache: HashMap<RecordRef, Option<TargetFacts>> = HashMap::new();
        let mut found_entries: HashMap<TreeId, u64> = HashMap::new();
        let mut expected_counters = Counters::default();
        let mut highest_ids: HashMap<Kind, u64> = HashMap::new();

        for kind in Kind::ALL.iter().copied() {
            let mut highest = 0;
            for item in self.tree(TreeId::Records(kind)).iter() {
                let (key, bytes) = item?;
                let Some(id) = read_id(&key) else {
                    report.problems.push(Problem::DamagedRecord {
                        kind,
                        id: RecordId(0),
                        detail: "unreadable key".into(),
                    });
                    continue;
                };
                highest = highest.max(id.0);
                report.records += 1;
                let record = match decode_record(kind, id, &bytes) {
                    Ok(record) => record,
                    Err(error) => {
                        report.problems.push(Problem::DamagedRecord {
                            kind,
                            id,
                            detail: error.to_string(),
                        });
                        continue;
                    }
                };
                self.check_links(&record, &mut facts_cache, &mut report)?;
                if record.has_masked_fields() {
                    report.problems.push(Problem::MaskedValueStored {
                        record: record.reference(),
                    });
                }
                self.check_tutor(&record, &mut report)?;
                let context = context_of(&record, |target| {
                    self.cached_facts(target, &mut facts_cache)
                })?;
                for entry in entries(&record, &context) {
                    let index = entry.tree.name();
                    match self.tree(entry.tree).get(&entry.key)? {
                        None => report.problems.push(Problem::MissingIndexEntry {
                            index,
                            record: record.reference(),
                        }),
                        Some(value) => {
                            *found_entries.entry(entry.tree).or_default() += 1;
                            if value.as_ref() != entry.value.as_slice() {
                                report.problems.push(Problem::WrongIndexEntry {
                                    index,
                                    record: record.reference(),
                                });
                            }
                        }
                    }
                }
                for key in counters(&record, &context) {
                    expected_counters.add(key, 1);
                }
            }
            highest_ids.insert(kind, highest);
        }

        // A deleted record's id is taken too: restoring it must not meet
        // a record numbered after it.
        self.check_tombstones(&mut highest_ids, &mut report)?;
        for kind in Kind::ALL.iter().copied() {
            let highest = highest_ids.get(&kind).copied().unwrap_or(0);
            let last_given = self.meta_u64(&meta_keys::last_id(kind))?;
            if highest > last_given {
                report.problems.push(Problem::IdSequenceBehind {
                    kind,
                    last_given,
                    highest,
                });
            }
        }
        self.check_drafts(&mut report)?;
        self.check_consents(&mut report)?;
        self.check_import_notes(&mut report)?;
        self.check_demo_marks(&mut report)?;

        for tree in TreeId::all()
            .into_iter()
            .filter(|t| t.is_derived() && *t != TreeId::Counters)
        {
            let actual = self.tree(tree).len() as u64;
            report.index_entries += actual;
            let matched = found_entries.get(&tree).copied().unwrap_or(0);
            if actual > matched {
                self.name_strays(tree, actual - matched, &mut report)?;
            }
        }

        self.check_counters(&expected_counters, &mut report)?;
        {
            // The chain's end moves with every write: read it whole
            // between two writes, not across one.
            let _guard = self.lock();
            self.check_audit(&mut report)?;
        }
        Ok(report)
    }

    fn cached_facts(
        &self,
        target: RecordRef,
        cache: &mut HashMap<RecordRef, Option<TargetFacts>>,
    ) -> StoreResult<Option<TargetFacts>> {
        if let Some(facts) = cache.get(&target) {
            return Ok(facts.clone());
        }
        let facts = match self.get(target) {
            Ok(record) => record.map(|r| TargetFacts::of(&r)),
            // Reported when its own tree is checked.
            Err(StoreError::CorruptRecord { .. }) => None,
            Err(other) => return Err(other),
        };
        cache.insert(target, facts.clone());
        Ok(facts)
    }

    fn check_links(
        &self,
        record: &Record,
        cache: &mut HashMap<RecordRef, Option<TargetFacts>>,
        report: &mut CheckReport,
    ) -> StoreResult<()> {
        for link in record.links() {
            let exists = cache.get(&link.target).map(Option::is_some);
            let exists = match exists {
                Some(exists) => exists,
                None => self.cached_facts(link.target, cache)?.is_some(),
            };
            if !exists {
                report.problems.push(Problem::BrokenLink {
                    from: record.reference(),
                    role: link.role,
                    to: link.target,
                });
            }
        }
        Ok(())
    }

    /// A placement's tutor works at its company (the rule is checked when
    /// the placement is saved; the tutor may have moved since).
    fn check_tutor(&self, record: &Record, report: &mut CheckReport) -> StoreResult<()> {
        let Record::Placement(placement) = record else {
            return Ok(());
        };
        let (Some(tutor), Some(company)) = (placement.tutor, placement.company) else {
            return Ok(());
        };
        let tutor = RecordRef::new(Kind::Contact, tutor);
        if let Ok(Some(Record::Contact(contact))) = self.get(tutor) {
            if contact.organisation != ContactOrganisation::Company(company) {
                report.problems.push(Problem::TutorNotOfCompany {
                    placement: record.reference(),
                    tutor,
                });
            }
        }
        Ok(())
    }

    /// Names the entries of `tree` that no record accounts for (up to a
    /// limit), or counts them.
    fn name_strays(&self, tree: TreeId, count: u64, report: &mut CheckReport) -> StoreResult<()> {
        let mut named = 0;
        for item in self.tree(tree).iter() {
            if named >= MAX_STRAYS_NAMED {
                break;
            }
            let (key, value) = item?;
            let owner = owner_of_entry(tree, &key, &value);
            let accounted = match owner {
                None => false,
                Some(owner) => match self.get(owner) {
                    Ok(Some(record)) => {
                        // A damaged target is reported on its own.
                        let context = context_of(&record, |target| match self.get(target) {
                            Ok(record) => Ok(record.map(|r| TargetFacts::of(&r))),
                            Err(StoreError::CorruptRecord { .. }) => Ok(None),
                            Err(other) => Err(other),
                        })?;
                        entries(&record, &context)
                            .iter()
                            .any(|e| e.tree == tree && e.key == key.as_ref())
                    }
                    _ => false,
                },
            };
            if !accounted {
                named += 1;
                report.problems.push(Problem::StrayIndexEntry {
                    index: tree.name(),
                    record: owner,
                });
            }
        }
        let unnamed = count.saturating_sub(named as u64);
        if named == 0 && unnamed > 0 {
            report.problems.push(Problem::StrayIndexEntry {
                index: tree.name(),
                record: None,
            });
        }
        Ok(())
    }

    fn check_counters(&self, expected: &Counters, report: &mut CheckReport) -> StoreResult<()> {
        let (stored, unreadable) = self.readable_counters()?;
        for key in unreadable {
            report.problems.push(Problem::DamagedCounter {
                key: key.iter().map(|b| format!("{b:02x}")).collect(),
            });
        }
        let stored = stored.without_zeros();
        let expected = expected.without_zeros();
        let mut keys: Vec<CounterKey> = stored.0.keys().chain(expected.0.keys()).copied().collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            let (stored, counted) = (stored.get(key), expected.get(key));
            if stored != counted {
                report.problems.push(Problem::WrongCounter {
                    counter: format!("{key:?}"),
                    stored,
                    counted,
                });
            }
        }
        Ok(())
    }

    /// Every tombstone decodes under its key, and no record lives under
    /// its id. Tombstones are neither counted as records nor indexed.
    fn check_tombstones(
        &self,
        highest_ids: &mut HashMap<Kind, u64>,
        report: &mut CheckReport,
    ) -> StoreResult<()> {
        for item in self.tree(TreeId::Tombstones).iter() {
            let (key, bytes) = item?;
            report.tombstones += 1;
            let Some(target) = read_tombstone_key(&key) else {
                report.problems.push(Problem::DamagedTombstone {
                    record: None,
                    detail: "unreadable key".into(),
                });
                continue;
            };
            let highest = highest_ids.entry(target.kind).or_default();
            *highest = (*highest).max(target.id.0);
            if let Err(error) = decode_record(target.kind, target.id, &bytes) {
                report.problems.push(Problem::DamagedTombstone {
                    record: Some(target),
                    detail: error.to_string(),
                });
            }
            if self
                .tree(TreeId::Records(target.kind))
                .contains_key(id_key(target.id))?
            {
                report
                    .problems
                    .push(Problem::TombstoneOfLiveRecord { record: target });
            }
        }
        Ok(())
    }

    /// Every consent decodes, and belongs to a record that lives or is kept
    /// deleted.
    fn check_consents(&self, report: &mut CheckReport) -> StoreResult<()> {
        for item in self.tree(TreeId::Consents).iter() {
            let (key, bytes) = item?;
            let Some(target) = read_record_ref_key(&key) else {
                report.problems.push(Problem::DamagedConsent {
                    record: None,
                    detail: "unreadable key".into(),
                });
                continue;
            };
            if let Err(error) = decode_consent(&bytes) {
                report.problems.push(Problem::DamagedConsent {
                    record: Some(target),
                    detail: error.to_string(),
                });
            }
            let lives = self
                .tree(TreeId::Records(target.kind))
                .contains_key(id_key(target.id))?;
            if !lives && self.tombstone(target)?.is_none() {
                report
                    .problems
                    .push(Problem::ConsentOfNoRecord { record: target });
            }
        }
        Ok(())
    }

    /// Every note of what an import wrote reads back as a revision the
    /// record reached, and belongs to a record that lives or is kept
    /// deleted (a restored record keeps its note).
    fn check_import_notes(&self, report: &mut CheckReport) -> StoreResult<()> {
        for item in self.tree(TreeId::Imported).iter() {
            let (key, bytes) = item?;
            let Some(target) = read_record_ref_key(&key) else {
                report.problems.push(Problem::DamagedImportNote {
                    record: None,
                    detail: "unreadable key".into(),
                });
                continue;
            };
            let Some(revision) = crate::store::write::read_import_note(&bytes) else {
                report.problems.push(Problem::DamagedImportNote {
                    record: Some(target),
                    detail: format!("{} bytes, not a revision", bytes.len()),
                });
                continue;
            };
            let reached = match self.get(target) {
                Ok(Some(record)) => Some(record.meta().revision),
                // A damaged record is reported by the records' check.
                Err(_) => continue,
                Ok(None) => self
                    .tombstone(target)
                    .ok()
                    .flatten()
                    .map(|r| r.meta().revision),
            };
            match reached {
                None => report
                    .problems
                    .push(Problem::ImportNoteOfNoRecord { record: target }),
                Some(reached) if revision == 0 || revision > reached => {
                    report.problems.push(Problem::DamagedImportNote {
                        record: Some(target),
                        detail: format!("revision {revision}, the record is at {reached}"),
                    });
                }
                Some(_) => {}
            }
        }
        Ok(())
    }

    /// Every demonstration mark names a record that lives or is kept
    /// deleted.
    fn check_demo_marks(&self, report: &mut CheckReport) -> StoreResult<()> {
        for item in self.tree(TreeId::Demo).iter() {
            let (key, _) = item?;
            let record = read_record_ref_key(&key);
            let found = match record {
                Some(target) => {
                    self.tree(TreeId::Records(target.kind))
                        .contains_key(id_key(target.id))?
                        || self.tree(TreeId::Tombstones).contains_key(&key)?
                }
                None => false,
            };
            if !found {
                report.problems.push(Problem::DemoMarkOfNoRecord { record });
            }
        }
        Ok(())
    }

    /// Every draft decodes under its key, numbered within the sequence.
    fn check_drafts(&self, report: &mut CheckReport) -> StoreResult<()> {
        let last_given = self.meta_u64(meta_keys::LAST_DRAFT_ID)?;
        for item in self.tree(TreeId::Drafts).iter() {
            let (key, bytes) = item?;
            report.drafts += 1;
            let Some((account, id)) = read_draft_key(&key) else {
                report.problems.push(Problem::DamagedDraft {
                    account: String::from_utf8_lossy(&key).into_owned(),
                    id: 0,
                    detail: "unreadable key".into(),
                });
                continue;
            };
            let detail = match decode_draft(&id, &bytes) {
                Err(error) => Some(error.to_string()),
                Ok(_) if id.0 > last_given => {
                    Some(format!("beyond the last draft number given ({last_given})"))
                }
                Ok(_) => None,
            };
            if let Some(detail) = detail {
                report.problems.push(Problem::DamagedDraft {
                    account,
                    id: id.0,
                    detail,
                });
            }
        }
        Ok(())
    }

    fn check_audit(&self, report: &mut CheckReport) -> StoreResult<()> {
        let last = self.meta_u64(meta_keys::AUDIT_SEQUENCE)?;
        let chain_start = self.audit_chain_start()?;
        let mut expected_sequence = 1;
        // The hash of the entry read just before (none before the first).
        let mut previous_hash = GENESIS;
        for item in self.tree(TreeId::Audit).iter() {
            let (key, bytes) = item?;
            report.audit_entries += 1;
            let sequence = read_id(&key).map_or(0, |id| id.0);
            let problem = match decode_audit(sequence, &bytes, chain_start) {
                Err(error) => Some(error.to_string()),
                Ok(stored) => {
                    // Checked whatever else is wrong with the entry: a
                    // gap says an entry is gone, the chain where.
                    if stored
                        .previous
                        .is_some_and(|previous| previous != previous_hash)
                    {
                        report.problems.push(Problem::AuditChainBroken {
                            sequence,
                            at_end: false,
                        });
                    }
                    if stored.entry.sequence != sequence {
                        Some(format!(
                            "holds sequence {} under key {sequence}",
                            stored.entry.sequence
                        ))
                    } else if sequence != expected_sequence {
                        Some(format!("entry {expected_sequence} is missing before it"))
                    } else if sequence > last {
                        Some(format!("beyond the last sequence given ({last})"))
                    } else {
                        None
                    }
                }
            };
            if let Some(detail) = problem {
                report
                    .problems
                    .push(Problem::DamagedAuditEntry { sequence, detail });
            }
            expected_sequence = sequence.saturating_add(1);
            previous_hash = hash_of(&bytes);
        }
        if last >= expected_sequence {
            report.problems.push(Problem::DamagedAuditEntry {
                sequence: expected_sequence,
                detail: format!("entries {expected_sequence} to {last} are missing"),
            });
        }
        // The last entry has no successor to vouch for it: the meta tree
        // does.
        if chain_start.is_some() && report.audit_entries > 0 {
            let head = self.audit_head()?;
            if head != Some(previous_hash) {
                report.problems.push(Problem::AuditChainBroken {
                    sequence: expected_sequence.saturating_sub(1),
                    at_end: true,
                });
            }
        }
        Ok(())
    }

    pub(crate) fn meta_u64(&self, key: &[u8]) -> StoreResult<u64> {
        match self.tree(TreeId::Meta).get(key)? {
            None => Ok(0),
            Some(bytes) => <[u8; 8]>::try_from(bytes.as_ref())
                .map(u64::from_be_bytes)
                .map_err(|_| {
                    self.damaged(&format!(
                        "meta value {} is unreadable",
                        String::from_utf8_lossy(key)
                    ))
                }),
        }
    }
}

/// The record an index entry belongs to, read from the entry itself.
fn owner_of_entry(tree: TreeId, key: &[u8], value: &[u8]) -> Option<RecordRef> {
    let by_trailing_id = |kind| trailing_id(key).map(|id| RecordRef::new(kind, id));
    match tree {
        TreeId::Name(kind) | TreeId::Date(kind) => by_trailing_id(kind),
        TreeId::PlacementStatus | TreeId::PlacementSchool | TreeId::PlacementCompany => {
            by_trailing_id(Kind::Placement)
        }
        TreeId::ImmersionStatus => by_trailing_id(Kind::Immersion),
        TreeId::AgreementNotice => by_trailing_id(Kind::Agreement),
        TreeId::Uai => read_id(value).map(|id| RecordRef::new(Kind::School, id)),
        TreeId::Siret => read_id(value).map(|id| RecordRef::new(Kind::Company, id)),
        TreeId::Words => by_trailing_id(Kind::from_ordinal(*key.first()?)?),
        TreeId::Links => {
            let kind = Kind::from_ordinal(*key.get(9)?)?;
            let id = read_id(key.get(10..18)?)?;
            Some(RecordRef::new(kind, id))
        }
        TreeId::Records(_)
        | TreeId::Counters
        | TreeId::Meta
        | TreeId::Audit
        | TreeId::Drafts
        | TreeId::Tombstones
        | TreeId::Consents
        | TreeId::Imported
        | TreeId::Demo => None,
    }
}
