//! The names of keys as the help overlay and the status bar show them,
//! with the words printed on French and English keyboards.

use crate::i18n::Lang;
use crate::tui::keymap::key::{Key, KeyCode};

/// "Ctrl-d", "Alt-x", "Maj-↑", "Entrée", "Page suiv.".
pub fn key_label(key: Key, lang: Lang) -> String {
    let mut label = String::new();
    if key.ctrl {
        label.push_str("Ctrl-");
    }
    if key.alt {
        label.push_str("Alt-");
    }
    if key.shift {
        label.push_str(lang.pick("Maj-", "Shift-"));
    }
    match key.code {
        KeyCode::Char(' ') => label.push_str(lang.pick("Espace", "Space")),
        KeyCode::Char(c) => label.push(c),
        KeyCode::F(n) => label.push_str(&format!("F{n}")),
        other => label.push_str(name(other, lang)),
    }
    label
}

/// The word for a key that types nothing.
fn name(code: KeyCode, lang: Lang) -> &'static str {
    match code {
        KeyCode::Enter => lang.pick("Entrée", "Enter"),
        KeyCode::Esc => lang.pick("Échap", "Esc"),
        KeyCode::Tab => lang.pick("Tab", "Tab"),
        KeyCode::BackTab => lang.pick("Maj-Tab", "Shift-Tab"),
        KeyCode::Backspace => lang.pick("Retour arrière", "Backspace"),
        KeyCode::Delete => lang.pick("Suppr", "Del"),
        KeyCode::Insert => lang.pick("Inser", "Ins"),
        KeyCode::Up => "↑",
        KeyCode::Down => "↓",
        KeyCode::Left => "←",
        KeyCode::Right => "→",
        KeyCode::Home => lang.pick("Début", "Home"),
        KeyCode::End => lang.pick("Fin", "End"),
        KeyCode::PageUp => lang.pick("Page préc.", "PgUp"),
        KeyCode::PageDown => lang.pick("Page suiv.", "PgDn"),
        // Written by `key_label` itself.
        KeyCode::Char(_) | KeyCode::F(_) => "",
    }
}
