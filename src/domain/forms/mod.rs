//! Typed form values: the text a person types in each field of a record,
//! and the way back. A form starts from [`defaults`] (a new record) or
//! [`values_of`] (an edit), checks each field as it is typed with
//! [`check_field`], and turns every text back into a record with
//! [`parse_form`], each error tied to its field and listed in form order
//! so that a save can move to the first.
//!
//! What the forms leave out, on purpose:
//! - statuses that move by their own actions (a placement's, an
//!   immersion's), with what those actions record: a placement's
//!   signature date and reason for cancelling, an immersion's evaluation.
//!   An edit keeps them from the record it starts from; a new record
//!   starts at the first status. An agreement has no such moves, so its
//!   status and signature date are in its form.
//! - the evaluation of an immersion, which has a form of its own for a
//!   done immersion: [`form_fields_for_evaluation`],
//!   [`evaluation_defaults`], [`evaluation_values`] and
//!   [`parse_evaluation`] (who evaluated and when are given by the
//!   caller, not typed). [`check_field`] with [`Kind::Immersion`] checks
//!   its fields too.
//! - the note of a learner's particular needs (only the needs themselves
//!   are chosen): an edit keeps it.
//!
//! The record's confidentiality mark is in every record's form, its last
//! three fields (not in the evaluation's): confidential yes/no, the
//! reason (required when confidential) and the owning organisation (or
//! none). A mark set to "no" drops its reason and owner. A new record's
//! owner is none: the form does not know who types, so the service gives
//! a mark newly set by a coordinator without owner that coordinator's
//! organisation. Whether the mark may be lifted is the service's to say
//! (admins only), as is the mark of a learner with particular needs.
//!
//! Restricted fields: a masked value is blank text and stays masked when
//! the field is left blank (the service puts the stored value back on
//! save); [`masked_fields`] names them, for a form to show them as
//! protected and take nothing typed in them. Text given for a masked
//! value replaces it (for a learner's needs, with a blank note, since
//! the stored one could not be seen); the service drops it from anyone
//! not cleared.
//!
//! Rules tying several fields together (the end before the start, the
//! notice longer than the duration, what an agreement's kind needs) come
//! from the record's own `validate`, run once every field reads. A
//! status's requirement is shown at the field of the form that meets it
//! (a placement's company, an immersion's start), so that a save can move
//! there.

mod agreement;
mod company;
mod confidentiality;
mod consent;
mod contact;
mod event;
mod immersion;
mod learner;
pub(crate) mod parse;
mod placement;
mod school;
mod write;

use chrono::NaiveDate;

use crate::domain::dates::{SchoolYear, parse_date};
use crate::domain::kind::Kind;
use crate::domain::records::{Record, ValidationContext};
use crate::domain::status::{ImmersionRefusal, PlacementRefusal, TransitionError};
use crate::domain::validation::{Field, FieldError, Rule, ValidationErrors};

pub use confidentiality::OwnerChoice;
pub use consent::{
    check_consent_field, consent_defaults, consent_fields, consent_values, parse_consent,
};
pub use contact::OrganisationChoice;
pub use immersion::{
    evaluation_defaults, evaluation_values, form_fields_for_evaluation, parse_evaluation,
};
pub use learner::SensitiveNeed;

use parse::Reader;

/// How a field is typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputKind {
    /// One line.
    Text,
    /// Notes, comments (line breaks allowed); also a list typed one entry
    /// per line (a school's apprenticeship sections).
    MultiLine,
    /// Read by `parse_date`: 28/11/2026, 4/1/27, 28/11, 2026-11-28, +7.
    Date,
    /// An unsigned integer.
    Number,
    /// The codes of a `choice_enum`, in order; the text holds a code.
    Choice(Vec<&'static str>),
    /// The text "yes" or "no".
    YesNo,
    /// The text holds the id (digits) of one record of that kind ("" =
    /// none).
    Link(Kind),
    /// Several ids separated by commas.
    Links(Kind),
    /// Several codes separated by commas (special units, offers…).
    ChoiceSet(Vec<&'static str>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldSpec {
    pub field: Field,
    pub input: InputKind,
    pub required: bool,
}

impl FieldSpec {
    pub(crate) fn new(field: Field, input: InputKind, required: bool) -> Self {
        FieldSpec {
            field,
            input,
            required,
        }
    }
}

/// The typed text of each field, in form order.
pub type FormValues = Vec<(Field, String)>;

/// What a valid field was understood as, for the person to confirm
/// ("jeudi 5 décembre 2026").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Understood {
    Date(NaiveDate),
    SchoolYear(SchoolYear),
    Nothing,
}

/// The fields a person fills for a record of `kind`, in form order:
/// identifiers first, then names, choices, links, dates, contact details
/// and notes, and last the confidentiality mark.
pub fn form_fields(kind: Kind) -> Vec<FieldSpec> {
    let mut fields = match kind {
        Kind::School => school::fields(),
        Kind::Company => company::fields(),
        Kind::Contact => contact::fields(),
        Kind::Learner => learner::fields(),
        Kind::Placement => placement::fields(),
        Kind::Immersion => immersion::fields(),
        Kind::Event => event::fields(),
        Kind::Agreement => agreement::fields(),
    };
    fields.extend(confidentiality::fields());
    fields
}

/// The texts a new record's form starts with: today for dates, the
/// current school year, the usual choice, blank where only the person
/// knows.
pub fn defaults(kind: Kind, today: NaiveDate) -> FormValues {
    let default_text = match kind {
        Kind::School => school::default_text,
        Kind::Company => company::default_text,
        Kind::Contact => contact::default_text,
        Kind::Learner => learner::default_text,
        Kind::Placement => placement::default_text,
        Kind::Immersion => immersion::default_text,
        Kind::Event => event::default_text,
        Kind::Agreement => agreement::default_text,
    };
    form_fields(kind)
        .into_iter()
        .map(|spec| {
            let text = confidentiality::default_text(spec.field)
                .unwrap_or_else(|| default_text(spec.field, today));
            (spec.field, text)
        })
        .collect()
}

/// The texts of an existing record, as a person types them: dates as
/// DD/MM/YYYY, choices as codes, links as ids; a masked value is blank.
pub fn values_of(record: &Record) -> FormValues {
    let fields = form_fields(record.kind())
        .into_iter()
        .map(|spec| spec.field);
    let mut values: FormValues = match record {
        Record::School(r) => fields.map(|f| (f, school::text_of(r, f))).collect(),
        Record::Company(r) => fields.map(|f| (f, company::text_of(r, f))).collect(),
        Record::Contact(r) => fields.map(|f| (f, contact::text_of(r, f))).collect(),
        Record::Learner(r) => fields.map(|f| (f, learner::text_of(r, f))).collect(),
        Record::Placement(r) => fields.map(|f| (f, placement::text_of(r, f))).collect(),
        Record::Immersion(r) => fields.map(|f| (f, immersion::text_of(r, f))).collect(),
        Record::Event(r) => fields.map(|f| (f, event::text_of(r, f))).collect(),
        Record::Agreement(r) => fields.map(|f| (f, agreement::text_of(r, f))).collect(),
    };
    let mark = &record.meta().confidentiality;
    for (field, text) in &mut values {
        if let Some(mark_text) = confidentiality::text_of(mark, *field) {
            *text = mark_text;
        }
    }
    values
}

/// The fields of `record`'s forms (its own and its evaluation's) whose
/// values are masked: a confidential record not revealed. The form shows
/// them as protected and takes nothing typed in them; a save keeps what
/// is stored.
pub fn masked_fields(record: &Record) -> Vec<Field> {
    let notes = |notes: &crate::domain::meta::Restricted<String>| (Field::Notes, notes.is_masked());
    let fields = match record {
        Record::School(r) => vec![notes(&r.notes)],
        Record::Company(r) => vec![notes(&r.notes)],
        Record::Contact(r) => vec![
            (Field::Email, r.email.is_masked()),
            (Field::Phone, r.phone.is_masked()),
            notes(&r.notes),
        ],
        Record::Learner(r) => vec![
            (Field::SensitiveNeeds, r.sensitive.is_masked()),
            notes(&r.notes),
        ],
        Record::Placement(r) => vec![notes(&r.notes)],
        Record::Immersion(r) => {
            let mut fields = vec![notes(&r.notes)];
            if let Some(evaluation) = &r.evaluation {
                fields.extend([
                    (Field::Comment, evaluation.comment.is_masked()),
                    (
                        Field::TeacherFeedback,
                        evaluation.teacher_feedback.is_masked(),
                    ),
                    (
                        Field::CompanyFeedback,
                        evaluation.company_feedback.is_masked(),
                    ),
                ]);
            }
            fields
        }
        Record::Event(r) => vec![notes(&r.notes)],
        Record::Agreement(r) => vec![notes(&r.notes)],
    };
    let mut fields = fields;
    fields.push((Field::ConfidentialityReason, record.reason_masked()));
    fields
        .into_iter()
        .filter(|(_, masked)| *masked)
        .map(|(field, _)| field)
        .collect()
}

/// Reads the fields of a record of `kind` and its confidentiality mark,
/// building it when every field reads. A base of another kind is
/// ignored.
fn read_record(kind: Kind, reader: &mut Reader, base: Option<&Record>) -> Option<Record> {
    let record = read_fields(kind, reader, base);
    let mark = confidentiality::read(reader, base.is_some_and(Record::reason_masked));
    let mut record = record?;
    record.meta_mut().confidentiality = mark?;
    Some(record)
}

/// Reads the fields of a record of `kind` but its mark; the meta is the
/// base's, or a new record's.
fn read_fields(kind: Kind, reader: &mut Reader, base: Option<&Record>) -> Option<Record> {
    macro_rules! base_of {
        ($variant:ident) => {
            match base {
                Some(Record::$variant(base)) => Some(base),
                _ => None,
            }
        };
    }
    match kind {
        Kind::School => school::read(reader, base_of!(School)),
        Kind::Company => company::read(reader, base_of!(Company)),
        Kind::Contact => contact::read(reader, base_of!(Contact)),
        Kind::Learner => learner::read(reader, base_of!(Learner)),
        Kind::Placement => placement::read(reader, base_of!(Placement)),
        Kind::Immersion => immersion::read(reader, base_of!(Immersion)),
        Kind::Event => event::read(reader, base_of!(Event)),
        Kind::Agreement => agreement::read(reader, base_of!(Agreement)),
    }
}

/// Checks one field alone, as it is typed: the rules of that field only
/// (a blank required field is [`Rule::Required`]), not those tying it to
/// others. For a valid date or school year, says what was understood.
/// A field that is not in the kind's form (nor, for an immersion, in its
/// evaluation's) has nothing to check.
pub fn check_field(
    kind: Kind,
    field: Field,
    text: &str,
    today: NaiveDate,
) -> Result<Understood, FieldError> {
    let in_form = |specs: &[FieldSpec]| specs.iter().any(|spec| spec.field == field);
    let form = form_fields(kind);
    let evaluation = form_fields_for_evaluation();
    let (specs, mut values, is_evaluation) = if in_form(&form) {
        (form, defaults(kind, today), false)
    } else if kind == Kind::Immersion && in_form(&evaluation) {
        (evaluation, evaluation_defaults(), true)
    } else {
        return Ok(Understood::Nothing);
    };
    // The other fields hold their defaults; only this field's errors
    // count, and rules between fields are not looked at.
    for (f, value) in &mut values {
        if *f == field {
            *value = text.to_owned();
        }
    }
    let input = specs
        .iter()
        .find(|spec| spec.field == field)
        .map(|spec| spec.input.clone());
    let mut reader = Reader::new(specs, &values, today);
    if is_evaluation {
        immersion::read_evaluation(&mut reader, None, "", today);
    } else {
        read_record(kind, &mut reader, None);
    }
    if let Some(error) = reader.errors.0.into_iter().find(|e| e.field == field) {
        return Err(error);
    }
    Ok(understood(field, input, text, today))
}

/// What a valid text means, when it is worth confirming.
fn understood(field: Field, input: Option<InputKind>, text: &str, today: NaiveDate) -> Understood {
    if text.trim().is_empty() {
        return Understood::Nothing;
    }
    if input == Some(InputKind::Date) {
        return parse_date(text, today).map_or(Understood::Nothing, Understood::Date);
    }
    if field == Field::SchoolYear {
        return SchoolYear::parse(text).map_or(Understood::Nothing, Understood::SchoolYear);
    }
    Understood::Nothing
}

/// Turns every text of a form back into a record. An edit starts from
/// `base`, so its meta (but the confidentiality mark, which the form
/// holds) and the fields the form does not show are kept; a new record
/// (or a base of another kind) starts from `RecordMeta::new_record()`. A field missing from `values` reads as
/// blank. Every
/// field's error is reported, then, once all fields read, those of the
/// record's own `validate`; all in form order (rules on fields the form
/// does not show come last).
pub fn parse_form(
    kind: Kind,
    values: &FormValues,
    base: Option<&Record>,
    today: NaiveDate,
) -> Result<Record, ValidationErrors> {
    let specs = form_fields(kind);
    let mut reader = Reader::new(specs.clone(), values, today);
    let record = read_record(kind, &mut reader, base);
    let validated = record.as_ref().map(|record| {
        let mut errors = record.validate(&ValidationContext { today });
        // A reason kept masked is not missing: the service has it.
        if record.reason_masked() && base.is_some_and(Record::reason_masked) {
            errors
                .0
                .retain(|error| error.field != Field::ConfidentialityReason);
        }
        errors
    });
    finish(record, reader, validated, &specs)
}

/// Merges a form's errors with its record's own, in form order; the
/// record when there are none.
fn finish<T>(
    record: Option<T>,
    reader: Reader,
    validated: Option<ValidationErrors>,
    specs: &[FieldSpec],
) -> Result<T, ValidationErrors> {
    let mut errors = reader.errors;
    errors.0.extend(reader.relations.0);
    for error in validated.into_iter().flat_map(|v| v.0) {
        let error = relocate(error, specs);
        if !errors.0.contains(&error) {
            errors.0.push(error);
        }
    }
    match record {
        Some(record) if errors.is_empty() => Ok(record),
        _ => {
            let position = |field: Field| {
                specs
                    .iter()
                    .position(|spec| spec.field == field)
                    .unwrap_or(usize::MAX)
            };
            // A stable sort: errors on one field keep their order.
            errors.0.sort_by_key(|error| position(error.field));
            if errors.is_empty() {
                // Cannot happen: a record is built whenever every field
                // reads. Said rather than returning an empty refusal.
                errors.push(Field::Id, Rule::Required);
            }
            Err(errors)
        }
    }
}

/// Shows a status's requirement at the field of the form that can meet
/// it: a placement proposed to a company needs the company.
fn relocate(error: FieldError, specs: &[FieldSpec]) -> FieldError {
    let target = match (&error.field, &error.rule) {
        (
            Field::Status,
            Rule::Transition(TransitionError::Placement {
                refusal: PlacementRefusal::NeedsCompany,
                ..
            }),
        ) => Field::Company,
        (
            Field::Status,
            Rule::Transition(TransitionError::Placement {
                refusal: PlacementRefusal::NeedsTutor,
                ..
            }),
        ) => Field::Tutor,
        (
            Field::Status,
            Rule::Transition(TransitionError::Immersion {
                refusal: ImmersionRefusal::NotHappenedYet { .. },
                ..
            }),
        )
        | (Field::EvaluatedOn, Rule::EvaluationBeforeImmersion { .. }) => Field::Start,
        _ => return error,
    };
    if specs.iter().any(|spec| spec.field == target) {
        FieldError {
            field: target,
            rule: error.rule,
        }
    } else {
        error
    }
}
