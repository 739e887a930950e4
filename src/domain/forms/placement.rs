//! The form of a placement. Its status moves by its own actions, which
//! also record the signature date and the reason for cancelling: none of
//! the three is in the form, and an edit keeps them.

use chrono::NaiveDate;

use crate::domain::forms::parse::{Reader, choice, codes, date, link, multiline};
use crate::domain::forms::{FieldSpec, InputKind, write};
use crate::domain::kind::Kind;
use crate::domain::meta::RecordMeta;
use crate::domain::records::{Placement, PlacementKind, Record};
use crate::domain::status::PlacementStatus;
use crate::domain::validation::Field;

pub(super) fn fields() -> Vec<FieldSpec> {
    vec![
        FieldSpec::new(
            Field::Kind,
            InputKind::Choice(codes::<PlacementKind>()),
            true,
        ),
        FieldSpec::new(Field::Learner, InputKind::Link(Kind::Learner), true),
        FieldSpec::new(Field::School, InputKind::Link(Kind::School), true),
        FieldSpec::new(Field::Company, InputKind::Link(Kind::Company), false),
        FieldSpec::new(Field::Tutor, InputKind::Link(Kind::Contact), false),
        FieldSpec::new(Field::Start, InputKind::Date, true),
        FieldSpec::new(Field::End, InputKind::Date, true),
        FieldSpec::new(Field::Notes, InputKind::MultiLine, false),
    ]
}

pub(super) fn default_text(field: Field, today: NaiveDate) -> String {
    match field {
        // The 3e observation week is the most common placement.
        Field::Kind => write::choice(PlacementKind::Observation),
        Field::Start | Field::End => write::date(today),
        _ => String::new(),
    }
}

pub(super) fn text_of(placement: &Placement, field: Field) -> String {
    match field {
        Field::Kind => write::choice(placement.kind),
        Field::Learner => write::link(placement.learner),
        Field::School => write::link(placement.school),
        Field::Company => write::optional_link(placement.company),
        Field::Tutor => write::optional_link(placement.tutor),
        Field::Start => write::date(placement.start),
        Field::End => write::date(placement.end),
        Field::Notes => write::restricted(&placement.notes, String::clone),
        _ => String::new(),
    }
}

pub(super) fn read(r: &mut Reader, base: Option<&Placement>) -> Option<Record> {
    let today = r.today;
    let kind = r.value(Field::Kind, choice::<PlacementKind>);
    let learner = r.value(Field::Learner, link(Kind::Learner));
    let school = r.value(Field::School, link(Kind::School));
    let company = r.read(Field::Company, link(Kind::Company));
    let tutor = r.read(Field::Tutor, link(Kind::Contact));
    let start = r.value(Field::Start, date(today));
    let end = r.value(Field::End, date(today));
    let notes = r.restricted(Field::Notes, base.map(|b| &b.notes), multiline);
    Some(Record::Placement(Placement {
        meta: base.map_or_else(RecordMeta::new_record, |b| b.meta.clone()),
        kind: kind?,
        learner: learner?,
        school: school?,
        company: company?,
        tutor: tutor?,
        start: start?,
        end: end?,
        status: base.map_or(PlacementStatus::Requested, |b| b.status),
        signed_on: base.and_then(|b| b.signed_on),
        cancel_reason: base.and_then(|b| b.cancel_reason.clone()),
        notes: notes?,
    }))
}
