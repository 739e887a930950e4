//! Puts the catalogue's help texts, in the language asked for, on clap's
//! command before it parses, so `--help` speaks French by default.

use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};

use crate::cli::args::Cli;
use crate::cli::context::language;
use crate::i18n::Lang;
use crate::i18n::cli_help::{Heading, about, argument, heading, template};

/// Parses the process's arguments, with help in the language that
/// `--lang` or `PASSERELLE_LANG` asks for (French otherwise).
pub fn parse() -> Cli {
    let asked = asked_language(std::env::args(), std::env::var("PASSERELLE_LANG").ok());
    let command = localized(Cli::command(), None, language(asked.as_deref()));
    let matches = command.get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|error| error.exit())
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
            let arg = arg
                .help(argument(id, lang))
                .help_heading(heading(section, lang))
                .display_order(order);
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
