//! `passerelle restore FILE --store PATH`: a backup into a new or empty
//! directory, in this process (the new store has no server yet, and
//! nobody else may use it before it is verified). Run it as the account
//! that will own the store: the files are this process's.

use std::io::Write;
use std::path::Path;

use crate::cli::exit::CliError;
use crate::domain::audit::FrontEnd;
use crate::i18n::Lang;
use crate::i18n::backup::{restore_error, restored};
use crate::service::Caller;
use crate::store::backup::{RestoreError, restore};

pub fn run(file: &Path, target: &Path, lang: Lang, out: &mut dyn Write) -> Result<(), CliError> {
    let account = Caller::current_process(FrontEnd::Cli).account;
    match restore(file, target, &account) {
        Ok(report) => {
            writeln!(out, "{}", restored(lang, target, &report))?;
            Ok(())
        }
        Err(error) => {
            let message = restore_error(lang, &error);
            Err(match error {
                RestoreError::TargetNotEmpty { .. } => CliError::Refused(message),
                RestoreError::Write { .. } => CliError::Failed(message),
                RestoreError::Store(store) => CliError::Store(store),
                _ => CliError::Input(message),
            })
        }
    }
}
