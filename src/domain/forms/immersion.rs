//! The form of an immersion, and the form of its evaluation. The status
//! moves by its own actions and is not in the immersion's form; the
//! evaluation has a form of its own, for a done immersion, whose saving
//! makes it evaluated.

use chrono::NaiveDate;

use crate::domain::forms::parse::{Reader, choice, codes, date, line, link, multiline, number};
use crate::domain::forms::{FieldSpec, FormValues, InputKind, finish, write};
use crate::domain::kind::Kind;
use crate::domain::meta::RecordMeta;
use crate::domain::records::immersion::MAX_IMMERSION_DAYS;
use crate::domain::records::{
    Entity, Evaluation, Immersion, Rating, Record, Renewal, StaffRole, ValidationContext,
};
use crate::domain::status::ImmersionStatus;
use crate::domain::validation::{Field, ValidationErrors};

pub(super) fn fields() -> Vec<FieldSpec> {
    vec![
        FieldSpec::new(Field::Person, InputKind::Text, true),
        FieldSpec::new(
            Field::PersonRole,
            InputKind::Choice(codes::<StaffRole>()),
            true,
        ),
        FieldSpec::new(Field::School, InputKind::Link(Kind::School), false),
        FieldSpec::new(Field::Company, InputKind::Link(Kind::Company), true),
        FieldSpec::new(Field::Start, InputKind::Date, true),
        FieldSpec::new(Field::Days, InputKind::Number, true),
        FieldSpec::new(Field::Notes, InputKind::MultiLine, false),
    ]
}

pub(super) fn default_text(field: Field, today: NaiveDate) -> String {
    match field {
        Field::PersonRole => write::choice(StaffRole::Enseignant),
        Field::Start => write::date(today),
        // One day is the usual immersion (1.2).
        Field::Days => "1".to_owned(),
        _ => String::new(),
    }
}

pub(super) fn text_of(immersion: &Immersion, field: Field) -> String {
    match field {
        Field::Person => immersion.person.clone(),
        Field::PersonRole => write::choice(immersion.person_role),
        Field::School => write::optional_link(immersion.school),
        Field::Company => write::link(immersion.company),
        Field::Start => write::date(immersion.start),
        Field::Days => immersion.days.to_string(),
        Field::Notes => write::restricted(&immersion.notes, String::clone),
        _ => String::new(),
    }
}

pub(super) fn read(r: &mut Reader, base: Option<&Immersion>) -> Option<Record> {
    let today = r.today;
    let person = r.value(Field::Person, line);
    let person_role = r.value(Field::PersonRole, choice::<StaffRole>);
    let school = r.read(Field::School, link(Kind::School));
    let company = r.value(Field::Company, link(Kind::Company));
    let start = r.value(Field::Start, date(today));
    let days = r.value(Field::Days, number(1, u64::from(MAX_IMMERSION_DAYS)));
    let notes = r.restricted(Field::Notes, base.map(|b| &b.notes), multiline);
    Some(Record::Immersion(Immersion {
        meta: base.map_or_else(RecordMeta::new_record, |b| b.meta.clone()),
        person: person?,
        person_role: person_role?,
        school: school?,
        company: company?,
        start: start?,
        days: days?,
        status: base.map_or(ImmersionStatus::Proposed, |b| b.status),
        evaluation: base.and_then(|b| b.evaluation.clone()),
        notes: notes?,
    }))
}

/// The fields of an immersion's evaluation, in form order: the four
/// ratings (1 to 5), the texts, and whether to renew.
pub fn form_fields_for_evaluation() -> Vec<FieldSpec> {
    let rating = |field| FieldSpec::new(field, InputKind::Number, true);
    vec![
        rating(Field::Welcome),
        rating(Field::TradesDiscovery),
        rating(Field::TeachingUse),
        rating(Field::OrganisationRating),
        FieldSpec::new(Field::Comment, InputKind::MultiLine, false),
        FieldSpec::new(Field::TeacherFeedback, InputKind::MultiLine, false),
        FieldSpec::new(Field::CompanyFeedback, InputKind::MultiLine, false),
        FieldSpec::new(Field::Renew, InputKind::Choice(codes::<Renewal>()), true),
    ]
}

/// A new evaluation's texts: all blank, so that no rating and no
/// decision to renew is recorded that nobody made.
pub fn evaluation_defaults() -> FormValues {
    form_fields_for_evaluation()
        .into_iter()
        .map(|spec| (spec.field, String::new()))
        .collect()
}

/// The texts of an immersion's evaluation, or the defaults when it has
/// none yet; a masked text is blank.
pub fn evaluation_values(immersion: &Immersion) -> FormValues {
    let Some(evaluation) = &immersion.evaluation else {
        return evaluation_defaults();
    };
    form_fields_for_evaluation()
        .into_iter()
        .map(|spec| {
            let text = match spec.field {
                Field::Welcome => evaluation.welcome.0.to_string(),
                Field::TradesDiscovery => evaluation.trades_discovery.0.to_string(),
                Field::TeachingUse => evaluation.teaching_use.0.to_string(),
                Field::OrganisationRating => evaluation.organisation.0.to_string(),
                Field::Comment => write::restricted(&evaluation.comment, String::clone),
                Field::TeacherFeedback => {
                    write::restricted(&evaluation.teacher_feedback, String::clone)
                }
                Field::CompanyFeedback => {
                    write::restricted(&evaluation.company_feedback, String::clone)
                }
                Field::Renew => write::choice(evaluation.renew),
                _ => String::new(),
            };
            (spec.field, text)
        })
        .collect()
}

/// Reads an evaluation's fields; `by` and `on` are given, not typed.
pub(super) fn read_evaluation(
    r: &mut Reader,
    base: Option<&Evaluation>,
    by: &str,
    on: NaiveDate,
) -> Option<Evaluation> {
    let rating = |r: &mut Reader, field| {
        r.value(
            field,
            number(u64::from(Rating::MIN), u64::from(Rating::MAX)),
        )
        .map(Rating)
    };
    let welcome = rating(r, Field::Welcome);
    let trades_discovery = rating(r, Field::TradesDiscovery);
    let teaching_use = rating(r, Field::TeachingUse);
    let organisation = rating(r, Field::OrganisationRating);
    let comment = r.restricted(Field::Comment, base.map(|b| &b.comment), multiline);
    let teacher_feedback = r.restricted(
        Field::TeacherFeedback,
        base.map(|b| &b.teacher_feedback),
        multiline,
    );
    let company_feedback = r.restricted(
        Field::CompanyFeedback,
        base.map(|b| &b.company_feedback),
        multiline,
    );
    let renew = r.value(Field::Renew, choice::<Renewal>);
    Some(Evaluation {
        welcome: welcome?,
        trades_discovery: trades_discovery?,
        teaching_use: teaching_use?,
        organisation: organisation?,
        comment: comment?,
        teacher_feedback: teacher_feedback?,
        company_feedback: company_feedback?,
        renew: renew?,
        evaluated_by: by.to_owned(),
        evaluated_on: on,
    })
}

/// Turns an evaluation form into the immersion `base` evaluated by
/// `account` on `today`: status evaluated, the evaluation set (replacing
/// an earlier one), every other field kept. Refused, with the field of
/// each error in form order, when a field does not read, when the
/// immersion cannot be evaluated yet (not done, or not over), and for
/// the immersion's own rules.
pub fn parse_evaluation(
    values: &FormValues,
    base: &Immersion,
    account: &str,
    today: NaiveDate,
) -> Result<Immersion, ValidationErrors> {
    let mut reader = Reader::new(form_fields_for_evaluation(), values, today);
    let evaluation = read_evaluation(&mut reader, base.evaluation.as_ref(), account, today);
    let immersion = evaluation.map(|evaluation| Immersion {
        status: ImmersionStatus::Evaluated,
        evaluation: Some(evaluation),
        ..base.clone()
    });
    let validated = immersion.as_ref().map(|immersion| {
        let mut errors = immersion.validate(&ValidationContext { today });
        // The mark's reason masked with the record is kept, not missing.
        if base.meta.confidentiality.confidential && base.meta.confidentiality.reason.is_empty() {
            errors
                .0
                .retain(|error| error.field != Field::ConfidentialityReason);
        }
        if let Err(refusal) = immersion.check_transition_from(base, today) {
            // The move's refusal says more than the status's requirements,
            // as the service has it.
            errors.0.retain(|error| error.field != Field::Status);
            errors.push(Field::Status, refusal);
        }
        errors
    });
    finish(immersion, reader, validated, &form_fields_for_evaluation())
}
