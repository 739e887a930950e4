//! How a command ends: its exit code and the message for the person.

use std::process::ExitCode;

use crate::i18n::Lang;
use crate::i18n::messages::{service_error, store_error};
use crate::service::ServiceError;
use crate::store::StoreError;

/// Exit codes, documented in docs/commands.md.
pub mod code {
    /// `check` found problems.
    pub const PROBLEMS_FOUND: u8 = 1;
    /// Bad usage or invalid input (clap also uses 2).
    pub const INVALID_INPUT: u8 = 2;
    /// The record asked for does not exist.
    pub const NOT_FOUND: u8 = 3;
    /// The operation was refused (store not empty, conflict, still
    /// referred to).
    pub const REFUSED: u8 = 4;
    /// The store cannot be used: locked, newer, damaged, not creatable.
    pub const STORE_UNAVAILABLE: u8 = 5;
    /// Anything else: a storage failure, output that cannot be written.
    pub const FAILURE: u8 = 6;
}

/// A command that did not succeed.
#[derive(Debug)]
pub enum CliError {
    /// Bad input, already put in words.
    Input(String),
    /// Refused, already put in words.
    Refused(String),
    Store(StoreError),
    Service(ServiceError),
    /// Output could not be written (a closed pipe).
    Output(std::io::Error),
    /// `check` found problems (already printed).
    ProblemsFound,
    /// The full-screen interface stopped on a failure, put in words.
    Interface(String),
    /// The store cannot be used now, put in words (held by a server).
    Unavailable(String),
    /// Any other failure (a file that cannot be written), put in words.
    Failed(String),
}

impl From<StoreError> for CliError {
    fn from(error: StoreError) -> Self {
        CliError::Store(error)
    }
}

impl From<ServiceError> for CliError {
    fn from(error: ServiceError) -> Self {
        CliError::Service(error)
    }
}

impl From<std::io::Error> for CliError {
    fn from(error: std::io::Error) -> Self {
        CliError::Output(error)
    }
}

impl CliError {
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self {
            CliError::Input(_) => code::INVALID_INPUT,
            CliError::Refused(_) => code::REFUSED,
            CliError::ProblemsFound => code::PROBLEMS_FOUND,
            CliError::Output(_) | CliError::Interface(_) | CliError::Failed(_) => code::FAILURE,
            CliError::Unavailable(_) => code::STORE_UNAVAILABLE,
            CliError::Store(error) => match error {
                StoreError::Locked { .. }
                | StoreError::NewerSchema { .. }
                | StoreError::Corrupt { .. }
                | StoreError::NotAStore { .. }
                | StoreError::CorruptRecord { .. }
                | StoreError::CannotCreate { .. }
                | StoreError::RestoreInterrupted { .. }
                | StoreError::CannotMigrate { .. }
                | StoreError::Directory { .. } => code::STORE_UNAVAILABLE,
                _ => code::FAILURE,
            },
            CliError::Service(error) => match error {
                ServiceError::Invalid(_)
                | ServiceError::BadRequest(_)
                | ServiceError::DraftTooLarge { .. }
                | ServiceError::BadUser(_) => code::INVALID_INPUT,
                ServiceError::NotFound { .. }
                | ServiceError::DraftNotFound { .. }
                | ServiceError::NoSuchUser { .. } => code::NOT_FOUND,
                ServiceError::Conflict { .. }
                | ServiceError::Referenced { .. }
                | ServiceError::NotAllowed(_)
                | ServiceError::CannotRestore { .. } => code::REFUSED,
                // Nobody is let in until the users file is fixed.
                ServiceError::Damaged { .. } | ServiceError::UsersFile { .. } => {
                    code::STORE_UNAVAILABLE
                }
                ServiceError::Storage { .. } | ServiceError::StorageFull { .. } => code::FAILURE,
                ServiceError::NotEmpty => code::REFUSED,
                ServiceError::Server(_) => code::STORE_UNAVAILABLE,
            },
        })
    }

    /// The message for the person, if one is still to be printed.
    pub fn message(&self, lang: Lang) -> Option<String> {
        match self {
            CliError::Input(message)
            | CliError::Refused(message)
            | CliError::Interface(message)
            | CliError::Unavailable(message)
            | CliError::Failed(message) => Some(message.clone()),
            CliError::Store(error) => Some(store_error(error, lang)),
            CliError::Service(error) => Some(service_error(error, lang)),
            // A reader that went away (`| head`) is not an error to report.
            CliError::Output(error) if error.kind() == std::io::ErrorKind::BrokenPipe => None,
            CliError::Output(error) => Some(format!("{error}")),
            CliError::ProblemsFound => None,
        }
    }
}
