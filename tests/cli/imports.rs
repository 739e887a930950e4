//! Imports: the real files of tests/data/real (as the ministry and
//! INSEE publish them), files damaged as spreadsheets damage them, the
//! generic CSV of every kind round-tripped, and the command through the
//! binary, directly and through a server.

use crate::common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use common::{caller, passerelle, school, stderr, stdout};
use passerelle::client::Backend;
use passerelle::csv_format::{Dialect, cells, columns};
use passerelle::domain::audit::FrontEnd;
use passerelle::domain::identifiers::{Siret, Uai};
use passerelle::domain::records::{Record, SchoolKind, Sector, SpecialUnit};
use passerelle::domain::{Kind, RecordRef};
use passerelle::import::{FileReport, Format, ImportSettings, SkipReason, run};
use passerelle::service::get::RecordKey;
use passerelle::service::import::{ImportOptions, ImportProblem};
use passerelle::service::protocol::{Request, Response};
use passerelle::service::save::SaveRequest;
use passerelle::service::{Caller, Service};
use passerelle::store::{OpenOptions, Store};

/// The real files, copied byte for byte into the repository (see
/// tests/data/real/SOURCES.md) so that a fresh clone tests with them.
fn real(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/real")
        .join(name)
}

const ANNUAIRE: &str = "annuaire_education_rennes35_2023.csv";
const GEOLOC: &str = "geoloc_colleges35_labels_header_2023.csv";
const SIRENE: &str = "sirene_stock_etablissement_head_2022.csv";
const UNITES: &str = "sirene_stock_unite_legale_sample_3rows.csv";

/// A store opened in the test's process, for the account `alice` (its
/// creator, so an admin), from the interface.
fn backend(dir: &Path) -> Backend {
    let store = Store::open(dir, &OpenOptions::new("alice")).expect("the store opens");
    Backend::Direct {
        service: Box::new(Service::new(store)),
        caller: Caller {
            account: "alice".into(),
            front_end: FrontEnd::Tui,
        },
    }
}

/// Saves a record through `backend`, as a form does; the record saved.
fn saved(backend: &Backend, record: Record) -> Record {
    match backend
        .call(Request::Save(Box::new(SaveRequest { record })))
        .expect("saved")
    {
        Response::Saved(saved) => saved.record,
        other => panic!("not saved: {other:?}"),
    }
}

fn import(backend: &Backend, settings: &ImportSettings) -> FileReport {
    run(backend, settings, &mut |_| {}).unwrap_or_else(|e| panic!("imported: {e:?}"))
}

fn settings(format: Format, file: PathBuf) -> ImportSettings {
    ImportSettings::new(format, file)
}

fn audit_entries(backend: &Backend) -> u64 {
    backend.check().expect("check").audit_entries
}

fn school_of(backend: &Backend, code: &str) -> passerelle::domain::records::School {
    let key = RecordKey::Uai(Uai::parse(code).expect("uai"));
    match backend.get(&key).expect("the school").record {
        Record::School(school) => school,
        other => panic!("not a school: {other:?}"),
    }
}

fn rejected_lines(report: &FileReport) -> Vec<(u64, String)> {
    report
        .report
        .rejected
        .iter()
        .map(|issue| (issue.line, issue.column.clone()))
        .collect()
}

#[test]
fn the_annuaire_of_rennes_imports_once_then_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let backend = backend(dir.path());
    let report = import(&backend, &settings(Format::Annuaire, real(ANNUAIRE)));
    assert_eq!(report.rows, 996);
    assert_eq!(report.report.created, 202);
    // The directory lists an establishment once per nature: a UAI
    // twice, the second line rejected, naming the first.
    assert_eq!(report.report.rejected_rows, 3);
    assert_eq!(
        rejected_lines(&report),
        [
            (940, "Identifiant_de_l_etablissement".to_owned()),
            (961, "Identifiant_de_l_etablissement".to_owned()),
            (974, "Identifiant_de_l_etablissement".to_owned()),
        ]
    );
    assert_eq!(
        report.report.rejected[0].problem,
        ImportProblem::DuplicateInFile { first_line: 139 }
    );
    let skipped: u64 = report.skipped.iter().map(|s| s.rows).sum();
    assert_eq!(skipped, 791);
    assert!(report.skipped.contains(&passerelle::import::Skipped {
        reason: SkipReason::NotHeld {
            nature: "ECOLE DE NIVEAU ELEMENTAIRE".into()
        },
        rows: 573
    }));

    // A collège, field by field (line 705 of the file).
    let querpon = school_of(&backend, "0350017D");
    assert_eq!(querpon.name, "Collège du Querpon");
    assert_eq!(querpon.kind, SchoolKind::College);
    assert_eq!(querpon.sector, Sector::Public);
    assert_eq!(querpon.commune, "Val d'Anast");
    assert_eq!(querpon.postal_code.as_str(), "35330");
    assert_eq!(querpon.special_units, [SpecialUnit::Ulis]);
    assert_eq!(
        querpon.phone.as_ref().map(|p| p.as_str()),
        Some("0299349323")
    );
    assert_eq!(querpon.meta.created_by, "alice");
    // Rennes is outside Île-de-France: imported, with no académie.
    assert_eq!(querpon.uai.academie(), None);
    // A primary school is left aside.
    assert!(
        backend
            .get(&RecordKey::Uai(Uai::parse("0350122T").expect("uai")))
            .is_err()
    );

    // The creations are audited one by one, from the front end `import`.
    let entries = audit_entries(&backend);
    assert_eq!(entries, 202);
    let trail = backend
        .audit(&passerelle::service::audit::AuditRequest {
            kind: None,
            key: None,
            account: None,
            since: None,
            limit: 1,
        })
        .expect("audit");
    assert_eq!(trail.entries[0].front_end, FrontEnd::Import);

    // The same file again: nothing changes, not a revision, not an entry.
    let again = import(&backend, &settings(Format::Annuaire, real(ANNUAIRE)));
    assert_eq!(again.report.created, 0);
    assert_eq!(again.report.updated, 0);
    assert_eq!(again.report.unchanged, 202);
    assert!(!again.report.written);
    assert_eq!(audit_entries(&backend), entries);
    assert_eq!(school_of(&backend, "0350017D").meta.revision, 1);
    assert!(backend.check().expect("check").problems.is_empty());
}

#[test]
fn the_geolocation_file_with_label_headers_updates_the_same_schools() {
    let dir = tempfile::tempdir().expect("tempdir");
    let backend = backend(dir.path());
    let only = import(&backend, &settings(Format::Annuaire, real(GEOLOC)));
    assert_eq!(only.rows, 117);
    assert_eq!(only.report.created, 117);
    assert_eq!(only.report.rejected_rows, 0);
    let querpon = school_of(&backend, "0350017D");
    assert_eq!(querpon.name, "Collège du Querpon");
    assert_eq!(querpon.commune, "Val d'Anast");
    // The geolocation file has no phone: none made up.
    assert_eq!(querpon.phone, None);

    // The directory then fills what the geolocation file lacks.
    let both = import(&backend, &settings(Format::Annuaire, real(ANNUAIRE)));
    assert_eq!(both.report.created, 202 - 116);
    let querpon = school_of(&backend, "0350017D");
    assert!(querpon.phone.is_some());
    assert_eq!(querpon.meta.revision, 2);
}

#[test]
fn filters_keep_the_academies_and_departements_asked_for() {
    let dir = tempfile::tempdir().expect("tempdir");
    let backend = backend(dir.path());
    let mut paris = settings(Format::Annuaire, real(ANNUAIRE));
    paris.academies = vec![passerelle::domain::Academie::Paris];
    let report = import(&backend, &paris);
    assert_eq!(report.report.created, 0);
    assert_eq!(report.skipped[0].reason, SkipReason::OutsideFilter);
    assert_eq!(report.skipped[0].rows, 996);

    let mut rennes = settings(Format::Annuaire, real(ANNUAIRE));
    rennes.departements = vec!["035".into()];
    rennes.options.dry_run = true;
    assert_eq!(import(&backend, &rennes).report.created, 202);
}

#[test]
fn sirene_takes_active_establishments_named_from_their_legal_units() {
    let dir = tempfile::tempdir().expect("tempdir");
    let backend = backend(dir.path());
    let mut sirene = settings(Format::Sirene, real(SIRENE));
    sirene.unites_legales = Some(real(UNITES));
    let report = import(&backend, &sirene);
    assert_eq!(report.rows, 99);
    assert_eq!(report.skipped.len(), 1);
    assert_eq!(report.skipped[0].reason, SkipReason::Closed);
    assert_eq!(report.skipped[0].rows, 92);
    assert_eq!(report.report.created, 1);
    // Six active establishments whose SIREN the three-row sample lacks,
    // without a trade name either.
    assert_eq!(report.report.rejected_rows, 6);
    assert!(
        report
            .report
            .rejected
            .iter()
            .all(|issue| issue.problem == ImportProblem::NoCompanyName)
    );
    assert_eq!(report.report.rejected[0].line, 50);

    let key = RecordKey::Siret(Siret::parse("00032517500065").expect("siret"));
    let Record::Company(company) = backend.get(&key).expect("the company").record else {
        panic!("not a company");
    };
    // A sole trader without a trade name: named by their SIREN, never
    // by their own first and last names (personal data).
    assert_eq!(company.name, "Entrepreneur individuel, SIREN 000 325 175");
    let json = serde_json::to_string(&company).expect("json");
    assert!(
        !json.contains("JANOYER") && !json.contains("THIERRY"),
        "{json}"
    );
    assert_eq!(company.commune, "MARSEILLE 4");
    assert_eq!(company.postal_code.as_str(), "13004");
    assert_eq!(company.naf.as_ref().map(|n| n.as_str()), Some("32.12Z"));

    // Closed establishments too: named when their legal unit is known,
    // their older activity codes (NAP) left empty.
    let mut all = sirene.clone();
    all.include_closed = true;
    all.options.dry_run = true;
    let everything = import(&backend, &all);
    assert!(everything.skipped.is_empty());
    assert_eq!(everything.report.unchanged, 1);
    assert!(everything.report.created > 0);
}

#[test]
fn sirene_keeps_the_academies_asked_for_and_names_them_from_their_legal_units() {
    use passerelle::domain::identifiers::siret::complete_siren;
    let dir = tempfile::tempdir().expect("tempdir");
    let backend = backend(&dir.path().join("store"));
    let place = |n: u32| {
        let siren = complete_siren(10_000_000 + n).expect("siren");
        let siret = Siret::complete(&siren, 1).expect("siret");
        (siren.as_str().to_owned(), siret.as_str().to_owned())
    };
    let (paris, montreuil, marseille) = (place(1), place(2), place(3));
    let establishments = format!(
        "siren,siret,etatAdministratifEtablissement,codePostalEtablissement,libelleCommuneEtablissement\n\
         {},{},A,75008,PARIS 8\n\
         {},{},A,93100,MONTREUIL\n\
         {},{},A,13004,MARSEILLE 4\n",
        paris.0, paris.1, montreuil.0, montreuil.1, marseille.0, marseille.1
    );
    let units = format!(
        "siren,denominationUniteLegale\n{},BOULANGERIE DE PARIS\n{},ATELIERS DE MONTREUIL\n{},SAVONNERIE\n",
        paris.0, montreuil.0, marseille.0
    );
    let mut asked = settings(
        Format::Sirene,
        write(dir.path(), "etablissements.csv", &establishments),
    );
    asked.unites_legales = Some(write(dir.path(), "unites.csv", &units));
    asked.academies = vec![passerelle::domain::academie::Academie::Creteil];
    let report = import(&backend, &asked);
    assert_eq!(report.report.created, 1, "{:?}", report.report.rejected);
    assert_eq!(report.skipped.len(), 1);
    assert_eq!(report.skipped[0].reason, SkipReason::OutsideFilter);
    assert_eq!(report.skipped[0].rows, 2);
    let key = RecordKey::Siret(Siret::parse(&montreuil.1).expect("siret"));
    let Record::Company(company) = backend.get(&key).expect("the company").record else {
        panic!("not a company");
    };
    assert_eq!(company.name, "ATELIERS DE MONTREUIL");
    // By département: Paris alone.
    let mut paris_only = asked.clone();
    paris_only.academies.clear();
    paris_only.departements = vec!["075".into()];
    paris_only.options.dry_run = true;
    let report = import(&backend, &paris_only);
    assert_eq!(report.report.created, 1);
    assert_eq!(
        report.report.changes[0].label,
        format!("{} BOULANGERIE DE PARIS", paris.1)
    );
}

/// A small file as a spreadsheet leaves it.
fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    let mut file = std::fs::File::create(&path).expect("file");
    file.write_all(text.as_bytes()).expect("written");
    path
}

#[test]
fn spreadsheet_damage_is_reported_line_by_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let backend = backend(dir.path());
    let ain = Uai::from_digits("0010001").expect("uai");
    let paris = Uai::from_digits("0750001").expect("uai");
    let creteil = Uai::from_digits("0940001").expect("uai");
    let wrong_letter = {
        let mut code = Uai::from_digits("0940002").expect("uai").to_string();
        let last = if code.ends_with('A') { 'B' } else { 'A' };
        code.pop();
        code.push(last);
        code
    };
    let annuaire = format!(
        "Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Statut_public_prive;Code postal;Nom_commune;Code_departement;Telephone;date_ouverture;code_nature\r\n\
         {creteil};Collège Val de Marne;Collège;Public;94200;Ivry-sur-Seine;94;384958096;01/09/1965;340\r\n\
         {wrong_letter};Collège Faux;Collège;Public;94200;Ivry;094;;1965-09-01;340\r\n\
         {ain};Lycée de l'Ain;Lycée;Privé;1000;Bourg-en-Bresse;01;;01/09/1970;300\r\n\
         {paris};Lycée de Paris;Lycée;Public;75005;Paris;75;;;300\r\n"
    );
    let path = write(dir.path(), "annuaire.csv", &annuaire);
    let mut only_94 = settings(Format::Annuaire, path.clone());
    only_94.departements = vec!["094".into()];
    let report = import(&backend, &only_94);
    // The Créteil school read with its département as 094 and its phone
    // with its zero back; the wrong check letter rejected; the others
    // outside the filter.
    assert_eq!(report.report.created, 1);
    assert_eq!(report.report.rejected_rows, 1);
    let rejected = &report.report.rejected[0];
    assert_eq!(
        (rejected.line, rejected.column.as_str()),
        (3, "Identifiant_de_l_etablissement")
    );
    assert!(matches!(
        rejected.problem,
        ImportProblem::Rule(passerelle::domain::validation::Rule::Uai(
            passerelle::domain::identifiers::UaiError::WrongCheckLetter { .. }
        ))
    ));
    let corrected: Vec<(u64, &str, &ImportProblem)> = report
        .report
        .corrected
        .iter()
        .map(|i| (i.line, i.column.as_str(), &i.problem))
        .collect();
    assert!(corrected.contains(&(
        2,
        "Code_departement",
        &ImportProblem::Corrected {
            from: "94".into(),
            to: "094".into()
        }
    )));
    assert!(corrected.contains(&(
        2,
        "Telephone",
        &ImportProblem::Corrected {
            from: "384958096".into(),
            to: "03 84 95 80 96".into()
        }
    )));
    assert_eq!(report.skipped[0].rows, 2);

    // Without a filter, the Ain school's postal code gets its zero back.
    let report = import(&backend, &settings(Format::Annuaire, path));
    assert_eq!(report.report.created, 2);
    assert_eq!(
        school_of(&backend, ain.as_str()).postal_code.as_str(),
        "01000"
    );
    assert!(report.report.corrected.iter().any(|i| i.line == 4
        && i.column == "Code postal"
        && i.problem
            == ImportProblem::Corrected {
                from: "1000".into(),
                to: "01000".into()
            }));

    // A SIRET a spreadsheet turned into a number: refused, never stored.
    let sirene = "siren,siret,etatAdministratifEtablissement,codePostalEtablissement,libelleCommuneEtablissement,enseigne1Etablissement\n\
                  217003000,\"2,17003E+13\",A,75001,PARIS,MAIRIE\n\
                  732829320,73282932000074,A,75008,PARIS,BOUTIQUE\n";
    let path = write(dir.path(), "sirene.csv", sirene);
    let report = import(&backend, &settings(Format::Sirene, path));
    assert_eq!(report.report.created, 1);
    assert_eq!(rejected_lines(&report), [(2, "siret".to_owned())]);
    assert_eq!(
        report.report.rejected[0].problem,
        ImportProblem::Rule(passerelle::domain::validation::Rule::Siret(
            passerelle::domain::identifiers::SiretError::ScientificNotation
        ))
    );
    let line = passerelle::i18n::import::issue_line(
        &report.report.rejected[0],
        passerelle::i18n::Lang::Fr,
    );
    assert!(line.starts_with("ligne 2, colonne siret : "), "{line}");
}

#[test]
fn dry_runs_and_all_or_nothing_write_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let backend = backend(dir.path());
    let mut dry = settings(Format::Annuaire, real(ANNUAIRE));
    dry.options.dry_run = true;
    let report = import(&backend, &dry);
    assert_eq!(report.report.created, 202);
    assert!(report.dry_run && !report.report.written);
    assert_eq!(report.report.changes.len(), 200);
    assert!(report.report.changes.iter().all(|c| c.created));
    assert!(backend.is_empty().expect("empty"));
    assert_eq!(audit_entries(&backend), 0);

    // The directory has rejected rows: all or nothing imports nothing.
    let mut whole = settings(Format::Annuaire, real(ANNUAIRE));
    whole.options = ImportOptions {
        all_or_nothing: true,
        ..ImportOptions::default()
    };
    let report = import(&backend, &whole);
    assert!(report.refused_whole);
    assert_eq!(report.report.created, 0);
    assert_eq!(report.report.rejected_rows, 3);
    assert!(backend.is_empty().expect("empty"));

    // A clean file goes in whole.
    let mut clean = settings(Format::Annuaire, real(GEOLOC));
    clean.options.all_or_nothing = true;
    let report = import(&backend, &clean);
    assert!(!report.refused_whole);
    assert_eq!(report.report.created, 117);
}

/// An events file of `ids.len()` rows, one per number asked, in order.
fn events_file(dir: &Path, ids: &[u64]) -> PathBuf {
    let mut text = String::from("id,kind,title,date\n");
    for id in ids {
        text.push_str(&format!("{id},company_visit,Visite {id},2026-03-12\n"));
    }
    write(dir, "evenements.csv", &text)
}

fn events(backend: &Backend) -> u64 {
    let status = backend.status().expect("status");
    status
        .counts
        .iter()
        .find(|count| count.kind == Kind::Event)
        .map_or(0, |count| count.total)
}

#[test]
fn all_or_nothing_checks_numbers_across_batches_as_the_import_would() {
    let dir = tempfile::tempdir().expect("tempdir");
    let backend = backend(&dir.path().join("store"));
    // A first batch giving numbers 2001 to 3000, then a row asking 1500:
    // by then a lower number than one given, which the import refuses.
    // Its dry run must refuse it too, or the first batch would go in.
    let batch = passerelle::import::BATCH_ROWS as u64;
    let mut ids: Vec<u64> = (2001..2001 + batch).collect();
    ids.push(1500);
    let path = events_file(dir.path(), &ids);
    let mut whole = settings(Format::Csv(Kind::Event), path);
    whole.options.all_or_nothing = true;
    let report = import(&backend, &whole);
    assert!(report.refused_whole, "{:?}", report.report.rejected);
    assert_eq!(rejected_lines(&report), [(batch + 2, "id".to_owned())]);
    assert_eq!(
        report.report.rejected[0].problem,
        ImportProblem::NumberUnavailable { id: 1500 }
    );
    assert_eq!(events(&backend), 0, "nothing written");
    assert_eq!(audit_entries(&backend), 0);
}

#[test]
fn all_or_nothing_stops_at_a_batch_refused_after_the_check_and_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let backend = backend(&dir.path().join("store"));
    let batch = passerelle::import::BATCH_ROWS as u64;
    let ids: Vec<u64> = (1..=batch + 5).collect();
    let path = events_file(dir.path(), &ids);
    let mut whole = settings(Format::Csv(Kind::Event), path);
    whole.options.all_or_nothing = true;
    // Someone saves an event between the check and the second batch of
    // the import, then deletes it: the first number that batch asks for
    // was given by then, to a record that is gone.
    let sent = std::cell::Cell::new(0);
    let call = |request: Request| {
        if let Request::Import(batch) = &request {
            if !batch.options.dry_run {
                sent.set(sent.get() + 1);
                if sent.get() == 2 {
                    let other = common::event("Forum des métiers", common::day(2026, 4, 2));
                    let Ok(Response::Saved(saved)) =
                        backend.call(Request::Save(Box::new(SaveRequest {
                            record: Record::Event(other),
                        })))
                    else {
                        panic!("saved meanwhile");
                    };
                    backend
                        .call(Request::Delete(
                            passerelle::service::delete::DeleteRequest {
                                target: saved.record.reference(),
                                revision: None,
                            },
                        ))
                        .expect("deleted meanwhile");
                }
            }
        }
        backend.call(request)
    };
    let report = passerelle::import::run_with(&call, &whole, &mut |_| {}).expect("ran");
    assert!(!report.refused_whole, "the check found nothing");
    assert_eq!(report.stopped_at_line, Some(batch + 2));
    assert_eq!(report.report.created, batch, "the first batch only");
    assert!(report.report.rejected_rows > 0);
    assert_eq!(events(&backend), batch, "the first batch");
    let text = {
        let mut out = Vec::new();
        passerelle::cli::commands::import::write_text(
            &report,
            passerelle::i18n::Lang::En,
            &mut out,
        )
        .expect("written");
        String::from_utf8(out).expect("UTF-8")
    };
    assert!(
        text.contains(&format!("Import stopped at line {}", batch + 2)),
        "{text}"
    );
}

#[test]
fn records_typed_by_coordinators_keep_their_values_unless_overwritten() {
    let dir = tempfile::tempdir().expect("tempdir");
    let backend = backend(dir.path());
    // A coordinator typed the collège before any import, with a name of
    // their own and no phone.
    let mut typed = school("0350017D", "Collège du Querpon (Maure)");
    typed.postal_code = passerelle::domain::identifiers::PostalCode::parse("35330").expect("cp");
    typed.commune = "Val d'Anast".into();
    typed.kind = SchoolKind::College;
    let saved = backend
        .call(Request::Save(Box::new(SaveRequest {
            record: Record::School(typed),
        })))
        .expect("saved");
    assert!(matches!(saved, Response::Saved(_)));

    let report = import(&backend, &settings(Format::Annuaire, real(ANNUAIRE)));
    assert_eq!(report.report.updated, 1);
    let querpon = school_of(&backend, "0350017D");
    assert_eq!(querpon.name, "Collège du Querpon (Maure)");
    // Empty fields are filled.
    assert!(querpon.phone.is_some());
    let kept = &report.report.kept[0];
    assert_eq!(kept.line, 705);
    assert_eq!(kept.fields, ["name"]);
    assert_eq!(querpon.special_units, [SpecialUnit::Ulis]);

    // Again: the record is still the coordinator's; nothing to do.
    let again = import(&backend, &settings(Format::Annuaire, real(ANNUAIRE)));
    assert_eq!(again.report.updated, 0);
    assert_eq!(again.report.kept.len(), 1);

    let mut overwrite = settings(Format::Annuaire, real(ANNUAIRE));
    overwrite.options.overwrite = true;
    let report = import(&backend, &overwrite);
    assert_eq!(report.report.updated, 1);
    assert_eq!(school_of(&backend, "0350017D").name, "Collège du Querpon");

    // Now the import's: a coordinator's edit of it is kept in turn.
    let mut edited = school_of(&backend, "0350017D");
    edited.name = "Collège du Querpon, Maure-de-Bretagne".into();
    backend
        .call(Request::Save(Box::new(SaveRequest {
            record: Record::School(edited),
        })))
        .expect("saved");
    let report = import(&backend, &settings(Format::Annuaire, real(ANNUAIRE)));
    assert_eq!(report.report.updated, 0);
    assert_eq!(report.report.kept[0].fields, ["name"]);
}

#[test]
fn escape_sequences_in_a_file_are_stored_and_shown_as_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("store");
    let uai = Uai::from_digits("0750002").expect("uai");
    let path = write(
        dir.path(),
        "ecoles.csv",
        &format!(
            "uai,name,kind,sector,commune,postal_code\n{uai},\"Lycée \u{1b}[2J\u{1b}[31mRouge\",lycee_general,public,Paris,75005\n"
        ),
    );
    let output = passerelle(
        &store,
        &["import", "csv", "school", path.to_str().expect("utf-8")],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!stdout(&output).contains('\u{1b}'), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("\u{241b}[2J"),
        "{}",
        stdout(&output)
    );

    let output = passerelle(&store, &["show", "school", uai.as_str()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let shown = stdout(&output);
    assert!(!shown.contains('\u{1b}'), "{shown}");
    assert!(
        shown.contains("Lycée \u{241b}[2J\u{241b}[31mRouge"),
        "{shown}"
    );
}

/// Notes are multi-line text: an import keeps their line breaks, tabs and
/// spaces as the export wrote them (quoted), whatever the line ends.
#[test]
fn notes_keep_their_line_breaks_through_an_import() {
    let dir = tempfile::tempdir().expect("tempdir");
    let backend = backend(&dir.path().join("store"));
    let uai = Uai::from_digits("0750002").expect("uai");
    let notes = "  Rappeler le proviseur\n\t- lundi\n- mardi ";
    for (name, dialect) in [("plain.csv", Dialect::Plain), ("excel.csv", Dialect::Excel)] {
        let mut school = school(uai.as_str(), "Lycée Hoche");
        school.meta.id = passerelle::domain::RecordId(1);
        school.notes = passerelle::domain::meta::Restricted::Clear(notes.into());
        let record = Record::School(school);
        let separator = dialect.separator().to_string();
        let quote = |text: String| {
            if text.contains([dialect.separator(), '"', '\n', '\r']) {
                format!("\"{}\"", text.replace('"', "\"\""))
            } else {
                text
            }
        };
        let header: Vec<&str> = columns(Kind::School).iter().map(|c| c.name).collect();
        let row: Vec<String> = cells(&record)
            .iter()
            .map(|cell| quote(cell.csv_text(dialect)))
            .collect();
        let text = format!(
            "{}{}{}{}{}",
            dialect.preamble(),
            header.join(&separator),
            dialect.line_end(),
            row.join(&separator),
            dialect.line_end()
        );
        let path = write(dir.path(), name, &text);
        let report = import(&backend, &settings(Format::Csv(Kind::School), path));
        assert_eq!(report.report.rejected, [], "{name}");
        assert_eq!(report.report.corrected, [], "{name}");
        assert_eq!(
            school_of(&backend, uai.as_str())
                .notes
                .clear()
                .map(String::as_str),
            Some(notes),
            "{name}"
        );
    }
    // A line break a spreadsheet saved as CRLF inside the cell is a line
    // break; a stray control character is still made visible.
    let path = write(
        dir.path(),
        "crlf.csv",
        &format!(
            "uai;name;kind;sector;commune;postal_code;notes\r\n{uai};Lycée Hoche;lycee_general;public;Paris;75005;\"un\r\ndeux\u{1b}\"\r\n"
        ),
    );
    let report = import(&backend, &settings(Format::Csv(Kind::School), path));
    assert_eq!(report.report.rejected, []);
    assert_eq!(
        school_of(&backend, uai.as_str())
            .notes
            .clear()
            .map(String::as_str),
        Some("un\ndeux\u{241b}")
    );
    assert_eq!(
        report.report.corrected.len(),
        1,
        "{:?}",
        report.report.corrected
    );
}

#[test]
fn the_generic_csv_of_every_kind_round_trips_into_an_empty_store() {
    let source = tempfile::tempdir().expect("tempdir");
    {
        let service =
            Service::new(Store::open(source.path(), &OpenOptions::new("alice")).expect("store"));
        passerelle::demo::generate(
            &service,
            &caller("alice"),
            &passerelle::demo::DemoOptions { size: 400, seed: 5 },
            &mut |_| {},
        )
        .expect("demo");
    }
    let rows_of = |dir: &Path| -> Vec<(Kind, Vec<Vec<String>>)> {
        let store = Store::open(dir, &OpenOptions::new("alice")).expect("store");
        Kind::ALL
            .iter()
            .map(|kind| {
                let rows = store
                    .records(*kind)
                    .map(|r| {
                        cells(&r.expect("record"))
                            .iter()
                            .map(|cell| cell.csv_text(Dialect::Excel))
                            .collect()
                    })
                    .collect();
                (*kind, rows)
            })
            .collect()
    };
    let exported = rows_of(source.path());
    let files = tempfile::tempdir().expect("tempdir");
    let target = tempfile::tempdir().expect("tempdir");
    {
        let backend = backend(target.path());
        for (kind, rows) in &exported {
            // As `export --excel` writes: `;`, a BOM, guarded cells, SIRETs
            // and phones spaced, French dates.
            let mut text = String::from("\u{feff}");
            let header: Vec<&str> = columns(*kind).iter().map(|c| c.name).collect();
            text.push_str(&header.join(";"));
            text.push_str("\r\n");
            let mut writer = csv::WriterBuilder::new()
                .delimiter(b';')
                .terminator(csv::Terminator::CRLF)
                .from_writer(Vec::new());
            for row in rows {
                writer.write_record(row).expect("row");
            }
            text.push_str(&String::from_utf8(writer.into_inner().expect("csv")).expect("utf-8"));
            let path = write(files.path(), &format!("{kind}.csv"), &text);
            let report = import(&backend, &settings(Format::Csv(*kind), path));
            assert_eq!(
                report.report.rejected,
                [],
                "{kind}: {:?}",
                report.report.rejected
            );
            assert_eq!(report.report.created, rows.len() as u64, "{kind}");
        }
        assert!(backend.check().expect("check").problems.is_empty());
    }
    assert_eq!(rows_of(target.path()), exported);
}

/// A `passerelle serve` of a store, stopped when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn the_command_imports_through_a_server_and_directly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("store");
    let file = real(GEOLOC);
    let file = file.to_str().expect("utf-8");

    // Directly (PASSERELLE_DIRECT=1): a dry run in JSON first.
    let output = passerelle(&store, &["import", "annuaire", file, "--dry-run", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(report["created"], 117);
    assert_eq!(report["dry_run"], true);
    assert_eq!(report["written"], false);

    // Then through a server the test runs.
    let server = Server(
        Command::new(env!("CARGO_BIN_EXE_passerelle"))
            .arg("--store")
            .arg(&store)
            .arg("serve")
            .env_remove("PASSERELLE_DIRECT")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("serve"),
    );
    let socket = passerelle::server::paths::socket_path(&store);
    let started = Instant::now();
    while std::os::unix::net::UnixStream::connect(&socket).is_err() {
        assert!(started.elapsed() < Duration::from_secs(30), "no server");
        std::thread::sleep(Duration::from_millis(20));
    }
    let through = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_passerelle"))
            .arg("--store")
            .arg(&store)
            .args(args)
            .env_remove("PASSERELLE_DIRECT")
            .env_remove("PASSERELLE_LANG")
            .output()
            .expect("runs")
    };
    let output = through(&["import", "annuaire", file]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).starts_with("117 lignes lues : 117 créées"),
        "{}",
        stdout(&output)
    );
    let output = through(&["--lang", "en", "import", "annuaire", file]);
    assert!(
        stdout(&output).starts_with("117 rows read: 0 created, 0 updated, 117 unchanged"),
        "{}",
        stdout(&output)
    );
    let output = through(&["audit", "--limit", "1", "--json"]);
    let trail: Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(trail["entries"][0]["front_end"], "import");
    drop(server);

    // A file that cannot be read, and a bad format: said, nothing done.
    let output = passerelle(&store, &["import", "annuaire", "/nonexistent.csv"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("/nonexistent.csv"),
        "{}",
        stderr(&output)
    );
    let output = passerelle(&store, &["import", "pdf", file]);
    assert_eq!(output.status.code(), Some(2));
    // A filter a generic CSV cannot apply: refused, not ignored.
    let output = passerelle(
        &store,
        &["import", "csv", "schools", file, "--academie", "paris"],
    );
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert!(
        stderr(&output).contains("s'importe entier"),
        "{}",
        stderr(&output)
    );
    // All or nothing refused: exit 4, nothing written.
    let annuaire = real(ANNUAIRE);
    let output = passerelle(
        &store,
        &[
            "import",
            "annuaire",
            annuaire.to_str().expect("utf-8"),
            "--all-or-nothing",
        ],
    );
    assert_eq!(output.status.code(), Some(4), "{}", stdout(&output));
    assert!(stdout(&output).contains("Rien n'a été importé"));
    let _ = RecordRef::new(Kind::School, passerelle::domain::RecordId(1));
}

#[test]
fn the_interface_imports_in_the_background_and_says_how_it_went() {
    use common::tui::{app, press, screen, type_text};
    use passerelle::i18n::Lang;

    let fixture = common::Fixture::new();
    let mut app = app(&fixture, 120, 30, Lang::Fr);
    press(&mut app, &fixture, ":");
    type_text(
        &mut app,
        &fixture,
        &format!("import annuaire {}", real(GEOLOC).display()),
    );
    press(&mut app, &fixture, "<Enter>");
    assert!(screen(&app).contains("Import de"), "{}", screen(&app));
    // The loop hands the import to a thread of its own; here, the test.
    let mut asked = app.take_imports();
    assert_eq!(asked.len(), 1);
    let settings = asked.remove(0);
    // A second one while it runs is refused.
    press(&mut app, &fixture, ":");
    type_text(&mut app, &fixture, "import sirene x.csv");
    press(&mut app, &fixture, "<Enter>");
    assert!(screen(&app).contains("déjà en cours"), "{}", screen(&app));
    assert!(app.take_imports().is_empty());

    let mut progress = Vec::new();
    let result = passerelle::import::run_with(
        &|request| fixture.service.handle(&fixture.caller, request),
        &settings,
        &mut |p| progress.push(p),
    );
    app.import_progress(progress[0]);
    assert!(screen(&app).contains("import ["), "{}", screen(&app));
    app.import_done(result);
    common::tui::press(&mut app, &fixture, "");
    common::settle::settle(&mut app, &fixture.service, &fixture.caller);
    let shown = screen(&app);
    assert!(shown.contains("117 lignes lues : 117 créées"), "{shown}");
    // The screens read again: the dashboard counts the schools.
    press(&mut app, &fixture, ":");
    type_text(&mut app, &fixture, "ecoles");
    press(&mut app, &fixture, "<Enter>");
    assert!(
        screen(&app).contains("Collège du Querpon"),
        "{}",
        screen(&app)
    );
}

/// A coordinator not cleared for a confidential record cannot test
/// guesses at its hidden fields by importing them: the file's restricted
/// values are ignored for that caller, so a right guess and a wrong one
/// read the same (and neither is written).
#[test]
fn an_uncleared_import_learns_nothing_of_hidden_fields() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("store");
    let uai = Uai::from_digits("0940120").expect("uai");
    {
        let admin = backend(&store);
        let mut lycee = school(uai.as_str(), "Lycée Langevin");
        lycee.meta.confidentiality = passerelle::domain::Confidentiality::flagged(
            "demande de l'établissement",
            Some(passerelle::domain::Organisation::AcademieCreteil),
        );
        lycee.notes = passerelle::domain::meta::Restricted::Clear("secret CANARI".into());
        let saved = admin.call(passerelle::service::protocol::Request::Save(Box::new(
            passerelle::service::save::SaveRequest {
                record: Record::School(lycee),
            },
        )));
        assert!(saved.is_ok(), "{saved:?}");
    }
    std::fs::write(
        store.join("users.toml"),
        "[users.alice]\nname = \"Alice\"\norganisation = \"paris\"\nrole = \"admin\"\n\n\
         [users.bob]\nname = \"Bob\"\norganisation = \"cpme\"\nrole = \"coordinator\"\n",
    )
    .expect("users.toml");
    let bob = {
        let opened = Store::open(&store, &OpenOptions::new("alice")).expect("the store opens");
        Backend::Direct {
            service: Box::new(Service::new(opened)),
            caller: Caller {
                account: "bob".into(),
                front_end: FrontEnd::Tui,
            },
        }
    };
    let mut outcomes = Vec::new();
    for guess in ["secret CANARI", "une autre note"] {
        let path = write(
            dir.path(),
            "guess.csv",
            &format!(
                "uai;name;kind;sector;commune;postal_code;notes\n{uai};Lycée Langevin;lycee_general;public;Paris;94000;{guess}\n"
            ),
        );
        let mut asked = settings(Format::Csv(Kind::School), path);
        asked.options.dry_run = true;
        let report = import(&bob, &asked).report;
        outcomes.push((
            report.created,
            report.updated,
            report.unchanged,
            report.rejected_rows,
            format!("{:?}", report.kept),
        ));
    }
    assert_eq!(
        outcomes[0], outcomes[1],
        "a right guess must read as a wrong one"
    );
}

/// The geolocation file with its last line changed by `damage`, written
/// beside the test's store.
fn damaged_geoloc(dir: &Path, name: &str, damage: impl Fn(&str) -> String) -> PathBuf {
    let text = std::fs::read_to_string(real(GEOLOC)).expect("the real file");
    let text = text.trim_end_matches('\n');
    let (before, last) = text.rsplit_once('\n').expect("more than one line");
    write(dir, name, &format!("{before}\n{}", damage(last)))
}

#[test]
fn damaged_copies_of_a_real_file_are_never_taken_for_good_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    let import = |store: &str, file: &Path, extra: &[&str]| {
        let mut args = vec!["import", "annuaire", file.to_str().expect("utf-8")];
        args.extend_from_slice(extra);
        passerelle(&dir.path().join(store), &args)
    };
    let last_line = 118;

    // Cut in the middle of its last row: fewer fields than the header.
    let cut = damaged_geoloc(dir.path(), "cut.csv", |last| {
        last[..last.len() / 2].to_owned()
    });
    let output = import("cut", &cut, &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let said = stdout(&output);
    assert!(said.contains("116 créées"), "{said}");
    assert!(
        said.contains(&format!("ligne {last_line}")) && said.contains("le fichier semble coupé"),
        "{said}"
    );

    // Cut inside a quoted cell: the file ends inside quotes.
    let quoted = damaged_geoloc(dir.path(), "quoted.csv", |last| {
        let (code, rest) = last.split_once(';').expect("cells");
        format!("{code};\"{}", &rest[..rest.len() / 3])
    });
    let output = import("quoted", &quoted, &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let said = stdout(&output);
    assert!(said.contains("116 créées"), "{said}");
    assert!(said.contains("guillemets"), "{said}");

    // A stray separator in a name: that row is refused, the rest go in.
    let text = std::fs::read_to_string(real(GEOLOC)).expect("the real file");
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let (code, rest) = lines[10].split_once(';').expect("cells");
    lines[10] = format!("{code};Collège; annexe {rest}");
    let stray = write(dir.path(), "stray.csv", &(lines.join("\n") + "\n"));
    let output = import("stray", &stray, &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let said = stdout(&output);
    assert!(said.contains("116 créées"), "{said}");
    assert!(
        said.contains("ligne 11") && said.contains("champs au lieu des"),
        "{said}"
    );

    // A quote inside an unquoted name of the last row is a character,
    // not the start of a quoted cell: the file is whole.
    let inner_quote = damaged_geoloc(dir.path(), "inner-quote.csv", |last| {
        let (code, rest) = last.split_once(';').expect("cells");
        format!("{code};Collège \"Saint{}", &rest["Collège".len()..])
    });
    let output = import("inner-quote", &inner_quote, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("117 créées"),
        "{}",
        stdout(&output)
    );

    // All or nothing: any of them refuses the whole file.
    for (store, file) in [
        ("whole-cut", &cut),
        ("whole-quoted", &quoted),
        ("whole-stray", &stray),
    ] {
        let output = import(store, file, &["--all-or-nothing"]);
        assert_eq!(output.status.code(), Some(4), "{}", stderr(&output));
        let status = passerelle(&dir.path().join(store), &["status", "--json"]);
        let status: Value = serde_json::from_slice(&status.stdout).expect("json");
        let schools = status["counts"]
            .as_array()
            .expect("counts")
            .iter()
            .find(|count| count["kind"] == "school")
            .map(|count| count["total"].clone());
        assert_eq!(schools, Some(Value::from(0)), "{store}");
    }
}

#[test]
fn an_unknown_departement_is_refused_rather_than_keeping_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = real(GEOLOC);
    let file = file.to_str().expect("utf-8");
    let output = passerelle(
        dir.path(),
        &["import", "annuaire", file, "--departement", "750"],
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("« 750 » inconnu"),
        "{}",
        stderr(&output)
    );
    let output = passerelle(
        dir.path(),
        &["import", "annuaire", file, "--departement", "35"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("117 créées"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn sirene_rows_insee_does_not_publish_are_left_aside_as_such() {
    let dir = tempfile::tempdir().expect("tempdir");
    let backend = backend(dir.path());
    // The one active establishment named by the legal units' sample,
    // its address withheld as INSEE writes it.
    let text = std::fs::read_to_string(real(SIRENE)).expect("the real file");
    let withheld: Vec<String> = text
        .lines()
        .map(|line| {
            if line.contains(",00032517500065,") {
                line.replacen(",13004,MARSEILLE 4,", ",[ND],[ND],", 1)
            } else {
                line.to_owned()
            }
        })
        .collect();
    let withheld = withheld.join("\n") + "\n";
    assert!(withheld.contains("[ND]"), "the row is there");
    let file = write(dir.path(), "nd.csv", &withheld);
    let mut sirene = settings(Format::Sirene, file);
    sirene.unites_legales = Some(real(UNITES));
    let report = import(&backend, &sirene);
    assert_eq!(report.report.created, 0);
    let not_diffusible: Vec<u64> = report
        .skipped
        .iter()
        .filter(|skipped| skipped.reason == SkipReason::NotDiffusible)
        .map(|skipped| skipped.rows)
        .collect();
    assert_eq!(not_diffusible, [1], "{:?}", report.skipped);
    assert!(
        report
            .report
            .rejected
            .iter()
            .all(|issue| issue.problem == ImportProblem::NoCompanyName),
        "no postal code message: {:?}",
        report.report.rejected
    );
}

#[test]
fn a_real_file_saved_in_latin_1_utf_16_or_with_tabs_imports_the_same() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(real(GEOLOC)).expect("the real file");
    let text = text.trim_start_matches('\u{feff}');
    let latin1: Vec<u8> = text
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let tabs = text.replace(';', "\t").into_bytes();
    let imported = |name: &str, bytes: &[u8]| {
        let file = dir.path().join(name);
        std::fs::write(&file, bytes).expect("written");
        let store = dir.path().join(format!("{name}.store"));
        let output = passerelle(
            &store,
            &["import", "annuaire", file.to_str().expect("utf-8")],
        );
        assert!(output.status.success(), "{name}: {}", stderr(&output));
        let said = stdout(&output);
        let show = passerelle(&store, &["show", "school", "0350707D", "--json"]);
        let shown: Value = serde_json::from_slice(&show.stdout).expect("json");
        (said, shown["record"]["school"]["name"].clone())
    };
    let (plain, name_read) = imported("utf8.csv", text.as_bytes());
    assert!(plain.contains("117 créées"), "{plain}");
    assert_eq!(name_read, "Collège François René de Chateaubriand");
    assert!(!plain.contains("Fichier lu en"), "{plain}");
    for (name, bytes, said_as) in [
        (
            "latin1.csv",
            latin1,
            Some("Fichier lu en Windows-1252 (Latin-1)"),
        ),
        ("utf16.csv", utf16, Some("Fichier lu en UTF-16LE")),
        ("tabs.csv", tabs, None),
    ] {
        let (said, same_name) = imported(name, &bytes);
        assert!(said.contains("117 créées"), "{name}: {said}");
        assert!(!said.contains("rejetées :"), "{name}: {said}");
        match said_as {
            Some(words) => assert_eq!(said.matches(words).count(), 1, "{name}: {said}"),
            None => assert!(!said.contains("Fichier lu en"), "{name}: {said}"),
        }
        assert_eq!(same_name, name_read, "{name}: accents read back");
    }
}

#[test]
fn a_missing_column_is_named_as_the_files_own_layout_names_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(real(GEOLOC)).expect("the real file");
    let renamed = text.replacen(";Code postal;", ";Code postal ancien;", 1);
    assert_ne!(renamed, text);
    let file = write(dir.path(), "no-postal.csv", &renamed);
    let output = passerelle(
        &dir.path().join("store"),
        &["import", "annuaire", file.to_str().expect("utf-8")],
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let said = stderr(&output);
    assert!(
        said.contains("Code postal") && !said.contains("Code_postal"),
        "{said}"
    );
}

#[test]
fn a_long_dry_run_says_once_how_many_more_and_json_where_it_stops() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("store");
    let file = real(ANNUAIRE);
    let file = file.to_str().expect("utf-8");
    let output = passerelle(&store, &["import", "annuaire", file, "--dry-run"]);
    let said = stdout(&output);
    let more: Vec<&str> = said
        .lines()
        .filter(|line| line.contains("de plus"))
        .collect();
    // The rejected rows are few; the 202 creations are cut at 50.
    assert_eq!(
        more,
        ["  … et 152 de plus (--json détaille les 200 premières)"],
        "{said}"
    );
    let output = passerelle(&store, &["import", "annuaire", file, "--dry-run", "--json"]);
    let report: Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(report["created"], 202);
    assert_eq!(report["changes"].as_array().expect("changes").len(), 200);
    assert_eq!(report["changes_omitted"], 2);
}

#[test]
fn sirene_names_come_from_the_rows_own_columns_and_a_sole_traders_sign() {
    let dir = tempfile::tempdir().expect("tempdir");
    let backend = backend(dir.path());
    // The real file as sirene.fr's extracts give it: the legal unit's
    // name and category on each row; the sole trader has a sign.
    let text = std::fs::read_to_string(real(SIRENE)).expect("the real file");
    let mut lines = text.lines();
    let header = lines.next().expect("a header");
    let sign = header
        .split(',')
        .position(|name| name == "enseigne1Etablissement")
        .expect("the sign's column");
    let mut out = format!("{header},denominationUniteLegale,categorieJuridiqueUniteLegale\n");
    for (n, line) in lines.enumerate() {
        if line.contains(",00032517500065,") {
            let mut cells: Vec<&str> = line.split(',').collect();
            cells[sign] = "OPTIQUE JANOYER";
            out.push_str(&format!("{},,1000\n", cells.join(",")));
        } else {
            out.push_str(&format!("{line},SOCIETE {n},5710\n"));
        }
    }
    let file = write(dir.path(), "extract.csv", &out);
    let report = import(&backend, &settings(Format::Sirene, file));
    assert_eq!(
        report.report.rejected_rows, 0,
        "{:?}",
        report.report.rejected
    );
    assert_eq!(report.report.created, 7);
    let name_of = |siret: &str| {
        let key = RecordKey::Siret(Siret::parse(siret).expect("siret"));
        match backend.get(&key).expect("the company").record {
            Record::Company(company) => company.name,
            other => panic!("not a company: {other:?}"),
        }
    };
    assert_eq!(name_of("00032517500065"), "OPTIQUE JANOYER");
    let named: Vec<String> = report
        .report
        .changes
        .iter()
        .map(|change| change.label.clone())
        .collect();
    assert_eq!(
        named
            .iter()
            .filter(|label| label.contains("SOCIETE "))
            .count(),
        6,
        "{named:?}"
    );
}

/// The table of communes shipped with the program, rebuilt from the two
/// public files it comes from (see `docs/places.md`): every commune of
/// Île-de-France with its postal codes of the region and its centre (its
/// town hall for Paris, whose row has none), then Paris's arrondissements
/// from La Poste's file, sorted by INSEE code.
/// `UPDATE_COMMUNES=1` writes the shipped table again.
#[test]
fn commune_table_is_what_the_public_files_give() {
    const REGION: [&str; 8] = ["75", "77", "78", "91", "92", "93", "94", "95"];
    let mut rows: Vec<[String; 5]> = Vec::new();
    let mut communes = csv::Reader::from_path(real("communes_idf.csv")).expect("opens");
    let header = communes.headers().expect("a header").clone();
    let at = |name: &str| header.iter().position(|h| h == name).expect(name);
    let (insee, name, code, codes) = (
        at("code_insee"),
        at("nom_standard"),
        at("code_postal"),
        at("codes_postaux"),
    );
    let (lat, lon, town_lat, town_lon) = (
        at("latitude_centre"),
        at("longitude_centre"),
        at("latitude_mairie"),
        at("longitude_mairie"),
    );
    for row in communes.records() {
        let row = row.expect("a row");
        let mut postal: Vec<&str> = Vec::new();
        for c in std::iter::once(&row[code]).chain(row[codes].split(',')) {
            let c = c.trim();
            if !c.is_empty() && REGION.contains(&&c[..2]) && !postal.contains(&c) {
                postal.push(c);
            }
        }
        let (latitude, longitude) = if row[lat].is_empty() {
            (&row[town_lat], &row[town_lon])
        } else {
            (&row[lat], &row[lon])
        };
        rows.push([
            row[insee].to_owned(),
            row[name].to_owned(),
            postal.join(" "),
            latitude.to_owned(),
            longitude.to_owned(),
        ]);
    }
    let mut arrondissements: Vec<[String; 5]> = Vec::new();
    let mut laposte = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_path(real("paris_arrondissements.csv"))
        .expect("opens");
    for row in laposte.records() {
        let row = row.expect("a row");
        if let Some(known) = arrondissements.iter_mut().find(|a| a[0] == row[0]) {
            let mut codes: Vec<&str> = known[2].split(' ').chain([&row[2]]).collect();
            codes.sort_unstable();
            known[2] = codes.join(" ");
            continue;
        }
        let number: u32 = row[0][3..].parse().expect("75101…75120");
        let (latitude, longitude) = row[5].split_once(',').expect("lat,lon");
        let six = |text: &str| format!("{:.6}", text.parse::<f64>().expect("a number"));
        arrondissements.push([
            row[0].to_owned(),
            format!("Paris {number}{}", if number == 1 { "er" } else { "e" }),
            row[2].to_owned(),
            six(latitude),
            six(longitude),
        ]);
    }
    rows.extend(arrondissements);
    rows.sort_by(|a, b| a[0].cmp(&b[0]));
    let mut built = String::from("insee;nom;codes_postaux;latitude;longitude\n");
    for row in &rows {
        built.push_str(&row.join(";"));
        built.push('\n');
    }
    let shipped = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/communes_idf.csv");
    if std::env::var_os("UPDATE_COMMUNES").is_some() {
        std::fs::write(&shipped, &built).expect("written");
    }
    assert_eq!(rows.len(), 1287);
    assert_eq!(
        std::fs::read_to_string(&shipped).expect("the shipped table"),
        built,
        "data/communes_idf.csv is not what the public files give"
    );
}

/// The point the record holds: latitude, longitude, precision.
fn point_of(
    location: Option<passerelle::domain::place::Location>,
) -> Option<(f64, f64, &'static str)> {
    location.map(|l| (l.point.latitude(), l.point.longitude(), l.precision.code()))
}

#[test]
fn schools_keep_their_address_point_and_opening_state_from_the_directories() {
    use passerelle::domain::records::OpeningState;
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("store");
    // Opened as the account running the test, so that the binary can
    // read the store afterwards.
    let backend = Backend::direct(&store, FrontEnd::Tui).expect("opens");
    // The geolocation file, two of its collèges said to be closing and
    // closed, one with a point that does not read.
    let text = std::fs::read_to_string(real(GEOLOC)).expect("the real file");
    let text: String = text
        .split_inclusive('\n')
        .map(|line| {
            if line.starts_with("0350707D;") {
                line.replace(";OUVERT;", ";A FERMER;")
            } else if line.starts_with("0350759K;") {
                line.replace(";OUVERT;", ";FERME;")
            } else if line.starts_with("0350849H;") {
                line.replace(";48.056987957233;", ";48,05x;")
            } else {
                line.to_owned()
            }
        })
        .collect();
    let file = write(dir.path(), "geoloc.csv", &text);
    let report = import(&backend, &settings(Format::Annuaire, file));
    assert_eq!(
        report.report.created, 117,
        "a closed school is kept, as closed"
    );
    let querpon = school_of(&backend, "0350017D");
    assert_eq!(
        querpon.address.as_deref(),
        Some("Route DE CAMPEL, Maure-de-Bretagne")
    );
    assert_eq!(
        point_of(querpon.location),
        Some((47.89157, -1.989568, "address"))
    );
    assert_eq!(querpon.opening_state, OpeningState::Open);
    assert_eq!(
        school_of(&backend, "0353083L").opening_state,
        OpeningState::Opening
    );
    assert_eq!(
        school_of(&backend, "0350707D").opening_state,
        OpeningState::Closing
    );
    assert_eq!(
        school_of(&backend, "0350759K").opening_state,
        OpeningState::Closed
    );
    // The point that does not read is left out and said; Argentré is not
    // in the table of Île-de-France: no point rather than a wrong one.
    assert_eq!(school_of(&backend, "0350849H").location, None);
    assert!(
        report
            .report
            .corrected
            .iter()
            .any(|c| c.column == "Latitude"
                && matches!(&c.problem, ImportProblem::Corrected { from, .. } if from.contains("48,05x"))),
        "{:?}",
        report.report.corrected
    );
    drop(backend);

    // Lists and details say it, in words.
    let list = stdout(&passerelle(&store, &["list", "schools", "--limit", "200"]));
    assert!(
        list.contains("à ouvrir · Collège privé Saint-Paul"),
        "{list}"
    );
    assert!(list.contains("à fermer · "), "{list}");
    assert!(list.contains("fermé · "), "{list}");
    let shown = stdout(&passerelle(&store, &["show", "school", "0350017D"]));
    assert!(
        shown.contains("adresse   Route DE CAMPEL, Maure-de-Bretagne"),
        "{shown}"
    );
    assert!(
        shown.contains("47,8916° N, 1,9896° O (à l'adresse)"),
        "{shown}"
    );
    assert!(shown.contains("ouvert"), "{shown}");
    let json = stdout(&passerelle(
        &store,
        &["show", "school", "0353083L", "--json"],
    ));
    assert!(json.contains(r#""opening_state": "opening""#), "{json}");

    // The Annuaire then gives its own address for the same collège; the
    // same point: the file's.
    let backend = Backend::direct(&store, FrontEnd::Tui).expect("opens");
    import(&backend, &settings(Format::Annuaire, real(ANNUAIRE)));
    let querpon = school_of(&backend, "0350017D");
    assert_eq!(
        querpon.address.as_deref(),
        Some("Route de Campel, Maure-de-Bretagne - Val d'Anast")
    );
    assert_eq!(point_of(querpon.location).map(|p| p.2), Some("address"));
    assert!(backend.check().expect("check").problems.is_empty());
}

#[test]
fn companies_keep_their_address_and_geo_sirene_point_else_their_communes_centre() {
    let dir = tempfile::tempdir().expect("tempdir");
    let backend = backend(dir.path());
    // A géo-Sirene extract: the address in parts, a point on one row.
    let file = write(
        dir.path(),
        "geo.csv",
        "siret,etatAdministratifEtablissement,codePostalEtablissement,libelleCommuneEtablissement,\
numeroVoieEtablissement,indiceRepetitionEtablissement,typeVoieEtablissement,\
libelleVoieEtablissement,complementAdresseEtablissement,denominationUniteLegale,latitude,longitude\n\
00032517500016,A,93100,MONTREUIL,6,B,AV,FRANCOIS MAURIAC,ECONOMIS,SOCIETE UN,48.8612,2.4431\n\
00032517500024,A,77760,AMPONVILLE,,,,,,SOCIETE DEUX,,\n",
    );
    let report = import(&backend, &settings(Format::Sirene, file));
    assert_eq!(report.report.created, 2, "{:?}", report.report.rejected);
    let company = |siret: &str| {
        let key = RecordKey::Siret(Siret::parse(siret).expect("siret"));
        match backend.get(&key).expect("the company").record {
            Record::Company(company) => company,
            other => panic!("not a company: {other:?}"),
        }
    };
    let montreuil = company("00032517500016");
    assert_eq!(
        montreuil.address.as_deref(),
        Some("6B avenue FRANCOIS MAURIAC, ECONOMIS")
    );
    assert_eq!(
        point_of(montreuil.location),
        Some((48.8612, 2.4431, "address"))
    );
    // No street, no point: Amponville's centre, approximate (77760
    // serves a dozen villages; the name decides).
    let amponville = company("00032517500024");
    assert_eq!(amponville.address, None);
    assert_eq!(
        point_of(amponville.location),
        Some((48.287, 2.531, "commune"))
    );
}

#[test]
fn records_typed_by_hand_take_their_communes_centre_until_a_directory_places_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let backend = backend(dir.path());
    let save = |record: Record| saved(&backend, record);
    let mut typed = school("0930122C", "Lycée Jean Jaurès");
    typed.commune = "Montreuil".into();
    typed.postal_code = passerelle::domain::identifiers::PostalCode::parse("93100").expect("cp");
    let Record::School(saved) = save(Record::School(typed)) else {
        panic!("a school")
    };
    assert_eq!(point_of(saved.location), Some((48.863, 2.448, "commune")));
    // Moved to the 5e by hand: the arrondissement's centre.
    let mut moved = saved.clone();
    moved.commune = "Paris".into();
    moved.postal_code = passerelle::domain::identifiers::PostalCode::parse("75005").expect("cp");
    let Record::School(moved) = save(Record::School(moved)) else {
        panic!("a school")
    };
    assert_eq!(
        point_of(moved.location),
        Some((48.844509, 2.349859, "commune"))
    );

    // A directory's point replaces the approximate one, though the
    // record is the coordinator's (its name stays theirs).
    let file = write(
        dir.path(),
        "school.csv",
        "uai,name,kind,sector,commune,postal_code,latitude,longitude\n\
0930122C,Lycée J. Jaurès,lycee_general,public,Paris,75005,48.8462,2.3447\n",
    );
    let report = import(&backend, &settings(Format::Csv(Kind::School), file));
    assert_eq!(report.report.updated, 1, "{:?}", report.report);
    let placed = school_of(&backend, "0930122C");
    assert_eq!(placed.name, "Lycée Jean Jaurès");
    assert_eq!(
        point_of(placed.location),
        Some((48.8462, 2.3447, "address"))
    );
    // Edited by hand without moving: the point stays.
    let mut renamed = placed.clone();
    renamed.name = "Lycée Jean-Jaurès".into();
    let Record::School(renamed) = save(Record::School(renamed)) else {
        panic!("a school")
    };
    assert_eq!(
        point_of(renamed.location),
        Some((48.8462, 2.3447, "address"))
    );
    // A new address typed by hand: the point no longer says where it
    // is; the commune's centre again.
    let mut readdressed = renamed.clone();
    readdressed.address = Some("1 rue des Écoles".into());
    let Record::School(readdressed) = save(Record::School(readdressed)) else {
        panic!("a school")
    };
    assert_eq!(point_of(readdressed.location).map(|p| p.2), Some("commune"));
    assert!(backend.check().expect("check").problems.is_empty());
}

#[test]
fn a_later_run_without_legal_names_never_renames_what_an_earlier_run_named() {
    use passerelle::domain::identifiers::siret::complete_siren;
    let dir = tempfile::tempdir().expect("tempdir");
    let backend = backend(&dir.path().join("store"));
    let place = |n: u32| {
        let siren = complete_siren(20_000_000 + n).expect("siren");
        let siret = Siret::complete(&siren, 1).expect("siret");
        (siren.as_str().to_owned(), siret.as_str().to_owned())
    };
    let (montreuil, bobigny) = (place(1), place(2));
    let establishments = |rows: &[(&(String, String), &str)]| {
        let mut text = String::from(
            "siren,siret,etatAdministratifEtablissement,codePostalEtablissement,\
libelleCommuneEtablissement,denominationUsuelleEtablissement\n",
        );
        for ((siren, siret), trade) in rows {
            text.push_str(&format!("{siren},{siret},A,93100,MONTREUIL,{trade}\n"));
        }
        write(dir.path(), "etablissements.csv", &text)
    };
    // First with the legal units: the legal name.
    let mut first = settings(
        Format::Sirene,
        establishments(&[(&montreuil, "ATELIERS M")]),
    );
    first.unites_legales = Some(write(
        dir.path(),
        "unites.csv",
        &format!(
            "siren,denominationUniteLegale\n{},ATELIERS DE MONTREUIL\n",
            montreuil.0
        ),
    ));
    assert_eq!(import(&backend, &first).report.created, 1);
    let name_of = |siret: &str| {
        let key = RecordKey::Siret(Siret::parse(siret).expect("siret"));
        match backend.get(&key).expect("the company").record {
            Record::Company(company) => company.name,
            other => panic!("not a company: {other:?}"),
        }
    };
    assert_eq!(name_of(&montreuil.1), "ATELIERS DE MONTREUIL");
    // Then without: the trade name stands in for the legal name this run
    // does not know. It names the new company, and renames nothing, even
    // with --overwrite.
    let mut later = settings(
        Format::Sirene,
        establishments(&[(&montreuil, "ATELIERS M"), (&bobigny, "GARAGE B")]),
    );
    later.options.overwrite = true;
    let report = import(&backend, &later);
    assert_eq!(report.report.created, 1);
    assert_eq!(report.report.updated, 0, "{:?}", report.report.changes);
    assert_eq!(name_of(&montreuil.1), "ATELIERS DE MONTREUIL");
    assert_eq!(name_of(&bobigny.1), "GARAGE B");
    assert!(backend.check().expect("check").problems.is_empty());
}

#[test]
fn a_sole_traders_own_name_is_neither_stored_nor_kept_in_the_trail() {
    use passerelle::domain::identifiers::siret::complete_siren;
    let dir = tempfile::tempdir().expect("tempdir");
    let backend = backend(&dir.path().join("store"));
    let siren = complete_siren(30_000_001).expect("siren");
    let siret = Siret::complete(&siren, 1).expect("siret");
    // As an earlier version stored such a company: under the person's
    // name.
    let mut typed = common::company(siret.clone(), "JEAN DUPONT");
    typed.commune = "MONTREUIL".into();
    typed.postal_code = passerelle::domain::identifiers::PostalCode::parse("93100").expect("cp");
    backend
        .call(Request::Save(Box::new(SaveRequest {
            record: Record::Company(typed),
        })))
        .expect("saved");
    // A sirene.fr extract: a sole trader whose "trade name" is only their
    // own name, the other way round.
    let file = write(
        dir.path(),
        "extract.csv",
        &format!(
            "siren,siret,etatAdministratifEtablissement,codePostalEtablissement,\
libelleCommuneEtablissement,denominationUsuelleEtablissement,\
categorieJuridiqueUniteLegale,nomUniteLegale,prenom1UniteLegale\n\
{siren},{siret},A,93100,MONTREUIL,DUPONT JEAN,1000,DUPONT,JEAN\n"
        ),
    );
    let mut overwrite = settings(Format::Sirene, file);
    overwrite.options.overwrite = true;
    let report = import(&backend, &overwrite);
    assert_eq!(report.report.updated, 1, "{:?}", report.report);
    let key = RecordKey::Siret(siret.clone());
    let Record::Company(company) = backend.get(&key).expect("the company").record else {
        panic!("a company")
    };
    let expected = format!(
        "Entrepreneur individuel, SIREN {} {} {}",
        &siren.as_str()[..3],
        &siren.as_str()[3..6],
        &siren.as_str()[6..]
    );
    assert_eq!(company.name, expected);
    // The rename is in the trail, without the name it replaced.
    let trail = backend
        .audit(&passerelle::service::audit::AuditRequest {
            kind: None,
            key: None,
            account: None,
            since: None,
            limit: 10,
        })
        .expect("audit");
    let written = format!("{:?}", trail.entries);
    assert!(written.contains("\"name\""), "{written}");
    assert!(!written.contains("DUPONT"), "{written}");
}

#[test]
fn a_point_never_lands_on_a_place_it_was_not_read_for() {
    let dir = tempfile::tempdir().expect("tempdir");
    let backend = backend(dir.path());
    let save = |record: Record| saved(&backend, record);
    let at = |lat: f64, lon: f64| {
        Some(passerelle::domain::place::Location::at_address(
            passerelle::domain::place::Coordinates::from_degrees(lat, lon).expect("a point"),
        ))
    };
    // Typed by hand in Montreuil, with a point a client made up: the
    // commune's centre.
    let mut typed = school("0930122C", "Lycée Jean Jaurès");
    typed.commune = "Montreuil".into();
    typed.postal_code = passerelle::domain::identifiers::PostalCode::parse("93100").expect("cp");
    typed.location = at(43.3, 5.4);
    let Record::School(saved) = save(Record::School(typed)) else {
        panic!("a school")
    };
    assert_eq!(point_of(saved.location), Some((48.863, 2.448, "commune")));
    // Saved again in place with a made-up point: the stored one stays.
    let mut forged = saved.clone();
    forged.location = at(43.3, 5.4);
    forged.name = "Lycée Jean-Jaurès".into();
    let Record::School(saved) = save(Record::School(forged)) else {
        panic!("a school")
    };
    assert_eq!(point_of(saved.location), Some((48.863, 2.448, "commune")));

    // A file that puts the school elsewhere (the coordinator's commune
    // kept against it): its point is not taken either.
    let elsewhere = write(
        dir.path(),
        "elsewhere.csv",
        "uai,name,kind,sector,commune,postal_code,latitude,longitude\n\
0930122C,Lycée Jean Jaurès,lycee_general,public,Bagnolet,93170,48.869,2.418\n",
    );
    import(&backend, &settings(Format::Csv(Kind::School), elsewhere));
    let kept = school_of(&backend, "0930122C");
    assert_eq!(kept.commune, "Montreuil");
    assert_eq!(point_of(kept.location).map(|p| p.2), Some("commune"));

    // The same place in the file: its point replaces the centre.
    let here = write(
        dir.path(),
        "here.csv",
        "uai,name,kind,sector,commune,postal_code,latitude,longitude,opening_state\n\
0930122C,Lycée Jean-Jaurès,lycee_general,public,Montreuil,93100,48.8611,2.4402,closing\n",
    );
    import(&backend, &settings(Format::Csv(Kind::School), here));
    let placed = school_of(&backend, "0930122C");
    assert_eq!(
        point_of(placed.location),
        Some((48.8611, 2.4402, "address"))
    );
    // The state nobody set (open, the form's default) yields too.
    assert_eq!(
        placed.opening_state,
        passerelle::domain::records::OpeningState::Closing
    );

    // An export edited in a spreadsheet: the address changed, the point
    // left as it was. It no longer says where the school is.
    let moved = write(
        dir.path(),
        "moved.csv",
        "uai,name,kind,sector,address,commune,postal_code,latitude,longitude,location_precision\n\
0930122C,Lycée Jean-Jaurès,lycee_general,public,2 rue de Rosny,Montreuil,93100,48.8611,2.4402,address\n",
    );
    let mut overwrite = settings(Format::Csv(Kind::School), moved);
    overwrite.options.overwrite = true;
    import(&backend, &overwrite);
    let moved = school_of(&backend, "0930122C");
    assert_eq!(moved.address.as_deref(), Some("2 rue de Rosny"));
    assert_eq!(point_of(moved.location).map(|p| p.2), Some("commune"));
    assert!(backend.check().expect("check").problems.is_empty());
}
