//! The records coordinators keep (DOMAIN.md's table), and what every one
//! of them can tell about itself.

/// `meta` and `meta_mut` of a record holding a `meta` field.
macro_rules! meta_accessors {
    () => {
        fn meta(&self) -> &RecordMeta {
            &self.meta
        }

        fn meta_mut(&mut self) -> &mut RecordMeta {
            &mut self.meta
        }
    };
}

/// The masking of a record whose only restricted field is its notes.
macro_rules! notes_only_restricted {
    () => {
        fn mask_restricted(&mut self) {
            self.notes.mask();
        }

        fn restore_masked(&mut self, stored: &Self) {
            self.notes.restore_from(&stored.notes);
        }

        fn has_masked_fields(&self) -> bool {
            self.notes.is_masked()
        }
    };
}

pub mod agreement;
pub mod company;
pub mod contact;
pub mod event;
pub mod immersion;
pub mod learner;
pub mod placement;
pub mod school;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use agreement::{Agreement, AgreementKind};
pub use company::{Company, HeadcountBand, InclusiveKind, Offer};
pub use contact::{AcademicService, Contact, ContactOrganisation, ContactRole};
pub use event::{Event, EventKind};
pub use immersion::{Evaluation, Immersion, Rating, Renewal, StaffRole};
pub use learner::{ANONYMISED_NAME, Learner, Level, ResidencePermit, SensitiveNeeds};
pub use placement::{Missing, Placement, PlacementKind};
pub use school::{OpeningState, School, SchoolKind, Sector, SpecialUnit};

use crate::choice_enum;
use crate::domain::academie::Academie;
use crate::domain::kind::Kind;
use crate::domain::meta::{RecordId, RecordMeta};
use crate::domain::text::check_required_text;
use crate::domain::validation::{Field, ValidationErrors};

/// A pointer to a record of some kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RecordRef {
    pub kind: Kind,
    pub id: RecordId,
}

impl RecordRef {
    pub fn new(kind: Kind, id: RecordId) -> Self {
        RecordRef { kind, id }
    }
}

choice_enum! {
    /// The part a linked record plays for the record that points to it.
    pub enum LinkRole {
        School => "school",
        Company => "company",
        Learner => "learner",
        Tutor => "tutor",
        Organisation => "organisation",
        Party => "party",
        Parent => "parent",
    }
}

/// A link from a record to another it depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub role: LinkRole,
    pub target: RecordRef,
}

impl Link {
    pub fn new(role: LinkRole, kind: Kind, id: RecordId) -> Self {
        Link {
            role,
            target: RecordRef::new(kind, id),
        }
    }
}

/// Where a record's académie comes from: its own fields, or the record
/// it belongs to (a placement is in its school's académie).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcademieSource {
    Own(Option<Academie>),
    Of(RecordRef),
}

/// Where the name a record is listed under comes from: its own, or a
/// linked record's (a placement is listed under its learner's name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameSource<'a> {
    Own(&'a str),
    Of(RecordRef),
}

/// What validation needs to know about the world: only today's date.
#[derive(Debug, Clone, Copy)]
pub struct ValidationContext {
    pub today: NaiveDate,
}

/// The longest one-line text (names, titles, communes).
pub const MAX_LINE: usize = 200;
/// The longest multi-line text (notes, evaluations).
pub const MAX_NOTES: usize = 10_000;

/// What every kind of record can tell about itself.
pub trait Entity {
    const KIND: Kind;

    fn meta(&self) -> &RecordMeta;
    fn meta_mut(&mut self) -> &mut RecordMeta;

    /// Where the name it is listed under comes from.
    fn name_source(&self) -> NameSource<'_>;

    fn academie_source(&self) -> AcademieSource;

    /// The records it points to; they must exist, and cannot be deleted
    /// while it does.
    fn links(&self) -> Vec<Link>;

    /// Its own status, for kinds that have one (as a stable small number).
    fn status_ordinal(&self) -> Option<u8> {
        None
    }

    /// The date it is listed by, for kinds that have one.
    fn date(&self) -> Option<NaiveDate> {
        None
    }

    /// Identifiers a text filter also matches (UAI, SIRET).
    fn codes(&self) -> Vec<&str> {
        Vec::new()
    }

    /// Checks its own fields; links are checked by the service.
    fn validate(&self, context: &ValidationContext) -> ValidationErrors;

    /// Replaces every restricted field by `Masked`.
    fn mask_restricted(&mut self);

    /// Puts back the stored value of every field sent back `Masked`.
    fn restore_masked(&mut self, stored: &Self);

    /// Whether any restricted field is currently masked.
    fn has_masked_fields(&self) -> bool;
}

/// Validation shared by every kind: the confidentiality mark.
pub(crate) fn validate_meta(meta: &RecordMeta, errors: &mut ValidationErrors) {
    let mark = &meta.confidentiality;
    if mark.confidential {
        errors.check(
            Field::ConfidentialityReason,
            check_required_text(&mark.reason, MAX_LINE),
        );
    }
}

/// Any record, tagged by its kind: what the store keeps and the service
/// hands out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Record {
    School(School),
    Company(Company),
    Contact(Contact),
    Learner(Learner),
    Placement(Placement),
    Immersion(Immersion),
    Event(Event),
    Agreement(Agreement),
}

/// Calls the same method on whichever record is inside.
macro_rules! dispatch {
    ($record:expr, $inner:ident => $body:expr) => {
        match $record {
            Record::School($inner) => $body,
            Record::Company($inner) => $body,
            Record::Contact($inner) => $body,
            Record::Learner($inner) => $body,
            Record::Placement($inner) => $body,
            Record::Immersion($inner) => $body,
            Record::Event($inner) => $body,
            Record::Agreement($inner) => $body,
        }
    };
}

impl Record {
    pub fn kind(&self) -> Kind {
        match self {
            Record::School(_) => Kind::School,
            Record::Company(_) => Kind::Company,
            Record::Contact(_) => Kind::Contact,
            Record::Learner(_) => Kind::Learner,
            Record::Placement(_) => Kind::Placement,
            Record::Immersion(_) => Kind::Immersion,
            Record::Event(_) => Kind::Event,
            Record::Agreement(_) => Kind::Agreement,
        }
    }

    pub fn meta(&self) -> &RecordMeta {
        dispatch!(self, r => r.meta())
    }

    pub fn meta_mut(&mut self) -> &mut RecordMeta {
        dispatch!(self, r => r.meta_mut())
    }

    pub fn id(&self) -> RecordId {
        self.meta().id
    }

    /// Whether `other` holds the same values as this record: everything
    /// but the stamps a save writes (revision, who saved and when). The
    /// confidentiality mark is a value.
    pub fn same_values(&self, other: &Record) -> bool {
        let mut aligned = self.clone();
        let confidentiality = self.meta().confidentiality.clone();
        *aligned.meta_mut() = RecordMeta {
            confidentiality,
            ..other.meta().clone()
        };
        aligned == *other
    }

    pub fn reference(&self) -> RecordRef {
        RecordRef::new(self.kind(), self.id())
    }

    /// Whether a new link may point at the record: not at a closed
    /// school (what already points at it stays).
    pub fn takes_new_links(&self) -> bool {
        !matches!(self, Record::School(s) if s.opening_state == OpeningState::Closed)
    }

    /// Where a school or company is; none for other kinds.
    pub fn location(&self) -> Option<crate::domain::place::Location> {
        match self {
            Record::School(s) => s.location,
            Record::Company(c) => c.location,
            _ => None,
        }
    }

    /// The address, commune and postal code of a school or company.
    fn whereabouts(&self) -> Option<crate::domain::place::WhereAbouts<'_>> {
        let (address, commune, postal_code) = match self {
            Record::School(s) => (&s.address, &s.commune, &s.postal_code),
            Record::Company(c) => (&c.address, &c.commune, &c.postal_code),
            _ => return None,
        };
        Some(crate::domain::place::WhereAbouts {
            address: address.as_deref(),
            commune,
            postal_code: postal_code.as_str(),
        })
    }

    /// Whether `other` is at the same address, commune and postal code
    /// (kinds without a location are nowhere, so always the same).
    pub fn same_place(&self, other: &Record) -> bool {
        self.whereabouts() == other.whereabouts()
    }

    /// Settles where a school or company is as it is saved over `stored`
    /// (see [`crate::domain::place::settled_location`]); `given`: the
    /// location came with the record on purpose (an import that read
    /// coordinates, an undo). Other kinds have no location.
    pub fn settle_location(&mut self, stored: Option<&Record>, given: bool) {
        let before = stored.and_then(|stored| Some((stored.whereabouts()?, stored.location())));
        let Some(now) = self.whereabouts() else {
            return;
        };
        let settled = crate::domain::place::settled_location(
            self.location(),
            given,
            before.as_ref().map(|(was, location)| (was, *location)),
            &now,
        );
        self.set_location(settled);
    }

    /// Puts a school or company at `location`; other kinds have none.
    pub fn set_location(&mut self, location: Option<crate::domain::place::Location>) {
        match self {
            Record::School(s) => s.location = location,
            Record::Company(c) => c.location = location,
            _ => {}
        }
    }

    pub fn name_source(&self) -> NameSource<'_> {
        dispatch!(self, r => r.name_source())
    }

    pub fn academie_source(&self) -> AcademieSource {
        dispatch!(self, r => r.academie_source())
    }

    pub fn links(&self) -> Vec<Link> {
        dispatch!(self, r => r.links())
    }

    pub fn status_ordinal(&self) -> Option<u8> {
        dispatch!(self, r => r.status_ordinal())
    }

    pub fn date(&self) -> Option<NaiveDate> {
        dispatch!(self, r => r.date())
    }

    pub fn codes(&self) -> Vec<&str> {
        dispatch!(self, r => r.codes())
    }

    pub fn validate(&self, context: &ValidationContext) -> ValidationErrors {
        dispatch!(self, r => r.validate(context))
    }

    /// Masks the restricted fields, and the reason of a confidential
    /// mark: why a record is confidential can be as sensitive as what it
    /// hides (« besoins particuliers… »). Its owner stays, to say whom
    /// to ask.
    pub fn mask_restricted(&mut self) {
        dispatch!(self, r => r.mask_restricted());
        let mark = &mut self.meta_mut().confidentiality;
        if mark.confidential {
            mark.reason.clear();
        }
    }

    /// Whether a restricted field is masked. A masked reason (blank on a
    /// confidential mark, which always has one) is not counted: a blank
    /// reason sent for a mark newly set is the validation's to refuse.
    pub fn has_masked_fields(&self) -> bool {
        dispatch!(self, r => r.has_masked_fields())
    }

    /// Whether the mark's reason is masked: blank on a confidential mark.
    pub fn reason_masked(&self) -> bool {
        let mark = &self.meta().confidentiality;
        mark.confidential && mark.reason.is_empty()
    }

    /// Puts back stored values for fields sent back masked (the mark's
    /// reason included, while the record stays confidential). Does
    /// nothing when `stored` is of another kind.
    pub fn restore_masked(&mut self, stored: &Record) {
        if self.kind() != stored.kind() {
            return;
        }
        if self.reason_masked() && stored.meta().confidentiality.confidential {
            self.meta_mut().confidentiality.reason = stored.meta().confidentiality.reason.clone();
        }
        match (self, stored) {
            (Record::School(r), Record::School(s)) => r.restore_masked(s),
            (Record::Company(r), Record::Company(s)) => r.restore_masked(s),
            (Record::Contact(r), Record::Contact(s)) => r.restore_masked(s),
            (Record::Learner(r), Record::Learner(s)) => r.restore_masked(s),
            (Record::Placement(r), Record::Placement(s)) => r.restore_masked(s),
            (Record::Immersion(r), Record::Immersion(s)) => r.restore_masked(s),
            (Record::Event(r), Record::Event(s)) => r.restore_masked(s),
            (Record::Agreement(r), Record::Agreement(s)) => r.restore_masked(s),
            _ => {}
        }
    }
}

macro_rules! record_from {
    ($($variant:ident),+) => {
        $(impl From<$variant> for Record {
            fn from(record: $variant) -> Self {
                Record::$variant(record)
            }
        })+
    };
}

record_from!(
    School, Company, Contact, Learner, Placement, Immersion, Event, Agreement
);

/// The links to the schools and companies taking part in an event or an
/// agreement.
pub(crate) fn party_links(schools: &[RecordId], companies: &[RecordId]) -> Vec<Link> {
    let schools = schools
        .iter()
        .map(|id| Link::new(LinkRole::Party, Kind::School, *id));
    let companies = companies
        .iter()
        .map(|id| Link::new(LinkRole::Party, Kind::Company, *id));
    schools.chain(companies).collect()
}

/// Checks that a list of links holds no record twice.
pub(crate) fn check_no_duplicates(ids: &[RecordId], field: Field, errors: &mut ValidationErrors) {
    let mut seen = std::collections::HashSet::new();
    if ids.iter().any(|id| !seen.insert(*id)) {
        errors.push(field, crate::domain::validation::Rule::Duplicate);
    }
}

/// Validates an optional one-line text.
pub(crate) fn check_line(text: &str, field: Field, errors: &mut ValidationErrors) {
    errors.check(field, crate::domain::text::check_text(text, MAX_LINE));
}

/// Validates notes (multi-line), when not masked.
pub(crate) fn check_notes(
    notes: &crate::domain::meta::Restricted<String>,
    field: Field,
    errors: &mut ValidationErrors,
) {
    if let Some(text) = notes.clear() {
        errors.check(
            field,
            crate::domain::text::check_multiline_text(text, MAX_NOTES),
        );
    }
}
