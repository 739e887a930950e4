//! Files written by a command (`export --output`, `backup`): whole or not
//! at all. The bytes go to a new file beside the one asked for, which is
//! synced and renamed over it once complete; dropped before, it is
//! removed. The front end writes them in its own process, as the account
//! running the command, whoever runs the server.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

pub struct OutputFile {
    out: BufWriter<File>,
    partial: PathBuf,
    path: PathBuf,
    committed: bool,
}

impl OutputFile {
    /// Starts writing `path`. `private`: readable by this account alone
    /// (0600), for what holds protected fields; otherwise 0666 less the
    /// umask, as any file the person makes.
    pub fn create(path: &Path, private: bool) -> io::Result<OutputFile> {
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
        let partial = path.with_file_name(format!(".{name}.part-{}", std::process::id()));
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(if private { 0o600 } else { 0o666 })
            .open(&partial)?;
        Ok(OutputFile {
            out: BufWriter::with_capacity(256 * 1024, file),
            partial,
            path: path.to_owned(),
            committed: false,
        })
    }

    /// Makes the file whole under its name.
    pub fn commit(mut self) -> io::Result<()> {
        self.out.flush()?;
        self.out.get_ref().sync_all()?;
        std::fs::rename(&self.partial, &self.path)?;
        self.committed = true;
        Ok(())
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

impl Drop for OutputFile {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.partial);
        }
    }
}
