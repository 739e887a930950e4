//! `passerelle demo`: fills an empty store with demonstration data, or
//! takes it out again (`--remove`).

use std::io::{IsTerminal, Write};
use std::time::Instant;

use crate::cli::exit::CliError;
use crate::client::Backend;
use crate::client::backend::unexpected;
use crate::demo::{DemoOptions, MAXIMUM_SIZE, MINIMUM_SIZE, generate};
use crate::i18n::phrases::{demo_done, demo_removed, demo_size_out_of_range};
use crate::i18n::{Lang, Phrase, count};
use crate::service::protocol::{Request, Response};

pub fn run(
    backend: &Backend,
    options: DemoOptions,
    append: bool,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    if !(MINIMUM_SIZE..=MAXIMUM_SIZE).contains(&options.size) {
        return Err(CliError::Input(demo_size_out_of_range(
            lang,
            MINIMUM_SIZE,
            MAXIMUM_SIZE,
        )));
    }
    if !append && !backend.is_empty()? {
        return Err(CliError::Refused(
            Phrase::DemoNotEmpty.text(lang).to_owned(),
        ));
    }
    let started = Instant::now();
    let interactive = std::io::stderr().is_terminal();
    let total = options.size;
    let mut progress = |written: u64| {
        if interactive {
            let percent = written * 100 / total.max(1);
            eprint!(
                "\r{} / {} ({percent} %)",
                count(lang, written),
                count(lang, total)
            );
        }
    };
    // The progress shows when the records are written here; a server
    // writes them on its side and says how many at the end.
    let written = match backend.local() {
        Some((service, caller)) => {
            crate::server::dispatch::may_add_demo(service, caller, append)?;
            generate(service, caller, &options, &mut progress)?
        }
        None => backend.demo(options, append)?,
    };
    if interactive {
        eprintln!();
    }
    writeln!(
        out,
        "{}",
        demo_done(lang, written, started.elapsed().as_secs_f64())
    )?;
    Ok(())
}

/// `passerelle demo --remove [--dry-run]`: erases every demonstration
/// record but those real records point at (or only counts them), and
/// says which were kept.
pub fn remove(
    backend: &Backend,
    dry_run: bool,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let removed = match backend.call(Request::RemoveDemo { dry_run })? {
        Response::DemoRemoved(removed) => removed,
        _ => return Err(unexpected().into()),
    };
    writeln!(out, "{}", demo_removed(lang, &removed))?;
    Ok(())
}
