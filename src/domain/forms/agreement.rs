//! The form of an agreement. Its status has no moves of its own (it is
//! what the parties did), so it is in the form with the signature date.

use chrono::NaiveDate;

use crate::domain::academie::Academie;
use crate::domain::forms::parse::{
    Reader, choice, codes, date, line, link, links, multiline, number,
};
use crate::domain::forms::{FieldSpec, InputKind, write};
use crate::domain::kind::Kind;
use crate::domain::meta::RecordMeta;
use crate::domain::records::agreement::{
    DEFAULT_DURATION_MONTHS, DEFAULT_NOTICE_MONTHS, MAX_DURATION_MONTHS,
};
use crate::domain::records::{Agreement, AgreementKind, Record};
use crate::domain::status::AgreementStatus;
use crate::domain::validation::Field;

pub(super) fn fields() -> Vec<FieldSpec> {
    vec![
        FieldSpec::new(
            Field::Kind,
            InputKind::Choice(codes::<AgreementKind>()),
            true,
        ),
        FieldSpec::new(Field::Title, InputKind::Text, true),
        FieldSpec::new(
            Field::Academie,
            InputKind::Choice(codes::<Academie>()),
            false,
        ),
        // Required for a local agreement; the agreement's own rules say so.
        FieldSpec::new(Field::Schools, InputKind::Links(Kind::School), false),
        FieldSpec::new(Field::Companies, InputKind::Links(Kind::Company), false),
        // Required for an amendment.
        FieldSpec::new(Field::Parent, InputKind::Link(Kind::Agreement), false),
        FieldSpec::new(
            Field::Status,
            InputKind::Choice(codes::<AgreementStatus>()),
            true,
        ),
        // Required once signed.
        FieldSpec::new(Field::SignedOn, InputKind::Date, false),
        FieldSpec::new(Field::DurationMonths, InputKind::Number, true),
        FieldSpec::new(Field::NoticeMonths, InputKind::Number, true),
        FieldSpec::new(Field::Notes, InputKind::MultiLine, false),
    ]
}

pub(super) fn default_text(field: Field, _today: NaiveDate) -> String {
    match field {
        // There is one framework convention, and many local agreements.
        Field::Kind => write::choice(AgreementKind::Local),
        Field::Status => write::choice(AgreementStatus::Draft),
        Field::DurationMonths => DEFAULT_DURATION_MONTHS.to_string(),
        Field::NoticeMonths => DEFAULT_NOTICE_MONTHS.to_string(),
        _ => String::new(),
    }
}

pub(super) fn text_of(agreement: &Agreement, field: Field) -> String {
    match field {
        Field::Kind => write::choice(agreement.kind),
        Field::Title => agreement.title.clone(),
        Field::Academie => write::optional_choice(agreement.academie),
        Field::Schools => write::links(&agreement.schools),
        Field::Companies => write::links(&agreement.companies),
        Field::Parent => write::optional_link(agreement.parent),
        Field::Status => write::choice(agreement.status),
        Field::SignedOn => write::optional_date(agreement.signed_on),
        Field::DurationMonths => agreement.duration_months.to_string(),
        Field::NoticeMonths => agreement.notice_months.to_string(),
        Field::Notes => write::restricted(&agreement.notes, String::clone),
        _ => String::new(),
    }
}

pub(super) fn read(r: &mut Reader, base: Option<&Agreement>) -> Option<Record> {
    let today = r.today;
    let months = u64::from(MAX_DURATION_MONTHS);
    let kind = r.value(Field::Kind, choice::<AgreementKind>);
    let title = r.value(Field::Title, line);
    let academie = r.read(Field::Academie, choice::<Academie>);
    let schools = r.or_default(Field::Schools, links(Kind::School));
    let companies = r.or_default(Field::Companies, links(Kind::Company));
    let parent = r.read(Field::Parent, link(Kind::Agreement));
    let status = r.value(Field::Status, choice::<AgreementStatus>);
    let signed_on = r.read(Field::SignedOn, date(today));
    let duration_months = r.value(Field::DurationMonths, number(1, months));
    // Shorter than the duration, which the agreement's own rules check.
    let notice_months = r.value(Field::NoticeMonths, number(0, months));
    let notes = r.restricted(Field::Notes, base.map(|b| &b.notes), multiline);
    Some(Record::Agreement(Agreement {
        meta: base.map_or_else(RecordMeta::new_record, |b| b.meta.clone()),
        kind: kind?,
        title: title?,
        academie: academie?,
        schools: schools?,
        companies: companies?,
        parent: parent?,
        signed_on: signed_on?,
        duration_months: duration_months?,
        notice_months: notice_months?,
        status: status?,
        notes: notes?,
    }))
}
