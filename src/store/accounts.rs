//! Unix accounts named as the system names them: the passwd entry's
//! name, or `uid-N` for an account without one (some containers), which
//! is still an identity. Whose a store's directory is, who connected,
//! who runs this process: all named the same way.

/// The name of the account `uid`.
pub fn account_name(uid: u32) -> String {
    match nix::unistd::User::from_uid(nix::unistd::Uid::from_raw(uid)) {
        Ok(Some(user)) => user.name,
        _ => format!("uid-{uid}"),
    }
}
