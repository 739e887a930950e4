//! The keymaps as the interface will use them: the built-in presets, the
//! user's file over them, and the refusals a person would read.

use std::path::{Path, PathBuf};

use crossterm::event::{KeyCode as TermCode, KeyEvent, KeyModifiers};

use passerelle::i18n::Lang;
use passerelle::tui::keymap::file::{self, Source};
use passerelle::tui::keymap::{Action, Key, Keymap, KeymapError, Lookup, Mode, presets};

/// Every `keymaps/*.toml`, read from the folder so a new preset is
/// covered without touching this test.
fn preset_files() -> Vec<(String, PathBuf, String)> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("keymaps");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&folder).expect("keymaps folder") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|ext| ext == "toml") {
            let name = path
                .file_stem()
                .expect("stem")
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(&path).expect("readable preset");
            files.push((name, path, text));
        }
    }
    files.sort();
    assert!(files.len() >= 2, "the presets are missing from {folder:?}");
    files
}

fn presets_loaded() -> Vec<(&'static str, Keymap)> {
    Keymap::PRESETS
        .iter()
        .map(|name| {
            let keymap = Keymap::load(name, None).unwrap_or_else(|e| panic!("{name}: {e}"));
            (*name, keymap)
        })
        .collect()
}

fn keys(notation: &[&str]) -> Vec<Key> {
    notation
        .iter()
        .map(|text| Key::parse(text).unwrap_or_else(|e| panic!("{text}: {e}")))
        .collect()
}

fn default_with(user: &str) -> Result<Keymap, KeymapError> {
    let preset = presets::text("default").expect("default preset");
    Keymap::from_texts(
        ("keymaps/default.toml", preset),
        Some(("keymap.toml", user)),
    )
}

fn refused(user: &str) -> KeymapError {
    match default_with(user) {
        Ok(_) => panic!("accepted:\n{user}"),
        Err(error) => error,
    }
}

/// The message, in both languages, holds every one of the words.
fn says(error: &KeymapError, words: &[&str]) {
    for lang in [Lang::Fr, Lang::En] {
        let message = error.message(lang);
        for word in words {
            assert!(message.contains(word), "{word:?} missing from: {message}");
        }
    }
    assert_eq!(error.to_string(), error.message(Lang::En));
}

#[test]
fn every_preset_file_is_embedded_and_named() {
    let files = preset_files();
    for (name, path, text) in &files {
        assert!(
            Keymap::PRESETS.contains(&name.as_str()),
            "{path:?} is not in Keymap::PRESETS"
        );
        assert_eq!(
            presets::text(name),
            Some(text.as_str()),
            "the embedded {name} differs from {path:?}"
        );
    }
    for name in Keymap::PRESETS {
        assert!(
            files.iter().any(|(file, _, _)| file == name),
            "no keymaps/{name}.toml"
        );
    }
}

#[test]
fn every_preset_file_parses_with_known_actions_and_no_key_twice() {
    for (name, path, text) in preset_files() {
        let shown = path.display().to_string();
        let parsed = file::parse(&shown, &text, Source::Preset)
            .unwrap_or_else(|e| panic!("{}", e.message(Lang::En)));
        for (mode, bindings) in &parsed.sections {
            let mut seen: Vec<&[Key]> = Vec::new();
            for binding in bindings {
                assert!(Action::ALL.contains(&binding.action));
                assert_ne!(binding.action, Action::Disabled, "{name} [{mode:?}]");
                assert!(
                    !seen.contains(&binding.keys.as_slice()),
                    "{name} [{mode:?}] binds {:?} twice",
                    binding.keys
                );
                seen.push(&binding.keys);
            }
        }
        Keymap::from_texts((&shown, &text), None)
            .unwrap_or_else(|e| panic!("{}", e.message(Lang::En)));
    }
}

#[test]
fn no_built_in_key_needs_altgr_on_azerty() {
    const ALTGR: &[char] = &[
        '~', '#', '{', '[', '|', '`', '\\', '^', '@', ']', '}', '€', '¤',
    ];
    for (name, keymap) in presets_loaded() {
        for mode in Mode::ALL {
            for binding in keymap.bindings(*mode) {
                for key in &binding.keys {
                    if let passerelle::tui::keymap::KeyCode::Char(c) = key.code {
                        assert!(
                            !ALTGR.contains(&c),
                            "{name} [{}] binds {key}, which needs AltGr on AZERTY",
                            mode.name()
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn typing_modes_of_presets_bind_no_plain_character() {
    for (name, path, text) in preset_files() {
        let parsed = file::parse(&path.display().to_string(), &text, Source::Preset)
            .unwrap_or_else(|e| panic!("{e}"));
        for (mode, bindings) in &parsed.sections {
            if !mode.is_typing() {
                continue;
            }
            for binding in bindings {
                assert!(
                    binding.keys.iter().all(|key| key.typed_char().is_none()),
                    "{name} [{}] binds a character that should type: {:?}",
                    mode.name(),
                    binding.keys
                );
            }
        }
    }
}

#[test]
fn every_mode_can_be_left_and_quit() {
    let ctrl_c = keys(&["<C-c>"]);
    for (name, keymap) in presets_loaded() {
        for mode in Mode::ALL.iter().copied().filter(|m| *m != Mode::Global) {
            let actions: Vec<Action> = keymap.bindings(mode).iter().map(|b| b.action).collect();
            assert!(
                actions.contains(&Action::Back)
                    || actions.contains(&Action::Cancel)
                    || actions.contains(&Action::No),
                "{name}: no way out of [{}]",
                mode.name()
            );
            assert!(
                actions.contains(&Action::Quit),
                "{name}: no quitting from [{}]",
                mode.name()
            );
            assert_eq!(
                keymap.lookup(mode, &ctrl_c),
                Lookup::Action(Action::Quit),
                "{name} [{}]",
                mode.name()
            );
            let q = keymap.lookup(mode, &keys(&["q"]));
            if mode.is_typing() {
                assert_eq!(
                    q,
                    Lookup::Unbound,
                    "{name}: q must type in [{}]",
                    mode.name()
                );
            } else {
                assert_eq!(q, Lookup::Action(Action::Quit), "{name} [{}]", mode.name());
            }
        }
    }
}

#[test]
fn the_default_preset_binds_every_action() {
    let keymap = Keymap::load("default", None).expect("default");
    for action in Action::ALL
        .iter()
        .copied()
        .filter(|a| *a != Action::Disabled)
    {
        assert!(
            Mode::ALL
                .iter()
                .any(|mode| keymap.keys_for(*mode, action).is_some()),
            "{} has no key",
            action.name()
        );
    }
}

#[test]
fn every_action_is_described_in_both_languages() {
    for action in Action::ALL {
        assert!(!action.description(Lang::Fr).is_empty());
        assert!(!action.description(Lang::En).is_empty());
    }
    assert_eq!(Action::PageDown.description(Lang::Fr), "Page suivante");
}

#[test]
fn chords_wait_for_their_second_key() {
    for (name, keymap) in presets_loaded() {
        let prefix = keymap
            .bindings(Mode::List)
            .into_iter()
            .find(|binding| binding.keys.len() == 2)
            .unwrap_or_else(|| panic!("{name} has no chord in lists"))
            .clone();
        assert_eq!(
            keymap.lookup(Mode::List, &prefix.keys[..1]),
            Lookup::Prefix,
            "{name}"
        );
        assert_eq!(
            keymap.lookup(Mode::List, &prefix.keys),
            Lookup::Action(prefix.action),
            "{name}"
        );
        let wrong = [prefix.keys[0], Key::char('Z')];
        assert_eq!(keymap.lookup(Mode::List, &wrong), Lookup::Unbound, "{name}");
        assert!(
            keymap
                .continuations(Mode::List, &prefix.keys[..1])
                .iter()
                .any(|binding| binding.action == prefix.action)
        );
    }
    let default = Keymap::load("default", None).expect("default");
    assert_eq!(default.lookup(Mode::List, &keys(&["g"])), Lookup::Prefix);
    assert_eq!(
        default.lookup(Mode::List, &keys(&["g", "g"])),
        Lookup::Action(Action::First)
    );
    assert_eq!(
        default.lookup(Mode::List, &keys(&["g", "d"])),
        Lookup::Action(Action::GoDashboard)
    );
    assert_eq!(
        default.lookup(Mode::List, &keys(&["g", "x"])),
        Lookup::Unbound
    );
    let emacs = Keymap::load("emacs", None).expect("emacs");
    assert_eq!(
        emacs.lookup(Mode::Filter, &keys(&["<C-x>"])),
        Lookup::Prefix
    );
    assert_eq!(
        emacs.lookup(Mode::Filter, &keys(&["<C-x>", "<C-c>"])),
        Lookup::Action(Action::Quit)
    );
}

#[test]
fn terminal_events_reach_actions_by_the_character_typed() {
    let keymap = Keymap::load("default", None).expect("default");
    let shift_g = KeyEvent::new(TermCode::Char('G'), KeyModifiers::SHIFT);
    let key = Key::from_event(&shift_g).expect("a key");
    assert_eq!(
        keymap.lookup(Mode::List, &[key]),
        Lookup::Action(Action::Last)
    );
    let ctrl_d = KeyEvent::new(TermCode::Char('d'), KeyModifiers::CONTROL);
    let key = Key::from_event(&ctrl_d).expect("a key");
    assert_eq!(
        keymap.lookup(Mode::Detail, &[key]),
        Lookup::Action(Action::HalfPageDown)
    );
    // '?' is Shift-, on AZERTY: help, whatever the layout.
    let question = KeyEvent::new(TermCode::Char('?'), KeyModifiers::SHIFT);
    let key = Key::from_event(&question).expect("a key");
    assert_eq!(
        keymap.lookup(Mode::Dashboard, &[key]),
        Lookup::Action(Action::Help)
    );
    // In the filter, 'é' and 'q' are text.
    for c in ['é', 'q', 'G'] {
        let event = KeyEvent::new(TermCode::Char(c), KeyModifiers::NONE);
        let key = Key::from_event(&event).expect("a key");
        assert_eq!(key.typed_char(), Some(c));
        assert_eq!(keymap.lookup(Mode::Filter, &[key]), Lookup::Unbound);
    }
}

#[test]
fn the_user_file_replaces_adds_and_disables() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let path = folder.path().join("keymap.toml");
    std::fs::write(
        &path,
        r#"
[list]
keymap = [
  { on = "j", run = "up", desc = "Swapped" },
  { on = "<C-n>", run = "down" },
  { on = "x", run = "disabled" },
]

[global]
keymap = [
  { on = "q", run = "disabled" },
]
"#,
    )
    .expect("written");
    let keymap = Keymap::load("default", Some(&path)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        keymap.lookup(Mode::List, &keys(&["j"])),
        Lookup::Action(Action::Up)
    );
    assert_eq!(
        keymap.lookup(Mode::List, &keys(&["<C-n>"])),
        Lookup::Action(Action::Down)
    );
    assert_eq!(keymap.lookup(Mode::List, &keys(&["x"])), Lookup::Unbound);
    assert_eq!(keymap.lookup(Mode::List, &keys(&["q"])), Lookup::Unbound);
    // The rest of the preset is untouched.
    assert_eq!(
        keymap.lookup(Mode::List, &keys(&["k"])),
        Lookup::Action(Action::Up)
    );
    assert_eq!(
        keymap.lookup(Mode::List, &keys(&["<C-c>"])),
        Lookup::Action(Action::Quit)
    );
    assert_eq!(
        keymap.lookup(Mode::Detail, &keys(&["j"])),
        Lookup::Action(Action::Down)
    );
    assert!(
        keymap
            .bindings(Mode::List)
            .iter()
            .all(|binding| binding.action != Action::ClearFilter)
    );
}

#[test]
fn toml_that_does_not_parse_is_refused_with_its_line() {
    let error = refused("[list]\nkeymap = [\n  { on = \"j\", run = down },\n]\n");
    assert!(
        matches!(error, KeymapError::Syntax { line: Some(3), .. }),
        "{error:?}"
    );
    says(&error, &["keymap.toml", "3"]);
    assert!(error.message(Lang::Fr).contains("ligne 3"));
    assert!(error.message(Lang::En).contains("line 3"));
}

#[test]
fn an_unknown_section_is_refused() {
    let error = refused("\n[lsit]\nkeymap = [{ on = \"j\", run = \"down\" }]\n");
    assert!(
        matches!(error, KeymapError::UnknownMode { line: 2, .. }),
        "{error:?}"
    );
    says(&error, &["keymap.toml", "2", "[lsit]", "list", "finder"]);
}

#[test]
fn an_unknown_action_is_refused_with_a_suggestion() {
    let error = refused("[list]\nkeymap = [\n  { on = \"J\", run = \"dwon\" },\n]\n");
    assert!(
        matches!(error, KeymapError::UnknownAction { line: 3, .. }),
        "{error:?}"
    );
    says(&error, &["keymap.toml", "3", "[list]", "J", "dwon", "down"]);
}

#[test]
fn a_key_that_does_not_parse_is_refused() {
    let error =
        refused("[detail]\nkeymap = [\n  { on = [[\"k\"], [\"<Dwon>\"]], run = \"down\" },\n]\n");
    assert!(
        matches!(error, KeymapError::BadKey { line: 3, .. }),
        "{error:?}"
    );
    says(
        &error,
        &["keymap.toml", "3", "[detail]", "<Dwon>", "Dwon", "PageDown"],
    );
    let shifted = refused("[list]\nkeymap = [{ on = \"<S-g>\", run = \"last\" }]\n");
    says(&shifted, &["<S-g>", "G"]);
    let two = refused("[list]\nkeymap = [{ on = \"gg\", run = \"first\" }]\n");
    says(&two, &["gg", "[\"g\", \"g\"]"]);
}

#[test]
fn a_key_bound_twice_in_one_file_is_refused() {
    let error = refused(
        "[list]\nkeymap = [\n  { on = \"J\", run = \"down\" },\n  { on = [[\"K\"], [\"J\"]], run = \"up\" },\n]\n",
    );
    assert!(
        matches!(
            error,
            KeymapError::DuplicateKey {
                line: 4,
                first_line: 3,
                ..
            }
        ),
        "{error:?}"
    );
    says(&error, &["keymap.toml", "4", "3", "[list]", "J"]);
}

#[test]
fn a_key_alone_that_starts_a_chord_is_refused() {
    let error = refused("[list]\nkeymap = [\n  { on = \"g\", run = \"last\" },\n]\n");
    assert!(
        matches!(error, KeymapError::PrefixConflict { line: 3, .. }),
        "{error:?}"
    );
    says(&error, &["keymap.toml", "3", "[list]", "g g", "disabled"]);
    let chord = refused("[list]\nkeymap = [{ on = [\"x\", \"x\"], run = \"clear_filter\" }]\n");
    says(&chord, &["keymap.toml", "[list]", "x x"]);
}

#[test]
fn an_unknown_preset_is_refused_with_the_known_ones() {
    let error = Keymap::load("vim", None).expect_err("no such preset");
    says(&error, &["vim", "default", "emacs"]);
}

#[test]
fn an_unreadable_user_file_is_refused() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let path = folder.path().join("keymap.toml");
    std::fs::write(
        &path,
        b"[list]\nkeymap = [{ on = \"\xff\", run = \"down\" }]\n",
    )
    .expect("written");
    let error = Keymap::load("default", Some(&path)).expect_err("not UTF-8");
    assert!(matches!(error, KeymapError::Unreadable { .. }), "{error:?}");
    says(&error, &[&path.display().to_string(), "UTF-8"]);
    let error = Keymap::load("default", Some(folder.path())).expect_err("a directory");
    assert!(matches!(error, KeymapError::Unreadable { .. }), "{error:?}");
    says(&error, &[&folder.path().display().to_string()]);
}

#[test]
fn labels_read_the_keys_in_force() {
    let keymap = Keymap::load("default", None).expect("default");
    let down = keymap.keys_for(Mode::List, Action::Down).expect("bound");
    assert_eq!(
        passerelle::tui::keymap::key::chord_label(down, Lang::En),
        "↓"
    );
    let quit = keymap.keys_for(Mode::Filter, Action::Quit).expect("bound");
    assert_eq!(
        passerelle::tui::keymap::key::chord_label(quit, Lang::Fr),
        "Ctrl-c"
    );
    let emacs = Keymap::load("emacs", None).expect("emacs");
    let finder = emacs.keys_for(Mode::List, Action::Finder).expect("bound");
    assert_eq!(
        passerelle::tui::keymap::key::chord_label(finder, Lang::En),
        "Ctrl-x Ctrl-f"
    );
}

#[test]
fn every_preset_records_and_withdraws_a_consent_from_a_detail() {
    for (name, keymap) in presets_loaded() {
        for action in [Action::Consent, Action::WithdrawConsent] {
            let bound = keymap
                .keys_for(Mode::Detail, action)
                .unwrap_or_else(|| panic!("{name}: {} has no key in [detail]", action.name()));
            assert_eq!(
                keymap.lookup(Mode::Detail, bound),
                Lookup::Action(action),
                "{name}"
            );
        }
    }
    assert_eq!(Action::from_name("consent"), Some(Action::Consent));
    assert_eq!(
        Action::from_name("withdraw_consent"),
        Some(Action::WithdrawConsent)
    );
}
