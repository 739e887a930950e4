//! The round trip, through the real binary: export every kind of
//! a demo store, import the files into an empty store, export again: the
//! same files, byte for byte, in the plain CSV and in the spreadsheet
//! dialect.
//!
//! The account running the binary created both stores, so it is their
//! admin (no `users.toml`): cleared for every confidential record. A few
//! confidential records have a consent to export recorded, in the source
//! and, by number, in the new store, so their restricted fields leave in
//! clear and travel; the others' restricted cells are empty in both
//! exports (withheld), so those fields are empty in the new store: only
//! what may leave travels, and the files still match.

use crate::common;

use std::path::{Path, PathBuf};

use common::{
    agreement, company, contact_of, day, evaluation, event, immersion, learner, passerelle,
    placement, school, sensitive_needs, siret, stderr,
};
use passerelle::domain::academie::Academie;
use passerelle::domain::audit::FrontEnd;
use passerelle::domain::identifiers::{Email, Phone};
use passerelle::domain::records::{
    AcademicService, ContactOrganisation, InclusiveKind, Offer, Record, SpecialUnit,
};
use passerelle::domain::status::{AgreementStatus, ImmersionStatus};
use passerelle::domain::{Confidentiality, Kind, Organisation, RecordId, Restricted};
use passerelle::service::save::SaveRequest;
use passerelle::service::{Caller, Service};
use passerelle::store::{OpenOptions, Store, StoreError};
use serde_json::Value;

/// In the order of their links: each kind's file names only records of
/// the kinds before it (and an agreement its parent, an earlier one).
const KINDS: [&str; 8] = [
    "school",
    "company",
    "contact",
    "learner",
    "placement",
    "immersion",
    "event",
    "agreement",
];

/// The account running the binary, the stores' creator and admin.
fn me() -> Caller {
    Caller::current_process(FrontEnd::Cli)
}

fn run(store: &Path, args: &[&str]) -> String {
    let output = passerelle(store, args);
    assert!(
        output.status.success(),
        "{args:?}: {}{}",
        stderr(&output),
        String::from_utf8_lossy(&output.stdout)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Opens the store in this process once the binary has let go of it.
fn open(dir: &Path) -> Store {
    for _ in 0..100 {
        match Store::open(dir, &OpenOptions::new(&me().account)) {
            Ok(store) => return store,
            Err(StoreError::Locked { .. }) => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(error) => panic!("open: {error}"),
        }
    }
    panic!("the store stayed locked");
}

fn save<T: Into<Record>>(service: &Service, record: T) -> RecordId {
    let record = record.into();
    let kind = record.kind();
    service
        .save(&me(), SaveRequest { record })
        .unwrap_or_else(|error| panic!("{kind}: {error:?}"))
        .record
        .id()
}

/// Records the demo does not make, each kind once, with what a CSV must
/// carry through untouched: texts a spreadsheet would execute or that
/// start with `'`, separators, quotes, bars and backslashes in lists,
/// multi-line notes with tabs and edge spaces, confidential records (all
/// of them get a consent to export, so their restricted fields leave in
/// clear).
fn add_hard_cases(service: &Service) -> Vec<(Kind, RecordId)> {
    let secret = |owner| Confidentiality::flagged("demande de la famille", owner);
    let mut lycee = school("0750002", "=HYPERLINK(\"http://exemple.fr\";\"clic\")");
    lycee.special_units = vec![SpecialUnit::Ulis, SpecialUnit::Segpa];
    lycee.apprenticeship_sections = vec![
        "CAP cuisine | service".into(),
        "BTS \\ MCO".into(),
        "'=déjà, guillemeté".into(),
    ];
    lycee.email = Some(Email::parse("ce.0750002@ac-paris.fr").expect("email"));
    lycee.phone = Some(Phone::parse("01 44 62 35 00").expect("phone"));
    lycee.notes = Restricted::Clear("- rappeler le proviseur\n\tlundi; mardi, \"jeudi\" ".into());
    let lycee = save(service, lycee);

    let mut firm = company(siret(7), "'=Atelier ; Durand, \"et fils\"");
    firm.offers = vec![Offer::Stage, Offer::Visit];
    firm.inclusive_kind = InclusiveKind::Esat;
    firm.cpme_member = true;
    firm.phone = Some(Phone::parse("+33 6 12 34 56 78").expect("phone"));
    firm.notes = Restricted::Clear("@SOMME(A1)\n+33 (0)1".into());
    firm.meta.confidentiality = secret(Some(Organisation::CpmeIdf));
    let firm = save(service, firm);

    let mut tutor = contact_of(
        ContactOrganisation::Service {
            service: AcademicService::Casnav,
            academie: Academie::Creteil,
        },
        "Mme Diallo",
    );
    tutor.email = Restricted::Clear(Some(Email::parse("-diallo@ac-creteil.fr").expect("email")));
    tutor.phone = Restricted::Clear(Some(Phone::parse("0612345678").expect("phone")));
    tutor.notes = Restricted::Clear("=1+1".into());
    tutor.meta.confidentiality = secret(None);
    let tutor = save(service, tutor);

    let mut pupil = learner(lycee, "Inès Benali");
    let mut needs = sensitive_needs();
    needs.disability = true;
    needs.note = "\taménagement | tiers temps\nsalle à part".into();
    pupil.sensitive = Restricted::Clear(needs);
    pupil.notes = Restricted::Clear("+ suivi".into());
    let pupil = save(service, pupil);

    let mut stage = placement(pupil, lycee, day(2026, 11, 2), day(2026, 11, 20));
    stage.company = Some(firm);
    stage.notes = Restricted::Clear("'- déjà guillemeté".into());
    stage.meta.confidentiality = secret(Some(Organisation::AcademieParis));
    let stage = save(service, stage);

    let mut visit = immersion(
        firm,
        "M. Roux",
        day(2026, 5, 4),
        2,
        ImmersionStatus::Evaluated,
    );
    visit.school = Some(lycee);
    let mut evaluated = evaluation(day(2026, 6, 1));
    evaluated.comment = Restricted::Clear("- très bien\n- à refaire".into());
    evaluated.company_feedback = Restricted::Clear("\"ravis\"".into());
    visit.evaluation = Some(evaluated);
    visit.meta.confidentiality = secret(None);
    let visit = save(service, visit);

    let mut forum = event("Forum ; des métiers, \"2026\"", day(2026, 12, 3));
    forum.schools = vec![lycee, RecordId(1)];
    forum.companies = vec![firm];
    forum.pupils_reached = 120;
    forum.notes = Restricted::Clear("=A1".into());
    let forum = save(service, forum);

    let mut framework = agreement("Convention | cadre", AgreementStatus::Draft, None);
    framework.schools = vec![lycee];
    framework.notes = Restricted::Clear("@ voir le rectorat".into());
    framework.meta.confidentiality = secret(Some(Organisation::AcademieVersailles));
    let framework = save(service, framework);

    vec![
        (Kind::Company, firm),
        (Kind::Contact, tutor),
        (Kind::Learner, pupil),
        (Kind::Placement, stage),
        (Kind::Immersion, visit),
        (Kind::Agreement, framework),
        // Not confidential: consent changes nothing, recorded all the same.
        (Kind::Event, forum),
    ]
}

/// The first two confidential records of each kind of the demo.
fn some_confidential(store: &Store) -> Vec<(Kind, RecordId)> {
    let mut chosen = Vec::new();
    for kind in Kind::ALL {
        chosen.extend(
            store
                .records(*kind)
                .map(|record| record.expect("a record"))
                .filter(|record| record.meta().confidentiality.confidential)
                .take(2)
                .map(|record| (*kind, record.id())),
        );
    }
    chosen
}

fn consent(store: &Path, records: &[(Kind, RecordId)]) {
    for (kind, id) in records {
        run(
            store,
            &[
                "consent",
                kind.code(),
                &id.to_string(),
                "--by",
                "Mme Haddad (représentante légale)",
                "--on",
                "2026-09-01",
                "--for",
                "export",
            ],
        );
    }
}

/// Exports every kind to `dir`, returns the files by kind.
fn export_all(store: &Path, dir: &Path, excel: bool) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).expect("a directory");
    KINDS
        .iter()
        .map(|kind| {
            let file = dir.join(format!("{kind}.csv"));
            let path = file.to_str().expect("utf-8");
            let mut args = vec!["export", kind, "--output", path];
            if excel {
                args.push("--excel");
            }
            run(store, &args);
            file
        })
        .collect()
}

#[test]
fn an_export_imported_into_an_empty_store_exports_again_the_same_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let source = dir.path().join("source");
    run(&source, &["demo", "--size", "400"]);
    let (consented, counts) = {
        let store = open(&source);
        let mut consented = some_confidential(&store);
        let service = Service::new(store);
        consented.extend(add_hard_cases(&service));
        drop(service);
        let store = open(&source);
        let counts: Vec<usize> = KINDS
            .iter()
            .map(|kind| store.records(Kind::parse(kind).expect("a kind")).count())
            .collect();
        (consented, counts)
    };
    assert!(counts.iter().all(|count| *count > 0), "{counts:?}");
    consent(&source, &consented);

    for excel in [false, true] {
        let dialect = if excel { "excel" } else { "plain" };
        let before = export_all(
            &source,
            &dir.path().join(format!("{dialect}-before")),
            excel,
        );
        let target = dir.path().join(format!("{dialect}-store"));
        for ((kind, file), count) in KINDS.iter().zip(&before).zip(&counts) {
            let report = run(
                &target,
                &[
                    "import",
                    "csv",
                    kind,
                    file.to_str().expect("utf-8"),
                    "--json",
                ],
            );
            let report: Value = serde_json::from_str(&report).expect("a JSON report");
            assert_eq!(
                report["rejected"],
                serde_json::json!([]),
                "{dialect} {kind}"
            );
            assert_eq!(
                report["created"], *count,
                "{dialect} {kind}: every row created"
            );
        }
        run(&target, &["check"]);
        consent(&target, &consented);
        let after = export_all(&target, &dir.path().join(format!("{dialect}-after")), excel);
        for ((kind, before), after) in KINDS.iter().zip(&before).zip(&after) {
            let before = std::fs::read(before).expect("the first export");
            let after = std::fs::read(after).expect("the second export");
            assert!(
                before == after,
                "{dialect} {kind}: the files differ\n--- before\n{}\n--- after\n{}",
                String::from_utf8_lossy(&before),
                String::from_utf8_lossy(&after)
            );
        }
        // Not vacuous: what needs guarding, quoting, escaping and spacing
        // is in the files, and restricted values in clear where consent
        // lets them leave.
        let text = |kind: &str| {
            let index = KINDS.iter().position(|k| *k == kind).expect("a kind");
            std::fs::read_to_string(&after[index]).expect("a file")
        };
        assert!(text("school").contains("'=HYPERLINK(\"\"http"), "{dialect}");
        assert!(text("school").contains("CAP cuisine \\| service|BTS \\\\ MCO"));
        assert!(
            text("learner").contains("tiers temps\nsalle à part"),
            "{dialect}"
        );
        let siret = if excel {
            "123 456 782 00077"
        } else {
            "12345678200077"
        };
        assert!(text("company").contains(siret), "{dialect}");
    }

    // A withheld value (a confidential record without consent) is an
    // empty cell, so it does not travel: those learners lost their
    // needs in the new store; the consented one kept them.
    let with_needs = |dir: &Path| {
        let store = open(dir);
        store
            .records(Kind::Learner)
            .map(|record| record.expect("a record"))
            .filter(|record| match record {
                Record::Learner(learner) => {
                    learner.sensitive.clear().is_some_and(|n| !n.is_empty())
                }
                _ => false,
            })
            .count()
    };
    let (before, after) = (
        with_needs(&source),
        with_needs(&dir.path().join("plain-store")),
    );
    assert!(0 < after && after < before, "{after} of {before}");
}
