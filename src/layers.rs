//! The rule of the layers, kept by a test: which folder of `src/` may
//! use which (`docs/architecture.md` has the same table and the picture).
//! Every `crate::FOLDER` a file names (outside comments) must be its own
//! folder or one its folder may use; the breaches not mended yet are
//! listed one by one, and the list may only shrink: a listed breach that
//! is gone fails the test until it is taken off the list.

#![cfg(test)]

use std::collections::BTreeSet;
use std::path::Path;

/// What each folder may use besides itself.
const ALLOWED: &[(&str, &[&str])] = &[
    ("domain", &[]),
    ("store", &["domain"]),
    ("service", &["domain", "store"]),
    ("demo", &["domain", "service"]),
    // The CSV of each kind: a file format over the records.
    ("csv_format", &["domain"]),
    ("server", &["domain", "store", "service", "demo"]),
    // The connection to the server, or the store opened with --direct.
    ("client", &["domain", "store", "service", "demo", "server"]),
    // The words of every layer, until each layer keeps its own.
    (
        "i18n",
        &[
            "domain",
            "csv_format",
            "store",
            "service",
            "server",
            "client",
            "import",
        ],
    ),
    ("import", &["domain", "csv_format", "service", "client"]),
    ("report", &["domain", "csv_format", "service", "i18n"]),
    (
        "tui",
        &["domain", "service", "client", "import", "report", "i18n"],
    ),
    (
        "cli",
        &[
            "domain",
            "csv_format",
            "service",
            "server",
            "client",
            "import",
            "report",
            "i18n",
            "demo",
            "tui",
        ],
    ),
];

/// Breaches of [`ALLOWED`] not mended yet: (file under `src/`, folder it
/// uses). Each is a known fault, to be taken off as it is mended.
const KNOWN_BREACHES: &[(&str, &str)] = &[
    // Transport failures among the service's errors.
    ("service/error.rs", "server"),
    // The words of the interface kept in the catalogue.
    ("i18n/actions.rs", "tui"),
    ("i18n/editing.rs", "tui"),
    ("i18n/keymap_messages.rs", "tui"),
    ("i18n/keys.rs", "tui"),
    ("i18n/tui.rs", "tui"),
    // The column headers of a spreadsheet, read by the import.
    ("import/generic.rs", "i18n"),
    // The command line restoring, checking and salvaging by the store.
    ("cli/exit.rs", "store"),
    ("cli/commands/backup.rs", "store"),
    ("cli/commands/restore.rs", "store"),
    ("cli/commands/salvage.rs", "store"),
    ("cli/commands/check.rs", "store"),
];

/// The part of a line that is code: up to a `//` outside a string.
fn code_of(line: &str) -> &str {
    let mut quotes = 0;
    let bytes = line.as_bytes();
    for (at, byte) in bytes.iter().enumerate() {
        match byte {
            b'"' if at == 0 || bytes[at - 1] != b'\\' => quotes += 1,
            b'/' if quotes % 2 == 0 && bytes.get(at + 1) == Some(&b'/') => return &line[..at],
            _ => {}
        }
    }
    line
}

/// The name at the start of `text` (letters, digits, `_`).
fn name_at(text: &str) -> String {
    text.chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

/// The names a path names right after the crate's root: `crate::store`,
/// each of `crate::{tui, store}`, and `super::store` climbing from
/// `module` (the file's module path, e.g. `["tui", "app", "form"]`) up
/// to the root.
fn root_names(code: &str, module: &[String]) -> Vec<String> {
    let mut names = Vec::new();
    let take = |after: &str, names: &mut Vec<String>| {
        if let Some(group) = after.strip_prefix('{') {
            let mut depth = 0;
            let mut start = 0;
            for (at, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        names.push(name_at(group[start..at].trim_start()));
                        return;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        names.push(name_at(group[start..at].trim_start()));
                        start = at + 1;
                    }
                    _ => {}
                }
            }
        } else {
            names.push(name_at(after));
        }
    };
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        take(rest, &mut names);
    }
    let mut rest = code;
    while let Some(at) = rest.find("super::") {
        // A chain of them: how far up it climbs.
        let before = &rest[..at];
        let preceded = before.ends_with("super::") || before.ends_with(':');
        let mut after = &rest[at..];
        let mut up = 0;
        while let Some(next) = after.strip_prefix("super::") {
            up += 1;
            after = next;
        }
        rest = after;
        if !preceded && up >= module.len() {
            take(after, &mut names);
        }
    }
    names
}

/// The folders of `src/` a file's code names (comments left out); the
/// file's module path says where `super::` leads.
fn used_folders(text: &str, module: &[String]) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for line in text.lines() {
        for name in root_names(code_of(line), module) {
            if ALLOWED.iter().any(|(folder, _)| *folder == name) {
                used.insert(name);
            }
        }
    }
    used
}

/// A file's module path: `tui/app/form.rs` is `tui::app::form`,
/// `tui/mod.rs` is `tui`.
fn module_of(relative: &str) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_owned)
        .collect();
    if parts.last().is_some_and(|last| last == "mod") {
        parts.pop();
    }
    parts
}

fn rust_files(dir: &Path, into: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, into);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            into.push(path);
        }
    }
}

#[test]
fn every_folder_uses_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 100, "the sources are found");
    let mut breaches = BTreeSet::new();
    for file in files {
        let relative = file
            .strip_prefix(&src)
            .expect("under src/")
            .to_string_lossy()
            .into_owned();
        // lib.rs, main.rs and this file sit above every folder.
        let Some((folder, _)) = relative.split_once('/') else {
            continue;
        };
        let allowed = ALLOWED
            .iter()
            .find(|(name, _)| *name == folder)
            .map(|(_, allowed)| *allowed)
            .unwrap_or_else(|| panic!("{folder}/ is not in the table of layers"));
        let text = std::fs::read_to_string(&file).expect("readable");
        for used in used_folders(&text, &module_of(&relative)) {
            if used != folder && !allowed.contains(&used.as_str()) {
                breaches.insert((relative.clone(), used));
            }
        }
    }
    let known: BTreeSet<(String, String)> = KNOWN_BREACHES
        .iter()
        .map(|(file, folder)| ((*file).to_owned(), (*folder).to_owned()))
        .collect();
    let new: Vec<_> = breaches.difference(&known).collect();
    assert!(
        new.is_empty(),
        "imports the table of layers does not allow (file, folder used): {new:?}"
    );
    let mended: Vec<_> = known.difference(&breaches).collect();
    assert!(
        mended.is_empty(),
        "mended: take these off KNOWN_BREACHES: {mended:?}"
    );
}

#[test]
fn code_names_are_read_and_comments_are_not() {
    let read = |text: &str, module: &[&str]| {
        let module: Vec<String> = module.iter().map(|m| (*m).to_owned()).collect();
        used_folders(text, &module).into_iter().collect::<Vec<_>>()
    };
    assert_eq!(
        read(
            "use crate::domain::Kind;\n// crate::tui in a comment\nlet x = crate::store::codec::encode(&v); // crate::cli\n",
            &["service", "x"]
        ),
        ["domain", "store"]
    );
    // Grouped, nested groups included.
    assert_eq!(
        read(
            "use crate::{tui::{app, view}, store, cli::args};",
            &["domain", "x"]
        ),
        ["cli", "store", "tui"]
    );
    // `super::` up to the root names a folder; short of it, a module.
    assert_eq!(read("use super::store;", &["tui"]), ["store"]);
    assert_eq!(read("use super::super::store;", &["tui", "app"]), ["store"]);
    assert!(read("use super::app::store;", &["tui", "app", "form"]).is_empty());
    // A `//` in a string is not a comment.
    assert_eq!(
        read("let url = \"http://x\"; use crate::tui;", &["domain", "x"]),
        ["tui"]
    );
}
