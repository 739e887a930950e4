//! The form of an event.

use chrono::NaiveDate;

use crate::domain::academie::Academie;
use crate::domain::forms::parse::{Reader, choice, codes, date, line, links, multiline, number};
use crate::domain::forms::{FieldSpec, InputKind, write};
use crate::domain::kind::Kind;
use crate::domain::meta::RecordMeta;
use crate::domain::records::{Event, EventKind, Record};
use crate::domain::validation::Field;

/// The most pupils one event is believed to reach; more is a typing slip.
pub(crate) const MAX_PUPILS_REACHED: u64 = 1_000_000;

pub(super) fn fields() -> Vec<FieldSpec> {
    vec![
        FieldSpec::new(Field::Kind, InputKind::Choice(codes::<EventKind>()), true),
        FieldSpec::new(Field::Title, InputKind::Text, true),
        FieldSpec::new(Field::Date, InputKind::Date, true),
        FieldSpec::new(Field::Place, InputKind::Text, false),
        FieldSpec::new(
            Field::Academie,
            InputKind::Choice(codes::<Academie>()),
            false,
        ),
        FieldSpec::new(Field::Schools, InputKind::Links(Kind::School), false),
        FieldSpec::new(Field::Companies, InputKind::Links(Kind::Company), false),
        FieldSpec::new(Field::PupilsReached, InputKind::Number, true),
        FieldSpec::new(Field::Notes, InputKind::MultiLine, false),
    ]
}

pub(super) fn default_text(field: Field, today: NaiveDate) -> String {
    match field {
        Field::Kind => write::choice(EventKind::CompanyVisit),
        Field::Date => write::date(today),
        Field::PupilsReached => "0".to_owned(),
        _ => String::new(),
    }
}

pub(super) fn text_of(event: &Event, field: Field) -> String {
    match field {
        Field::Kind => write::choice(event.kind),
        Field::Title => event.title.clone(),
        Field::Date => write::date(event.date),
        Field::Place => event.place.clone(),
        Field::Academie => write::optional_choice(event.academie),
        Field::Schools => write::links(&event.schools),
        Field::Companies => write::links(&event.companies),
        Field::PupilsReached => event.pupils_reached.to_string(),
        Field::Notes => write::restricted(&event.notes, String::clone),
        _ => String::new(),
    }
}

pub(super) fn read(r: &mut Reader, base: Option<&Event>) -> Option<Record> {
    let today = r.today;
    let kind = r.value(Field::Kind, choice::<EventKind>);
    let title = r.value(Field::Title, line);
    let day = r.value(Field::Date, date(today));
    let place = r.or_default(Field::Place, line);
    let academie = r.read(Field::Academie, choice::<Academie>);
    let schools = r.or_default(Field::Schools, links(Kind::School));
    let companies = r.or_default(Field::Companies, links(Kind::Company));
    let pupils_reached = r.value(Field::PupilsReached, number(0, MAX_PUPILS_REACHED));
    let notes = r.restricted(Field::Notes, base.map(|b| &b.notes), multiline);
    Some(Record::Event(Event {
        meta: base.map_or_else(RecordMeta::new_record, |b| b.meta.clone()),
        kind: kind?,
        title: title?,
        date: day?,
        place: place?,
        academie: academie?,
        schools: schools?,
        companies: companies?,
        pupils_reached: pupils_reached?,
        notes: notes?,
    }))
}
