//! What every record carries besides its own fields: identity, revision,
//! who changed it and when, and its confidentiality mark.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::domain::academie::Organisation;

/// A record's number within its kind, given by the store. `0` means "not
/// saved yet".
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct RecordId(pub u64);

impl RecordId {
    pub const NEW: RecordId = RecordId(0);

    pub fn is_new(self) -> bool {
        self.0 == 0
    }
}

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordMeta {
    pub id: RecordId,
    /// Starts at 1 on creation and grows by one with every saved change;
    /// a save names the revision it was based on (optimistic concurrency).
    pub revision: u64,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
    pub confidentiality: Confidentiality,
}

impl RecordMeta {
    /// The meta of a record not saved yet; the store fills it in.
    pub fn new_record() -> Self {
        RecordMeta {
            id: RecordId::NEW,
            revision: 0,
            created_at: DateTime::<Utc>::UNIX_EPOCH,
            created_by: String::new(),
            updated_at: DateTime::<Utc>::UNIX_EPOCH,
            updated_by: String::new(),
            confidentiality: Confidentiality::default(),
        }
    }
}

/// The confidentiality mark of article 3.2: a flagged record shows that it
/// exists but masks its restricted fields to whoever is not cleared.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Confidentiality {
    pub confidential: bool,
    /// Why the record is confidential ("données de santé", "demande de
    /// l'entreprise"); required when flagged.
    pub reason: String,
    /// The organisation whose coordinators may see the restricted fields
    /// (administrators always may).
    pub owner: Option<Organisation>,
}

impl Confidentiality {
    pub fn flagged(reason: impl Into<String>, owner: Option<Organisation>) -> Self {
        Confidentiality {
            confidential: true,
            reason: reason.into(),
            owner,
        }
    }
}

/// A field that is hidden from callers not cleared for a confidential
/// record. The store always holds `Clear`; the service hands out `Masked`
/// to whoever may not see the value, and a `Masked` field sent back in a
/// save keeps the stored value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Restricted<T> {
    Clear(T),
    Masked,
}

impl<T: Default> Default for Restricted<T> {
    fn default() -> Self {
        Restricted::Clear(T::default())
    }
}

impl<T> Restricted<T> {
    pub fn clear(&self) -> Option<&T> {
        match self {
            Restricted::Clear(value) => Some(value),
            Restricted::Masked => None,
        }
    }

    pub fn is_masked(&self) -> bool {
        matches!(self, Restricted::Masked)
    }

    pub fn mask(&mut self) {
        *self = Restricted::Masked;
    }
}

impl<T: Clone> Restricted<T> {
    /// A masked value sent back in a save stands for the stored value.
    pub fn restore_from(&mut self, stored: &Restricted<T>) {
        if self.is_masked() {
            *self = stored.clone();
        }
    }
}

impl<T> From<T> for Restricted<T> {
    fn from(value: T) -> Self {
        Restricted::Clear(value)
    }
}

/// The shape stored by binary codecs: an ordinary two-variant enum.
#[derive(Serialize, Deserialize)]
enum RestrictedRepr<T> {
    Clear(T),
    Masked,
}

/// What JSON shows for a masked value.
#[derive(Serialize)]
struct MaskedMarker {
    masked: bool,
}

impl<T: Serialize> Serialize for Restricted<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            // For people and scripts: the plain value, or {"masked": true}.
            match self {
                Restricted::Clear(value) => value.serialize(serializer),
                Restricted::Masked => MaskedMarker { masked: true }.serialize(serializer),
            }
        } else {
            match self {
                Restricted::Clear(value) => RestrictedRepr::Clear(value),
                Restricted::Masked => RestrictedRepr::Masked,
            }
            .serialize(serializer)
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Restricted<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            // Human-readable input (a JSON file) carries plain values only.
            T::deserialize(deserializer).map(Restricted::Clear)
        } else {
            Ok(match RestrictedRepr::deserialize(deserializer)? {
                RestrictedRepr::Clear(value) => Restricted::Clear(value),
                RestrictedRepr::Masked => Restricted::Masked,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masked_value_is_restored_from_the_stored_one() {
        let stored = Restricted::Clear("suivi CASNAV".to_owned());
        let mut sent_back: Restricted<String> = Restricted::Masked;
        sent_back.restore_from(&stored);
        assert_eq!(sent_back, stored);

        let mut edited = Restricted::Clear("nouveau".to_owned());
        edited.restore_from(&stored);
        assert_eq!(edited.clear().map(String::as_str), Some("nouveau"));
    }
}
