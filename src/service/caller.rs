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
        let account = crate::store::accounts::account_name(nix::unistd::getuid().as_raw());
        Caller { account, front_end }
    }
}
