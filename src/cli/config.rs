//! The configuration file, `passerelle/config.toml` in the XDG config
//! directory: the language, the keymap and the mouse, for people who
//! would rather not type them each time. Flags and environment
//! variables win over it.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::i18n::Lang;
use crate::i18n::tui::config_error;

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub lang: Option<String>,
    pub keymap: Option<String>,
    pub mouse: Option<bool>,
}

/// passerelle's folder in the XDG config directory.
pub fn config_dir() -> Option<PathBuf> {
    dirs::config_dir().map(|dir| dir.join("passerelle"))
}

/// The user's keymap file, where it would be.
pub fn user_keymap_path() -> Option<PathBuf> {
    config_dir().map(|dir| dir.join("keymap.toml"))
}

impl Config {
    /// The configuration file, if there is one; a file that cannot be
    /// read or does not parse is refused with its path and the reason.
    pub fn load(lang: Lang) -> Result<Config, String> {
        match config_dir() {
            Some(dir) => Config::load_from(&dir.join("config.toml"), lang),
            None => Ok(Config::default()),
        }
    }

    pub fn load_from(path: &Path, lang: Lang) -> Result<Config, String> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Config::default());
            }
            Err(error) => return Err(config_error(lang, path, &error.to_string())),
        };
        let config: Config =
            toml::from_str(&text).map_err(|error| config_error(lang, path, &error.to_string()))?;
        if let Some(asked) = &config.lang {
            if Lang::parse(asked).is_none() {
                return Err(config_error(
                    lang,
                    path,
                    &format!("lang = \"{asked}\": fr, en"),
                ));
            }
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_file_is_refused_with_its_path_and_line() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("config.toml");
        assert_eq!(Config::load_from(&path, Lang::En), Ok(Config::default()));
        std::fs::write(&path, "lang = \"en\"\nmouse = true\nkeymap = \"emacs\"\n").expect("write");
        let config = Config::load_from(&path, Lang::En).expect("valid");
        assert_eq!(config.keymap.as_deref(), Some("emacs"));
        assert_eq!(config.mouse, Some(true));
        std::fs::write(&path, "lang = \"en\"\ncolour = 3\n").expect("write");
        let error = Config::load_from(&path, Lang::En).expect_err("unknown key");
        assert!(error.contains("config.toml"), "{error}");
        assert!(error.contains("line 2"), "{error}");
        assert!(error.contains("colour"), "{error}");
        std::fs::write(&path, "lang = \"de\"\n").expect("write");
        let error = Config::load_from(&path, Lang::En).expect_err("unknown language");
        assert!(error.contains("de"), "{error}");
    }
}
