//! Field-level validation errors: which field, which rule. The catalogue
//! turns them into sentences for people.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::choice_enum;
use crate::domain::dates::{DateError, SchoolYearError};
use crate::domain::identifiers::{
    EmailError, NafError, PhoneError, PostalCodeError, SiretError, UaiError,
};
use crate::domain::kind::Kind;
use crate::domain::status::TransitionError;
use crate::domain::text::TextProblem;

choice_enum! {
    /// Every field of every record, by its stable name: what a validation
    /// error points at, and what a detail view labels.
    pub enum Field {
        Id => "id",
        Name => "name",
        Uai => "uai",
        Siret => "siret",
        Naf => "naf",
        Commune => "commune",
        PostalCode => "postal_code",
        Email => "email",
        Phone => "phone",
        Notes => "notes",
        SpecialUnits => "special_units",
        ApprenticeshipSections => "apprenticeship_sections",
        Offers => "offers",
        Organisation => "organisation",
        School => "school",
        SchoolYear => "school_year",
        SensitiveNeeds => "sensitive_needs",
        Learner => "learner",
        Company => "company",
        Tutor => "tutor",
        Start => "start",
        End => "end",
        Status => "status",
        SignedOn => "signed_on",
        CancelReason => "cancel_reason",
        Person => "person",
        Days => "days",
        Evaluation => "evaluation",
        Rating => "rating",
        Comment => "comment",
        TeacherFeedback => "teacher_feedback",
        CompanyFeedback => "company_feedback",
        EvaluatedBy => "evaluated_by",
        EvaluatedOn => "evaluated_on",
        Title => "title",
        Date => "date",
        Place => "place",
        Schools => "schools",
        Companies => "companies",
        Parent => "parent",
        DurationMonths => "duration_months",
        NoticeMonths => "notice_months",
        ConfidentialityReason => "confidentiality_reason",
        Kind => "kind",
        Sector => "sector",
        Academie => "academie",
        Headcount => "headcount",
        CpmeMember => "cpme_member",
        InclusiveKind => "inclusive_kind",
        Role => "role",
        Level => "level",
        PersonRole => "person_role",
        Renew => "renew",
        Welcome => "welcome",
        TradesDiscovery => "trades_discovery",
        TeachingUse => "teaching_use",
        OrganisationRating => "organisation_rating",
        PupilsReached => "pupils_reached",
        Confidentiality => "confidentiality",
        Revision => "revision",
        Created => "created",
        Updated => "updated",
        Missing => "missing",
        NoticeDeadline => "notice_deadline",
        EndsOn => "ends_on",
        ConsentGivenBy => "consent_given_by",
        ConsentGivenOn => "consent_given_on",
        ConsentUses => "consent_uses",
        ConfidentialityOwner => "confidentiality_owner",
        Address => "address",
        Location => "location",
        OpeningState => "opening_state",
    }
}

/// The rule a value broke.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Rule {
    Required,
    TooLong {
        max: usize,
    },
    ControlCharacter,
    Uai(UaiError),
    Siret(SiretError),
    PostalCode(PostalCodeError),
    Email(EmailError),
    Phone(PhoneError),
    Naf(NafError),
    Date(DateError),
    SchoolYear(SchoolYearError),
    OutOfRange {
        min: i64,
        max: i64,
    },
    EndBeforeStart {
        start: NaiveDate,
        end: NaiveDate,
    },
    Transition(TransitionError),
    /// The same entry twice in a list (two identical schools in an event).
    Duplicate,
    /// A link points to a record that does not exist.
    LinkNotFound {
        kind: Kind,
        id: u64,
    },
    /// Another record already holds this UAI or SIRET.
    AlreadyTaken {
        kind: Kind,
        id: u64,
    },
    /// A notice period longer than the agreement itself.
    NoticeLongerThanDuration,
    /// An evaluation recorded before the immersion took place.
    EvaluationBeforeImmersion {
        ends_on: NaiveDate,
    },
    /// A tutor must be a contact of the placement's company.
    TutorNotOfCompany,
    /// A record key that is neither a number nor the kind's code.
    NotAnId,
    /// Not a whole number: a count, a number of days, a record's number.
    NotANumber,
    /// A code that is none of the choices a field offers.
    NotAChoice,
    /// A yes-or-no field holding something else.
    NotYesOrNo,
    /// Two choices that exclude each other (two residence-permit
    /// situations at once).
    ExclusiveChoices,
    /// A day that has not come yet where only a past one makes sense (a
    /// consent given tomorrow).
    AfterToday {
        today: NaiveDate,
    },
}

macro_rules! rule_from {
    ($($error:ident => $variant:ident),+ $(,)?) => {
        $(impl From<$error> for Rule {
            fn from(e: $error) -> Self {
                Rule::$variant(e)
            }
        })+
    };
}

rule_from! {
    UaiError => Uai,
    SiretError => Siret,
    PostalCodeError => PostalCode,
    EmailError => Email,
    PhoneError => Phone,
    NafError => Naf,
    DateError => Date,
    SchoolYearError => SchoolYear,
    TransitionError => Transition,
}

impl From<TextProblem> for Rule {
    fn from(problem: TextProblem) -> Self {
        match problem {
            TextProblem::Empty => Rule::Required,
            TextProblem::TooLong { max } => Rule::TooLong { max },
            TextProblem::ControlCharacter => Rule::ControlCharacter,
        }
    }
}

/// One broken rule at one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: Field,
    pub rule: Rule,
}

impl FieldError {
    pub fn new(field: Field, rule: impl Into<Rule>) -> Self {
        FieldError {
            field,
            rule: rule.into(),
        }
    }
}

/// Parses one field's input, naming the field on failure:
/// `parse_field(Field::Uai, "0750655F", Uai::parse)`.
pub fn parse_field<T, E: Into<Rule>>(
    field: Field,
    input: &str,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> Result<T, FieldError> {
    parse(input).map_err(|e| FieldError::new(field, e))
}

/// Every broken rule of a record, in field order, so that a form can move
/// to the first.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    pub fn push(&mut self, field: Field, rule: impl Into<Rule>) {
        self.0.push(FieldError::new(field, rule));
    }

    /// Records the problem of a text check, if any.
    pub fn check(&mut self, field: Field, result: Result<(), TextProblem>) {
        if let Err(problem) = result {
            self.push(field, problem);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn first(&self) -> Option<&FieldError> {
        self.0.first()
    }

    pub fn into_result(self) -> Result<(), ValidationErrors> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }
}

impl fmt::Display for FieldError {
    /// An English rendering for logs and developers; people get the
    /// catalogue's.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {:?}", self.field.code(), self.rule)
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, error) in self.0.iter().enumerate() {
            if index > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}
