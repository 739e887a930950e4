//! sled's snapshot files (`snap.*` beside `db`), set aside when they
//! stop a store from opening. A snapshot only speeds sled's start: what
//! it holds is rebuilt from the log (`db`) when there is none. sled
//! writes one as `snap.N.generating`, then renames it `snap.N` once
//! whole; a process stopped in between (a full disk, a kill) leaves the
//! `.generating` file, which sled then reads as the newest snapshot and
//! refuses as damaged, though nothing acknowledged is lost.
//!
//! So when sled refuses the files as damaged: first the `.generating`
//! files, then (if it still refuses) every snapshot, are moved to
//! [`SET_ASIDE_DIR`] (kept, named with the time), and sled is asked
//! again. If it still refuses, they are put back as they were and the
//! store is reported damaged. Files are moved only while holding sled's
//! own lock on `db`, so never under a process that has the store open.

use std::fs::File;
use std::path::{Path, PathBuf};

use nix::fcntl::{Flock, FlockArg};

use crate::store::error::{StoreError, StoreResult};

/// Where snapshot files set aside are kept, in the store's directory.
pub const SET_ASIDE_DIR: &str = "set-aside";

/// Opens sled with `open`; when it refuses the files as damaged, sets
/// snapshots aside as above and asks again. Answers the database and
/// the files set aside (where they are now).
pub fn open_setting_aside(
    path: &Path,
    open: impl Fn() -> StoreResult<sled::Db>,
) -> StoreResult<(sled::Db, Vec<PathBuf>)> {
    let refused = match open() {
        Err(error @ StoreError::Corrupt { .. }) => error,
        other => return other.map(|db| (db, Vec::new())),
    };
    let mut set_aside = Vec::new();
    for incomplete_only in [true, false] {
        let moved = move_snapshots(path, incomplete_only)?;
        if moved.is_empty() {
            continue;
        }
        set_aside.extend(moved);
        match open() {
            Ok(db) => {
                for (_, now) in &set_aside {
                    tracing::warn!(file = %now.display(), "a snapshot sled could not read was set aside");
                }
                return Ok((db, set_aside.into_iter().map(|(_, now)| now).collect()));
            }
            Err(StoreError::Corrupt { .. }) => {}
            Err(other) => {
                put_back(path, &set_aside)?;
                return Err(other);
            }
        }
    }
    put_back(path, &set_aside)?;
    Err(refused)
}

/// The snapshot files of the store (`.generating` ones alone when
/// `incomplete_only`), moved aside under sled's lock; where each was and
/// is now.
fn move_snapshots(path: &Path, incomplete_only: bool) -> StoreResult<Vec<(PathBuf, PathBuf)>> {
    let _lock = hold_lock(path)?;
    let mut moved = Vec::new();
    let io = |error: std::io::Error| StoreError::Io(error.to_string());
    let mut names: Vec<String> = std::fs::read_dir(path)
        .map_err(io)?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.starts_with("snap."))
        .filter(|name| !incomplete_only || name.ends_with(".generating"))
        .collect();
    names.sort();
    if names.is_empty() {
        return Ok(moved);
    }
    let aside = path.join(SET_ASIDE_DIR);
    crate::store::create_private_dir(&aside).map_err(io)?;
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    for name in names {
        let was = path.join(&name);
        let now = aside.join(format!("{stamp}-{name}"));
        std::fs::rename(&was, &now).map_err(io)?;
        moved.push((was, now));
    }
    Ok(moved)
}

fn put_back(path: &Path, moved: &[(PathBuf, PathBuf)]) -> StoreResult<()> {
    let _lock = hold_lock(path)?;
    for (was, now) in moved {
        std::fs::rename(now, was).map_err(|error| StoreError::Io(error.to_string()))?;
    }
    Ok(())
}

/// sled's lock on `db`, taken without waiting: held, no process has
/// the store open.
pub(super) fn hold_lock(path: &Path) -> StoreResult<Flock<File>> {
    let file = File::open(path.join("db")).map_err(|error| StoreError::Io(error.to_string()))?;
    Flock::lock(file, FlockArg::LockExclusiveNonblock).map_err(|_| StoreError::Locked {
        path: path.to_owned(),
    })
}

/// The files set aside in the store's directory, by name.
pub fn set_aside_in(path: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(path.join(SET_ASIDE_DIR))
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}
