//! One import: several files, one transaction.

use crate::apply::{self, stored_score_conflicts, StoredScores};
use crate::cbs::{self, CbsInput, CbsRecords};
use crate::known::Known;
use chrono::Datelike;
use domain::{
    Coded, Date, DinSnapshot, Effort, Field, Goal, IndicatorDefinition, Organisation,
    OrganisationCode, Partner, Region, Theme,
};
use interchange::cbs::CbsFormat;
use interchange::mapping::{Encoding, Translated};
use interchange::{
    read_tables, FileKind, FileProblem, Limit, Limits, Mapping, ParsedFile, Parser, Pseudonymiser,
    Record, RowError, Table,
};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;
use store::{ImportEntry, Outcome, Store, StoreError, Tx};

/// A file to import: its name (for the kind and the report) and its bytes,
/// given or on disk.
#[derive(Debug, Clone)]
pub struct InputFile {
    /// The file's name as the user gave it.
    pub name: String,
    content: Content,
    /// Whether it came in a folder given whole (a CBS download): a file
    /// in it that holds no CBS table is passed over, not refused.
    in_folder: bool,
}

/// Where an input file's bytes are.
#[derive(Debug, Clone)]
enum Content {
    /// Given (an upload, a test).
    Given(Vec<u8>),
    /// On disk, read when the import needs them: an import holds one file
    /// at a time, not all it was given.
    OnDisk(PathBuf),
    /// An open file (an upload kept in a file without a name), read as
    /// one on disk.
    Open(Arc<std::fs::File>),
}

impl InputFile {
    /// A file of these bytes.
    pub fn new(name: impl Into<String>, bytes: Vec<u8>) -> Self {
        Self {
            name: name.into(),
            content: Content::Given(bytes),
            in_folder: false,
        }
    }

    /// The file at `path`, read when the import reaches it.
    pub fn on_disk(name: impl Into<String>, path: impl Into<PathBuf>) -> Self {
        Self {
            name: name.into(),
            content: Content::OnDisk(path.into()),
            in_folder: false,
        }
    }

    /// The same file, as one of a folder given whole (a CBS download
    /// folder): what in it is no CBS table is passed over with a notice.
    pub fn in_folder(self) -> Self {
        Self {
            in_folder: true,
            ..self
        }
    }

    /// The open file `file`, read from its start when the import reaches
    /// it.
    pub fn open(name: impl Into<String>, file: std::fs::File) -> Self {
        Self {
            name: name.into(),
            content: Content::Open(Arc::new(file)),
            in_folder: false,
        }
    }

    /// The file's bytes: those given, or read from disk now.
    pub fn read(&self) -> std::io::Result<Cow<'_, [u8]>> {
        match &self.content {
            Content::Given(bytes) => Ok(Cow::Borrowed(bytes)),
            Content::OnDisk(path) => std::fs::read(path).map(Cow::Owned),
            Content::Open(file) => whole(file).map(Cow::Owned),
        }
    }
}

/// An open file's bytes from its start (its read position left as it is).
fn whole(file: &std::fs::File) -> std::io::Result<Vec<u8>> {
    use std::os::unix::fs::FileExt;
    let mut bytes = vec![0; file.metadata()?.len() as usize];
    file.read_exact_at(&mut bytes, 0)?;
    Ok(bytes)
}

/// How to import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The kind of every file, when the user names it (`--kind`).
    pub kind: Option<FileKind>,
    /// The organisation of files without an organisation column.
    pub organisation: Option<OrganisationCode>,
    /// Store the valid rows and report the rest, instead of all-or-nothing.
    pub partial: bool,
    /// The date of the DIN version an import of DIN files makes.
    pub as_of: Date,
    /// Who imports, for the audit log.
    pub actor: String,
    /// Every file is a CBS file (`--kind cbs`).
    pub cbs: bool,
    /// The CBS table of files that do not name it (`--table`).
    pub table: Option<String>,
    /// Check and count only: everything is done as for a real import and
    /// then rolled back, so the report says what the import would do.
    pub check_only: bool,
    /// Rows of any other organisation than this one are refused (the web's
    /// import page: a coordinator imports for their own organisation only).
    pub tenant: Option<OrganisationCode>,
    /// How large the input may be, and the dates it may give.
    pub limits: Limits,
    /// The saved mapping every file is read with: the files are a
    /// source's own export, not interchange files.
    pub mapping: Option<Mapping>,
    /// The name of the mapping the files were translated with before (a
    /// check confirmed from the web), for the import history.
    pub mapped_with: Option<String>,
    /// Context values and indicator definitions without an organisation
    /// column are the installation's public statistics even though an
    /// organisation is named (the web's choice "for every organisation");
    /// without an organisation named they are anyway.
    pub public: bool,
}

/// Progress of a long import, shown by the caller (a bar on a terminal).
pub trait Progress {
    /// A file of `rows` rows starts; `label` names it.
    fn start(&self, label: &str, rows: u64);
    /// `rows` more rows were read and checked.
    fn advance(&self, rows: u64);
    /// All rows are read; they are being stored.
    fn storing(&self);
    /// The file is done.
    fn finish(&self);
}

/// What happened to one file (or one sheet of a workbook).
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    /// The kind of file, when it could be told.
    pub kind: Option<String>,
    /// The file's name.
    pub file: String,
    /// The sheet, for a workbook.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// Whether its rows were stored.
    pub stored: bool,
    /// Rows that were new.
    pub inserted: usize,
    /// Rows that changed a stored record.
    pub updated: usize,
    /// Rows equal to what was stored.
    pub unchanged: usize,
    /// Rows refused.
    pub rejected: usize,
    /// One line per problem in a row (the first
    /// [`Limits::errors_listed`]).
    pub errors: Vec<RowError>,
    /// The problems found past those listed.
    pub errors_not_listed: usize,
    /// Columns the kind does not know (ignored).
    pub unknown_columns: Vec<String>,
    /// Things the user should know that are not errors (e.g. CBS measures
    /// that need a mapping).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<String>,
    /// A problem with the file as a whole.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    /// That problem, when it is one of the file problems (a page says it
    /// in its language from `file_problem.<code>`).
    #[serde(skip)]
    pub file_problem: Option<FileProblem>,
    /// The data version after the import.
    pub data_version: String,
    /// The header and the refused rows, byte for byte (for `--rejects`).
    #[serde(skip)]
    pub rejects: Vec<u8>,
}

impl FileReport {
    /// Counts what saving the file's records did.
    fn count(&mut self, outcomes: &[Outcome]) {
        (self.inserted, self.updated, self.unchanged) = (0, 0, 0);
        self.add(outcomes);
    }

    /// Adds what saving a part of the file's records did to the counts.
    fn add(&mut self, outcomes: &[Outcome]) {
        let of = |kind: Outcome| outcomes.iter().filter(|o| **o == kind).count();
        self.inserted += of(Outcome::Inserted);
        self.updated += of(Outcome::Updated);
        self.unchanged += of(Outcome::Unchanged);
    }
}

/// What happened to an import as a whole.
#[derive(Debug, Clone)]
pub struct ImportReport {
    /// Per file (or sheet), in the order given.
    pub files: Vec<FileReport>,
    /// Whether anything of the import was stored (false: nothing was).
    pub stored: bool,
    /// The data version after the import.
    pub data_version: i64,
    /// A check only: the counts say what importing would do; nothing was
    /// stored.
    pub checked_only: bool,
}

impl ImportReport {
    /// Whether the input was refused (rows or files with problems, and
    /// nothing stored).
    pub fn refused(&self) -> bool {
        !self.stored && !self.checked_only
    }
}

struct Unit<'a> {
    /// The file's place among the files given.
    order: usize,
    file: String,
    kind: Option<FileKind>,
    table: Option<Table<'a>>,
    problem: Option<FileProblem>,
    cbs: Option<CbsFormat>,
    /// Something the user should know about how the file was read.
    notice: Option<String>,
}

/// The units of a file, read and checked as a whole: one per sheet of a
/// workbook, one for a CSV or CBS file, or one with the file's problem.
fn units_of<'a>(
    index: usize,
    file: &InputFile,
    bytes: &'a [u8],
    options: &ImportOptions,
) -> Vec<Unit<'a>> {
    let (wanted, cbs) = (options.kind, options.cbs);
    let unit = |kind, table, problem| Unit {
        order: index,
        file: file.name.clone(),
        kind,
        table,
        problem,
        cbs: None,
        notice: None,
    };
    let size = bytes.len() as u64;
    let limits = &options.limits;
    if let Err(over) = interchange::limits::within(Limit::FileBytes, size, limits.file_bytes, None)
    {
        return vec![unit(wanted, None, Some(FileProblem::OverLimit(over)))];
    }
    if let Some(mapping) = &options.mapping {
        return vec![mapped_unit(index, file, bytes, mapping, limits)];
    }
    if wanted.is_none() {
        match interchange::cbs::detect(bytes) {
            Some(format) => {
                return vec![Unit {
                    cbs: Some(format),
                    ..unit(None, None, None)
                }];
            }
            None if file.in_folder && is_json(bytes) => {
                return vec![Unit {
                    cbs: Some(CbsFormat::Beside),
                    notice: Some(PASSED_OVER.to_string()),
                    ..unit(None, None, None)
                }];
            }
            None if cbs => {
                let detail = "not a CBS file this version reads (a StatLine CSV export, an OData \
                              TypedDataSet, OData v4 observations or a code list)"
                    .to_string();
                return vec![unit(None, None, Some(FileProblem::Other { detail }))];
            }
            None => {}
        }
    }
    let tables = match read_tables(bytes, &options.limits) {
        Ok(tables) => tables,
        Err(problem) => {
            return vec![unit(
                wanted.or_else(|| FileKind::from_name(&file.name)),
                None,
                Some(problem),
            )]
        }
    };
    let kind_of = |t: &Table| {
        t.sheet
            .as_deref()
            .and_then(FileKind::from_name)
            .filter(|k| wanted.is_none_or(|w| w == *k))
    };
    if tables.iter().any(|t| kind_of(t).is_some()) {
        return tables
            .into_iter()
            .filter_map(|t| kind_of(&t).map(|k| unit(Some(k), Some(t), None)))
            .collect();
    }
    let Some(table) = tables.into_iter().next() else {
        return vec![unit(wanted, None, Some(FileProblem::Empty))];
    };
    match wanted
        .or_else(|| FileKind::from_name(&file.name))
        .or_else(|| FileKind::from_header(&table.header))
    {
        Some(kind) => vec![unit(Some(kind), Some(table), None)],
        None if table
            .header
            .iter()
            .all(|h| FileKind::ALL.iter().all(|k| k.column(h).is_none())) =>
        {
            vec![unit(None, Some(table), Some(FileProblem::NoHeader))]
        }
        None => vec![unit(None, Some(table), Some(FileProblem::UnknownKind))],
    }
}

/// Whether the bytes are a JSON document (an object or an array): what a
/// CBS download folder holds besides its tables. A CSV or XLSX file of a
/// folder is read as any file is.
fn is_json(bytes: &[u8]) -> bool {
    let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    matches!(
        text.iter().find(|b| !b.is_ascii_whitespace()),
        Some(b'{') | Some(b'[')
    )
}

/// The notice of a file of a folder given whole that holds no CBS table.
pub const PASSED_OVER: &str =
    "passed over: a JSON file of the folder that is no CBS table, code list or metadata";

/// The notice of a source's file that is not UTF-8 (a page says it in its
/// language).
pub const WINDOWS_1252: &str = "the file is not UTF-8: read as Windows-1252";

/// A source's file read for its mapping: the table under the header that
/// names the mapping's columns (title rows passed over), or the file's
/// problem.
fn mapped_unit<'a>(
    index: usize,
    file: &InputFile,
    bytes: &[u8],
    mapping: &Mapping,
    limits: &Limits,
) -> Unit<'a> {
    let mut unit = Unit {
        order: index,
        file: file.name.clone(),
        kind: mapping.file_kind().ok(),
        table: None,
        problem: None,
        cbs: None,
        notice: None,
    };
    let problems = mapping.check();
    if !problems.is_empty() {
        let detail = problems.iter().map(ToString::to_string).collect::<Vec<_>>();
        unit.problem = Some(FileProblem::Other {
            detail: format!(
                "the mapping {} cannot be used: {}",
                mapping.name,
                detail.join("; ")
            ),
        });
        return unit;
    }
    match mapping.read(bytes, limits) {
        Ok(source) => {
            if source.encoding == Encoding::Windows1252 {
                unit.notice = Some(WINDOWS_1252.into());
            }
            unit.table = Some(source.table);
        }
        Err(problem) => unit.problem = Some(problem),
    }
    unit
}

/// The units of a file, checked. A file on disk (or open) lets go of its
/// bytes once checked: its tables read their rows from the file a part at
/// a time, so that an import holds one file's bytes at a time, and only
/// while it checks that file.
fn checked_units<'f>(index: usize, file: &'f InputFile, options: &ImportOptions) -> Vec<Unit<'f>> {
    let read = match &file.content {
        Content::Given(bytes) => return units_of(index, file, bytes, options),
        Content::OnDisk(path) => std::fs::File::open(path).map(Arc::new),
        Content::Open(opened) => Ok(opened.clone()),
    }
    .and_then(|handle| Ok((whole(&handle)?, handle)));
    match read {
        Ok((bytes, handle)) => units_of(index, file, &bytes, options)
            .into_iter()
            .map(|unit| unit.reading_from(&handle))
            .collect(),
        Err(e) => vec![Unit {
            order: index,
            file: file.name.clone(),
            kind: options.kind.or_else(|| FileKind::from_name(&file.name)),
            table: None,
            problem: Some(FileProblem::Other {
                detail: format!("cannot read the file: {e}"),
            }),
            cbs: None,
            notice: None,
        }],
    }
}

impl Unit<'_> {
    /// The unit with its table reading its rows from `file`, the file its
    /// bytes were read from.
    fn reading_from(self, file: &Arc<std::fs::File>) -> Unit<'static> {
        Unit {
            order: self.order,
            file: self.file,
            kind: self.kind,
            table: self.table.map(|t| t.reading_from(file.clone())),
            problem: self.problem,
            cbs: self.cbs,
            notice: self.notice,
        }
    }
}

fn report_of(unit: &Unit) -> FileReport {
    let kind = match unit.cbs {
        Some(_) => Some("cbs".to_string()),
        None => unit.kind.map(|k| k.code().to_string()),
    };
    FileReport {
        kind,
        file: unit.file.clone(),
        sheet: unit.table.as_ref().and_then(|t| t.sheet.clone()),
        stored: false,
        inserted: 0,
        updated: 0,
        unchanged: 0,
        rejected: 0,
        errors: Vec::new(),
        errors_not_listed: 0,
        unknown_columns: Vec::new(),
        notices: unit.notice.iter().cloned().collect(),
        problem: unit.problem.as_ref().map(ToString::to_string),
        file_problem: unit.problem.clone(),
        data_version: String::new(),
        rejects: Vec::new(),
    }
}

fn organisations_in(
    kind: FileKind,
    table: &Table,
    default: Option<&OrganisationCode>,
) -> Vec<OrganisationCode> {
    let mut found: BTreeSet<OrganisationCode> = default.into_iter().cloned().collect();
    if kind != FileKind::Organisations {
        if let Some(index) = table
            .header
            .iter()
            .position(|h| kind.column(h).is_some_and(|c| c.name == "organisation"))
        {
            found.extend(
                table
                    .rows(0..table.len())
                    .filter_map(|r| r.cells.get(index).cloned())
                    .filter_map(|c| OrganisationCode::parse(&c).ok()),
            );
        }
    }
    found.into_iter().collect()
}

/// Moves the rows of another organisation than `tenant` to the refused
/// rows, each with a line in the report. Organisations themselves are
/// refused too: which municipalities an organisation works for decides who
/// sees its pages, so only an administrator changes it (`impactmonitor
/// import` on the server, audited).
fn refuse_other_tenants(
    parsed: &mut interchange::ParsedFile,
    table: &Table,
    kind: FileKind,
    tenant: &OrganisationCode,
    limits: &Limits,
) {
    let mut kept = Vec::with_capacity(parsed.records.len());
    for (row, record) in std::mem::take(&mut parsed.records) {
        let organisations = kind == FileKind::Organisations;
        if record.organisation() == tenant && !organisations {
            kept.push((row, record));
            continue;
        }
        let reason = match organisations {
            true => "organisations are changed by an administrator only".to_string(),
            false => format!("not {tenant}: you import for {tenant} only"),
        };
        let error = RowError {
            line: table.line(row),
            column: header_name(table, kind, Field::Named("organisation")),
            value: record.organisation().as_str().to_string(),
            reason,
            problem: None,
        };
        parsed.list_errors(vec![error], limits.errors_listed);
        parsed.rejected.push(row);
    }
    parsed.records = kept;
    parsed.errors.sort_by_key(|e| e.line);
    parsed.rejected.sort_unstable();
}

fn header_name(table: &Table, kind: FileKind, field: Field) -> String {
    match field {
        Field::Record => String::new(),
        Field::Named(name) => table
            .header
            .iter()
            .find(|h| kind.column(h).is_some_and(|c| c.name == name))
            .cloned()
            .unwrap_or_else(|| name.to_string()),
    }
}

/// Runs reading or checking work, which takes long for a large file, so
/// that the runtime's other tasks (a server's pages) keep running: on a
/// multi-threaded runtime the thread first hands its other tasks on.
fn heavy<R>(work: impl FnOnce() -> R) -> R {
    use tokio::runtime::{Handle, RuntimeFlavor};
    match Handle::try_current().map(|h| h.runtime_flavor()) {
        Ok(RuntimeFlavor::MultiThread) => tokio::task::block_in_place(work),
        _ => work(),
    }
}

/// Rows parsed and stored at a time: what an import holds of a file's
/// records at once (and of its bytes, for a file on disk).
const PART_ROWS: usize = 10_000;

/// Rows parsed between two turns of the runtime's other work.
const SLICE_ROWS: usize = 500;

/// One table of an import, read part by part.
struct File<'a> {
    kind: FileKind,
    table: &'a Table<'a>,
    options: &'a ImportOptions,
    progress: &'a (dyn Progress + Sync),
}

impl File<'_> {
    /// Parses and stores the table part by part; every valid record is
    /// stored (the transaction is rolled back when the import is refused),
    /// so that the next file may refer to it and the report is whole.
    /// A problem with the file as a whole comes back as the inner `Err`.
    async fn import(
        &self,
        tx: &mut Tx,
        known: &mut Known,
        report: &mut FileReport,
    ) -> Result<Result<(), FileProblem>, StoreError> {
        let (kind, options) = (self.kind, self.options);
        let organisation = options
            .organisation
            .as_ref()
            .filter(|_| !(options.public && kind.may_be_public()));
        let translated = match &options.mapping {
            Some(mapping) => match self.translate(mapping, known) {
                Ok(translated) => Some(translated),
                Err(problem) => return Ok(Err(problem)),
            },
            None => None,
        };
        let table = translated.as_ref().map_or(self.table, |t| &t.table);
        let mut parser = match Parser::new(kind, table, organisation, known) {
            Ok(parser) => parser,
            Err(problem) => return Ok(Err(problem)),
        };
        if parser.is_public() {
            report.notices.push(
                "no organisation column and no organisation named: stored as the installation's \
                 public statistics, which every organisation working for these regions reads"
                    .into(),
            );
        }
        report.unknown_columns = match &translated {
            Some(t) => t.unmapped.clone(),
            None => parser.unknown_columns().to_vec(),
        };
        tx.audit_inserts_as_counts(table.len() > PART_ROWS);
        let mut rejected = Vec::new();
        if let Some(t) = &translated {
            report
                .errors
                .extend(t.errors.iter().take(options.limits.errors_listed).cloned());
            report.errors_not_listed += t.errors.len().saturating_sub(options.limits.errors_listed);
        }
        let mut stored_scores = StoredScores::new();
        let parts: Vec<Range<usize>> = (0..table.len())
            .step_by(PART_ROWS)
            .map(|start| start..(start + PART_ROWS).min(table.len()))
            .collect();
        let mut next = self.parse(&mut parser, parts.first().cloned(), known).await;
        for (part, range) in parts.iter().enumerate() {
            let mut parsed = std::mem::take(&mut next);
            if kind == FileKind::Registrations {
                self.refuse_score_conflicts(tx, known, &mut parsed, &mut stored_scores)
                    .await?;
            }
            if let Some(tenant) = options.tenant.as_ref().filter(|_| !parser.is_public()) {
                refuse_other_tenants(&mut parsed, table, kind, tenant, &options.limits);
            }
            if range.end == table.len() {
                self.progress.storing();
            }
            let records: Vec<Record> = parsed.records.drain(..).map(|(_, r)| r).collect();
            // The next part is read while this one is written: the
            // database works on its own thread meanwhile.
            let remembered = apply::remember(known, kind, &records);
            let (outcomes, parsed_next) = tokio::join!(
                apply::store(tx, kind, &records, remembered, &options.actor),
                self.parse(&mut parser, parts.get(part + 1).cloned(), known)
            );
            next = parsed_next;
            report.add(&outcomes?);
            if let Some(t) = &translated {
                t.name_errors(self.table, &mut parsed.errors);
            }
            parsed.errors.sort_by_key(|e| e.line);
            let listed = options
                .limits
                .errors_listed
                .saturating_sub(report.errors.len());
            report.errors_not_listed +=
                parsed.errors_not_listed + parsed.errors.len().saturating_sub(listed);
            report.errors.extend(parsed.errors.into_iter().take(listed));
            rejected.extend(parsed.rejected);
        }
        tx.audit_inserts_as_counts(false);
        rejected.sort_unstable();
        let refused = translated.as_ref().map_or(0, |t| t.refused.len());
        report.rejected = rejected.len() + refused;
        report.errors.sort_by_key(|e| e.line);
        if report.rejected > 0 {
            report.rejects = table.raw_header.clone();
            for row in &rejected {
                report.rejects.extend_from_slice(&table.raw(*row));
            }
            if let Some(t) = &translated {
                for row in 0..t.refused.len() {
                    report.rejects.extend_from_slice(&t.refused.raw(row));
                }
            }
        }
        Ok(Ok(()))
    }

    /// Parses the rows of `range` (none: nothing), a slice at a time,
    /// letting the runtime's other work (the part being stored, a server's
    /// pages) go on between slices.
    async fn parse(
        &self,
        parser: &mut Parser<'_>,
        range: Option<Range<usize>>,
        known: &Known,
    ) -> ParsedFile {
        let mut parsed = ParsedFile::default();
        let Some(range) = range else {
            return parsed;
        };
        let mut advance = |rows| self.progress.advance(rows);
        for start in range.clone().step_by(SLICE_ROWS) {
            let slice = start..(start + SLICE_ROWS).min(range.end);
            parsed.append(parser.parse(slice, known, &mut advance));
            tokio::task::yield_now().await;
        }
        parsed
    }

    /// The source's table as an interchange table, by the import's mapping.
    fn translate(&self, mapping: &Mapping, known: &Known) -> Result<Translated, FileProblem> {
        let organisation = self
            .options
            .organisation
            .as_ref()
            .and_then(|code| interchange::Lookup::organisation(known, code))
            .ok_or_else(|| FileProblem::Other {
                detail:
                    "a mapped file is imported for one organisation: name it with --organisation"
                        .into(),
            })?;
        heavy(|| mapping.translate(self.table, organisation, known))
    }

    /// Moves the registrations whose change breaks their stored scores to
    /// the refused rows.
    async fn refuse_score_conflicts(
        &self,
        tx: &mut Tx,
        known: &Known,
        parsed: &mut interchange::ParsedFile,
        stored: &mut StoredScores,
    ) -> Result<(), StoreError> {
        let conflicts = stored_score_conflicts(tx, known, &parsed.records, stored).await?;
        for (position, problems) in conflicts.iter().rev() {
            let (row, _) = parsed.records.remove(*position);
            let errors = problems.iter().map(|(field, problem)| RowError {
                line: self.table.line(row),
                column: header_name(self.table, self.kind, *field),
                value: String::new(),
                reason: problem.to_string(),
                problem: Some(problem.clone()),
            });
            parsed.list_errors(errors.collect(), self.options.limits.errors_listed);
            parsed.rejected.push(row);
        }
        parsed.rejected.sort_unstable();
        Ok(())
    }
}

/// Imports files into the store in one transaction. Nothing is stored when
/// a file cannot be read, or — unless `partial` — when any row is invalid.
/// An import for one organisation that stored or was refused is noted in
/// its import history with its report. `Err` is a failure of the
/// database, not of the input.
pub async fn import(
    store: &Store,
    pseudonymiser: Pseudonymiser,
    files: &[InputFile],
    options: &ImportOptions,
    progress: &(dyn Progress + Sync),
) -> Result<ImportReport, StoreError> {
    let report = run(store, pseudonymiser, files, options, progress).await?;
    let organisation = options.tenant.as_ref().or(options.organisation.as_ref());
    if let Some(organisation) = organisation.filter(|_| report.stored || report.refused()) {
        store
            .note_import(&history_entry(organisation, files, options, &report))
            .await?;
    }
    Ok(report)
}

/// The line of the import history an import leaves.
fn history_entry(
    organisation: &OrganisationCode,
    files: &[InputFile],
    options: &ImportOptions,
    report: &ImportReport,
) -> ImportEntry {
    let sum =
        |count: fn(&FileReport) -> usize| report.files.iter().map(count).sum::<usize>() as i64;
    let names: Vec<&str> = files
        .iter()
        .map(|f| f.name.rsplit(['/', '\\']).next().unwrap_or(&f.name))
        .collect();
    ImportEntry {
        id: crate::secret::random_hex(12),
        organisation: organisation.as_str().to_string(),
        actor: options.actor.clone(),
        at: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        files: names.join(", "),
        mapping: options
            .mapping
            .as_ref()
            .map(|m| m.name.clone())
            .or_else(|| options.mapped_with.clone()),
        stored: report.stored,
        inserted: sum(|f| f.inserted),
        updated: sum(|f| f.updated),
        unchanged: sum(|f| f.unchanged),
        rejected: sum(|f| f.rejected),
        report: kept_report(&report.files).to_string(),
    }
}

/// An import's report as the history keeps it: as printed, with each
/// problem's code and values beside its words, so that a page says it in
/// its reader's language later.
fn kept_report(files: &[FileReport]) -> serde_json::Value {
    let said = |code: &str, values: Vec<(&str, String)>| {
        let values: serde_json::Map<String, serde_json::Value> = values
            .into_iter()
            .map(|(name, value)| (name.to_string(), value.into()))
            .collect();
        serde_json::json!({ "code": code, "values": values })
    };
    let kept = files.iter().map(|file| {
        let mut value = serde_json::to_value(file).unwrap_or_default();
        if let Some(problem) = &file.file_problem {
            value["file_problem"] = said(problem.code(), problem.values());
        }
        for (error, line) in file
            .errors
            .iter()
            .zip(value["errors"].as_array_mut().into_iter().flatten())
        {
            if let Some(problem) = &error.problem {
                line["problem"] = said(problem.code(), problem.values());
            }
        }
        value
    });
    serde_json::Value::Array(kept.collect())
}

async fn run(
    store: &Store,
    pseudonymiser: Pseudonymiser,
    files: &[InputFile],
    options: &ImportOptions,
    progress: &(dyn Progress + Sync),
) -> Result<ImportReport, StoreError> {
    let units: Vec<Unit> = heavy(|| {
        files
            .iter()
            .enumerate()
            .flat_map(|(i, f)| checked_units(i, f, options))
            .collect()
    });
    let mut reports: Vec<FileReport> = units.iter().map(report_of).collect();
    if units.iter().any(|u| u.problem.is_some()) {
        return Ok(ImportReport {
            files: reports,
            stored: false,
            data_version: store.data_version().await?,
            checked_only: false,
        });
    }
    // Apply in dependency order; report in the order given.
    let mut order: Vec<usize> = (0..units.len()).collect();
    order.sort_by_key(|i| (units[*i].kind, units[*i].order));
    let vocabulary = store.vocabulary().await?;
    let mut tx = store.begin().await?;
    let mut known = Known::new(&mut tx, vocabulary, pseudonymiser, options.limits.clone()).await?;
    let mut din_organisations = BTreeSet::new();
    for i in order {
        let unit = &units[i];
        let (Some(kind), Some(table)) = (unit.kind, unit.table.as_ref()) else {
            continue;
        };
        if !table.unchanged() {
            let problem = FileProblem::Other {
                detail: "the file changed while it was imported; import it again".into(),
            };
            return refuse_file(store, tx, reports, i, problem).await;
        }
        let report = &mut reports[i];
        let organisations = organisations_in(kind, table, options.organisation.as_ref());
        known.prepare(&mut tx, kind, &organisations).await?;
        if let (FileKind::Registrations, [organisation]) = (kind, &organisations[..]) {
            known.expect_registrations(organisation, table.len());
        }
        progress.start(
            &format!("{} ({})", unit.file, kind.code()),
            table.len() as u64,
        );
        let done = File {
            kind,
            table,
            options,
            progress,
        }
        .import(&mut tx, &mut known, report)
        .await?;
        progress.finish();
        if let Err(problem) = done {
            return refuse_file(store, tx, reports, i, problem).await;
        }
        if kind.is_din() {
            din_organisations.extend(organisations);
        }
    }
    let cbs_refused = import_cbs(&mut tx, files, &units, &mut reports, options).await?;
    let refused = cbs_refused || (reports.iter().any(|r| r.rejected > 0) && !options.partial);
    if refused {
        tx.rollback().await?;
        let version = store.data_version().await?;
        for r in &mut reports {
            (r.inserted, r.updated, r.unchanged) = (0, 0, 0);
            r.data_version = version.to_string();
        }
        return Ok(ImportReport {
            files: reports,
            stored: false,
            data_version: version,
            checked_only: false,
        });
    }
    if options.check_only {
        tx.rollback().await?;
        let version = store.data_version().await?;
        for r in &mut reports {
            r.data_version = version.to_string();
        }
        return Ok(ImportReport {
            files: reports,
            stored: false,
            data_version: version,
            checked_only: true,
        });
    }
    for org in &din_organisations {
        save_din_version(&mut tx, org, options.as_of).await?;
    }
    if tx.changed() {
        let summary: Vec<String> = reports
            .iter()
            .map(|r| {
                format!(
                    "{} ({}): {} inserted, {} updated, {} rejected",
                    r.file,
                    r.kind.as_deref().unwrap_or("?"),
                    r.inserted,
                    r.updated,
                    r.rejected
                )
            })
            .collect();
        tx.audit(&options.actor, "import", &summary.join("; "))
            .await?;
    }
    let version = tx.commit().await?;
    for r in &mut reports {
        r.stored = true;
        r.data_version = version.to_string();
    }
    Ok(ImportReport {
        files: reports,
        stored: true,
        data_version: version,
        checked_only: false,
    })
}

/// Refuses the whole import for a problem with the file of report `i`:
/// nothing is stored.
async fn refuse_file(
    store: &Store,
    tx: Tx,
    mut reports: Vec<FileReport>,
    i: usize,
    problem: FileProblem,
) -> Result<ImportReport, StoreError> {
    reports[i].problem = Some(problem.to_string());
    reports[i].file_problem = Some(problem);
    tx.rollback().await?;
    Ok(ImportReport {
        files: reports,
        stored: false,
        data_version: store.data_version().await?,
        checked_only: false,
    })
}

/// Imports the CBS files among the units into the installation's public
/// statistics, which every organisation working for a region reads; a file
/// that cannot be imported refuses the whole import (`true`), with its
/// reason in the file's report.
async fn import_cbs(
    tx: &mut Tx,
    files: &[InputFile],
    units: &[Unit<'_>],
    reports: &mut [FileReport],
    options: &ImportOptions,
) -> Result<bool, StoreError> {
    let positions: Vec<usize> = (0..units.len())
        .filter(|i| units[*i].cbs.is_some())
        .collect();
    if positions.is_empty() {
        return Ok(false);
    }
    let known = tx.load::<Organisation>(None).await?;
    if let Some(o) = options
        .organisation
        .as_ref()
        .filter(|o| !known.iter().any(|k| &k.code == *o))
    {
        for i in &positions {
            reports[*i].problem = Some(format!("unknown organisation {o}"));
        }
        return Ok(true);
    }
    let organisation = &OrganisationCode::installation();
    let mut read = Vec::with_capacity(positions.len());
    for i in &positions {
        match files[units[*i].order].read() {
            Ok(bytes) => read.push(bytes),
            Err(e) => {
                reports[*i].problem = Some(format!("cannot read the file: {e}"));
                return Ok(true);
            }
        }
    }
    let inputs: Vec<CbsInput> = positions
        .iter()
        .zip(&read)
        .filter_map(|(i, bytes)| {
            let unit = &units[*i];
            Some(CbsInput {
                name: &unit.file,
                format: unit.cbs?,
                bytes,
            })
        })
        .collect();
    // The mappings of measures: the installation's, and any an
    // organisation made with its indicators.csv.
    let mut known: Vec<IndicatorDefinition> = tx.public(organisation).await?;
    let own: Vec<IndicatorDefinition> = tx.load(None).await?;
    known.extend(own.into_iter().filter(|d| d.table_id.is_some()));
    let regions: Vec<Region> = tx.public(organisation).await?;
    let results = heavy(|| {
        cbs::records(
            &inputs,
            organisation,
            options.table.as_deref(),
            options.as_of.year(),
            &known,
            &regions,
        )
    });
    let mut refused = false;
    for ((i, result), bytes) in positions.iter().zip(results).zip(&read) {
        let report = &mut reports[*i];
        let outcomes = match result {
            Err(reason) => {
                report.problem = Some(reason);
                refused = true;
                continue;
            }
            Ok(CbsRecords::Regions(records)) => {
                let records = cbs::merged(records, &regions);
                tx.save(&shared(records), &options.actor).await?
            }
            Ok(CbsRecords::Definitions(records)) => {
                tx.save(&shared(records), &options.actor).await?
            }
            Ok(CbsRecords::Context {
                values,
                definitions,
                notices,
                errors,
                rejected,
            }) => {
                if !definitions.is_empty() {
                    report.notices.push(ask_for_mapping(&definitions));
                }
                tx.save(&shared(definitions), &options.actor).await?;
                report.notices.extend(notices);
                if !rejected.is_empty() {
                    report.rejected = rejected.len();
                    report.errors = errors;
                    report.rejects = raw_lines(bytes, &rejected);
                    refused |= !options.partial;
                }
                tx.save(&shared(values), &options.actor).await?
            }
            Ok(CbsRecords::Read) => Vec::new(),
        };
        report.count(&outcomes);
    }
    Ok(refused)
}

/// Records as the installation's public statistics.
fn shared<T: store::Shared>(records: Vec<T>) -> Vec<store::Public<T>> {
    records.into_iter().map(store::Public::new).collect()
}

/// The header line and the given lines (from 1) of a text file, byte for
/// byte with their line endings, for `--rejects`.
fn raw_lines(bytes: &[u8], lines: &[usize]) -> Vec<u8> {
    let all: Vec<&[u8]> = bytes.split_inclusive(|b| *b == b'\n').collect();
    let mut out = all.first().map(|h| h.to_vec()).unwrap_or_default();
    for line in lines {
        if let Some(raw) = all.get(line - 1) {
            out.extend_from_slice(raw);
        }
    }
    out
}

/// The notice that asks for a mapping of measures stored under default ids.
fn ask_for_mapping(definitions: &[IndicatorDefinition]) -> String {
    const LISTED: usize = 5;
    let mut listed: Vec<String> = definitions
        .iter()
        .take(LISTED)
        .map(|d| format!("{} ({})", d.indicator, d.name))
        .collect();
    if definitions.len() > LISTED {
        listed.push(format!("and {} more", definitions.len() - LISTED));
    }
    format!(
        "{} measure(s) had no indicator and were stored as {}; to name them, import indicators.csv \
         with indicator, name, table_id and measure (export --kind indicators lists them all)",
        definitions.len(),
        listed.join(", ")
    )
}

/// Records a dated version of the organisation's DIN as it was on
/// `as_of` (a coordinator "publishes" it, also when nothing changed since
/// the last version); the audit log says who. Every change of the DIN
/// keeps a version of its day, so a day before `today` takes the latest
/// version of that day or before (the network as it was then); `today`
/// or later, or a day before any version, takes the network as it is now.
pub async fn publish_din_version(
    store: &Store,
    org: &OrganisationCode,
    as_of: Date,
    today: Date,
    actor: &str,
) -> Result<(), StoreError> {
    let mut tx = store.begin().await?;
    let day = as_of.format("%Y-%m-%d").to_string();
    let then = match as_of < today {
        true => tx
            .din_versions(org)
            .await?
            .into_iter()
            .rev()
            .find(|(d, _)| *d <= day)
            .map(|(_, json)| json),
        false => None,
    };
    let json = match then {
        Some(json) => json,
        None => din_snapshot(&mut tx, org).await?,
    };
    tx.put_din_version(org, as_of, &json).await?;
    tx.audit(actor, "din version", &format!("{org} as of {as_of}"))
        .await?;
    tx.commit().await?;
    Ok(())
}

async fn save_din_version(
    tx: &mut Tx,
    org: &OrganisationCode,
    as_of: Date,
) -> Result<bool, StoreError> {
    let json = din_snapshot(tx, org).await?;
    tx.save_din_version(org, as_of, &json).await
}

/// The organisation's DIN as stored now, as the JSON a version keeps.
async fn din_snapshot(tx: &mut Tx, org: &OrganisationCode) -> Result<String, StoreError> {
    let snapshot = DinSnapshot {
        themes: tx.load::<Theme>(Some(org)).await?,
        goals: tx.load::<Goal>(Some(org)).await?,
        efforts: tx.load::<Effort>(Some(org)).await?,
        partners: tx.load::<Partner>(Some(org)).await?,
    };
    serde_json::to_string(&sorted(snapshot)).map_err(|e| StoreError::Corrupt {
        table: "din_versions",
        detail: e.to_string(),
    })
}

/// The snapshot in a fixed order, so that equal networks give equal JSON
/// whatever order the database returns.
fn sorted(mut s: DinSnapshot) -> DinSnapshot {
    s.themes
        .sort_by(|a, b| (&a.code, a.year).cmp(&(&b.code, b.year)));
    s.goals.sort_by(|a, b| a.id.cmp(&b.id));
    s.efforts.sort_by(|a, b| a.id.cmp(&b.id));
    s.partners.sort_by(|a, b| a.id.cmp(&b.id));
    s
}
