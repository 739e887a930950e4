//! `passerelle` without a command: the full-screen interface, with the
//! keymap and options chosen by flags, the configuration file or the
//! defaults.

use std::io::IsTerminal;

use crate::cli::args::StoreChoice;
use crate::cli::config::{Config, user_keymap_path};
use crate::cli::context;
use crate::cli::exit::CliError;
use crate::cli::logging;
use crate::domain::audit::FrontEnd;
use crate::i18n::Lang;
use crate::i18n::tui::{interface_failed, not_a_terminal};
use crate::tui::keymap::Keymap;
use crate::tui::{TuiError, TuiOptions};

/// The preset used when neither `--keymap` nor the configuration names one.
pub const DEFAULT_KEYMAP: &str = "default";

pub struct InterfaceArgs {
    pub store: StoreChoice,
    pub keymap: Option<String>,
    pub mouse: bool,
}

pub fn run(args: InterfaceArgs, config: Config, lang: Lang) -> Result<(), CliError> {
    // Checked before the store is opened: a mistake never waits on a lock.
    let preset = args
        .keymap
        .or(config.keymap.clone())
        .unwrap_or_else(|| DEFAULT_KEYMAP.to_owned());
    let user_file = user_keymap_path();
    let keymap = Keymap::load(&preset, user_file.as_deref())
        .map_err(|error| CliError::Input(error.message(lang)))?;
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(CliError::Input(not_a_terminal(lang).to_owned()));
    }
    logging::start(lang);
    let backend = context::open_backend(&args.store, FrontEnd::Tui, &config, lang)?;
    // An account not let in is told so before the screen is taken.
    backend.identify()?;
    let options = TuiOptions {
        lang,
        keymap,
        mouse: args.mouse || config.mouse.unwrap_or(false),
    };
    crate::tui::run(backend, options).map_err(|error| match error {
        TuiError::NotATerminal => CliError::Input(not_a_terminal(lang).to_owned()),
        other => {
            tracing::error!(error = %other, "interface stopped");
            CliError::Interface(interface_failed(lang, &other))
        }
    })
}
