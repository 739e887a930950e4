//! Salvage: a new store made of everything a damaged one still reads.
//!
//! For a store sled opens but whose values do not all read (`check`
//! lists damaged records): every record that decodes is written anew,
//! with its number, revision and stamps, and its index entries, links
//! and counters rebuilt from it; the meta tree and the audit trail are
//! copied as they are (a damaged entry stays damaged, and `check` says
//! so); drafts, deleted records, consents, import notes and demo marks
//! are copied when they read. What does not read stays in the damaged
//! store, which is left as it was: sled writes its own bookkeeping into
//! any directory it opens, so it opens a copy of the damaged files, made
//! beside the target under sled's lock on them and removed at the end.
//!
//! The new store goes into a new or empty directory, as a restore does,
//! marked as being filled until it is complete; a salvage that fails
//! leaves that directory as it was. A record whose link points at a
//! record that did not read is left out (a link never dangles), and so
//! is one whose UAI or SIRET another record already holds.

use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::domain::Kind;
use crate::domain::audit::{AuditAction, FrontEnd};
use crate::domain::records::{Record, RecordRef};
use crate::store::backup::{BACKED_UP_FILES, RestoreError, finish_target, prepare_target};
use crate::store::check::CheckReport;
use crate::store::codec::{OLDEST_READABLE, SCHEMA_VERSION};
use crate::store::consents::decode_consent;
use crate::store::draft_bytes::decode_draft;
use crate::store::error::{StoreError, StoreResult};
use crate::store::keys::{id_key, read_draft_key, read_id, read_record_ref_key, record_ref_key};
use crate::store::record_bytes::decode_record;
use crate::store::schema::{TreeId, meta_keys};
use crate::store::snapshots::{self, hold_lock};
use crate::store::write::{Op, PendingWrite, Stamp, apply, read_import_note};
use crate::store::{DEFAULT_CACHE_BYTES, MARKER_TEXT, OpenOptions, STORE_MARKER, Store, open_sled};

/// Records written per transaction.
const SALVAGE_BATCH: usize = 1_000;

/// What a salvage kept and what it left in the damaged store.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalvageReport {
    /// Records written to the new store, by kind, every kind listed.
    pub records: Vec<(Kind, u64)>,
    /// Records whose stored value does not read.
    pub unreadable: Vec<RecordRef>,
    /// Stored values whose key does not even say which record they are.
    pub unreadable_keys: u64,
    /// Records that read but were left out: a record they point at did
    /// not read, or their UAI or SIRET is another's.
    pub left_out: Vec<RecordRef>,
    /// Entries of the other trees (drafts, deleted records, consents,
    /// import notes, demo marks) that do not read, or belong to a
    /// record left out.
    pub entries_left: u64,
    /// Trees sled stopped reading partway: what follows the damage in
    /// them is not salvaged.
    pub trees_cut: Vec<String>,
    /// The new store's own `check`.
    pub check: CheckReport,
}

impl SalvageReport {
    /// Records written to the new store.
    pub fn salvaged(&self) -> u64 {
        self.records.iter().map(|(_, count)| count).sum()
    }

    /// Whether everything the damaged store held is in the new one.
    pub fn is_whole(&self) -> bool {
        self.unreadable.is_empty()
            && self.unreadable_keys == 0
            && self.left_out.is_empty()
            && self.entries_left == 0
            && self.trees_cut.is_empty()
    }
}

/// Why a salvage could not be made; the target is left as it was.
#[derive(Debug, thiserror::Error)]
pub enum SalvageError {
    /// sled itself cannot read the damaged store's files: nothing can be
    /// read out of it record by record.
    #[error("{}: sled cannot read the store ({detail})", .path.display())]
    SourceUnreadable { path: PathBuf, detail: String },
    /// The damaged store is in use (its server runs).
    #[error("{} is in use by another process", .path.display())]
    SourceInUse { path: PathBuf },
    /// The directory holds no passerelle store.
    #[error("{} holds no passerelle store", .path.display())]
    NotAStore { path: PathBuf },
    /// Written by another schema version than this program's.
    #[error("schema version {found}, this program salvages version {supported}")]
    OtherSchema { found: u16, supported: u16 },
    /// The new store's directory: the same rules as a restore's.
    #[error(transparent)]
    Target(#[from] RestoreError),
    /// The new store would be inside the damaged one's directory.
    #[error("{} is inside the damaged store", .path.display())]
    TargetInsideSource { path: PathBuf },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Writes into `target` (new or empty) everything of the store at
/// `source` that reads, as `account`.
pub fn salvage(source: &Path, target: &Path, account: &str) -> Result<SalvageReport, SalvageError> {
    if !source.join(STORE_MARKER).exists() && !source.join("db").exists() {
        return Err(SalvageError::NotAStore {
            path: source.to_owned(),
        });
    }
    // Taken as sled takes it: no server may open the store meanwhile.
    let _lock = hold_lock(source).map_err(|error| match error {
        StoreError::Locked { path } => SalvageError::SourceInUse { path },
        other => SalvageError::Store(other),
    })?;
    let made = prepare_target(target)?;
    let salvaged = refuse_inside(source, target)
        .and_then(|()| WorkingCopy::of(source, target))
        .and_then(|copy| {
            let from = open_source(&copy.0, source)?;
            // sled may panic on some damaged pages rather than answer an
            // error: that is damage to report, not a crash.
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                fill(&from, source, target, account)
            }))
            .unwrap_or_else(|_| {
                Err(SalvageError::SourceUnreadable {
                    path: source.to_owned(),
                    detail: "sled stopped while reading".into(),
                })
            })
        });
    finish_target(target, made, salvaged)
}

/// Refuses a target inside the damaged store's directory (its copy would
/// hold itself).
fn refuse_inside(source: &Path, target: &Path) -> Result<(), SalvageError> {
    let (Ok(source), Ok(target)) = (source.canonicalize(), target.canonicalize()) else {
        return Ok(());
    };
    if target.starts_with(&source) {
        return Err(SalvageError::TargetInsideSource { path: target });
    }
    Ok(())
}

/// A copy of the damaged store's files, for sled to open; removed when
/// dropped.
struct WorkingCopy(PathBuf);

impl WorkingCopy {
    /// Copies the regular files of `source` (sled's, and its snapshots)
    /// into a private directory beside `target`.
    fn of(source: &Path, target: &Path) -> Result<WorkingCopy, SalvageError> {
        let unique = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |since| since.subsec_nanos());
        let name = format!(
            ".{}.salvage-{}-{unique}",
            target
                .file_name()
                .map_or_else(|| "store".into(), |name| name.to_string_lossy()),
            std::process::id()
        );
        let path = target.parent().unwrap_or(Path::new(".")).join(name);
        // Made here, never found: a directory or link planted under that
        // name would receive the store's files.
        std::fs::DirBuilder::new()
            .mode(0o700)
            .create(&path)
            .map_err(|source| RestoreError::Write {
                path: path.clone(),
                source,
            })?;
        let copy = WorkingCopy(path);
        copy_files(source, &copy.0)?;
        Ok(copy)
    }
}

impl Drop for WorkingCopy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Copies the regular files under `from` into `to`, directories
/// included; sockets, locks' peers and links are not the store's data.
fn copy_files(from: &Path, to: &Path) -> Result<(), SalvageError> {
    let read_error = |source| RestoreError::Read {
        path: from.to_owned(),
        source,
    };
    for entry in std::fs::read_dir(from).map_err(read_error)? {
        let entry = entry.map_err(read_error)?;
        let kind = entry.file_type().map_err(read_error)?;
        let destination = to.join(entry.file_name());
        let write_error = |source| RestoreError::Write {
            path: destination.clone(),
            source,
        };
        if kind.is_dir() {
            std::fs::create_dir(&destination).map_err(write_error)?;
            copy_files(&entry.path(), &destination)?;
        } else if kind.is_file() {
            std::fs::copy(entry.path(), &destination).map_err(write_error)?;
        }
    }
    Ok(())
}

/// Opens the working copy of the damaged store with sled (snapshots it
/// cannot read set aside, as at any open), refusing what is no store of
/// this schema. Errors name the damaged store, not its copy.
fn open_source(copy: &Path, source: &Path) -> Result<sled::Db, SalvageError> {
    let opened = snapshots::open_setting_aside(copy, || open_sled(copy, DEFAULT_CACHE_BYTES));
    let (db, _set_aside) = opened.map_err(|error| match error {
        StoreError::Corrupt { detail, .. } => SalvageError::SourceUnreadable {
            path: source.to_owned(),
            detail,
        },
        other => SalvageError::Store(other),
    })?;
    let meta = db
        .open_tree(TreeId::Meta.name())
        .map_err(StoreError::from)?;
    let version = meta
        .get(meta_keys::SCHEMA_VERSION)
        .map_err(StoreError::from)?
        .and_then(|bytes| <[u8; 2]>::try_from(bytes.as_ref()).ok())
        .map(u16::from_be_bytes);
    match version {
        // sled reads files it cannot make sense of as an empty database.
        None if source.join(STORE_MARKER).exists() => Err(SalvageError::SourceUnreadable {
            path: source.to_owned(),
            detail: "sled reads nothing in its files".into(),
        }),
        None => Err(SalvageError::NotAStore {
            path: source.to_owned(),
        }),
        // Every schema this build reads: the store it makes holds the
        // records in the current one, and migrates the rest when opened.
        Some(found) if !(OLDEST_READABLE..=SCHEMA_VERSION).contains(&found) => {
            Err(SalvageError::OtherSchema {
                found,
                supported: SCHEMA_VERSION,
            })
        }
        Some(_) => Ok(db),
    }
}

fn fill(
    from: &sled::Db,
    source: &Path,
    target: &Path,
    account: &str,
) -> Result<SalvageReport, SalvageError> {
    let mut report = SalvageReport::default();
    {
        let db = sled::Config::new()
            .path(target)
            .cache_capacity(DEFAULT_CACHE_BYTES)
            .open()
            .map_err(StoreError::from)?;
        for (tree, keep) in copied_trees() {
            copy_readable(from, &db, tree, keep, &mut report)?;
        }
        db.flush().map_err(StoreError::from)?;
    }
    for name in BACKED_UP_FILES {
        let write_error = |source| RestoreError::Write {
            path: target.join(name),
            source,
        };
        match std::fs::read(source.join(name)) {
            Ok(bytes) => std::fs::write(target.join(name), bytes).map_err(write_error)?,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => {
                return Err(RestoreError::Read {
                    path: source.join(name),
                    source: error,
                }
                .into());
            }
        }
    }
    std::fs::write(target.join(STORE_MARKER), MARKER_TEXT).map_err(|source| {
        RestoreError::Write {
            path: target.to_owned(),
            source,
        }
    })?;
    let mut options = OpenOptions::new(account);
    options.restoring = true;
    // sled lets go of its lock from a background thread after the handle
    // above is dropped.
    options.lock_wait = Duration::from_secs(10);
    let store = Store::open(target, &options)?;
    store.write_salvaged(from, &mut report)?;
    store.forget_left_out(&mut report)?;
    store.raise_sequences(from, &report)?;
    let stamp = Stamp::now(account, FrontEnd::Cli);
    store.append_audit(
        &stamp,
        AuditAction::Salvaged {
            records: report.salvaged(),
            left_out: (report.unreadable.len() + report.left_out.len()) as u64
                + report.unreadable_keys,
        },
    )?;
    report.check = store.check()?;
    Ok(report)
}

/// Whether an entry of a copied tree reads.
type Keep = fn(&[u8], &[u8]) -> bool;

/// The trees copied entry by entry, each with what an entry must be to
/// be kept. The meta tree and the trail are copied whole: their damage
/// is `check`'s to report, and the trail is never shortened.
fn copied_trees() -> [(TreeId, Keep); 7] {
    [
        (TreeId::Meta, |_, _| true),
        (TreeId::Audit, |_, _| true),
        (TreeId::Drafts, |key, value| {
            read_draft_key(key).is_some_and(|(_, id)| decode_draft(&id, value).is_ok())
        }),
        (TreeId::Tombstones, |key, value| {
            read_record_ref_key(key)
                .is_some_and(|target| decode_record(target.kind, target.id, value).is_ok())
        }),
        (TreeId::Consents, |key, value| {
            read_record_ref_key(key).is_some() && decode_consent(value).is_ok()
        }),
        (TreeId::Imported, |key, value| {
            read_record_ref_key(key).is_some() && read_import_note(value).is_some()
        }),
        (TreeId::Demo, |key, _| read_record_ref_key(key).is_some()),
    ]
}

/// Copies the entries of `tree` that `keep` accepts; counts the others,
/// and notes a tree sled stops reading partway.
fn copy_readable(
    from: &sled::Db,
    to: &sled::Db,
    tree: TreeId,
    keep: Keep,
    report: &mut SalvageReport,
) -> StoreResult<()> {
    let source = match from.open_tree(tree.name()) {
        Ok(source) => source,
        Err(_) => {
            report.trees_cut.push(tree.name());
            return Ok(());
        }
    };
    let copy = to.open_tree(tree.name())?;
    let mut batch = sled::Batch::default();
    let mut in_batch = 0;
    for item in source.iter() {
        let Ok((key, value)) = item else {
            report.trees_cut.push(tree.name());
            break;
        };
        if !keep(&key, &value) {
            report.entries_left += 1;
            continue;
        }
        batch.insert(key, value);
        in_batch += 1;
        if in_batch == SALVAGE_BATCH {
            copy.apply_batch(std::mem::take(&mut batch))?;
            in_batch = 0;
        }
    }
    copy.apply_batch(batch)?;
    Ok(())
}

impl Store {
    /// Writes every record of `from` that reads, kind by kind (a kind
    /// points only at kinds before it, or at older records of its own),
    /// as stored: number, revision, stamps and mark.
    fn write_salvaged(&self, from: &sled::Db, report: &mut SalvageReport) -> StoreResult<()> {
        let _guard = self.lock();
        let mut batch = PendingWrite::new(self);
        let mut in_batch = 0;
        let mut waiting: Vec<Record> = Vec::new();
        let mut written: Vec<(Kind, u64)> = Kind::ALL.iter().map(|kind| (*kind, 0)).collect();
        for kind in Kind::ALL {
            let name = TreeId::Records(*kind).name();
            let Ok(records) = from.open_tree(name.as_bytes()) else {
                report.trees_cut.push(name);
                continue;
            };
            for item in records.iter() {
                let Ok((key, value)) = item else {
                    report.trees_cut.push(name);
                    break;
                };
                let Some(id) = read_id(&key) else {
                    report.unreadable_keys += 1;
                    continue;
                };
                let record = match decode_record(*kind, id, &value) {
                    Ok(record) => record,
                    Err(_) => {
                        report.unreadable.push(RecordRef::new(*kind, id));
                        continue;
                    }
                };
                if let Some(record) = place(&mut batch, record, report, &mut written)? {
                    // Perhaps a record of its own kind still to come.
                    waiting.push(record);
                    continue;
                }
                in_batch += 1;
                if in_batch == SALVAGE_BATCH {
                    batch.commit()?;
                    batch = PendingWrite::new(self);
                    in_batch = 0;
                }
            }
        }
        if batch.has_writes() {
            batch.commit()?;
        }
        // What waited for a record written after it, until a pass writes
        // nothing more: the rest points at records that did not read.
        loop {
            let before = waiting.len();
            let mut batch = PendingWrite::new(self);
            let mut still = Vec::new();
            for record in waiting {
                still.extend(place(&mut batch, record, report, &mut written)?);
            }
            if batch.has_writes() {
                batch.commit()?;
            }
            waiting = still;
            if waiting.is_empty() || waiting.len() == before {
                break;
            }
        }
        report
            .left_out
            .extend(waiting.iter().map(|record| record.reference()));
        report.records = written;
        Ok(())
    }

    /// Sets each number sequence (records of each kind, drafts, the
    /// trail) to at least the highest number the damaged store used, read
    /// or not: a lost or damaged `last_id` must not hand out a number a
    /// record already has, or had.
    fn raise_sequences(&self, from: &sled::Db, report: &SalvageReport) -> StoreResult<()> {
        let last_key = |db_tree: Option<sled::Tree>, prefix: &[u8]| -> Option<sled::IVec> {
            db_tree?
                .scan_prefix(prefix)
                .next_back()
                .and_then(Result::ok)
                .map(|(key, _)| key)
        };
        let source = |tree: TreeId| from.open_tree(tree.name()).ok();
        let mut ops = Vec::new();
        for kind in Kind::ALL {
            let ids = [
                last_key(Some(self.tree(TreeId::Records(*kind)).clone()), &[]),
                last_key(source(TreeId::Records(*kind)), &[]),
            ]
            .into_iter()
            .flatten()
            .filter_map(|key| read_id(&key).map(|id| id.0));
            let deleted = [
                last_key(
                    Some(self.tree(TreeId::Tombstones).clone()),
                    &[kind.ordinal()],
                ),
                last_key(source(TreeId::Tombstones), &[kind.ordinal()]),
            ]
            .into_iter()
            .flatten()
            .filter_map(|key| read_record_ref_key(&key).map(|r| r.id.0));
            let not_taken = report
                .unreadable
                .iter()
                .chain(&report.left_out)
                .filter(|r| r.kind == *kind)
                .map(|r| r.id.0);
            let highest = ids.chain(deleted).chain(not_taken).max().unwrap_or(0);
            ops.extend(self.raised(meta_keys::last_id(*kind), highest));
        }
        let drafts = [
            Some(self.tree(TreeId::Drafts).clone()),
            source(TreeId::Drafts),
        ]
        .into_iter()
        .flatten()
        .flat_map(|tree| {
            tree.iter()
                .keys()
                .filter_map(Result::ok)
                .collect::<Vec<_>>()
        })
        .filter_map(|key| read_draft_key(&key).map(|(_, id)| id.0))
        .max()
        .unwrap_or(0);
        ops.extend(self.raised(meta_keys::LAST_DRAFT_ID.to_vec(), drafts));
        let trail = last_key(source(TreeId::Audit), &[])
            .and_then(|key| <[u8; 8]>::try_from(key.as_ref()).ok())
            .map_or(0, u64::from_be_bytes);
        ops.extend(self.raised(meta_keys::AUDIT_SEQUENCE.to_vec(), trail));
        if ops.is_empty() {
            return Ok(());
        }
        let _guard = self.lock();
        apply(self, &ops)?;
        self.flush()
    }

    /// The write that raises the meta number under `key` to `highest`,
    /// if it is lower (or unreadable).
    fn raised(&self, key: Vec<u8>, highest: u64) -> Option<Op> {
        let stored = self.meta_u64(&key).unwrap_or(0);
        (highest > stored).then(|| (TreeId::Meta, key, Some(highest.to_be_bytes().to_vec())))
    }

    /// Drops what was copied beside records that are not in the new store
    /// (live or deleted): their consents, import notes and demo marks
    /// stay in the damaged store with them.
    fn forget_left_out(&self, report: &mut SalvageReport) -> StoreResult<()> {
        let _guard = self.lock();
        let mut batch = PendingWrite::new(self);
        // A deleted record pointing at a record in neither place could
        // never be restored: it stays in the damaged store.
        let exists = |target: RecordRef| -> StoreResult<bool> {
            Ok(self
                .tree(TreeId::Records(target.kind))
                .contains_key(id_key(target.id))?
                || self
                    .tree(TreeId::Tombstones)
                    .contains_key(record_ref_key(target))?)
        };
        for kind in Kind::ALL {
            for deleted in self.tombstones(*kind) {
                let deleted = deleted?;
                let mut dangling = false;
                for link in deleted.links() {
                    dangling |= !exists(link.target)?;
                }
                if dangling {
                    batch.remove(TreeId::Tombstones, record_ref_key(deleted.reference()));
                    report.entries_left += 1;
                }
            }
        }
        if batch.has_writes() {
            batch.commit()?;
            batch = PendingWrite::new(self);
        }
        for tree in [TreeId::Consents, TreeId::Imported, TreeId::Demo] {
            for item in self.tree(tree).iter() {
                let (key, _) = item?;
                let Some(target) = read_record_ref_key(&key) else {
                    continue;
                };
                let lives = self
                    .tree(TreeId::Records(target.kind))
                    .contains_key(id_key(target.id))?
                    || self.tree(TreeId::Tombstones).contains_key(&key)?;
                if !lives {
                    batch.remove(tree, key.to_vec());
                    report.entries_left += 1;
                }
            }
        }
        if batch.has_writes() {
            batch.commit()?;
        }
        Ok(())
    }
}

/// Writes a salvaged record into `batch` and counts it in `written`
/// (by kind); leaves it out, noted, when its UAI or SIRET is taken.
/// Answers it back when a record it points at is not written (yet).
fn place(
    batch: &mut PendingWrite<'_>,
    record: Record,
    report: &mut SalvageReport,
    written: &mut [(Kind, u64)],
) -> StoreResult<Option<Record>> {
    if batch.check_links(&record).is_err() {
        return Ok(Some(record));
    }
    if batch.check_unique_codes(&record).is_err() {
        report.left_out.push(record.reference());
        return Ok(None);
    }
    let context = batch.context(&record)?;
    batch.write_record(&record, &context, None)?;
    if let Some((_, count)) = written.get_mut(usize::from(record.kind().ordinal())) {
        *count += 1;
    }
    Ok(None)
}
