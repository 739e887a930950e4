//! Backups: a consistent snapshot of every tree of the store (records,
//! indexes, counters, meta, the audit trail, drafts, deleted records,
//! consents) and of `users.toml`, in one file; and restoring one into a
//! new store, verified. The layout is documented in docs/commands.md
//! ("Backups"); it is this program's own, not bincode's, so that it can
//! be read without it:
//!
//! ```text
//! magic            16 bytes  "PASSERELLE-BKUP\n"
//! format           u16       1
//! schema           u16       the store's schema version
//! created at       u16 length + RFC 3339 text (UTC)
//! program          u16 length + passerelle's version
//! trees            u32 count, then per tree: u16 length + name, u64 entries
//! files            u32 count, then per file: u16 length + name, u64 bytes
//! body             per tree, in the header's order, its entries:
//!                    u32 key length, key, u32 value length, value
//!                  then per file its bytes
//! checksum         SHA-256 of every byte before it (32 bytes)
//! ```
//!
//! Integers are big-endian. Keys and values are sled's bytes as stored
//! (each value its own envelope with its schema version).
//!
//! Consistency: drafts are copied first under their own lock (they tie
//! to nothing else: no index, counter or audit entry), then every other
//! tree under the store's write lock, which every write of a record, a
//! consent, a user change's entry or an audit entry takes. Writers wait
//! for the copy (the time is measured and reported); readers do not.
//! sled offers no snapshot reads, so this lock is the consistent view.
//! The copy goes to a spool file in the store's directory, unlinked at
//! once, so the lock is never held while the backup crosses the socket.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::os::unix::fs::{FileExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::domain::audit::AuditAction;
use crate::store::check::{CheckReport, Problem};
use crate::store::codec::SCHEMA_VERSION;
use crate::store::error::{StoreError, StoreResult};
use crate::store::schema::TreeId;
use crate::store::write::Stamp;
use crate::store::{MARKER_TEXT, OpenOptions, RESTORING_MARKER, STORE_MARKER, Store};

/// What a backup file starts with.
pub const MAGIC: &[u8; 16] = b"PASSERELLE-BKUP\n";

/// The layout described above; bumped if it changes.
pub const FORMAT_VERSION: u16 = 1;

/// The length of the SHA-256 at the end.
pub const DIGEST_LEN: usize = 32;

/// The files of the store's directory a backup holds besides sled's
/// trees: who may use the store goes with it.
pub const BACKED_UP_FILES: [&str; 1] = ["users.toml"];

/// sled's own tree, which a passerelle store never writes.
const SLED_DEFAULT_TREE: &[u8] = b"__sled__default";

/// The largest key or value read back, so that a crafted length cannot
/// make a restore allocate gigabytes (sled values here are envelopes of
/// at most 16 MiB).
const MAX_ITEM: usize = 64 * 1024 * 1024;

/// Entries written to sled per batch while restoring.
const RESTORE_BATCH: usize = 10_000;

/// One tree of the store and how many entries the backup holds of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreeCount {
    pub name: String,
    pub entries: u64,
}

/// A file of the store's directory held by the backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileCount {
    pub name: String,
    pub bytes: u64,
}

/// What a backup holds, as its header says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupHeader {
    pub format: u16,
    pub schema: u16,
    pub created_at: DateTime<Utc>,
    /// The version of passerelle that wrote it.
    pub program: String,
    pub trees: Vec<TreeCount>,
    pub files: Vec<FileCount>,
}

impl BackupHeader {
    /// The entries of a tree (0 when the backup has no such tree).
    pub fn entries(&self, tree: TreeId) -> u64 {
        let name = tree.name();
        self.trees
            .iter()
            .find(|t| t.name == name)
            .map_or(0, |t| t.entries)
    }

    /// Records of every kind.
    pub fn records(&self) -> u64 {
        crate::domain::Kind::ALL
            .iter()
            .map(|kind| self.entries(TreeId::Records(*kind)))
            .sum()
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(2048);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.format.to_be_bytes());
        out.extend_from_slice(&self.schema.to_be_bytes());
        put_text(&mut out, &self.created_at.to_rfc3339());
        put_text(&mut out, &self.program);
        out.extend_from_slice(&(self.trees.len() as u32).to_be_bytes());
        for tree in &self.trees {
            put_text(&mut out, &tree.name);
            out.extend_from_slice(&tree.entries.to_be_bytes());
        }
        out.extend_from_slice(&(self.files.len() as u32).to_be_bytes());
        for file in &self.files {
            put_text(&mut out, &file.name);
            out.extend_from_slice(&file.bytes.to_be_bytes());
        }
        out
    }

    /// Reads a header after its magic, which the caller checked.
    fn decode(input: &mut impl Read) -> Result<BackupHeader, RestoreError> {
        let format = read_u16(input)?;
        if format > FORMAT_VERSION {
            return Err(RestoreError::NewerFormat {
                found: format,
                supported: FORMAT_VERSION,
            });
        }
        let schema = read_u16(input)?;
        if schema > SCHEMA_VERSION {
            return Err(RestoreError::NewerSchema {
                found: schema,
                supported: SCHEMA_VERSION,
            });
        }
        let created_at = DateTime::parse_from_rfc3339(&read_text(input)?)
            .map_err(|_| malformed("the date of the backup is unreadable"))?
            .with_timezone(&Utc);
        let program = read_text(input)?;
        let mut trees = Vec::new();
        for _ in 0..read_u32(input)? {
            trees.push(TreeCount {
                name: read_text(input)?,
                entries: read_u64(input)?,
            });
        }
        let mut files = Vec::new();
        for _ in 0..read_u32(input)? {
            files.push(FileCount {
                name: read_text(input)?,
                bytes: read_u64(input)?,
            });
        }
        Ok(BackupHeader {
            format,
            schema,
            created_at,
            program,
            trees,
            files,
        })
    }
}

fn put_text(out: &mut Vec<u8>, text: &str) {
    // Names and versions are short; a longer text is cut, never wrapped.
    let bytes = &text.as_bytes()[..text.len().min(usize::from(u16::MAX))];
    out.extend_from_slice(&(bytes.len() as u16).to_be_bytes());
    out.extend_from_slice(bytes);
}

/// What a snapshot took, besides its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotFacts {
    pub header: BackupHeader,
    /// Records of every kind in it.
    pub records: u64,
    /// How long writers were held up by the copy (the write lock held).
    pub writes_held: Duration,
    /// The whole file's size, checksum included.
    pub size: u64,
}

/// A backup taken: its header in memory, its body in a spool file, read
/// out in order by [`SpooledBackup::read_chunk`], which hashes what it
/// gives and ends with the checksum.
pub struct SpooledBackup {
    header: Vec<u8>,
    spool: File,
    spool_len: u64,
    position: u64,
    hasher: Sha256,
    pub facts: SnapshotFacts,
}

impl std::fmt::Debug for SpooledBackup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SpooledBackup")
            .field("size", &self.facts.size)
            .field("position", &self.position)
            .finish()
    }
}

impl SpooledBackup {
    /// The whole file's size, checksum included.
    pub fn size(&self) -> u64 {
        self.facts.size
    }

    /// How much has been read out.
    pub fn position(&self) -> u64 {
        self.position
    }

    fn body_len(&self) -> u64 {
        self.header.len() as u64 + self.spool_len
    }

    /// The next bytes of the file, at most `max` (the checksum comes
    /// alone, last); empty once everything was read.
    pub fn read_chunk(&mut self, max: usize) -> io::Result<Vec<u8>> {
        let body_len = self.body_len();
        if self.position == body_len {
            self.position += DIGEST_LEN as u64;
            return Ok(self.hasher.clone().finalize().to_vec());
        }
        if self.position > body_len {
            return Ok(Vec::new());
        }
        let wanted = (body_len - self.position).min(max.max(1) as u64) as usize;
        let mut chunk = Vec::with_capacity(wanted);
        let header_len = self.header.len() as u64;
        if self.position < header_len {
            let start = self.position as usize;
            let end = (start + wanted).min(self.header.len());
            chunk.extend_from_slice(&self.header[start..end]);
        }
        let from_spool = wanted - chunk.len();
        if from_spool > 0 {
            let offset = (self.position + chunk.len() as u64) - header_len;
            let start = chunk.len();
            chunk.resize(wanted, 0);
            self.spool.read_exact_at(&mut chunk[start..], offset)?;
        }
        self.hasher.update(&chunk);
        self.position += chunk.len() as u64;
        Ok(chunk)
    }

    /// Writes what is left of the file to `out`.
    pub fn write_to(&mut self, out: &mut dyn Write) -> io::Result<()> {
        loop {
            let chunk = self.read_chunk(1024 * 1024)?;
            if chunk.is_empty() {
                return Ok(());
            }
            out.write_all(&chunk)?;
        }
    }
}

/// A writer that counts what goes through it.
struct Counted<W> {
    inner: W,
    written: u64,
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn spool_error(error: io::Error) -> StoreError {
    StoreError::Io(format!("the backup could not be written: {error}"))
}

/// Copies a tree's entries to `out`; returns how many.
fn copy_tree(tree: &sled::Tree, out: &mut impl Write) -> StoreResult<u64> {
    let mut entries = 0;
    for item in tree.iter() {
        let (key, value) = item?;
        for bytes in [key.as_ref(), value.as_ref()] {
            let length = u32::try_from(bytes.len())
                .map_err(|_| StoreError::Io("a stored value over 4 GiB".into()))?;
            out.write_all(&length.to_be_bytes()).map_err(spool_error)?;
            out.write_all(bytes).map_err(spool_error)?;
        }
        entries += 1;
    }
    Ok(entries)
}

/// Tells spool files apart within one process.
static SPOOLS: AtomicU64 = AtomicU64::new(0);

impl Store {
    /// A spool file in the store's directory, readable by this account
    /// only and unlinked at once: nothing is left behind, whatever
    /// happens to the process.
    fn spool_file(&self) -> StoreResult<File> {
        let name = format!(
            ".backup-spool-{}-{}",
            std::process::id(),
            SPOOLS.fetch_add(1, Ordering::Relaxed)
        );
        let path = self.path.join(name);
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)
            .map_err(spool_error)?;
        std::fs::remove_file(&path).map_err(spool_error)?;
        Ok(file)
    }

    /// Takes a backup of the whole store, with `files` (name, bytes) of
    /// its directory. With `audit`, a `BackedUp` entry is appended under
    /// the same lock, before the trail is copied, so the backup holds its
    /// own entry. Without (the backup before a migration), nothing is
    /// written to the store.
    pub fn spool_backup(
        &self,
        files: Vec<(String, Vec<u8>)>,
        audit: Option<&Stamp>,
    ) -> StoreResult<SpooledBackup> {
        let spool = self.spool_file()?;
        let mut out = Counted {
            inner: BufWriter::with_capacity(1024 * 1024, &spool),
            written: 0,
        };
        let mut trees = Vec::new();
        {
            let _drafts = self.lock_drafts()?;
            let drafts = self.tree(TreeId::Drafts);
            trees.push(TreeCount {
                name: TreeId::Drafts.name(),
                entries: copy_tree(drafts, &mut out)?,
            });
        }
        let last = [TreeId::Meta.name(), TreeId::Audit.name()];
        let mut records = 0;
        let guard = self.lock();
        let locked_at = Instant::now();
        let mut names: Vec<String> = self
            .db
            .tree_names()
            .into_iter()
            .filter(|name| name.as_ref() != SLED_DEFAULT_TREE)
            .map(|name| String::from_utf8_lossy(&name).into_owned())
            .filter(|name| *name != TreeId::Drafts.name() && !last.contains(name))
            .collect();
        names.sort();
        let record_trees: Vec<String> = crate::domain::Kind::ALL
            .iter()
            .map(|kind| TreeId::Records(*kind).name())
            .collect();
        for name in &names {
            let tree = self.db.open_tree(name.as_bytes())?;
            let entries = copy_tree(&tree, &mut out)?;
            if record_trees.contains(name) {
                records += entries;
            }
            trees.push(TreeCount {
                name: name.clone(),
                entries,
            });
        }
        if let Some(stamp) = audit {
            self.append_audit_held(&guard, stamp, AuditAction::BackedUp { records })?;
        }
        for name in last {
            let tree = self.db.open_tree(name.as_bytes())?;
            trees.push(TreeCount {
                entries: copy_tree(&tree, &mut out)?,
                name,
            });
        }
        drop(guard);
        let writes_held = locked_at.elapsed();
        let mut counts = Vec::new();
        for (name, bytes) in files {
            out.write_all(&bytes).map_err(spool_error)?;
            counts.push(FileCount {
                name,
                bytes: bytes.len() as u64,
            });
        }
        out.flush().map_err(spool_error)?;
        let spool_len = out.written;
        drop(out);
        // The schema of the store as copied: the backup taken before a
        // migration holds the older one.
        let schema = self
            .tree(TreeId::Meta)
            .get(crate::store::schema::meta_keys::SCHEMA_VERSION)?
            .and_then(|bytes| <[u8; 2]>::try_from(bytes.as_ref()).ok())
            .map_or(SCHEMA_VERSION, u16::from_be_bytes);
        let header = BackupHeader {
            format: FORMAT_VERSION,
            schema,
            created_at: Utc::now(),
            program: env!("CARGO_PKG_VERSION").to_owned(),
            trees,
            files: counts,
        };
        let encoded = header.encode();
        let size = encoded.len() as u64 + spool_len + DIGEST_LEN as u64;
        Ok(SpooledBackup {
            header: encoded,
            spool,
            spool_len,
            position: 0,
            hasher: Sha256::new(),
            facts: SnapshotFacts {
                header,
                records,
                writes_held,
                size,
            },
        })
    }

    /// The files of the store's directory that go into a backup, as
    /// they are now.
    pub fn backed_up_files(&self) -> StoreResult<Vec<(String, Vec<u8>)>> {
        let mut files = Vec::new();
        for name in BACKED_UP_FILES {
            match std::fs::read(self.path.join(name)) {
                Ok(bytes) => files.push((name.to_owned(), bytes)),
                Err(error) if error.kind() == io::ErrorKind::NotFound => {}
                Err(error) => return Err(spool_error(error)),
            }
        }
        Ok(files)
    }

    /// Writes a whole backup to `path` (readable by this account only):
    /// written beside it, then renamed over it once complete and on disk.
    pub fn write_backup_file(
        &self,
        path: &Path,
        files: Vec<(String, Vec<u8>)>,
        audit: Option<&Stamp>,
    ) -> StoreResult<SnapshotFacts> {
        let mut backup = self.spool_backup(files, audit)?;
        write_atomically(path, |out| backup.write_to(out)).map_err(spool_error)?;
        Ok(backup.facts)
    }
}

/// Writes a file whole or not at all: into a new file beside it (mode
/// 0600), synced, then renamed over `path`; the partial file is removed
/// on failure.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let partial = path.with_file_name(format!(".{name}.part-{}", std::process::id()));
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&partial)?;
    let result = (|| {
        let mut out = BufWriter::new(&file);
        write(&mut out)?;
        out.flush()?;
        drop(out);
        file.sync_all()?;
        std::fs::rename(&partial, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

/// Why a backup could not be restored. Nothing is left of the restore
/// when one is returned.
#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error("{}: {source}", .path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("{} is not a passerelle backup", .path.display())]
    NotABackup { path: PathBuf },
    /// The file was changed or cut after it was written.
    #[error("{}: the checksum does not match", .path.display())]
    Checksum { path: PathBuf },
    #[error("backup format {found}, this program reads up to {supported}")]
    NewerFormat { found: u16, supported: u16 },
    #[error("schema version {found}, this program reads up to {supported}")]
    NewerSchema { found: u16, supported: u16 },
    /// The checksum matches but the layout does not: not written by
    /// passerelle.
    #[error("the backup does not read: {detail}")]
    Malformed { detail: String },
    /// Restoring only goes into a new or empty directory.
    #[error("{} is not empty", .path.display())]
    TargetNotEmpty { path: PathBuf, holds_store: bool },
    /// The target directory is not fit for a store (whose it is, who may
    /// write to it): nothing was written.
    #[error("{0}")]
    Target(Box<crate::store::StoreError>),
    #[error("{}: {source}", .path.display())]
    Write { path: PathBuf, source: io::Error },
    /// The restored store does not hold what the header says.
    #[error("{what}: {found} restored, {expected} in the backup")]
    CountMismatch {
        what: &'static str,
        expected: u64,
        found: u64,
    },
    /// The restored store fails `check`.
    #[error("the restored store fails check ({} problems)", .problems.len())]
    CheckFailed { problems: Vec<Problem> },
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn malformed(detail: &str) -> RestoreError {
    RestoreError::Malformed {
        detail: detail.to_owned(),
    }
}

fn read_exact(input: &mut impl Read, buffer: &mut [u8]) -> Result<(), RestoreError> {
    input
        .read_exact(buffer)
        .map_err(|error| match error.kind() {
            io::ErrorKind::UnexpectedEof => malformed("the file ends early"),
            _ => malformed(&error.to_string()),
        })
}

fn read_u16(input: &mut impl Read) -> Result<u16, RestoreError> {
    let mut bytes = [0; 2];
    read_exact(input, &mut bytes)?;
    Ok(u16::from_be_bytes(bytes))
}

fn read_u32(input: &mut impl Read) -> Result<u32, RestoreError> {
    let mut bytes = [0; 4];
    read_exact(input, &mut bytes)?;
    Ok(u32::from_be_bytes(bytes))
}

fn read_u64(input: &mut impl Read) -> Result<u64, RestoreError> {
    let mut bytes = [0; 8];
    read_exact(input, &mut bytes)?;
    Ok(u64::from_be_bytes(bytes))
}

fn read_bytes(input: &mut impl Read, length: usize) -> Result<Vec<u8>, RestoreError> {
    if length > MAX_ITEM {
        return Err(malformed("an entry longer than any the store writes"));
    }
    let mut bytes = vec![0; length];
    read_exact(input, &mut bytes)?;
    Ok(bytes)
}

fn read_text(input: &mut impl Read) -> Result<String, RestoreError> {
    let length = usize::from(read_u16(input)?);
    String::from_utf8(read_bytes(input, length)?).map_err(|_| malformed("a name is not UTF-8"))
}

/// Checks a backup file before anything is written: its magic, then its
/// checksum over the whole file, then its header (format and schema this
/// program reads). Returns the header and where the body starts.
pub fn verify(file: &Path) -> Result<(BackupHeader, u64), RestoreError> {
    let read_error = |source| RestoreError::Read {
        path: file.to_owned(),
        source,
    };
    let mut input = File::open(file).map_err(read_error)?;
    let length = input.metadata().map_err(read_error)?.len();
    let mut magic = [0u8; MAGIC.len()];
    let min = (MAGIC.len() + DIGEST_LEN) as u64;
    if length < min || input.read_exact(&mut magic).is_err() || &magic != MAGIC {
        return Err(RestoreError::NotABackup {
            path: file.to_owned(),
        });
    }
    input.seek(SeekFrom::Start(0)).map_err(read_error)?;
    let mut hasher = Sha256::new();
    let mut remaining = length - DIGEST_LEN as u64;
    let mut buffer = vec![0u8; 1024 * 1024];
    while remaining > 0 {
        let wanted = remaining.min(buffer.len() as u64) as usize;
        input
            .read_exact(&mut buffer[..wanted])
            .map_err(read_error)?;
        hasher.update(&buffer[..wanted]);
        remaining -= wanted as u64;
    }
    let mut stored = [0u8; DIGEST_LEN];
    input.read_exact(&mut stored).map_err(read_error)?;
    if hasher.finalize().as_slice() != stored {
        return Err(RestoreError::Checksum {
            path: file.to_owned(),
        });
    }
    input
        .seek(SeekFrom::Start(MAGIC.len() as u64))
        .map_err(read_error)?;
    let mut reader = BufReader::new(input);
    let header = BackupHeader::decode(&mut reader)?;
    let body = reader.stream_position().map_err(read_error)?;
    Ok((header, body))
}

/// A store restored and verified.
#[derive(Debug, Clone)]
pub struct RestoreReport {
    pub header: BackupHeader,
    pub check: CheckReport,
}

/// What the target was before the restore, to leave it so on failure.
pub(super) enum Target {
    /// It did not exist: the first directory made for it (the target, or
    /// a missing parent) is removed whole.
    Created(PathBuf),
    /// An empty directory (its owner, group and mode matter, say a
    /// team's setgid directory): emptied again.
    Emptied,
}

/// Restores the backup `file` into `target`, a directory that does not
/// exist or is empty, in this process (the new store has no server yet),
/// as `account` (its creator is the backup's; the account only names
/// who opened it). Verified: checksum and header first, before anything
/// is written; then the entries of each tree as counted; then the new
/// store must pass `check` with the backup's counts of records and audit
/// entries. On any failure nothing is left: a directory created is
/// removed, an empty one emptied. While it runs, a `passerelle-restoring`
/// file in the target makes any other program refuse the store, so a
/// restore killed midway never passes for a store.
pub fn restore(file: &Path, target: &Path, account: &str) -> Result<RestoreReport, RestoreError> {
    let (header, body) = verify(file)?;
    let made = prepare_target(target)?;
    finish_target(target, made, fill(file, body, &header, target, account))
}

/// Ends the filling of a target `prepare_target` made: once `filled`,
/// its marker goes and it is a store; on failure it is left as it was.
pub(super) fn finish_target<T, E: From<RestoreError>>(
    target: &Path,
    made: Target,
    filled: Result<T, E>,
) -> Result<T, E> {
    match filled {
        Ok(report) => {
            let marker = target.join(RESTORING_MARKER);
            std::fs::remove_file(&marker).map_err(|source| RestoreError::Write {
                path: marker,
                source,
            })?;
            Ok(report)
        }
        Err(error) => {
            undo(target, made);
            Err(error)
        }
    }
}

pub(super) fn prepare_target(target: &Path) -> Result<Target, RestoreError> {
    let write_error = |source| RestoreError::Write {
        path: target.to_owned(),
        source,
    };
    let made = match std::fs::symlink_metadata(target) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            // The highest directory that does not exist yet, so that a
            // failure leaves no parent made for the restore either.
            let mut first_made = target.to_owned();
            while let Some(parent) = first_made.parent() {
                if parent.as_os_str().is_empty() || parent.exists() {
                    break;
                }
                first_made = parent.to_owned();
            }
            crate::store::create_private_dir(target).map_err(write_error)?;
            Target::Created(first_made)
        }
        Err(error) => return Err(write_error(error)),
        Ok(meta) if meta.is_dir() => {
            // Another account's directory, or one others may write to,
            // would hand them the restored store.
            crate::store::directory::check_rights(target, &meta)
                .map_err(|error| RestoreError::Target(Box::new(error)))?;
            let empty = std::fs::read_dir(target)
                .map_err(write_error)?
                .next()
                .is_none();
            if !empty {
                return Err(RestoreError::TargetNotEmpty {
                    path: target.to_owned(),
                    holds_store: target.join(STORE_MARKER).exists(),
                });
            }
            Target::Emptied
        }
        Ok(_) => {
            return Err(RestoreError::TargetNotEmpty {
                path: target.to_owned(),
                holds_store: false,
            });
        }
    };
    let marker = target.join(RESTORING_MARKER);
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&marker)
        .and_then(|mut file| {
            file.write_all(b"A restore is under way, or was interrupted: this is no store yet.\n")
        });
    if let Err(source) = written {
        undo(target, made);
        return Err(RestoreError::Write {
            path: marker,
            source,
        });
    }
    Ok(made)
}

fn undo(target: &Path, made: Target) {
    match made {
        Target::Created(first_made) => {
            let _ = std::fs::remove_dir_all(first_made);
        }
        Target::Emptied => {
            if let Ok(entries) = std::fs::read_dir(target) {
                for entry in entries.flatten() {
                    let path = entry.path();
                    let _ = if path.is_dir() {
                        std::fs::remove_dir_all(&path)
                    } else {
                        std::fs::remove_file(&path)
                    };
                }
            }
        }
    }
}

fn fill(
    file: &Path,
    body: u64,
    header: &BackupHeader,
    target: &Path,
    account: &str,
) -> Result<RestoreReport, RestoreError> {
    let read_error = |source| RestoreError::Read {
        path: file.to_owned(),
        source,
    };
    let write_error = |source| RestoreError::Write {
        path: target.to_owned(),
        source,
    };
    let mut input = File::open(file).map_err(read_error)?;
    let end = input.metadata().map_err(read_error)?.len() - DIGEST_LEN as u64;
    input.seek(SeekFrom::Start(body)).map_err(read_error)?;
    let mut input = BufReader::with_capacity(1024 * 1024, input.take(end - body));
    {
        let db = sled::Config::new()
            .path(target)
            .cache_capacity(crate::store::DEFAULT_CACHE_BYTES)
            .open()
            .map_err(StoreError::from)?;
        for tree in &header.trees {
            if tree.name.as_bytes() == SLED_DEFAULT_TREE {
                return Err(malformed("sled's own tree is not a store's"));
            }
            let sled_tree = db
                .open_tree(tree.name.as_bytes())
                .map_err(StoreError::from)?;
            let mut batch = sled::Batch::default();
            for done in 1..=tree.entries {
                let key_length = read_u32(&mut input)? as usize;
                let key = read_bytes(&mut input, key_length)?;
                let value_length = read_u32(&mut input)? as usize;
                let value = read_bytes(&mut input, value_length)?;
                batch.insert(key, value);
                if done % RESTORE_BATCH as u64 == 0 {
                    sled_tree
                        .apply_batch(std::mem::take(&mut batch))
                        .map_err(StoreError::from)?;
                }
            }
            sled_tree.apply_batch(batch).map_err(StoreError::from)?;
        }
        db.flush().map_err(StoreError::from)?;
    }
    for held in &header.files {
        if !BACKED_UP_FILES.contains(&held.name.as_str()) {
            return Err(malformed("a file a backup does not hold"));
        }
        let length = usize::try_from(held.bytes).map_err(|_| malformed("a file too large"))?;
        let bytes = read_bytes(&mut input, length)?;
        std::fs::write(target.join(&held.name), bytes).map_err(write_error)?;
    }
    let mut rest = [0u8; 1];
    if input.read(&mut rest).map_err(read_error)? != 0 {
        return Err(malformed("bytes after the last entry"));
    }
    std::fs::write(target.join(STORE_MARKER), MARKER_TEXT).map_err(write_error)?;
    let mut options = OpenOptions::new(account);
    options.restoring = true;
    // sled lets go of its lock from a background thread after the handle
    // above is dropped.
    options.lock_wait = Duration::from_secs(10);
    let store = Store::open(target, &options)?;
    let check = store.check()?;
    drop(store);
    let expected = [
        ("records", header.records(), check.records),
        (
            "audit entries",
            header.entries(TreeId::Audit),
            check.audit_entries,
        ),
        ("drafts", header.entries(TreeId::Drafts), check.drafts),
        (
            "deleted records",
            header.entries(TreeId::Tombstones),
            check.tombstones,
        ),
    ];
    for (what, expected, found) in expected {
        if expected != found {
            return Err(RestoreError::CountMismatch {
                what,
                expected,
                found,
            });
        }
    }
    if !check.is_clean() {
        return Err(RestoreError::CheckFailed {
            problems: check.problems,
        });
    }
    Ok(RestoreReport {
        header: header.clone(),
        check,
    })
}
