//! How the values an update changed read in the history and in
//! `passerelle audit`: the trail keeps them as the record's own data
//! (codes, numbers, JSON for composite values); people read field
//! labels, statuses and choices in words, links by name, dates as dates,
//! a confidentiality mark as « confidentiel : motif (propriétaire) », an
//! evaluation field by field.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::domain::academie::Academie;
use crate::domain::dates::SchoolYear;
use crate::domain::identifiers::{Phone, Siret};
use crate::domain::meta::Confidentiality;
use crate::domain::place::Location;
use crate::domain::records::{
    AgreementKind, ContactOrganisation, ContactRole, Evaluation, EventKind, HeadcountBand,
    InclusiveKind, Level, Offer, OpeningState, PlacementKind, RecordRef, SchoolKind, Sector,
    SpecialUnit, StaffRole,
};
use crate::domain::status::{AgreementStatus, ImmersionStatus, PlacementStatus};
use crate::domain::validation::Field;
use crate::domain::{Kind, RecordId};
use crate::i18n::labels::{Label, yes_no};
use crate::i18n::record_view::{Names, location};
use crate::i18n::{Lang, date};

/// The field of a record the trail names `name` (the record's own
/// field name), for its label.
pub fn field_of(kind: Kind, name: &str) -> Option<Field> {
    match (kind, name) {
        (Kind::Learner, "sensitive") => Some(Field::SensitiveNeeds),
        (Kind::Immersion, "person_role") => Some(Field::PersonRole),
        _ => Field::from_code(name),
    }
}

/// The label a field of `kind` has on screen; a name the trail holds
/// that no longer is a field keeps its own name.
pub fn field_label(kind: Kind, name: &str, lang: Lang) -> String {
    if name == "confidentiality" {
        // The whole mark, not the yes/no of a form.
        return lang.pick("confidentialité", "confidentiality").to_owned();
    }
    field_of(kind, name).map_or_else(|| name.to_owned(), |f| f.label(lang).to_owned())
}

/// The kind a link field of `kind` points at.
fn linked_kind(kind: Kind, name: &str) -> Option<Kind> {
    match (kind, name) {
        (_, "school" | "schools") => Some(Kind::School),
        (_, "company" | "companies") => Some(Kind::Company),
        (_, "learner") => Some(Kind::Learner),
        (_, "tutor") => Some(Kind::Contact),
        (Kind::Agreement, "parent") => Some(Kind::Agreement),
        _ => None,
    }
}

/// The value as the trail keeps it: JSON where it was composite, a
/// number or a flag, the text itself otherwise; blank for none.
fn parsed(text: &str) -> Value {
    if text.is_empty() {
        return Value::Null;
    }
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()))
}

fn typed<T: DeserializeOwned>(value: &Value) -> Option<T> {
    serde_json::from_value(value.clone()).ok()
}

fn label_of<T: DeserializeOwned + Label>(value: &Value, lang: Lang) -> Option<String> {
    typed::<T>(value).map(|choice| choice.label(lang).to_owned())
}

fn labels_of<T: DeserializeOwned + Label>(value: &Value, lang: Lang) -> Option<String> {
    typed::<Vec<T>>(value).map(|choices| {
        choices
            .iter()
            .map(|choice| choice.label(lang))
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// A record a link points at, by name when known.
fn linked(kind: Kind, id: u64, names: &Names, lang: Lang) -> String {
    let reference = RecordRef::new(kind, RecordId(id));
    match names.get(&reference) {
        Some(described) => format!("{} (n° {id})", described.label),
        None => format!("{} n° {id}", kind.label(lang)),
    }
}

fn quoted(items: &[String], lang: Lang) -> String {
    items
        .iter()
        .map(|item| match lang {
            Lang::Fr => format!("« {item} »"),
            Lang::En => format!("“{item}”"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A confidentiality mark in words.
fn mark(mark: &Confidentiality, lang: Lang) -> String {
    if !mark.confidential {
        return lang.pick("non confidentiel", "not confidential").to_owned();
    }
    let owner = mark
        .owner
        .map_or(lang.pick("sans propriétaire", "no owner"), |o| {
            o.label(lang)
        });
    // The trail keeps no reason since reasons are masked with the
    // restricted fields; older entries may hold one.
    match (lang, mark.reason.is_empty()) {
        (Lang::Fr, true) => format!("confidentiel ({owner})"),
        (Lang::En, true) => format!("confidential ({owner})"),
        (Lang::Fr, false) => format!("confidentiel : {} ({owner})", mark.reason),
        (Lang::En, false) => format!("confidential: {} ({owner})", mark.reason),
    }
}

/// An evaluation field by field. Its comments are restricted: the trail
/// keeps only that they are protected.
fn evaluation(evaluation: &Evaluation, protected: bool, lang: Lang) -> String {
    let ratings = [
        (Field::Welcome, evaluation.welcome),
        (Field::TradesDiscovery, evaluation.trades_discovery),
        (Field::TeachingUse, evaluation.teaching_use),
        (Field::OrganisationRating, evaluation.organisation),
    ];
    let mut parts: Vec<String> = ratings
        .iter()
        .map(|(field, rating)| format!("{} {}/5", field.label(lang), rating.0))
        .collect();
    parts.push(format!(
        "{}{}{}",
        Field::Renew.label(lang),
        lang.colon(),
        evaluation.renew.label(lang)
    ));
    if protected {
        parts.push(
            lang.pick("commentaires protégés", "comments protected")
                .to_owned(),
        );
    }
    parts.push(match lang {
        Lang::Fr => format!(
            "par {} le {}",
            evaluation.evaluated_by,
            date(lang, evaluation.evaluated_on)
        ),
        Lang::En => format!(
            "by {} on {}",
            evaluation.evaluated_by,
            date(lang, evaluation.evaluated_on)
        ),
    });
    parts.join(", ")
}

/// `value` with the trail's marks of a restricted value (`{"masked":
/// true}`) made blank text, so that it reads as its type; and whether
/// there was any.
fn unmasked(value: &Value) -> (Value, bool) {
    match value {
        Value::Object(map) if map.get("masked") == Some(&Value::Bool(true)) && map.len() == 1 => {
            (Value::String(String::new()), true)
        }
        Value::Object(map) => {
            let mut any = false;
            let map = map
                .iter()
                .map(|(key, inner)| {
                    let (inner, masked) = unmasked(inner);
                    any |= masked;
                    (key.clone(), inner)
                })
                .collect();
            (Value::Object(map), any)
        }
        other => (other.clone(), false),
    }
}

fn organisation(organisation: &ContactOrganisation, names: &Names, lang: Lang) -> String {
    match organisation {
        ContactOrganisation::School(id) => linked(Kind::School, id.0, names, lang),
        ContactOrganisation::Company(id) => linked(Kind::Company, id.0, names, lang),
        ContactOrganisation::Service { service, academie } => {
            format!("{} {}", service.label(lang), academie.label(lang))
        }
        ContactOrganisation::Cpme => "CPME Île-de-France".to_owned(),
    }
}

/// One value of field `name` of a record of `kind`, as people read it.
pub fn value_words(kind: Kind, name: &str, text: &str, names: &Names, lang: Lang) -> String {
    let value = parsed(text);
    if value.is_null() {
        return lang.pick("(vide)", "(empty)").to_owned();
    }
    let empty_list = value.as_array().is_some_and(Vec::is_empty);
    if empty_list {
        return lang.pick("(vide)", "(empty)").to_owned();
    }
    let words = match (kind, name) {
        (Kind::Placement, "status") => label_of::<PlacementStatus>(&value, lang),
        (Kind::Immersion, "status") => label_of::<ImmersionStatus>(&value, lang),
        (Kind::Agreement, "status") => label_of::<AgreementStatus>(&value, lang),
        (Kind::School, "kind") => label_of::<SchoolKind>(&value, lang),
        (Kind::Placement, "kind") => label_of::<PlacementKind>(&value, lang),
        (Kind::Event, "kind") => label_of::<EventKind>(&value, lang),
        (Kind::Agreement, "kind") => label_of::<AgreementKind>(&value, lang),
        (_, "sector") => label_of::<Sector>(&value, lang),
        (_, "headcount") => label_of::<HeadcountBand>(&value, lang),
        (_, "inclusive_kind") => label_of::<InclusiveKind>(&value, lang),
        (_, "role") => label_of::<ContactRole>(&value, lang),
        (_, "person_role") => label_of::<StaffRole>(&value, lang),
        (_, "level") => label_of::<Level>(&value, lang),
        (_, "academie") => label_of::<Academie>(&value, lang),
        (_, "offers") => labels_of::<Offer>(&value, lang),
        (_, "special_units") => labels_of::<SpecialUnit>(&value, lang),
        (Kind::School, "opening_state") => label_of::<OpeningState>(&value, lang),
        (_, "location") => typed::<Location>(&value).map(|l| location(l, lang)),
        (_, "cpme_member") => value.as_bool().map(|b| yes_no(b, lang).to_owned()),
        (_, "start" | "end" | "date" | "signed_on") => {
            typed::<chrono::NaiveDate>(&value).map(|day| date(lang, day))
        }
        (_, "phone") => typed::<Phone>(&value).map(|phone| phone.to_string()),
        (_, "siret") => typed::<Siret>(&value).map(|siret| siret.to_string()),
        (_, "school_year") => typed::<SchoolYear>(&value).map(|year| year.to_string()),
        (_, "apprenticeship_sections") => {
            typed::<Vec<String>>(&value).map(|sections| quoted(&sections, lang))
        }
        (_, "confidentiality") => typed::<Confidentiality>(&value).map(|m| mark(&m, lang)),
        (Kind::Immersion, "evaluation") => {
            let (plain, protected) = unmasked(&value);
            typed::<Evaluation>(&plain).map(|e| evaluation(&e, protected, lang))
        }
        (Kind::Contact, "organisation") => {
            typed::<ContactOrganisation>(&value).map(|o| organisation(&o, names, lang))
        }
        (_, "schools" | "companies") => typed::<Vec<u64>>(&value).map(|ids| {
            let kind = linked_kind(kind, name).unwrap_or(Kind::School);
            ids.iter()
                .map(|id| linked(kind, *id, names, lang))
                .collect::<Vec<_>>()
                .join(", ")
        }),
        _ => match (linked_kind(kind, name), value.as_u64()) {
            (Some(target), Some(id)) => Some(linked(target, id, names, lang)),
            _ => None,
        },
    };
    words.unwrap_or_else(|| match value {
        Value::String(text) => text,
        other => other.to_string(),
    })
}

/// The records the values of a change point at, to be named.
pub fn linked_records(kind: Kind, name: &str, texts: &[&str]) -> Vec<RecordRef> {
    let mut found = Vec::new();
    for text in texts {
        let value = parsed(text);
        if let (Kind::Contact, "organisation") = (kind, name) {
            match typed::<ContactOrganisation>(&value) {
                Some(ContactOrganisation::School(id)) => {
                    found.push(RecordRef::new(Kind::School, id))
                }
                Some(ContactOrganisation::Company(id)) => {
                    found.push(RecordRef::new(Kind::Company, id))
                }
                _ => {}
            }
            continue;
        }
        let Some(target) = linked_kind(kind, name) else {
            continue;
        };
        let ids: Vec<u64> = match &value {
            Value::Array(_) => typed::<Vec<u64>>(&value).unwrap_or_default(),
            other => other.as_u64().into_iter().collect(),
        };
        found.extend(
            ids.into_iter()
                .map(|id| RecordRef::new(target, RecordId(id))),
        );
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(kind: Kind, name: &str, text: &str) -> String {
        value_words(kind, name, text, &Names::new(), Lang::Fr)
    }

    #[test]
    fn codes_dates_marks_and_lists_read_as_words() {
        assert_eq!(words(Kind::Immersion, "status", "done"), "réalisée");
        assert_eq!(words(Kind::School, "opening_state", "opening"), "à ouvrir");
        assert_eq!(
            words(
                Kind::Company,
                "location",
                r#"{"latitude":48.857,"longitude":-2.352,"precision":"commune"}"#
            ),
            "48,8570° N, 2,3520° O (centre de la commune, approché)"
        );
        assert_eq!(
            words(Kind::Placement, "status", "company_proposed"),
            "entreprise proposée"
        );
        assert_eq!(words(Kind::Placement, "start", "2026-12-08"), "08/12/2026");
        assert_eq!(words(Kind::Company, "cpme_member", "true"), "oui");
        assert_eq!(words(Kind::Company, "company", ""), "(vide)");
        assert_eq!(
            words(Kind::Placement, "company", "768"),
            "entreprise n° 768"
        );
        assert_eq!(
            words(
                Kind::School,
                "apprenticeship_sections",
                r#"["CAP A","CAP B"]"#
            ),
            "« CAP A », « CAP B »"
        );
        assert_eq!(
            words(
                Kind::School,
                "confidentiality",
                r#"{"confidential":false,"owner":null,"reason":""}"#
            ),
            "non confidentiel"
        );
        assert_eq!(
            words(
                Kind::School,
                "confidentiality",
                r#"{"confidential":true,"owner":"cpme_idf","reason":"demande"}"#
            ),
            "confidentiel : demande (CPME Île-de-France)"
        );
        assert_eq!(field_label(Kind::School, "phone", Lang::Fr), "téléphone");
        assert_eq!(
            field_label(Kind::Learner, "sensitive", Lang::Fr),
            "besoins particuliers"
        );
    }
}
