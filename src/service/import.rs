//! Imports: rows read from a file by the front end (which may run as
//! another account than the server, and alone reads the person's files)
//! arrive here in batches, already made into records. Each is matched to
//! the store by its key (a school's UAI, a company's SIRET, another
//! kind's number), then created, updated, left as it is or rejected with
//! its line and reason. A batch is one transaction: creates and updates
//! are audited as a save's would be (`Created`, `Changed` with the
//! fields), stamped with the front end `import`.
//!
//! Who owns a field: a record an import wrote last (the `imported` tree
//! holds the revision it wrote) follows the file; a record typed or
//! edited by a coordinator since, or never imported, only has its empty
//! fields filled, the others kept and listed, unless `overwrite`.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::domain::Kind;
use crate::domain::audit::FrontEnd;
use crate::domain::meta::{RecordId, Restricted};
use crate::domain::records::{Record, RecordRef};
use crate::domain::user::Identity;
use crate::domain::validation::{Field, Rule};
use crate::service::save::{Moves, own_new_mark, write_error};
use crate::service::{Caller, NotAllowed, Service, ServiceError, ServiceResult};
use crate::store::schema::TreeId;
use crate::store::write::ImportWriter;

/// At most this many rows in one request (one transaction).
pub const MAX_BATCH_ROWS: usize = 2_000;

/// At most this many created or updated records described one by one in
/// a report (dry runs show them); beyond, only counted.
pub const MAX_DETAILS: usize = 200;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportOptions {
    /// Say what would happen; write nothing.
    pub dry_run: bool,
    /// Let the file's values replace those a coordinator typed.
    pub overwrite: bool,
    /// Write nothing of a batch with a rejected row (the front end makes
    /// the whole file one such decision: see `import::run`).
    pub all_or_nothing: bool,
    /// The file is a directory whose points are read from its own rows
    /// (the Annuaire, Sirene), not records written back (an export): a
    /// point it gives is the place's even when it has not changed while
    /// the address did. Set by the front end from the file's format.
    pub directory_points: bool,
}

/// One row of a file, made into a record by the front end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportRow {
    /// Its line in the file (the header is line 1).
    pub line: u64,
    /// `meta.id`: the number the file gives it (0: none); `meta`'s
    /// confidentiality: the file's, when it has the columns.
    pub record: Record,
    /// Fields whose value this row gives only for want of better (a
    /// trade name where the legal name is unknown to this run): they
    /// fill a new record, never replace a stored value.
    pub fallback: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportBatch {
    pub kind: Kind,
    /// The fields the file gives a value for (serde names of the record's
    /// fields, `confidentiality` for the mark): the others of an
    /// existing record are left as they are.
    pub provided: Vec<String>,
    pub rows: Vec<ImportRow>,
    pub options: ImportOptions,
    /// In a dry run, the highest number the file's batches before this
    /// one would have given (0: none): a number asked here must be
    /// beyond it too, as in the import itself, so that a dry run of
    /// `--all-or-nothing` refuses what the import would.
    pub given_before: u64,
}

/// Why a row (or a cell of it) was not taken, or what was corrected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportProblem {
    /// A cell that cannot be read, or a record rule it breaks.
    Rule(Rule),
    /// The same key as an earlier row of the file.
    DuplicateInFile { first_line: u64 },
    /// A number in `id` that cannot be kept (given before), for a kind
    /// whose links are numbers: its links would point elsewhere.
    NumberUnavailable { id: u64 },
    /// An import may not lift a confidential mark (admins only) or give
    /// the record to an organisation the caller is not cleared for.
    MarkRefused,
    /// The service could not write it (the store changed meanwhile).
    Refused(String),
    /// Not an error: a value was read another way, said so (a
    /// département `94` read as `094`, a lost leading zero put back,
    /// control characters made visible).
    Corrected { from: String, to: String },
    /// A row the CSV reader could not make out (a read failure).
    Unreadable(String),
    /// A row with another number of cells than the header: a stray
    /// separator, or (`last`) a file cut in its last row.
    FieldCount {
        found: u64,
        expected: u64,
        last: bool,
    },
    /// The file ends inside quotes opened on this row: cut.
    EndsInsideQuotes,
    /// A cell that is not UTF-8 text (a file saved in Latin-1).
    NotUtf8,
    /// A Sirene establishment with no name: neither its legal unit's
    /// (StockUniteLegale, `--unites-legales`) nor a trade name.
    NoCompanyName,
}

/// One line of a report: a row, a column (a field's name when the
/// service found it; the front end names the file's column), and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowIssue {
    pub line: u64,
    pub column: String,
    pub problem: ImportProblem,
}

/// What became of one row, for the detailed report of a dry run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowChange {
    pub line: u64,
    /// The record: its number once created (0 in a dry run's creation).
    pub target: RecordRef,
    /// Its UAI, SIRET or name, to recognise it.
    pub label: String,
    pub created: bool,
    /// The fields an update changes.
    pub fields: Vec<String>,
}

/// Fields of a record typed by a coordinator that the file would have
/// changed, left as they are (without `overwrite`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptFields {
    pub line: u64,
    pub target: RecordRef,
    pub fields: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
    /// Lines rejected (each line once, whatever its issues).
    pub rejected_rows: u64,
    pub rejected: Vec<RowIssue>,
    pub corrected: Vec<RowIssue>,
    pub kept: Vec<KeptFields>,
    /// Created and updated records, one by one, up to [`MAX_DETAILS`].
    pub changes: Vec<RowChange>,
    /// Whether the batch was written (false for a dry run, or a batch
    /// refused whole by `all_or_nothing`).
    pub written: bool,
    /// The highest record number given (or that a dry run would give)
    /// once the batch is done: the next batch's `given_before`.
    pub last_number: u64,
}

impl ImportReport {
    /// Adds another batch's report to this one.
    pub fn absorb(&mut self, other: ImportReport) {
        self.created += other.created;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
        self.rejected_rows += other.rejected_rows;
        self.rejected.extend(other.rejected);
        self.corrected.extend(other.corrected);
        self.kept.extend(other.kept);
        let room = MAX_DETAILS.saturating_sub(self.changes.len());
        self.changes.extend(other.changes.into_iter().take(room));
        self.written |= other.written;
        self.last_number = self.last_number.max(other.last_number);
    }
}

/// What one row comes to.
enum Outcome {
    Created(Record),
    Updated {
        record: Record,
        fields: Vec<String>,
        kept: Vec<String>,
    },
    Unchanged {
        kept: Vec<String>,
        target: RecordRef,
    },
}

impl Service {
    /// Imports one batch of rows (see the module's comment).
    pub fn import(&self, caller: &Caller, batch: ImportBatch) -> ServiceResult<ImportReport> {
        let identity = self.identify_writer(caller)?;
        if batch.rows.len() > MAX_BATCH_ROWS {
            return Err(ServiceError::BadRequest(format!(
                "an import batch of {} rows, over {MAX_BATCH_ROWS}",
                batch.rows.len()
            )));
        }
        if let Some(row) = batch.rows.iter().find(|r| r.record.kind() != batch.kind) {
            return Err(ServiceError::BadRequest(format!(
                "line {} is not a {}",
                row.line, batch.kind
            )));
        }
        let mut stamp = self.stamp(caller);
        stamp.front_end = FrontEnd::Import;
        // A number so high that the batch's own would overflow is no
        // earlier batch's: a front end's mistake.
        if batch.given_before > u64::MAX / 2 {
            return Err(ServiceError::BadRequest(format!(
                "an import batch after number {}",
                batch.given_before
            )));
        }
        let mut writer = self.store.import_writer(stamp);
        if batch.options.dry_run {
            writer
                .count_given_up_to(batch.kind, batch.given_before)
                .map_err(ServiceError::from)?;
        }
        let mut report = ImportReport::default();
        let mut seen: HashMap<String, u64> = HashMap::new();
        let provided: HashSet<&str> = batch.provided.iter().map(String::as_str).collect();
        for row in batch.rows {
            let line = row.line;
            match self.import_row(
                caller,
                &identity,
                &mut writer,
                row,
                &provided,
                &batch.options,
                &mut seen,
            ) {
                Ok(outcome) => record_outcome(&mut report, line, outcome),
                Err(RowError::Issues(issues)) => {
                    report.rejected_rows += 1;
                    report.rejected.extend(issues);
                }
                Err(RowError::Fatal(error)) => return Err(error),
            }
        }
        report.last_number = writer.last_id(batch.kind)?;
        let refused = batch.options.all_or_nothing && report.rejected_rows > 0;
        if refused {
            // Nothing of it is written: nothing is counted as written.
            report.created = 0;
            report.updated = 0;
            report.changes.clear();
            report.kept.clear();
        } else if !batch.options.dry_run {
            writer.commit()?;
            report.written = report.created + report.updated > 0;
        }
        Ok(report)
    }

    #[allow(clippy::too_many_arguments)]
    fn import_row(
        &self,
        caller: &Caller,
        identity: &Identity,
        writer: &mut ImportWriter<'_>,
        row: ImportRow,
        provided: &HashSet<&str>,
        options: &ImportOptions,
        seen: &mut HashMap<String, u64>,
    ) -> Result<Outcome, RowError> {
        let ImportRow {
            line,
            mut record,
            fallback,
        } = row;
        let kind = record.kind();
        let key = key_of(&record);
        if let Some(key) = &key {
            if let Some(first_line) = seen.get(key) {
                return Err(RowError::issue(
                    line,
                    key_column(kind),
                    ImportProblem::DuplicateInFile {
                        first_line: *first_line,
                    },
                ));
            }
            seen.insert(key.clone(), line);
        }
        let stored = match find(writer, &record)? {
            Some(stored) => stored,
            None => {
                return self.import_new(caller, identity, writer, line, record);
            }
        };
        let target = stored.reference();
        let owned =
            writer.imported_revision(target).map_err(fatal)? == Some(stored.meta().revision);
        // Restricted cells left empty (what an export writes for what
        // may not leave) keep the stored values.
        mask_empty_restricted(&mut record);
        // A caller not cleared for a confidential record writes none of
        // its restricted fields: otherwise a dry run comparing guesses
        // with the hidden values ("unchanged" or not) would tell them.
        crate::service::masking::keep_hidden(identity, &stored, &mut record);
        record.restore_masked(&stored);
        let follow_file = owned || options.overwrite;
        // What the row gives only for want of better leaves the stored
        // value as it is.
        let provided: HashSet<&str> = provided
            .iter()
            .copied()
            .filter(|field| !fallback.iter().any(|weak| weak == field))
            .collect();
        let provided = &provided;
        let (mut merged, kept) = merge(&stored, &record, provided, follow_file).map_err(fatal)?;
        if merged == stored {
            return Ok(Outcome::Unchanged { kept, target });
        }
        self.check_lifting(identity, &stored, &merged)
            .and_then(|()| self.check_owner_change(identity, &stored, &merged))
            .map_err(|_| RowError::issue(line, "confidential", ImportProblem::MarkRefused))?;
        own_new_mark(identity, Some(&stored), &mut merged);
        self.check_marking(identity, Some(&stored), &merged)
            .map_err(|_| RowError::issue(line, "confidential", ImportProblem::MarkRefused))?;
        // A point the file gives is the directory's, unless the record
        // moved and an export written back gives the point it had (a
        // spreadsheet whose address was edited, its coordinates left):
        // stale. Otherwise the record keeps its own until it moves.
        let moved = !merged.same_place(&stored);
        let echoed = !options.directory_points && moved && merged.location() == stored.location();
        let given = provided.contains("location") && merged.location().is_some() && !echoed;
        merged.settle_location(Some(&stored), given);
        let lookup = |r: RecordRef| writer.get(r);
        self.prepare(&mut merged, Some(&stored), &lookup, Moves::Checked)
            .map_err(|error| service_issues(line, error))?;
        let (record, changes) = writer
            // Filling a coordinator's empty fields leaves the record
            // theirs: only a record that followed the file is the
            // import's afterwards.
            .update(&stored, merged, follow_file)
            .map_err(|error| service_issues(line, write_error(caller, error)))?;
        let fields = changes
            .iter()
            .map(|change| change.field().to_owned())
            .collect();
        Ok(Outcome::Updated {
            record,
            fields,
            kept,
        })
    }

    fn import_new(
        &self,
        caller: &Caller,
        identity: &Identity,
        writer: &mut ImportWriter<'_>,
        line: u64,
        mut record: Record,
    ) -> Result<Outcome, RowError> {
        let kind = record.kind();
        let asked = record.id();
        let last = writer.last_id(kind).map_err(fatal)?;
        let wanted = (!asked.is_new() && asked.0 > last).then_some(asked);
        if !asked.is_new() && wanted.is_none() && !matches!(kind, Kind::School | Kind::Company) {
            return Err(RowError::issue(
                line,
                "id",
                ImportProblem::NumberUnavailable { id: asked.0 },
            ));
        }
        record.meta_mut().id = RecordId::NEW;
        if record.reason_masked() {
            // A confidential row whose reason did not leave with it (an
            // export without consent writes it blank): the record still
            // needs one, and says why it has no other.
            record.meta_mut().confidentiality.reason = REASON_NOT_EXPORTED.to_owned();
        }
        own_new_mark(identity, None, &mut record);
        self.check_marking(identity, None, &record)
            .map_err(|_| RowError::issue(line, "confidential", ImportProblem::MarkRefused))?;
        // A new record takes the file's point, or its commune's centre.
        record.settle_location(None, true);
        let lookup = |r: RecordRef| writer.get(r);
        self.prepare(&mut record, None, &lookup, Moves::Checked)
            .map_err(|error| service_issues(line, error))?;
        let record = writer
            .create(record, wanted)
            .map_err(|error| service_issues(line, write_error(caller, error)))?;
        Ok(Outcome::Created(record))
    }
}

/// The reason given to a confidential record made from a row whose
/// reason was left blank (stored data, in the users' language).
pub const REASON_NOT_EXPORTED: &str = "motif non transmis (fiche exportée sans consentement)";

/// A row's failure: its issues, or what stops the whole batch.
enum RowError {
    Issues(Vec<RowIssue>),
    Fatal(ServiceError),
}

impl RowError {
    fn issue(line: u64, column: &str, problem: ImportProblem) -> Self {
        RowError::Issues(vec![RowIssue {
            line,
            column: column.to_owned(),
            problem,
        }])
    }
}

impl From<crate::store::StoreError> for RowError {
    fn from(error: crate::store::StoreError) -> Self {
        RowError::Fatal(error.into())
    }
}

fn fatal(error: impl Into<ServiceError>) -> RowError {
    RowError::Fatal(error.into())
}

/// A refusal of the rules as the row's issues, field by field; what is
/// not about the row (the store failing) stops the batch.
fn service_issues(line: u64, error: ServiceError) -> RowError {
    match error {
        ServiceError::Invalid(errors) => RowError::Issues(
            errors
                .0
                .into_iter()
                .map(|error| RowIssue {
                    line,
                    column: error.field.code().to_owned(),
                    problem: ImportProblem::Rule(error.rule),
                })
                .collect(),
        ),
        ServiceError::NotAllowed(NotAllowed::LiftConfidentiality { .. })
        | ServiceError::NotAllowed(NotAllowed::ChangeOwner { .. }) => {
            RowError::issue(line, "confidential", ImportProblem::MarkRefused)
        }
        ServiceError::Conflict { .. } => RowError::issue(
            line,
            "id",
            ImportProblem::Refused("changed meanwhile".into()),
        ),
        other => RowError::Fatal(other),
    }
}

fn record_outcome(report: &mut ImportReport, line: u64, outcome: Outcome) {
    let detail = |report: &mut ImportReport, change: RowChange| {
        if report.changes.len() < MAX_DETAILS {
            report.changes.push(change);
        }
    };
    match outcome {
        Outcome::Created(record) => {
            report.created += 1;
            detail(
                report,
                RowChange {
                    line,
                    target: record.reference(),
                    label: label_of(&record),
                    created: true,
                    fields: Vec::new(),
                },
            );
        }
        Outcome::Updated {
            record,
            fields,
            kept,
        } => {
            report.updated += 1;
            if !kept.is_empty() {
                report.kept.push(KeptFields {
                    line,
                    target: record.reference(),
                    fields: kept,
                });
            }
            detail(
                report,
                RowChange {
                    line,
                    target: record.reference(),
                    label: label_of(&record),
                    created: false,
                    fields,
                },
            );
        }
        Outcome::Unchanged { kept, target } => {
            report.unchanged += 1;
            if !kept.is_empty() {
                report.kept.push(KeptFields {
                    line,
                    target,
                    fields: kept,
                });
            }
        }
    }
}

/// The key a row is matched by: a school's UAI, a company's SIRET, the
/// number of another kind (none: a new record).
fn key_of(record: &Record) -> Option<String> {
    match record {
        Record::School(school) => Some(school.uai.as_str().to_owned()),
        Record::Company(company) => Some(company.siret.as_str().to_owned()),
        other if other.id().is_new() => None,
        other => Some(other.id().to_string()),
    }
}

fn key_column(kind: Kind) -> &'static str {
    match kind {
        Kind::School => Field::Uai.code(),
        Kind::Company => Field::Siret.code(),
        _ => Field::Id.code(),
    }
}

/// How a record is recognised in a report: its code, else its name.
fn label_of(record: &Record) -> String {
    match record {
        Record::School(school) => format!("{} {}", school.uai, school.name),
        Record::Company(company) => format!("{} {}", company.siret, company.name),
        other => match other.name_source() {
            crate::domain::records::NameSource::Own(name) => name.to_owned(),
            crate::domain::records::NameSource::Of(_) => String::new(),
        },
    }
}

/// The stored record a row names, if any.
fn find(writer: &ImportWriter<'_>, record: &Record) -> Result<Option<Record>, RowError> {
    let holder = match record {
        Record::School(school) => writer.holder(TreeId::Uai, school.uai.as_str())?,
        Record::Company(company) => writer.holder(TreeId::Siret, company.siret.as_str())?,
        other if other.id().is_new() => None,
        other => Some(other.id()),
    };
    match holder {
        Some(id) => Ok(writer.get(RecordRef::new(record.kind(), id))?),
        None => Ok(None),
    }
}

/// Marks as masked the restricted values a file left empty, so that
/// `restore_masked` puts the stored ones back: an import never erases a
/// restricted value.
fn mask_empty_restricted(record: &mut Record) {
    fn empty_text(value: &mut Restricted<String>) {
        if value.clear().is_some_and(String::is_empty) {
            value.mask();
        }
    }
    fn empty_option<T>(value: &mut Restricted<Option<T>>) {
        if value.clear().is_some_and(Option::is_none) {
            value.mask();
        }
    }
    match record {
        Record::School(r) => empty_text(&mut r.notes),
        Record::Company(r) => empty_text(&mut r.notes),
        Record::Contact(r) => {
            empty_option(&mut r.email);
            empty_option(&mut r.phone);
            empty_text(&mut r.notes);
        }
        Record::Learner(r) => {
            if r.sensitive.clear().is_some_and(|needs| needs.is_empty()) {
                r.sensitive.mask();
            }
            empty_text(&mut r.notes);
        }
        Record::Placement(r) => empty_text(&mut r.notes),
        Record::Immersion(r) => {
            empty_text(&mut r.notes);
            if let Some(evaluation) = &mut r.evaluation {
                empty_text(&mut evaluation.comment);
                empty_text(&mut evaluation.teacher_feedback);
                empty_text(&mut evaluation.company_feedback);
            }
        }
        Record::Event(r) => empty_text(&mut r.notes),
        Record::Agreement(r) => empty_text(&mut r.notes),
    }
}

/// Whether a field's value says nothing: none, empty text, empty list.
fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(text) => text.is_empty(),
        Value::Array(items) => items.is_empty(),
        _ => false,
    }
}

/// The stored record with the file's values of the `provided` fields:
/// all of them when `follow_file`, else only where the stored value is
/// empty. Returns the merge and the fields kept against the file.
fn merge(
    stored: &Record,
    file: &Record,
    provided: &HashSet<&str>,
    follow_file: bool,
) -> Result<(Record, Vec<String>), ServiceError> {
    let bad = |error: serde_json::Error| ServiceError::BadRequest(error.to_string());
    let mut merged = serde_json::to_value(stored).map_err(bad)?;
    let incoming = serde_json::to_value(file).map_err(bad)?;
    let mut kept = Vec::new();
    // `{"school": {...}}`: the record's own object.
    let (Some(fields), Some(new_fields)) = (
        merged
            .as_object_mut()
            .and_then(|o| o.values_mut().next())
            .and_then(Value::as_object_mut),
        incoming
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_object),
    ) else {
        return Err(ServiceError::BadRequest(
            "a record of no known shape".into(),
        ));
    };
    for (name, new_value) in new_fields {
        if name == "meta" || !provided.contains(name.as_str()) {
            continue;
        }
        let Some(old_value) = fields.get_mut(name) else {
            continue;
        };
        if old_value == new_value {
            continue;
        }
        // A school's state nobody set (open, the form's default) yields
        // to the directory's, whoever owns the rest of the record.
        let default_state = name == "opening_state" && old_value.as_str() == Some("open");
        if follow_file || is_empty(old_value) || default_state {
            *old_value = new_value.clone();
        } else {
            kept.push(name.clone());
        }
    }
    let mut record: Record = serde_json::from_value(merged).map_err(bad)?;
    // A point nobody typed (the commune's centre) yields to the file's,
    // whoever owns the rest of the record, if the record is where the
    // file says: same address, commune and postal code once merged.
    let approximate = record
        .location()
        .is_some_and(|point| point.is_approximate());
    if let Some(point) = file.location() {
        if provided.contains("location") && approximate && record.same_place(file) {
            record.set_location(Some(point));
            kept.retain(|field| field != "location");
        }
    }
    if provided.contains("confidentiality") {
        let (old, new) = (&stored.meta().confidentiality, &file.meta().confidentiality);
        if old != new {
            if follow_file || !old.confidential {
                record.meta_mut().confidentiality = new.clone();
            } else {
                kept.push("confidentiality".into());
            }
        }
    }
    Ok((record, kept))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_keeps_a_bounded_number_of_details() {
        let change = RowChange {
            line: 2,
            target: RecordRef::new(Kind::School, RecordId(1)),
            label: String::new(),
            created: true,
            fields: Vec::new(),
        };
        let mut total = ImportReport::default();
        for _ in 0..3 {
            total.absorb(ImportReport {
                created: 100,
                changes: vec![change.clone(); 100],
                ..ImportReport::default()
            });
        }
        assert_eq!(total.created, 300);
        assert_eq!(total.changes.len(), MAX_DETAILS);
    }
}
