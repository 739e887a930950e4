//! The configuration file, `passerelle/config.toml` in the XDG config
//! directory: the language, the keymap and the mouse, for people who
//! would rather not type them each time, and how many school years
//! `purge` keeps learners' data. Flags and environment variables win
//! over it. The store's path may be set there too, or, for every account
//! of a machine, in the system's file `/etc/passerelle/config.toml`
//! ([`SYSTEM_CONFIG`]), so that `ssh host passerelle status` needs no
//! flag.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::domain::purge::{DEFAULT_AFTER_SCHOOL_YEARS, MAX_AFTER_SCHOOL_YEARS};
use crate::i18n::Lang;
use crate::i18n::tui::config_error;

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub lang: Option<String>,
    pub keymap: Option<String>,
    pub mouse: Option<bool>,
    /// N of `passerelle purge`: learners last active more than N school
    /// years ago are anonymised (2 when not said).
    pub purge_after_school_years: Option<u32>,
    /// How long a server started by a front end stays once its last
    /// client has left (10 when not said).
    pub server_idle_minutes: Option<u64>,
    /// The store, when neither `--store` nor `PASSERELLE_STORE` says.
    pub store: Option<PathBuf>,
}

/// The system's configuration, for every account of the machine (the
/// team's store): read after the account's own file.
/// `PASSERELLE_SYSTEM_CONFIG` names another file (packagers, tests).
pub const SYSTEM_CONFIG: &str = "/etc/passerelle/config.toml";

/// Where the system's configuration is read from.
pub fn system_config_path() -> PathBuf {
    std::env::var_os("PASSERELLE_SYSTEM_CONFIG")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(SYSTEM_CONFIG))
}

/// The store named by the account's configuration, else the system's;
/// a file that cannot be read names none (its error is told when the
/// configuration is loaded).
pub fn configured_store() -> Option<PathBuf> {
    let own = config_dir().map(|dir| dir.join("config.toml"));
    own.into_iter()
        .chain(std::iter::once(system_config_path()))
        .find_map(|path| Config::load_from(&path, Lang::default()).ok()?.store)
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
        if let Some(years) = config.purge_after_school_years {
            if !(1..=MAX_AFTER_SCHOOL_YEARS).contains(&years) {
                return Err(config_error(
                    lang,
                    path,
                    &format!("purge_after_school_years = {years}: 1 to {MAX_AFTER_SCHOOL_YEARS}"),
                ));
            }
        }
        Ok(config)
    }

    /// How long an auto-started server waits for clients before it
    /// exits: `PASSERELLE_SERVER_IDLE` (seconds) wins over the file.
    pub fn server_idle(&self) -> std::time::Duration {
        let from_environment = std::env::var("PASSERELLE_SERVER_IDLE")
            .ok()
            .and_then(|seconds| seconds.trim().parse::<u64>().ok());
        let seconds = from_environment.unwrap_or_else(|| {
            self.server_idle_minutes
                .unwrap_or(DEFAULT_SERVER_IDLE_MINUTES)
                .saturating_mul(60)
        });
        std::time::Duration::from_secs(seconds.max(1))
    }

    /// N of `passerelle purge`: the file's, else the default (2).
    pub fn purge_after_school_years(&self) -> u32 {
        self.purge_after_school_years
            .unwrap_or(DEFAULT_AFTER_SCHOOL_YEARS)
    }
}

/// Minutes an auto-started server stays without clients.
pub const DEFAULT_SERVER_IDLE_MINUTES: u64 = 10;

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

    #[test]
    fn the_purge_delay_defaults_to_two_school_years_and_is_bounded() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("config.toml");
        assert_eq!(
            Config::load_from(&path, Lang::En)
                .expect("no file")
                .purge_after_school_years(),
            2
        );
        std::fs::write(&path, "purge_after_school_years = 5\n").expect("write");
        let config = Config::load_from(&path, Lang::En).expect("valid");
        assert_eq!(config.purge_after_school_years(), 5);
        std::fs::write(&path, "purge_after_school_years = 0\n").expect("write");
        let error = Config::load_from(&path, Lang::En).expect_err("zero");
        assert!(error.contains("purge_after_school_years = 0"), "{error}");
        std::fs::write(&path, "purge_after_school_years = -1\n").expect("write");
        assert!(Config::load_from(&path, Lang::En).is_err());
    }
}
