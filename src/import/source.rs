//! Reading a CSV file as the ministry, INSEE or a spreadsheet wrote it:
//! UTF-8 with or without a byte-order mark, UTF-16 with one, or (when
//! its first megabyte is not UTF-8) Windows-1252, the Latin-1 of French
//! spreadsheets, read as such and said once; `;`, `,` or a tab (the one
//! the header line holds most of), CRLF or LF; columns found by name
//! whatever their order, case, accents, spaces or underscores.
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
use std::sync::atomic::{AtomicU8, Ordering};

use crate::domain::text::fold;
use crate::import::ImportError;
use crate::service::import::ImportProblem;

/// A column name as compared: folded, words joined by `_`
/// (`Code postal`, `code_postal` and `CODE-POSTAL` are one).
pub fn column_key(name: &str) -> String {
    fold(name).replace(' ', "_")
}

/// How much of a file is looked at to tell its encoding.
const SAMPLE: usize = 1 << 20;

/// An open file, its header read.
pub struct Source {
    reader: csv::Reader<QuoteTracking<Box<dyn Read + Send>>>,
    /// The encoding the file was read from, when not UTF-8: its name
    /// (`windows-1252`, `UTF-16LE`), said once in the report.
    pub read_as: Option<&'static str>,
    /// The header as written.
    pub header: Vec<String>,
    keys: Vec<String>,
    /// The file's size in bytes, for the progress shown.
    pub size: u64,
    /// Where the reading stands with quotes: still in a quoted cell at
    /// the end, the file ends inside quotes.
    quoting: Arc<AtomicU8>,
    /// The row after the one handed out, read ahead.
    ahead: csv::ByteRecord,
    ahead_read: Option<Result<u64, RowReadError>>,
    started: bool,
}

/// Where a CSV reading stands with quotes, as the csv reader sees them: a
/// `"` opens a quoted cell only at the start of a cell (elsewhere it is
/// a character like another), `""` inside one is a quote, and a `"`
/// followed by anything else closes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Quoting {
    CellStart = 0,
    Unquoted = 1,
    Quoted = 2,
    /// A `"` read inside a quoted cell: closing, or the first of `""`.
    QuoteInQuoted = 3,
}

impl Quoting {
    fn after(self, byte: u8, delimiter: u8) -> Quoting {
        match (self, byte) {
            (Quoting::CellStart, b'"') => Quoting::Quoted,
            (Quoting::CellStart | Quoting::Unquoted, b'\n') => Quoting::CellStart,
            (Quoting::CellStart | Quoting::Unquoted, b) if b == delimiter => Quoting::CellStart,
            (Quoting::CellStart | Quoting::Unquoted, _) => Quoting::Unquoted,
            (Quoting::Quoted, b'"') => Quoting::QuoteInQuoted,
            (Quoting::Quoted, _) => Quoting::Quoted,
            (Quoting::QuoteInQuoted, b'"') => Quoting::Quoted,
            (Quoting::QuoteInQuoted, b'\n') => Quoting::CellStart,
            (Quoting::QuoteInQuoted, b) if b == delimiter => Quoting::CellStart,
            (Quoting::QuoteInQuoted, _) => Quoting::Unquoted,
        }
    }

    fn of(value: u8) -> Quoting {
        match value {
            1 => Quoting::Unquoted,
            2 => Quoting::Quoted,
            3 => Quoting::QuoteInQuoted,
            _ => Quoting::CellStart,
        }
    }
}

/// A reader following the quoting of what passes through it, so that a
/// file ending inside a quoted cell is told from one holding a stray
/// `"` in an unquoted cell.
struct QuoteTracking<R> {
    inner: R,
    delimiter: u8,
    state: Arc<AtomicU8>,
}

impl<R: Read> Read for QuoteTracking<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buf)?;
        let mut state = Quoting::of(self.state.load(Ordering::Relaxed));
        for byte in &buf[..read] {
            state = state.after(*byte, self.delimiter);
        }
        self.state.store(state as u8, Ordering::Relaxed);
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
        let mut buffered = BufReader::with_capacity(SAMPLE, file);
        let start = buffered.fill_buf().map_err(cannot)?;
        let encoding = encoding_of(start);
        // The byte-order mark spreadsheets and the ministry put first.
        let utf8_bom = start.starts_with(b"\xEF\xBB\xBF");
        let delimiter = sniff_delimiter(start);
        let input: Box<dyn Read + Send> = match encoding {
            None => {
                if utf8_bom {
                    buffered.consume(3);
                }
                Box::new(buffered)
            }
            // A UTF-16 byte-order mark says which UTF-16 it is.
            Some(encoding) => Box::new(
                encoding_rs_io::DecodeReaderBytesBuilder::new()
                    .encoding(Some(encoding))
                    .bom_override(true)
                    .strip_bom(true)
                    .build(buffered),
            ),
        };
        let quoting = Arc::new(AtomicU8::new(Quoting::CellStart as u8));
        let tracking = QuoteTracking {
            inner: input,
            delimiter,
            state: Arc::clone(&quoting),
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
            .from_reader(tracking);
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
            read_as: encoding.map(|encoding| encoding.name()),
            header,
            keys,
            size,
            quoting,
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
        if last && Quoting::of(self.quoting.load(Ordering::Relaxed)) == Quoting::Quoted {
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

/// The separator the header line holds most of: `;` (the ministry's
/// files, French spreadsheets), `,` (INSEE's) or a tab, in that order on
/// a tie; `,` when it holds none. Read from the raw bytes, which keep
/// these characters whole in every encoding read (UTF-16's are followed
/// or preceded by a zero byte).
fn sniff_delimiter(start: &[u8]) -> u8 {
    let line = start.split(|b| *b == b'\n').next().unwrap_or(start);
    let count = |wanted: u8| line.iter().filter(|b| **b == wanted).count();
    [b';', b',', b'\t']
        .into_iter()
        .max_by_key(|separator| {
            (
                count(*separator),
                [b'\t', b',', b';'].iter().position(|s| s == separator),
            )
        })
        .filter(|separator| count(*separator) > 0)
        .unwrap_or(b',')
}

/// The encoding to read a file in, from its first bytes: `None` for
/// UTF-8 (a sequence cut at the sample's end is not held against it);
/// UTF-16 by its byte-order mark; else Windows-1252, which reads every
/// byte (Latin-1 is its subset for letters).
fn encoding_of(start: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    if start.starts_with(b"\xFF\xFE") {
        return Some(encoding_rs::UTF_16LE);
    }
    if start.starts_with(b"\xFE\xFF") {
        return Some(encoding_rs::UTF_16BE);
    }
    match std::str::from_utf8(start) {
        Ok(_) => None,
        Err(error) if error.error_len().is_none() => None,
        Err(_) => Some(encoding_rs::WINDOWS_1252),
    }
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
        assert_eq!(sniff_delimiter(b"uai\tnom\tcommune, ville\n"), b'\t');
        assert_eq!(sniff_delimiter(b"one\n"), b',');
    }

    #[test]
    fn the_encoding_comes_from_the_first_bytes() {
        assert_eq!(encoding_of("Dénomination;é".as_bytes()), None);
        // A sample ending inside an « é ».
        assert_eq!(encoding_of(&"Dé".as_bytes()[..2]), None);
        assert_eq!(
            encoding_of(b"D\xe9nomination"),
            Some(encoding_rs::WINDOWS_1252)
        );
        assert_eq!(encoding_of(b"\xFF\xFEu\0a\0"), Some(encoding_rs::UTF_16LE));
    }

    #[test]
    fn controls_become_visible() {
        assert_eq!(visible("Lycée"), None);
        assert_eq!(visible("a\u{1b}[31mb").as_deref(), Some("a\u{241b}[31mb"));
        assert_eq!(visible("a\nb").as_deref(), Some("a b"));
        assert_eq!(visible_multiline("a\n\tb"), None);
        assert_eq!(visible_multiline("a\u{1b}b").as_deref(), Some("a\u{241b}b"));
    }

    fn quoting_at_the_end_of(text: &str) -> Quoting {
        text.bytes()
            .fold(Quoting::CellStart, |state, byte| state.after(byte, b';'))
    }

    #[test]
    fn only_a_quote_opening_a_cell_starts_a_quoted_cell() {
        // Cut inside a quoted cell.
        assert_eq!(quoting_at_the_end_of("a;\"YERMAT BIER, B"), Quoting::Quoted);
        // A stray quote in an unquoted cell is a character like another.
        assert_eq!(
            quoting_at_the_end_of("a;Collège \"Echange\n"),
            Quoting::CellStart
        );
        assert_eq!(
            quoting_at_the_end_of("a;Collège \"Echange"),
            Quoting::Unquoted
        );
        // `""` inside a quoted cell is a quote; the cell then closes.
        assert_eq!(
            quoting_at_the_end_of("\"dit \"\"X\"\"\";b"),
            Quoting::Unquoted
        );
        assert_eq!(quoting_at_the_end_of("\"dit \"\"X"), Quoting::Quoted);
        assert_eq!(quoting_at_the_end_of("\"x\"\n\""), Quoting::Quoted);
    }

    #[test]
    fn multiline_cells_keep_their_breaks_and_lose_a_crlf() {
        assert_eq!(multiline("  a\nb "), "  a\nb ");
        assert_eq!(multiline("a\r\nb\r"), "a\nb");
    }
}
