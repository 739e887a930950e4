//! What a front end says when the shared server cannot be reached or
//! understood, and what `passerelle serve` says.

use crate::i18n::Lang;
use crate::i18n::safe;
use crate::server::problem::{ReachStep, ServerProblem, SystemCause};
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
        (ServerProblem::NoAnswer { pid, seconds }, Lang::Fr) => format!(
            "Le serveur de la base{} ne répond plus depuis {seconds} s : il est peut-être suspendu ou bloqué. Ce qui a été confirmé est enregistré ; cette dernière opération l'a peut-être été aussi : vérifiez avant de la refaire. Prévenez l'administrateur, qui peut le redémarrer (« systemctl restart passerelle », ou arrêter ce processus : un nouveau serveur sera lancé).",
            pid.map(|pid| format!(" (processus {pid})")).unwrap_or_default()
        ),
        (ServerProblem::NoAnswer { pid, seconds }, Lang::En) => format!(
            "The store's server{} has not answered for {seconds} s: it may be suspended or stuck. What was confirmed is saved; this last operation may have been too: check before doing it again. Tell the administrator, who can restart it ('systemctl restart passerelle', or stop that process: a new server will be started).",
            pid.map(|pid| format!(" (process {pid})")).unwrap_or_default()
        ),
        (ServerProblem::UnfitDirectory { path, problem }, _) => {
            crate::i18n::messages::directory_problem(std::path::Path::new(path), problem, lang)
        }
        (ServerProblem::NotRunning { owner }, Lang::Fr) => format!(
            "Le serveur de la base n'est pas lancé, et seul le compte « {} », à qui la base appartient, peut le lancer. Demandez à l'administrateur de le démarrer (« systemctl start passerelle », ou voir docs/operations.md sans systemd).",
            safe(owner)
        ),
        (ServerProblem::NotRunning { owner }, Lang::En) => format!(
            "The store's server is not running, and only the account '{}', which owns the store, may start it. Ask the administrator to start it ('systemctl start passerelle', or see docs/operations.md without systemd).",
            safe(owner)
        ),
        (ServerProblem::StartLockHeld { path, pid, account }, Lang::Fr) => format!(
            "Le serveur n'a pas pu être démarré : le verrou de démarrage {} est tenu{} depuis plus longtemps qu'un démarrage ne prend. Prévenez l'administrateur.",
            safe(path),
            holder_words(*pid, account.as_deref(), lang)
        ),
        (ServerProblem::StartLockHeld { path, pid, account }, Lang::En) => format!(
            "The server could not be started: its start lock {} has been held{} for longer than a start takes. Tell the administrator.",
            safe(path),
            holder_words(*pid, account.as_deref(), lang)
        ),
        (ServerProblem::TooManyConnections { limit, yours: true }, Lang::Fr) => format!(
            "Refusé : votre compte a déjà {limit} connexions ouvertes au serveur, le maximum. Fermez des interfaces ou des commandes restées ouvertes (ou un script qui en ouvre trop), puis recommencez."
        ),
        (ServerProblem::TooManyConnections { limit, yours: true }, Lang::En) => format!(
            "Refused: your account already holds {limit} connections to the server, the most allowed. Close interfaces or commands left open (or a script opening too many), then try again."
        ),
        (ServerProblem::TooManyConnections { limit, yours: false }, Lang::Fr) => format!(
            "Refusé pour l'instant : le serveur a déjà {limit} connexions ouvertes, le maximum. Réessayez dans un moment ; si cela dure, prévenez l'administrateur du serveur."
        ),
        (ServerProblem::TooManyConnections { limit, yours: false }, Lang::En) => format!(
            "Refused for now: the server already holds {limit} connections, the most allowed. Try again in a moment; if it lasts, tell the server's administrator."
        ),
    }
}

/// « par le processus 4242 (compte bob) », or nothing when unknown.
fn holder_words(pid: Option<u32>, account: Option<&str>, lang: Lang) -> String {
    let account = account.map(safe);
    match (pid, account, lang) {
        (Some(pid), Some(account), Lang::Fr) => {
            format!(" par le processus {pid} (compte « {account} »)")
        }
        (Some(pid), Some(account), Lang::En) => format!(" by process {pid} (account '{account}')"),
        (Some(pid), None, Lang::Fr) => format!(" par le processus {pid}"),
        (Some(pid), None, Lang::En) => format!(" by process {pid}"),
        _ => String::new(),
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
    let reason = match cause {
        SystemCause::NoReply { seconds } => match lang {
            Lang::Fr => format!("pas de réponse en {seconds} s"),
            Lang::En => format!("no answer within {seconds} s"),
        },
        SystemCause::Errno(number) => system_reason(number, lang),
        SystemCause::Unnumbered => lang.pick("erreur système", "system error").to_owned(),
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
        // The socket's queue full: the server is behind.
        (_, Some(Errno::EAGAIN)) if step == ReachStep::Connecting => lang.pick(
            "Le serveur est saturé : réessayez dans un moment, et prévenez l'administrateur si cela dure.",
            "The server is overloaded: try again in a moment, and tell the administrator if it lasts.",
        ),
        // This session's own limits (files, processes).
        (_, Some(Errno::EMFILE | Errno::ENFILE | Errno::EAGAIN)) => lang.pick(
            "Cette session a atteint une limite du système (fichiers ou processus ouverts) : fermez des programmes, ou prévenez l'administrateur.",
            "This session reached a system limit (open files or processes): close some programs, or tell the administrator.",
        ),
        // The server that had just started went away.
        (_, Some(Errno::ECONNREFUSED)) => lang.pick(
            "Relancez la commande : un serveur sera démarré pour la base.",
            "Run the command again: a server will be started for the store.",
        ),
        // This program itself (replaced by an update while running, moved).
        _ if matches!(step, ReachStep::FindingThisProgram | ReachStep::StartingServer) => lang.pick(
            "Ce programme a peut-être été mis à jour ou déplacé pendant qu'il tournait : relancez passerelle.",
            "This program may have been updated or moved while it ran: start passerelle again.",
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

/// The system's reason for a failure (an error number), in the user's
/// words: the system's own text is English.
pub fn system_reason(number: i32, lang: Lang) -> String {
    use nix::errno::Errno;
    let pick = |fr: &str, en: &str| lang.pick(fr, en).to_owned();
    match Errno::from_raw(number) {
        Errno::EACCES | Errno::EPERM => pick("accès refusé", "permission denied"),
        Errno::ENOENT => pick("introuvable", "not found"),
        Errno::ENOTDIR => pick(
            "un élément du chemin n'est pas un dossier",
            "a part of the path is not a directory",
        ),
        Errno::ENOSPC => pick("disque plein", "disk full"),
        Errno::EDQUOT => pick("quota de disque atteint", "disk quota reached"),
        Errno::EROFS => pick(
            "système de fichiers en lecture seule",
            "read-only file system",
        ),
        Errno::EMFILE | Errno::ENFILE => pick("trop de fichiers ouverts", "too many open files"),
        Errno::EAGAIN => pick(
            "ressource momentanément indisponible",
            "resource temporarily unavailable",
        ),
        Errno::ECONNREFUSED => pick("aucun serveur n'écoute", "no server listens"),
        Errno::ECONNRESET | Errno::EPIPE => pick("connexion coupée", "connection cut"),
        Errno::EADDRINUSE => pick("adresse déjà utilisée", "address already in use"),
        Errno::EIO => pick("erreur d'entrée-sortie", "input/output error"),
        Errno::ENOEXEC | Errno::ETXTBSY => {
            pick("programme non exécutable", "program cannot be run")
        }
        // The number as given: an unknown one reads back as 0.
        Errno::UnknownErrno => match lang {
            Lang::Fr => format!("erreur système n° {number}"),
            Lang::En => format!("system error {number}"),
        },
        other => match lang {
            Lang::Fr => format!("erreur système n° {number}"),
            Lang::En => other.desc().to_owned(),
        },
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
pub fn cannot_listen(lang: Lang, socket: &std::path::Path, error: &std::io::Error) -> String {
    let reason = match error.raw_os_error() {
        Some(number) => system_reason(number, lang),
        None => lang.pick("erreur système", "system error").to_owned(),
    };
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

/// A connection limit that is not a number above zero.
pub fn bad_limit(lang: Lang, variable: &str, value: &str) -> String {
    let value = crate::domain::text::neutralise_controls(value, true);
    match lang {
        Lang::Fr => format!(
            "{variable} vaut « {value} » : il faut un nombre entier supérieur à zéro (le nombre de connexions admises). Corrigez-la ou retirez-la pour garder la valeur par défaut."
        ),
        Lang::En => format!(
            "{variable} is '{value}': it must be a whole number above zero (the connections let in). Correct it, or remove it to keep the default."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(step: ReachStep, cause: SystemCause, lang: Lang) -> String {
        server_problem(
            &ServerProblem::Unreachable {
                step,
                path: "/base/passerelle.sock".into(),
                cause,
            },
            lang,
        )
    }

    #[test]
    fn each_cause_gets_its_own_advice_in_the_users_words() {
        let denied = said(
            ReachStep::Connecting,
            SystemCause::Errno(nix::errno::Errno::EACCES as i32),
            Lang::Fr,
        );
        assert!(denied.contains("accès refusé"), "{denied}");
        assert!(denied.contains("Vérifiez les droits"), "{denied}");
        let full = said(
            ReachStep::MakingStoreDirectory,
            SystemCause::Errno(nix::errno::Errno::ENOSPC as i32),
            Lang::Fr,
        );
        assert!(full.contains("disque plein"), "{full}");
        assert!(full.contains("Libérez de la place"), "{full}");
        // The program replaced by an update while it ran.
        let gone = said(
            ReachStep::StartingServer,
            SystemCause::Errno(nix::errno::Errno::ENOENT as i32),
            Lang::Fr,
        );
        assert!(gone.contains("relancez passerelle"), "{gone}");
        assert!(!gone.contains("droits"), "{gone}");
        // The session's own limit is not the server's load.
        let files = said(
            ReachStep::Handshake,
            SystemCause::Errno(nix::errno::Errno::EMFILE as i32),
            Lang::Fr,
        );
        assert!(files.contains("limite du système"), "{files}");
        let queue = said(
            ReachStep::Connecting,
            SystemCause::Errno(nix::errno::Errno::EAGAIN as i32),
            Lang::Fr,
        );
        assert!(queue.contains("saturé"), "{queue}");
        let silent = said(
            ReachStep::Handshake,
            SystemCause::NoReply { seconds: 10 },
            Lang::En,
        );
        assert!(silent.contains("no answer within 10 s"), "{silent}");
    }

    #[test]
    fn an_unknown_error_number_is_said_as_given() {
        assert_eq!(system_reason(4242, Lang::Fr), "erreur système n° 4242");
        assert_eq!(system_reason(4242, Lang::En), "system error 4242");
    }
}
