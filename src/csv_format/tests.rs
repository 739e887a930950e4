//! The CSV format's tests: every kind written and read back in both
//! dialects, guarding, escaping, masked cells, the docs naming every
//! column.
#![cfg(test)]

use super::*;

use chrono::NaiveDate;
use serde_json::Value;

use crate::domain::Organisation;
use crate::domain::academie::Academie;
use crate::domain::dates::{DateError, SchoolYear};
use crate::domain::identifiers::{Email, NafCode, Phone, PostalCode, Siret, Uai};
use crate::domain::kind::Kind;
use crate::domain::meta::{Confidentiality, RecordId, RecordMeta, Restricted};
use crate::domain::place::{Coordinates, Location};
use crate::domain::records::agreement::{DEFAULT_DURATION_MONTHS, DEFAULT_NOTICE_MONTHS};
use crate::domain::records::{
    Agreement, AgreementKind, Company, Contact, ContactOrganisation, ContactRole, Evaluation,
    Event, EventKind, HeadcountBand, Immersion, InclusiveKind, Learner, Level, Offer, OpeningState,
    Placement, PlacementKind, Rating, Record, Renewal, ResidencePermit, School, SchoolKind, Sector,
    SensitiveNeeds, SpecialUnit, StaffRole,
};
use crate::domain::status::{AgreementStatus, ImmersionStatus, PlacementStatus};
use crate::domain::validation::{Field, Rule};

fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a day")
}

fn meta(id: u64, confidential: bool) -> RecordMeta {
    let mut meta = RecordMeta::new_record();
    meta.id = RecordId(id);
    if confidential {
        meta.confidentiality =
            Confidentiality::flagged("données de santé", Some(Organisation::AcademieCreteil));
    }
    meta
}

/// One record of each kind, every optional field filled where it can
/// be, texts that need guarding, escaping or quoting.
fn samples() -> Vec<Record> {
    let school = School {
        meta: meta(1, false),
        uai: Uai::parse("0750655E").expect("uai"),
        name: "=HYPERLINK(\"http://x\";\"clic\")".into(),
        kind: SchoolKind::LyceeProfessionnel,
        sector: Sector::Private,
        commune: "Paris, 5e".into(),
        postal_code: PostalCode::parse("75005").expect("postal code"),
        address: Some("-12 rue Saint-Jacques".into()),
        location: Some(Location::at_address(
            Coordinates::from_degrees(48.848611, -2.345).expect("a point"),
        )),
        opening_state: OpeningState::Closing,
        special_units: vec![SpecialUnit::Ulis, SpecialUnit::Segpa],
        apprenticeship_sections: vec!["CAP cuisine | service".into(), "BTS \\ MCO".into()],
        email: Some(Email::parse("ce.0750655e@ac-paris.fr").expect("email")),
        phone: Some(Phone::parse("01 44 62 35 00").expect("phone")),
        notes: Restricted::Clear("- rappeler\nle proviseur".into()),
    };
    let company = Company {
        meta: meta(2, true),
        siret: Siret::parse("73282932000074").expect("siret"),
        name: "'=déjà guillemeté".into(),
        naf: Some(NafCode::parse("62.01Z").expect("naf")),
        headcount: HeadcountBand::From10To49,
        cpme_member: true,
        commune: "Créteil".into(),
        postal_code: PostalCode::parse("94000").expect("postal code"),
        address: None,
        location: Some(Location::approximate(
            Coordinates::from_degrees(48.777, 2.453).expect("a point"),
        )),
        offers: vec![Offer::Stage, Offer::Visit],
        inclusive_kind: InclusiveKind::Esat,
        email: None,
        phone: None,
        notes: Restricted::Clear("@SOMME".into()),
    };
    let contact = Contact {
        meta: meta(3, false),
        name: "Mme Diallo".into(),
        role: ContactRole::Cee,
        organisation: ContactOrganisation::Service {
            service: crate::domain::records::AcademicService::Casnav,
            academie: Academie::Creteil,
        },
        email: Restricted::Clear(None),
        phone: Restricted::Clear(Some(Phone::parse("0612345678").expect("phone"))),
        notes: Restricted::default(),
    };
    let learner = Learner {
        meta: meta(4, true),
        name: "Inès Benali".into(),
        level: Level::Troisieme,
        school: RecordId(1),
        school_year: SchoolYear::starting(2026),
        sensitive: Restricted::Clear(SensitiveNeeds {
            disability: true,
            casnav_followed: false,
            residence_permit: ResidencePermit::Pending,
            note: "\taménagement".into(),
        }),
        notes: Restricted::default(),
    };
    let placement = Placement {
        meta: meta(5, false),
        kind: PlacementKind::Pfmp,
        learner: RecordId(4),
        school: RecordId(1),
        company: Some(RecordId(2)),
        tutor: None,
        start: day(2026, 11, 2),
        end: day(2026, 11, 20),
        status: PlacementStatus::Cancelled,
        signed_on: Some(day(2026, 10, 1)),
        cancel_reason: Some("+ grève".into()),
        notes: Restricted::default(),
    };
    let immersion = Immersion {
        meta: meta(6, false),
        person: "M. Roux".into(),
        person_role: StaffRole::Enseignant,
        school: Some(RecordId(1)),
        company: RecordId(2),
        start: day(2026, 5, 4),
        days: 2,
        status: ImmersionStatus::Evaluated,
        evaluation: Some(Evaluation {
            welcome: Rating(4),
            trades_discovery: Rating(5),
            teaching_use: Rating(3),
            organisation: Rating(2),
            comment: Restricted::Clear("très bien".into()),
            teacher_feedback: Restricted::default(),
            company_feedback: Restricted::Clear("\"ravis\"".into()),
            renew: Renewal::ToDiscuss,
            evaluated_by: "alice".into(),
            evaluated_on: day(2026, 6, 1),
        }),
        notes: Restricted::default(),
    };
    let event = Event {
        meta: meta(7, false),
        kind: EventKind::CareersFair,
        title: "Forum".into(),
        date: day(2026, 12, 3),
        place: "Gymnase".into(),
        academie: Some(Academie::Versailles),
        schools: vec![RecordId(1), RecordId(9)],
        companies: vec![RecordId(2)],
        pupils_reached: 120,
        notes: Restricted::default(),
    };
    let agreement = Agreement {
        meta: meta(8, false),
        kind: AgreementKind::Amendment,
        title: "Avenant n° 1".into(),
        academie: None,
        schools: Vec::new(),
        companies: Vec::new(),
        parent: Some(RecordId(3)),
        signed_on: None,
        duration_months: 36,
        notice_months: 3,
        status: AgreementStatus::Draft,
        notes: Restricted::default(),
    };
    vec![
        school.into(),
        company.into(),
        contact.into(),
        learner.into(),
        placement.into(),
        immersion.into(),
        event.into(),
        agreement.into(),
    ]
}

#[test]
fn every_kind_has_a_cell_per_column_named_after_its_field() {
    for kind in Kind::ALL {
        let columns = columns(*kind);
        assert_eq!(columns[0].name, "id");
        let last: Vec<&str> = columns[columns.len() - 3..]
            .iter()
            .map(|c| c.name)
            .collect();
        assert_eq!(
            last,
            [
                "confidentiality",
                "confidentiality_reason",
                "confidentiality_owner"
            ]
        );
        let mut names: Vec<_> = columns.iter().map(|c| c.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), columns.len(), "{kind}: a name twice");
        for column in columns {
            if column.field != Field::Location && column.name != "sensitive_needs_note" {
                assert_eq!(column.name, column.field.code(), "{kind}");
            }
            if matches!(column.kind, ColumnKind::Choice | ColumnKind::Choices) {
                assert!(
                    !choices(*kind, column.name).is_empty(),
                    "{kind} {}",
                    column.name
                );
            }
        }
    }
    for record in samples() {
        assert_eq!(cells(&record).len(), columns(record.kind()).len());
    }
}

fn texts(record: &Record, dialect: Dialect) -> Vec<String> {
    cells(record)
        .iter()
        .map(|cell| cell.csv_text(dialect))
        .collect()
}

#[test]
fn records_read_back_as_written_in_both_dialects() {
    for dialect in [Dialect::Plain, Dialect::Excel] {
        for record in samples() {
            let written = texts(&record, dialect);
            let cells: Vec<&str> = written.iter().map(String::as_str).collect();
            let read = read_record(&Row::from_cells(record.kind(), &cells))
                .unwrap_or_else(|errors| panic!("{}: {errors:?}", record.kind()));
            assert_eq!(read, record, "{dialect:?}");
        }
    }
}

#[test]
fn a_record_not_yet_saved_has_an_empty_id_and_reads_back_new() {
    let mut record = samples()[6].clone();
    record.meta_mut().id = RecordId::NEW;
    let written = texts(&record, Dialect::Plain);
    assert_eq!(written[0], "");
    let cells: Vec<&str> = written.iter().map(String::as_str).collect();
    assert_eq!(
        read_record(&Row::from_cells(Kind::Event, &cells)),
        Ok(record)
    );
}

#[test]
fn formulas_are_guarded_and_numbers_are_not() {
    let written = texts(&samples()[0], Dialect::Plain);
    assert_eq!(written[2], "'=HYPERLINK(\"http://x\";\"clic\")");
    assert_eq!(written[16], "'- rappeler\nle proviseur");
    assert_eq!(written[6], "'-12 rue Saint-Jacques");
    // A negative longitude is a number, not a formula.
    assert_eq!(written[10], "-2.345");
    let company = texts(&samples()[1], Dialect::Plain);
    assert_eq!(company[2], "''=déjà guillemeté", "a ' before a formula");
    assert_eq!(company[16], "'@SOMME");
    assert_eq!(Cell::Number(-3).csv_text(Dialect::Excel), "-3");
    assert_eq!(Cell::Text("-3".into()).csv_text(Dialect::Excel), "'-3");
    assert_eq!(guard("l'école"), "l'école");
    assert_eq!(guard("'t Hooft"), "'t Hooft");
    for text in ["=1+1", "'=1", "''+2", "'x", "x", "", "'", "\r", "＝1"] {
        assert_eq!(unguard(&guard(text)), text);
    }
}

#[test]
fn spreadsheets_get_their_dates_and_keep_identifiers_as_text() {
    let company = texts(&samples()[1], Dialect::Excel);
    assert_eq!(company[1], "732 829 320 00074");
    let school = texts(&samples()[0], Dialect::Excel);
    assert_eq!(school[15], "01 44 62 35 00");
    assert_eq!(texts(&samples()[0], Dialect::Plain)[15], "0144623500");
    // Degrees with a decimal comma, as a French spreadsheet reads
    // numbers.
    assert_eq!(school[9], "48,848611");
    let placement = texts(&samples()[4], Dialect::Excel);
    assert_eq!(placement[6], "02/11/2026");
    assert_eq!(texts(&samples()[4], Dialect::Plain)[6], "2026-11-02");
}

#[test]
fn lists_are_joined_with_bars_and_escaped() {
    let school = texts(&samples()[0], Dialect::Plain);
    assert_eq!(school[12], "ulis|segpa");
    assert_eq!(school[13], "CAP cuisine \\| service|BTS \\\\ MCO");
    assert_eq!(texts(&samples()[6], Dialect::Plain)[6], "1|9");
    assert_eq!(split_list("a| b ||c\\|d"), vec!["a", "b", "c|d"]);
}

#[test]
fn withheld_values_are_empty_cells_and_masked_in_json() {
    let mut learner = samples()[3].clone();
    learner.mask_restricted();
    let row = cells(&learner);
    assert_eq!(row[5], Cell::Withheld);
    assert_eq!(row[6], Cell::Withheld);
    assert_eq!(row[5].csv_text(Dialect::Plain), "");
    assert_eq!(row[5].json(), serde_json::json!({ "masked": true }));
    // The rest stays.
    assert_eq!(row[1].csv_text(Dialect::Plain), "Inès Benali");
}

#[test]
fn docs_csv_names_every_column_of_every_kind() {
    let doc = include_str!("../../docs/csv.md");
    for kind in Kind::ALL {
        let heading = format!("### `{}`", kind.code());
        let start = doc
            .find(&heading)
            .unwrap_or_else(|| panic!("docs/csv.md: no section {heading}"));
        let section = &doc[start + heading.len()..];
        let section = &section[..section.find("\n### ").unwrap_or(section.len())];
        for column in columns(*kind) {
            let row = format!("| `{}` |", column.name);
            assert!(section.contains(&row), "docs/csv.md, {kind}: {row}");
            let restricted = section
                .lines()
                .find(|line| line.starts_with(&row))
                .is_some_and(|line| line.trim_end().ends_with("| yes |"));
            assert_eq!(restricted, column.restricted, "{kind} {}", column.name);
        }
    }
}

#[test]
fn errors_name_their_field() {
    let mut written = texts(&samples()[4], Dialect::Plain);
    written[6] = "31/02/2026".into();
    written[8] = "perhaps".into();
    written[2] = "x".into();
    let cells: Vec<&str> = written.iter().map(String::as_str).collect();
    let errors = read_record(&Row::from_cells(Kind::Placement, &cells)).expect_err("refused");
    let named: Vec<&str> = errors.iter().map(|e| e.column).collect();
    assert_eq!(named, ["learner", "start", "status"]);
    assert_eq!(errors[1].rule, Rule::Date(DateError::NoSuchDay));
}

#[test]
fn every_wrong_cell_is_named() {
    let mut row = Row::new(Kind::School);
    row.set("uai", "0750655F");
    row.set("name", "Lycée");
    row.set("kind", "castle");
    row.set("sector", "public");
    row.set("commune", "Paris");
    row.set("postal_code", "7516");
    let errors = read_record(&row).expect_err("three wrong cells");
    let named: Vec<&str> = errors.iter().map(|e| e.column).collect();
    assert_eq!(named, ["uai", "kind", "postal_code"]);
}

#[test]
fn a_guarded_cell_reads_back_as_it_was() {
    assert_eq!(guard("=cmd"), "'=cmd");
    assert_eq!(guard("Lycée"), "Lycée");
    assert_eq!(unguard("'=cmd"), "=cmd");
    assert_eq!(unguard("'Lycée"), "'Lycée");
    let mut row = Row::new(Kind::School);
    row.set("notes", "'=cmd");
    row.set("name", " '+33 ");
    row.set("postal_code", "nope");
    assert_eq!(row.get("notes"), "=cmd");
    assert_eq!(row.get("name"), "+33");
    assert_eq!(row.get("commune"), "", "an absent column reads empty");
    assert_eq!(row.get("no_such_column"), "");
}

#[test]
fn dates_read_in_both_styles_and_nothing_relative() {
    let day = NaiveDate::from_ymd_opt(2026, 11, 28);
    assert_eq!(read_date("2026-11-28").ok(), day);
    assert_eq!(read_date("28/11/2026").ok(), day);
    assert_eq!(read_date(" 28/11/2026 ").ok(), day);
    assert!(read_date("+7").is_err());
    assert!(read_date("28/11").is_err());
    assert!(
        read_date("28/11/26").is_err(),
        "a two-digit year is not guessed"
    );
    assert_eq!(
        read_date("31/02/2026"),
        Err(Rule::Date(DateError::NoSuchDay))
    );
}

#[test]
fn yes_and_no_read_as_people_write_them() {
    for text in ["yes", "Oui", "TRUE", "vrai", "1", "x"] {
        assert_eq!(read_yes_no(text), Ok(true), "{text}");
    }
    for text in ["no", "Non", "false", "faux", "0"] {
        assert_eq!(read_yes_no(text), Ok(false), "{text}");
    }
    assert_eq!(read_yes_no("peut-être"), Err(Rule::NotYesOrNo));
}

#[test]
fn a_row_of_a_few_columns_takes_a_new_records_defaults() {
    let mut row = Row::new(Kind::Company);
    row.set("siret", "732 829 320 00074");
    row.set("name", "Boulangerie Martin");
    row.set("commune", "Paris");
    row.set("postal_code", "75011");
    let Ok(Record::Company(company)) = read_record(&row) else {
        panic!("a company");
    };
    assert!(company.meta.id.is_new());
    assert_eq!(company.headcount, HeadcountBand::Unknown);
    assert!(!company.cpme_member);
    assert_eq!(company.inclusive_kind, InclusiveKind::Ordinary);
    assert!(!company.meta.confidentiality.confidential);

    let mut row = Row::new(Kind::Agreement);
    row.set("kind", "local");
    row.set("title", "Convention");
    row.set("status", "draft");
    row.set("confidentiality", "oui");
    row.set("confidentiality_owner", "creteil");
    let Ok(Record::Agreement(agreement)) = read_record(&row) else {
        panic!("an agreement");
    };
    assert_eq!(agreement.duration_months, DEFAULT_DURATION_MONTHS);
    assert_eq!(agreement.notice_months, DEFAULT_NOTICE_MONTHS);
    assert_eq!(
        agreement.meta.confidentiality.owner,
        Some(Organisation::AcademieCreteil)
    );
}

#[test]
fn contact_organisations_round_trip() {
    let Record::Contact(mut contact) = samples()[2].clone() else {
        panic!("a contact");
    };
    for organisation in [
        ContactOrganisation::School(RecordId(4)),
        ContactOrganisation::Company(RecordId(9)),
        ContactOrganisation::Service {
            service: crate::domain::records::AcademicService::Casnav,
            academie: Academie::Creteil,
        },
        ContactOrganisation::Cpme,
    ] {
        contact.organisation = organisation;
        let record = Record::Contact(contact.clone());
        let written = texts(&record, Dialect::Plain);
        let cells: Vec<&str> = written.iter().map(String::as_str).collect();
        assert_eq!(
            read_record(&Row::from_cells(Kind::Contact, &cells)),
            Ok(record)
        );
    }
    let mut row = Row::new(Kind::Contact);
    row.set("name", "M. Petit");
    row.set("role", "tuteur");
    row.set("organisation", "company");
    let errors = read_record(&row).expect_err("no company");
    assert_eq!(
        errors,
        [CellError {
            column: "company",
            rule: Rule::Required
        }]
    );
}

/// What an import leaves alone when a file lacks a column is a field
/// of the record as its JSON names it.
#[test]
fn every_column_fills_a_field_of_the_record() {
    for record in samples() {
        let json = serde_json::to_value(&record).expect("json");
        let fields = json
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_object)
            .expect("the record's object");
        for column in columns(record.kind()) {
            let field = record_field(record.kind(), column.name);
            if column.name == "id" || field == "confidentiality" {
                continue;
            }
            assert!(
                fields.contains_key(field),
                "{} {}: {field}",
                record.kind(),
                column.name
            );
        }
    }
}
