//! Who is asking: the Unix account of the calling process, and the front
//! end it came through. Never a flag a user can set.

use serde::{Deserialize, Serialize};

use crate::domain::audit::FrontEnd;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Caller {
    pub account: String,
    pub front_end: FrontEnd,
}

impl Caller {
    /// The account running this process, as the system names it.
    pub fn current_process(front_end: FrontEnd) -> Caller {
        let uid = nix::unistd::getuid();
        let account = match nix::unistd::User::from_uid(uid) {
            Ok(Some(user)) => user.name,
            // An account without a passwd entry (some containers) is still
            // an identity: its number.
            _ => format!("uid-{uid}"),
        };
        Caller { account, front_end }
    }
}
