//! Puts the catalogue's help texts, in the language asked for, on clap's
//! command before it parses, so `--help` speaks French by default.

use clap::error::{ContextKind, ContextValue};
use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};

use crate::cli::args::Cli;
use crate::cli::context::language;
use crate::i18n::Lang;
use crate::i18n::cli_help::{
    Heading, LineProblem, about, argument, environment_variable, heading, line_problem, more_help,
    template, value_name,
};

/// Parses the process's arguments, with help in the language that
/// `--lang` or `PASSERELLE_LANG` asks for (French otherwise).
pub fn parse() -> Cli {
    // `args()` would panic on an argument that is not UTF-8 (a file's
    // name): clap reads them as they are, and says which it refuses.
    let arguments = std::env::args_os().map(|arg| arg.to_string_lossy().into_owned());
    let asked = asked_language(arguments, std::env::var("PASSERELLE_LANG").ok());
    let lang = language(asked.as_deref());
    let command = localized(Cli::command(), None, lang);
    let parsed = command
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches));
    match parsed {
        Ok(cli) => cli,
        Err(error) => refuse(&error, lang),
    }
}

/// Ends the process on what clap refused: help and version as clap
/// writes them (in `lang`, from the catalogue); anything else in `lang`,
/// with the usage line and where to read more, exit code 2.
fn refuse(error: &clap::Error, lang: Lang) -> ! {
    use clap::error::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        error.exit()
    }
    let usage = error
        .get(ContextKind::Usage)
        .map(|usage| usage.to_string())
        .unwrap_or_default();
    // clap's usage says « Usage: passerelle list [OPTIONS] <SORTE> ».
    let usage = usage.trim().trim_start_matches("Usage:").trim().to_owned();
    let command: String = usage
        .split_whitespace()
        .take_while(|word| !word.starts_with(['[', '<', '-']))
        .collect::<Vec<_>>()
        .join(" ");
    let mut text = line_problem(&problem_of(error), lang);
    if !usage.is_empty() {
        text.push_str(&format!(
            "\n\n{} {usage}\n\n{}",
            lang.pick("Utilisation :", "Usage:"),
            more_help(&command, lang)
        ));
    }
    eprintln!("{text}");
    std::process::exit(2)
}

fn context_string(error: &clap::Error, kind: ContextKind) -> Option<String> {
    match error.get(kind)? {
        ContextValue::String(text) => Some(text.clone()),
        ContextValue::Strings(texts) => texts.first().cloned(),
        ContextValue::StyledStr(text) => Some(text.to_string()),
        _ => None,
    }
}

fn context_strings(error: &clap::Error, kind: ContextKind) -> Vec<String> {
    match error.get(kind) {
        Some(ContextValue::Strings(texts)) => texts.clone(),
        Some(ContextValue::String(text)) => vec![text.clone()],
        Some(ContextValue::StyledStrs(texts)) => texts.iter().map(|t| t.to_string()).collect(),
        Some(ContextValue::StyledStr(text)) => vec![text.to_string()],
        _ => Vec::new(),
    }
}

/// What clap refused, as the catalogue says it.
fn problem_of(error: &clap::Error) -> LineProblem {
    use clap::error::ErrorKind;
    let invalid = || context_string(error, ContextKind::InvalidArg).unwrap_or_default();
    match error.kind() {
        ErrorKind::InvalidSubcommand => LineProblem::UnknownCommand {
            typed: context_string(error, ContextKind::InvalidSubcommand).unwrap_or_default(),
            suggested: context_string(error, ContextKind::SuggestedSubcommand),
        },
        ErrorKind::UnknownArgument => LineProblem::UnknownOption {
            typed: invalid(),
            suggested: context_string(error, ContextKind::SuggestedArg),
        },
        ErrorKind::MissingRequiredArgument => {
            LineProblem::Missing(context_strings(error, ContextKind::InvalidArg))
        }
        ErrorKind::MissingSubcommand => LineProblem::NoCommand,
        ErrorKind::InvalidUtf8 => LineProblem::NotUtf8,
        ErrorKind::InvalidValue
        | ErrorKind::ValueValidation
        | ErrorKind::NoEquals
        | ErrorKind::TooManyValues
        | ErrorKind::TooFewValues
        | ErrorKind::WrongNumberOfValues => LineProblem::BadValue {
            value: context_string(error, ContextKind::InvalidValue).unwrap_or_default(),
            option: invalid(),
            possible: context_strings(error, ContextKind::ValidValue),
        },
        ErrorKind::ArgumentConflict => LineProblem::Conflict {
            option: invalid(),
            other: context_string(error, ContextKind::PriorArg),
        },
        _ => LineProblem::Other,
    }
}

/// `--lang X` or `--lang=X` among the arguments, else the environment's.
fn asked_language(
    args: impl Iterator<Item = String>,
    environment: Option<String>,
) -> Option<String> {
    let args: Vec<String> = args.collect();
    let from_args = args.iter().enumerate().find_map(|(index, arg)| {
        arg.strip_prefix("--lang=").map(str::to_owned).or_else(|| {
            (arg == "--lang")
                .then(|| args.get(index + 1).cloned())
                .flatten()
        })
    });
    from_args.or(environment)
}

/// The command (`name`: `None` for the program) with its texts in `lang`.
pub fn localized(command: Command, name: Option<&str>, lang: Lang) -> Command {
    let mut command = command
        .about(about(name, lang))
        .help_template(template(lang))
        .subcommand_help_heading(heading(Heading::Commands, lang))
        .subcommand_value_name(value_name("COMMAND", lang))
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(argument("help", lang))
                .help_heading(heading(Heading::Options, lang)),
        );
    if name.is_none() {
        command = command.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(argument("version", lang))
                .help_heading(heading(Heading::Options, lang)),
        );
    }
    let ids: Vec<String> = command
        .get_arguments()
        .map(|arg| arg.get_id().to_string())
        .collect();
    for (order, id) in ids.iter().enumerate() {
        command = command.mut_arg(id, |arg| {
            let section = if arg.is_positional() {
                Heading::Arguments
            } else {
                Heading::Options
            };
            // The variable of the environment said in the help's
            // language, and the value's name in it too.
            let help = match arg.get_env() {
                Some(variable) => format!(
                    "{}{}",
                    argument(id, lang),
                    environment_variable(&variable.to_string_lossy(), lang)
                ),
                None => argument(id, lang).to_owned(),
            };
            let names: Vec<String> = arg
                .get_value_names()
                .map(|names| names.iter().map(|n| value_name(n, lang)).collect())
                .unwrap_or_default();
            let arg = arg
                .help(help)
                .hide_env(true)
                .help_heading(heading(section, lang))
                .display_order(order);
            let arg = if names.is_empty() {
                arg
            } else {
                arg.value_names(names)
            };
            // The catalogue's texts say the defaults, in the right language.
            if arg.get_default_values().is_empty() {
                arg
            } else {
                arg.hide_default_value(true)
            }
        });
    }
    let names: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_owned())
        .collect();
    for sub_name in names {
        // A nested command is named with its parent's: `users list` is
        // not `list`.
        let path = match name {
            Some(parent) => format!("{parent} {sub_name}"),
            None => sub_name.clone(),
        };
        command = command.mut_subcommand(&sub_name, |sub| localized(sub, Some(&path), lang));
    }
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> impl Iterator<Item = String> {
        list.iter()
            .map(|s| (*s).to_owned())
            .collect::<Vec<_>>()
            .into_iter()
    }

    #[test]
    fn the_language_is_found_before_parsing() {
        assert_eq!(
            asked_language(args(&["passerelle", "--lang", "en", "status"]), None),
            Some("en".into())
        );
        assert_eq!(
            asked_language(args(&["passerelle", "--lang=en"]), Some("fr".into())),
            Some("en".into())
        );
        assert_eq!(
            asked_language(args(&["passerelle", "status"]), Some("en".into())),
            Some("en".into())
        );
        assert_eq!(asked_language(args(&["passerelle"]), None), None);
    }

    #[test]
    fn every_argument_has_help_in_both_languages() {
        for lang in [Lang::Fr, Lang::En] {
            let command = localized(Cli::command(), None, lang);
            command.clone().debug_assert();
            let mut commands: Vec<(String, &Command)> = command
                .get_subcommands()
                .map(|sub| (sub.get_name().to_owned(), sub))
                .collect();
            while let Some((path, sub)) = commands.pop() {
                assert!(!about(Some(&path), lang).is_empty(), "{path}");
                for arg in sub.get_arguments() {
                    let text = argument(arg.get_id().as_str(), lang);
                    assert!(!text.is_empty(), "{path} --{}", arg.get_id());
                }
                for nested in sub.get_subcommands() {
                    commands.push((format!("{path} {}", nested.get_name()), nested));
                }
            }
        }
    }
}
