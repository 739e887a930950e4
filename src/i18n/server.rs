//! What a front end says when the shared server cannot be reached or
//! understood, and what `passerelle serve` says.

use crate::i18n::Lang;
use crate::server::client::{ReachStep, ServerProblem, SystemCause};
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
        (ServerProblem::Unreachable { step, path, cause }, _) => {
            unreachable(*step, path, *cause, lang)
        }
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

/// Why the server could not be reached: the step, the system's reason,
/// and what to do about that reason.
fn unreachable(step: ReachStep, path: &str, cause: SystemCause, lang: Lang) -> String {
    use nix::errno::Errno;
    let fr = lang == Lang::Fr;
    let place = match (step, fr) {
        (ReachStep::Connecting, true) if path.is_empty() => "connexion au serveur".to_owned(),
        (ReachStep::Connecting, false) if path.is_empty() => "connecting to the server".to_owned(),
        (ReachStep::Connecting, true) => format!("connexion à {path}"),
        (ReachStep::Connecting, false) => format!("connecting to {path}"),
        (ReachStep::CheckingWhoAnswers, true) => format!("compte qui répond sur {path}"),
        (ReachStep::CheckingWhoAnswers, false) => format!("the account answering on {path}"),
        (ReachStep::Handshake, true) => format!("poignée de main sur {path}"),
        (ReachStep::Handshake, false) => format!("handshake on {path}"),
        (ReachStep::MakingStoreDirectory, true) => format!("création du dossier {path}"),
        (ReachStep::MakingStoreDirectory, false) => format!("making the directory {path}"),
        (ReachStep::StartLock, true) => format!("verrou de démarrage {path}"),
        (ReachStep::StartLock, false) => format!("the start lock {path}"),
        (ReachStep::FindingThisProgram, true) => "chemin de ce programme".to_owned(),
        (ReachStep::FindingThisProgram, false) => "this program's path".to_owned(),
        (ReachStep::StartingServer, true) => format!("lancement du serveur avec {path}"),
        (ReachStep::StartingServer, false) => format!("starting the server with {path}"),
        (ReachStep::WaitingForServer, true) => format!("serveur lancé pour {path}"),
        (ReachStep::WaitingForServer, false) => format!("the server started for {path}"),
    };
    let errno = match cause {
        SystemCause::Errno(number) => Some(Errno::from_raw(number)),
        _ => None,
    };
    let reason = match (cause, errno) {
        (SystemCause::NoReply { seconds }, _) => match lang {
            Lang::Fr => format!("pas de réponse en {seconds} s"),
            Lang::En => format!("no answer within {seconds} s"),
        },
        (_, Some(Errno::EACCES | Errno::EPERM)) => {
            lang.pick("accès refusé", "permission denied").to_owned()
        }
        (_, Some(Errno::ENOENT)) => lang.pick("introuvable", "not found").to_owned(),
        (_, Some(Errno::ENOTDIR)) => lang
            .pick(
                "un élément du chemin n'est pas un dossier",
                "a part of the path is not a directory",
            )
            .to_owned(),
        (_, Some(Errno::ENOSPC)) => lang.pick("disque plein", "disk full").to_owned(),
        (_, Some(Errno::EDQUOT)) => lang
            .pick("quota de disque atteint", "disk quota reached")
            .to_owned(),
        (_, Some(Errno::EROFS)) => lang
            .pick(
                "système de fichiers en lecture seule",
                "read-only file system",
            )
            .to_owned(),
        (_, Some(Errno::EMFILE | Errno::ENFILE)) => lang
            .pick("trop de fichiers ouverts", "too many open files")
            .to_owned(),
        (_, Some(Errno::EAGAIN)) => lang
            .pick(
                "ressource momentanément indisponible",
                "resource temporarily unavailable",
            )
            .to_owned(),
        (_, Some(Errno::ECONNREFUSED)) => lang
            .pick("aucun serveur n'y écoute", "no server listens there")
            .to_owned(),
        (_, Some(Errno::ECONNRESET | Errno::EPIPE)) => {
            lang.pick("connexion coupée", "connection cut").to_owned()
        }
        (_, Some(Errno::EIO)) => lang
            .pick("erreur d'entrée-sortie", "input/output error")
            .to_owned(),
        (_, Some(Errno::ENOEXEC | Errno::ETXTBSY)) => lang
            .pick("programme non exécutable", "program cannot be run")
            .to_owned(),
        (_, Some(other)) => match lang {
            Lang::Fr => format!("erreur système n° {}", other as i32),
            Lang::En => other.desc().to_owned(),
        },
        (_, None) => lang.pick("erreur système", "system error").to_owned(),
    };
    let advice = match (cause, errno) {
        (SystemCause::NoReply { .. }, _) if step == ReachStep::WaitingForServer => lang.pick(
            "Il ouvre peut-être encore la base : réessayez dans un moment.",
            "It may still be opening the store: try again in a moment.",
        ),
        (SystemCause::NoReply { .. }, _) => lang.pick(
            "Le serveur est peut-être arrêté ou bloqué : prévenez l'administrateur de la base.",
            "The server may be stopped or stuck: tell the store's administrator.",
        ),
        (_, Some(Errno::ENOSPC | Errno::EDQUOT)) => lang.pick(
            "Libérez de la place sur le disque de la base, puis relancez.",
            "Free space on the store's disk, then try again.",
        ),
        (_, Some(Errno::EMFILE | Errno::ENFILE | Errno::EAGAIN)) => lang.pick(
            "Le serveur est saturé : réessayez dans un moment, et prévenez l'administrateur si cela dure.",
            "The server is overloaded: try again in a moment, and tell the administrator if it lasts.",
        ),
        _ => lang.pick(
            "Vérifiez les droits sur le dossier de la base, ou utilisez --direct si vous êtes seul à l'utiliser.",
            "Check the permissions of the store's directory, or use --direct if you are its only user.",
        ),
    };
    match lang {
        Lang::Fr => {
            format!("Impossible de joindre le serveur de la base ({place} : {reason}). {advice}")
        }
        Lang::En => format!("The store's server cannot be reached ({place}: {reason}). {advice}"),
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
