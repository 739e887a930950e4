//! `passerelle users add|list|remove|role`: who may use the store. The
//! service checks that the caller is an admin; here only what was typed
//! is read and the answer written.

use std::io::Write;

use serde::Serialize;

use crate::cli::args::UsersCommand;
use crate::cli::exit::CliError;
use crate::cli::json;
use crate::cli::table::Table;
use crate::client::Backend;
use crate::domain::Organisation;
use crate::domain::user::{Role, UserEntry, organisation_word, parse_organisation};
use crate::i18n::Lang;
use crate::i18n::users::{
    list_headers, no_users_file, organisation_label, role_changed, role_label,
    unknown_organisation, unknown_role, user_added, user_removed, users_file_created,
};
use crate::service::users::Users;

/// What was typed, read before the store is opened.
#[derive(Debug)]
pub enum UsersAction {
    Add { account: String, entry: UserEntry },
    List { json: bool },
    Remove { account: String },
    Role { account: String, role: Role },
}

fn role(input: &str, lang: Lang) -> Result<Role, CliError> {
    Role::from_code(input).ok_or_else(|| CliError::Input(unknown_role(lang, input)))
}

/// Reads the arguments; a typo never opens the store.
pub fn parse(command: UsersCommand, lang: Lang) -> Result<UsersAction, CliError> {
    Ok(match command {
        UsersCommand::Add {
            account,
            name,
            organisation,
            role: asked,
        } => {
            let organisation: Option<Organisation> = match organisation {
                None => None,
                Some(word) => Some(
                    parse_organisation(&word)
                        .ok_or_else(|| CliError::Input(unknown_organisation(lang, &word)))?,
                ),
            };
            UsersAction::Add {
                account,
                entry: UserEntry {
                    name: name.trim().to_owned(),
                    organisation,
                    role: role(&asked, lang)?,
                },
            }
        }
        UsersCommand::List { json } => UsersAction::List { json },
        UsersCommand::Remove { account } => UsersAction::Remove { account },
        UsersCommand::Role {
            account,
            role: asked,
        } => UsersAction::Role {
            account,
            role: role(&asked, lang)?,
        },
    })
}

pub fn run(
    backend: &Backend,
    action: UsersAction,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    match action {
        UsersAction::Add { account, entry } => {
            let role = entry.role;
            let added = backend.add_user(&account, entry)?;
            if let Some(creator) = &added.file_created_for {
                writeln!(out, "{}", users_file_created(lang, creator))?;
            }
            writeln!(out, "{}", user_added(lang, &account, role, added.replaced))?;
        }
        UsersAction::List { json } => {
            let users = backend.users()?;
            if json {
                json::write(out, &JsonUsers::from(&users))?;
            } else {
                write_list(&users, lang, out)?;
            }
        }
        UsersAction::Remove { account } => {
            backend.remove_user(&account)?;
            writeln!(out, "{}", user_removed(lang, &account))?;
        }
        UsersAction::Role { account, role } => {
            backend.set_role(&account, role)?;
            writeln!(out, "{}", role_changed(lang, &account, role))?;
        }
    }
    Ok(())
}

fn write_list(users: &Users, lang: Lang, out: &mut dyn Write) -> std::io::Result<()> {
    let mut table = Table::new(&list_headers(lang));
    for (account, entry) in &users.entries {
        table.row(vec![
            account.clone(),
            entry.name.clone(),
            organisation_label(entry.organisation, lang).to_owned(),
            role_label(entry.role, lang).to_owned(),
        ]);
    }
    table.write(out)?;
    if !users.from_file {
        writeln!(out)?;
        writeln!(out, "{}", no_users_file(lang))?;
    }
    Ok(())
}

/// `users list --json`: the words of the file and of the command line.
#[derive(Debug, Serialize)]
struct JsonUsers {
    from_file: bool,
    users: Vec<JsonUser>,
}

#[derive(Debug, Serialize)]
struct JsonUser {
    account: String,
    name: String,
    organisation: Option<&'static str>,
    role: Role,
}

impl From<&Users> for JsonUsers {
    fn from(users: &Users) -> Self {
        JsonUsers {
            from_file: users.from_file,
            users: users
                .entries
                .iter()
                .map(|(account, entry)| JsonUser {
                    account: account.clone(),
                    name: entry.name.clone(),
                    organisation: entry.organisation.map(organisation_word),
                    role: entry.role,
                })
                .collect(),
        }
    }
}
