//! `passerelle export KIND [--format csv|json] [--excel] [--output FILE]`:
//! every record of a kind, page by page (never the whole kind in memory),
//! as the service lets it leave: restricted fields in clear only where
//! the caller is cleared and consent to export is recorded. The columns
//! are `csv_format`'s.

use std::io::Write;
use std::path::PathBuf;

use crate::cli::args::ExportArgs;
use crate::cli::csv::{Format, RowWriter};
use crate::cli::exit::CliError;
use crate::cli::output::OutputFile;
use crate::client::Backend;
use crate::csv_format::{Cell, Dialect, cells, columns};
use crate::domain::Kind;
use crate::domain::records::RecordRef;
use crate::i18n::Lang;
use crate::i18n::backup::cannot_write;
use crate::i18n::export::{bad_format, excel_is_csv, exported};
use crate::i18n::sheet::{cell_words, header, linked_in};
use crate::service::export::{ExportPage, ExportRequest, MAX_EXPORT_PAGE};
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub kind: Kind,
    pub format: Format,
    pub output: Option<PathBuf>,
}

/// Reads the arguments before the store is opened.
pub fn parse(kind: Kind, args: &ExportArgs, lang: Lang) -> Result<ExportOptions, CliError> {
    let format = match args.format.trim().to_ascii_lowercase().as_str() {
        "csv" if args.excel => Format::Csv(Dialect::Excel),
        "csv" => Format::Csv(Dialect::Plain),
        "json" if args.excel => return Err(CliError::Input(excel_is_csv(lang).to_owned())),
        "json" => Format::Json,
        other => return Err(CliError::Input(bad_format(lang, other))),
    };
    Ok(ExportOptions {
        kind,
        format,
        output: args.output.clone(),
    })
}

pub fn run(
    backend: &Backend,
    options: &ExportOptions,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let mut request = ExportRequest {
        kind: options.kind,
        cursor: None,
        limit: MAX_EXPORT_PAGE,
    };
    // The first page audits the export and says whether anything leaves
    // in clear, before a byte is written.
    let first = backend.export(&request)?;
    let revealed = first.started.map_or(0, |started| started.revealed);
    let Some(path) = &options.output else {
        write_all(backend, &mut request, first, options, lang, out)?;
        return Ok(());
    };
    let failed = |error: std::io::Error| CliError::Failed(cannot_write(lang, path, &error));
    // What holds protected fields is readable by its writer alone.
    let mut file = OutputFile::create(path, revealed > 0).map_err(failed)?;
    let rows = match write_all(backend, &mut request, first, options, lang, &mut file) {
        Ok(rows) => rows,
        Err(CliError::Output(error)) => return Err(failed(error)),
        Err(other) => return Err(other),
    };
    file.commit().map_err(failed)?;
    let _ = writeln!(
        std::io::stderr(),
        "{}",
        exported(lang, options.kind, rows, revealed, path)
    );
    Ok(())
}

/// Writes every page from `first` on; returns the rows written.
fn write_all(
    backend: &Backend,
    request: &mut ExportRequest,
    first: ExportPage,
    options: &ExportOptions,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<u64, CliError> {
    let kind = options.kind;
    let columns = columns(kind);
    // A spreadsheet is for people: headers, choices and links in words.
    let for_people = options.format == Format::Csv(Dialect::Excel);
    let mut writer = RowWriter::new(options.format, columns);
    if for_people {
        let headers = columns.iter().map(|c| header(kind, c, lang)).collect();
        writer = writer.with_headers(headers);
    }
    writer.begin(out)?;
    let mut page = first;
    loop {
        let rows: Vec<Vec<Cell>> = page.records.iter().map(cells).collect();
        let names: HashMap<RecordRef, String> = if for_people {
            let wanted: Vec<RecordRef> = rows
                .iter()
                .flat_map(|row| linked_in(columns, row))
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            backend
                .describe(&wanted)?
                .into_iter()
                .map(|described| (described.record.reference(), described.label))
                .collect()
        } else {
            HashMap::new()
        };
        for row in rows {
            let row: Vec<Cell> = if for_people {
                row.into_iter()
                    .zip(columns)
                    .map(
                        |(cell, column)| match cell_words(kind, column, &cell, &names, lang) {
                            Some(words) => Cell::Text(words),
                            None => cell,
                        },
                    )
                    .collect()
            } else {
                row
            };
            writer.row(out, &row)?;
        }
        match page.next {
            Some(cursor) => {
                request.cursor = Some(cursor);
                page = backend.export(request)?;
            }
            None => break,
        }
    }
    writer.end(out)?;
    out.flush()?;
    Ok(writer.rows())
}
