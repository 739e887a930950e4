//! `passerelle consent KIND KEY [--by NAME [--on DATE] [--for USES]] [--withdraw]`:
//! records, withdraws or shows a record's consent.

use std::io::Write;

use crate::cli::args::ConsentArgs;
use crate::cli::exit::CliError;
use crate::cli::json;
use crate::client::Backend;
use crate::domain::Kind;
use crate::domain::consent::parse_uses;
use crate::domain::dates::parse_date;
use crate::i18n::Lang;
use crate::i18n::consent::{
    bad_option, consent_recorded, consent_text, consent_withdrawn, no_consent, nothing_to_withdraw,
};
use crate::i18n::messages::{date_error, field_error, rule};
use crate::i18n::phrases::bad_key;
use crate::service::Clock;
use crate::service::consent::ConsentInput;
use crate::service::get::RecordKey;

/// What was asked, read before the store is opened.
pub enum ConsentAction {
    Show,
    Record(ConsentInput),
    Withdraw,
}

pub struct ConsentCommand {
    pub key: RecordKey,
    pub action: ConsentAction,
    pub json: bool,
}

pub fn parse(kind: Kind, args: &ConsentArgs, lang: Lang) -> Result<ConsentCommand, CliError> {
    let key = RecordKey::parse(kind, &args.key)
        .map_err(|error| CliError::Input(bad_key(lang, &field_error(&error, lang))))?;
    let action = match &args.by {
        None if args.withdraw => ConsentAction::Withdraw,
        None => ConsentAction::Show,
        Some(by) => {
            let today = Clock::System.today();
            let given_on = match &args.on {
                None => today,
                Some(input) => parse_date(input, today).map_err(|error| {
                    CliError::Input(bad_option(lang, "--on", input, &date_error(&error, lang)))
                })?,
            };
            let uses = match &args.uses {
                // Without --for, consent to every use is not assumed: the
                // person must say which.
                None => {
                    return Err(CliError::Input(bad_option(
                        lang,
                        "--for",
                        "",
                        &rule(&crate::domain::validation::Rule::Required, lang),
                    )));
                }
                Some(input) => parse_uses(input).map_err(|problem| {
                    CliError::Input(bad_option(lang, "--for", input, &rule(&problem, lang)))
                })?,
            };
            ConsentAction::Record(ConsentInput {
                given_by: by.clone(),
                given_on,
                uses,
            })
        }
    };
    Ok(ConsentCommand {
        key,
        action,
        json: args.json,
    })
}

pub fn run(
    backend: &Backend,
    command: ConsentCommand,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    match command.action {
        ConsentAction::Show => {
            let detail = backend.get(&command.key)?;
            if command.json {
                json::write(out, &detail.consent)?;
            } else {
                match &detail.consent {
                    Some(consent) => writeln!(out, "{}", consent_text(consent, lang))?,
                    None => writeln!(out, "{}", no_consent(lang))?,
                }
            }
        }
        ConsentAction::Record(input) => {
            let consent = backend.record_consent(&command.key, input)?;
            if command.json {
                json::write(out, &consent)?;
            } else {
                writeln!(out, "{}", consent_recorded(lang, &consent))?;
            }
        }
        ConsentAction::Withdraw => {
            let withdrawn = backend.withdraw_consent(&command.key)?;
            if command.json {
                json::write(out, &withdrawn)?;
            } else if withdrawn {
                writeln!(out, "{}", consent_withdrawn(lang))?;
            } else {
                writeln!(out, "{}", nothing_to_withdraw(lang))?;
            }
        }
    }
    Ok(())
}
