//! Entries of the audit trail: who did what to which record, when, and
//! from which front end.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::choice_enum;
use crate::domain::Organisation;
use crate::domain::consent::ConsentUse;
use crate::domain::kind::Kind;
use crate::domain::records::{Record, RecordRef};
use crate::domain::user::Role;

choice_enum! {
    /// The program a change came through.
    pub enum FrontEnd {
        Cli => "cli",
        Tui => "tui",
        Server => "server",
        Import => "import",
        Demo => "demo",
        /// Nothing said: a connection refused before its client said
        /// what it is (appended: positions are stored).
        Unstated => "unstated",
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
    /// A record replaced, with what changed field by field (`Updated` is
    /// what entries written before held).
    Changed {
        target: RecordRef,
        revision: u64,
        fields: Vec<FieldChange>,
    },
    /// A confidential record's restricted fields shown to the entry's
    /// account, for a screen or to leave the application.
    Revealed {
        target: RecordRef,
        purpose: RevealPurpose,
    },
    /// A reveal asked for and refused (not cleared, or no consent for
    /// the record to leave).
    RevealRefused {
        target: RecordRef,
        purpose: RevealPurpose,
    },
    /// A consent recorded on a record, or replaced.
    ConsentRecorded {
        target: RecordRef,
        uses: Vec<ConsentUse>,
    },
    /// A record's consent withdrawn.
    ConsentWithdrawn {
        target: RecordRef,
    },
    /// A learner anonymised by `passerelle purge` (a live record, or a
    /// deleted one kept for restoring): name, particular needs and notes
    /// removed. The revision is the one written (the deleted one's, for
    /// a deleted record).
    Anonymised {
        target: RecordRef,
        revision: u64,
    },
    /// Everything held on a learner was read out for a right-of-access
    /// request (`show learner KEY --subject-access`).
    SubjectAccess {
        target: RecordRef,
    },
    /// The records of a kind written out by `passerelle export`: how many
    /// (when it started), and how many of them left with their restricted
    /// fields in clear (confidential, the caller cleared, consent to
    /// export recorded). Written before the first row leaves.
    Exported {
        kind: Kind,
        rows: u64,
        revealed: u64,
    },
    /// A snapshot of the whole store taken by `passerelle backup` (or
    /// before a schema migration), restricted fields included: how many
    /// records it holds. Written under the same lock as the snapshot,
    /// which therefore holds its own entry.
    BackedUp {
        records: u64,
    },
    /// An account refused (not in `users.toml`): the first refusal of a
    /// window, written at once. `pid` is the process the kernel says
    /// connected, when known; the entry's front end is what the client
    /// said it was (`Unstated` when refused before saying).
    Refused {
        pid: Option<u32>,
    },
    /// `count` more refusals of the entry's account since `since` (the
    /// first one's entry), counted and written as one entry so that no
    /// caller can grow the trail at will.
    RefusedAgain {
        count: u64,
        since: DateTime<Utc>,
    },
    /// Records made up by `passerelle demo` erased for good by
    /// `passerelle demo --remove`, live or deleted: one entry per batch.
    DemoRemoved {
        records: u64,
    },
    /// This store was made by `passerelle salvage` from a damaged one:
    /// how many records it took, and how many it left there (unreadable,
    /// or pointing at one that is).
    Salvaged {
        records: u64,
        left_out: u64,
    },
}

choice_enum! {
    /// What a reveal is for: reading on a screen, or output that leaves
    /// the application (a file, a pipe, JSON), which needs consent.
    pub enum RevealPurpose {
        Screen => "screen",
        Export => "export",
        /// Quoted in the yearly report (its evaluation comment), with
        /// consent to the report (appended: positions are stored).
        Report => "report",
    }
}

impl AuditAction {
    /// The record the entry is about, if any.
    pub fn target(&self) -> Option<RecordRef> {
        match self {
            AuditAction::Created { target, .. }
            | AuditAction::Updated { target, .. }
            | AuditAction::Deleted { target, .. }
            | AuditAction::Restored { target, .. }
            | AuditAction::Changed { target, .. }
            | AuditAction::Revealed { target, .. }
            | AuditAction::RevealRefused { target, .. }
            | AuditAction::ConsentRecorded { target, .. }
            | AuditAction::ConsentWithdrawn { target }
            | AuditAction::Anonymised { target, .. }
            | AuditAction::SubjectAccess { target } => Some(*target),
            AuditAction::BulkCreated { .. }
            | AuditAction::DemoRemoved { .. }
            | AuditAction::Salvaged { .. }
            | AuditAction::UserChanged { .. }
            | AuditAction::AccessRefused
            | AuditAction::Refused { .. }
            | AuditAction::RefusedAgain { .. }
            | AuditAction::Exported { .. }
            | AuditAction::BackedUp { .. } => None,
        }
    }
}

/// One field of a record that an update changed. Restricted values are
/// never written in the trail, for anyone: only that they changed, so the
/// trail can be read by every role without masking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldChange {
    /// The values before and after, as text (JSON for composite values).
    Value {
        field: String,
        old: String,
        new: String,
    },
    /// A restricted value changed (or a composite value's restricted
    /// part); what it was and became is not kept.
    Restricted { field: String },
}

impl FieldChange {
    pub fn field(&self) -> &str {
        match self {
            FieldChange::Value { field, .. } | FieldChange::Restricted { field } => field,
        }
    }
}

/// Whether a field's values stay out of the trail although the field is
/// not restricted: a learner's name, which `passerelle purge` removes
/// from the record after some years and which the append-only trail
/// could otherwise keep for ever; and the name of a sole trader renamed
/// to or from their SIREN, which may be the person's own name.
fn kept_out_of_trail(old: &Record, new: &Record, field: &str) -> bool {
    let named_by_siren =
        |record: &Record| matches!(record, Record::Company(company) if company.is_named_by_siren());
    match field {
        "name" => matches!(new, Record::Learner(_)) || named_by_siren(old) || named_by_siren(new),
        _ => false,
    }
}

/// What changed between two versions of a record, field by field (by
/// field name). The record's bookkeeping (revision,
/// stamps) is left out; its confidentiality mark is a field. Restricted
/// values, and a learner's name, are recorded as changed without their
/// values.
pub fn field_changes(old: &Record, new: &Record) -> Vec<FieldChange> {
    let masked = |record: &Record| {
        let mut record = record.clone();
        record.mask_restricted();
        record
    };
    let (clear_old, clear_new) = (fields_of(old), fields_of(new));
    let (masked_old, masked_new) = (fields_of(&masked(old)), fields_of(&masked(new)));
    let mut changes = Vec::new();
    for (field, clear_new_value) in &clear_new {
        let clear_old_value = clear_old.get(field).unwrap_or(&Value::Null);
        if clear_old_value == clear_new_value {
            continue;
        }
        let masked_old_value = masked_old.get(field).unwrap_or(&Value::Null);
        let masked_new_value = masked_new.get(field).unwrap_or(&Value::Null);
        // Masking hides only restricted parts: if the masked versions are
        // equal, only a restricted part changed.
        if masked_old_value == masked_new_value
            || is_masked_marker(masked_new_value)
            || kept_out_of_trail(old, new, field)
        {
            changes.push(FieldChange::Restricted {
                field: field.clone(),
            });
        } else {
            changes.push(FieldChange::Value {
                field: field.clone(),
                old: value_text(masked_old_value),
                new: value_text(masked_new_value),
            });
        }
    }
    changes
}

/// A record's fields by name, in order, as JSON values (restricted ones
/// as `{"masked": true}` once masked).
fn fields_of(record: &Record) -> serde_json::Map<String, Value> {
    let mut fields = serde_json::Map::new();
    // A record is `{kind: {meta, ...fields}}`; one that does not
    // serialize (never expected) gives no field rather than a panic.
    let Ok(Value::Object(outer)) = serde_json::to_value(record) else {
        return fields;
    };
    for (_, inner) in outer {
        let Value::Object(inner) = inner else {
            continue;
        };
        for (name, value) in inner {
            if name == "meta" {
                if let Some(confidentiality) = value.get("confidentiality") {
                    fields.insert("confidentiality".into(), confidentiality.clone());
                }
            } else {
                fields.insert(name, value);
            }
        }
    }
    fields
}

fn is_masked_marker(value: &Value) -> bool {
    value.get("masked") == Some(&Value::Bool(true))
}

fn value_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
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
