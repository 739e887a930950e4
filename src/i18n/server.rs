//! What a front end says when the shared server cannot be reached or
//! understood, and what `passerelle serve` says.

use crate::i18n::Lang;
use crate::server::client::ServerProblem;
use crate::server::wire::WireProblem;

pub fn server_problem(problem: &ServerProblem, lang: Lang) -> String {
    match (problem, lang) {
        (ServerProblem::OtherVersion { server, client }, Lang::Fr) => format!(
            "Le serveur de cette base est en version {server}, ce programme en version {client} : ils ne se comprennent pas. Relancez le serveur avec ce programme (arrêtez-le : « systemctl restart passerelle », ou attendez qu'il s'arrête faute de clients), ou utilisez le programme de la même version."
        ),
        (ServerProblem::OtherVersion { server, client }, Lang::En) => format!(
            "The server of this store runs version {server}, this program is version {client}: they cannot talk. Restart the server with this program ('systemctl restart passerelle', or wait until it stops for lack of clients), or use the program of the same version."
        ),
        (ServerProblem::Gone, Lang::Fr) => "Le serveur a fermé la connexion (arrêté, ou ce client ne lisait plus). Ce qui a été confirmé est enregistré ; relancez la commande.".into(),
        (ServerProblem::Gone, Lang::En) => "The server closed the connection (stopped, or this client stopped reading). What was confirmed is saved; run the command again.".into(),
        (ServerProblem::Unreachable { detail }, Lang::Fr) => format!(
            "Impossible de joindre le serveur de la base : {detail}. Vérifiez les droits sur le dossier de la base, ou utilisez --direct si vous êtes seul à l'utiliser."
        ),
        (ServerProblem::Unreachable { detail }, Lang::En) => format!(
            "The store's server cannot be reached: {detail}. Check the permissions of the store's directory, or use --direct if you are its only user."
        ),
        (ServerProblem::StartFailed { code, said }, Lang::Fr) => format!(
            "Le serveur de la base s'est arrêté au démarrage (code {}) : {}",
            code.map_or_else(|| "—".to_owned(), |code| code.to_string()),
            if said.is_empty() { "sans rien dire ; lancez « passerelle serve » pour voir pourquoi." } else { said }
        ),
        (ServerProblem::StartFailed { code, said }, Lang::En) => format!(
            "The store's server stopped as it started (code {}): {}",
            code.map_or_else(|| "—".to_owned(), |code| code.to_string()),
            if said.is_empty() { "without a word; run 'passerelle serve' to see why." } else { said }
        ),
        (ServerProblem::Refused(wire), Lang::Fr) => format!(
            "Le serveur n'a pas pu lire la requête ({}) et a fermé la connexion.",
            wire_problem(wire, lang)
        ),
        (ServerProblem::Refused(wire), Lang::En) => format!(
            "The server could not read the request ({}) and closed the connection.",
            wire_problem(wire, lang)
        ),
        (ServerProblem::Impostor { uid }, Lang::Fr) => format!(
            "Refusé : la socket de la base est tenue par l'utilisateur n° {uid}, qui n'est pas le propriétaire de la base. Rien ne lui a été envoyé ; prévenez l'administrateur."
        ),
        (ServerProblem::Impostor { uid }, Lang::En) => format!(
            "Refused: the store's socket is held by user {uid}, who does not own the store. Nothing was sent to it; tell the administrator."
        ),
        (ServerProblem::UnexpectedAnswer, Lang::Fr) => "Le serveur a répondu autre chose que ce qui était demandé : client et serveur ne sont sans doute pas de la même version.".into(),
        (ServerProblem::UnexpectedAnswer, Lang::En) => "The server answered something else than what was asked: client and server are probably not the same version.".into(),
    }
}

pub fn wire_problem(problem: &WireProblem, lang: Lang) -> String {
    match (problem, lang) {
        (WireProblem::TooLarge { size, max }, Lang::Fr) => {
            format!("trame de {size} octets, au-delà des {max} acceptés")
        }
        (WireProblem::TooLarge { size, max }, Lang::En) => {
            format!("a frame of {size} bytes, over the {max} accepted")
        }
        (WireProblem::OtherProtocol { found, expected }, Lang::Fr) => {
            format!("trame du protocole {found}, le serveur parle le {expected}")
        }
        (WireProblem::OtherProtocol { found, expected }, Lang::En) => {
            format!("a frame of protocol {found}, the server speaks {expected}")
        }
        (WireProblem::Malformed(detail), Lang::Fr) => format!("trame illisible : {detail}"),
        (WireProblem::Malformed(detail), Lang::En) => format!("unreadable frame: {detail}"),
        (WireProblem::NotAHandshake, Lang::Fr) => "pas une poignée de main passerelle".into(),
        (WireProblem::NotAHandshake, Lang::En) => "not a passerelle handshake".into(),
    }
}

/// A front end still waiting for the store's server after a moment.
pub fn waiting_for_server(lang: Lang) -> &'static str {
    lang.pick(
        "Le serveur de la base démarre (une grande base, ou une mise à jour de son format, peut prendre quelques minutes)…",
        "The store's server is starting (a large store, or an upgrade of its format, may take a few minutes)…",
    )
}

/// `--direct` while a server holds the store.
pub fn served_elsewhere(lang: Lang) -> &'static str {
    lang.pick(
        "Un serveur (« passerelle serve ») tient cette base : --direct l'ouvrirait une seconde fois. Lancez la commande sans --direct pour passer par lui, ou arrêtez-le d'abord.",
        "A server ('passerelle serve') holds this store: --direct would open it a second time. Run the command without --direct to go through it, or stop it first.",
    )
}

/// `serve` while another server answers.
pub fn already_served(lang: Lang, socket: &std::path::Path) -> String {
    match lang {
        Lang::Fr => format!(
            "Un serveur répond déjà sur {} : un seul serveur par base.",
            socket.display()
        ),
        Lang::En => format!(
            "A server already answers on {}: one server per store.",
            socket.display()
        ),
    }
}

/// `serve` cannot listen.
pub fn cannot_listen(lang: Lang, socket: &std::path::Path, reason: &str) -> String {
    match lang {
        Lang::Fr => format!(
            "Impossible d'écouter sur {} : {reason}. Vérifiez les droits sur le dossier de la base.",
            socket.display()
        ),
        Lang::En => format!(
            "Cannot listen on {}: {reason}. Check the permissions of the store's directory.",
            socket.display()
        ),
    }
}
