//! `passerelle export`: every kind in CSV, JSON and the spreadsheet
//! dialect through the real binary; formulas neutralised; what is
//! confidential leaves only for those cleared with consent to export
//! recorded; each export audited with its row count; pages under their
//! audit entry only.

use crate::common;
use crate::common::me;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use common::{
    Fixture, agreement, company, contact, day, evaluation, event, immersion, learner, passerelle,
    placement, reopen_service, school, sensitive_needs, siret, stderr, stdout,
};
use passerelle::csv_format::columns;
use passerelle::domain::audit::AuditAction;
use passerelle::domain::consent::ConsentUse;
use passerelle::domain::status::{AgreementStatus, ImmersionStatus};
use passerelle::domain::{Kind, RecordId, RecordRef, Restricted};
use passerelle::service::audit::AuditRequest;
use passerelle::service::consent::ConsentInput;
use passerelle::service::export::{ExportCursor, ExportRequest};
use passerelle::service::get::RecordKey;
use passerelle::service::{Caller, Clock, Service, ServiceError};

const CANARY: &str = "CANARI-7X";
const FORMULA: &str = "=HYPERLINK(\"http://exemple.fr/x\";\"clic\")";

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

/// A store closed after it was filled, for the binary to open; the
/// service is opened again in the test process between runs.
struct Place {
    dir: tempfile::TempDir,
}

impl Place {
    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `users.toml`: alice admin (Paris), and the account running the
    /// binary as `role` of `organisation`.
    fn team(&self, role: &str, organisation: &str) {
        std::fs::write(
            self.path().join("users.toml"),
            format!(
                "[users.alice]\nname = \"Alice Martin\"\norganisation = \"paris\"\nrole = \"admin\"\n\n\
                 [users.{}]\nname = \"Moi\"\norganisation = \"{organisation}\"\nrole = \"{role}\"\n",
                me()
            ),
        )
        .expect("users.toml written");
    }

    /// Runs `f` with the service over the store, as alice, then closes it.
    fn with_service<T>(&self, f: impl FnOnce(&Service, &Caller) -> T) -> T {
        let service = reopen_service(&self.dir, Clock::fixed_on(common::today()));
        let result = f(&service, &common::caller("alice"));
        drop(service);
        result
    }
}

/// One record of each kind: a school named like a formula, a learner of
/// a Créteil school made confidential by its needs with the canary in
/// its notes and needs.
fn filled() -> (Fixture, RecordRef) {
    let fixture = Fixture::new();
    let formula = fixture.create(school("0750655E", FORMULA));
    let lycee = fixture.create(school("0940120V", "Lycée Langevin"));
    let firm = fixture.create(company(siret(1), "Atelier Durand"));
    let mut tutor = contact(firm.meta.id, "Jean Tuteur");
    tutor.notes = Restricted::Clear("- rappeler le lundi".into());
    let tutor = fixture.create(tutor);
    let mut pupil = learner(lycee.meta.id, "Yasmine Haddad");
    let mut needs = sensitive_needs();
    needs.note = format!("aménagement {CANARY}");
    pupil.sensitive = Restricted::Clear(needs);
    pupil.notes = Restricted::Clear(format!("note {CANARY}"));
    let pupil = fixture.create(pupil);
    fixture.create(learner(formula.meta.id, "Léo Martin"));
    let mut stage = placement(
        pupil.meta.id,
        lycee.meta.id,
        day(2026, 12, 7),
        day(2026, 12, 18),
    );
    stage.company = Some(firm.meta.id);
    stage.tutor = Some(tutor.meta.id);
    fixture.create(stage);
    let mut visit = immersion(
        firm.meta.id,
        "Marc Enseignant",
        day(2026, 10, 5),
        2,
        ImmersionStatus::Evaluated,
    );
    visit.evaluation = Some(evaluation(day(2026, 10, 20)));
    fixture.create(visit);
    let mut forum = event("Forum des métiers", day(2026, 12, 3));
    forum.schools = vec![formula.meta.id, lycee.meta.id];
    fixture.create(forum);
    fixture.create(agreement(
        "Convention cadre",
        AgreementStatus::Signed,
        Some(day(2025, 9, 1)),
    ));
    (fixture, RecordRef::new(Kind::Learner, pupil.meta.id))
}

/// [`filled`], closed.
fn store() -> (Place, RecordRef) {
    let (fixture, pupil) = filled();
    let Fixture { dir, service, .. } = fixture;
    drop(service);
    (Place { dir }, pupil)
}

/// Rows of a CSV (RFC 4180 quoting), header first.
fn parse_csv(text: &str, separator: char) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, other) => cell.push(other),
            (false, '"') => quoted = true,
            (false, c) if c == separator => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, other) => cell.push(other),
        }
    }
    assert!(cell.is_empty() && row.is_empty(), "the last line ends");
    rows
}

fn names(kind: Kind) -> Vec<String> {
    columns(kind).iter().map(|c| c.name.to_owned()).collect()
}

/// The cell of `column` in a data row.
fn cell<'a>(rows: &'a [Vec<String>], row: usize, column: &str) -> &'a str {
    let position = rows[0]
        .iter()
        .position(|name| name == column)
        .unwrap_or_else(|| panic!("no column {column}"));
    &rows[row][position]
}

fn export(store: &Path, args: &[&str]) -> String {
    let output = passerelle(store, &[&["export"], args].concat());
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    stdout(&output)
}

#[test]
fn every_kind_exports_as_csv_json_and_for_spreadsheets() {
    let (fixture, _) = store();
    fixture.team("admin", "paris");
    let expected_rows = [2, 1, 1, 2, 1, 1, 1, 1];
    for (kind_code, rows) in KINDS.into_iter().zip(expected_rows) {
        let kind = Kind::parse(kind_code).expect("a kind");
        // CSV: ',', no BOM, LF, ISO dates.
        let text = export(fixture.path(), &[kind_code]);
        assert!(!text.starts_with('\u{feff}'), "{kind_code}: no BOM");
        assert!(!text.contains('\r'), "{kind_code}: LF line ends");
        let csv = parse_csv(&text, ',');
        assert_eq!(csv[0], names(kind), "{kind_code}: header");
        assert_eq!(csv.len(), rows + 1, "{kind_code}: rows");
        assert!(csv.iter().all(|row| row.len() == csv[0].len()));
        assert_eq!(cell(&csv, 1, "id"), "1");

        // Spreadsheets: BOM, ';', CRLF, dates DD/MM/YYYY.
        let excel = export(fixture.path(), &[kind_code, "--excel"]);
        let body = excel.strip_prefix('\u{feff}').expect("a UTF-8 BOM first");
        assert_eq!(
            body.matches("\r\n").count(),
            body.matches('\n').count(),
            "{kind_code}: CRLF line ends"
        );
        let sheet = parse_csv(body, ';');
        // Headers for people, in French: no code of a column.
        let headers: Vec<String> = columns(kind)
            .iter()
            .map(|column| passerelle::i18n::sheet::header(kind, column, passerelle::i18n::Lang::Fr))
            .collect();
        assert_eq!(sheet[0], headers, "{kind_code}");
        assert!(
            sheet[0].iter().all(|header| !header.contains('_')),
            "{kind_code}"
        );
        assert_eq!(sheet.len(), rows + 1);

        // JSON: an array of objects keyed by the same columns.
        let json: serde_json::Value =
            serde_json::from_str(&export(fixture.path(), &[kind_code, "--format", "json"]))
                .unwrap_or_else(|error| panic!("{kind_code}: JSON ({error})"));
        let objects = json.as_array().expect("an array");
        assert_eq!(objects.len(), rows);
        let keys: Vec<String> = objects[0]
            .as_object()
            .expect("an object")
            .keys()
            .cloned()
            .collect();
        let mut sorted = names(kind);
        sorted.sort();
        let mut keys_sorted = keys;
        keys_sorted.sort();
        assert_eq!(keys_sorted, sorted, "{kind_code}: JSON keys");
    }

    // A few cells, as each format writes them.
    let schools = parse_csv(&export(fixture.path(), &["schools"]), ',');
    assert_eq!(cell(&schools, 1, "uai"), "0750655E");
    assert_eq!(cell(&schools, 1, "kind"), "lycee_general");
    assert_eq!(cell(&schools, 2, "name"), "Lycée Langevin");
    let placements = parse_csv(&export(fixture.path(), &["placements"]), ',');
    assert_eq!(cell(&placements, 1, "start"), "2026-12-07");
    assert_eq!(cell(&placements, 1, "tutor"), "1");
    assert_eq!(cell(&placements, 1, "status"), "requested");
    let excel = export(fixture.path(), &["placements", "--excel"]);
    let sheet = parse_csv(excel.trim_start_matches('\u{feff}'), ';');
    assert_eq!(cell(&sheet, 1, "début"), "07/12/2026");
    assert_eq!(cell(&sheet, 1, "fin"), "18/12/2026");
    // Words and names for people: a status by its name, a link by its
    // number and name.
    assert_eq!(cell(&sheet, 1, "statut"), "demandé");
    assert_eq!(
        cell(&sheet, 1, "établissement"),
        "2 — Lycée Langevin (0940120V)"
    );
    let english = export(fixture.path(), &["--lang", "en", "placements", "--excel"]);
    let english = parse_csv(english.trim_start_matches('\u{feff}'), ';');
    assert_eq!(cell(&english, 1, "status"), "requested");
    let companies = parse_csv(
        export(fixture.path(), &["companies", "--excel"]).trim_start_matches('\u{feff}'),
        ';',
    );
    let siret = cell(&companies, 1, "SIRET");
    assert!(siret.contains(' '), "a SIRET in groups stays text: {siret}");
    let events = parse_csv(&export(fixture.path(), &["events"]), ',');
    assert_eq!(cell(&events, 1, "schools"), "1|2");
    let immersions = parse_csv(&export(fixture.path(), &["immersions"]), ',');
    assert_eq!(cell(&immersions, 1, "welcome"), "4");
    assert_eq!(cell(&immersions, 1, "evaluated_on"), "2026-10-20");
    let json: serde_json::Value =
        serde_json::from_str(&export(fixture.path(), &["events", "--format", "json"]))
            .expect("JSON");
    assert_eq!(json[0]["schools"], serde_json::json!([1, 2]));
    assert_eq!(json[0]["date"], "2026-12-03");
    assert_eq!(json[0]["pupils_reached"], 0);
}

#[test]
fn what_a_spreadsheet_would_execute_is_neutralised_in_csv_not_in_json() {
    let (fixture, _) = store();
    fixture.team("admin", "paris");
    for args in [&["schools"][..], &["schools", "--excel"]] {
        let text = export(fixture.path(), args);
        let separator = if args.len() > 1 { ';' } else { ',' };
        let rows = parse_csv(text.trim_start_matches('\u{feff}'), separator);
        let name = if args.len() > 1 { "nom" } else { "name" };
        assert_eq!(cell(&rows, 1, name), format!("'{FORMULA}"), "{args:?}");
        // No cell of any line starts a formula.
        for row in &rows {
            for value in row {
                assert!(
                    !value.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{value}"
                );
            }
        }
    }
    let contacts = parse_csv(&export(fixture.path(), &["contacts"]), ',');
    assert_eq!(cell(&contacts, 1, "notes"), "'- rappeler le lundi");
    let json: serde_json::Value =
        serde_json::from_str(&export(fixture.path(), &["schools", "--format", "json"]))
            .expect("JSON");
    assert_eq!(json[0]["name"], FORMULA, "JSON is for programs: as stored");
}

/// The learner's restricted cells in a CSV export of learners.
fn learner_cells(fixture: &Place, id: RecordId) -> (String, String, String) {
    let text = export(fixture.path(), &["learners"]);
    let rows = parse_csv(&text, ',');
    let row = rows
        .iter()
        .position(|row| row[0] == id.to_string())
        .expect("the learner's row");
    (
        cell(&rows, row, "notes").to_owned(),
        cell(&rows, row, "sensitive_needs").to_owned(),
        cell(&rows, row, "sensitive_needs_note").to_owned(),
    )
}

fn record_consent(fixture: &Place, learner: RecordRef, uses: Vec<ConsentUse>) {
    fixture.with_service(|service, alice| {
        service
            .record_consent(
                alice,
                &RecordKey::Id(learner),
                ConsentInput {
                    given_by: "Mme Haddad, mère".into(),
                    given_on: day(2026, 9, 12),
                    uses,
                },
            )
            .expect("alice records the consent")
    });
}

#[test]
fn confidential_fields_leave_only_for_the_cleared_with_consent_to_export() {
    let (fixture, pupil) = store();
    let empty = (String::new(), String::new(), String::new());

    // A coordinator of another organisation: never, consent or not.
    fixture.team("coordinator", "cpme");
    assert_eq!(learner_cells(&fixture, pupil.id), empty);
    // Cleared (an admin), without consent: not either; the columns stay.
    fixture.team("admin", "paris");
    assert_eq!(learner_cells(&fixture, pupil.id), empty);
    // Consent to the report only: not to export.
    record_consent(&fixture, pupil, vec![ConsentUse::Report]);
    assert_eq!(learner_cells(&fixture, pupil.id), empty);
    for args in [
        &["learners"][..],
        &["learners", "--excel"],
        &["learners", "--format", "json"],
    ] {
        assert!(!export(fixture.path(), args).contains(CANARY), "{args:?}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&export(fixture.path(), &["learners", "--format", "json"]))
            .expect("JSON");
    assert_eq!(json[0]["notes"], serde_json::json!({ "masked": true }));

    // With consent to export: in clear for the cleared.
    record_consent(&fixture, pupil, vec![ConsentUse::Export]);
    let (notes, needs, note) = learner_cells(&fixture, pupil.id);
    assert_eq!(notes, format!("note {CANARY}"));
    assert_eq!(needs, "casnav_followed|permit_pending");
    assert_eq!(note, format!("aménagement {CANARY}"));
    assert!(export(fixture.path(), &["learners", "--format", "json"]).contains(CANARY));
    // ... and still not for the uncleared, consent or not; a coordinator
    // of the owning académie is cleared.
    fixture.team("coordinator", "cpme");
    assert_eq!(learner_cells(&fixture, pupil.id), empty);
    fixture.team("reader", "creteil");
    assert_eq!(learner_cells(&fixture, pupil.id), empty);
    fixture.team("coordinator", "creteil");
    assert_eq!(
        learner_cells(&fixture, pupil.id).0,
        format!("note {CANARY}")
    );
}

/// The newest `Exported` entry, with its account.
fn last_export(fixture: &Place) -> (String, AuditAction) {
    fixture.with_service(|service, alice| {
        let trail = service
            .audit(
                alice,
                &AuditRequest {
                    limit: 1,
                    ..AuditRequest::default()
                },
            )
            .expect("the trail");
        let entry = trail.entries.into_iter().next().expect("an entry");
        (entry.account, entry.action)
    })
}

#[test]
fn every_export_is_audited_with_its_row_count() {
    let (fixture, pupil) = store();
    fixture.team("admin", "paris");
    export(fixture.path(), &["learners"]);
    assert_eq!(
        last_export(&fixture),
        (
            me(),
            AuditAction::Exported {
                kind: Kind::Learner,
                rows: 2,
                revealed: 0
            }
        )
    );
    record_consent(&fixture, pupil, vec![ConsentUse::Export]);
    export(fixture.path(), &["learners", "--format", "json"]);
    assert_eq!(
        last_export(&fixture).1,
        AuditAction::Exported {
            kind: Kind::Learner,
            rows: 2,
            revealed: 1
        }
    );
    export(fixture.path(), &["schools", "--excel"]);
    assert_eq!(
        last_export(&fixture).1,
        AuditAction::Exported {
            kind: Kind::School,
            rows: 2,
            revealed: 0
        }
    );
    // Worded in the trail.
    let audit = passerelle(fixture.path(), &["audit", "--limit", "1"]);
    assert!(
        stdout(&audit).contains("export : établissements"),
        "{}",
        stdout(&audit)
    );
}

#[test]
fn an_export_to_a_file_is_whole_and_readable_by_its_writer_alone_when_it_reveals() {
    let (fixture, pupil) = store();
    fixture.team("admin", "paris");
    // Beside the store: its directory holds only the store.
    let elsewhere = tempfile::tempdir().expect("a temporary directory");
    let out = elsewhere.path().join("out");
    std::fs::create_dir(&out).expect("a directory");
    let schools = out.join("écoles.csv");
    let output = passerelle(
        fixture.path(),
        &[
            "export",
            "schools",
            "--output",
            &schools.display().to_string(),
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).is_empty(), "the data went to the file");
    assert!(stderr(&output).contains("2 lignes (établissements) exportées"));
    assert_eq!(
        std::fs::read_to_string(&schools).expect("written"),
        export(fixture.path(), &["schools"])
    );

    record_consent(&fixture, pupil, vec![ConsentUse::Export]);
    let learners = out.join("learners.json");
    let output = passerelle(
        fixture.path(),
        &[
            "export",
            "learners",
            "--format",
            "json",
            "--output",
            &learners.display().to_string(),
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let mode = std::fs::metadata(&learners)
        .expect("written")
        .permissions()
        .mode();
    assert_eq!(mode & 0o077, 0, "revealed fields: private ({mode:o})");
    // Nothing but the two files: no partial file left beside them.
    assert_eq!(common::names_in(&out), vec!["learners.json", "écoles.csv"]);

    // A file that cannot be written: said, exit 6, nothing left.
    let output = passerelle(
        fixture.path(),
        &["export", "schools", "--output", "/nonexistent-dir/x.csv"],
    );
    assert_eq!(output.status.code(), Some(6));
    assert!(stderr(&output).contains("/nonexistent-dir/x.csv"));
}

#[test]
fn bad_arguments_are_refused_before_the_store_is_opened() {
    let dir = tempfile::tempdir().expect("a directory");
    let store = dir.path().join("none");
    for args in [
        &["export", "schools", "--format", "xml"][..],
        &["export", "schools", "--format", "json", "--excel"],
        &["export", "scholls"],
    ] {
        let output = passerelle(&store, args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(!stderr(&output).is_empty());
    }
    assert!(!store.exists(), "no store was created");
}

#[test]
fn pages_follow_their_audited_export_and_stop_at_its_start() {
    let (fixture, _) = filled();
    let service = &fixture.service;
    let caller = &fixture.caller;
    let first = service
        .export(
            caller,
            &ExportRequest {
                kind: Kind::School,
                cursor: None,
                limit: 1,
            },
        )
        .expect("the first page");
    let started = first.started.expect("audited");
    assert_eq!((started.rows, started.revealed), (2, 0));
    assert_eq!(first.records.len(), 1);
    let cursor = first.next.expect("a next page");
    // A school made after the start is not part of this export.
    fixture.create(school("0930122C", "Collège tardif"));
    let second = service
        .export(
            caller,
            &ExportRequest {
                kind: Kind::School,
                cursor: Some(cursor),
                limit: 1,
            },
        )
        .expect("the next page");
    assert_eq!(second.records.len(), 1);
    assert_eq!(second.records[0].id(), RecordId(2));
    assert!(second.next.is_none() && second.started.is_none());

    // A page without its export's entry (forged, another kind, another
    // account) is refused.
    let forged = ExportCursor {
        audit: 1,
        after: RecordId(0),
        until: RecordId(99),
    };
    for (kind, cursor, who) in [
        (Kind::School, forged, caller.clone()),
        (Kind::Learner, cursor, caller.clone()),
        (Kind::School, cursor, common::caller("bob")),
    ] {
        fixture.allow_coordinators(&["bob"]);
        let refused = service.export(
            &who,
            &ExportRequest {
                kind,
                cursor: Some(cursor),
                limit: 10,
            },
        );
        assert!(
            matches!(refused, Err(ServiceError::BadRequest(_))),
            "{kind:?} {}: {refused:?}",
            who.account
        );
    }
}
