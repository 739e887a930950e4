//! Why a keymap file is refused: the file, the line, the key, and what to
//! write instead.

use crate::i18n::Lang;
use crate::tui::keymap::Mode;
use crate::tui::keymap::error::KeymapError;
use crate::tui::keymap::key::{KeyParseError, chord_notation};

/// "keymap.toml, ligne 12".
fn place(file: &str, line: Option<usize>, lang: Lang) -> String {
    match line {
        Some(line) => format!("{file}, {} {line}", lang.pick("ligne", "line")),
        None => file.to_owned(),
    }
}

/// "keymap.toml, ligne 12 : dans [list], « g g »".
fn at_keys(file: &str, line: usize, mode: Mode, keys: &str, lang: Lang) -> String {
    let place = place(file, Some(line), lang);
    let section = mode.name();
    match lang {
        Lang::Fr => format!("{place} : dans [{section}], « {keys} »"),
        Lang::En => format!("{place}: in [{section}], '{keys}'"),
    }
}

fn section_names() -> String {
    let names: Vec<&str> = Mode::ALL.iter().map(|mode| mode.name()).collect();
    names.join(", ")
}

/// Why one key of the notation cannot be read.
pub fn key_parse_error(error: &KeyParseError, lang: Lang) -> String {
    match (error, lang) {
        (KeyParseError::Empty, _) => lang.pick("la touche est vide", "the key is empty").into(),
        (KeyParseError::LoneAngle, _) => lang
            .pick("« < » s'écrit <lt>", "'<' is written <lt>")
            .into(),
        (KeyParseError::Unclosed(text), Lang::Fr) => {
            format!("« {text} » ouvre un nom de touche par « < » sans le fermer par « > »")
        }
        (KeyParseError::Unclosed(text), Lang::En) => {
            format!("'{text}' opens a key name with '<' but does not close it with '>'")
        }
        (KeyParseError::NotOneKey(text), Lang::Fr) => format!(
            "« {text} » n'est pas une touche : écrivez un seul caractère, ou un nom entre chevrons comme <Enter> ; deux touches à la suite s'écrivent [\"g\", \"g\"]"
        ),
        (KeyParseError::NotOneKey(text), Lang::En) => format!(
            "'{text}' is not one key: write one character, or a name in angle brackets such as <Enter>; two keys in a row are written [\"g\", \"g\"]"
        ),
        (KeyParseError::UnknownName(name), Lang::Fr) => format!(
            "« {name} » n'est pas un nom de touche (Enter, Esc, Tab, BackTab, Backspace, Delete, Insert, Up, Down, Left, Right, Home, End, PageUp, PageDown, F1 à F24, Space, lt)"
        ),
        (KeyParseError::UnknownName(name), Lang::En) => format!(
            "'{name}' is not a key name (Enter, Esc, Tab, BackTab, Backspace, Delete, Insert, Up, Down, Left, Right, Home, End, PageUp, PageDown, F1 to F24, Space, lt)"
        ),
        (KeyParseError::UnknownModifier(c), Lang::Fr) => format!(
            "« {c}- » n'est pas un modificateur (C- pour Ctrl, A- pour Alt, S- pour Maj)"
        ),
        (KeyParseError::UnknownModifier(c), Lang::En) => {
            format!("'{c}-' is not a modifier (C- for Ctrl, A- for Alt, S- for Shift)")
        }
        (KeyParseError::ShiftOnCharacter, _) => lang
            .pick(
                "Maj avec un caractère : écrivez le caractère obtenu (« G », pas <S-g>), ce qui marche sur tous les claviers",
                "Shift with a character: write the character it types ('G', not <S-g>), which works on every keyboard",
            )
            .into(),
        (KeyParseError::CtrlAltOnCharacter, _) => lang
            .pick(
                "Ctrl et Alt ensemble avec un caractère se confondent avec AltGr : gardez un seul des deux",
                "Ctrl and Alt together with a character cannot be told from AltGr: keep one of them",
            )
            .into(),
        (KeyParseError::ControlCharacter, _) => lang
            .pick(
                "un caractère de contrôle : écrivez son nom, comme <Tab> ou <Enter>",
                "a control character: write its name, such as <Tab> or <Enter>",
            )
            .into(),
    }
}

pub fn keymap_error(error: &KeymapError, lang: Lang) -> String {
    match error {
        KeymapError::Syntax { file, line, reason } => {
            let place = place(file, *line, lang);
            // toml's text may span several lines; the status bar has one.
            let reason = reason.trim().replace('\n', "; ");
            match lang {
                Lang::Fr => format!(
                    "{place} : fichier de raccourcis illisible ({reason}). Corrigez-le ou retirez-le ; voir keymaps/README.md pour la forme attendue."
                ),
                Lang::En => format!(
                    "{place}: the keymap cannot be read ({reason}). Fix it or remove it; see keymaps/README.md for the expected form."
                ),
            }
        }
        KeymapError::UnknownMode {
            file,
            line,
            section,
        } => {
            let place = place(file, Some(*line), lang);
            let names = section_names();
            match lang {
                Lang::Fr => {
                    format!("{place} : section inconnue [{section}]. Les sections sont : {names}.")
                }
                Lang::En => {
                    format!("{place}: unknown section [{section}]. The sections are: {names}.")
                }
            }
        }
        KeymapError::UnknownAction {
            file,
            line,
            mode,
            keys,
            action,
            suggestion,
        } => {
            let at = at_keys(file, *line, *mode, &chord_notation(keys), lang);
            let hint = match (suggestion, lang) {
                (Some(known), Lang::Fr) => format!(" Vouliez-vous dire « {} » ?", known.name()),
                (Some(known), Lang::En) => format!(" Did you mean '{}'?", known.name()),
                (None, _) => lang
                    .pick(
                        " La liste des actions est dans keymaps/README.md.",
                        " The actions are listed in keymaps/README.md.",
                    )
                    .to_owned(),
            };
            match lang {
                Lang::Fr => format!("{at} lance « {action} », qui n'est pas une action.{hint}"),
                Lang::En => format!("{at} runs '{action}', which is not an action.{hint}"),
            }
        }
        KeymapError::BadKey {
            file,
            line,
            mode,
            key,
            reason,
        } => {
            let at = at_keys(file, *line, *mode, key, lang);
            let reason = key_parse_error(reason, lang);
            match lang {
                Lang::Fr => format!("{at} n'est pas une touche lisible : {reason}."),
                Lang::En => format!("{at} is not a readable key: {reason}."),
            }
        }
        KeymapError::BadOn { file, line, mode } => {
            let place = place(file, Some(*line), lang);
            let section = mode.name();
            match lang {
                Lang::Fr => format!(
                    "{place} : dans [{section}], « on » doit être une touche (\"j\"), deux touches à la suite ([\"g\", \"g\"]) ou une liste de celles-ci ([[\"<Down>\"], [\"j\"]])."
                ),
                Lang::En => format!(
                    "{place}: in [{section}], 'on' must be a key (\"j\"), two keys in a row ([\"g\", \"g\"]) or a list of those ([[\"<Down>\"], [\"j\"]])."
                ),
            }
        }
        KeymapError::ChordTooLong {
            file,
            line,
            mode,
            keys,
        } => {
            let at = at_keys(file, *line, *mode, &chord_notation(keys), lang);
            match lang {
                Lang::Fr => format!(
                    "{at} enchaîne {} touches ; une suite en compte deux au plus.",
                    keys.len()
                ),
                Lang::En => format!("{at} chains {} keys; a chord has at most two.", keys.len()),
            }
        }
        KeymapError::MissingDescription {
            file,
            line,
            mode,
            keys,
        } => {
            let at = at_keys(file, *line, *mode, &chord_notation(keys), lang);
            match lang {
                Lang::Fr => format!("{at} n'a pas de « desc », obligatoire dans un préréglage."),
                Lang::En => format!("{at} has no 'desc', which a preset requires."),
            }
        }
        KeymapError::DisabledInPreset {
            file,
            line,
            mode,
            keys,
        } => {
            let at = at_keys(file, *line, *mode, &chord_notation(keys), lang);
            match lang {
                Lang::Fr => format!(
                    "{at} : « disabled » ne sert que dans le fichier de l'utilisateur ; dans un préréglage, retirez l'entrée."
                ),
                Lang::En => format!(
                    "{at}: 'disabled' belongs in the user's file only; in a preset, remove the entry."
                ),
            }
        }
        KeymapError::DuplicateKey {
            file,
            line,
            first_line,
            mode,
            keys,
        } => {
            let at = at_keys(file, *line, *mode, &chord_notation(keys), lang);
            match lang {
                Lang::Fr => format!(
                    "{at} est déjà liée ligne {first_line} : une touche ne lance qu'une action par section. Gardez une seule des deux entrées."
                ),
                Lang::En => format!(
                    "{at} is already bound on line {first_line}: a key runs one action per section. Keep one of the two entries."
                ),
            }
        }
        KeymapError::PrefixConflict {
            file,
            line,
            mode,
            key,
            chord,
        } => {
            let at = at_keys(file, *line, *mode, &key.to_string(), lang);
            let chord = chord_notation(chord);
            match lang {
                Lang::Fr => format!(
                    "{at} est liée seule et commence aussi la suite « {chord} », qui ne pourrait jamais être tapée. Retirez l'une des deux (run = \"disabled\" retire celle du préréglage)."
                ),
                Lang::En => format!(
                    "{at} is bound alone and also starts the chord '{chord}', which could never be typed. Remove one of them (run = \"disabled\" removes the preset's)."
                ),
            }
        }
        KeymapError::UnknownPreset { name, known } => {
            let known = known.join(", ");
            match lang {
                Lang::Fr => format!(
                    "Préréglage de raccourcis inconnu « {name} ». Les préréglages sont : {known}."
                ),
                Lang::En => format!("Unknown keymap preset '{name}'. The presets are: {known}."),
            }
        }
        KeymapError::Unreadable { file, source } => {
            let reason = match (source.kind(), lang) {
                (std::io::ErrorKind::PermissionDenied, _) => lang
                    .pick("permission refusée", "permission denied")
                    .to_owned(),
                (std::io::ErrorKind::InvalidData, _) => lang
                    .pick("ce n'est pas du texte UTF-8", "it is not UTF-8 text")
                    .to_owned(),
                (std::io::ErrorKind::IsADirectory, _) => lang
                    .pick("c'est un dossier", "it is a directory")
                    .to_owned(),
                _ => source.to_string(),
            };
            match lang {
                Lang::Fr => format!(
                    "{file} : impossible de lire le fichier de raccourcis ({reason}). Corrigez-le ou retirez-le."
                ),
                Lang::En => format!(
                    "{file}: the keymap file cannot be read ({reason}). Fix it or remove it."
                ),
            }
        }
    }
}
