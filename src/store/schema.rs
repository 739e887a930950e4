//! The trees of the store and what each holds. Changing what a tree
//! holds is a schema change: bump `codec::SCHEMA_VERSION` and migrate.
//! Adding a tree is not: a program that does not know it leaves it alone
//! (drafts and tombstones came that way).

use crate::domain::Kind;

/// Every tree of the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TreeId {
    /// id → envelope of the record.
    Records(Kind),
    /// folded name, 0, id → summary. Ordered listing and name search.
    Name(Kind),
    /// date, id → summary. Listing by date (start, event day, signature).
    Date(Kind),
    /// UAI → school id.
    Uai,
    /// SIRET → company id.
    Siret,
    /// status, start, id → summary. Placements by status, oldest first.
    PlacementStatus,
    /// school id, status, start, id → (). A school's placements.
    PlacementSchool,
    /// company id, status, start, id → (). A company's placements.
    PlacementCompany,
    /// status, start, id → summary. Immersions by status.
    ImmersionStatus,
    /// notice deadline, id → status. Agreements whose notice is near.
    AgreementNotice,
    /// target kind, target id, source kind, source id → role. Who points
    /// at a record: what blocks its deletion, what its detail lists.
    Links,
    /// counter key → i64. Counts kept as records change, so the status
    /// never scans.
    Counters,
    /// schema version, id sequences, store owner.
    Meta,
    /// sequence → envelope of an audit entry, chained by hash to the one
    /// before (`store::audit`). Append-only.
    Audit,
    /// account, 0, draft id → envelope of a draft. Each account's forms
    /// in progress; not records: no index, counter or audit entry.
    Drafts,
    /// kind, id → envelope of a deleted record, as it was stored, until
    /// it is restored. Ids are never reused, so a live record never
    /// takes a tombstone's key.
    Tombstones,
    /// kind, id → envelope of the consent recorded on a record (see
    /// `domain::consent`). Kept while the record is deleted, so that a
    /// restore brings it back.
    Consents,
    /// kind, id → the revision (u64, big-endian) an import last wrote. A
    /// record still at that revision was last written by an import; one
    /// past it was changed since by someone (see `service::import`).
    Imported,
    /// kind, folded word, 0, folded name, 0, id → académie and status (the
    /// first two bytes of a summary). One entry per distinct word of a
    /// name after its first: with the name index (which starts with the
    /// first word), a name is found by any of its words (the list filter
    /// and the finder). What follows the word is the name index's key.
    Words,
    /// kind, id → nothing. The records made up by `passerelle demo`,
    /// live or deleted, so that they are marked and can be taken out
    /// again (`store::demo`).
    Demo,
}

impl TreeId {
    /// Every tree, in a fixed order: the position is the tree's slot in a
    /// transaction.
    pub fn all() -> Vec<TreeId> {
        let mut trees = Vec::with_capacity(40);
        for kind in Kind::ALL {
            trees.push(TreeId::Records(*kind));
            trees.push(TreeId::Name(*kind));
            trees.push(TreeId::Date(*kind));
        }
        trees.extend([
            TreeId::Uai,
            TreeId::Siret,
            TreeId::PlacementStatus,
            TreeId::PlacementSchool,
            TreeId::PlacementCompany,
            TreeId::ImmersionStatus,
            TreeId::AgreementNotice,
            TreeId::Links,
            TreeId::Counters,
            TreeId::Meta,
            TreeId::Audit,
            TreeId::Drafts,
            TreeId::Tombstones,
            TreeId::Consents,
            TreeId::Imported,
            TreeId::Words,
            TreeId::Demo,
        ]);
        trees
    }

    /// The tree's slot in [`TreeId::all`].
    pub fn slot(self) -> usize {
        let per_kind = |kind: Kind, offset: usize| usize::from(kind.ordinal()) * 3 + offset;
        let base = Kind::ALL.len() * 3;
        match self {
            TreeId::Records(kind) => per_kind(kind, 0),
            TreeId::Name(kind) => per_kind(kind, 1),
            TreeId::Date(kind) => per_kind(kind, 2),
            TreeId::Uai => base,
            TreeId::Siret => base + 1,
            TreeId::PlacementStatus => base + 2,
            TreeId::PlacementSchool => base + 3,
            TreeId::PlacementCompany => base + 4,
            TreeId::ImmersionStatus => base + 5,
            TreeId::AgreementNotice => base + 6,
            TreeId::Links => base + 7,
            TreeId::Counters => base + 8,
            TreeId::Meta => base + 9,
            TreeId::Audit => base + 10,
            TreeId::Drafts => base + 11,
            TreeId::Tombstones => base + 12,
            TreeId::Consents => base + 13,
            TreeId::Imported => base + 14,
            TreeId::Words => base + 15,
            TreeId::Demo => base + 16,
        }
    }

    /// The sled tree name.
    pub fn name(self) -> String {
        match self {
            TreeId::Records(kind) => format!("records/{}", kind.code()),
            TreeId::Name(kind) => format!("index/name/{}", kind.code()),
            TreeId::Date(kind) => format!("index/date/{}", kind.code()),
            TreeId::Uai => "index/uai".into(),
            TreeId::Siret => "index/siret".into(),
            TreeId::PlacementStatus => "index/placement_status".into(),
            TreeId::PlacementSchool => "index/placement_school".into(),
            TreeId::PlacementCompany => "index/placement_company".into(),
            TreeId::ImmersionStatus => "index/immersion_status".into(),
            TreeId::AgreementNotice => "index/agreement_notice".into(),
            TreeId::Links => "links".into(),
            TreeId::Counters => "counters".into(),
            TreeId::Meta => "meta".into(),
            TreeId::Audit => "audit".into(),
            TreeId::Drafts => "drafts".into(),
            TreeId::Tombstones => "tombstones".into(),
            TreeId::Consents => "consents".into(),
            TreeId::Imported => "imported".into(),
            TreeId::Words => "index/words".into(),
            TreeId::Demo => "demo".into(),
        }
    }

    /// Trees that can be rebuilt from the records.
    pub fn is_derived(self) -> bool {
        !matches!(
            self,
            TreeId::Records(_)
                | TreeId::Meta
                | TreeId::Audit
                | TreeId::Drafts
                | TreeId::Tombstones
                | TreeId::Consents
                | TreeId::Imported
                | TreeId::Demo
        )
    }
}

/// Keys of the meta tree.
pub mod meta_keys {
    pub const SCHEMA_VERSION: &[u8] = b"schema_version";
    pub const CREATED_BY: &[u8] = b"created_by";
    pub const CREATED_AT: &[u8] = b"created_at";
    pub const AUDIT_SEQUENCE: &[u8] = b"audit_sequence";
    /// The first audit entry written chained (see `store::audit`); absent
    /// until one is.
    pub const AUDIT_CHAIN_START: &[u8] = b"audit_chain_start";
    /// The SHA-256 of the last audit entry's stored bytes, so that the
    /// last entry cannot be altered unseen either.
    pub const AUDIT_HEAD: &[u8] = b"audit_head";
    /// Present once the placements-by-start-month counters are complete:
    /// set when a store is made, or when a store made before them is
    /// first opened (see `store::upgrade`).
    pub const PLACEMENT_MONTHS_COUNTED: &[u8] = b"counted/placement_months";
    /// Present once every name has its words after the first in the word
    /// index: set when a store is made, or when a store made before that
    /// layout is first opened (see `store::upgrade`).
    pub const WORDS_INDEXED: &[u8] = b"indexed/words-after-first";
    /// Set once every learner carries the mark every learner has.
    pub const LEARNERS_MARKED: &[u8] = b"marked/every-learner";
    /// The last id given to a draft, whoever's.
    pub const LAST_DRAFT_ID: &[u8] = b"last_id/draft";

    /// The last id given to a record of a kind.
    pub fn last_id(kind: crate::domain::Kind) -> Vec<u8> {
        format!("last_id/{}", kind.code()).into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_positions_in_all() {
        for (position, tree) in TreeId::all().into_iter().enumerate() {
            assert_eq!(tree.slot(), position, "{tree:?}");
        }
    }

    #[test]
    fn names_are_unique() {
        let mut names: Vec<String> = TreeId::all().into_iter().map(TreeId::name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), TreeId::all().len());
    }
}
