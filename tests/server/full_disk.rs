//! A full disk, then space again, on a real small file system (a tmpfs
//! mounted for the test: root needed, as CI runs): a write refused for
//! lack of space says so and names the store, the running server serves
//! writes again by itself once space is back, a server stopped while the
//! disk is full leaves a store that opens, and every acknowledged write
//! is there; an empty snapshot file is set aside, not taken for damage.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use passerelle::domain::records::Record;
use passerelle::i18n::Lang;
use passerelle::i18n::messages::service_error;
use passerelle::service::ServiceError;

use super::common::{stderr, stdout};
use super::{PATIENCE, Place, assert_check_passes, get, numbered_school, save};

/// A tmpfs of `megabytes`, unmounted when dropped.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(megabytes: u32) -> SmallDisk {
        let dir = tempfile::tempdir().expect("a mount point");
        let output = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={megabytes}m,mode=0755"),
                "tmpfs",
            ])
            .arg(dir.path())
            .output()
            .expect("mount runs");
        assert!(
            output.status.success(),
            "a small file system for the test could not be mounted (root is needed, as CI runs): {}",
            String::from_utf8_lossy(&output.stderr)
        );
        SmallDisk { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Fills the disk with a file but for `left` bytes.
    fn fill_but(&self, left: u64) -> PathBuf {
        let stat = nix::sys::statvfs::statvfs(self.path()).expect("statvfs");
        let free = stat.blocks_available() as u64 * stat.fragment_size() as u64;
        let filler = self.path().join("filler");
        let file = std::fs::File::create(&filler).expect("filler");
        file.set_len(0).expect("empty");
        // A tmpfs gives its pages as they are written: write them.
        let chunk = vec![0xA5u8; 1 << 20];
        let mut written = 0u64;
        let mut writing = &file;
        use std::io::Write;
        while written + left < free {
            let take = (free - left - written).min(chunk.len() as u64) as usize;
            if writing.write_all(&chunk[..take]).is_err() {
                break;
            }
            written += take as u64;
        }
        filler
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount")
            .arg("-l")
            .arg(self.dir.path())
            .status();
    }
}

/// Saves new schools until the disk refuses one; the schools
/// acknowledged, and the refusal.
fn save_until_full(
    client: &passerelle::client::connection::Client,
    from: u32,
) -> (Vec<Record>, ServiceError) {
    let mut acknowledged = Vec::new();
    for n in from.. {
        let name = format!("École {n} {}", "remplissage ".repeat(12));
        match save(client, numbered_school(n, &name)) {
            Ok(saved) => acknowledged.push(saved),
            Err(error) => return (acknowledged, error),
        }
        assert!(n < from + 4_000, "the disk never filled");
    }
    unreachable!()
}

fn assert_all_there(client: &passerelle::client::connection::Client, records: &[Record]) {
    for record in records {
        let reference = record.reference();
        let found = get(client, reference).unwrap_or_else(|| panic!("{reference:?} lost"));
        assert_eq!(
            found.meta().revision,
            record.meta().revision,
            "{reference:?}"
        );
    }
}

#[test]
fn a_full_disk_is_said_and_the_server_resumes_once_space_is_back() {
    let disk = SmallDisk::mount(24);
    let place = Place {
        dir: tempfile::tempdir_in(disk.path()).expect("a place on the small disk"),
    };
    std::fs::create_dir(place.home()).expect("home");
    let server = place.serve();
    let client = place.client();
    let filler = disk.fill_but(2 << 20);

    let (first, refusal) = save_until_full(&client, 1);
    assert!(!first.is_empty(), "some saves fit");
    match &refusal {
        ServiceError::StorageFull { path } => {
            assert_eq!(Path::new(path), place.store(), "the store named")
        }
        other => panic!("refused with {other:?}"),
    }
    let said = service_error(&refusal, Lang::Fr);
    assert!(said.contains("est plein"), "{said}");
    assert!(
        said.contains("rien de ce qui était déjà enregistré n'est perdu"),
        "{said}"
    );
    assert!(
        said.contains(&place.store().display().to_string()),
        "{said}"
    );

    // Space back: the same server takes writes again by itself.
    std::fs::remove_file(&filler).expect("space freed");
    let started = Instant::now();
    let resumed = loop {
        match save(&client, numbered_school(9_999, "Après le disque plein")) {
            Ok(saved) => break saved,
            Err(ServiceError::StorageFull { .. }) => {
                assert!(started.elapsed() < PATIENCE, "the server never resumed");
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            Err(other) => panic!("after space came back: {other:?}"),
        }
    };
    // On the same connection: the server was not restarted.
    assert_all_there(&client, &first);
    assert_all_there(&client, std::slice::from_ref(&resumed));
    assert_check_passes(&client);

    // Full again, then stopped while full: the store opens afterwards.
    let filler = disk.fill_but(1 << 20);
    let (second, _) = save_until_full(&client, 5_000);
    drop(client);
    let (status, said) = server.stop();
    assert!(status.success(), "{status}: {said}");
    // Still full, then space again.
    std::fs::remove_file(&filler).expect("space freed");
    let server = place.serve();
    let client = place.client();
    assert_all_there(&client, &first);
    assert_all_there(&client, &second);
    assert_check_passes(&client);
    drop(client);
    drop(server);
}

#[test]
fn an_empty_snapshot_file_on_a_healthy_store_is_set_aside_not_taken_for_damage() {
    let place = Place::new();
    let output = place.run_direct(&["demo", "--size", "300"]);
    assert!(output.status.success(), "{}", stderr(&output));
    // What a stop in the middle of writing a snapshot leaves.
    std::fs::write(place.store().join("snap.00000000FFFFFFFF.generating"), b"").expect("written");
    let output = place.run_direct(&["check"]);
    let text = stdout(&output);
    assert!(output.status.success(), "{text}{}", stderr(&output));
    assert!(text.contains("La base est cohérente"), "{text}");
    assert!(text.contains("Mis de côté"), "{text}");
    assert!(
        place
            .store()
            .join("set-aside")
            .read_dir()
            .expect("the set-aside directory")
            .filter_map(|entry| entry.ok())
            .any(|entry| entry
                .file_name()
                .to_string_lossy()
                .ends_with("snap.00000000FFFFFFFF.generating")),
        "kept"
    );
    assert!(
        !place
            .store()
            .join("snap.00000000FFFFFFFF.generating")
            .exists()
    );
    let again = place.run_direct(&["status"]);
    assert!(again.status.success(), "{}", stderr(&again));
}
