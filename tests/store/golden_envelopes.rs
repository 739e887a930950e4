//! Golden bytes of the stored envelope: fixtures written once under
//! `tests/fixtures/` and never regenerated; `_v1` by the program of
//! schema 1, `_v2` by that of schema 2, and every one still read. A change to the encoding of a
//! record breaks these tests: that is a schema change, to be made with a
//! new schema version and a migration, never silently.

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};
use passerelle::domain::academie::{Academie, Organisation};
use passerelle::domain::audit::{AuditAction, AuditEntry, FieldChange, FrontEnd};
use passerelle::domain::communes;
use passerelle::domain::dates::SchoolYear;
use passerelle::domain::identifiers::{Email, NafCode, Phone, PostalCode, Siret, Uai};
use passerelle::domain::place::{Coordinates, Location};
use passerelle::domain::records::*;
use passerelle::domain::status::{AgreementStatus, ImmersionStatus, PlacementStatus};
use passerelle::domain::{Confidentiality, Kind, RecordId, RecordMeta, Restricted};
use passerelle::store::StoreError;
use passerelle::store::audit::{self, ChainedAuditEntry};
use passerelle::store::codec::{self, DecodeError};
use passerelle::store::record_bytes::{decode_record, encode_record};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("valid time")
        .with_timezone(&Utc)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn meta(id: u64, confidential: bool) -> RecordMeta {
    RecordMeta {
        id: RecordId(id),
        revision: 3,
        created_at: at("2026-09-01T08:30:00Z"),
        created_by: "claire".into(),
        updated_at: at("2026-11-28T14:05:09.123456789Z"),
        updated_by: "karim".into(),
        confidentiality: if confidential {
            Confidentiality::flagged("article 3.2", Some(Organisation::CpmeIdf))
        } else {
            Confidentiality::default()
        },
    }
}

/// The commune's centre, approximate: what a school or company of
/// schema 1 reads with.
fn centre(postal_code: &str, commune: &str) -> Option<Location> {
    let point = communes::centre(postal_code, commune).expect("in the table");
    Some(Location::approximate(point))
}

/// Schema 2's school and company, with where they are: an address, the
/// directory's point, a school about to close.
fn samples_v2() -> Vec<(&'static str, Record)> {
    let mut v1 = samples();
    let (_, Record::School(mut school)) = v1.remove(0) else {
        panic!("the first sample is a school")
    };
    school.address = Some("12 rue Saint-Jacques, bâtiment B".into());
    school.location = Some(Location::at_address(
        Coordinates::from_degrees(48.848611, 2.345).expect("a point"),
    ));
    school.opening_state = OpeningState::Closing;
    let (_, Record::Company(mut company)) = v1.remove(0) else {
        panic!("the second sample is a company")
    };
    company.address = Some("3 place Jean-Jaurès".into());
    vec![
        ("school_v2.bin", school.into()),
        ("company_v2.bin", company.into()),
    ]
}

/// One record of every kind, with every optional part filled somewhere,
/// as schema 1 stored them.
fn samples() -> Vec<(&'static str, Record)> {
    let school = School {
        meta: meta(1, false),
        uai: Uai::parse("0750655E").expect("valid"),
        name: "Lycée professionnel Théophile Gautier".into(),
        kind: SchoolKind::LyceeProfessionnel,
        sector: Sector::Public,
        commune: "Paris 5e".into(),
        postal_code: PostalCode::parse("75005").expect("valid"),
        // What schema 1 had none of, as reading its bytes fills them.
        address: None,
        location: centre("75005", "Paris 5e"),
        opening_state: OpeningState::Open,
        special_units: vec![SpecialUnit::Ulis, SpecialUnit::Upe2a],
        apprenticeship_sections: vec!["CAP Boulanger".into()],
        email: Some(Email::parse("ce.0750655e@ac-paris.fr").expect("valid")),
        phone: Some(Phone::parse("01 44 62 35 00").expect("valid")),
        notes: Restricted::Clear("Référente : Mme Moreau".into()),
    };
    let siret = Siret::parse("73282932000074").expect("valid");
    let company = Company {
        meta: meta(2, true),
        siret,
        name: "Boulangerie Lefèvre".into(),
        naf: Some(NafCode::parse("10.71C").expect("valid")),
        headcount: HeadcountBand::From1To9,
        cpme_member: true,
        commune: "Montreuil".into(),
        postal_code: PostalCode::parse("93100").expect("valid"),
        address: None,
        location: centre("93100", "Montreuil"),
        offers: vec![Offer::Pfmp, Offer::TeacherImmersion],
        inclusive_kind: InclusiveKind::Ordinary,
        email: None,
        phone: None,
        notes: Restricted::Clear("Difficultés de trésorerie".into()),
    };
    let contact = Contact {
        meta: meta(3, false),
        name: "Aïcha Diallo".into(),
        role: ContactRole::Tuteur,
        organisation: ContactOrganisation::Company(RecordId(2)),
        email: Restricted::Clear(Some(Email::parse("a.diallo@exemple.fr").expect("valid"))),
        phone: Restricted::Clear(Some(Phone::parse("0612345678").expect("valid"))),
        notes: Restricted::Clear(String::new()),
    };
    let learner = Learner {
        meta: meta(4, true),
        name: "Noé Nguyen".into(),
        level: Level::BacPro,
        school: RecordId(1),
        school_year: SchoolYear::parse("2026-2027").expect("valid"),
        sensitive: Restricted::Clear(SensitiveNeeds {
            disability: false,
            casnav_followed: true,
            residence_permit: ResidencePermit::Pending,
            note: "Suivi CASNAV depuis 2025".into(),
        }),
        notes: Restricted::Clear(String::new()),
    };
    let placement = Placement {
        meta: meta(5, false),
        kind: PlacementKind::Pfmp,
        learner: RecordId(4),
        school: RecordId(1),
        company: Some(RecordId(2)),
        tutor: Some(RecordId(3)),
        start: day(2026, 11, 30),
        end: day(2026, 12, 18),
        status: PlacementStatus::AgreementSigned,
        signed_on: Some(day(2026, 11, 2)),
        cancel_reason: None,
        notes: Restricted::Clear("Horaires aménagés".into()),
    };
    let immersion = Immersion {
        meta: meta(6, false),
        person: "Hélène Bréal".into(),
        person_role: StaffRole::Enseignant,
        school: Some(RecordId(1)),
        company: RecordId(2),
        start: day(2026, 10, 5),
        days: 2,
        status: ImmersionStatus::Evaluated,
        evaluation: Some(Evaluation {
            welcome: Rating(5),
            trades_discovery: Rating(4),
            teaching_use: Rating(4),
            organisation: Rating(3),
            comment: Restricted::Clear("Très utile".into()),
            teacher_feedback: Restricted::Clear("À refaire".into()),
            company_feedback: Restricted::Clear("Volontiers".into()),
            renew: Renewal::Yes,
            evaluated_by: "Claire Lemaître".into(),
            evaluated_on: day(2026, 10, 20),
        }),
        notes: Restricted::Clear(String::new()),
    };
    let event = Event {
        meta: meta(7, false),
        kind: EventKind::CareersFair,
        title: "Forum des métiers de Créteil".into(),
        date: day(2026, 12, 3),
        place: "Créteil".into(),
        academie: Some(Academie::Creteil),
        schools: vec![RecordId(1)],
        companies: vec![RecordId(2)],
        pupils_reached: 240,
        notes: Restricted::Clear(String::new()),
    };
    let agreement = Agreement {
        meta: meta(8, false),
        kind: AgreementKind::Local,
        title: "Convention locale — Boulangerie Lefèvre".into(),
        academie: Some(Academie::Paris),
        schools: vec![RecordId(1)],
        companies: vec![RecordId(2)],
        parent: None,
        signed_on: Some(day(2024, 1, 22)),
        duration_months: 36,
        notice_months: 3,
        status: AgreementStatus::Signed,
        notes: Restricted::Clear(String::new()),
    };
    vec![
        ("school_v1.bin", school.into()),
        ("company_v1.bin", company.into()),
        ("contact_v1.bin", contact.into()),
        ("learner_v1.bin", learner.into()),
        ("placement_v1.bin", placement.into()),
        ("immersion_v1.bin", immersion.into()),
        ("event_v1.bin", event.into()),
        ("agreement_v1.bin", agreement.into()),
    ]
}

fn audit_sample() -> AuditEntry {
    AuditEntry {
        sequence: 42,
        at: at("2026-11-28T14:05:09Z"),
        account: "karim".into(),
        front_end: FrontEnd::Cli,
        action: AuditAction::Updated {
            target: RecordRef::new(Kind::Placement, RecordId(5)),
            revision: 3,
        },
    }
}

/// An entry as written since the chain began: an update listing its
/// fields, chained to the hash of the entry before.
fn chained_audit_sample() -> ChainedAuditEntry {
    ChainedAuditEntry {
        entry: AuditEntry {
            sequence: 43,
            at: at("2026-11-28T14:06:00Z"),
            account: "karim".into(),
            front_end: FrontEnd::Tui,
            action: AuditAction::Changed {
                target: RecordRef::new(Kind::Placement, RecordId(5)),
                revision: 4,
                fields: vec![
                    FieldChange::Value {
                        field: "status".into(),
                        old: "agreement_signed".into(),
                        new: "under_way".into(),
                    },
                    FieldChange::Restricted {
                        field: "notes".into(),
                    },
                ],
            },
        },
        previous: audit::hash_of(&std::fs::read(fixture("audit_entry_v1.bin")).expect("fixture")),
    }
}

/// The schema-1 envelope of a value: what `codec::encode` writes now,
/// under version 1.
fn as_v1(mut bytes: Vec<u8>) -> Vec<u8> {
    bytes[1..3].copy_from_slice(&1u16.to_be_bytes());
    bytes
}

#[test]
fn every_record_kind_decodes_from_its_schema_1_bytes() {
    for (name, expected) in samples() {
        let bytes = std::fs::read(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(bytes[0], codec::CODEC_BINCODE2, "{name}: codec byte");
        assert_eq!(
            &bytes[1..3],
            &1u16.to_be_bytes(),
            "{name}: schema version 1"
        );
        let decoded = decode_record(expected.kind(), expected.id(), &bytes).expect(name);
        assert_eq!(decoded, expected, "{name}: decoded value");
        let now = encode_record(&expected).expect(name);
        assert_eq!(&now[1..3], &codec::SCHEMA_VERSION.to_be_bytes());
        // Kinds schema 2 left alone are written as they were, but for
        // the version.
        if !matches!(expected.kind(), Kind::School | Kind::Company) {
            assert_eq!(as_v1(now), bytes, "{name}: encoding drifted");
        }
    }
}

#[test]
fn schools_and_companies_decode_from_their_schema_2_bytes_and_encode_back_to_them() {
    for (name, expected) in samples_v2() {
        let bytes = std::fs::read(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(&bytes[1..3], &2u16.to_be_bytes(), "{name}: schema 2");
        let decoded = decode_record(expected.kind(), expected.id(), &bytes).expect(name);
        assert_eq!(decoded, expected, "{name}: decoded value");
        assert_eq!(
            encode_record(&expected).expect(name),
            bytes,
            "{name}: encoding drifted"
        );
    }
    // A schema-2 school read as schema 1 (or the reverse) does not pass.
    let v2 = std::fs::read(fixture("school_v2.bin")).expect("fixture");
    assert!(decode_record(Kind::School, RecordId(1), &as_v1(v2)).is_err());
}

#[test]
fn the_audit_entry_decodes_from_its_golden_bytes() {
    let bytes = std::fs::read(fixture("audit_entry_v1.bin")).expect("fixture");
    assert_eq!(codec::decode::<AuditEntry>(&bytes), Ok(audit_sample()));
    assert_eq!(
        as_v1(codec::encode(&audit_sample()).expect("encodes")),
        bytes
    );
}

#[test]
fn the_chained_audit_entry_decodes_from_its_golden_bytes() {
    let bytes = std::fs::read(fixture("audit_entry_chained_v1.bin")).expect("fixture");
    assert_eq!(
        codec::decode::<ChainedAuditEntry>(&bytes),
        Ok(chained_audit_sample())
    );
    assert_eq!(
        as_v1(codec::encode(&chained_audit_sample()).expect("encodes")),
        bytes
    );
    // Each shape is read only where it belongs: never one for the other.
    let bare = std::fs::read(fixture("audit_entry_v1.bin")).expect("fixture");
    assert!(codec::decode::<ChainedAuditEntry>(&bare).is_err());
    assert!(codec::decode::<AuditEntry>(&bytes).is_err());
    assert_eq!(
        audit::decode_audit(43, &bytes, Some(43)).map(|stored| stored.entry),
        Ok(chained_audit_sample().entry)
    );
    assert_eq!(
        audit::decode_audit(42, &bare, Some(43)).map(|stored| stored.entry),
        Ok(audit_sample())
    );
}

#[test]
fn damaged_fixtures_are_refused_never_misread() {
    let (name, school) = samples().remove(0);
    let good = std::fs::read(fixture(name)).expect("fixture");
    let refuse = |bytes: &[u8]| match decode_record(Kind::School, school.id(), bytes) {
        Err(StoreError::CorruptRecord { problem, .. }) => problem,
        other => panic!("expected a damaged record, got {other:?}"),
    };

    let mut unknown_codec = good.clone();
    unknown_codec[0] = 7;
    assert_eq!(refuse(&unknown_codec), DecodeError::UnknownCodec(7));

    let mut newer = good.clone();
    newer[1..3].copy_from_slice(&3u16.to_be_bytes());
    assert_eq!(
        refuse(&newer),
        DecodeError::NewerVersion {
            found: 3,
            supported: 2
        }
    );
    let mut older = good.clone();
    older[1..3].copy_from_slice(&0u16.to_be_bytes());
    assert_eq!(refuse(&older), DecodeError::OlderVersion { found: 0 });

    let mut trailing = good.clone();
    trailing.extend_from_slice(&[0, 0]);
    assert_eq!(refuse(&trailing), DecodeError::TrailingBytes(2));

    assert!(matches!(
        refuse(&good[..good.len() / 2]),
        DecodeError::Malformed(_)
    ));

    // The same bytes under another key: the id inside does not match.
    assert!(matches!(
        decode_record(Kind::School, RecordId(99), &good),
        Err(StoreError::CorruptRecord { .. })
    ));
    // A company's bytes read as a school do not pass either.
    let company = std::fs::read(fixture("company_v1.bin")).expect("fixture");
    assert!(decode_record(Kind::School, RecordId(2), &company).is_err());
}

/// Writes the fixtures that do not exist yet; never overwrites one. Run
/// once by hand when a record kind (or a stored shape) is added:
/// `cargo test --test store golden_envelopes -- --ignored`.
#[test]
#[ignore = "writes fixtures; run by hand when a kind is added"]
fn write_missing_fixtures() {
    // Schema-1 fixtures were written by the program of schema 1; only the
    // current schema's are written here.
    let mut all: Vec<(&str, Vec<u8>)> = samples_v2()
        .into_iter()
        .map(|(name, record)| (name, encode_record(&record).expect("encodes")))
        .collect();
    all.push((
        "audit_entry_v1.bin",
        as_v1(codec::encode(&audit_sample()).expect("encodes")),
    ));
    all.push((
        "audit_entry_chained_v1.bin",
        as_v1(codec::encode(&chained_audit_sample()).expect("encodes")),
    ));
    for (name, bytes) in all {
        let path = fixture(name);
        if !path.exists() {
            std::fs::write(&path, bytes).expect("written");
        }
    }
}
