//! `passerelle salvage DAMAGED --store NEW`: a new store of everything a
//! damaged one still reads, in this process (like a restore: the new
//! store has no server yet). Run it as the account that will own the
//! store.

use std::io::Write;
use std::path::Path;

use crate::cli::exit::CliError;
use crate::domain::audit::FrontEnd;
use crate::i18n::Lang;
use crate::i18n::salvage::{salvage_error, salvaged};
use crate::service::Caller;
use crate::store::backup::RestoreError;
use crate::store::salvage::{SalvageError, salvage};

pub fn run(from: &Path, target: &Path, lang: Lang, out: &mut dyn Write) -> Result<(), CliError> {
    let account = Caller::current_process(FrontEnd::Cli).account;
    match salvage(from, target, &account) {
        Ok(report) => {
            writeln!(out, "{}", salvaged(lang, from, target, &report))?;
            if report.check.is_clean() {
                Ok(())
            } else {
                Err(CliError::ProblemsFound)
            }
        }
        Err(error) => {
            let message = salvage_error(lang, &error);
            Err(match error {
                SalvageError::Target(RestoreError::TargetNotEmpty { .. })
                | SalvageError::SourceInUse { .. } => CliError::Refused(message),
                SalvageError::Target(RestoreError::Write { .. }) => CliError::Failed(message),
                SalvageError::SourceUnreadable { .. } | SalvageError::Store(_) => {
                    CliError::Unavailable(message)
                }
                _ => CliError::Input(message),
            })
        }
    }
}
