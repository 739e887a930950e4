//! Reading a CSV file as the ministry, INSEE or a spreadsheet wrote it:
//! UTF-8 with or without a byte-order mark, `;` or `,` (found from the
//! header line), CRLF or LF, columns found by name whatever their order,
//! case, accents, spaces or underscores.
//!
//! Strictly: a row with more or fewer cells than the header (a stray
//! separator, a row cut short) is not read, and a file that ends inside
//! quotes (cut in a quoted cell) has its last row refused as cut. The
//! reader looks one row ahead, so that the last row is known as such
//! before it is handed out.

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::domain::text::fold;
use crate::import::ImportError;
use crate::service::import::ImportProblem;

/// A column name as compared: folded, words joined by `_`
/// (`Code postal`, `code_postal` and `CODE-POSTAL` are one).
pub fn column_key(name: &str) -> String {
    fold(name).replace(' ', "_")
}

/// An open file, its header read.
pub struct Source {
    reader: csv::Reader<Counting<BufReader<File>>>,
    /// The header as written.
    pub header: Vec<String>,
    keys: Vec<String>,
    /// The file's size in bytes, for the progress shown.
    pub size: u64,
    /// Quote characters read so far: odd at the end, the file ends
    /// inside quotes.
    quotes: Arc<AtomicU64>,
    /// The row after the one handed out, read ahead.
    ahead: csv::ByteRecord,
    ahead_read: Option<Result<u64, RowReadError>>,
    started: bool,
}

/// A reader counting the quote characters that pass through it.
struct Counting<R> {
    inner: R,
    quotes: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buf)?;
        let quotes = buf[..read].iter().filter(|b| **b == b'"').count() as u64;
        self.quotes.fetch_add(quotes, Ordering::Relaxed);
        Ok(read)
    }
}

impl Source {
    pub fn open(path: &Path) -> Result<Source, ImportError> {
        let cannot = |error: std::io::Error| ImportError::Read {
            path: path.display().to_string(),
            reason: error.to_string(),
        };
        let file = File::open(path).map_err(cannot)?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        let mut buffered = BufReader::with_capacity(1 << 16, file);
        // The byte-order mark spreadsheets and the ministry put first.
        let has_bom = buffered
            .fill_buf()
            .map_err(cannot)?
            .starts_with(b"\xEF\xBB\xBF");
        if has_bom {
            buffered.consume(3);
        }
        let delimiter = sniff_delimiter(buffered.fill_buf().map_err(cannot)?);
        let quotes = Arc::new(AtomicU64::new(0));
        let counting = Counting {
            inner: buffered,
            quotes: Arc::clone(&quotes),
        };
        // Lines end at LF; the CR of a CRLF stays at the end of the last
        // cell, which is trimmed. (The reader's own CRLF handling counts
        // a record's line from the CR before it: one line early.) Rows of
        // another length are read, to be refused with their line.
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .terminator(csv::Terminator::Any(b'\n'))
            .flexible(true)
            .has_headers(true)
            .from_reader(counting);
        let header: Vec<String> = reader
            .headers()
            .map_err(|error| ImportError::Read {
                path: path.display().to_string(),
                reason: error.to_string(),
            })?
            .iter()
            .map(|name| name.trim().to_owned())
            .collect();
        if header.iter().all(|h| h.trim().is_empty()) {
            return Err(ImportError::Empty {
                path: path.display().to_string(),
            });
        }
        let keys = header.iter().map(|h| column_key(h)).collect();
        Ok(Source {
            reader,
            header,
            keys,
            size,
            quotes,
            ahead: csv::ByteRecord::new(),
            ahead_read: None,
            started: false,
        })
    }

    /// The position of the first column named one of `names` (compared
    /// as [`column_key`] does).
    pub fn find(&self, names: &[&str]) -> Option<usize> {
        names.iter().find_map(|name| {
            let wanted = column_key(name);
            self.keys.iter().position(|key| *key == wanted)
        })
    }

    /// The next row: its line, and its cells (or why it cannot be read);
    /// `None` at the end.
    pub fn next_row(&mut self, row: &mut csv::ByteRecord) -> Option<Result<u64, RowReadError>> {
        if !self.started {
            self.started = true;
            self.ahead_read = self.read_ahead();
        }
        let current = self.ahead_read.take()?;
        std::mem::swap(row, &mut self.ahead);
        self.ahead_read = self.read_ahead();
        let last = self.ahead_read.is_none();
        let line = match current {
            Ok(line) => line,
            Err(error) => return Some(Err(error)),
        };
        let refused = |problem| Some(Err(RowReadError { line, problem }));
        if last && self.quotes.load(Ordering::Relaxed) % 2 == 1 {
            return refused(ImportProblem::EndsInsideQuotes);
        }
        if row.len() != self.header.len() {
            return refused(ImportProblem::FieldCount {
                found: row.len() as u64,
                expected: self.header.len() as u64,
                last,
            });
        }
        Some(Ok(line))
    }

    /// Reads the row after the one being handed out into `ahead`.
    fn read_ahead(&mut self) -> Option<Result<u64, RowReadError>> {
        match self.reader.read_byte_record(&mut self.ahead) {
            Ok(true) => Some(Ok(self.ahead.position().map_or(0, |p| p.line()))),
            Ok(false) => None,
            Err(error) => {
                let line = error.position().map_or(0, |p| p.line());
                Some(Err(RowReadError {
                    line,
                    problem: ImportProblem::Unreadable(error.to_string()),
                }))
            }
        }
    }

    /// How far the reading is, in bytes.
    pub fn position(&self) -> u64 {
        self.reader.position().byte()
    }
}

/// A row the CSV reader could not make out, or refused: cells other
/// than the header's, a quote never closed.
#[derive(Debug)]
pub struct RowReadError {
    pub line: u64,
    pub problem: ImportProblem,
}

/// `;` when the header line holds one (the ministry's files, French
/// spreadsheets), else `,` (INSEE's).
fn sniff_delimiter(start: &[u8]) -> u8 {
    let line = start.split(|b| *b == b'\n').next().unwrap_or(start);
    if line.contains(&b';') { b';' } else { b',' }
}

/// A cell as text, trimmed: `Err` when it is not UTF-8.
pub fn cell(row: &csv::ByteRecord, index: Option<usize>) -> Result<&str, std::str::Utf8Error> {
    raw_cell(row, index).map(str::trim)
}

/// A cell as trimmed text; one that is not UTF-8 is rejected on `line`,
/// named by its column in `header`.
pub fn text_cell<'r>(
    row: &'r csv::ByteRecord,
    index: Option<usize>,
    header: &[String],
    line: u64,
    issues: &mut crate::import::Issues,
) -> Option<&'r str> {
    match cell(row, index) {
        Ok(text) => Some(text),
        Err(_) => {
            let column = index.and_then(|i| header.get(i)).map_or("", String::as_str);
            issues.reject(line, column, crate::service::import::ImportProblem::NotUtf8);
            None
        }
    }
}

/// A cell as text, its spaces kept (notes): `Err` when it is not UTF-8.
pub fn raw_cell(row: &csv::ByteRecord, index: Option<usize>) -> Result<&str, std::str::Utf8Error> {
    match index.and_then(|i| row.get(i)) {
        Some(bytes) => std::str::from_utf8(bytes),
        None => Ok(""),
    }
}

/// Text from a file made safe to keep: control characters (an escape
/// sequence in a name) become their visible pictures (`␛`), so that the
/// text is stored and shown as text. `None` when nothing changed.
pub fn visible(text: &str) -> Option<String> {
    match crate::domain::text::neutralise_controls(text, true) {
        Cow::Borrowed(_) => None,
        Cow::Owned(owned) => Some(owned),
    }
}

/// [`visible`] for multi-line text (notes), which keeps its line breaks
/// and tabs.
pub fn visible_multiline(text: &str) -> Option<String> {
    match crate::domain::text::neutralise_controls(text, false) {
        Cow::Borrowed(_) => None,
        Cow::Owned(owned) => Some(owned),
    }
}

/// A multi-line cell (notes) as its text: spaces kept, a line break
/// written CRLF read as the line break it is, and the CR that a CRLF line
/// end leaves on a row's last cell taken off.
pub fn multiline(raw: &str) -> Cow<'_, str> {
    let raw = raw.strip_suffix('\r').unwrap_or(raw);
    if raw.contains("\r\n") {
        Cow::Owned(raw.replace("\r\n", "\n"))
    } else {
        Cow::Borrowed(raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_compare_folded() {
        assert_eq!(column_key("Code postal"), "code_postal");
        assert_eq!(column_key("Code_postal"), "code_postal");
        assert_eq!(column_key("Code établissement"), "code_etablissement");
        assert_eq!(
            column_key("Identifiant_de_l_etablissement"),
            "identifiant_de_l_etablissement"
        );
        assert_eq!(column_key("\u{feff}siren"), "siren");
    }

    #[test]
    fn the_delimiter_comes_from_the_header_line() {
        assert_eq!(sniff_delimiter(b"a;b\r\n1,2;3"), b';');
        assert_eq!(sniff_delimiter(b"siren,nic\n1;2,3"), b',');
    }

    #[test]
    fn controls_become_visible() {
        assert_eq!(visible("Lycée"), None);
        assert_eq!(visible("a\u{1b}[31mb").as_deref(), Some("a\u{241b}[31mb"));
        assert_eq!(visible("a\nb").as_deref(), Some("a b"));
        assert_eq!(visible_multiline("a\n\tb"), None);
        assert_eq!(visible_multiline("a\u{1b}b").as_deref(), Some("a\u{241b}b"));
    }

    #[test]
    fn multiline_cells_keep_their_breaks_and_lose_a_crlf() {
        assert_eq!(multiline("  a\nb "), "  a\nb ");
        assert_eq!(multiline("a\r\nb\r"), "a\nb");
    }
}
