//! The `:` command line: go anywhere by typing, with completion.
//! Commands have an English name and a French one (`:schools`,
//! `:ecoles`); accents and case do not matter.

use chrono::NaiveDate;

use crate::domain::Kind;
use crate::domain::dates::SchoolYear;
use crate::domain::identifiers::{Siret, Uai};
use crate::domain::text::fold;
use crate::domain::validation::{Field, parse_field};
use crate::i18n::Lang;
use crate::i18n::messages::field_error;
use crate::i18n::tui as text;
use crate::service::get::RecordKey;
use crate::service::list::StatusFilter;
use crate::tui::app::{App, ListSpec, Nav, Overlay, Target};
use crate::tui::input::TextInput;
use crate::tui::keymap::Action;

/// What a command does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Quit,
    Dashboard,
    Help,
    Find,
    Uai,
    Siret,
    /// The list of a kind, with an optional status word.
    List(Kind),
    /// One record of a kind, by number (or UAI, SIRET).
    Show(Kind),
    /// The yearly report, on a school year (by default the last over).
    Report,
    /// A file imported (`:import annuaire PATH`), in the background.
    Import,
    /// This session's messages read again.
    Messages,
}

/// Every command name, English first.
pub const COMMANDS: &[(&str, Verb)] = &[
    ("schools", Verb::List(Kind::School)),
    ("companies", Verb::List(Kind::Company)),
    ("placements", Verb::List(Kind::Placement)),
    ("immersions", Verb::List(Kind::Immersion)),
    ("events", Verb::List(Kind::Event)),
    ("contacts", Verb::List(Kind::Contact)),
    ("learners", Verb::List(Kind::Learner)),
    ("agreements", Verb::List(Kind::Agreement)),
    ("uai", Verb::Uai),
    ("siret", Verb::Siret),
    ("find", Verb::Find),
    ("dashboard", Verb::Dashboard),
    ("help", Verb::Help),
    ("report", Verb::Report),
    ("quit", Verb::Quit),
    ("import", Verb::Import),
    ("messages", Verb::Messages),
    ("school", Verb::Show(Kind::School)),
    ("company", Verb::Show(Kind::Company)),
    ("placement", Verb::Show(Kind::Placement)),
    ("immersion", Verb::Show(Kind::Immersion)),
    ("event", Verb::Show(Kind::Event)),
    ("contact", Verb::Show(Kind::Contact)),
    ("learner", Verb::Show(Kind::Learner)),
    ("agreement", Verb::Show(Kind::Agreement)),
    ("ecoles", Verb::List(Kind::School)),
    ("etablissements", Verb::List(Kind::School)),
    ("apprenants", Verb::List(Kind::Learner)),
    ("entreprises", Verb::List(Kind::Company)),
    ("stages", Verb::List(Kind::Placement)),
    ("evenements", Verb::List(Kind::Event)),
    ("eleves", Verb::List(Kind::Learner)),
    ("conventions", Verb::List(Kind::Agreement)),
    ("chercher", Verb::Find),
    ("accueil", Verb::Dashboard),
    ("aide", Verb::Help),
    ("rapport", Verb::Report),
    ("bilan", Verb::Report),
    ("quitter", Verb::Quit),
    ("importer", Verb::Import),
    ("q", Verb::Quit),
    ("ecole", Verb::Show(Kind::School)),
    ("etablissement", Verb::Show(Kind::School)),
    ("apprenant", Verb::Show(Kind::Learner)),
    ("entreprise", Verb::Show(Kind::Company)),
    ("stage", Verb::Show(Kind::Placement)),
    ("evenement", Verb::Show(Kind::Event)),
    ("eleve", Verb::Show(Kind::Learner)),
    ("convention", Verb::Show(Kind::Agreement)),
];

/// Command names English alone uses (offered in French only when no
/// French one starts as typed).
const ENGLISH_ONLY: &[&str] = &[
    "schools",
    "companies",
    "placements",
    "events",
    "learners",
    "agreements",
    "find",
    "dashboard",
    "help",
    "report",
    "quit",
    "import",
    "school",
    "company",
    "placement",
    "event",
    "learner",
    "agreement",
];

/// Command names French alone uses.
const FRENCH_ONLY: &[&str] = &[
    "ecoles",
    "etablissements",
    "apprenants",
    "entreprises",
    "stages",
    "evenements",
    "eleves",
    "conventions",
    "chercher",
    "accueil",
    "aide",
    "rapport",
    "bilan",
    "quitter",
    "importer",
    "ecole",
    "etablissement",
    "apprenant",
    "entreprise",
    "stage",
    "evenement",
    "eleve",
    "convention",
];

fn verb_of(word: &str) -> Option<Verb> {
    let folded = fold(word);
    COMMANDS
        .iter()
        .find(|(name, _)| *name == folded)
        .map(|(_, verb)| *verb)
}

/// The status words a list command takes for `kind`, with what each
/// means: in French their names, folded and hyphenated (« en-attente »,
/// « entreprise-proposee »), in English their codes. Either is
/// understood in both languages (`status_names::status_named`).
pub fn status_words(kind: Kind, lang: Lang) -> Vec<(String, String)> {
    use crate::i18n::status_names::status_filter_label;
    StatusFilter::all_for(kind)
        .into_iter()
        .map(|status| {
            let word = match lang {
                Lang::Fr => fold(&status_filter_label(status, lang)).replace(' ', "-"),
                Lang::En => status.code().to_owned(),
            };
            let description = match status {
                StatusFilter::PlacementPending => text::pending_word(lang).to_owned(),
                _ => status_filter_label(status, lang),
            };
            (word, description)
        })
        .collect()
}

/// One way to finish the word being typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The whole line once chosen.
    pub line: String,
    pub word: String,
    pub description: String,
}

/// The school years the report command offers: the year of `today`
/// and the four before it, the last one over first.
pub fn report_years(today: NaiveDate) -> Vec<SchoolYear> {
    let current = SchoolYear::containing(today);
    let mut years = vec![current.previous(), current];
    let mut year = current.previous();
    for _ in 0..3 {
        year = year.previous();
        years.push(year);
    }
    years
}

/// The candidates for what is typed: command names, then a list
/// command's status words or the report's school years.
pub fn candidates(line: &str, lang: Lang, today: NaiveDate) -> Vec<Candidate> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let ends_with_space = line.ends_with(' ');
    match (words.as_slice(), ends_with_space) {
        ([], _) | ([_], false) => {
            let typed = fold(words.first().copied().unwrap_or(""));
            // The names of the person's language; the other's only when
            // none of these starts as typed (both are understood).
            let of_lang = |name: &&str| match lang {
                Lang::Fr => !ENGLISH_ONLY.contains(name),
                Lang::En => !FRENCH_ONLY.contains(name),
            };
            let any_in_lang = COMMANDS
                .iter()
                .any(|(name, _)| name.starts_with(&typed) && of_lang(name));
            // A command once, by its first name starting as typed (« ecoles »,
            // not « etablissements » too; « eta » offers the latter).
            let mut offered: Vec<Verb> = Vec::new();
            COMMANDS
                .iter()
                .filter(|(name, _)| name.starts_with(&typed))
                .filter(|(name, _)| !any_in_lang || of_lang(name))
                .filter(|(_, verb)| {
                    let new = !offered.contains(verb);
                    offered.push(*verb);
                    new
                })
                .map(|(name, verb)| Candidate {
                    line: format!("{name} "),
                    word: (*name).to_owned(),
                    description: text::command_description(lang, *verb),
                })
                .collect()
        }
        ([command], true) | ([command, _], false) => {
            let typed = words.get(1).copied().unwrap_or("");
            if verb_of(command) == Some(Verb::Report) {
                return report_years(today)
                    .into_iter()
                    .map(|year| year.to_string())
                    .filter(|year| year.starts_with(typed))
                    .map(|year| Candidate {
                        line: format!("{command} {year}"),
                        description: text::report_year_description(lang, &year, today),
                        word: year,
                    })
                    .collect();
            }
            let Some(Verb::List(kind)) = verb_of(command) else {
                return Vec::new();
            };
            let typed = fold(words.get(1).copied().unwrap_or(""));
            status_words(kind, lang)
                .into_iter()
                .filter(|(word, _)| word.starts_with(&typed))
                .map(|(word, description)| Candidate {
                    line: format!("{command} {word}"),
                    word,
                    description,
                })
                .collect()
        }
        _ => Vec::new(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandLine {
    pub input: TextInput,
    /// The candidate chosen with Tab, among those of `completing`.
    pub chosen: Option<usize>,
    /// What was typed before Tab went through the candidates.
    completing: Option<String>,
    /// Where Up/Down are in the history (its length: the new line).
    history_at: usize,
    /// The new line, kept while Up/Down show older ones.
    draft: String,
}

/// What the application does once the command line handled an action.
pub struct Outcome {
    pub nav: Nav,
    pub closes: bool,
}

impl CommandLine {
    pub fn new(history_length: usize) -> Self {
        CommandLine {
            input: TextInput::default(),
            chosen: None,
            completing: None,
            history_at: history_length,
            draft: String::new(),
        }
    }

    /// The candidates shown under the line.
    pub fn shown_candidates(&self, lang: Lang, today: NaiveDate) -> Vec<Candidate> {
        candidates(
            self.completing.as_deref().unwrap_or(self.input.text()),
            lang,
            today,
        )
    }

    pub fn type_text(&mut self, text: &str) {
        self.completing = None;
        self.chosen = None;
        self.input.insert_str(text);
    }

    pub fn apply(&mut self, action: Action, app: &mut App) -> Outcome {
        let stay = |closes| Outcome {
            nav: Nav::Stay,
            closes,
        };
        match action {
            Action::Cancel => stay(true),
            Action::Submit => {
                let line = self.input.text().trim().to_owned();
                if line.is_empty() {
                    return stay(true);
                }
                if app.history.last() != Some(&line) {
                    app.history.push(line.clone());
                }
                Outcome {
                    nav: run(&line, app),
                    closes: true,
                }
            }
            Action::Complete | Action::CompletePrevious => {
                let typed = self
                    .completing
                    .get_or_insert_with(|| self.input.text().to_owned())
                    .clone();
                let found = candidates(&typed, app.lang, app.today);
                if !found.is_empty() {
                    let next = match (self.chosen, action) {
                        (None, Action::Complete) => 0,
                        (None, _) => found.len() - 1,
                        (Some(i), Action::Complete) => (i + 1) % found.len(),
                        (Some(i), _) => (i + found.len() - 1) % found.len(),
                    };
                    self.chosen = Some(next);
                    self.input.set(&found[next].line);
                    // A single candidate is taken: the next Tab completes
                    // what follows it.
                    if found.len() == 1 {
                        self.completing = None;
                        self.chosen = None;
                    }
                }
                stay(false)
            }
            Action::Up | Action::Down => {
                let history = &app.history;
                let at = if action == Action::Up {
                    self.history_at.saturating_sub(1)
                } else {
                    (self.history_at + 1).min(history.len())
                };
                if at == self.history_at {
                    return stay(false);
                }
                // What was being typed comes back past the newest entry.
                if self.history_at == history.len() {
                    self.draft = self.input.text().to_owned();
                }
                self.history_at = at;
                let line = history
                    .get(at)
                    .cloned()
                    .unwrap_or_else(|| self.draft.clone());
                self.input.set(&line);
                self.completing = None;
                self.chosen = None;
                stay(false)
            }
            other => {
                if self.input.edit(other) {
                    self.completing = None;
                    self.chosen = None;
                }
                stay(false)
            }
        }
    }
}

/// A status typed after a list command: its code or its name in
/// either language (`i18n::status_names`).
fn status_of(kind: Kind, typed: &str) -> Option<StatusFilter> {
    crate::i18n::status_names::status_named(kind, typed)
}

pub use crate::i18n::status_names::status_filter_label;

/// `FORMAT PATH`, `csv KIND PATH`, with `--dry-run` or `--overwrite`
/// among the words; the path is the rest, spaces included.
fn parse_import(rest: &str) -> Option<crate::import::ImportSettings> {
    let mut dry_run = false;
    let mut overwrite = false;
    let mut words = Vec::new();
    for word in rest.split(' ') {
        match word {
            "--dry-run" => dry_run = true,
            "--overwrite" => overwrite = true,
            _ => words.push(word),
        }
    }
    let mut words = words.into_iter().filter(|w| !w.is_empty()).peekable();
    let format_word = words.next()?;
    let kind = if fold(format_word) == "csv" {
        Some(Kind::parse(words.next()?)?)
    } else {
        None
    };
    let format = crate::import::Format::parse(format_word, kind)?;
    let path: Vec<&str> = words.collect();
    if path.is_empty() {
        return None;
    }
    let mut settings =
        crate::import::ImportSettings::new(format, std::path::PathBuf::from(path.join(" ")));
    settings.options.dry_run = dry_run;
    settings.options.overwrite = overwrite;
    Some(settings)
}

/// Carries out a command line.
fn run(line: &str, app: &mut App) -> Nav {
    let lang = app.lang;
    let (command, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    let rest = rest.trim();
    let Some(verb) = verb_of(command) else {
        app.error(text::unknown_command(lang, command));
        return Nav::Stay;
    };
    let open_key = |kind: Kind, app: &mut App| match RecordKey::parse(kind, rest) {
        Ok(key) => Nav::Open(Target::Record(key)),
        Err(error) => {
            app.error(field_error(&error, lang));
            Nav::Stay
        }
    };
    match verb {
        Verb::Quit => {
            app.ask_to_quit();
            Nav::Stay
        }
        Verb::Dashboard => Nav::Open(Target::Dashboard),
        Verb::Help => {
            app.overlay = Some(Overlay::Help(super::Help::new(app.screen_mode())));
            Nav::Stay
        }
        Verb::Find => {
            app.open_finder(rest);
            Nav::Stay
        }
        Verb::Messages => {
            app.overlay = Some(Overlay::Messages(Default::default()));
            Nav::Stay
        }
        Verb::Uai => match parse_field(Field::Uai, rest, Uai::parse) {
            Ok(uai) => Nav::Open(Target::Record(RecordKey::Uai(uai))),
            Err(error) => {
                app.error(field_error(&error, lang));
                Nav::Stay
            }
        },
        Verb::Siret => match parse_field(Field::Siret, rest, Siret::parse) {
            Ok(siret) => Nav::Open(Target::Record(RecordKey::Siret(siret))),
            Err(error) => {
                app.error(field_error(&error, lang));
                Nav::Stay
            }
        },
        Verb::Show(kind) => open_key(kind, app),
        Verb::Report if rest.is_empty() => {
            Nav::Open(Target::Report(SchoolYear::containing(app.today).previous()))
        }
        Verb::Report => match SchoolYear::parse(rest) {
            Ok(year) => Nav::Open(Target::Report(year)),
            Err(_) => {
                app.error(crate::i18n::report::bad_year(lang, rest));
                Nav::Stay
            }
        },
        Verb::Import => {
            match parse_import(rest) {
                Some(settings) => app.start_import(settings),
                None => app.error(text::import_usage(lang)),
            }
            Nav::Stay
        }
        Verb::List(kind) => {
            if rest.is_empty() {
                return Nav::Open(Target::List(ListSpec::of(kind)));
            }
            match status_of(kind, rest) {
                Some(status) => Nav::Open(Target::List(ListSpec {
                    status: Some(status),
                    ..ListSpec::of(kind)
                })),
                None => {
                    let words: Vec<String> = status_words(kind, lang)
                        .into_iter()
                        .map(|(w, _)| w)
                        .collect();
                    app.error(text::unknown_status_word(lang, kind, rest, &words));
                    Nav::Stay
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn import_commands_read_their_format_path_and_options() {
        let settings = parse_import("annuaire /tmp/mon fichier.csv --dry-run").expect("read");
        assert_eq!(settings.format, crate::import::Format::Annuaire);
        assert_eq!(
            settings.file,
            std::path::PathBuf::from("/tmp/mon fichier.csv")
        );
        assert!(settings.options.dry_run);
        let settings = parse_import("csv ecoles f.csv").map(|s| s.format);
        assert_eq!(
            settings, None,
            "kinds are named in English, as in docs/csv.md"
        );
        let settings = parse_import("csv schools f.csv").map(|s| s.format);
        assert_eq!(settings, Some(crate::import::Format::Csv(Kind::School)));
        assert!(parse_import("sirene").is_none());
        assert!(parse_import("pdf f.pdf").is_none());
    }

    use super::*;

    #[test]
    fn completes_names_then_status_words() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).expect("a day");
        let found = candidates("sch", Lang::Fr, today);
        assert_eq!(
            found.iter().map(|c| c.word.as_str()).collect::<Vec<_>>(),
            ["schools", "school"]
        );
        let found = candidates("placements pe", Lang::En, today);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, "placements pending");
        // In French, the statuses by their names, never a code.
        let found: Vec<String> = candidates("stages en", Lang::Fr, today)
            .into_iter()
            .map(|c| c.line)
            .collect();
        assert_eq!(
            found,
            [
                "stages en-attente",
                "stages entreprise-proposee",
                "stages en-cours"
            ]
        );
        assert_eq!(
            status_of(Kind::Placement, "entreprise-proposee"),
            Some(StatusFilter::Placement(
                crate::domain::status::PlacementStatus::CompanyProposed
            ))
        );
        assert!(candidates("uai 075", Lang::Fr, today).is_empty());
        // Accents and case do not matter.
        assert_eq!(candidates("ÉCO", Lang::Fr, today)[0].word, "ecoles");
        // A command once, by its first name starting as typed.
        let words = |typed: &str| -> Vec<String> {
            candidates(typed, Lang::Fr, today)
                .into_iter()
                .map(|c| c.word)
                .collect()
        };
        let all = words("");
        assert!(all.contains(&"ecoles".to_owned()), "{all:?}");
        assert!(!all.contains(&"etablissements".to_owned()), "{all:?}");
        assert!(!all.contains(&"eleves".to_owned()), "{all:?}");
        assert!(!all.contains(&"bilan".to_owned()), "{all:?}");
        assert_eq!(words("eta"), ["etablissements", "etablissement"]);
        assert_eq!(words("bil"), ["bilan"]);
        // The report offers school years, the last one over first.
        let years: Vec<String> = candidates("rapport ", Lang::Fr, today)
            .into_iter()
            .map(|c| c.line)
            .collect();
        assert_eq!(years[0], "rapport 2025-2026");
        assert_eq!(years[1], "rapport 2026-2027");
        assert_eq!(years.len(), 5);
        assert_eq!(candidates("report 2023", Lang::En, today).len(), 1);
    }
}
