//! `passerelle import` (and `:import` in the interface): files are read
//! here, in the front end's process — the server may run as another
//! account and cannot read the person's files — made into records, and
//! sent to the service in batches (`Request::Import`), which matches,
//! writes and audits them. The formats: the ministry's school directory
//! (`annuaire`), INSEE's Sirene stock (`sirene`), and the generic CSV of
//! each kind (`csv KIND`, see `docs/csv.md`).

pub mod annuaire;
pub mod area;
pub mod generic;
pub mod sirene;
pub mod source;
pub mod street_types;

use std::collections::HashMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::client::Backend;
use crate::domain::academie::Academie;
use crate::domain::kind::Kind;
use crate::domain::records::Record;
use crate::service::ServiceError;
use crate::service::import::{
    ImportBatch, ImportOptions, ImportProblem, ImportReport, ImportRow, RowIssue,
};
use crate::service::protocol::{Request, Response};
use source::Source;

/// Rows sent to the service at once: one transaction each.
pub const BATCH_ROWS: usize = 1_000;

/// What kind of file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// The Annuaire de l'éducation, or the "adresse et géolocalisation
    /// des établissements" file: schools.
    Annuaire,
    /// INSEE's StockEtablissement: companies.
    Sirene,
    /// The generic CSV of one kind (`docs/csv.md`).
    Csv(Kind),
}

impl Format {
    /// `annuaire`, `sirene`, or `csv` with its kind.
    pub fn parse(name: &str, kind: Option<Kind>) -> Option<Format> {
        match crate::domain::text::fold(name).as_str() {
            "annuaire" => Some(Format::Annuaire),
            "sirene" => Some(Format::Sirene),
            "csv" => kind.map(Format::Csv),
            _ => None,
        }
    }

    pub fn kind(self) -> Kind {
        match self {
            Format::Annuaire => Kind::School,
            Format::Sirene => Kind::Company,
            Format::Csv(kind) => kind,
        }
    }
}

/// What to import and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSettings {
    pub format: Format,
    pub file: PathBuf,
    /// Sirene: StockUniteLegale, for the legal names.
    pub unites_legales: Option<PathBuf>,
    /// Annuaire: keep only these académies (none: all).
    pub academies: Vec<Academie>,
    /// Annuaire: keep only these départements, three characters (`094`).
    pub departements: Vec<String>,
    /// Sirene: closed establishments too.
    pub include_closed: bool,
    pub options: ImportOptions,
}

impl ImportSettings {
    pub fn new(format: Format, file: PathBuf) -> Self {
        ImportSettings {
            format,
            file,
            unites_legales: None,
            academies: Vec::new(),
            departements: Vec::new(),
            include_closed: false,
            options: ImportOptions::default(),
        }
    }
}

/// Why a row was left aside without being wrong.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// Outside `--academie` or `--departement`.
    OutsideFilter,
    /// A closed school or establishment (Sirene: unless `--all`).
    Closed,
    /// Not a kind of school the partnership follows (a primary school, a
    /// rectorat…), by the file's own label.
    NotHeld { nature: String },
    /// A Sirene establishment whose address INSEE does not publish
    /// (`[ND]`, non diffusible): nothing to import it with.
    NotDiffusible,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    pub reason: SkipReason,
    pub rows: u64,
}

/// The report of a whole file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileReport {
    pub format: Format,
    pub kind: Kind,
    pub file: String,
    pub dry_run: bool,
    /// `--all-or-nothing` found rejected rows: nothing was written.
    pub refused_whole: bool,
    /// `--all-or-nothing`: the file was checked whole and rejected
    /// nothing, then the import itself refused the batch starting at
    /// this line (the store changed in between: a record taken, a
    /// number given). The batches before it were written; nothing from
    /// it on was, nor read.
    pub stopped_at_line: Option<u64>,
    /// Data rows read (the header aside).
    pub rows: u64,
    /// The encoding the file was read from when it was not UTF-8
    /// (`windows-1252`, `UTF-16LE`).
    pub read_as: Option<String>,
    pub skipped: Vec<Skipped>,
    /// Created and updated records beyond the first ones described one
    /// by one in `changes` (at most [`MAX_DETAILS`]): the audit trail
    /// lists them all.
    ///
    /// [`MAX_DETAILS`]: crate::service::import::MAX_DETAILS
    pub changes_omitted: u64,
    #[serde(flatten)]
    pub report: ImportReport,
}

/// A file that cannot be imported at all.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ImportError {
    #[error("{path}: {reason}")]
    Read { path: String, reason: String },
    #[error("{path}: no header line")]
    Empty { path: String },
    /// Columns the format needs that the header lacks.
    #[error("{path}: missing columns {columns:?}")]
    MissingColumns { path: String, columns: Vec<String> },
    #[error(transparent)]
    Service(#[from] ServiceError),
}

/// How far an import is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    pub rows: u64,
    pub bytes: u64,
    pub total_bytes: u64,
    /// The second pass of `--all-or-nothing` (the first only checks).
    pub checking: bool,
}

/// Issues found while reading rows, before the service sees them.
#[derive(Debug, Default)]
pub struct Issues {
    pub rejected: Vec<RowIssue>,
    pub corrected: Vec<RowIssue>,
}

impl Issues {
    pub fn reject(&mut self, line: u64, column: &str, problem: ImportProblem) {
        self.rejected.push(RowIssue {
            line,
            column: column.to_owned(),
            problem,
        });
    }

    pub fn correct(&mut self, line: u64, column: &str, from: &str, to: &str) {
        self.corrected.push(RowIssue {
            line,
            column: column.to_owned(),
            problem: ImportProblem::Corrected {
                from: from.to_owned(),
                to: to.to_owned(),
            },
        });
    }
}

/// What a row of the file comes to. Mostly records: boxing them would
/// cost an allocation per row for nothing (each is moved once).
#[allow(clippy::large_enum_variant)]
pub enum Mapped {
    /// The record, and the fields it gives only for want of better
    /// (see `ImportRow::fallback`).
    Record(Record, Vec<&'static str>),
    Skipped(SkipReason),
    /// Its issues are in the `Issues` given.
    Rejected,
}

/// A format's reading of rows into records.
pub trait Mapper {
    /// The record fields the file gives values for.
    fn provided(&self) -> Vec<String>;
    /// The file's column a record field comes from, to name it in the
    /// report.
    fn column_for(&self, field: &str) -> Option<String>;
    fn map(&self, line: u64, row: &csv::ByteRecord, issues: &mut Issues) -> Mapped;
}

/// Imports a file through `backend`, telling `progress` as it goes.
/// `--all-or-nothing` (not a dry run) reads the file twice: a dry run
/// first, and the import only if it rejected nothing.
pub fn run(
    backend: &Backend,
    settings: &ImportSettings,
    progress: &mut dyn FnMut(Progress),
) -> Result<FileReport, ImportError> {
    run_with(&|request| backend.call(request), settings, progress)
}

/// Answers one request: a backend's `call`, or a service's `handle`.
pub type Call<'a> = dyn Fn(Request) -> Result<Response, ServiceError> + 'a;

/// [`run`], its requests answered by `call`.
pub fn run_with(
    backend: &Call<'_>,
    settings: &ImportSettings,
    progress: &mut dyn FnMut(Progress),
) -> Result<FileReport, ImportError> {
    let options = settings.options;
    if options.all_or_nothing && !options.dry_run {
        let mut trial = settings.clone();
        trial.options.dry_run = true;
        let mut checked = pass(backend, &trial, &mut |p| {
            progress(Progress {
                checking: true,
                ..p
            })
        })?;
        if checked.report.rejected_rows > 0 {
            checked.dry_run = false;
            checked.refused_whole = true;
            checked.report.created = 0;
            checked.report.updated = 0;
            checked.report.changes.clear();
            checked.changes_omitted = 0;
            return Ok(checked);
        }
    }
    pass(backend, settings, progress)
}

fn mapper_for(settings: &ImportSettings, source: &Source) -> Result<Box<dyn Mapper>, ImportError> {
    let path = settings.file.display().to_string();
    let missing = |columns: Vec<String>| ImportError::MissingColumns {
        path: path.clone(),
        columns,
    };
    Ok(match settings.format {
        Format::Annuaire => Box::new(annuaire::Annuaire::new(source, settings).map_err(missing)?),
        Format::Sirene => Box::new(sirene::Sirene::new(source, settings).map_err(|e| match e {
            sirene::SireneError::Missing(columns) => missing(columns),
            sirene::SireneError::Import(error) => error,
        })?),
        Format::Csv(kind) => Box::new(generic::Generic::new(source, kind).map_err(missing)?),
    })
}

fn pass(
    backend: &Call<'_>,
    settings: &ImportSettings,
    progress: &mut dyn FnMut(Progress),
) -> Result<FileReport, ImportError> {
    let kind = settings.format.kind();
    let mut source = Source::open(&settings.file)?;
    let mapper = mapper_for(settings, &source)?;
    let provided = mapper.provided();
    let mut report = FileReport {
        format: settings.format,
        kind,
        file: settings.file.display().to_string(),
        dry_run: settings.options.dry_run,
        refused_whole: false,
        stopped_at_line: None,
        rows: 0,
        read_as: source.read_as.map(str::to_owned),
        skipped: Vec::new(),
        changes_omitted: 0,
        report: ImportReport::default(),
    };
    let mut skipped: HashMap<SkipReason, u64> = HashMap::new();
    let mut issues = Issues::default();
    // Keys seen in the file, each with its first line: batches go
    // separately to the service, which sees only its own.
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut batch: Vec<ImportRow> = Vec::with_capacity(BATCH_ROWS);
    let mut row = csv::ByteRecord::new();
    let total_bytes = source.size;
    let mut rejected_lines = 0u64;
    while let Some(next) = source.next_row(&mut row) {
        report.rows += 1;
        let line = match next {
            Ok(line) => line,
            Err(error) => {
                issues.reject(error.line, "", error.problem);
                rejected_lines += 1;
                continue;
            }
        };
        let before = issues.rejected.len();
        match mapper.map(line, &row, &mut issues) {
            Mapped::Record(record, fallback) => {
                if let Some(key) = file_key(&record) {
                    if let Some(first_line) = seen.get(&key) {
                        issues.reject(
                            line,
                            key_field(kind),
                            ImportProblem::DuplicateInFile {
                                first_line: *first_line,
                            },
                        );
                        rejected_lines += 1;
                        continue;
                    }
                    seen.insert(key, line);
                }
                batch.push(ImportRow {
                    line,
                    record,
                    fallback: fallback.into_iter().map(str::to_owned).collect(),
                });
            }
            Mapped::Skipped(reason) => *skipped.entry(reason).or_default() += 1,
            Mapped::Rejected => {
                if issues.rejected.len() > before {
                    rejected_lines += 1;
                }
            }
        }
        if batch.len() >= BATCH_ROWS {
            if let Some(line) = send(backend, kind, &provided, &mut batch, settings, &mut report)? {
                report.stopped_at_line = Some(line);
                break;
            }
            progress(Progress {
                rows: report.rows,
                bytes: source.position(),
                total_bytes,
                checking: false,
            });
        }
    }
    if report.stopped_at_line.is_none() {
        report.stopped_at_line = send(backend, kind, &provided, &mut batch, settings, &mut report)?;
    }
    progress(Progress {
        rows: report.rows,
        bytes: total_bytes,
        total_bytes,
        checking: false,
    });
    report.report.rejected_rows += rejected_lines;
    report.report.rejected.extend(issues.rejected);
    report.report.corrected.extend(issues.corrected);
    // The service names fields; the person knows the file's columns.
    for issue in report
        .report
        .rejected
        .iter_mut()
        .chain(report.report.corrected.iter_mut())
    {
        if let Some(column) = mapper.column_for(&issue.column) {
            issue.column = column;
        }
    }
    report.report.rejected.sort_by_key(|issue| issue.line);
    report.report.corrected.sort_by_key(|issue| issue.line);
    let mut skipped: Vec<Skipped> = skipped
        .into_iter()
        .map(|(reason, rows)| Skipped { reason, rows })
        .collect();
    skipped.sort_by(|a, b| b.rows.cmp(&a.rows).then(a.reason.cmp(&b.reason)));
    report.skipped = skipped;
    let described = report.report.changes.len() as u64;
    report.changes_omitted =
        (report.report.created + report.report.updated).saturating_sub(described);
    Ok(report)
}

/// Sends a batch and adds its answer to the report. Returns the batch's
/// first line when `--all-or-nothing` refused it in a real import: the
/// import stops there.
fn send(
    backend: &Call<'_>,
    kind: Kind,
    provided: &[String],
    batch: &mut Vec<ImportRow>,
    settings: &ImportSettings,
    report: &mut FileReport,
) -> Result<Option<u64>, ImportError> {
    let Some(first_line) = batch.first().map(|row| row.line) else {
        return Ok(None);
    };
    let request = Request::Import(Box::new(ImportBatch {
        kind,
        provided: provided.to_vec(),
        rows: std::mem::take(batch),
        options: ImportOptions {
            directory_points: !matches!(settings.format, Format::Csv(_)),
            ..settings.options
        },
        given_before: report.report.last_number,
    }));
    match backend(request)? {
        Response::Imported(answer) => {
            let refused = settings.options.all_or_nothing
                && !settings.options.dry_run
                && answer.rejected_rows > 0;
            report.report.absorb(*answer);
            Ok(refused.then_some(first_line))
        }
        _ => Err(crate::client::backend::unexpected().into()),
    }
}

/// The key the file may not repeat: UAI, SIRET, or a given number.
fn file_key(record: &Record) -> Option<String> {
    match record {
        Record::School(school) => Some(school.uai.as_str().to_owned()),
        Record::Company(company) => Some(company.siret.as_str().to_owned()),
        other if other.id().is_new() => None,
        other => Some(other.id().to_string()),
    }
}

fn key_field(kind: Kind) -> &'static str {
    match kind {
        Kind::School => "uai",
        Kind::Company => "siret",
        _ => "id",
    }
}
