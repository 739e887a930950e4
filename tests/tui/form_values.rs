//! Typed form values through the public API: every kind's form reads back
//! the record it was written from, every field kind accepts a valid value
//! and refuses an invalid one with a message naming the field and the
//! rule, errors come in form order, and masked values survive an edit.

use crate::common;

use chrono::NaiveDate;

use common::{
    Fixture, agreement, company, contact, contact_of, day, days_from_today, evaluation, event,
    immersion, learner, placement, school, sensitive_needs, siret, today,
};
use passerelle::domain::academie::{Academie, Organisation};
use passerelle::domain::dates::{DateError, SchoolYear, SchoolYearError};
use passerelle::domain::forms::{
    FieldSpec, FormValues, InputKind, Understood, check_field, defaults, evaluation_defaults,
    evaluation_values, form_fields, form_fields_for_evaluation, parse_evaluation, parse_form,
    values_of,
};
use passerelle::domain::identifiers::{
    Email, EmailError, NafCode, NafError, Phone, PhoneError, PostalCodeError, SiretError, UaiError,
};
use passerelle::domain::records::{
    AcademicService, AgreementKind, ContactOrganisation, ContactRole, EventKind, HeadcountBand,
    Immersion, InclusiveKind, Level, Offer, PlacementKind, Rating, Record, Renewal,
    ResidencePermit, SchoolKind, Sector, SensitiveNeeds, SpecialUnit, StaffRole,
};
use passerelle::domain::status::{
    AgreementStatus, ImmersionRefusal, ImmersionStatus, PlacementRefusal, PlacementStatus,
    TransitionError,
};
use passerelle::domain::validation::{Field, FieldError, Rule, ValidationErrors};
use passerelle::domain::{Confidentiality, Kind, RecordId, RecordMeta, RecordRef, Restricted};
use passerelle::i18n::Lang;
use passerelle::i18n::messages::field_error;

// ---------------------------------------------------------------------
// Helpers

/// The meta of a record saved a few times, flagged confidential.
fn saved_meta(id: u64) -> RecordMeta {
    RecordMeta {
        id: RecordId(id),
        revision: 4,
        created_by: "alice".to_owned(),
        updated_by: "bob".to_owned(),
        confidentiality: Confidentiality::flagged(
            "demande de l'entreprise",
            Some(Organisation::CpmeIdf),
        ),
        ..RecordMeta::new_record()
    }
}

/// `values` with `field` set to `text`.
fn with(mut values: FormValues, field: Field, text: &str) -> FormValues {
    let slot = values
        .iter_mut()
        .find(|(f, _)| *f == field)
        .unwrap_or_else(|| panic!("{field} is not in the form"));
    slot.1 = text.to_owned();
    values
}

fn text_of(values: &FormValues, field: Field) -> &str {
    values
        .iter()
        .find(|(f, _)| *f == field)
        .map(|(_, text)| text.as_str())
        .unwrap_or_else(|| panic!("{field} is not in the form"))
}

fn fields_of(errors: &ValidationErrors) -> Vec<Field> {
    errors.0.iter().map(|error| error.field).collect()
}

/// The error `check_field` gives for `text`, which must be refused.
fn refused(kind: Kind, field: Field, text: &str) -> FieldError {
    match check_field(kind, field, text, today()) {
        Ok(understood) => panic!("{kind} {field} {text:?} was accepted as {understood:?}"),
        Err(error) => error,
    }
}

fn accepted(kind: Kind, field: Field, text: &str) -> Understood {
    check_field(kind, field, text, today())
        .unwrap_or_else(|error| panic!("{kind} {field} {text:?} was refused: {error:?}"))
}

/// Checks the French (and English) message names the field and the rule.
fn says(error: &FieldError, fr: &[&str], en: &[&str]) {
    let french = field_error(error, Lang::Fr);
    for part in fr {
        assert!(french.contains(part), "{part:?} missing from {french:?}");
    }
    let english = field_error(error, Lang::En);
    for part in en {
        assert!(english.contains(part), "{part:?} missing from {english:?}");
    }
}

/// Writes a record as texts and reads it back over itself.
fn round_trip(record: Record) {
    let values = values_of(&record);
    let fields: Vec<Field> = form_fields(record.kind()).iter().map(|s| s.field).collect();
    assert_eq!(
        values.iter().map(|(f, _)| *f).collect::<Vec<_>>(),
        fields,
        "values come in form order"
    );
    let back = parse_form(record.kind(), &values, Some(&record), today())
        .unwrap_or_else(|errors| panic!("{values:?} refused: {errors}"));
    assert_eq!(back, record);
}

/// A record with the texts of `record` but no base: a new one.
fn parse_new(record: &Record) -> Record {
    parse_form(record.kind(), &values_of(record), None, today())
        .unwrap_or_else(|errors| panic!("refused: {errors}"))
}

fn full_school() -> Record {
    let mut lycee = school("0750655E", "Lycée Henri IV");
    lycee.meta = saved_meta(3);
    lycee.kind = SchoolKind::LyceePolyvalent;
    lycee.sector = Sector::Private;
    lycee.commune = "Paris 5e".to_owned();
    lycee.special_units = vec![SpecialUnit::Upe2a, SpecialUnit::Ulis];
    lycee.apprenticeship_sections = vec![
        "CAP cuisine, option traiteur".to_owned(),
        "BTS MCO".to_owned(),
    ];
    lycee.email = Some(Email::parse("ce.0750655E@ac-paris.fr").expect("valid"));
    lycee.phone = Some(Phone::parse("01 44 32 12 70").expect("valid"));
    lycee.notes = Restricted::Clear("Entrée rue Clovis.\nDemander M. Roux.".to_owned());
    lycee.into()
}

fn full_company() -> Record {
    let mut firm = company(siret(1), "Boulangerie Dupain");
    firm.meta = saved_meta(5);
    firm.naf = Some(NafCode::parse("10.71C").expect("valid"));
    firm.headcount = HeadcountBand::From10To49;
    firm.cpme_member = false;
    firm.offers = vec![Offer::Stage, Offer::Observation, Offer::TeacherImmersion];
    firm.inclusive_kind = InclusiveKind::EntrepriseAdaptee;
    firm.email = Some(Email::parse("contact@dupain.fr").expect("valid"));
    firm.phone = Some(Phone::parse("0612345678").expect("valid"));
    firm.notes = Restricted::Clear("Fermé le lundi".to_owned());
    firm.into()
}

fn full_contact(organisation: ContactOrganisation) -> Record {
    let mut person = contact_of(organisation, "Paul Dupain");
    person.meta = saved_meta(8);
    person.role = ContactRole::Dirigeant;
    person.email = Restricted::Clear(Some(Email::parse("paul@dupain.fr").expect("valid")));
    person.phone = Restricted::Clear(Some(Phone::parse("0612345678").expect("valid")));
    person.notes = Restricted::Clear("Préfère les courriels".to_owned());
    person.into()
}

fn full_learner() -> Record {
    let mut pupil = learner(RecordId(3), "Amadou Diallo");
    pupil.meta = saved_meta(12);
    pupil.level = Level::BacPro;
    pupil.sensitive = Restricted::Clear(sensitive_needs());
    pupil.notes = Restricted::Clear("bilan PAP".to_owned());
    pupil.into()
}

fn full_placement() -> Record {
    let mut stage = placement(
        RecordId(12),
        RecordId(3),
        day(2026, 12, 7),
        day(2026, 12, 18),
    );
    stage.meta = saved_meta(20);
    stage.kind = PlacementKind::Pfmp;
    stage.company = Some(RecordId(5));
    stage.tutor = Some(RecordId(8));
    stage.status = PlacementStatus::AgreementSigned;
    stage.signed_on = Some(day(2026, 11, 20));
    stage.notes = Restricted::Clear("Tenue de travail fournie".to_owned());
    stage.into()
}

fn done_immersion() -> Immersion {
    let mut visit = immersion(
        RecordId(5),
        "Claire Martin",
        days_from_today(-10),
        2,
        ImmersionStatus::Done,
    );
    visit.meta = saved_meta(30);
    visit.person_role = StaffRole::Cpe;
    visit.school = Some(RecordId(3));
    visit.notes = Restricted::Clear("Très bon accueil".to_owned());
    visit
}

fn full_immersion() -> Record {
    let mut visit = done_immersion();
    visit.status = ImmersionStatus::Evaluated;
    visit.evaluation = Some(evaluation(days_from_today(-2)));
    visit.into()
}

fn full_event() -> Record {
    let mut forum = event("Forum des métiers de Créteil", day(2027, 2, 4));
    forum.meta = saved_meta(40);
    forum.kind = EventKind::CareersFair;
    forum.place = "Gymnase Casalis".to_owned();
    forum.academie = Some(Academie::Creteil);
    forum.schools = vec![RecordId(3), RecordId(4)];
    forum.companies = vec![RecordId(5)];
    forum.pupils_reached = 340;
    forum.notes = Restricted::Clear("Salle réservée".to_owned());
    forum.into()
}

fn full_agreement() -> Record {
    let mut local = agreement(
        "Convention Dupain – Henri IV",
        AgreementStatus::Signed,
        Some(day(2026, 9, 15)),
    );
    local.meta = saved_meta(50);
    local.kind = AgreementKind::Local;
    local.academie = Some(Academie::Paris);
    local.schools = vec![RecordId(3)];
    local.companies = vec![RecordId(5), RecordId(6)];
    local.parent = Some(RecordId(1));
    local.duration_months = 24;
    local.notice_months = 2;
    local.notes = Restricted::Clear("Reconduite tacitement".to_owned());
    local.into()
}

fn every_full_record() -> Vec<Record> {
    vec![
        full_school(),
        full_company(),
        full_contact(ContactOrganisation::Company(RecordId(5))),
        full_learner(),
        full_placement(),
        full_immersion(),
        full_event(),
        full_agreement(),
    ]
}

// ---------------------------------------------------------------------
// Round trips, defaults, the shape of the forms

#[test]
fn every_kind_reads_back_the_record_it_was_written_from() {
    for record in every_full_record() {
        round_trip(record);
    }
    for organisation in [
        ContactOrganisation::School(RecordId(3)),
        ContactOrganisation::Cpme,
        ContactOrganisation::Service {
            service: AcademicService::Casnav,
            academie: Academie::Creteil,
        },
        ContactOrganisation::Service {
            service: AcademicService::Other,
            academie: Academie::Versailles,
        },
    ] {
        round_trip(full_contact(organisation));
    }
    // The plain records of the shared builders too (empty lists, none).
    round_trip(school("0941018W", "Collège Elsa Triolet").into());
    round_trip(contact(RecordId(5), "Léa Roy").into());
    round_trip(agreement("Convention cadre", AgreementStatus::Draft, None).into());
}

#[test]
fn a_form_without_base_makes_a_new_record() {
    for record in [
        full_school(),
        full_company(),
        full_contact(ContactOrganisation::Cpme),
        full_event(),
        full_agreement(),
    ] {
        let mut expected = record.clone();
        // The confidentiality mark is in the form; the rest of the meta
        // is the store's to fill.
        *expected.meta_mut() = RecordMeta {
            confidentiality: record.meta().confidentiality.clone(),
            ..RecordMeta::new_record()
        };
        assert_eq!(parse_new(&record), expected);
    }
    // What the form does not show starts afresh.
    let Record::Placement(new) = parse_new(&full_placement()) else {
        panic!("a placement expected");
    };
    assert_eq!(
        new.meta,
        RecordMeta {
            confidentiality: full_placement().meta().confidentiality.clone(),
            ..RecordMeta::new_record()
        }
    );
    assert_eq!(new.status, PlacementStatus::Requested);
    assert_eq!(new.signed_on, None);
    let Record::Immersion(new) = parse_new(&full_immersion()) else {
        panic!("an immersion expected");
    };
    assert_eq!(new.status, ImmersionStatus::Proposed);
    assert_eq!(new.evaluation, None);
    let Record::Learner(new) = parse_new(&full_learner()) else {
        panic!("a learner expected");
    };
    let needs = new.sensitive.clear().expect("clear needs");
    assert!(needs.casnav_followed && needs.residence_permit == ResidencePermit::Pending);
    assert_eq!(needs.note, "", "the note is not in the form");
}

#[test]
fn fields_hidden_from_the_form_keep_the_base_values() {
    let Record::Placement(base) = full_placement() else {
        panic!("a placement expected");
    };
    let mut cancelled = base.clone();
    cancelled.status = PlacementStatus::Cancelled;
    cancelled.cancel_reason = Some("élève malade".to_owned());
    let values = with(
        values_of(&cancelled.clone().into()),
        Field::End,
        "19/12/2026",
    );
    let Ok(Record::Placement(edited)) = parse_form(
        Kind::Placement,
        &values,
        Some(&cancelled.clone().into()),
        today(),
    ) else {
        panic!("the edit should read");
    };
    assert_eq!(edited.end, day(2026, 12, 19));
    assert_eq!(edited.status, PlacementStatus::Cancelled);
    assert_eq!(edited.signed_on, base.signed_on);
    assert_eq!(edited.cancel_reason.as_deref(), Some("élève malade"));
    assert_eq!(edited.meta, base.meta);

    let immersion = full_immersion();
    let values = with(values_of(&immersion), Field::Person, "Claire Martin-Roy");
    let Ok(Record::Immersion(edited)) =
        parse_form(Kind::Immersion, &values, Some(&immersion), today())
    else {
        panic!("the edit should read");
    };
    let Record::Immersion(before) = immersion else {
        panic!("an immersion expected");
    };
    assert_eq!(edited.person, "Claire Martin-Roy");
    assert_eq!(edited.status, ImmersionStatus::Evaluated);
    assert_eq!(edited.evaluation, before.evaluation);
}

#[test]
fn defaults_follow_the_form_and_fill_what_can_be_guessed() {
    for kind in Kind::ALL.iter().copied() {
        let specs = form_fields(kind);
        let values = defaults(kind, today());
        assert_eq!(
            values.iter().map(|(f, _)| *f).collect::<Vec<_>>(),
            specs.iter().map(|s| s.field).collect::<Vec<_>>(),
            "{kind}"
        );
        // A default is either valid, or blank for the person to fill.
        for (spec, (_, text)) in specs.iter().zip(&values) {
            match check_field(kind, spec.field, text, today()) {
                Ok(_) => {}
                Err(error) => {
                    assert!(text.is_empty() && spec.required, "{kind} {}", spec.field);
                    assert_eq!(error.rule, Rule::Required);
                }
            }
        }
    }
    let new_school = defaults(Kind::School, today());
    assert_eq!(text_of(&new_school, Field::Kind), "college");
    assert_eq!(text_of(&new_school, Field::Sector), "public");
    let new_company = defaults(Kind::Company, today());
    assert_eq!(text_of(&new_company, Field::CpmeMember), "no");
    let new_learner = defaults(Kind::Learner, today());
    assert_eq!(text_of(&new_learner, Field::SchoolYear), "2026-2027");
    let new_placement = defaults(Kind::Placement, today());
    assert_eq!(text_of(&new_placement, Field::Start), "28/11/2026");
    let new_agreement = defaults(Kind::Agreement, today());
    assert_eq!(text_of(&new_agreement, Field::DurationMonths), "36");
    assert_eq!(text_of(&new_agreement, Field::NoticeMonths), "3");
    assert_eq!(text_of(&new_agreement, Field::Status), "draft");
}

#[test]
fn a_new_record_from_defaults_needs_only_what_nobody_can_guess() {
    let values = with(defaults(Kind::Event, today()), Field::Title, "Visite");
    let Ok(Record::Event(visit)) = parse_form(Kind::Event, &values, None, today()) else {
        panic!("a visit with a title should read");
    };
    assert_eq!(visit.date, today());
    assert_eq!(visit.kind, EventKind::CompanyVisit);

    let errors = parse_form(
        Kind::School,
        &defaults(Kind::School, today()),
        None,
        today(),
    )
    .expect_err("a blank school is refused");
    assert_eq!(
        fields_of(&errors),
        [Field::Uai, Field::Name, Field::Commune, Field::PostalCode]
    );
    assert!(errors.0.iter().all(|error| error.rule == Rule::Required));
}

#[test]
fn forms_put_identifiers_first_and_links_as_links() {
    assert_eq!(form_fields(Kind::School)[0].field, Field::Uai);
    assert_eq!(form_fields(Kind::Company)[0].field, Field::Siret);
    let placement = form_fields(Kind::Placement);
    let input = |field: Field| {
        placement
            .iter()
            .find(|spec| spec.field == field)
            .map(|spec| spec.input.clone())
    };
    assert_eq!(input(Field::Learner), Some(InputKind::Link(Kind::Learner)));
    assert_eq!(input(Field::School), Some(InputKind::Link(Kind::School)));
    assert_eq!(input(Field::Company), Some(InputKind::Link(Kind::Company)));
    assert_eq!(input(Field::Tutor), Some(InputKind::Link(Kind::Contact)));
    assert_eq!(
        input(Field::Status),
        None,
        "a placement's status moves by its actions"
    );
    assert_eq!(
        form_fields(Kind::Event)
            .iter()
            .find(|spec| spec.field == Field::Schools),
        Some(&FieldSpec {
            field: Field::Schools,
            input: InputKind::Links(Kind::School),
            required: false
        })
    );
    let Some(kinds) = form_fields(Kind::School)
        .into_iter()
        .find(|spec| spec.field == Field::Kind)
    else {
        panic!("a school has a kind");
    };
    assert_eq!(
        kinds.input,
        InputKind::Choice(SchoolKind::ALL.iter().map(|k| k.code()).collect())
    );
    // No field twice in a form.
    for kind in Kind::ALL.iter().copied() {
        let mut fields: Vec<Field> = form_fields(kind).iter().map(|s| s.field).collect();
        fields.sort();
        let before = fields.len();
        fields.dedup();
        assert_eq!(fields.len(), before, "{kind}");
    }
}

#[test]
fn blank_required_fields_are_refused_and_blank_optional_ones_accepted() {
    let forms = Kind::ALL
        .iter()
        .map(|kind| (*kind, form_fields(*kind)))
        .chain([(Kind::Immersion, form_fields_for_evaluation())]);
    for (kind, specs) in forms {
        for spec in specs {
            let result = check_field(kind, spec.field, "  ", today());
            if spec.required {
                assert_eq!(
                    result,
                    Err(FieldError::new(spec.field, Rule::Required)),
                    "{kind} {}",
                    spec.field
                );
            } else {
                assert_eq!(result, Ok(Understood::Nothing), "{kind} {}", spec.field);
            }
        }
    }
    let error = refused(Kind::School, Field::Name, "");
    says(&error, &["nom : obligatoire"], &["name: required"]);
    let error = refused(Kind::Placement, Field::Start, "");
    says(&error, &["début : obligatoire"], &["start: required"]);
}

#[test]
fn a_field_outside_the_form_has_nothing_to_check() {
    assert_eq!(
        check_field(Kind::School, Field::Siret, "n'importe quoi", today()),
        Ok(Understood::Nothing)
    );
    assert_eq!(
        check_field(Kind::Placement, Field::Welcome, "9", today()),
        Ok(Understood::Nothing)
    );
}

// ---------------------------------------------------------------------
// One valid and one invalid value of every field kind, with the message

#[test]
fn uai_with_a_wrong_check_letter_says_which_letter_it_should_be() {
    assert_eq!(
        accepted(Kind::School, Field::Uai, "0750655E"),
        Understood::Nothing
    );
    accepted(Kind::School, Field::Uai, " 0750655e ");
    let error = refused(Kind::School, Field::Uai, "0750655F");
    assert_eq!(
        error,
        FieldError::new(
            Field::Uai,
            UaiError::WrongCheckLetter {
                expected: 'E',
                found: 'F'
            }
        )
    );
    says(
        &error,
        &["UAI : ", "lettre de contrôle F est fausse", "appellent E"],
        &["UAI: ", "check letter F is wrong", "call for E"],
    );
    let error = refused(Kind::School, Field::Uai, "075065E");
    assert_eq!(error.rule, Rule::Uai(UaiError::WrongLength { found: 7 }));
    says(
        &error,
        &["UAI", "7 chiffres et une lettre"],
        &["UAI", "7 digits"],
    );
}

#[test]
fn siret_failing_its_check_is_refused() {
    accepted(Kind::Company, Field::Siret, "732 829 320 00074");
    let error = refused(Kind::Company, Field::Siret, "73282932000075");
    assert_eq!(error.rule, Rule::Siret(SiretError::LuhnCheckFailed));
    says(
        &error,
        &["SIRET : ", "clé de contrôle (Luhn)", "un chiffre est faux"],
        &["SIRET: ", "Luhn", "a digit is wrong"],
    );
    let error = refused(Kind::Company, Field::Siret, "2,17003E+13");
    assert_eq!(error.rule, Rule::Siret(SiretError::ScientificNotation));
    says(
        &error,
        &["SIRET", "notation scientifique"],
        &["scientific notation"],
    );
}

#[test]
fn postal_codes() {
    accepted(Kind::School, Field::PostalCode, "94200");
    let error = refused(Kind::School, Field::PostalCode, "9420");
    assert_eq!(
        error.rule,
        Rule::PostalCode(PostalCodeError::WrongLength { found: 4 })
    );
    says(
        &error,
        &["code postal : ", "5 chiffres", "zéro initial"],
        &["postal code: ", "5 digits"],
    );
    let error = refused(Kind::Company, Field::PostalCode, "99100");
    assert_eq!(
        error.rule,
        Rule::PostalCode(PostalCodeError::NoSuchDepartement)
    );
    says(
        &error,
        &["code postal", "aucun département"],
        &["no département"],
    );
}

#[test]
fn email_addresses() {
    accepted(Kind::Company, Field::Email, "contact@dupain.fr");
    let error = refused(Kind::Company, Field::Email, "contact.dupain.fr");
    assert_eq!(error.rule, Rule::Email(EmailError::MissingAt));
    says(
        &error,
        &["courriel : ", "il manque le @"],
        &["e-mail: ", "the @ is missing"],
    );
    let error = refused(Kind::Contact, Field::Email, "paul@localhost");
    assert_eq!(error.rule, Rule::Email(EmailError::BadDomain));
    says(&error, &["courriel", "pas un domaine"], &["not a domain"]);
}

#[test]
fn phone_numbers() {
    accepted(Kind::School, Field::Phone, "+33 (0)1 44 62 35 00");
    let error = refused(Kind::Contact, Field::Phone, "384958096");
    assert_eq!(
        error.rule,
        Rule::Phone(PhoneError::WrongLength { found: 9 })
    );
    says(
        &error,
        &["téléphone : ", "10 chiffres", "9 saisis"],
        &["phone: ", "10 digits"],
    );
    let error = refused(Kind::Company, Field::Phone, "01 44 62 35 0O");
    assert_eq!(error.rule, Rule::Phone(PhoneError::NotDigits));
    says(
        &error,
        &["téléphone", "chiffres et des séparateurs"],
        &["digits and separators"],
    );
}

#[test]
fn naf_codes() {
    accepted(Kind::Company, Field::Naf, "6201z");
    let error = refused(Kind::Company, Field::Naf, "62.01");
    assert_eq!(error.rule, Rule::Naf(NafError::BadShape));
    says(
        &error,
        &["code NAF : ", "62.01Z"],
        &["NAF code: ", "62.01Z"],
    );
}

#[test]
fn dates_in_the_four_forms_and_what_they_were_understood_as() {
    let expect = |text: &str, date: NaiveDate| {
        assert_eq!(
            accepted(Kind::Placement, Field::Start, text),
            Understood::Date(date),
            "{text}"
        );
    };
    expect("05/12/2026", day(2026, 12, 5));
    expect("5/12", day(2026, 12, 5));
    expect("2026-12-05", day(2026, 12, 5));
    expect("+7", day(2026, 12, 5));
    expect("-28", day(2026, 10, 31));
    let error = refused(Kind::Placement, Field::Start, "demain");
    assert_eq!(error, FieldError::new(Field::Start, DateError::BadShape));
    says(
        &error,
        &["début : ", "28/11/2026, 4/1/27, 28/11, 2026-11-28 ou +7"],
        &["start: ", "expected a date"],
    );
    let error = refused(Kind::Event, Field::Date, "31/02/2027");
    assert_eq!(error.rule, Rule::Date(DateError::NoSuchDay));
    says(
        &error,
        &["date : ce jour n'existe pas"],
        &["date: this day does not exist"],
    );
    let error = refused(Kind::Agreement, Field::SignedOn, "+99999");
    assert_eq!(error.rule, Rule::Date(DateError::OffsetTooLarge));
    says(
        &error,
        &["signée le : trop loin d'aujourd'hui"],
        &["too far from today"],
    );
    // An optional date may stay blank.
    assert_eq!(
        accepted(Kind::Agreement, Field::SignedOn, ""),
        Understood::Nothing
    );
}

#[test]
fn school_years() {
    assert_eq!(
        accepted(Kind::Learner, Field::SchoolYear, "2025-2026"),
        Understood::SchoolYear(SchoolYear::starting(2025))
    );
    let error = refused(Kind::Learner, Field::SchoolYear, "2025-2027");
    assert_eq!(
        error.rule,
        Rule::SchoolYear(SchoolYearError::NotConsecutive {
            first: 2025,
            second: 2027
        })
    );
    says(
        &error,
        &["année scolaire : 2027 ne suit pas 2025"],
        &["school year: 2027 does not follow 2025"],
    );
    let error = refused(Kind::Learner, Field::SchoolYear, "2025");
    says(&error, &["s'écrit 2025-2026"], &["written 2025-2026"]);
}

#[test]
fn numbers_are_whole_and_within_their_range() {
    accepted(Kind::Immersion, Field::Days, "3");
    let error = refused(Kind::Immersion, Field::Days, "4");
    assert_eq!(error.rule, Rule::OutOfRange { min: 1, max: 3 });
    says(
        &error,
        &["jours : entre 1 et 3"],
        &["days: between 1 and 3"],
    );
    let error = refused(Kind::Immersion, Field::Days, "deux");
    assert_eq!(error, FieldError::new(Field::Days, Rule::NotANumber));
    says(
        &error,
        &["jours : ", "nombre entier"],
        &["days: ", "whole number"],
    );
    accepted(Kind::Event, Field::PupilsReached, "340");
    let error = refused(Kind::Event, Field::PupilsReached, "-5");
    assert_eq!(error.rule, Rule::NotANumber);
    says(
        &error,
        &["élèves touchés : ", "nombre entier"],
        &["pupils reached"],
    );
    accepted(Kind::Agreement, Field::DurationMonths, "36");
    let error = refused(Kind::Agreement, Field::DurationMonths, "0");
    assert_eq!(error.rule, Rule::OutOfRange { min: 1, max: 120 });
    says(
        &error,
        &["durée (mois) : entre 1 et 120"],
        &["between 1 and 120"],
    );
    // Ratings of an evaluation, 1 to 5.
    accepted(Kind::Immersion, Field::Welcome, "5");
    let error = refused(Kind::Immersion, Field::Welcome, "6");
    assert_eq!(error.rule, Rule::OutOfRange { min: 1, max: 5 });
    says(
        &error,
        &["accueil : entre 1 et 5"],
        &["welcome: between 1 and 5"],
    );
}

#[test]
fn choices_are_codes_of_their_list() {
    accepted(Kind::School, Field::Kind, "lycee_professionnel");
    // Read the way codes are: case, accents and separators ignored.
    accepted(Kind::School, Field::Kind, "Lycée professionnel");
    let error = refused(Kind::School, Field::Kind, "usine");
    assert_eq!(error, FieldError::new(Field::Kind, Rule::NotAChoice));
    says(
        &error,
        &["type : ", "pas l'un des choix proposés"],
        &["kind: ", "not one of the choices offered"],
    );
    accepted(Kind::Immersion, Field::Renew, "to_discuss");
    let error = refused(Kind::Immersion, Field::Renew, "peut-être");
    says(
        &error,
        &["reconduire l'an prochain : ", "choix proposés"],
        &["renew next year"],
    );
    accepted(Kind::Contact, Field::Organisation, "casnav");
    refused(Kind::Contact, Field::Organisation, "mairie");
    // An optional choice may stay blank.
    accepted(Kind::Event, Field::Academie, "");
    refused(Kind::Event, Field::Academie, "lyon");
}

#[test]
fn choice_sets_are_codes_separated_by_commas() {
    accepted(Kind::School, Field::SpecialUnits, "ulis, upe2a");
    accepted(Kind::Company, Field::Offers, "stage,pfmp;visit");
    let error = refused(Kind::School, Field::SpecialUnits, "ulis, cinema");
    assert_eq!(error.rule, Rule::NotAChoice);
    says(
        &error,
        &["dispositifs : ", "choix proposés"],
        &["special units: "],
    );
    let error = refused(Kind::Company, Field::Offers, "stage, stage");
    assert_eq!(error, FieldError::new(Field::Offers, Rule::Duplicate));
    says(&error, &["offres : en double"], &["offers: listed twice"]);
    accepted(
        Kind::Learner,
        Field::SensitiveNeeds,
        "disability, permit_pending",
    );
    let error = refused(
        Kind::Learner,
        Field::SensitiveNeeds,
        "permit_pending, permit_refused",
    );
    assert_eq!(error.rule, Rule::ExclusiveChoices);
    says(
        &error,
        &["besoins particuliers : ", "s'excluent"],
        &["particular needs: ", "exclude each other"],
    );
}

#[test]
fn yes_or_no() {
    accepted(Kind::Company, Field::CpmeMember, "yes");
    accepted(Kind::Company, Field::CpmeMember, "non");
    let error = refused(Kind::Company, Field::CpmeMember, "peut-être");
    assert_eq!(error, FieldError::new(Field::CpmeMember, Rule::NotYesOrNo));
    says(
        &error,
        &["adhérente CPME : répondez oui ou non"],
        &["CPME member: answer yes or no"],
    );
}

#[test]
fn links_hold_record_numbers() {
    accepted(Kind::Placement, Field::Learner, "12");
    accepted(Kind::Placement, Field::Tutor, "");
    let error = refused(Kind::Placement, Field::Learner, "douze");
    assert_eq!(error, FieldError::new(Field::Learner, Rule::NotANumber));
    says(&error, &["apprenant : ", "nombre entier"], &["learner: "]);
    let error = refused(Kind::Placement, Field::Company, "0");
    assert_eq!(
        error.rule,
        Rule::LinkNotFound {
            kind: Kind::Company,
            id: 0
        }
    );
    says(
        &error,
        &["entreprise : entreprise n° 0 introuvable"],
        &["no company number 0"],
    );
    accepted(Kind::Event, Field::Schools, "3, 4,5");
    let error = refused(Kind::Event, Field::Schools, "3, 4, 3");
    assert_eq!(error.rule, Rule::Duplicate);
    says(
        &error,
        &["établissements : en double"],
        &["schools: listed twice"],
    );
    let error = refused(Kind::Agreement, Field::Companies, "5, cinq");
    assert_eq!(error.rule, Rule::NotANumber);
    says(
        &error,
        &["entreprises : ", "nombre entier"],
        &["companies: "],
    );
}

#[test]
fn texts_too_long_or_with_control_characters() {
    accepted(Kind::School, Field::Name, "Lycée Henri IV");
    let error = refused(Kind::School, Field::Name, &"x".repeat(201));
    assert_eq!(error.rule, Rule::TooLong { max: 200 });
    says(
        &error,
        &["nom : 200 caractères au plus"],
        &["name: at most 200 characters"],
    );
    let error = refused(Kind::Event, Field::Title, "Forum\u{1b}[2J");
    assert_eq!(error, FieldError::new(Field::Title, Rule::ControlCharacter));
    says(
        &error,
        &["intitulé : caractères de contrôle interdits"],
        &["title: control characters are not allowed"],
    );
    // Notes keep line breaks and tabs, and nothing else of the kind.
    accepted(
        Kind::School,
        Field::Notes,
        "Entrée rue Clovis.\n\tDemander M. Roux.",
    );
    let error = refused(Kind::Company, Field::Notes, "bip\u{7}");
    assert_eq!(error.rule, Rule::ControlCharacter);
    let error = refused(Kind::Company, Field::Notes, &"x".repeat(10_001));
    assert_eq!(error.rule, Rule::TooLong { max: 10_000 });
    // A one-line field refuses a line break; a list takes one per line.
    refused(Kind::School, Field::Commune, "Paris\n5e");
    accepted(
        Kind::School,
        Field::ApprenticeshipSections,
        "CAP cuisine\nBTS MCO",
    );
    let error = refused(
        Kind::School,
        Field::ApprenticeshipSections,
        &"x".repeat(201),
    );
    says(
        &error,
        &["sections d'apprentissage : 200 caractères au plus"],
        &[],
    );
}

// ---------------------------------------------------------------------
// Whole forms: every error, in form order; the record's own rules

#[test]
fn every_error_is_reported_in_form_order() {
    let values: FormValues = vec![
        // Given out of order: the errors still follow the form.
        (Field::Email, "secretariat.ac-paris.fr".to_owned()),
        (Field::PostalCode, "7500".to_owned()),
        (Field::Name, String::new()),
        (Field::Uai, "0750655F".to_owned()),
        (Field::Kind, "usine".to_owned()),
        (Field::Sector, "public".to_owned()),
        (Field::Commune, "Paris".to_owned()),
        (Field::SpecialUnits, "ulis, ulis".to_owned()),
        (Field::Confidentiality, "no".to_owned()),
    ];
    let errors = parse_form(Kind::School, &values, None, today()).expect_err("refused");
    assert_eq!(
        fields_of(&errors),
        [
            Field::Uai,
            Field::Name,
            Field::Kind,
            Field::PostalCode,
            Field::SpecialUnits,
            Field::Email
        ]
    );
    assert_eq!(errors.first().map(|e| e.field), Some(Field::Uai));
    // What the errors say, one line each.
    let text = passerelle::i18n::messages::validation_errors(&errors, Lang::Fr);
    assert_eq!(text.lines().count(), 6, "{text}");
    assert!(
        text.starts_with("UAI : la lettre de contrôle F est fausse"),
        "{text}"
    );
}

#[test]
fn the_records_own_rules_come_after_the_fields_read() {
    // End before start.
    let values = with(
        with(values_of(&full_placement()), Field::Start, "18/12/2026"),
        Field::End,
        "07/12/2026",
    );
    let errors = parse_form(Kind::Placement, &values, Some(&full_placement()), today())
        .expect_err("refused");
    assert_eq!(
        errors.0,
        [FieldError::new(
            Field::End,
            Rule::EndBeforeStart {
                start: day(2026, 12, 18),
                end: day(2026, 12, 7)
            }
        )]
    );
    says(
        &errors.0[0],
        &["fin : la fin (07/12/2026) précède le début (18/12/2026)"],
        &["end: the end (2026-12-07) is before the start (2026-12-18)"],
    );

    // A local agreement needs schools and companies; an amendment its
    // parent; a signed one its date; notice shorter than the duration.
    let values = with(
        with(
            with(
                with(values_of(&full_agreement()), Field::Schools, ""),
                Field::Companies,
                "",
            ),
            Field::SignedOn,
            "",
        ),
        Field::NoticeMonths,
        "24",
    );
    let errors = parse_form(Kind::Agreement, &values, None, today()).expect_err("refused");
    assert_eq!(
        fields_of(&errors),
        [
            Field::Schools,
            Field::Companies,
            Field::SignedOn,
            Field::NoticeMonths
        ]
    );
    assert_eq!(errors.0[0].rule, Rule::Required);
    assert_eq!(errors.0[3].rule, Rule::NoticeLongerThanDuration);
    says(
        &errors.0[3],
        &["préavis (mois) : le préavis doit être plus court que la durée"],
        &["notice (months): the notice must be shorter than the duration"],
    );
    let values = with(
        with(values_of(&full_agreement()), Field::Kind, "amendment"),
        Field::Parent,
        "",
    );
    let errors = parse_form(Kind::Agreement, &values, None, today()).expect_err("refused");
    assert_eq!(errors.0, [FieldError::new(Field::Parent, Rule::Required)]);
    says(
        &errors.0[0],
        &["convention d'origine : obligatoire"],
        &["parent agreement: required"],
    );
}

#[test]
fn a_status_requirement_is_shown_at_the_field_that_meets_it() {
    // An agreement-signed placement whose company is taken away.
    let values = with(
        with(values_of(&full_placement()), Field::Company, ""),
        Field::Tutor,
        "",
    );
    let errors = parse_form(Kind::Placement, &values, Some(&full_placement()), today())
        .expect_err("refused");
    let [error] = errors.0.as_slice() else {
        panic!("one error expected: {errors}");
    };
    assert_eq!(error.field, Field::Company);
    assert!(matches!(
        error.rule,
        Rule::Transition(TransitionError::Placement {
            refusal: PlacementRefusal::NeedsCompany,
            ..
        })
    ));
    says(
        error,
        &["entreprise : « convention signée » demande une entreprise"],
        &["company: 'agreement signed' needs a company"],
    );

    // A tutor without a company.
    let mut requested = full_placement();
    if let Record::Placement(p) = &mut requested {
        p.status = PlacementStatus::Requested;
        p.signed_on = None;
    }
    let values = with(values_of(&requested), Field::Company, "");
    let errors =
        parse_form(Kind::Placement, &values, Some(&requested), today()).expect_err("refused");
    assert_eq!(
        errors.0,
        [FieldError::new(Field::Tutor, Rule::TutorNotOfCompany)]
    );
    says(
        &errors.0[0],
        &["tuteur : le tuteur doit être un contact de l'entreprise du stage"],
        &["tutor: the tutor must be a contact of the placement's company"],
    );

    // A done immersion moved to the future.
    let done: Record = done_immersion().into();
    let values = with(values_of(&done), Field::Start, "+3");
    let errors = parse_form(Kind::Immersion, &values, Some(&done), today()).expect_err("refused");
    assert_eq!(fields_of(&errors), [Field::Start]);
    assert!(matches!(
        errors.0[0].rule,
        Rule::Transition(TransitionError::Immersion {
            refusal: ImmersionRefusal::NotHappenedYet { .. },
            ..
        })
    ));
    says(
        &errors.0[0],
        &["début : l'immersion n'a pas encore eu lieu"],
        &["has not happened yet"],
    );
}

#[test]
fn an_evaluation_cannot_come_before_the_immersion_ends() {
    // Evaluated two days ago; the immersion moved to end today.
    let evaluated = full_immersion();
    accepted(Kind::Immersion, Field::Start, "-1");
    let values = with(values_of(&evaluated), Field::Start, "-1");
    let errors =
        parse_form(Kind::Immersion, &values, Some(&evaluated), today()).expect_err("refused");
    assert_eq!(
        errors.0,
        [FieldError::new(
            Field::Start,
            Rule::EvaluationBeforeImmersion { ends_on: today() }
        )]
    );
    says(
        &errors.0[0],
        &["début : l'évaluation ne peut précéder la fin de l'immersion (28/11/2026)"],
        &["start: the evaluation cannot come before the immersion ends (2026-11-28)"],
    );
    // Moved earlier, it reads.
    let values = with(values_of(&evaluated), Field::Start, "-20");
    assert!(parse_form(Kind::Immersion, &values, Some(&evaluated), today()).is_ok());
}

#[test]
fn a_contacts_organisation_needs_what_it_names() {
    let base = full_contact(ContactOrganisation::Company(RecordId(5)));
    let values = with(values_of(&base), Field::Organisation, "school");
    let errors = parse_form(Kind::Contact, &values, Some(&base), today()).expect_err("refused");
    assert_eq!(errors.0, [FieldError::new(Field::School, Rule::Required)]);
    says(
        &errors.0[0],
        &["établissement : obligatoire"],
        &["school: required"],
    );

    let values = with(values_of(&base), Field::Organisation, "mlds");
    let errors = parse_form(Kind::Contact, &values, Some(&base), today()).expect_err("refused");
    assert_eq!(errors.0, [FieldError::new(Field::Academie, Rule::Required)]);

    // The links the choice does not use are ignored.
    let values = with(
        with(values_of(&base), Field::Organisation, "mlds"),
        Field::Academie,
        "versailles",
    );
    let Ok(Record::Contact(moved)) = parse_form(Kind::Contact, &values, Some(&base), today())
    else {
        panic!("the contact should read");
    };
    assert_eq!(
        moved.organisation,
        ContactOrganisation::Service {
            service: AcademicService::Mlds,
            academie: Academie::Versailles
        }
    );
    // Checked alone, the link is optional.
    accepted(Kind::Contact, Field::School, "");
}

#[test]
fn check_field_agrees_with_parse_form() {
    let cases = [
        (full_school(), Field::Uai, "0750655F"),
        (full_school(), Field::SpecialUnits, "ulis, ulis"),
        (full_company(), Field::Siret, "73282932000075"),
        (full_company(), Field::CpmeMember, "bof"),
        (full_learner(), Field::SchoolYear, "2026"),
        (
            full_learner(),
            Field::SensitiveNeeds,
            "permit_refused, permit_pending",
        ),
        (full_placement(), Field::End, "32/12/2026"),
        (full_immersion(), Field::Days, "0"),
        (full_event(), Field::Companies, "5, 5"),
        (full_agreement(), Field::NoticeMonths, "trois"),
    ];
    for (record, field, text) in cases {
        let kind = record.kind();
        let alone = refused(kind, field, text);
        let values = with(values_of(&record), field, text);
        let errors = parse_form(kind, &values, Some(&record), today()).expect_err("refused");
        assert_eq!(errors.0, [alone], "{kind} {field}");
    }
}

// ---------------------------------------------------------------------
// Restricted values

fn masked(mut record: Record) -> Record {
    record.mask_restricted();
    record
}

#[test]
fn a_masked_value_shows_blank_and_survives_an_edit_untouched() {
    for record in every_full_record() {
        let hidden = masked(record);
        let kind = hidden.kind();
        let values = values_of(&hidden);
        assert_eq!(text_of(&values, Field::Notes), "", "{kind}");
        let back = parse_form(kind, &values, Some(&hidden), today())
            .unwrap_or_else(|errors| panic!("{kind}: {errors}"));
        assert_eq!(back, hidden, "{kind}");
        assert!(back.has_masked_fields(), "{kind}");
    }

    // A contact: e-mail, phone and notes stay masked while the name changes.
    let hidden = masked(full_contact(ContactOrganisation::Company(RecordId(5))));
    let values = with(values_of(&hidden), Field::Name, "Paul Dupain-Roy");
    assert_eq!(text_of(&values, Field::Email), "");
    assert_eq!(text_of(&values, Field::Phone), "");
    let Ok(Record::Contact(edited)) = parse_form(Kind::Contact, &values, Some(&hidden), today())
    else {
        panic!("the edit should read");
    };
    assert_eq!(edited.name, "Paul Dupain-Roy");
    assert_eq!(edited.email, Restricted::Masked);
    assert_eq!(edited.phone, Restricted::Masked);
    assert_eq!(edited.notes, Restricted::Masked);

    // Typing over a masked value replaces it.
    let values = with(values_of(&hidden), Field::Phone, "01 44 62 35 00");
    let Ok(Record::Contact(edited)) = parse_form(Kind::Contact, &values, Some(&hidden), today())
    else {
        panic!("the edit should read");
    };
    assert_eq!(
        edited.phone,
        Restricted::Clear(Some(Phone::parse("0144623500").expect("valid")))
    );
    assert_eq!(edited.email, Restricted::Masked);

    // A learner's needs, masked, stay so.
    let hidden = masked(full_learner());
    assert_eq!(text_of(&values_of(&hidden), Field::SensitiveNeeds), "");
    let Ok(Record::Learner(edited)) =
        parse_form(Kind::Learner, &values_of(&hidden), Some(&hidden), today())
    else {
        panic!("the edit should read");
    };
    assert_eq!(edited.sensitive, Restricted::Masked);
}

#[test]
fn a_clear_blank_value_erases_and_needs_keep_their_note() {
    let record = full_learner();
    assert_eq!(
        text_of(&values_of(&record), Field::SensitiveNeeds),
        "casnav_followed, permit_pending"
    );
    let values = with(values_of(&record), Field::SensitiveNeeds, "disability");
    let Ok(Record::Learner(edited)) = parse_form(Kind::Learner, &values, Some(&record), today())
    else {
        panic!("the edit should read");
    };
    assert_eq!(
        edited.sensitive,
        Restricted::Clear(SensitiveNeeds {
            disability: true,
            casnav_followed: false,
            residence_permit: ResidencePermit::NotApplicable,
            note: "suivi CASNAV".to_owned(),
        })
    );
    let values = with(values_of(&full_school()), Field::Notes, "");
    let Ok(Record::School(edited)) =
        parse_form(Kind::School, &values, Some(&full_school()), today())
    else {
        panic!("the edit should read");
    };
    assert_eq!(edited.notes, Restricted::Clear(String::new()));
}

#[test]
fn a_masked_edit_saved_through_the_service_keeps_the_stored_values() {
    let fixture = Fixture::new();
    let firm = fixture.create(company(siret(1), "Boulangerie Dupain"));
    let mut tutor = contact(firm.meta.id, "Paul Dupain");
    tutor.meta.confidentiality =
        Confidentiality::flagged("demande de l'entreprise", Some(Organisation::CpmeIdf));
    let email = Restricted::Clear(Some(Email::parse("paul@dupain.fr").expect("valid")));
    let notes = Restricted::Clear("ne pas appeler le lundi".to_owned());
    tutor.email = email.clone();
    tutor.notes = notes.clone();
    // What the save answers is already masked.
    let tutor = fixture.create(tutor);
    let reference = RecordRef::new(Kind::Contact, tutor.meta.id);

    let shown: passerelle::domain::records::Contact = fixture.read(reference);
    assert!(shown.email.is_masked());
    let shown = Record::Contact(shown);
    let values = with(values_of(&shown), Field::Name, "Paul Dupain-Roy");
    let Ok(Record::Contact(edited)) = parse_form(Kind::Contact, &values, Some(&shown), today())
    else {
        panic!("the edit should read");
    };
    let saved = fixture.create(edited);
    assert_eq!(saved.meta.revision, 2);

    let (_dir, store) = fixture.into_store();
    let Some(Record::Contact(stored)) = store.get(reference).expect("the store reads") else {
        panic!("a contact expected");
    };
    assert_eq!(stored.name, "Paul Dupain-Roy");
    assert_eq!(stored.email, email);
    assert_eq!(stored.notes, notes);
}

// ---------------------------------------------------------------------
// The evaluation of an immersion

fn evaluation_form() -> FormValues {
    let mut values = evaluation_defaults();
    for (field, text) in [
        (Field::Welcome, "4"),
        (Field::TradesDiscovery, "5"),
        (Field::TeachingUse, "3"),
        (Field::OrganisationRating, "4"),
        (Field::Comment, "accueil soigné"),
        (Field::Renew, "yes"),
    ] {
        values = with(values, field, text);
    }
    values
}

#[test]
fn evaluating_a_done_immersion() {
    let base = done_immersion();
    assert_eq!(evaluation_values(&base), evaluation_defaults());
    let evaluated =
        parse_evaluation(&evaluation_form(), &base, "alice", today()).expect("accepted");
    assert_eq!(evaluated.status, ImmersionStatus::Evaluated);
    let evaluation = evaluated.evaluation.clone().expect("an evaluation");
    assert_eq!(evaluation.welcome, Rating(4));
    assert_eq!(evaluation.renew, Renewal::Yes);
    assert_eq!(evaluation.evaluated_by, "alice");
    assert_eq!(evaluation.evaluated_on, today());
    assert_eq!(
        evaluation.comment,
        Restricted::Clear("accueil soigné".to_owned())
    );
    assert_eq!(
        evaluation.teacher_feedback,
        Restricted::Clear(String::new())
    );
    // Every other field kept.
    assert_eq!(
        Immersion {
            status: base.status,
            evaluation: None,
            ..evaluated.clone()
        },
        base
    );
    // Written back, read again.
    let values = evaluation_values(&evaluated);
    assert_eq!(values, evaluation_form());
    assert_eq!(
        parse_evaluation(&values, &evaluated, "alice", today()),
        Ok(evaluated)
    );
}

#[test]
fn an_evaluation_form_reports_every_field_in_order() {
    let values = with(
        with(evaluation_defaults(), Field::TeachingUse, "9"),
        Field::Comment,
        "ok\u{1b}",
    );
    let errors =
        parse_evaluation(&values, &done_immersion(), "alice", today()).expect_err("refused");
    assert_eq!(
        fields_of(&errors),
        [
            Field::Welcome,
            Field::TradesDiscovery,
            Field::TeachingUse,
            Field::OrganisationRating,
            Field::Comment,
            Field::Renew
        ]
    );
    says(
        &errors.0[2],
        &["intérêt pour l'enseignement : entre 1 et 5"],
        &["use for teaching: between 1 and 5"],
    );
    says(
        &errors.0[5],
        &["reconduire l'an prochain : obligatoire"],
        &[],
    );
}

#[test]
fn an_immersion_not_done_cannot_be_evaluated() {
    let mut proposed = done_immersion();
    proposed.status = ImmersionStatus::Proposed;
    let errors =
        parse_evaluation(&evaluation_form(), &proposed, "alice", today()).expect_err("refused");
    let [error] = errors.0.as_slice() else {
        panic!("one error expected: {errors}");
    };
    assert_eq!(error.field, Field::Status);
    says(
        error,
        &[
            "statut : on ne passe pas de « proposée » à « évaluée »",
            "« période validée »",
        ],
        &["status: an immersion does not go from 'proposed' to 'evaluated'"],
    );

    let mut coming = done_immersion();
    coming.start = days_from_today(5);
    let errors =
        parse_evaluation(&evaluation_form(), &coming, "alice", today()).expect_err("refused");
    assert!(
        errors.0.iter().any(|error| matches!(
            error.rule,
            Rule::Transition(TransitionError::Immersion {
                refusal: ImmersionRefusal::NotHappenedYet { .. },
                ..
            })
        )),
        "{errors}"
    );
}

#[test]
fn a_masked_evaluation_text_survives_a_new_evaluation() {
    let Record::Immersion(mut evaluated) = masked(full_immersion()) else {
        panic!("an immersion expected");
    };
    evaluated.meta.confidentiality = Confidentiality::default();
    let values = evaluation_values(&evaluated);
    assert_eq!(text_of(&values, Field::Comment), "");
    let values = with(values, Field::Welcome, "2");
    let again = parse_evaluation(&values, &evaluated, "bob", today()).expect("accepted");
    let evaluation = again.evaluation.expect("an evaluation");
    assert_eq!(evaluation.welcome, Rating(2));
    assert_eq!(evaluation.comment, Restricted::Masked);
    assert_eq!(evaluation.evaluated_by, "bob");
}

// ---------------------------------------------------------------------
// The confidentiality mark

const MARK_FIELDS: [Field; 3] = [
    Field::Confidentiality,
    Field::ConfidentialityReason,
    Field::ConfidentialityOwner,
];

/// Every mark a form can hold: none, flagged with no owner, and flagged
/// with each organisation as owner.
fn every_mark() -> Vec<Confidentiality> {
    let mut marks = vec![
        Confidentiality::default(),
        Confidentiality::flagged("demande du chef d'établissement", None),
    ];
    marks.extend(
        Organisation::ALL
            .iter()
            .map(|owner| Confidentiality::flagged("données de santé", Some(*owner))),
    );
    marks
}

/// `values` with the mark's three fields set.
fn marked(values: FormValues, confidential: &str, reason: &str, owner: &str) -> FormValues {
    let values = with(values, Field::Confidentiality, confidential);
    let values = with(values, Field::ConfidentialityReason, reason);
    with(values, Field::ConfidentialityOwner, owner)
}

#[test]
fn the_mark_ends_every_records_form_and_starts_unset() {
    for kind in Kind::ALL.iter().copied() {
        let specs = form_fields(kind);
        assert_eq!(
            specs[specs.len() - 3..],
            [
                FieldSpec {
                    field: Field::Confidentiality,
                    input: InputKind::YesNo,
                    required: true
                },
                FieldSpec {
                    field: Field::ConfidentialityReason,
                    input: InputKind::Text,
                    required: false
                },
                FieldSpec {
                    field: Field::ConfidentialityOwner,
                    input: InputKind::Choice(vec![
                        "none",
                        "paris",
                        "creteil",
                        "versailles",
                        "cpme"
                    ]),
                    required: false
                },
            ],
            "{kind}"
        );
        let new = defaults(kind, today());
        assert_eq!(text_of(&new, Field::Confidentiality), "no", "{kind}");
        assert_eq!(text_of(&new, Field::ConfidentialityReason), "", "{kind}");
        assert_eq!(text_of(&new, Field::ConfidentialityOwner), "none", "{kind}");
    }
    // Not in the evaluation's form: it is the immersion's mark.
    assert!(
        form_fields_for_evaluation()
            .iter()
            .all(|spec| !MARK_FIELDS.contains(&spec.field))
    );
}

#[test]
fn the_mark_reads_back_for_every_kind_and_every_owner() {
    for record in every_full_record() {
        let kind = record.kind();
        for mark in every_mark() {
            let mut record = record.clone();
            record.meta_mut().confidentiality = mark.clone();
            let values = values_of(&record);
            assert_eq!(
                text_of(&values, Field::Confidentiality),
                if mark.confidential { "yes" } else { "no" },
                "{kind}"
            );
            assert_eq!(text_of(&values, Field::ConfidentialityReason), mark.reason);
            let owner = mark
                .owner
                .map_or("none", passerelle::domain::user::organisation_word);
            assert_eq!(text_of(&values, Field::ConfidentialityOwner), owner);
            round_trip(record.clone());
            // A new record made from the same texts carries the mark too.
            assert_eq!(parse_new(&record).meta().confidentiality, mark, "{kind}");
        }
    }
}

#[test]
fn a_mark_typed_over_an_edit_replaces_the_stored_one() {
    for record in every_full_record() {
        let kind = record.kind();
        // Flagged with its reason and owner.
        let values = marked(values_of(&record), "oui", " fratrie suivie ", "versailles");
        let edited = parse_form(kind, &values, Some(&record), today())
            .unwrap_or_else(|errors| panic!("{kind} refused: {errors}"));
        assert_eq!(
            edited.meta().confidentiality,
            Confidentiality::flagged("fratrie suivie", Some(Organisation::AcademieVersailles)),
            "{kind}"
        );
        // The rest of the meta is the base's.
        assert_eq!(edited.meta().revision, record.meta().revision);
        // Set to no: the reason and owner typed are dropped with it, so
        // that a stale reason does not come back at the next flag.
        let values = marked(values_of(&record), "no", "gardé ?", "paris");
        let lifted = parse_form(kind, &values, Some(&record), today())
            .unwrap_or_else(|errors| panic!("{kind} refused: {errors}"));
        assert_eq!(
            lifted.meta().confidentiality,
            Confidentiality::default(),
            "{kind}"
        );
    }
}

#[test]
fn a_confidential_mark_needs_its_reason() {
    for record in every_full_record() {
        let kind = record.kind();
        for base in [Some(&record), None] {
            let values = marked(values_of(&record), "yes", "   ", "cpme");
            let errors = parse_form(kind, &values, base, today()).expect_err("no reason");
            assert_eq!(
                errors.0,
                [FieldError::new(
                    Field::ConfidentialityReason,
                    Rule::Required
                )],
                "{kind}"
            );
        }
        // From a new record's defaults too.
        let values = with(defaults(kind, today()), Field::Confidentiality, "yes");
        let errors = parse_form(kind, &values, None, today()).expect_err("refused");
        assert!(
            errors.0.contains(&FieldError::new(
                Field::ConfidentialityReason,
                Rule::Required
            )),
            "{kind}: {errors}"
        );
        // Checked alone as it is typed, a blank reason is fine: whether it
        // is needed depends on the mark.
        accepted(kind, Field::ConfidentialityReason, "");
    }
    let errors = parse_form(
        Kind::School,
        &marked(values_of(&full_school()), "yes", "", "none"),
        None,
        today(),
    )
    .expect_err("no reason");
    says(
        &errors.0[0],
        &["motif de confidentialité : obligatoire"],
        &["reason for confidentiality: required"],
    );
    let error = refused(Kind::School, Field::ConfidentialityReason, "a\u{1b}b");
    assert_eq!(error.rule, Rule::ControlCharacter);
    let error = refused(Kind::Event, Field::Confidentiality, "peut-être");
    assert_eq!(
        error,
        FieldError::new(Field::Confidentiality, Rule::NotYesOrNo)
    );
    says(
        &error,
        &["confidentiel : répondez oui ou non"],
        &["confidential: answer yes or no"],
    );
}

#[test]
fn owner_choices_are_the_four_organisations_or_none() {
    for (text, owner) in [
        ("none", None),
        ("", None),
        ("paris", Some(Organisation::AcademieParis)),
        ("Créteil", Some(Organisation::AcademieCreteil)),
        ("VERSAILLES", Some(Organisation::AcademieVersailles)),
        ("cpme", Some(Organisation::CpmeIdf)),
        // As the store and JSON name them.
        ("academie_paris", Some(Organisation::AcademieParis)),
        ("cpme_idf", Some(Organisation::CpmeIdf)),
    ] {
        for kind in Kind::ALL.iter().copied() {
            assert_eq!(
                accepted(kind, Field::ConfidentialityOwner, text),
                Understood::Nothing
            );
        }
        let values = marked(values_of(&full_event()), "yes", "article 3.2", text);
        let record = parse_form(Kind::Event, &values, None, today())
            .unwrap_or_else(|errors| panic!("{text:?} refused: {errors}"));
        assert_eq!(record.meta().confidentiality.owner, owner, "{text:?}");
    }
    let error = refused(Kind::Agreement, Field::ConfidentialityOwner, "lyon");
    assert_eq!(
        error,
        FieldError::new(Field::ConfidentialityOwner, Rule::NotAChoice)
    );
    says(
        &error,
        &["organisation propriétaire : ", "choix proposés"],
        &["owning organisation: ", "choices offered"],
    );
    for (code, fr) in [
        ("none", "aucune"),
        ("creteil", "académie de Créteil"),
        ("cpme", "CPME Île-de-France"),
    ] {
        assert_eq!(
            passerelle::i18n::forms::choice_label(
                Kind::School,
                Field::ConfidentialityOwner,
                code,
                Lang::Fr
            ),
            Some(fr)
        );
    }
}
