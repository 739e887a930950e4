//! Bringing an older store up to date when it is opened.
//!
//! - Counters added after a store was made are counted once, when a
//!   program that keeps them first opens it; the meta tree notes that it
//!   was done, so every later open costs one read. The word index is
//!   filled the same way, from the name indexes.
//! - A store of an older schema version is migrated step by step, each
//!   step registered in [`MIGRATIONS`]; before the first step, a backup
//!   of the store as it is goes into its directory. Schema 2 gave schools
//!   and companies an address, a location and (schools) an opening
//!   state: the step from 1 rewrites them.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::domain::Kind;
use crate::domain::audit::AuditAction;
use crate::domain::records::{Record, RecordRef};
use crate::store::Store;
use crate::store::counters::{CountedMonth, CounterKey, encode_count};
use crate::store::error::{StoreError, StoreResult};
use crate::store::indexing::word_entries;
use crate::store::keys::read_date;
use crate::store::schema::{TreeId, meta_keys};
use crate::store::write::{Op, Stamp, apply};

/// One step of the schema: rewrites what version `from` stored into what
/// `from + 1` stores. It runs on the open store before anyone else uses
/// it; the version reached is written after it.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub from: u16,
    pub run: fn(&Store) -> StoreResult<()>,
}

/// The steps this program knows.
pub const MIGRATIONS: &[Migration] = &[Migration {
    from: 1,
    run: place_schools_and_companies,
}];

/// Schema 1 → 2: every school and company, live or deleted, rewritten in
/// the layout of schema 2: no address yet, its commune's centre as an
/// approximate location, schools open (`store::schema_v1`). Same
/// revision: nobody changed them. A value that does not read is left as
/// it is, for `check` to report.
fn place_schools_and_companies(store: &Store) -> StoreResult<()> {
    use crate::store::keys::{read_id, read_tombstone_key};
    for kind in [Kind::School, Kind::Company] {
        rewrite_in_schema_2(store.tree(TreeId::Records(kind)), |key| {
            read_id(key).map(|id| RecordRef::new(kind, id))
        })?;
    }
    rewrite_in_schema_2(store.tree(TreeId::Tombstones), read_tombstone_key)?;
    store.flush()
}

/// Rewrites the schools and companies of `tree` (whose keys `record_of`
/// reads) in the current layout, in batches.
fn rewrite_in_schema_2(
    tree: &sled::Tree,
    record_of: impl Fn(&[u8]) -> Option<RecordRef>,
) -> StoreResult<()> {
    use crate::store::record_bytes::{decode_record, encode_record};
    let mut batch = sled::Batch::default();
    let mut batched = 0;
    for item in tree.iter() {
        let (key, bytes) = item?;
        let Some(target) = record_of(&key) else {
            continue;
        };
        if !matches!(target.kind, Kind::School | Kind::Company) {
            continue;
        }
        let Ok(record) = decode_record(target.kind, target.id, &bytes) else {
            continue;
        };
        batch.insert(key, encode_record(&record)?);
        batched += 1;
        if batched >= WORDS_PER_BATCH {
            tree.apply_batch(std::mem::take(&mut batch))?;
            batched = 0;
        }
    }
    tree.apply_batch(batch)?;
    Ok(())
}

/// The name of the backup taken before migrating from `found` to
/// `target`, in the store's directory.
pub fn pre_migration_backup_name(
    found: u16,
    target: u16,
    at: chrono::DateTime<chrono::Utc>,
) -> String {
    format!(
        "pre-migration-schema-{found}-to-{target}-{}.passerelle-backup",
        at.format("%Y%m%dT%H%M%SZ")
    )
}

impl Store {
    /// Brings a store of schema `found` to `target` with `steps`. Every
    /// step must be known before anything is written (otherwise the
    /// store is refused as it is). Then a backup of the whole store goes
    /// into its directory, written and synced before the first step: a
    /// migration rewrites stored values, and one that goes wrong must
    /// leave a way back (`passerelle restore`). It holds no entry of its
    /// own, so that the program that wrote the store can restore it;
    /// the trail gets a `BackedUp` entry once the steps are done. Returns
    /// the backup's path.
    pub fn migrate(
        &self,
        found: u16,
        target: u16,
        steps: &[Migration],
        stamp: &Stamp,
    ) -> StoreResult<Option<PathBuf>> {
        if found >= target {
            return Ok(None);
        }
        let plan: Vec<Migration> = (found..target)
            .map(|from| steps.iter().find(|step| step.from == from).copied())
            .collect::<Option<_>>()
            .ok_or_else(|| StoreError::CannotMigrate {
                path: self.path().to_owned(),
                found,
                supported: target,
            })?;
        // A migration stopped midway (a crash) left its backup of the
        // store as it was: that one is kept, never replaced by one of
        // the half-migrated store.
        let (backup, records) = match self.earlier_pre_migration_backup(found, target) {
            Some(earlier) => {
                tracing::info!(
                    found,
                    target,
                    backup = %earlier.display(),
                    "the backup of an interrupted migration is kept"
                );
                (earlier, None)
            }
            None => {
                let backup = self
                    .path()
                    .join(pre_migration_backup_name(found, target, stamp.at));
                let facts = self.write_backup_file(&backup, self.backed_up_files()?, None)?;
                tracing::info!(
                    found,
                    target,
                    backup = %backup.display(),
                    "a backup was taken before migrating the store"
                );
                (backup, Some(facts.records))
            }
        };
        for step in plan {
            (step.run)(self)?;
            let reached = step.from + 1;
            apply(
                self,
                &[(
                    TreeId::Meta,
                    meta_keys::SCHEMA_VERSION.to_vec(),
                    Some(reached.to_be_bytes().to_vec()),
                )],
            )?;
            self.flush()?;
        }
        let records = match records {
            Some(records) => records,
            None => Kind::ALL
                .iter()
                .map(|kind| self.tree(TreeId::Records(*kind)).len() as u64)
                .sum(),
        };
        self.append_audit(stamp, AuditAction::BackedUp { records })?;
        Ok(Some(backup))
    }

    /// The backup an earlier, interrupted migration from `found` to
    /// `target` left in the store's directory, if any.
    fn earlier_pre_migration_backup(&self, found: u16, target: u16) -> Option<PathBuf> {
        let prefix = format!("pre-migration-schema-{found}-to-{target}-");
        std::fs::read_dir(self.path())
            .ok()?
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| {
                path.file_name()
                    .and_then(|name| name.to_str())
                    .is_some_and(|name| {
                        name.starts_with(&prefix) && name.ends_with(".passerelle-backup")
                    })
            })
            .min()
    }

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

    /// Fills the word index from the name indexes if the store was made
    /// before its present layout: the words after the first of every name, read from its
    /// name-index entry (no record is read), once. An entry that does not
    /// read back is skipped: `check` reports it.
    pub(crate) fn index_words_once(&self) -> StoreResult<()> {
        let meta = self.tree(TreeId::Meta);
        if meta.get(meta_keys::WORDS_INDEXED)?.is_some() {
            return Ok(());
        }
        let words = self.tree(TreeId::Words);
        // A store indexed with every word, first ones included, is
        // indexed again: those entries would stand beside the name
        // index's.
        words.clear()?;
        for kind in Kind::ALL.iter().copied() {
            let mut batch = sled::Batch::default();
            let mut batched = 0;
            for item in self.tree(TreeId::Name(kind)).iter() {
                let (key, value) = item?;
                for entry in word_entries(kind, &key, &value) {
                    batch.insert(entry.key, entry.value);
                    batched += 1;
                }
                if batched >= WORDS_PER_BATCH {
                    words.apply_batch(std::mem::take(&mut batch))?;
                    batched = 0;
                }
            }
            words.apply_batch(batch)?;
        }
        // The entries first, on disk, then the note that they are there.
        self.flush()?;
        meta.insert(meta_keys::WORDS_INDEXED, &[1])?;
        self.flush()
    }
}

impl Store {
    /// The organisation of a school (that of its académie), when the
    /// school reads back and has one: a damaged school leaves it unknown
    /// rather than stopping whoever asks.
    pub(crate) fn school_organisation(
        &self,
        school: crate::domain::RecordId,
    ) -> Option<crate::domain::Organisation> {
        match self.get(RecordRef::new(Kind::School, school)) {
            Ok(Some(Record::School(school))) => school
                .uai
                .academie()
                .map(|academie| academie.organisation()),
            _ => None,
        }
    }

    /// Gives every learner of a store made by an earlier version the mark
    /// every learner has now (`Learner::mark_as_every_learner`): those
    /// versions marked only learners with sensitive needs, so the mark
    /// itself told who has them. Written as they are (same revision: the
    /// record's fields are unchanged), once; the meta tree notes it.
    pub(crate) fn mark_learners_once(&self) -> StoreResult<()> {
        let meta = self.tree(TreeId::Meta);
        if meta.get(meta_keys::LEARNERS_MARKED)?.is_some() {
            return Ok(());
        }
        // (Deleted learners are marked when restored: `Store::restore`.)
        let learners = self.tree(TreeId::Records(Kind::Learner));
        let mut batch = sled::Batch::default();
        let mut batched = 0;
        for item in learners.iter() {
            let (key, bytes) = item?;
            let Some(id) = crate::store::keys::read_id(&key) else {
                continue;
            };
            // A record that does not read back is left for `check`.
            let Ok(Record::Learner(mut learner)) =
                crate::store::record_bytes::decode_record(Kind::Learner, id, &bytes)
            else {
                continue;
            };
            let owner = self.school_organisation(learner.school);
            if learner.mark_as_every_learner(owner) {
                let record = Record::Learner(learner);
                batch.insert(key, crate::store::record_bytes::encode_record(&record)?);
                batched += 1;
            }
            if batched >= WORDS_PER_BATCH {
                learners.apply_batch(std::mem::take(&mut batch))?;
                batched = 0;
            }
        }
        learners.apply_batch(batch)?;
        self.flush()?;
        meta.insert(meta_keys::LEARNERS_MARKED, &[1])?;
        self.flush()
    }
}

/// Word-index entries written together when the index is filled.
const WORDS_PER_BATCH: usize = 20_000;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::audit::FrontEnd;
    use crate::store::OpenOptions;
    use crate::store::backup::restore;
    use crate::store::codec::SCHEMA_VERSION;

    const MARK: &[u8] = b"test/migrated";

    /// A step standing for a real one: it leaves a mark in the meta tree.
    fn leave_a_mark(store: &Store) -> StoreResult<()> {
        apply(store, &[(TreeId::Meta, MARK.to_vec(), Some(vec![1]))])
    }

    fn version(store: &Store) -> Vec<u8> {
        store
            .tree(TreeId::Meta)
            .get(meta_keys::SCHEMA_VERSION)
            .expect("meta reads")
            .expect("a version")
            .to_vec()
    }

    fn backups_in(dir: &std::path::Path) -> Vec<PathBuf> {
        std::fs::read_dir(dir)
            .expect("the directory reads")
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| {
                path.extension()
                    .is_some_and(|ext| ext == "passerelle-backup")
            })
            .collect()
    }

    /// A store of the current schema is migrated "to the next" with a
    /// step registered by the test: what `Store::open` does with
    /// `MIGRATIONS` when it finds an older version.
    #[test]
    fn a_backup_of_the_store_as_it_was_is_written_before_the_first_step() {
        let dir = tempfile::tempdir().expect("a directory");
        let store = Store::open(dir.path(), &OpenOptions::new("alice")).expect("opens");
        let stamp = Stamp::now("alice", FrontEnd::Cli);
        store
            .append_audit(&stamp, AuditAction::AccessRefused)
            .expect("an entry");
        let (now, next) = (SCHEMA_VERSION, SCHEMA_VERSION + 1);
        let steps = [Migration {
            from: now,
            run: leave_a_mark,
        }];
        let backup = store
            .migrate(now, next, &steps, &stamp)
            .expect("migrated")
            .expect("a backup was taken");
        assert_eq!(backup.parent(), Some(dir.path()));
        assert_eq!(backups_in(dir.path()), vec![backup.clone()]);
        // The step ran, the version moved, and the trail says a backup
        // was taken.
        assert_eq!(version(&store), next.to_be_bytes());
        assert!(store.tree(TreeId::Meta).get(MARK).expect("reads").is_some());
        let last = store
            .audit_newest_first()
            .expect("the trail")
            .next()
            .expect("an entry")
            .expect("reads");
        assert_eq!(last.action, AuditAction::BackedUp { records: 0 });
        drop(store);

        // The backup holds the store as it was before the step.
        let restored_at = dir.path().join("restored");
        let report = restore(&backup, &restored_at, "alice").expect("the backup restores");
        assert_eq!(report.header.schema, now);
        assert_eq!(report.check.audit_entries, 1);
        let mut options = OpenOptions::new("alice");
        options.lock_wait = std::time::Duration::from_secs(10);
        let restored = Store::open(&restored_at, &options).expect("reopens");
        assert_eq!(version(&restored), now.to_be_bytes());
        assert!(
            restored
                .tree(TreeId::Meta)
                .get(MARK)
                .expect("reads")
                .is_none()
        );
    }

    fn fail(_: &Store) -> StoreResult<()> {
        Err(StoreError::Corrupt {
            path: PathBuf::new(),
            detail: "a step that stops midway, as a crash would".into(),
        })
    }

    #[test]
    fn a_migration_run_again_after_stopping_midway_keeps_its_first_backup() {
        let dir = tempfile::tempdir().expect("a directory");
        let store = Store::open(dir.path(), &OpenOptions::new("alice")).expect("opens");
        let stamp = Stamp::now("alice", FrontEnd::Cli);
        let now = SCHEMA_VERSION;
        let failing = [Migration {
            from: now,
            run: fail,
        }];
        assert!(store.migrate(now, now + 1, &failing, &stamp).is_err());
        let first = backups_in(dir.path());
        assert_eq!(first.len(), 1);
        assert_eq!(version(&store), now.to_be_bytes());
        let steps = [Migration {
            from: now,
            run: leave_a_mark,
        }];
        let backup = store
            .migrate(now, now + 1, &steps, &stamp)
            .expect("migrated")
            .expect("a backup");
        assert_eq!(backups_in(dir.path()), first);
        assert_eq!(backup, first[0]);
        assert_eq!(version(&store), (now + 1).to_be_bytes());
    }

    #[test]
    fn a_missing_step_refuses_the_store_before_anything_is_written() {
        let dir = tempfile::tempdir().expect("a directory");
        let store = Store::open(dir.path(), &OpenOptions::new("alice")).expect("opens");
        let stamp = Stamp::now("alice", FrontEnd::Cli);
        let now = SCHEMA_VERSION;
        let steps = [Migration {
            from: now,
            run: leave_a_mark,
        }];
        let refused = store.migrate(now, now + 2, &steps, &stamp);
        assert!(
            matches!(
                refused,
                Err(StoreError::CannotMigrate { found, supported, .. })
                    if found == now && supported == now + 2
            ),
            "{refused:?}"
        );
        assert!(backups_in(dir.path()).is_empty());
        assert!(store.tree(TreeId::Meta).get(MARK).expect("reads").is_none());
        assert_eq!(version(&store), now.to_be_bytes());
        // The same store at the current version needs nothing.
        assert_eq!(
            store.migrate(now, now, &steps, &stamp).expect("nothing"),
            None
        );
    }
}
