//! Reading a CSV file as the ministry, INSEE or a spreadsheet wrote it:
//! UTF-8 with or without a byte-order mark, `;` or `,` (found from the
//! header line), CRLF or LF, columns found by name whatever their order,
//! case, accents, spaces or underscores.

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use crate::domain::text::fold;
use crate::import::ImportError;

/// A column name as compared: folded, words joined by `_`
/// (`Code postal`, `code_postal` and `CODE-POSTAL` are one).
pub fn column_key(name: &str) -> String {
    fold(name).replace(' ', "_")
}

/// An open file, its header read.
pub struct Source {
    reader: csv::Reader<BufReader<File>>,
    /// The header as written.
    pub header: Vec<String>,
    keys: Vec<String>,
    /// The file's size in bytes, for the progress shown.
    pub size: u64,
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
        // Lines end at LF; the CR of a CRLF stays at the end of the last
        // cell, which is trimmed. (The reader's own CRLF handling counts
        // a record's line from the CR before it: one line early.)
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .terminator(csv::Terminator::Any(b'\n'))
            .flexible(true)
            .has_headers(true)
            .from_reader(buffered);
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
        match self.reader.read_byte_record(row) {
            Ok(true) => Some(Ok(row.position().map_or(0, |p| p.line()))),
            Ok(false) => None,
            Err(error) => {
                let line = error.position().map_or(0, |p| p.line());
                Some(Err(RowReadError {
                    line,
                    reason: error.to_string(),
                }))
            }
        }
    }

    /// How far the reading is, in bytes.
    pub fn position(&self) -> u64 {
        self.reader.position().byte()
    }
}

/// A row the CSV reader could not make out (a quote never closed).
#[derive(Debug)]
pub struct RowReadError {
    pub line: u64,
    pub reason: String,
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
