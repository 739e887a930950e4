//! An edit changes only what was typed: records of every kind, generated
//! with lists of several items, text of several lines up to each field's
//! limit, accents, and every optional field set or not, are opened in
//! the interface's form. Saved untouched, nothing is written; with one
//! field changed, that field alone differs, in the history and in what
//! the form shows when opened again.

use std::sync::atomic::{AtomicU16, Ordering};

use proptest::prelude::*;
use proptest::sample::{Index, subsequence};
use proptest::test_runner::{Config, TestRunner};

use crate::common::tui::{app, press, screen, type_text};
use crate::common::{Fixture, company, contact, learner, school, siret, today};
use passerelle::domain::academie::{Academie, Organisation};
use passerelle::domain::dates::SchoolYear;
use passerelle::domain::forms::{InputKind, values_of};
use passerelle::domain::identifiers::siret::complete_siren;
use passerelle::domain::identifiers::{Email, NafCode, Phone, PostalCode, Siret, Uai};
use passerelle::domain::records::{
    AcademicService, Agreement, AgreementKind, Company, Contact, ContactOrganisation, ContactRole,
    Evaluation, Event, EventKind, HeadcountBand, Immersion, InclusiveKind, Learner, Level,
    MAX_LINE, MAX_NOTES, Offer, Placement, PlacementKind, Rating, Record, Renewal, ResidencePermit,
    School, SchoolKind, Sector, SensitiveNeeds, SpecialUnit, StaffRole,
};
use passerelle::domain::status::{AgreementStatus, ImmersionStatus, PlacementStatus};
use passerelle::domain::validation::Field;
use passerelle::domain::{Confidentiality, RecordId, RecordMeta, RecordRef, Restricted};
use passerelle::i18n::Lang;
use passerelle::service::audit::AuditRequest;
use passerelle::service::get::RecordKey;
use passerelle::tui::app::ScreenView;
use passerelle::tui::keymap::Mode;

/// Records the generated ones may link to.
struct Linked {
    schools: Vec<RecordId>,
    companies: Vec<RecordId>,
    /// A tutor and the company they work at.
    tutors: Vec<(RecordId, RecordId)>,
    /// A learner and their school.
    learners: Vec<(RecordId, RecordId)>,
    agreements: Vec<RecordId>,
}

fn linked(fixture: &Fixture) -> Linked {
    let schools: Vec<RecordId> = (1..=3)
        .map(|n| {
            fixture
                .create(school(&format!("07500{n:02}"), &format!("Lycée {n}")))
                .meta
                .id
        })
        .collect();
    let companies: Vec<RecordId> = (1..=3)
        .map(|n| {
            fixture
                .create(company(siret(n), &format!("Entreprise {n}")))
                .meta
                .id
        })
        .collect();
    let tutors = companies
        .iter()
        .map(|&id| (fixture.create(contact(id, "Jeanne Tutrice")).meta.id, id))
        .collect();
    let learners = schools
        .iter()
        .map(|&id| (fixture.create(learner(id, "Élève Lié")).meta.id, id))
        .collect();
    let framework = crate::common::agreement("Convention cadre", AgreementStatus::Draft, None);
    let agreements = vec![fixture.create(framework).meta.id];
    Linked {
        schools,
        companies,
        tutors,
        learners,
        agreements,
    }
}

/// Identifiers unique within the run: each generated school and company
/// takes the next number.
static NEXT_IDENTIFIER: AtomicU16 = AtomicU16::new(100);

fn next_identifier() -> u16 {
    NEXT_IDENTIFIER.fetch_add(1, Ordering::Relaxed)
}

const LETTERS: &str = "[A-Za-zÀÂÇÉÈÊËÎÏÔÙÛÜàâçéèêëîïôùûüÿŒœ]";

/// One line: letters at both ends (the form trims a line), inside
/// spaces, commas, semicolons, apostrophes, digits; short or near the
/// longest a line may be.
fn line() -> impl Strategy<Value = String> {
    let inner = "[A-Za-zÀÂÇÉÈÊËÎÏÔÙÛÜàâçéèêëîïôùûüÿŒœ0-9 ,;.'’()«»-]";
    let short = format!("{LETTERS}({inner}{{0,40}}{LETTERS})?");
    let long = format!("{LETTERS}{inner}{{180,{}}}{LETTERS}", MAX_LINE - 2);
    prop_oneof![
        4 => proptest::string::string_regex(&short).expect("a pattern"),
        1 => proptest::string::string_regex(&long).expect("a pattern"),
    ]
}

/// Notes as people write them: several lines, blank ones, indents,
/// tabs, spaces at the ends; sometimes as long as notes may be.
fn notes() -> impl Strategy<Value = String> {
    let short = prop::collection::vec("[ \tA-Za-zéèàçœ’«»0-9,;:.!?-]{0,70}", 0..6)
        .prop_map(|lines| lines.join("\n"));
    let long = (9_000usize..=MAX_NOTES).prop_map(|length| {
        let pattern = "Une phrase de suivi, à relire ; ";
        let mut text: String = pattern.chars().cycle().take(length).collect();
        // Lines every so often, a blank one included.
        for at in [120, 121, 500] {
            let byte = text.char_indices().nth(at).map_or(text.len(), |(i, _)| i);
            text.replace_range(byte..byte + 1, "\n");
        }
        text
    });
    // Blank lines only, and breaks at the ends, are text as typed too.
    let blank =
        prop::sample::select(vec!["\n", " \n\t\n ", "\n\nfin\n\n", "  "]).prop_map(str::to_owned);
    prop_oneof![6 => short, 1 => long, 1 => blank]
}

fn restricted_notes() -> impl Strategy<Value = Restricted<String>> {
    notes().prop_map(Restricted::Clear)
}

fn email() -> impl Strategy<Value = Option<Email>> {
    prop::option::of(
        prop::sample::select(vec![
            "ce.0750001@ac-paris.fr",
            "contact@boulangerie-martin.fr",
        ])
        .prop_map(|text| Email::parse(text).expect("a valid e-mail")),
    )
}

fn phone() -> impl Strategy<Value = Option<Phone>> {
    prop::option::of(
        prop::sample::select(vec!["01 44 32 10 00", "0612345678", "+33 1 23 45 67 89"])
            .prop_map(|text| Phone::parse(text).expect("a valid phone number")),
    )
}

fn postal() -> impl Strategy<Value = PostalCode> {
    (0u16..20).prop_map(|n| PostalCode::parse(&format!("750{n:02}")).expect("a Paris code"))
}

fn pick<T: Clone + std::fmt::Debug + 'static>(items: &[T]) -> impl Strategy<Value = T> + use<T> {
    prop::sample::select(items.to_vec())
}

/// A mark: most records open, some confidential with an owner or none.
fn mark() -> impl Strategy<Value = Confidentiality> {
    prop_oneof![
        3 => Just(Confidentiality::default()),
        1 => (line(), prop::option::of(pick(&[Organisation::CpmeIdf, Organisation::AcademieParis])))
            .prop_map(|(reason, owner)| Confidentiality::flagged(&reason, owner)),
    ]
}

fn meta() -> impl Strategy<Value = RecordMeta> {
    mark().prop_map(|confidentiality| RecordMeta {
        confidentiality,
        ..RecordMeta::new_record()
    })
}

fn a_school() -> impl Strategy<Value = Record> {
    (
        meta(),
        line(),
        pick(SchoolKind::ALL),
        pick(Sector::ALL),
        line(),
        postal(),
        subsequence(SpecialUnit::ALL.to_vec(), 0..=SpecialUnit::ALL.len()),
        prop::collection::vec(line(), 0..5),
        (email(), phone(), restricted_notes()),
    )
        .prop_map(
            |(
                meta,
                name,
                kind,
                sector,
                commune,
                postal_code,
                units,
                sections,
                (email, phone, notes),
            )| {
                let uai =
                    Uai::from_digits(&format!("07{:05}", next_identifier())).expect("seven digits");
                Record::School(School {
                    meta,
                    uai,
                    name,
                    kind,
                    sector,
                    commune,
                    postal_code,
                    address: None,
                    location: None,
                    opening_state: passerelle::domain::records::OpeningState::Open,
                    special_units: units,
                    apprenticeship_sections: sections,
                    email,
                    phone,
                    notes,
                })
            },
        )
}

fn a_company() -> impl Strategy<Value = Record> {
    (
        meta(),
        line(),
        prop::option::of(pick(&["10.71C", "47.11B", "62.01Z"])),
        pick(HeadcountBand::ALL),
        any::<bool>(),
        line(),
        postal(),
        subsequence(Offer::ALL.to_vec(), 0..=Offer::ALL.len()),
        pick(InclusiveKind::ALL),
        (email(), phone(), restricted_notes()),
    )
        .prop_map(
            |(
                meta,
                name,
                naf,
                headcount,
                cpme_member,
                commune,
                postal_code,
                offers,
                inclusive_kind,
                (email, phone, notes),
            )| {
                let siren = complete_siren(23_456_789).expect("eight digits");
                let siret =
                    Siret::complete(&siren, next_identifier()).expect("an establishment number");
                Record::Company(Company {
                    meta,
                    siret,
                    name,
                    naf: naf.map(|code| NafCode::parse(code).expect("a NAF code")),
                    headcount,
                    cpme_member,
                    commune,
                    postal_code,
                    address: None,
                    location: None,
                    offers,
                    inclusive_kind,
                    email,
                    phone,
                    notes,
                })
            },
        )
}

fn a_contact(linked: &Linked) -> impl Strategy<Value = Record> + use<> {
    let organisation = prop_oneof![
        pick(&linked.schools).prop_map(ContactOrganisation::School),
        pick(&linked.companies).prop_map(ContactOrganisation::Company),
        (pick(AcademicService::ALL), pick(Academie::ALL))
            .prop_map(|(service, academie)| ContactOrganisation::Service { service, academie }),
        Just(ContactOrganisation::Cpme),
    ];
    (
        meta(),
        line(),
        pick(ContactRole::ALL),
        organisation,
        email(),
        phone(),
        restricted_notes(),
    )
        .prop_map(|(meta, name, role, organisation, email, phone, notes)| {
            Record::Contact(Contact {
                meta,
                name,
                role,
                organisation,
                email: Restricted::Clear(email),
                phone: Restricted::Clear(phone),
                notes,
            })
        })
}

fn a_learner(linked: &Linked) -> impl Strategy<Value = Record> + use<> {
    let needs = prop_oneof![
        2 => Just(SensitiveNeeds::default()),
        1 => (any::<bool>(), any::<bool>(), pick(ResidencePermit::ALL), notes()).prop_map(
            |(disability, casnav_followed, residence_permit, note)| SensitiveNeeds {
                disability,
                casnav_followed,
                residence_permit,
                note,
            }
        ),
    ];
    (
        meta(),
        line(),
        pick(Level::ALL),
        pick(&linked.schools),
        2023..=2027i32,
        needs,
        restricted_notes(),
    )
        .prop_map(|(meta, name, level, school, year, needs, notes)| {
            Record::Learner(Learner {
                meta,
                name,
                level,
                school,
                school_year: SchoolYear::starting(year),
                sensitive: Restricted::Clear(needs),
                notes,
            })
        })
}

fn a_day() -> impl Strategy<Value = chrono::NaiveDate> {
    (-300i64..300).prop_map(|days| today() + chrono::Duration::days(days))
}

fn a_placement(linked: &Linked) -> impl Strategy<Value = Record> + use<> {
    (
        meta(),
        pick(PlacementKind::ALL),
        pick(&linked.learners),
        prop::option::of((pick(&linked.tutors), any::<bool>())),
        a_day(),
        0i64..60,
        restricted_notes(),
    )
        .prop_map(
            |(meta, kind, (learner, school), with_company, start, length, notes)| {
                let (company, tutor) = match with_company {
                    Some(((tutor, company), with_tutor)) => {
                        (Some(company), with_tutor.then_some(tutor))
                    }
                    None => (None, None),
                };
                let status = if company.is_some() {
                    PlacementStatus::CompanyProposed
                } else {
                    PlacementStatus::Requested
                };
                Record::Placement(Placement {
                    meta,
                    kind,
                    learner,
                    school,
                    company,
                    tutor,
                    start,
                    end: start + chrono::Duration::days(length),
                    status,
                    signed_on: None,
                    cancel_reason: None,
                    notes,
                })
            },
        )
}

fn an_immersion(linked: &Linked) -> impl Strategy<Value = Record> + use<> {
    (
        meta(),
        line(),
        pick(StaffRole::ALL),
        prop::option::of(pick(&linked.schools)),
        pick(&linked.companies),
        a_day(),
        1u8..=3,
        restricted_notes(),
        prop::option::of(an_evaluation()),
    )
        .prop_map(
            |(meta, person, person_role, school, company, start, days, notes, evaluation)| {
                let ended = start + chrono::Duration::days(i64::from(days)) < today();
                let (status, evaluation) = match evaluation {
                    // Evaluated by someone else, the day it ended.
                    Some(evaluation) if ended => (
                        ImmersionStatus::Evaluated,
                        Some(Evaluation {
                            evaluated_on: start + chrono::Duration::days(i64::from(days)),
                            ..evaluation
                        }),
                    ),
                    _ if ended => (ImmersionStatus::Done, None),
                    _ => (ImmersionStatus::Proposed, None),
                };
                Record::Immersion(Immersion {
                    meta,
                    person,
                    person_role,
                    school,
                    company,
                    start,
                    days,
                    status,
                    evaluation,
                    notes,
                })
            },
        )
}

/// An evaluation, its three texts of several lines.
fn an_evaluation() -> impl Strategy<Value = Evaluation> {
    (
        [1u8..=5, 1u8..=5, 1u8..=5, 1u8..=5],
        [restricted_notes(), restricted_notes(), restricted_notes()],
        pick(Renewal::ALL),
    )
        .prop_map(
            |([welcome, trades, teaching, organisation], [comment, teacher, company], renew)| {
                Evaluation {
                    welcome: Rating(welcome),
                    trades_discovery: Rating(trades),
                    teaching_use: Rating(teaching),
                    organisation: Rating(organisation),
                    comment,
                    teacher_feedback: teacher,
                    company_feedback: company,
                    renew,
                    evaluated_by: "bruno".to_owned(),
                    evaluated_on: today(),
                }
            },
        )
}

fn an_event(linked: &Linked) -> impl Strategy<Value = Record> + use<> {
    (
        meta(),
        pick(EventKind::ALL),
        line(),
        a_day(),
        prop_oneof![Just(String::new()), line()],
        prop::option::of(pick(Academie::ALL)),
        subsequence(linked.schools.clone(), 0..=linked.schools.len()),
        subsequence(linked.companies.clone(), 0..=linked.companies.len()),
        0u32..=1_000_000,
        restricted_notes(),
    )
        .prop_map(
            |(meta, kind, title, date, place, academie, schools, companies, pupils, notes)| {
                Record::Event(Event {
                    meta,
                    kind,
                    title,
                    date,
                    place,
                    academie,
                    schools,
                    companies,
                    pupils_reached: pupils,
                    notes,
                })
            },
        )
}

fn an_agreement(linked: &Linked) -> impl Strategy<Value = Record> + use<> {
    (
        meta(),
        pick(AgreementKind::ALL),
        line(),
        prop::option::of(pick(Academie::ALL)),
        subsequence(linked.schools.clone(), 1..=linked.schools.len()),
        subsequence(linked.companies.clone(), 1..=linked.companies.len()),
        pick(&linked.agreements),
        prop::option::of(a_day()),
        (12u16..=60, 1u16..=6),
        restricted_notes(),
    )
        .prop_map(
            |(
                meta,
                kind,
                title,
                academie,
                schools,
                companies,
                parent,
                signed_on,
                (duration_months, notice_months),
                notes,
            )| {
                let status = if signed_on.is_some() {
                    AgreementStatus::Signed
                } else {
                    AgreementStatus::Draft
                };
                Record::Agreement(Agreement {
                    meta,
                    kind,
                    title,
                    academie,
                    schools,
                    companies,
                    parent: (kind == AgreementKind::Amendment).then_some(parent),
                    signed_on,
                    duration_months,
                    notice_months,
                    status,
                    notes,
                })
            },
        )
}

fn any_record(linked: &Linked) -> impl Strategy<Value = Record> + use<> {
    prop_oneof![
        a_school(),
        a_company(),
        a_contact(linked),
        a_learner(linked),
        a_placement(linked),
        an_immersion(linked),
        an_event(linked),
        an_agreement(linked),
    ]
}

/// The revision stored now, read past the masking.
fn revision(fixture: &Fixture, reference: RecordRef) -> u64 {
    fixture
        .get(RecordKey::Id(reference))
        .expect("the record is stored")
        .record
        .meta()
        .revision
}

/// The fields named by the last audit entry about `reference`.
fn last_change(fixture: &Fixture, reference: RecordRef) -> Vec<String> {
    let entries = fixture
        .service
        .audit(
            &fixture.caller,
            &AuditRequest {
                key: Some(RecordKey::Id(reference)),
                limit: 1,
                ..AuditRequest::default()
            },
        )
        .expect("the history reads")
        .entries;
    match entries.first().map(|entry| &entry.action) {
        Some(passerelle::domain::audit::AuditAction::Changed { fields, .. }) => {
            fields.iter().map(|f| f.field().to_owned()).collect()
        }
        other => panic!("the last entry is a change: {other:?}"),
    }
}

fn open_form(
    app: &mut passerelle::tui::app::App,
    fixture: &Fixture,
    reference: RecordRef,
) -> Vec<(Field, InputKind, bool)> {
    press(app, fixture, "<Esc> :");
    type_text(
        app,
        fixture,
        &format!("{} {}", reference.kind, reference.id.0),
    );
    press(app, fixture, "<Enter> e");
    assert_eq!(app.mode(), Mode::Form, "{}", screen(app));
    match &app.top().expect("a screen").view {
        ScreenView::Form(form) => form
            .fields
            .iter()
            .map(|f| {
                (
                    f.spec.field,
                    f.spec.input.clone(),
                    f.input.text().is_empty(),
                )
            })
            .collect(),
        _ => panic!("a form is open"),
    }
}

/// Fields a new value can be typed into whatever the record: free text.
fn typeable(field: Field, input: &InputKind) -> bool {
    match input {
        InputKind::MultiLine => true,
        InputKind::Text => matches!(
            field,
            Field::Name | Field::Commune | Field::Title | Field::Place | Field::Person
        ),
        _ => false,
    }
}

fn check(fixture: &Fixture, record: Record, chosen: Index) {
    let stored = fixture
        .service
        .save(
            &fixture.caller,
            passerelle::service::save::SaveRequest { record },
        )
        .unwrap_or_else(|error| panic!("the generated record is valid: {error:?}"))
        .record;
    let reference = stored.reference();
    let mut app = app(fixture, 120, 40, Lang::Fr);

    // Saved untouched: nothing written, and the person is told so.
    let fields = open_form(&mut app, fixture, reference);
    press(&mut app, fixture, "<C-s>");
    let text = screen(&app);
    assert!(text.contains("Aucun champ modifié"), "{text}");
    assert_eq!(app.mode(), Mode::Detail, "{text}");
    assert_eq!(revision(fixture, reference), stored.meta().revision);
    if let Record::Immersion(Immersion {
        evaluation: Some(_),
        ..
    }) = &stored
    {
        // The evaluation opened again and saved untouched: nothing.
        press(&mut app, fixture, "E");
        assert_eq!(app.mode(), Mode::Form, "{}", screen(&app));
        press(&mut app, fixture, "<C-s>");
        let text = screen(&app);
        assert!(text.contains("Aucun champ modifié"), "{text}");
        assert_eq!(revision(fixture, reference), stored.meta().revision);
    }

    // One field changed: that field alone differs.
    let candidates: Vec<usize> = fields
        .iter()
        .enumerate()
        // A masked field shows blank: nothing to compare it with.
        .filter(|(_, (field, input, blank))| {
            typeable(*field, input) && !(*input == InputKind::MultiLine && *blank)
        })
        .map(|(index, _)| index)
        .collect();
    if candidates.is_empty() {
        return;
    }
    let index = candidates[chosen.index(candidates.len())];
    let (field, input, _) = &fields[index];
    let before = values_of(&fixture.get(RecordKey::Id(reference)).expect("read").record);
    open_form(&mut app, fixture, reference);
    press(&mut app, fixture, &"<Tab> ".repeat(index));
    press(&mut app, fixture, "<C-u>");
    type_text(&mut app, fixture, "Valeur changée");
    if *input == InputKind::MultiLine {
        press(&mut app, fixture, "<A-Enter>");
        type_text(&mut app, fixture, "deuxième ligne");
    }
    press(&mut app, fixture, "<C-s>");
    let text = screen(&app);
    assert_eq!(app.mode(), Mode::Detail, "{text}");
    assert!(text.contains("Enregistré"), "{text}");
    assert_eq!(last_change(fixture, reference), [field.code()], "{field}");
    let after = values_of(&fixture.get(RecordKey::Id(reference)).expect("read").record);
    let differing: Vec<Field> = before
        .iter()
        .zip(&after)
        .filter(|(old, new)| old != new)
        .map(|(old, _)| old.0)
        .collect();
    assert_eq!(differing, [*field]);
    let typed = after.iter().find(|(f, _)| f == field).expect("the field");
    let expected = if *input == InputKind::MultiLine {
        "Valeur changée\ndeuxième ligne"
    } else {
        "Valeur changée"
    };
    assert_eq!(typed.1, expected);
}

#[test]
fn an_edit_through_the_form_changes_only_what_was_typed() {
    let fixture = Fixture::new();
    let linked = linked(&fixture);
    let mut runner = TestRunner::new(Config {
        cases: 96,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(
            &(any_record(&linked), any::<Index>()),
            |(record, chosen)| {
                check(&fixture, record, chosen);
                Ok(())
            },
        )
        .unwrap_or_else(|failure| panic!("{failure}"));
}
