//! Logs, only when `PASSERELLE_LOG` is set (to a level or a filter such
//! as `debug`), to `passerelle/passerelle.log` in the XDG state
//! directory: never to the terminal the interface draws on. A server in
//! the foreground logs to standard error instead. Logs name
//! requests and durations, never the content of records.

use std::fs::OpenOptions;
use std::sync::Mutex;

use tracing_subscriber::EnvFilter;

use crate::i18n::Lang;
use crate::i18n::tui::log_unavailable;

/// Logs of a server run in the foreground (by systemd, a supervisor, a
/// `@reboot` line): to standard error, which its runner keeps (the
/// journal, the supervisor's file, a redirection), when `PASSERELLE_LOG`
/// is set. The server's account may have no state directory it can
/// write.
pub fn start_on_standard_error() {
    let Ok(filter) = std::env::var("PASSERELLE_LOG") else {
        return;
    };
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::new(filter))
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .finish();
    let _ = tracing::subscriber::set_global_default(subscriber);
}

pub fn start(lang: Lang) {
    let Ok(filter) = std::env::var("PASSERELLE_LOG") else {
        return;
    };
    let Some(dir) = dirs::state_dir().map(|dir| dir.join("passerelle")) else {
        return;
    };
    let path = dir.join("passerelle.log");
    let file = std::fs::create_dir_all(&dir)
        .and_then(|()| OpenOptions::new().create(true).append(true).open(&path));
    match file {
        Ok(file) => {
            let subscriber = tracing_subscriber::fmt()
                .with_env_filter(EnvFilter::new(filter))
                .with_writer(Mutex::new(file))
                .with_ansi(false)
                .finish();
            // Only the first call in a process installs a subscriber.
            let _ = tracing::subscriber::set_global_default(subscriber);
        }
        // Said before the interface takes the screen.
        Err(error) => eprintln!("{}", log_unavailable(lang, &path, &error.to_string())),
    }
}
