//! `:import FORMAT PATH`: the file is read and sent in batches by a
//! thread of its own (started by the loop, see `tui::run`), so that the
//! interface never waits on it; its progress and its result are told in
//! the status bar, and the screens read again when it wrote.

use crate::client::{Changed, Notice};
use crate::i18n::import as import_text;
use crate::i18n::tui as text;
use crate::import::{FileReport, ImportError, ImportSettings, Progress};
use crate::tui::app::App;

#[derive(Debug, Default)]
pub struct Imports {
    /// Asked for, not yet started.
    waiting: Vec<ImportSettings>,
    /// One runs: a second is refused until it ends.
    pub running: bool,
}

impl App {
    /// Asks for an import (one at a time).
    pub fn start_import(&mut self, settings: ImportSettings) {
        if self.imports.running {
            self.error(text::import_busy(self.lang));
            return;
        }
        self.imports.running = true;
        self.inform(text::import_started(
            self.lang,
            &settings.file.display().to_string(),
        ));
        self.imports.waiting.push(settings);
    }

    /// The imports to start, for the loop.
    pub fn take_imports(&mut self) -> Vec<ImportSettings> {
        std::mem::take(&mut self.imports.waiting)
    }

    pub fn import_progress(&mut self, progress: Progress) {
        let percent = (progress.bytes * 100)
            .checked_div(progress.total_bytes)
            .unwrap_or(100);
        self.inform(import_text::progress(
            self.lang,
            progress.rows,
            percent,
            progress.checking,
        ));
    }

    /// The import's end: its counts (and the first rejected line) in the
    /// status bar; what it wrote read again on every screen.
    pub fn import_done(&mut self, result: Result<FileReport, ImportError>) {
        self.imports.running = false;
        match result {
            Ok(report) => {
                let mut line = import_text::summary(&report, self.lang);
                if let Some(encoding) = &report.read_as {
                    line = format!("{} {line}", import_text::read_as(self.lang, encoding));
                }
                if let Some(first) = report.report.rejected.first() {
                    line.push(' ');
                    line.push_str(&import_text::issue_line(first, self.lang));
                }
                let written = report.report.written;
                if report.report.rejected_rows > 0 {
                    self.error(line);
                } else {
                    self.inform(line);
                }
                if written {
                    self.notice(&Notice {
                        changed: Changed::Many,
                        by: self.account.clone(),
                        connection: 0,
                    });
                }
            }
            Err(error) => self.error(import_text::import_error(&error, self.lang)),
        }
    }
}
