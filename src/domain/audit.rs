//! Entries of the audit trail: who did what to which record, when, and
//! from which front end.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::choice_enum;
use crate::domain::Organisation;
use crate::domain::records::RecordRef;
use crate::domain::user::Role;

choice_enum! {
    /// The program a change came through.
    pub enum FrontEnd {
        Cli => "cli",
        Tui => "tui",
        Server => "server",
        Import => "import",
        Demo => "demo",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Created {
        target: RecordRef,
        revision: u64,
    },
    Updated {
        target: RecordRef,
        revision: u64,
    },
    Deleted {
        target: RecordRef,
        revision: u64,
    },
    /// Many records created at once (demonstration data, an import).
    BulkCreated {
        records: u64,
    },
    /// A deleted record brought back under its old id (listed last: the
    /// variants' positions are stored).
    Restored {
        target: RecordRef,
        revision: u64,
    },
    /// An account added to `users.toml`, removed, or given another role.
    UserChanged {
        account: String,
        change: UserChange,
    },
    /// An account not listed in `users.toml` was refused (the entry's
    /// account is the one refused).
    AccessRefused,
}

/// What changed for one user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserChange {
    /// Added, or its entry replaced.
    Added {
        role: Role,
        organisation: Option<Organisation>,
    },
    Removed,
    Role {
        from: Role,
        to: Role,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub sequence: u64,
    pub at: DateTime<Utc>,
    /// The Unix account that asked.
    pub account: String,
    pub front_end: FrontEnd,
    pub action: AuditAction,
}
