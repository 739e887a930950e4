//! Backups through the service (admins only: a backup holds everything,
//! restricted fields and the whole trail included). The store takes the
//! snapshot into a spool file (see `store::backup`); the front end then
//! asks for it in chunks, which it writes to its file itself: the server
//! may run as another account, and the file is the front end's. A chunk
//! is at most [`BACKUP_CHUNK`] bytes, well under a frame (16 MiB), and
//! chunks come in order, the checksum last.
//!
//! A backup under way is kept per account (a new one replaces the
//! account's previous one) and dropped once read out, or after
//! [`BACKUP_IDLE`] without a chunk asked for (a front end gone); its
//! spool is already unlinked, so dropping it frees the disk.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::service::{AdminTask, Caller, Service, ServiceError, ServiceResult};
use crate::store::backup::{SnapshotFacts, SpooledBackup};

/// The most bytes a chunk holds.
pub const BACKUP_CHUNK: usize = 4 * 1024 * 1024;

/// How long a backup under way waits for its next chunk to be asked for.
pub const BACKUP_IDLE: Duration = Duration::from_secs(120);

/// The most backups under way at once (each holds a copy of the store on
/// disk until read out).
pub const MAX_BACKUPS: usize = 4;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum BackupRequest {
    /// Takes the snapshot: answered by `Response::BackupBegun`.
    Begin,
    /// The bytes from `offset` (the length read so far): answered by
    /// `Response::BackupChunk`, empty past the end.
    Chunk { backup: u64, offset: u64 },
    /// Drops a backup under way (the front end gave up).
    Abandon { backup: u64 },
}

/// A backup taken, ready to be read out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupBegun {
    pub backup: u64,
    pub facts: SnapshotFacts,
}

struct UnderWay {
    account: String,
    spooled: SpooledBackup,
    last_asked: Instant,
}

/// The backups under way of a service.
#[derive(Default)]
pub struct Backups {
    next: u64,
    under_way: HashMap<u64, UnderWay>,
}

impl std::fmt::Debug for Backups {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Backups")
            .field("under_way", &self.under_way.len())
            .finish()
    }
}

impl Backups {
    fn forget_idle(&mut self) {
        self.under_way
            .retain(|_, backup| backup.last_asked.elapsed() < BACKUP_IDLE);
    }
}

fn no_such_backup() -> ServiceError {
    ServiceError::BadRequest("no backup under way of this number for this account".into())
}

impl Service {
    fn backups(&self) -> std::sync::MutexGuard<'_, Backups> {
        // What a panicking holder left is a map of spools: safe to use.
        self.backups
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Answers a backup request.
    pub fn backup(&self, caller: &Caller, request: &BackupRequest) -> ServiceResult<BackupAnswer> {
        match *request {
            BackupRequest::Begin => self.begin_backup(caller).map(BackupAnswer::Begun),
            BackupRequest::Chunk { backup, offset } => self
                .backup_chunk(caller, backup, offset)
                .map(BackupAnswer::Chunk),
            BackupRequest::Abandon { backup } => {
                self.identify_admin(caller, AdminTask::Backup)?;
                let mut backups = self.backups();
                match backups.under_way.get(&backup) {
                    Some(under_way) if under_way.account == caller.account => {
                        backups.under_way.remove(&backup);
                        Ok(BackupAnswer::Abandoned)
                    }
                    _ => Err(no_such_backup()),
                }
            }
        }
    }

    /// Takes a snapshot of the whole store (audited within it) and keeps
    /// it for the caller to read out.
    pub fn begin_backup(&self, caller: &Caller) -> ServiceResult<BackupBegun> {
        self.identify_admin(caller, AdminTask::Backup)?;
        {
            let mut backups = self.backups();
            backups.forget_idle();
            backups
                .under_way
                .retain(|_, under_way| under_way.account != caller.account);
            if backups.under_way.len() >= MAX_BACKUPS {
                return Err(ServiceError::BadRequest(format!(
                    "{MAX_BACKUPS} backups are being read out already; try again in a few minutes"
                )));
            }
        }
        let spooled = {
            // users.toml as the trail knows it: a user change writes its
            // entry and renames the file under this lock.
            let _users = self
                .users_lock
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let files = self.store.backed_up_files()?;
            self.store.spool_backup(files, Some(&self.stamp(caller)))?
        };
        tracing::info!(
            records = spooled.facts.records,
            bytes = spooled.facts.size,
            writes_held_ms = spooled.facts.writes_held.as_millis() as u64,
            "backup taken"
        );
        let facts = spooled.facts.clone();
        let mut backups = self.backups();
        backups.next += 1;
        let backup = backups.next;
        backups.under_way.insert(
            backup,
            UnderWay {
                account: caller.account.clone(),
                spooled,
                last_asked: Instant::now(),
            },
        );
        Ok(BackupBegun { backup, facts })
    }

    /// The next chunk of a backup under way, asked for in order.
    pub fn backup_chunk(
        &self,
        caller: &Caller,
        backup: u64,
        offset: u64,
    ) -> ServiceResult<Vec<u8>> {
        self.identify_admin(caller, AdminTask::Backup)?;
        let mut backups = self.backups();
        backups.forget_idle();
        let under_way = match backups.under_way.get_mut(&backup) {
            Some(under_way) if under_way.account == caller.account => under_way,
            _ => return Err(no_such_backup()),
        };
        if offset != under_way.spooled.position() {
            return Err(ServiceError::BadRequest(format!(
                "backup chunks are read in order: {} bytes were given, not {offset}",
                under_way.spooled.position()
            )));
        }
        let chunk = under_way
            .spooled
            .read_chunk(BACKUP_CHUNK)
            .map_err(|error| ServiceError::Storage {
                detail: format!("the backup's spool could not be read: {error}"),
            })?;
        under_way.last_asked = Instant::now();
        if under_way.spooled.position() >= under_way.spooled.size() {
            backups.under_way.remove(&backup);
        }
        Ok(chunk)
    }
}

/// What a backup request is answered with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum BackupAnswer {
    Begun(BackupBegun),
    Chunk(Vec<u8>),
    Abandoned,
}
