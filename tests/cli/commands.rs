//! The command line as a coordinator uses it: the real binary on a
//! temporary store, its output, its messages and its exit codes.

use crate::common;
use crate::common::json;

use std::process::Output;

use serde_json::Value;

use common::{passerelle, stderr, stdout};

/// A store with 300 records of demonstration data.
fn demo_store() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = passerelle(dir.path(), &["demo", "--size", "300", "--seed", "3"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("300 fiches créées"),
        "{}",
        stdout(&output)
    );
    dir
}

#[test]
fn the_interface_needs_a_terminal_and_a_sound_keymap_and_configuration() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("store");
    let config = dir.path().join("config");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_passerelle"))
            .arg("--store")
            .arg(&store)
            .args(args)
            .env("XDG_CONFIG_HOME", &config)
            .env("PASSERELLE_DIRECT", "1")
            .env_remove("PASSERELLE_LANG")
            .output()
            .expect("the binary runs")
    };
    // Without a terminal: the commands for scripts, and no store made.
    let output = run(&[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("passerelle status"),
        "{}",
        stderr(&output)
    );
    assert!(!store.exists());

    let output = run(&["--keymap", "vi"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("vi"), "{}", stderr(&output));
    assert!(stderr(&output).contains("emacs"), "{}", stderr(&output));

    // The user's keymap: refused with its file, line, key and reason.
    std::fs::create_dir_all(config.join("passerelle")).expect("config dir");
    std::fs::write(
        config.join("passerelle/keymap.toml"),
        "[list]\nkeymap = [\n  { on = \"z\", run = \"explode\" },\n]\n",
    )
    .expect("keymap written");
    let output = run(&["--lang", "en"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    for expected in ["keymap.toml", "line 3", "z", "explode"] {
        assert!(
            message.contains(expected),
            "{expected:?} missing: {message}"
        );
    }
    std::fs::remove_file(config.join("passerelle/keymap.toml")).expect("removed");

    // The configuration file: refused with its path, line and key.
    std::fs::write(
        config.join("passerelle/config.toml"),
        "lang = \"en\"\nmouse = \"yes\"\n",
    )
    .expect("config written");
    let output = run(&[]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("config.toml") && message.contains("line 2"),
        "{message}"
    );
    // It chooses the language of every command.
    std::fs::write(config.join("passerelle/config.toml"), "lang = \"en\"\n").expect("written");
    let output = run(&[]);
    assert!(
        stderr(&output).contains("needs a terminal"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn demonstration_records_say_so_and_go_with_demo_remove() {
    let dir = demo_store();
    let list = stdout(&passerelle(
        dir.path(),
        &["list", "companies", "--limit", "5"],
    ));
    let rows: Vec<&str> = list.lines().skip(1).take(5).collect();
    assert!(rows.iter().all(|row| row.starts_with("◇  ")), "{list}");
    assert!(
        list.contains("◇ démonstration"),
        "the mark is explained: {list}"
    );
    let show = passerelle(dir.path(), &["show", "company", "1"]);
    assert!(
        stdout(&show).contains("Fiche de démonstration"),
        "{}",
        stdout(&show)
    );
    let listed = json(&passerelle(
        dir.path(),
        &["list", "schools", "--json", "--limit", "3"],
    ));
    assert_eq!(listed["rows"][0]["demo"], Value::Bool(true), "{listed}");

    let both = passerelle(dir.path(), &["demo", "--remove", "--append"]);
    assert_eq!(both.status.code(), Some(2), "{}", stderr(&both));
    let trial = passerelle(dir.path(), &["demo", "--remove", "--dry-run"]);
    assert_eq!(
        stdout(&trial).trim(),
        "300 fiches de démonstration seraient retirées (essai : rien n'est modifié)."
    );
    assert!(
        stdout(&passerelle(dir.path(), &["list", "schools"])).contains("◇"),
        "still there"
    );
    let removed = passerelle(dir.path(), &["demo", "--remove"]);
    assert!(removed.status.success(), "{}", stderr(&removed));
    assert_eq!(
        stdout(&removed).trim(),
        "300 fiches de démonstration retirées."
    );
    let status = json(&passerelle(dir.path(), &["status", "--json"]));
    let totals: Vec<&Value> = status["counts"]
        .as_array()
        .expect("counts")
        .iter()
        .map(|count| &count["total"])
        .collect();
    assert!(totals.iter().all(|total| **total == 0), "{status}");
    // In the trail, by batch of 250.
    let audit = stdout(&passerelle(dir.path(), &["audit"]));
    assert!(
        audit.contains("250 fiches de démonstration retirées")
            && audit.contains("50 fiches de démonstration retirées"),
        "{audit}"
    );
    let check = passerelle(dir.path(), &["check"]);
    assert!(check.status.success(), "{}", stdout(&check));
    // Empty again: a new demonstration needs no --append.
    let again = passerelle(dir.path(), &["demo", "--size", "60"]);
    assert!(again.status.success(), "{}", stderr(&again));
}

#[test]
fn a_demonstration_record_overwritten_by_an_import_is_real_data() {
    let dir = demo_store();
    let files = tempfile::tempdir().expect("tempdir");
    let file = files.path().join("schools.csv");
    let path = file.to_str().expect("UTF-8");
    let exported = passerelle(dir.path(), &["export", "schools", "--output", path]);
    assert!(exported.status.success(), "{}", stderr(&exported));
    // The file says the first school is named otherwise.
    let text = std::fs::read_to_string(&file).expect("written");
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let shown = json(&passerelle(dir.path(), &["show", "school", "1", "--json"]));
    let name = shown["record"]["school"]["name"]
        .as_str()
        .expect("a name")
        .to_owned();
    let row = lines
        .iter()
        .position(|line| line.contains(&name))
        .expect("its row");
    lines[row] = lines[row].replacen(&name, "Lycée du fichier", 1);
    std::fs::write(&file, lines.join("\n") + "\n").expect("rewritten");

    let imported = passerelle(
        dir.path(),
        &["import", "csv", "school", path, "--overwrite"],
    );
    assert!(imported.status.success(), "{}", stderr(&imported));
    let shown = json(&passerelle(dir.path(), &["show", "school", "1", "--json"]));
    assert_eq!(shown["record"]["school"]["name"], "Lycée du fichier");
    assert_eq!(shown["demo"], Value::Bool(false), "the file's now");
    let other = json(&passerelle(dir.path(), &["show", "school", "2", "--json"]));
    assert_eq!(
        other["demo"],
        Value::Bool(true),
        "unchanged rows stay marked"
    );
}

#[test]
fn demo_refuses_a_store_that_holds_records_and_a_size_too_small() {
    let dir = demo_store();
    let again = passerelle(dir.path(), &["demo", "--size", "300"]);
    assert_eq!(again.status.code(), Some(4));
    assert!(stderr(&again).contains("--append"), "{}", stderr(&again));

    let appended = passerelle(
        dir.path(),
        &["demo", "--size", "100", "--seed", "3", "--append"],
    );
    assert!(
        appended.status.success(),
        "same seed again: new codes are drawn: {}",
        stderr(&appended)
    );
    let check = passerelle(dir.path(), &["check"]);
    assert!(check.status.success(), "{}", stdout(&check));
    assert!(stdout(&check).contains("400 fiches"), "{}", stdout(&check));

    let small = passerelle(
        tempfile::tempdir().expect("tempdir").path(),
        &["demo", "--size", "10"],
    );
    assert_eq!(small.status.code(), Some(2));
    assert!(stderr(&small).contains("--size"), "{}", stderr(&small));
}

#[test]
fn status_answers_for_people_and_for_scripts() {
    let dir = demo_store();
    let text = passerelle(dir.path(), &["status"]);
    assert!(text.status.success(), "{}", stderr(&text));
    let page = stdout(&text);
    for expected in [
        "Stages en attente",
        "sans entreprise",
        "Immersions à évaluer",
        "Événements sous 7 jours",
        "établissements",
        "Stages par mois de début, année",
        "sept.",
        "août",
    ] {
        assert!(page.contains(expected), "missing {expected:?} in\n{page}");
    }

    let value = json(&passerelle(dir.path(), &["status", "--json"]));
    assert!(value["placements"]["pending"].as_u64().expect("pending") > 0);
    assert_eq!(value["placements"]["by_missing"][0]["missing"], "company");
    assert_eq!(value["counts"][0]["kind"], "school");
    let counted: u64 = value["counts"]
        .as_array()
        .expect("counts")
        .iter()
        .map(|c| c["total"].as_u64().expect("total"))
        .sum();
    assert_eq!(counted, 300);
    assert!(value["coming_events"].as_array().expect("events").len() >= 3);
    // The totals of what the lists show the first of.
    assert!(
        value["coming_events_total"].as_u64().expect("a total")
            >= value["coming_events"].as_array().expect("events").len() as u64
    );
    assert!(value["notice_near_total"].as_u64().is_some());
    assert!(value["today"].as_str().expect("today").len() == 10);

    // Twelve months from September; demonstration data made today puts
    // placements in (nearly) every month of the school year.
    let months = value["placements_by_month"].as_array().expect("months");
    assert_eq!(months.len(), 12);
    let first = months[0]["month"].as_str().expect("a date");
    assert!(first.ends_with("-09-01"), "{first}");
    let filled = months
        .iter()
        .filter(|m| m["count"].as_u64().expect("count") > 0)
        .count();
    assert!(filled >= 9, "{months:?}");
}

#[test]
fn status_of_an_empty_store_says_how_to_fill_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = passerelle(dir.path(), &["status"]);
    assert!(output.status.success());
    assert!(
        stdout(&output).contains("passerelle demo"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn list_shows_a_table_filters_and_json() {
    let dir = demo_store();
    let schools = passerelle(dir.path(), &["list", "schools"]);
    assert!(schools.status.success(), "{}", stderr(&schools));
    let table = stdout(&schools);
    // The first column marks demonstration records.
    assert!(
        table.lines().next().expect("header").starts_with("   n°"),
        "{table}"
    );
    assert!(table.contains("UAI"), "{table}");

    let pending = json(&passerelle(
        dir.path(),
        &[
            "list",
            "placement",
            "--status",
            "pending",
            "--json",
            "--limit",
            "500",
        ],
    ));
    let rows = pending["rows"].as_array().expect("rows");
    assert!(!rows.is_empty());
    for row in rows {
        let status = row["record"]["placement"]["status"]
            .as_str()
            .expect("status");
        assert!(
            ["requested", "company_proposed", "agreement_signed"].contains(&status),
            "{status}"
        );
    }
    assert_eq!(pending["matching"].as_u64(), Some(rows.len() as u64));

    let limited = json(&passerelle(
        dir.path(),
        &["list", "learners", "--limit", "5", "--json"],
    ));
    assert_eq!(limited["rows"].as_array().expect("rows").len(), 5);
    assert_eq!(limited["more"], true);

    let by_word = json(&passerelle(
        dir.path(),
        &["list", "school", "--filter", "lycee", "--json"],
    ));
    for row in by_word["rows"].as_array().expect("rows") {
        assert!(
            row["label"].as_str().expect("label").starts_with("Lycée"),
            "{row}"
        );
    }
}

#[test]
fn list_keeps_one_school_year() {
    let dir = demo_store();
    let year = passerelle::domain::dates::SchoolYear::containing(chrono::Local::now().date_naive());
    let listed = json(&passerelle(
        dir.path(),
        &[
            "list",
            "placements",
            "--year",
            &year.to_string(),
            "--limit",
            "500",
            "--json",
        ],
    ));
    let rows = listed["rows"].as_array().expect("rows");
    assert!(!rows.is_empty());
    let starts: Vec<&str> = rows
        .iter()
        .map(|row| row["record"]["placement"]["start"].as_str().expect("start"))
        .collect();
    let (first, last) = (
        year.first_day().expect("a day").to_string(),
        year.last_day().expect("a day").to_string(),
    );
    assert!(
        starts
            .iter()
            .all(|s| *s >= first.as_str() && *s <= last.as_str()),
        "{starts:?}"
    );
    assert!(
        starts.windows(2).all(|w| w[0] <= w[1]),
        "by date: {starts:?}"
    );
    assert_eq!(listed["matching"].as_u64(), Some(rows.len() as u64));

    let undated = passerelle(dir.path(), &["list", "schools", "--year", "2025-2026"]);
    assert_eq!(undated.status.code(), Some(2));
    assert!(
        stderr(&undated).contains("n'ont pas de date"),
        "{}",
        stderr(&undated)
    );
    let malformed = passerelle(dir.path(), &["list", "events", "--year", "2025"]);
    assert_eq!(malformed.status.code(), Some(2));
    assert!(
        stderr(&malformed).contains("2025-2026"),
        "{}",
        stderr(&malformed)
    );
}

#[test]
fn kinds_and_statuses_are_understood_by_their_french_names_too() {
    let dir = demo_store();
    for (english, french) in [
        ("schools", "établissements"),
        ("school", "Etablissement"),
        ("learners", "élèves"),
        ("placements", "stages"),
        ("events", "événements"),
        ("agreements", "convention"),
    ] {
        let by_code = passerelle(dir.path(), &["list", english, "--json"]);
        let by_name = passerelle(dir.path(), &["list", french, "--json"]);
        assert!(by_name.status.success(), "{french}: {}", stderr(&by_name));
        assert_eq!(json(&by_code), json(&by_name), "{french}");
    }
    let shown = passerelle(dir.path(), &["show", "etablissement", "1"]);
    assert!(shown.status.success(), "{}", stderr(&shown));
    // Statuses too, by their French names.
    for (code, name) in [
        ("company_proposed", "entreprise proposée"),
        ("pending", "en attente"),
    ] {
        let by_code = passerelle(
            dir.path(),
            &["list", "placements", "--status", code, "--json"],
        );
        let by_name = passerelle(dir.path(), &["list", "stages", "--status", name, "--json"]);
        assert!(by_name.status.success(), "{name}: {}", stderr(&by_name));
        assert_eq!(json(&by_code), json(&by_name), "{name}");
    }
}

#[test]
fn list_refuses_unknown_kinds_statuses_and_academies() {
    let dir = tempfile::tempdir().expect("tempdir");
    let kind = passerelle(dir.path(), &["list", "schol"]);
    assert_eq!(kind.status.code(), Some(2));
    assert!(
        stderr(&kind).contains("« schol » n'est pas une sorte de fiche"),
        "{}",
        stderr(&kind)
    );

    let status = passerelle(dir.path(), &["list", "placements", "--status", "signed"]);
    assert_eq!(status.status.code(), Some(2));
    // The possible statuses by their French names, no code.
    assert!(
        stderr(&status).contains("« convention signée »"),
        "lists the possible statuses: {}",
        stderr(&status)
    );
    assert!(
        !stderr(&status).contains("agreement_signed"),
        "{}",
        stderr(&status)
    );

    let academie = passerelle(dir.path(), &["list", "schools", "--academie", "lyon"]);
    assert_eq!(academie.status.code(), Some(2));
    assert!(
        stderr(&academie).contains("--academie"),
        "{}",
        stderr(&academie)
    );
}

#[test]
fn show_finds_a_record_by_number_or_uai_with_its_links() {
    let dir = demo_store();
    let first = json(&passerelle(
        dir.path(),
        &["list", "schools", "--json", "--limit", "1"],
    ));
    let uai = first["rows"][0]["record"]["school"]["uai"]
        .as_str()
        .expect("uai")
        .to_owned();

    let by_uai = passerelle(dir.path(), &["show", "school", &uai]);
    assert!(by_uai.status.success(), "{}", stderr(&by_uai));
    let page = stdout(&by_uai);
    assert!(page.contains(&uai), "{page}");
    assert!(
        page.contains("Fiches qui s'y rattachent"),
        "a school lists what points at it: {page}"
    );

    let placement = json(&passerelle(
        dir.path(),
        &["show", "placement", "1", "--json"],
    ));
    let roles: Vec<&str> = placement["links"]
        .as_array()
        .expect("links")
        .iter()
        .map(|l| l["role"].as_str().expect("role"))
        .collect();
    assert!(
        roles.contains(&"learner") && roles.contains(&"school"),
        "{roles:?}"
    );
}

#[test]
fn show_explains_a_bad_key_and_a_missing_record() {
    let dir = demo_store();
    let wrong_letter = passerelle(dir.path(), &["show", "school", "0750655F"]);
    assert_eq!(wrong_letter.status.code(), Some(2));
    let message = stderr(&wrong_letter);
    assert!(message.contains("UAI"), "{message}");
    assert!(
        message.contains("appellent E"),
        "names the expected letter: {message}"
    );

    let bad_siret = passerelle(dir.path(), &["show", "company", "2,17003E+13"]);
    assert_eq!(bad_siret.status.code(), Some(2));
    assert!(
        stderr(&bad_siret).contains("notation scientifique"),
        "{}",
        stderr(&bad_siret)
    );

    let missing = passerelle(dir.path(), &["show", "learner", "999999"]);
    assert_eq!(missing.status.code(), Some(3));
    assert!(
        stderr(&missing).contains("Introuvable"),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn confidential_values_stay_masked_in_every_output() {
    let dir = demo_store();
    // The demonstration data marks learners with sensitive needs.
    let learners = json(&passerelle(
        dir.path(),
        &["list", "learners", "--json", "--limit", "500"],
    ));
    let confidential: Vec<&Value> = learners["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter(|row| row["record"]["learner"]["meta"]["confidentiality"]["confidential"] == true)
        .collect();
    assert!(
        !confidential.is_empty(),
        "the demonstration has confidential learners"
    );
    for row in &confidential {
        assert_eq!(
            row["record"]["learner"]["sensitive"]["masked"], true,
            "{row}"
        );
        let id = row["id"].as_u64().expect("id").to_string();
        let shown = stdout(&passerelle(dir.path(), &["show", "learner", &id]));
        assert!(shown.contains("masqué"), "{shown}");
        for secret in ["CASNAV", "MDPH", "handicap", "titre de séjour"] {
            assert!(!shown.contains(secret), "{secret} leaked in\n{shown}");
        }
    }
}

#[test]
fn help_speaks_french_unless_english_is_asked_for() {
    let dir = tempfile::tempdir().expect("tempdir");
    let french = stdout(&passerelle(dir.path(), &["list", "--help"]));
    assert!(french.contains("Utilisation : passerelle list"), "{french}");
    assert!(
        french.contains("Garder les fiches d'une académie"),
        "{french}"
    );
    assert!(french.contains("50 par défaut"), "{french}");
    let english = stdout(&passerelle(dir.path(), &["--lang", "en", "list", "--help"]));
    assert!(
        english.contains("Keep records of one académie"),
        "{english}"
    );
    assert!(
        !dir.path().join("db").exists(),
        "asking for help opens no store"
    );
    // The program's own help and the words clap puts around it.
    let top = stdout(&passerelle(dir.path(), &["--help"]));
    for french in [
        "Utilisation : passerelle [OPTIONS] [COMMANDE]",
        "Commandes :",
        "Options :",
        "--store <CHEMIN>",
        "[variable d'environnement : PASSERELLE_STORE]",
    ] {
        assert!(top.contains(french), "{french}\n{top}");
    }
    for english in ["Usage", "Commands:", "<PATH>", "[env:", "COMMAND]"] {
        assert!(!top.contains(english), "{english}\n{top}");
    }
    // A command line refused says why in French, with its usage, code 2.
    for (args, said) in [
        (
            &["lst"][..],
            "Commande inconnue : « lst ». Vouliez-vous dire « list » ?",
        ),
        (&["list", "--bogus"][..], "Option inconnue : « --bogus »."),
        (&["list"][..], "Il manque : <SORTE>."),
        (
            &["list", "school", "--limit", "9999"][..],
            "« 9999 » n'est pas une valeur acceptée pour --limit <NOMBRE>",
        ),
    ] {
        let output = passerelle(dir.path(), args);
        let text = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {text}");
        assert!(text.contains(said), "{args:?}: {text}");
        for english in ["error:", "Usage:", "tip:", "For more information"] {
            assert!(!text.contains(english), "{args:?}: {text}");
        }
    }
    let english = stderr(&passerelle(dir.path(), &["--lang", "en", "lst"]));
    assert!(
        english.contains("Unknown command: 'lst'. Did you mean 'list'?"),
        "{english}"
    );
}

#[test]
fn english_on_request() {
    let dir = demo_store();
    let output = passerelle(dir.path(), &["--lang", "en", "status"]);
    assert!(
        stdout(&output).contains("Placements pending"),
        "{}",
        stdout(&output)
    );
    let missing = passerelle(dir.path(), &["--lang", "en", "show", "school", "0750655F"]);
    assert!(
        stderr(&missing).contains("the digits call for E"),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn check_reports_a_clean_store() {
    let dir = demo_store();
    let output = passerelle(dir.path(), &["check"]);
    assert!(output.status.success(), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("La base est cohérente."),
        "{}",
        stdout(&output)
    );
    let report = json(&passerelle(dir.path(), &["check", "--json"]));
    assert_eq!(report["records"], 300);
    assert_eq!(report["problems"].as_array().map(Vec::len), Some(0));
}

#[test]
fn arguments_that_are_not_utf8_get_a_message_and_file_names_are_read_as_paths() {
    use std::os::unix::ffi::OsStrExt;
    let dir = demo_store();
    let odd = std::ffi::OsStr::from_bytes(b"\xff\xfe");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .arg("--store")
        .arg(dir.path())
        .arg("list")
        .arg(odd)
        .env("PASSERELLE_DIRECT", "1")
        .env_remove("PASSERELLE_LANG")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("n'est pas un texte lisible (UTF-8)"));

    // A file whose name is not UTF-8 is a file like another.
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let mut name = elsewhere.path().as_os_str().to_owned();
    name.push("/");
    name.push(std::ffi::OsStr::from_bytes(b"\xe9coles.csv"));
    std::fs::write(&name, "uai;nom\n").expect("written");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .arg("--store")
        .arg(dir.path())
        .args(["import", "csv", "schools"])
        .arg(&name)
        .env("PASSERELLE_DIRECT", "1")
        .env_remove("PASSERELLE_LANG")
        .output()
        .expect("runs");
    let message = stderr(&output);
    assert_ne!(output.status.code(), Some(101), "a panic: {message}");
    assert!(
        message.contains("il manque les colonnes"),
        "read: {message}"
    );
}

#[test]
fn invisible_characters_are_shown_in_text_and_escaped_in_json() {
    let fixture = common::Fixture::new();
    let mut school = common::school("0750655E", "Lycée ");
    school.name = "Lycée \u{202e}erialoV\u{200b}".into();
    fixture.create(school);
    let me = passerelle::service::Caller::current_process(passerelle::domain::audit::FrontEnd::Cli)
        .account;
    std::fs::write(
        fixture.dir.path().join("users.toml"),
        format!("[users.{me}]\nname = \"Moi\"\nrole = \"admin\"\n"),
    )
    .expect("users.toml");
    let common::Fixture { service, dir, .. } = fixture;
    drop(service);
    let store = dir.path().to_path_buf();
    let text = stdout(&passerelle(&store, &["list", "schools"]));
    assert!(text.contains("\\u{202e}erialoV\\u{200b}"), "{text}");
    assert!(
        !text.contains('\u{202e}') && !text.contains('\u{200b}'),
        "{text}"
    );
    let output = passerelle(&store, &["list", "schools", "--json"]);
    let raw = stdout(&output);
    assert!(
        !raw.contains('\u{202e}') && !raw.contains('\u{200b}'),
        "{raw}"
    );
    assert!(raw.contains("\\u202e"), "{raw}");
    // The same value to a JSON reader.
    let listed = json(&output);
    assert_eq!(
        listed["rows"][0]["record"]["school"]["name"],
        "Lycée \u{202e}erialoV\u{200b}"
    );

    let output = passerelle(
        &store,
        &[
            "users",
            "add",
            "bob",
            "--name",
            "Bob\u{202e}",
            "--role",
            "reader",
        ],
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("caractère invisible"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn years_and_dates_out_of_any_sensible_range_are_refused_at_the_command_line() {
    let dir = demo_store();
    let output = passerelle(dir.path(), &["report", "--year", "0000-0001"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let output = passerelle(
        dir.path(),
        &[
            "consent",
            "learner",
            "1",
            "--by",
            "Mme Parent",
            "--on",
            "01/01/0001",
            "--for",
            "report",
        ],
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("l'année doit être entre 1900 et 2199"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn only_an_admin_adds_demonstration_data_to_a_store_with_records() {
    let dir = demo_store();
    let me = passerelle::service::Caller::current_process(passerelle::domain::audit::FrontEnd::Cli)
        .account;
    std::fs::write(
        dir.path().join("users.toml"),
        format!(
            "[users.alice]\nname = \"Alice\"\nrole = \"admin\"\n\n[users.{me}]\nname = \"Moi\"\norganisation = \"paris\"\nrole = \"coordinator\"\n"
        ),
    )
    .expect("users.toml");
    let status = |output: &Output| json(output)["counts"].clone();
    let before = status(&passerelle(dir.path(), &["status", "--json"]));
    let output = passerelle(dir.path(), &["demo", "--append", "--size", "60"]);
    assert_eq!(output.status.code(), Some(4), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("Seuls les administrateurs ajoutent des données de démonstration"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        status(&passerelle(dir.path(), &["status", "--json"])),
        before
    );
}

#[test]
fn an_import_row_marking_another_organisations_record_is_refused() {
    let dir = demo_store();
    let me = passerelle::service::Caller::current_process(passerelle::domain::audit::FrontEnd::Cli)
        .account;
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let file = elsewhere.path().join("schools.csv");
    let output = passerelle(
        dir.path(),
        &["export", "schools", "--output", &file.display().to_string()],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    // One Paris school of the export, marked for Créteil.
    let text = std::fs::read_to_string(&file).expect("the export");
    let mut lines = text.lines();
    let header = lines.next().expect("a header").to_owned();
    let columns: Vec<&str> = header.split(',').collect();
    let at = |name: &str| {
        columns
            .iter()
            .position(|column| *column == name)
            .unwrap_or_else(|| panic!("no column {name} in {header}"))
    };
    let (uai, mark, owner, reason) = (
        at("uai"),
        at("confidentiality"),
        at("confidentiality_owner"),
        at("confidentiality_reason"),
    );
    let row = lines
        .find(|line| {
            line.split(',')
                .nth(uai)
                .is_some_and(|code| code.starts_with("075"))
        })
        .expect("a Paris school without commas");
    let mut cells: Vec<String> = row.split(',').map(str::to_owned).collect();
    cells[mark] = "yes".into();
    cells[owner] = "academie_creteil".into();
    cells[reason] = "pris par Créteil".into();
    std::fs::write(&file, format!("{header}\n{}\n", cells.join(","))).expect("written");
    std::fs::write(
        dir.path().join("users.toml"),
        format!(
            "[users.alice]\nname = \"Alice\"\nrole = \"admin\"\n\n[users.{me}]\nname = \"Moi\"\norganisation = \"creteil\"\nrole = \"coordinator\"\n"
        ),
    )
    .expect("users.toml");
    let output = passerelle(
        dir.path(),
        &[
            "import",
            "csv",
            "schools",
            &file.display().to_string(),
            "--overwrite",
        ],
    );
    let said = format!("{}{}", stdout(&output), stderr(&output));
    assert!(!said.contains("1 modifiée"), "{said}");
    let listed = json(&passerelle(
        dir.path(),
        &["list", "schools", "--json", "--limit", "500"],
    ));
    let taken = listed["rows"].as_array().expect("rows").iter().any(|row| {
        row["record"]["school"]["meta"]["confidentiality"]["owner"] == "academie_creteil"
    });
    assert!(!taken, "{said}");
}

#[test]
fn json_says_choices_by_the_codes_csv_and_the_docs_use() {
    let dir = demo_store();
    let companies = json(&passerelle(
        dir.path(),
        &["list", "companies", "--json", "--limit", "50"],
    ));
    let bands: Vec<String> = companies["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|row| {
            row["record"]["company"]["headcount"]
                .as_str()
                .expect("a code")
                .to_owned()
        })
        .collect();
    let codes = ["unknown", "none", "1_9", "10_49", "50_249", "250_plus"];
    assert!(
        bands.iter().all(|band| codes.contains(&band.as_str())),
        "{bands:?}"
    );
    let learners = json(&passerelle(
        dir.path(),
        &["list", "learners", "--json", "--limit", "50"],
    ));
    let levels: Vec<&str> = learners["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter_map(|row| row["record"]["learner"]["level"].as_str())
        .collect();
    assert!(
        levels
            .iter()
            .any(|level| ["3e", "2nde", "1re"].contains(level)),
        "{levels:?}"
    );
    assert!(!levels.contains(&"troisieme"), "{levels:?}");
}

/// `docs/commands.md` names every command (`passerelle NAME`, `passerelle
/// users NAME`) and every option of the command line as clap reads it,
/// and no option or command that does not exist.
#[test]
fn the_commands_doc_names_every_command_and_option_and_no_other() {
    use std::collections::BTreeSet;

    use clap::CommandFactory;

    /// Every command below `command`, with its words after `passerelle`.
    fn walk<'a>(
        path: &[String],
        command: &'a clap::Command,
        found: &mut Vec<(Vec<String>, &'a clap::Command)>,
    ) {
        for sub in command.get_subcommands() {
            if sub.is_hide_set() || sub.get_name() == "help" {
                continue;
            }
            let mut words = path.to_vec();
            words.push(sub.get_name().to_owned());
            walk(&words, sub, found);
            found.push((words, sub));
        }
    }

    /// The long options of one command, as typed (`--dry-run`); hidden
    /// ones, `--help` and `--version` aside.
    fn long_options(command: &clap::Command) -> Vec<String> {
        command
            .get_arguments()
            .filter(|arg| !arg.is_hide_set())
            .filter_map(|arg| arg.get_long())
            .filter(|long| !matches!(*long, "help" | "version"))
            .map(|long| format!("--{long}"))
            .collect()
    }

    /// What is written as code: the lines of fenced blocks and the
    /// inline spans of each paragraph.
    fn code_of(doc: &str) -> Vec<String> {
        let mut code = Vec::new();
        let mut prose = String::new();
        let mut fenced = false;
        for line in doc.lines() {
            if line.trim_start().starts_with("```") {
                fenced = !fenced;
                continue;
            }
            if fenced {
                code.push(line.to_owned());
            } else {
                prose.push_str(line);
                prose.push('\n');
            }
        }
        for paragraph in prose.split("\n\n") {
            code.extend(paragraph.split('`').skip(1).step_by(2).map(str::to_owned));
        }
        code
    }

    let doc = include_str!("../../docs/commands.md");
    let cli = passerelle::cli::Cli::command();
    let mut commands = Vec::new();
    walk(&[], &cli, &mut commands);
    assert!(commands.len() > 10, "no commands found: {commands:?}");

    // Options written in the doc: runs of [a-z0-9-] starting with `--`
    // and a letter.
    let written: BTreeSet<&str> = doc
        .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
        .filter(|token| {
            token
                .strip_prefix("--")
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_lowercase()))
        })
        .collect();

    let mut problems = Vec::new();
    let mut known: BTreeSet<String> = ["--help", "--version"].map(str::to_owned).into();
    for option in long_options(&cli) {
        if !written.contains(option.as_str()) {
            problems.push(format!(
                "the option {option} (of every command, or of the interface) is not in docs/commands.md"
            ));
        }
        known.insert(option);
    }
    for (words, command) in &commands {
        let name = format!("passerelle {}", words.join(" "));
        let named = doc.match_indices(&name).any(|(at, _)| {
            !doc[at + name.len()..].starts_with(|c: char| c.is_ascii_lowercase() || c == '-')
        });
        if !named {
            problems.push(format!(
                "the command `{name}` is not named in docs/commands.md"
            ));
        }
        for option in long_options(command) {
            if !written.contains(option.as_str()) {
                problems.push(format!(
                    "the option {option} of `{name}` is not in docs/commands.md"
                ));
            }
            known.insert(option);
        }
    }

    // The other way: every option written is one that exists.
    for option in &written {
        if !known.contains(*option) {
            problems.push(format!(
                "docs/commands.md writes {option}, which no command has"
            ));
        }
    }

    // And every `passerelle word` written as code is a command (the
    // account in `sudo -u passerelle` is not one).
    let top: BTreeSet<&str> = cli.get_subcommands().map(clap::Command::get_name).collect();
    let users: BTreeSet<&str> = cli
        .find_subcommand("users")
        .expect("the users command")
        .get_subcommands()
        .map(clap::Command::get_name)
        .collect();
    let is_word = |token: &str| !token.is_empty() && token.chars().all(|c| c.is_ascii_lowercase());
    for code in code_of(doc) {
        let tokens: Vec<&str> = code.split_whitespace().collect();
        for (at, token) in tokens.iter().enumerate() {
            let program = *token == "passerelle" || token.ends_with("/passerelle");
            if !program || (at > 0 && tokens[at - 1] == "-u") {
                continue;
            }
            let Some(word) = tokens.get(at + 1).copied().filter(|word| is_word(word)) else {
                continue;
            };
            if !top.contains(word) {
                problems.push(format!(
                    "docs/commands.md shows `passerelle {word}`, which is no command (in `{code}`)"
                ));
            } else if word == "users" {
                if let Some(action) = tokens.get(at + 2).copied().filter(|action| is_word(action)) {
                    if !users.contains(action) {
                        problems.push(format!(
                            "docs/commands.md shows `passerelle users {action}`, which is no command (in `{code}`)"
                        ));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
