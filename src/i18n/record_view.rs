//! A record as lines of "field: value" for people, in the order a detail
//! view shows them. Masked values show as masked; links show the name of
//! the record they point at.

use crate::domain::meta::Restricted;
use crate::domain::place::Location;
use crate::domain::records::{ContactOrganisation, LinkRole, Record, RecordRef};
use crate::domain::validation::Field;
use crate::domain::{Kind, RecordId};
use crate::i18n::labels::{Label, yes_no};
use crate::i18n::{Lang, Phrase, date};
use crate::service::describe::Described;
use crate::service::labels::LinkedRecord;

/// One line of a detail view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldLine {
    pub field: Field,
    pub value: String,
}

struct Lines<'a> {
    lines: Vec<FieldLine>,
    links: &'a [LinkedRecord],
    described: &'a Names,
    lang: Lang,
}

/// The linked records known with what tells them from namesakes.
pub type Names = std::collections::HashMap<RecordRef, Described>;

impl Lines<'_> {
    fn push(&mut self, field: Field, value: impl Into<String>) {
        self.lines.push(FieldLine {
            field,
            value: value.into(),
        });
    }

    /// A value only when there is one.
    fn optional(&mut self, field: Field, value: Option<String>) {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            self.push(field, value);
        }
    }

    fn restricted<T>(&mut self, field: Field, value: &Restricted<T>, show: impl Fn(&T) -> String) {
        match value {
            Restricted::Masked => self.push(field, Phrase::Masked.text(self.lang)),
            Restricted::Clear(value) => {
                let shown = show(value);
                if !shown.is_empty() {
                    self.push(field, shown);
                }
            }
        }
    }

    /// The name of a linked record (with what tells it from namesakes
    /// when known), or its number if it is not listed.
    fn link_name(&self, role: LinkRole, kind: Kind, id: RecordId) -> String {
        let target = RecordRef::new(kind, id);
        if let Some(described) = self.described.get(&target) {
            return crate::i18n::editing::link_name(self.lang, described);
        }
        self.links
            .iter()
            .find(|l| l.reference == target && l.role.is_none_or(|r| r == role))
            .map(|l| format!("{} (n° {id})", l.label))
            .unwrap_or_else(|| format!("n° {id}"))
    }

    fn link(&mut self, field: Field, role: LinkRole, kind: Kind, id: RecordId) {
        let name = self.link_name(role, kind, id);
        self.push(field, name);
    }

    fn link_list(&mut self, field: Field, kind: Kind, ids: &[RecordId]) {
        if ids.is_empty() {
            return;
        }
        let names: Vec<String> = ids
            .iter()
            .map(|id| self.link_name(LinkRole::Party, kind, *id))
            .collect();
        self.push(field, names.join(" ; "));
    }
}

/// A location as people read it: « 48,8566° N, 2,3522° E (centre de
/// la commune, approché) », the decimal comma in French.
pub fn location(location: Location, lang: Lang) -> String {
    let degrees = |value: f64, positive: &str, negative: &str| {
        let text = format!("{:.4}", value.abs());
        let text = match lang {
            Lang::Fr => text.replace('.', ","),
            Lang::En => text,
        };
        format!("{text}° {}", if value < 0.0 { negative } else { positive })
    };
    format!(
        "{}, {} ({})",
        degrees(location.point.latitude(), "N", "S"),
        degrees(location.point.longitude(), "E", lang.pick("O", "W")),
        location.precision.label(lang)
    )
}

fn join_labels<T: Label>(items: &[T], lang: Lang) -> String {
    items
        .iter()
        .map(|i| i.label(lang))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The lines of a record's own fields (not its stamps).
pub fn record_fields(
    record: &Record,
    links: &[LinkedRecord],
    described: &Names,
    lang: Lang,
) -> Vec<FieldLine> {
    let mut out = Lines {
        described,
        lines: Vec::new(),
        links,
        lang,
    };
    fn notes(r: &Record) -> &Restricted<String> {
        match r {
            Record::School(x) => &x.notes,
            Record::Company(x) => &x.notes,
            Record::Contact(x) => &x.notes,
            Record::Learner(x) => &x.notes,
            Record::Placement(x) => &x.notes,
            Record::Immersion(x) => &x.notes,
            Record::Event(x) => &x.notes,
            Record::Agreement(x) => &x.notes,
        }
    }
    match record {
        Record::School(school) => {
            out.push(Field::Uai, school.uai.to_string());
            out.push(Field::Name, school.name.clone());
            out.push(Field::Kind, school.kind.label(lang));
            out.push(Field::Sector, school.sector.label(lang));
            out.push(Field::OpeningState, school.opening_state.label(lang));
            out.optional(Field::Address, school.address.clone());
            out.push(
                Field::Commune,
                format!("{} {}", school.postal_code, school.commune),
            );
            out.optional(Field::Location, school.location.map(|l| location(l, lang)));
            out.optional(
                Field::Academie,
                school.uai.academie().map(|a| a.label(lang).to_owned()),
            );
            out.optional(
                Field::SpecialUnits,
                Some(join_labels(&school.special_units, lang)),
            );
            out.optional(
                Field::ApprenticeshipSections,
                Some(school.apprenticeship_sections.join(", ")),
            );
            out.optional(Field::Email, school.email.as_ref().map(ToString::to_string));
            out.optional(Field::Phone, school.phone.as_ref().map(ToString::to_string));
        }
        Record::Company(company) => {
            out.push(Field::Siret, company.siret.to_string());
            out.push(Field::Name, company.name.clone());
            out.optional(Field::Naf, company.naf.as_ref().map(ToString::to_string));
            out.push(Field::Headcount, company.headcount.label(lang));
            out.push(Field::CpmeMember, yes_no(company.cpme_member, lang));
            out.optional(Field::Address, company.address.clone());
            out.push(
                Field::Commune,
                format!("{} {}", company.postal_code, company.commune),
            );
            out.optional(Field::Location, company.location.map(|l| location(l, lang)));
            out.optional(
                Field::Academie,
                company
                    .postal_code
                    .academie()
                    .map(|a| a.label(lang).to_owned()),
            );
            out.optional(Field::Offers, Some(join_labels(&company.offers, lang)));
            out.push(Field::InclusiveKind, company.inclusive_kind.label(lang));
            out.optional(
                Field::Email,
                company.email.as_ref().map(ToString::to_string),
            );
            out.optional(
                Field::Phone,
                company.phone.as_ref().map(ToString::to_string),
            );
        }
        Record::Contact(contact) => {
            out.push(Field::Name, contact.name.clone());
            out.push(Field::Role, contact.role.label(lang));
            match contact.organisation {
                ContactOrganisation::School(id) => out.link(
                    Field::Organisation,
                    LinkRole::Organisation,
                    Kind::School,
                    id,
                ),
                ContactOrganisation::Company(id) => out.link(
                    Field::Organisation,
                    LinkRole::Organisation,
                    Kind::Company,
                    id,
                ),
                ContactOrganisation::Service { service, academie } => out.push(
                    Field::Organisation,
                    format!("{} — {}", service.label(lang), academie.label(lang)),
                ),
                ContactOrganisation::Cpme => out.push(
                    Field::Organisation,
                    crate::domain::Organisation::CpmeIdf.label(lang),
                ),
            }
            out.restricted(Field::Email, &contact.email, |e| {
                e.as_ref().map(ToString::to_string).unwrap_or_default()
            });
            out.restricted(Field::Phone, &contact.phone, |p| {
                p.as_ref().map(ToString::to_string).unwrap_or_default()
            });
        }
        Record::Learner(learner) => {
            out.push(Field::Name, learner.name.clone());
            out.push(Field::Level, learner.level.label(lang));
            out.link(
                Field::School,
                LinkRole::School,
                Kind::School,
                learner.school,
            );
            out.push(Field::SchoolYear, learner.school_year.to_string());
            out.restricted(Field::SensitiveNeeds, &learner.sensitive, |needs| {
                let mut parts = Vec::new();
                if needs.disability {
                    parts.push(Phrase::SensitiveDisability.text(lang).to_owned());
                }
                if needs.casnav_followed {
                    parts.push(Phrase::SensitiveCasnav.text(lang).to_owned());
                }
                if needs.residence_permit != crate::domain::records::ResidencePermit::NotApplicable
                {
                    parts.push(needs.residence_permit.label(lang).to_owned());
                }
                if !needs.note.is_empty() {
                    parts.push(needs.note.clone());
                }
                parts.join(" ; ")
            });
        }
        Record::Placement(placement) => {
            out.push(Field::Kind, placement.kind.label(lang));
            out.push(Field::Status, placement.status.label(lang));
            out.link(
                Field::Learner,
                LinkRole::Learner,
                Kind::Learner,
                placement.learner,
            );
            out.link(
                Field::School,
                LinkRole::School,
                Kind::School,
                placement.school,
            );
            if let Some(company) = placement.company {
                out.link(Field::Company, LinkRole::Company, Kind::Company, company);
            }
            if let Some(tutor) = placement.tutor {
                out.link(Field::Tutor, LinkRole::Tutor, Kind::Contact, tutor);
            }
            out.push(Field::Start, date(lang, placement.start));
            out.push(Field::End, date(lang, placement.end));
            out.optional(Field::SignedOn, placement.signed_on.map(|d| date(lang, d)));
            out.optional(Field::CancelReason, placement.cancel_reason.clone());
            out.optional(
                Field::Missing,
                Some(join_labels(&placement.missing(), lang)),
            );
        }
        Record::Immersion(immersion) => {
            out.push(Field::Person, immersion.person.clone());
            out.push(Field::PersonRole, immersion.person_role.label(lang));
            out.push(Field::Status, immersion.status.label(lang));
            if let Some(school) = immersion.school {
                out.link(Field::School, LinkRole::School, Kind::School, school);
            }
            out.link(
                Field::Company,
                LinkRole::Company,
                Kind::Company,
                immersion.company,
            );
            out.push(Field::Start, date(lang, immersion.start));
            out.push(Field::Days, immersion.days.to_string());
            if let Some(evaluation) = &immersion.evaluation {
                out.push(Field::Welcome, format!("{}/5", evaluation.welcome.0));
                out.push(
                    Field::TradesDiscovery,
                    format!("{}/5", evaluation.trades_discovery.0),
                );
                out.push(
                    Field::TeachingUse,
                    format!("{}/5", evaluation.teaching_use.0),
                );
                out.push(
                    Field::OrganisationRating,
                    format!("{}/5", evaluation.organisation.0),
                );
                out.push(Field::Renew, evaluation.renew.label(lang));
                out.restricted(Field::Comment, &evaluation.comment, Clone::clone);
                out.restricted(
                    Field::TeacherFeedback,
                    &evaluation.teacher_feedback,
                    Clone::clone,
                );
                out.restricted(
                    Field::CompanyFeedback,
                    &evaluation.company_feedback,
                    Clone::clone,
                );
                out.push(
                    Field::EvaluatedBy,
                    format!(
                        "{} ({})",
                        evaluation.evaluated_by,
                        date(lang, evaluation.evaluated_on)
                    ),
                );
            }
        }
        Record::Event(event) => {
            out.push(Field::Title, event.title.clone());
            out.push(Field::Kind, event.kind.label(lang));
            out.push(Field::Date, date(lang, event.date));
            out.optional(Field::Place, Some(event.place.clone()));
            out.optional(
                Field::Academie,
                event.academie.map(|a| a.label(lang).to_owned()),
            );
            out.link_list(Field::Schools, Kind::School, &event.schools);
            out.link_list(Field::Companies, Kind::Company, &event.companies);
            out.push(Field::PupilsReached, event.pupils_reached.to_string());
        }
        Record::Agreement(agreement) => {
            out.push(Field::Title, agreement.title.clone());
            out.push(Field::Kind, agreement.kind.label(lang));
            out.push(Field::Status, agreement.status.label(lang));
            out.optional(
                Field::Academie,
                agreement.academie.map(|a| a.label(lang).to_owned()),
            );
            out.link_list(Field::Schools, Kind::School, &agreement.schools);
            out.link_list(Field::Companies, Kind::Company, &agreement.companies);
            if let Some(parent) = agreement.parent {
                out.link(Field::Parent, LinkRole::Parent, Kind::Agreement, parent);
            }
            out.optional(Field::SignedOn, agreement.signed_on.map(|d| date(lang, d)));
            out.push(Field::DurationMonths, agreement.duration_months.to_string());
            out.push(Field::NoticeMonths, agreement.notice_months.to_string());
            out.optional(
                Field::NoticeDeadline,
                agreement.notice_deadline().map(|d| date(lang, d)),
            );
            out.optional(Field::EndsOn, agreement.ends_on().map(|d| date(lang, d)));
        }
    }
    out.restricted(Field::Notes, notes(record), Clone::clone);
    let mark = &record.meta().confidentiality;
    if mark.confidential {
        out.push(Field::Confidentiality, mark_text(mark, lang));
    }
    out.lines
}

/// A confidential record's mark: why (once revealed) and whose.
fn mark_text(mark: &crate::domain::Confidentiality, lang: Lang) -> String {
    let owner = match mark.owner {
        Some(owner) => crate::i18n::labels::the_organisation(owner, lang),
        None => lang
            .pick(
                "aucune (administrateurs seulement)",
                "none (administrators only)",
            )
            .to_owned(),
    };
    match (lang, mark.reason.is_empty()) {
        (Lang::Fr, false) => format!("{} — propriétaire : {owner}", mark.reason),
        (Lang::En, false) => format!("{} — owner: {owner}", mark.reason),
        (Lang::Fr, true) => format!("motif protégé — propriétaire : {owner}"),
        (Lang::En, true) => format!("reason protected — owner: {owner}"),
    }
}
