//! `passerelle backup FILE`: the store's snapshot, taken by whoever holds
//! the store (the server, or this process with `--direct`), read out in
//! chunks and written to FILE by this process, as this account: whole or
//! not at all, readable by this account alone, its checksum verified on
//! the way.

use std::io::Write;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::cli::exit::CliError;
use crate::cli::output::OutputFile;
use crate::client::Backend;
use crate::i18n::Lang;
use crate::i18n::backup::{backup_written, cannot_write, cut_short, damaged_in_transit};
use crate::store::backup::DIGEST_LEN;

pub fn run(
    backend: &Backend,
    path: &Path,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let begun = backend.begin_backup()?;
    let result = receive(backend, begun.backup, begun.facts.size, path, lang);
    if result.is_err() {
        // Frees the server's copy at once rather than after its delay.
        let _ = backend.abandon_backup(begun.backup);
    }
    result?;
    writeln!(out, "{}", backup_written(lang, path, &begun.facts))?;
    Ok(())
}

fn receive(
    backend: &Backend,
    backup: u64,
    size: u64,
    path: &Path,
    lang: Lang,
) -> Result<(), CliError> {
    let failed = |error: std::io::Error| CliError::Failed(cannot_write(lang, path, &error));
    let mut file = OutputFile::create(path, true).map_err(failed)?;
    let body = size.saturating_sub(DIGEST_LEN as u64);
    let mut hasher = Sha256::new();
    let mut digest = Vec::with_capacity(DIGEST_LEN);
    let mut received = 0u64;
    while received < size {
        let chunk = backend.backup_chunk(backup, received)?;
        if chunk.is_empty() {
            return Err(CliError::Failed(cut_short(lang).to_owned()));
        }
        let in_body = (body.saturating_sub(received) as usize).min(chunk.len());
        hasher.update(&chunk[..in_body]);
        digest.extend_from_slice(&chunk[in_body..]);
        file.write_all(&chunk).map_err(failed)?;
        received += chunk.len() as u64;
    }
    if hasher.finalize().as_slice() != digest.as_slice() {
        return Err(CliError::Failed(damaged_in_transit(lang).to_owned()));
    }
    file.commit().map_err(failed)
}
