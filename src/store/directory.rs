//! The store's directory is the store's: before a store is opened or
//! made in a directory (or a backup restored into it), the directory is
//! checked the way ssh's StrictModes checks a home: it must not be the
//! root directory, must belong to the account opening it, must not be
//! writable by other accounts (who could put a `users.toml` or a socket
//! of their own in it), and must hold a passerelle store, or nothing yet
//! (a directory holding other files is never written to).

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::store::error::{StoreError, StoreResult};
use crate::store::{RESTORING_MARKER, STORE_MARKER};

/// What is wrong with a directory for a store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DirectoryProblem {
    /// The root directory of the system.
    Root,
    /// A file, not a directory.
    NotADirectory,
    /// Another account's directory.
    OwnedByOther { owner: String, opener: String },
    /// Other accounts may create and delete files in it: `mode`.
    WritableByOthers { mode: u32 },
    /// It holds `entry`, which is no part of a passerelle store.
    Foreign { entry: String },
    /// It holds sled's files and a schema version, but not the marker
    /// that says it is a finished store (deleted?).
    MarkerMissing,
    /// It is marked a store but `part` is gone.
    PartMissing { part: String },
}

/// Files sled makes in a store's directory.
fn is_sleds(name: &str) -> bool {
    matches!(name, "conf" | "db" | "blobs") || name.starts_with("snap.")
}

/// Files passerelle makes in a store's directory besides sled's (the
/// backup taken before a schema migration included), or an admin puts
/// there before the first start.
fn is_ours(name: &str) -> bool {
    (name.starts_with("pre-migration-schema-") && name.ends_with(".passerelle-backup"))
        // That backup being written, and users.toml being rewritten (by
        // passerelle, or by hand: an editor's copies).
        || name.starts_with(".pre-migration-schema-")
        || name.starts_with("users.toml")
        || name.starts_with(".users.toml")
        || matches!(
            name,
            STORE_MARKER
                | RESTORING_MARKER
                | "passerelle.sock"
                | "server.lock"
                | "users.toml"
                | "users.toml.new"
                | crate::store::snapshots::SET_ASIDE_DIR
        )
}

/// What a directory checked holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holds {
    /// Nothing yet (or no directory): a store is made in it.
    Nothing,
    /// sled's files without the marker: a creation that was interrupted,
    /// unless sled holds a schema version (then the marker was lost).
    Unfinished,
    /// A store.
    Store,
}

/// Checks `path` for a store, before anything is written to it.
pub fn check(path: &Path) -> StoreResult<Holds> {
    let refuse = |problem| StoreError::Directory {
        path: path.to_owned(),
        problem,
    };
    if std::path::absolute(path).is_ok_and(|absolute| absolute.parent().is_none()) {
        return Err(refuse(DirectoryProblem::Root));
    }
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Holds::Nothing),
        Err(source) => {
            return Err(StoreError::CannotCreate {
                path: path.to_owned(),
                source,
            });
        }
    };
    check_rights(path, &meta)?;
    let mut entries: Vec<String> = std::fs::read_dir(path)
        .map_err(|source| StoreError::CannotCreate {
            path: path.to_owned(),
            source,
        })?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    entries.sort();
    if let Some(entry) = entries
        .iter()
        .find(|name| !is_sleds(name) && !is_ours(name))
    {
        return Err(refuse(DirectoryProblem::Foreign {
            entry: entry.clone(),
        }));
    }
    let has = |name: &str| entries.iter().any(|entry| entry == name);
    let sleds = entries.iter().any(|name| is_sleds(name));
    if has(STORE_MARKER) {
        for part in ["conf", "db"] {
            if !has(part) {
                return Err(refuse(DirectoryProblem::PartMissing { part: part.into() }));
            }
        }
        return Ok(Holds::Store);
    }
    if !sleds {
        return Ok(Holds::Nothing);
    }
    // Without sled's own two files, what is there is not a store sled
    // made (a file that happens to be called `db`): never written over.
    if !has("conf") || !has("db") {
        let entry = entries
            .iter()
            .find(|name| is_sleds(name))
            .cloned()
            .unwrap_or_default();
        return Err(refuse(DirectoryProblem::Foreign { entry }));
    }
    Ok(Holds::Unfinished)
}

/// A directory the opening account owns (root too: a root process
/// would make files there the owner's server cannot read, and a
/// directory of another account hands the store to that account), that
/// no other account may write to.
pub fn check_rights(path: &Path, meta: &std::fs::Metadata) -> StoreResult<()> {
    let refuse = |problem| StoreError::Directory {
        path: path.to_owned(),
        problem,
    };
    if !meta.is_dir() {
        return Err(refuse(DirectoryProblem::NotADirectory));
    }
    let opener = nix::unistd::geteuid();
    if meta.uid() != opener.as_raw() {
        return Err(refuse(DirectoryProblem::OwnedByOther {
            owner: crate::store::accounts::account_name(meta.uid()),
            opener: crate::store::accounts::account_name(opener.as_raw()),
        }));
    }
    let mode = meta.permissions().mode() & 0o7777;
    if mode & 0o022 != 0 {
        return Err(refuse(DirectoryProblem::WritableByOthers { mode }));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(path: &Path) -> Option<DirectoryProblem> {
        match check(path) {
            Err(StoreError::Directory { problem, .. }) => Some(problem),
            _ => None,
        }
    }

    #[test]
    fn only_an_empty_directory_or_a_store_is_taken() {
        let dir = tempfile::tempdir().expect("a directory");
        let path = dir.path().join("store");
        assert_eq!(check(&path).ok(), Some(Holds::Nothing), "missing");
        std::fs::create_dir(&path).expect("made");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o700)).expect("chmod");
        assert_eq!(check(&path).ok(), Some(Holds::Nothing), "empty");
        std::fs::write(path.join("db"), b"someone's database").expect("a file");
        assert_eq!(
            problem(&path),
            Some(DirectoryProblem::Foreign { entry: "db".into() }),
            "a file named db is not sled's"
        );
        std::fs::write(path.join("conf"), b"").expect("a file");
        assert_eq!(check(&path).ok(), Some(Holds::Unfinished));
        std::fs::write(path.join("notes.txt"), b"").expect("a file");
        assert_eq!(
            problem(&path),
            Some(DirectoryProblem::Foreign {
                entry: "notes.txt".into()
            })
        );
        std::fs::remove_file(path.join("notes.txt")).expect("removed");
        std::fs::write(path.join(STORE_MARKER), b"").expect("marker");
        assert_eq!(check(&path).ok(), Some(Holds::Store));
        std::fs::remove_file(path.join("conf")).expect("removed");
        assert_eq!(
            problem(&path),
            Some(DirectoryProblem::PartMissing {
                part: "conf".into()
            })
        );
        assert_eq!(problem(Path::new("/")), Some(DirectoryProblem::Root));
    }

    #[test]
    fn a_directory_others_may_write_to_is_refused() {
        let dir = tempfile::tempdir().expect("a directory");
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o775))
            .expect("chmod");
        assert_eq!(
            problem(dir.path()),
            Some(DirectoryProblem::WritableByOthers { mode: 0o775 })
        );
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o2750))
            .expect("chmod");
        assert_eq!(
            check(dir.path()).ok(),
            Some(Holds::Nothing),
            "a team's 2750"
        );
    }
}
