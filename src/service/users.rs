//! Who may use a store, from `users.toml` in the store's directory.
//! Every operation starts by recognising its caller (`Service::identify`):
//! an account that is not listed is refused before anything of the store
//! is read. With no file, the store's creator is its only user, an admin.
//!
//! The file is read again at each call (a few hundred bytes): a change
//! made by `passerelle users` holds at once, for every front end.

use std::collections::BTreeMap;
use std::io::Write;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::domain::Organisation;
use crate::domain::audit::{AuditAction, UserChange};
use crate::domain::user::{
    Admin, Identity, NameProblem, Role, UserEntry, check_account, check_display_name,
    organisation_word, parse_organisation,
};
use crate::service::{AdminTask, Caller, NotAllowed, Service, ServiceError, ServiceResult};
use crate::store::write::Stamp;

/// The file's name, in the store's directory.
pub const USERS_FILE: &str = "users.toml";

/// What is wrong with one entry of the file, or with an entry asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum UserProblem {
    Account(NameProblem),
    Name(NameProblem),
    /// A coordinator reveals what their organisation owns: they need one.
    CoordinatorWithoutOrganisation,
}

/// Why `users.toml` cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum UsersFileProblem {
    /// It cannot be read or written: the system's reason.
    Io(String),
    /// It does not parse, or names an unknown organisation or role: the
    /// reader's message, which gives the line.
    Syntax(String),
    /// An entry breaks a rule.
    Entry {
        account: String,
        line: usize,
        problem: UserProblem,
    },
    /// Nobody could manage the users.
    NoAdmin,
    /// It cannot be used, and what is wrong with it is not told to this
    /// caller (any account of the group may connect): it is in the
    /// server's log, and told to the store's owner.
    Withheld,
}

/// The users of a store: the file's entries, or the creator alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Users {
    pub entries: BTreeMap<String, UserEntry>,
    /// Whether they come from `users.toml` (otherwise: the creator alone).
    pub from_file: bool,
}

impl Users {
    pub fn admins(&self) -> Vec<Admin> {
        self.entries
            .iter()
            .filter(|(_, entry)| entry.role == Role::Admin)
            .map(|(account, entry)| Admin {
                account: account.clone(),
                name: entry.name.clone(),
            })
            .collect()
    }

    fn admin_count(&self) -> usize {
        self.entries
            .values()
            .filter(|entry| entry.role == Role::Admin)
            .count()
    }
}

/// The file as written: `[users.ACCOUNT]` tables.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct FileForm<E> {
    #[serde(default = "BTreeMap::new")]
    users: BTreeMap<String, E>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct FileEntry {
    name: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "read_organisation",
        serialize_with = "write_organisation"
    )]
    organisation: Option<Organisation>,
    role: Role,
}

fn read_organisation<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Organisation>, D::Error> {
    let word = String::deserialize(deserializer)?;
    parse_organisation(&word).map(Some).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "unknown organisation `{word}`, expected one of `paris`, `creteil`, `versailles`, `cpme`"
        ))
    })
}

fn write_organisation<S: serde::Serializer>(
    organisation: &Option<Organisation>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match organisation {
        Some(organisation) => serializer.serialize_str(organisation_word(*organisation)),
        None => serializer.serialize_none(),
    }
}

/// Checks one entry, whether read from the file or asked for.
pub fn check_entry(account: &str, entry: &UserEntry) -> Result<(), UserProblem> {
    check_account(account).map_err(UserProblem::Account)?;
    check_display_name(&entry.name).map_err(UserProblem::Name)?;
    if entry.role == Role::Coordinator && entry.organisation.is_none() {
        return Err(UserProblem::CoordinatorWithoutOrganisation);
    }
    Ok(())
}

/// Reads `users.toml` at `path`; `None` when there is none.
pub fn read_users_file(path: &Path) -> Result<Option<Users>, UsersFileProblem> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(UsersFileProblem::Io(error.to_string())),
    };
    parse_users(&text).map(Some)
}

/// Reads the file's text.
pub fn parse_users(text: &str) -> Result<Users, UsersFileProblem> {
    let form: FileForm<toml::Spanned<FileEntry>> =
        toml::from_str(text).map_err(|error| UsersFileProblem::Syntax(error.to_string()))?;
    let mut entries = BTreeMap::new();
    for (account, spanned) in form.users {
        let line = line_of(text, spanned.span().start);
        let FileEntry {
            name,
            organisation,
            role,
        } = spanned.into_inner();
        let entry = UserEntry {
            name,
            organisation,
            role,
        };
        check_entry(&account, &entry).map_err(|problem| UsersFileProblem::Entry {
            account: account.clone(),
            line,
            problem,
        })?;
        entries.insert(account, entry);
    }
    let users = Users {
        entries,
        from_file: true,
    };
    if users.admin_count() == 0 {
        return Err(UsersFileProblem::NoAdmin);
    }
    Ok(users)
}

/// The line (from 1) holding byte `offset`: an entry's span starts at
/// its `[users.x]` header.
fn line_of(text: &str, offset: usize) -> usize {
    let before = text.get(..offset).unwrap_or(text);
    before.matches('\n').count() + 1
}

/// The file's text for `users`.
fn render(users: &Users) -> Result<String, UsersFileProblem> {
    let form = FileForm {
        users: users
            .entries
            .iter()
            .map(|(account, entry)| {
                (
                    account.clone(),
                    FileEntry {
                        name: entry.name.clone(),
                        organisation: entry.organisation,
                        role: entry.role,
                    },
                )
            })
            .collect(),
    };
    let body = toml::to_string(&form).map_err(|error| UsersFileProblem::Io(error.to_string()))?;
    Ok(format!(
        "# Who may use this passerelle store: Unix account → name, organisation\n\
         # (paris, creteil, versailles, cpme) and role (admin, coordinator, reader).\n\
         # Managed with `passerelle users`; rewritten by it (comments are not kept).\n\n{body}"
    ))
}

/// A new text for `users.toml`, written and flushed beside it but not in
/// its place yet: the change is audited in between (see
/// [`Service::change_users`]). Dropped without [`Self::put_in_place`],
/// it is removed and the file stays as it was.
struct PreparedUsersFile {
    path: PathBuf,
    temporary: PathBuf,
    placed: bool,
}

/// The mode of a new `users.toml`, less the umask: its owner (the admin
/// who created it) writes it; every account may read it, since whoever
/// runs `passerelle` must read it to be let in or told whom to ask. Who
/// reaches it at all is decided by the store directory's permissions.
const NEW_FILE_MODE: u32 = 0o644;

impl PreparedUsersFile {
    /// Writes `users` to a temporary file beside `path`, with the
    /// permissions, owner and group of the file it will replace (as far
    /// as the process may give them), and flushes it.
    fn write(path: &Path, users: &Users) -> Result<PreparedUsersFile, UsersFileProblem> {
        let text = render(users)?;
        let io = |error: std::io::Error| UsersFileProblem::Io(error.to_string());
        // What the admin gave the file (followed through a link, as it
        // was read): kept, so that a mode tightened by hand stays so.
        let old = match std::fs::metadata(path) {
            Ok(old) => Some(old),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
            Err(error) => return Err(io(error)),
        };
        let temporary = path.with_extension(format!("toml.{}.tmp", std::process::id()));
        // A leftover of a process that died with this number. Removing it
        // (a link itself, never what it points to) and creating anew
        // without following links keeps another account's file or link
        // from being written through.
        let _ = std::fs::remove_file(&temporary);
        let prepared = PreparedUsersFile {
            path: path.to_owned(),
            temporary,
            placed: false,
        };
        // Until the old permissions are set, nobody else reads it.
        let create_mode = if old.is_some() { 0o600 } else { NEW_FILE_MODE };
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(create_mode)
            .open(&prepared.temporary)
            .map_err(io)?;
        if let Some(old) = &old {
            keep_owner_and_group(&file, old).map_err(io)?;
            // After the owner: changing it may clear the set-id bits.
            let mode = old.mode() & 0o7777;
            file.set_permissions(std::fs::Permissions::from_mode(mode))
                .map_err(io)?;
        }
        file.write_all(text.as_bytes()).map_err(io)?;
        file.sync_all().map_err(io)?;
        Ok(prepared)
    }

    /// Renames the new text over the file and flushes the directory, so
    /// that the rename itself reaches the disk.
    fn put_in_place(mut self) -> Result<(), UsersFileProblem> {
        let io = |error: std::io::Error| UsersFileProblem::Io(error.to_string());
        std::fs::rename(&self.temporary, &self.path).map_err(io)?;
        self.placed = true;
        if let Some(dir) = self.path.parent() {
            std::fs::File::open(dir)
                .and_then(|dir| dir.sync_all())
                .map_err(io)?;
        }
        Ok(())
    }
}

impl Drop for PreparedUsersFile {
    fn drop(&mut self) {
        if !self.placed {
            let _ = std::fs::remove_file(&self.temporary);
        }
    }
}

/// Gives `file` the owner and group of `old`, or its group alone, or
/// neither, as far as the process may: only root gives a file away, and
/// an owner may only give it a group they belong to. A file that cannot
/// keep them is not refused: it then belongs to the admin rewriting it,
/// with the old mode.
fn keep_owner_and_group(file: &std::fs::File, old: &std::fs::Metadata) -> std::io::Result<()> {
    use std::os::unix::fs::fchown;
    let not_allowed = |error: &std::io::Error| error.kind() == std::io::ErrorKind::PermissionDenied;
    match fchown(file, Some(old.uid()), Some(old.gid())) {
        Err(error) if not_allowed(&error) => match fchown(file, None, Some(old.gid())) {
            Err(error) if not_allowed(&error) => Ok(()),
            other => other,
        },
        other => other,
    }
}

/// The display name the system gives an account (the first field of its
/// GECOS), else the account itself.
fn system_name(account: &str) -> String {
    nix::unistd::User::from_name(account)
        .ok()
        .flatten()
        .and_then(|user| {
            let gecos = user.gecos.to_string_lossy().into_owned();
            let first = gecos.split(',').next().unwrap_or("").trim().to_owned();
            (check_display_name(&first).is_ok()).then_some(first)
        })
        .unwrap_or_else(|| account.to_owned())
}

/// What `users list` shows.
pub type UserList = Users;

/// What `add_user` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserAdded {
    /// The account was listed already; its entry was replaced.
    pub replaced: bool,
    /// The file was created, with this account (the store's creator) as
    /// its first admin.
    pub file_created_for: Option<String>,
}

impl Service {
    fn users_path(&self) -> PathBuf {
        self.store.path().join(USERS_FILE)
    }

    fn users_file_error(&self, problem: UsersFileProblem) -> ServiceError {
        ServiceError::UsersFile {
            path: self.users_path().display().to_string(),
            problem,
        }
    }

    /// The store's users: the file's, or the creator alone as admin.
    fn load_users(&self) -> ServiceResult<Users> {
        if let Some(users) =
            read_users_file(&self.users_path()).map_err(|p| self.users_file_error(p))?
        {
            return Ok(users);
        }
        let mut entries = BTreeMap::new();
        if let Some(creator) = self.store.created_by()? {
            let name = self
                .creator_name
                .get_or_init(|| system_name(&creator))
                .clone();
            entries.insert(
                creator,
                UserEntry {
                    name,
                    organisation: None,
                    role: Role::Admin,
                },
            );
        }
        Ok(Users {
            entries,
            from_file: false,
        })
    }

    /// Who `caller` is, or a refusal naming the account and the admins to
    /// ask. A refusal is audited.
    pub fn identify(&self, caller: &Caller) -> ServiceResult<Identity> {
        self.identify_process(caller, None)
    }

    /// [`Service::identify`] for a caller whose process the server knows
    /// (`pid`), recorded with a refusal.
    pub fn identify_process(&self, caller: &Caller, pid: Option<u32>) -> ServiceResult<Identity> {
        let users = match self.load_users() {
            Ok(users) => users,
            // A line of the file is nobody's business but its owner's:
            // the others learn only that it cannot be used.
            Err(ServiceError::UsersFile { path, problem }) => {
                tracing::error!(?problem, "users.toml cannot be used");
                let owner = self.store.created_by()?;
                let problem = if owner.as_deref() == Some(caller.account.as_str()) {
                    problem
                } else {
                    UsersFileProblem::Withheld
                };
                return Err(ServiceError::UsersFile { path, problem });
            }
            Err(other) => return Err(other),
        };
        match users.entries.get(&caller.account) {
            Some(entry) => Ok(Identity {
                account: caller.account.clone(),
                name: entry.name.clone(),
                organisation: entry.organisation,
                role: entry.role,
            }),
            None => {
                self.audit_refusal(caller, pid);
                Err(ServiceError::NotAllowed(NotAllowed::UnknownAccount {
                    account: caller.account.clone(),
                    admins: users.admins(),
                }))
            }
        }
    }

    /// Who `caller` is, if they may write.
    pub(crate) fn identify_writer(&self, caller: &Caller) -> ServiceResult<Identity> {
        let identity = self.identify(caller)?;
        if !identity.role.may_write() {
            return Err(ServiceError::NotAllowed(NotAllowed::ReadOnly {
                account: caller.account.clone(),
            }));
        }
        Ok(identity)
    }

    /// The admins of the store, if `caller` is one of them; else the
    /// refusal naming the task and who to ask.
    pub(crate) fn identify_admin(&self, caller: &Caller, task: AdminTask) -> ServiceResult<Users> {
        let identity = self.identify(caller)?;
        let users = self.load_users()?;
        if identity.role != Role::Admin {
            return Err(ServiceError::NotAllowed(NotAllowed::AdminOnly {
                task,
                admins: users.admins(),
            }));
        }
        Ok(users)
    }

    /// The admins, for a refusal that says who to ask.
    /// The admins a refusal names, to ask: not the account the service
    /// runs as (a team store's system account, made admin when the file
    /// was created: nobody to ask), unless no other admin is left.
    pub(crate) fn admins(&self) -> ServiceResult<Vec<Admin>> {
        let admins = self.load_users()?.admins();
        let own = Caller::current_process(crate::domain::audit::FrontEnd::Cli).account;
        let people: Vec<Admin> = admins
            .iter()
            .filter(|admin| admin.account != own)
            .cloned()
            .collect();
        Ok(if people.is_empty() { admins } else { people })
    }

    pub(crate) fn stamp(&self, caller: &Caller) -> Stamp {
        Stamp {
            account: caller.account.clone(),
            front_end: caller.front_end,
            at: self.clock.now(),
        }
    }

    /// Every user of the store (admin only).
    pub fn users(&self, caller: &Caller) -> ServiceResult<UserList> {
        self.identify_admin(caller, AdminTask::Users)
    }

    /// Adds an account, or replaces its entry (admin only). With no file
    /// yet, the file is created with the store's creator as its first
    /// admin.
    pub fn add_user(
        &self,
        caller: &Caller,
        account: &str,
        entry: UserEntry,
    ) -> ServiceResult<UserAdded> {
        check_entry(account, &entry).map_err(ServiceError::BadUser)?;
        self.change_users(caller, account, |users| {
            // Without a file, the caller is the creator: the only admin.
            let file_created_for = (!users.from_file).then(|| caller.account.clone());
            let replaced = users.entries.insert(account.to_owned(), entry.clone());
            Ok((
                UserAdded {
                    replaced: replaced.is_some(),
                    file_created_for,
                },
                UserChange::Added {
                    role: entry.role,
                    organisation: entry.organisation,
                },
            ))
        })
    }

    /// Takes an account off the list (admin only); never the last admin.
    pub fn remove_user(&self, caller: &Caller, account: &str) -> ServiceResult<()> {
        self.change_users(caller, account, |users| {
            match users.entries.remove(account) {
                Some(_) => Ok(((), UserChange::Removed)),
                None => Err(ServiceError::NoSuchUser {
                    account: account.to_owned(),
                }),
            }
        })
    }

    /// Changes an account's role (admin only); never demotes the last
    /// admin.
    pub fn set_role(&self, caller: &Caller, account: &str, role: Role) -> ServiceResult<()> {
        self.change_users(caller, account, |users| {
            let Some(entry) = users.entries.get_mut(account) else {
                return Err(ServiceError::NoSuchUser {
                    account: account.to_owned(),
                });
            };
            let from = entry.role;
            entry.role = role;
            check_entry(account, entry).map_err(ServiceError::BadUser)?;
            Ok(((), UserChange::Role { from, to: role }))
        })
    }

    /// Applies one change to the users, checks that an admin remains,
    /// and makes it hold, audited. One change at a time: the store is one
    /// process's, and within it this lock serialises them.
    ///
    /// The file and the audit trail cannot change in one transaction, so
    /// the order is chosen for what can fail and what a failure leaves:
    /// the new text is written and flushed beside the file first (what
    /// fails in practice: a full disk, a directory not writable), then the
    /// change is audited, then the new text is renamed over the file. An
    /// audit that fails leaves the file as it was; only a rename failing
    /// after it (the same directory, just written in), or a crash in
    /// between, would leave an entry for a change that did not hold —
    /// never a change without its entry.
    fn change_users<T>(
        &self,
        caller: &Caller,
        account: &str,
        change: impl FnOnce(&mut Users) -> ServiceResult<(T, UserChange)>,
    ) -> ServiceResult<T> {
        let _guard = self
            .users_lock
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut users = self.identify_admin(caller, AdminTask::Users)?;
        let (answer, what) = change(&mut users)?;
        if users.admin_count() == 0 {
            return Err(ServiceError::NotAllowed(NotAllowed::LastAdmin {
                account: account.to_owned(),
            }));
        }
        users.from_file = true;
        let path = self.users_path();
        let prepared =
            PreparedUsersFile::write(&path, &users).map_err(|p| self.users_file_error(p))?;
        // On failure `prepared` is dropped: removed, the file unchanged.
        self.store.append_audit(
            &self.stamp(caller),
            AuditAction::UserChanged {
                account: account.to_owned(),
                change: what,
            },
        )?;
        prepared
            .put_in_place()
            .map_err(|p| self.users_file_error(p))?;
        Ok(answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_reads_with_its_rules() {
        let users = parse_users(
            "[users.alice]\nname = \"Alice Martin\"\nrole = \"admin\"\n\n\
             [users.bob]\nname = \"Bob\"\norganisation = \"Créteil\"\nrole = \"coordinator\"\n",
        )
        .expect("valid");
        assert_eq!(users.entries.len(), 2);
        assert_eq!(
            users.entries["bob"].organisation,
            Some(Organisation::AcademieCreteil)
        );
        assert_eq!(users.admins().len(), 1);
        // Written and read back alike.
        assert_eq!(parse_users(&render(&users).expect("renders")), Ok(users));
    }

    #[test]
    fn a_bad_file_is_refused_with_its_line() {
        let text = "[users.alice]\nname = \"A\"\nrole = \"admin\"\n\n[users.bob]\nname = \"B\"\norganisation = \"lyon\"\nrole = \"reader\"\n";
        match parse_users(text) {
            Err(UsersFileProblem::Syntax(detail)) => {
                assert!(detail.contains("line 7"), "{detail}");
                assert!(detail.contains("lyon"), "{detail}");
            }
            other => panic!("{other:?}"),
        }
        let text = "[users.alice]\nname = \"A\"\nrole = \"boss\"\n";
        assert!(
            matches!(parse_users(text), Err(UsersFileProblem::Syntax(d)) if d.contains("line 3") && d.contains("boss"))
        );
        let text = "[users.alice]\nname = \"A\"\nrole = \"admin\"\nshoe = 3\n";
        assert!(
            matches!(parse_users(text), Err(UsersFileProblem::Syntax(d)) if d.contains("line 4") && d.contains("shoe"))
        );
        let text = "[users.alice]\nname = \"A\"\nrole = \"admin\"\n\n[users.bob]\nname = \"B\"\nrole = \"coordinator\"\n";
        assert_eq!(
            parse_users(text),
            Err(UsersFileProblem::Entry {
                account: "bob".into(),
                line: 5,
                problem: UserProblem::CoordinatorWithoutOrganisation
            })
        );
        let text = "[users.bob]\nname = \"B\"\nrole = \"reader\"\n";
        assert_eq!(parse_users(text), Err(UsersFileProblem::NoAdmin));
    }
}
