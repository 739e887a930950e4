//! What `passerelle users` says: its table, what was done, and what is
//! wrong with what was typed.

use crate::domain::Organisation;
use crate::domain::user::Role;
use crate::i18n::Lang;
use crate::i18n::labels::Label;
use crate::i18n::safe;

/// The headers of `users list`.
pub fn list_headers(lang: Lang) -> [&'static str; 4] {
    match lang {
        Lang::Fr => ["Compte", "Nom", "Organisation", "Rôle"],
        Lang::En => ["Account", "Name", "Organisation", "Role"],
    }
}

/// Under the list when there is no `users.toml` yet.
pub fn no_users_file(lang: Lang) -> &'static str {
    lang.pick(
        "Pas encore de fichier users.toml : seul le créateur de la base y a accès, comme administrateur. « passerelle users add » le crée.",
        "No users.toml yet: only the store's creator has access, as administrator. 'passerelle users add' creates it.",
    )
}

/// A role as people read it.
pub fn role_label(role: Role, lang: Lang) -> &'static str {
    match role {
        Role::Admin => lang.pick("administrateur", "administrator"),
        Role::Coordinator => lang.pick("coordinateur", "coordinator"),
        Role::Reader => lang.pick("lecteur", "reader"),
    }
}

/// An organisation, or a dash for none.
pub fn organisation_label(organisation: Option<Organisation>, lang: Lang) -> &'static str {
    organisation.map_or("—", |organisation| organisation.label(lang))
}

pub fn user_added(lang: Lang, account: &str, role: Role, replaced: bool) -> String {
    let (account, role) = (safe(account), role_label(role, lang));
    match (lang, replaced) {
        (Lang::Fr, false) => format!("Utilisateur « {account} » ajouté ({role})."),
        (Lang::Fr, true) => format!("Utilisateur « {account} » remplacé ({role})."),
        (Lang::En, false) => format!("User '{account}' added ({role})."),
        (Lang::En, true) => format!("User '{account}' replaced ({role})."),
    }
}

/// Said when `users add` created the file, with the creator as admin.
pub fn users_file_created(lang: Lang, creator: &str) -> String {
    let creator = safe(creator);
    match lang {
        Lang::Fr => format!(
            "Fichier users.toml créé ; « {creator} », créateur de la base, y est administrateur."
        ),
        Lang::En => {
            format!("users.toml created; '{creator}', who created the store, is its administrator.")
        }
    }
}

pub fn user_removed(lang: Lang, account: &str) -> String {
    let account = safe(account);
    match lang {
        Lang::Fr => format!("Utilisateur « {account} » retiré."),
        Lang::En => format!("User '{account}' removed."),
    }
}

pub fn role_changed(lang: Lang, account: &str, role: Role) -> String {
    let (account, role) = (safe(account), role_label(role, lang));
    match lang {
        Lang::Fr => format!("« {account} » est désormais {role}."),
        Lang::En => format!("'{account}' is now {role}."),
    }
}

pub fn unknown_role(lang: Lang, input: &str) -> String {
    let input = safe(input);
    match lang {
        Lang::Fr => format!("« {input} » n'est pas un rôle (admin, coordinator, reader)."),
        Lang::En => format!("'{input}' is not a role (admin, coordinator, reader)."),
    }
}

pub fn unknown_organisation(lang: Lang, input: &str) -> String {
    let input = safe(input);
    match lang {
        Lang::Fr => format!(
            "--organisation : « {input} » n'est pas une organisation du partenariat (paris, creteil, versailles, cpme)."
        ),
        Lang::En => format!(
            "--organisation: '{input}' is not a party to the partnership (paris, creteil, versailles, cpme)."
        ),
    }
}
