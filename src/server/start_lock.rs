//! The lock a front end takes to start the store's server, so that of
//! several starting at once one starts it and the others find it. It is
//! the store owner's alone (`0600`): only the owner starts the server
//! (its files are the owner's), and nobody else can hold the lock to
//! keep the server from starting. It is waited for with a time limit,
//! and whoever holds it past that is named.

use std::fs::File;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;
use std::time::{Duration, Instant};

use nix::fcntl::{Flock, FlockArg};

/// The lock's mode: its owner's alone.
pub const LOCK_MODE: u32 = 0o600;

/// Why the lock was not taken.
pub enum NotTaken {
    /// The lock file cannot be opened or made.
    Io(std::io::Error),
    /// Someone held it all along: their process and account, when the
    /// system says.
    Held {
        pid: Option<u32>,
        account: Option<String>,
    },
}

/// Takes the start lock at `path`, waiting `patience` at most; while it
/// waits, `meanwhile` may end the wait with what it found (the server
/// another front end started).
pub fn take<T>(
    path: &Path,
    patience: Duration,
    mut meanwhile: impl FnMut() -> Option<T>,
) -> Result<Result<Flock<File>, T>, NotTaken> {
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(LOCK_MODE)
        .open(path)
        .map_err(NotTaken::Io)?;
    // Made group-readable by earlier versions: its owner's alone again.
    if let Ok(meta) = file.metadata() {
        if meta.uid() == nix::unistd::getuid().as_raw() && meta.mode() & 0o077 != 0 {
            let _ = file.set_permissions(std::fs::Permissions::from_mode(LOCK_MODE));
        }
    }
    let deadline = Instant::now() + patience;
    let mut file = file;
    loop {
        match Flock::lock(file, FlockArg::LockExclusiveNonblock) {
            Ok(lock) => return Ok(Ok(lock)),
            Err((back, _)) => file = back,
        }
        if let Some(found) = meanwhile() {
            return Ok(Err(found));
        }
        if Instant::now() >= deadline {
            let (pid, account) = holder(&file);
            return Err(NotTaken::Held { pid, account });
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Who holds a lock on `file`, from /proc/locks: its process, and that
/// process's account.
fn holder(file: &File) -> (Option<u32>, Option<String>) {
    let Ok(meta) = file.metadata() else {
        return (None, None);
    };
    let Ok(locks) = std::fs::read_to_string("/proc/locks") else {
        return (None, None);
    };
    let Some(pid) = holder_in(
        &locks,
        nix::sys::stat::major(meta.dev()),
        nix::sys::stat::minor(meta.dev()),
        meta.ino(),
    ) else {
        return (None, None);
    };
    let account = std::fs::metadata(format!("/proc/{pid}"))
        .ok()
        .map(|process| process.uid())
        .map(crate::store::accounts::account_name);
    (Some(pid), account)
}

/// The process holding a lock on the file of device `major:minor` and
/// inode `inode`, in the text of /proc/locks ("1: FLOCK  ADVISORY  WRITE
/// 4242 fe:00:1234 0 EOF": hexadecimal device numbers, decimal inode).
fn holder_in(locks: &str, major: u64, minor: u64, inode: u64) -> Option<u32> {
    locks.lines().find_map(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        // "->" marks a process waiting for the lock, not holding it.
        if fields.get(1) == Some(&"->") {
            return None;
        }
        let (pid, file) = (fields.get(4)?, fields.get(5)?);
        let mut parts = file.split(':');
        let found_major = u64::from_str_radix(parts.next()?, 16).ok()?;
        let found_minor = u64::from_str_radix(parts.next()?, 16).ok()?;
        let found_inode: u64 = parts.next()?.parse().ok()?;
        (found_major == major && found_minor == minor && found_inode == inode)
            .then(|| pid.parse().ok())
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_holder_is_read_from_proc_locks() {
        let locks = "1: FLOCK  ADVISORY  WRITE 28137 fe:00:10043500 0 EOF\n\
                     1: -> FLOCK  ADVISORY  WRITE 999 fe:00:10043500 0 EOF\n\
                     2: POSIX  ADVISORY  WRITE 4242 00:2e:77 0 EOF\n";
        assert_eq!(holder_in(locks, 0xfe, 0, 10043500), Some(28137));
        assert_eq!(holder_in(locks, 0, 0x2e, 77), Some(4242));
        assert_eq!(holder_in(locks, 0, 0x2e, 78), None);
    }

    #[test]
    fn a_lock_held_elsewhere_is_waited_for_then_its_holder_named() {
        let dir = tempfile::tempdir().expect("a directory");
        let path = dir.path().join("server.lock");
        let held = take(&path, Duration::from_secs(1), || None::<()>)
            .ok()
            .and_then(|taken| taken.ok())
            .expect("taken");
        let started = Instant::now();
        match take(&path, Duration::from_millis(300), || None::<()>) {
            Err(NotTaken::Held { pid, .. }) => assert_eq!(pid, Some(std::process::id())),
            _ => panic!("taken twice"),
        }
        assert!(started.elapsed() >= Duration::from_millis(300));
        let mode = std::fs::metadata(&path).expect("the lock").mode();
        assert_eq!(mode & 0o777, LOCK_MODE);
        drop(held);
        assert!(matches!(
            take(&path, Duration::from_secs(1), || None::<()>),
            Ok(Ok(_))
        ));
    }
}
