//! From a table to records: the header is mapped onto a kind's columns, each
//! row is parsed and checked, and every problem becomes a report line.

use crate::kind::FileKind;
use crate::lookup::Lookup;
use crate::record::Record;
use crate::report::{FileProblem, RowError};
use crate::row::{parse_count, parse_quantity, parse_text, parse_year, ColumnMap, RowReader};
use crate::table::{SourceRow, Table};
use domain::collective::CollectiveFields;
use domain::din::EffortFields;
use domain::fold::fold;
use domain::*;
use rustc_hash::FxBuildHasher;
use std::collections::HashMap;
use std::hash::BuildHasher;

/// A file's rows, parsed: the valid records with their row index, one line
/// per problem, and the columns the file has that the kind does not know.
#[derive(Debug, Default)]
pub struct ParsedFile {
    /// Valid records with the index of their row in the table.
    pub records: Vec<(usize, Record)>,
    /// One line per problem, in row order: the first
    /// [`Limits::errors_listed`](crate::Limits::errors_listed).
    pub errors: Vec<RowError>,
    /// The problems found past those listed.
    pub errors_not_listed: usize,
    /// Indices of the rows that were refused.
    pub rejected: Vec<usize>,
}

impl ParsedFile {
    /// Adds the rows of the next slice of the same file.
    pub fn append(&mut self, next: ParsedFile) {
        self.records.extend(next.records);
        self.errors.extend(next.errors);
        self.errors_not_listed += next.errors_not_listed;
        self.rejected.extend(next.rejected);
    }

    /// Adds a row's problems, listing them while fewer than `listed` are
    /// and counting the rest.
    pub fn list_errors(&mut self, errors: Vec<RowError>, listed: usize) {
        for error in errors {
            match self.errors.len() < listed {
                true => self.errors.push(error),
                false => self.errors_not_listed += 1,
            }
        }
    }
}

/// A score column of the wide ZRM variant: `zrm_<domain>_start|doel|eind`.
#[derive(Debug, Clone)]
struct WideColumn {
    index: usize,
    header: String,
    domain: ZrmDomain,
    part: ScorePart,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum ScorePart {
    Start,
    Goal,
    End,
}

fn wide_column(
    header: &str,
    vocabulary: &Vocabulary,
) -> Option<Result<(ZrmDomain, ScorePart), FileProblem>> {
    let folded = fold(header);
    let rest = folded.strip_prefix("zrm_")?;
    let (domain, part) = rest.rsplit_once('_')?;
    let part = match part {
        "start" => ScorePart::Start,
        "doel" | "goal" => ScorePart::Goal,
        "eind" | "end" => ScorePart::End,
        _ => return None,
    };
    Some(
        vocabulary
            .zrm_domain(domain)
            .map(|d| (d, part))
            .map_err(|_| FileProblem::UnknownZrmColumn {
                column: header.to_string(),
            }),
    )
}

struct Header {
    map: ColumnMap,
    wide: Vec<WideColumn>,
    unknown: Vec<String>,
}

fn map_header(
    kind: FileKind,
    table: &Table,
    vocabulary: &Vocabulary,
) -> Result<Header, FileProblem> {
    let mut header = Header {
        map: ColumnMap::default(),
        wide: Vec::new(),
        unknown: Vec::new(),
    };
    let mut wide_seen = HashMap::new();
    for (index, cell) in table.header.iter().enumerate() {
        if cell.is_empty() {
            continue;
        }
        if let Some(column) = kind.column(cell) {
            if header
                .map
                .columns
                .insert(column.name, (index, cell.clone()))
                .is_some()
            {
                return Err(FileProblem::DuplicateColumn {
                    column: cell.clone(),
                });
            }
        } else if let Some(wide) = (kind == FileKind::Registrations)
            .then(|| wide_column(cell, vocabulary))
            .flatten()
        {
            let (domain, part) = wide?;
            if wide_seen.insert((domain.clone(), part as u8), ()).is_some() {
                return Err(FileProblem::DuplicateColumn {
                    column: cell.clone(),
                });
            }
            header.wide.push(WideColumn {
                index,
                header: cell.clone(),
                domain,
                part,
            });
        } else {
            header.unknown.push(cell.clone());
        }
    }
    if header.map.columns.is_empty() {
        return Err(FileProblem::NoHeader);
    }
    let missing: Vec<String> = kind
        .columns()
        .iter()
        .filter(|c| c.required && !header.map.has(c.name))
        .map(|c| c.name.to_string())
        .collect();
    if !missing.is_empty() {
        return Err(FileProblem::MissingColumns {
            kind: domain::Coded::code(kind).into(),
            columns: missing,
        });
    }
    Ok(header)
}

/// Parses every row of a table as `kind`. `default_organisation` names the
/// organisation of rows without an `organisation` column (`--organisation`).
/// A problem with the file as a whole (header) comes back as `Err`; row
/// problems are lines in the [`ParsedFile`].
pub fn parse_table(
    kind: FileKind,
    table: &Table,
    default_organisation: Option<&OrganisationCode>,
    lookup: &dyn Lookup,
) -> Result<ParsedFile, FileProblem> {
    let mut parser = Parser::new(kind, table, default_organisation, lookup)?;
    Ok(parser.parse(0..table.len(), lookup, &mut |_| {}))
}

/// Rows between two progress reports of [`Parser::parse`].
pub const PROGRESS_STEP: u64 = 1024;

/// Parses a table's rows part by part, so that an import holds the records
/// of one part at a time; what must hold across the whole file (an id
/// once, a survey of one kind and year) is remembered between parts.
pub struct Parser<'t> {
    kind: FileKind,
    table: &'t Table<'t>,
    default_organisation: Option<&'t OrganisationCode>,
    header: Header,
    keys: Keys,
    surveys: HashMap<String, (SurveyKind, i32)>,
    /// The owner of a file of the installation's public statistics
    /// ([`FileKind::may_be_public`]): rows without an organisation, read
    /// for none.
    installation: Option<Organisation>,
}

impl<'t> Parser<'t> {
    /// Maps the header onto the kind's columns; a problem with the file as
    /// a whole comes back as `Err`.
    pub fn new(
        kind: FileKind,
        table: &'t Table<'t>,
        default_organisation: Option<&'t OrganisationCode>,
        lookup: &dyn Lookup,
    ) -> Result<Self, FileProblem> {
        let header = map_header(kind, table, lookup.vocabulary())?;
        let public = kind.may_be_public()
            && !header.map.has("organisation")
            && default_organisation.is_none();
        if kind != FileKind::Organisations && !header.map.has("organisation") && !public {
            match default_organisation {
                None => return Err(FileProblem::Other {
                    detail:
                        "the file has no organisation column; name the organisation with --organisation"
                            .into(),
                }),
                Some(code) if lookup.organisation(code).is_none() => {
                    return Err(FileProblem::Other {
                        detail: format!("unknown organisation {code}; import organisations.csv first"),
                    })
                }
                Some(_) => {}
            }
        }
        Ok(Self {
            kind,
            table,
            default_organisation,
            header,
            keys: Keys::for_rows(table.len()),
            surveys: HashMap::new(),
            installation: public.then(installation),
        })
    }

    /// Whether the file holds the installation's public statistics.
    pub fn is_public(&self) -> bool {
        self.installation.is_some()
    }

    /// Header cells that name no column of the kind (ignored).
    pub fn unknown_columns(&self) -> &[String] {
        &self.header.unknown
    }

    /// Parses the rows `range`, telling `progress` every [`PROGRESS_STEP`]
    /// rows how many more were read.
    pub fn parse(
        &mut self,
        range: std::ops::Range<usize>,
        lookup: &dyn Lookup,
        progress: &mut dyn FnMut(u64),
    ) -> ParsedFile {
        let mut parsed = ParsedFile::default();
        let (start, mut reported) = (range.start, 0);
        for (index, row) in range.clone().zip(self.table.rows(range.clone())) {
            if (index - start) as u64 == reported + PROGRESS_STEP {
                progress(PROGRESS_STEP);
                reported += PROGRESS_STEP;
            }
            match self.row(index, &row, lookup) {
                Ok(record) => parsed.records.push((index, record)),
                Err(errors) => {
                    parsed.list_errors(errors, lookup.limits().errors_listed);
                    parsed.rejected.push(index);
                }
            }
        }
        progress(range.len() as u64 - reported);
        parsed
    }

    /// The key of the record of row `index`, read again.
    fn key_of_row(&self, index: usize, lookup: &dyn Lookup) -> Option<String> {
        let row = self.table.row(index);
        let mut reader = RowReader::new(&row, &self.header.map);
        let ctx = RowContext {
            default_organisation: self.default_organisation,
            installation: self.installation.as_ref(),
            lookup,
            wide: &self.header.wide,
        };
        parse_row(self.kind, &mut reader, &ctx).map(|r| r.key())
    }

    /// One row: its record, or the lines of its problems.
    fn row(
        &mut self,
        index: usize,
        row: &SourceRow,
        lookup: &dyn Lookup,
    ) -> Result<Record, Vec<RowError>> {
        let mut reader = RowReader::new(row, &self.header.map);
        let columns = self.table.header.len();
        if row.cells.len() > columns {
            reader.fail(
                Field::Record,
                Problem::Conflict {
                    detail: format!(
                        "the row has {} values, the header {columns} columns",
                        row.cells.len(),
                    ),
                },
            );
        }
        let ctx = RowContext {
            default_organisation: self.default_organisation,
            installation: self.installation.as_ref(),
            lookup,
            wide: &self.header.wide,
        };
        let record = parse_row(self.kind, &mut reader, &ctx);
        if let Some(record) = &record {
            let mut keys = std::mem::take(&mut self.keys);
            if let Some(first) = keys.given_before(index, record, |r| self.key_of_row(r, lookup)) {
                reader.fail(
                    Field::Named(id_column(record)),
                    Problem::Duplicate {
                        first_line: self.table.line(first),
                    },
                );
            }
            self.keys = keys;
            check_survey(record, &mut reader, &mut self.surveys);
        }
        match record {
            Some(record) if reader.errors.is_empty() => Ok(record),
            _ => {
                if reader.errors.is_empty() {
                    reader.fail(
                        Field::Record,
                        Problem::Conflict {
                            detail: "the row is invalid".into(),
                        },
                    );
                }
                Err(reader.errors)
            }
        }
    }
}

/// The keys of a file's rows so far, each remembered by a 32-bit hash with
/// the row that gave it first: a file of 10^6 rows keeps about 8 bytes a
/// row, not its keys as text.
#[derive(Default)]
struct Keys<S = FxBuildHasher> {
    hasher: S,
    first_row_of: HashMap<u32, u32, FxBuildHasher>,
    /// Keys whose hash an earlier, different key has, as text.
    collided: HashMap<String, usize>,
    /// The key of the row being read (one buffer for every row).
    key: String,
}

impl Keys {
    /// Keys with room for a file of `rows` rows made at once (grown row by
    /// row, the old and the new room are held together while it grows).
    fn for_rows(rows: usize) -> Self {
        let mut keys = Self::default();
        keys.first_row_of.reserve(rows);
        keys
    }
}

impl<S: BuildHasher> Keys<S> {
    /// The earlier row of the file with the record's key, if any; a hash
    /// seen before is confirmed by the key of that row, read again by
    /// `key_of_row`.
    fn given_before(
        &mut self,
        index: usize,
        record: &Record,
        key_of_row: impl FnOnce(usize) -> Option<String>,
    ) -> Option<usize> {
        if matches!(
            record,
            Record::SurveyAnswer {
                aggregated: false,
                ..
            }
        ) {
            return None; // raw answers repeat by nature: one row per respondent
        }
        record.write_key(&mut self.key);
        let hash = self.hasher.hash_one(&self.key);
        let hash = (hash ^ (hash >> 32)) as u32;
        if let Ok(row) = u32::try_from(index) {
            let first = *self.first_row_of.entry(hash).or_insert(row) as usize;
            if first == index {
                return None;
            }
            if key_of_row(first).as_ref() == Some(&self.key) {
                return Some(first);
            }
        }
        let first = *self.collided.entry(self.key.clone()).or_insert(index);
        (first != index).then_some(first)
    }
}

/// The column that names a record of this kind (the first of the columns
/// that identify it), for the line that says it is given twice.
fn id_column(record: &Record) -> &'static str {
    match record {
        Record::Organisation(_) => "organisation",
        Record::Partner(_) => "partner_id",
        Record::Theme(_) => "theme",
        Record::Goal(_) => "goal_id",
        Record::Effort(_) => "effort_id",
        Record::Registration { .. } | Record::ZrmScores(_) => "registration_id",
        Record::Collective(_) => "activity",
        Record::ReachPlan(_) => "societal_task",
        Record::Survey(_) | Record::SurveyAnswer { .. } => "survey",
        Record::Indicator(_) | Record::Context(_) => "indicator",
        Record::Narrative(_) => "section",
        Record::AreaProfile(_) => "area",
    }
}

fn check_survey(
    record: &Record,
    reader: &mut RowReader,
    seen: &mut HashMap<String, (SurveyKind, i32)>,
) {
    let Record::SurveyAnswer { survey, .. } = record else {
        return;
    };
    let key = format!("{}\u{1f}{}", survey.organisation, survey.id);
    let (kind, year) = *seen.entry(key).or_insert((survey.kind, survey.year));
    if kind != survey.kind {
        reader.fail(
            Field::Named("kind"),
            Problem::Conflict {
                detail: format!("the survey is of kind {}", kind.code()),
            },
        );
    }
    if year != survey.year {
        reader.fail(
            Field::Named("year"),
            Problem::Conflict {
                detail: format!("the survey is of year {year}"),
            },
        );
    }
}

/// The owner of the installation's public statistics as rows read them:
/// no municipalities, no areas of its own.
fn installation() -> Organisation {
    Organisation {
        code: OrganisationCode::installation(),
        name: String::new(),
        municipalities: Vec::new(),
        areas: Vec::new(),
    }
}

struct RowContext<'a> {
    default_organisation: Option<&'a OrganisationCode>,
    installation: Option<&'a Organisation>,
    lookup: &'a dyn Lookup,
    wide: &'a [WideColumn],
}

impl RowContext<'_> {
    /// The row's organisation: its `organisation` cell, or the import's,
    /// or in a file of public statistics the installation.
    fn organisation<'r>(&'r self, r: &mut RowReader) -> Option<&'r Organisation> {
        let code = match r.text("organisation") {
            Some(_) => r.required("organisation", OrganisationCode::parse)?,
            None => match self.default_organisation {
                Some(code) => code.clone(),
                None if self.installation.is_some() => return self.installation,
                None => {
                    r.fail(Field::Named("organisation"), Problem::Missing);
                    return None;
                }
            },
        };
        let found = self.lookup.organisation(&code);
        if found.is_none() {
            r.fail(
                Field::Named("organisation"),
                Problem::Unknown {
                    what: "organisation",
                },
            );
        }
        found
    }
}

fn parse_row(kind: FileKind, r: &mut RowReader, ctx: &RowContext) -> Option<Record> {
    if kind == FileKind::Organisations {
        return organisation(r);
    }
    let org = ctx.organisation(r);
    let v = ctx.lookup.vocabulary();
    let record = match kind {
        FileKind::Organisations => unreachable!("handled above"),
        FileKind::Partners => partner(r, org?),
        FileKind::Themes => theme(r, org?, v),
        FileKind::Goals => goal(r, org?, ctx.lookup),
        FileKind::Efforts => effort(r, org?, ctx.lookup),
        FileKind::Registrations => registration(r, org?, ctx),
        FileKind::ZrmScores => zrm_scores(r, org?, ctx.lookup),
        FileKind::Collective => collective(r, org?, ctx.lookup),
        FileKind::ReachPlan => reach_plan(r, org?),
        FileKind::Surveys => survey(r, org?, ctx.lookup),
        FileKind::Survey => survey_answer(r, org?, ctx.lookup),
        FileKind::Indicators => indicator(r, org?),
        FileKind::Context => context(r, org?),
        FileKind::Narrative => narrative(r, org?, ctx.lookup),
        FileKind::AreaProfiles => area_profile(r, org?),
    };
    record
}

fn organisation(r: &mut RowReader) -> Option<Record> {
    let code = r.required("organisation", OrganisationCode::parse);
    let name = r.required("name", parse_text);
    let municipalities = r.list("municipalities", MunicipalityCode::parse);
    if municipalities.is_empty() && r.text("municipalities").is_none() {
        r.fail(Field::Named("municipalities"), Problem::Missing);
    }
    let areas = r.list("areas", AreaName::parse);
    Some(Record::Organisation(Organisation {
        code: code?,
        name: name?,
        municipalities,
        areas,
    }))
}

fn pg_list(r: &mut RowReader, v: &Vocabulary) -> Vec<PgDimension> {
    r.list("pg_dimensions", |s| v.pg_dimension(s))
}

fn partner(r: &mut RowReader, org: &Organisation) -> Option<Record> {
    let id = r.required("partner_id", Id::parse);
    let name = r.required("name", parse_text);
    let sector = r.required("sector", PartnerSector::parse);
    let line = r.required("line", PartnerLine::parse);
    let areas = r.list("areas", |s| org.area(s));
    Some(Record::Partner(Partner {
        organisation: org.code.clone(),
        id: id?,
        name: name?,
        sector: sector?,
        line: line?,
        areas,
    }))
}

fn theme(r: &mut RowReader, org: &Organisation, v: &Vocabulary) -> Option<Record> {
    let code = r.required("theme", Id::parse);
    let name = r.required("name", parse_text);
    let year = r.required("year", parse_year);
    let zrm_domains = r.list("zrm_domains", |s| v.zrm_domain(s));
    let societal_task = r.optional("societal_task", parse_text);
    let context_indicators = r.list("context_indicators", Id::parse);
    let continues = r.optional("continues", Id::parse);
    Some(Record::Theme(Theme {
        organisation: org.code.clone(),
        code: code?,
        name: name?,
        year: year?,
        zrm_domains,
        societal_task,
        context_indicators,
        continues,
    }))
}

fn known_theme<'a>(
    lookup: &'a dyn Lookup,
    org: &'a Organisation,
) -> impl Fn(&str) -> Result<Id, Problem> + 'a {
    move |s| {
        let id = Id::parse(s)?;
        if lookup.has_theme(&org.code, &id) {
            Ok(id)
        } else {
            Err(Problem::Unknown {
                what: "theme of this organisation's DIN",
            })
        }
    }
}

fn known_goal<'a>(
    lookup: &'a dyn Lookup,
    org: &'a Organisation,
) -> impl Fn(&str) -> Result<Id, Problem> + 'a {
    move |s| {
        let id = Id::parse(s)?;
        if lookup.has_goal(&org.code, &id) {
            Ok(id)
        } else {
            Err(Problem::Unknown {
                what: "goal of this organisation's DIN",
            })
        }
    }
}

fn known_partner<'a>(
    lookup: &'a dyn Lookup,
    org: &'a Organisation,
) -> impl Fn(&str) -> Result<Id, Problem> + 'a {
    move |s| {
        lookup.partner(&org.code, s).ok_or(Problem::Unknown {
            what: "partner of this organisation's DIN",
        })
    }
}

fn goal(r: &mut RowReader, org: &Organisation, lookup: &dyn Lookup) -> Option<Record> {
    let id = r.required("goal_id", Id::parse);
    let theme = r.required("theme", known_theme(lookup, org));
    let goal_type = r.required("type", GoalType::parse);
    let text_operational = r.required("text_operational", parse_text);
    let text_original = r.optional("text_original", parse_text);
    let pg_dimensions = pg_list(r, lookup.vocabulary());
    let target = Target {
        indicator: r.optional("target_indicator", parse_text),
        baseline: r.optional("target_baseline", parse_quantity),
        value: r.optional("target_value", parse_quantity),
        date: r.optional("target_date", |s| lookup.limits().dates.parse(s)),
    };
    let key_figures = r.list("key_figures", |s| key_figure(lookup.vocabulary(), s));
    Some(Record::Goal(Goal {
        organisation: org.code.clone(),
        id: id?,
        theme: theme?,
        goal_type: goal_type?,
        text_operational: text_operational?,
        text_original,
        pg_dimensions,
        target,
        key_figures,
    }))
}

fn effort(r: &mut RowReader, org: &Organisation, lookup: &dyn Lookup) -> Option<Record> {
    let id = r.required("effort_id", Id::parse);
    let name = r.required("name", parse_text);
    let category = r.required("category", EffortCategory::parse);
    let fields = EffortFields {
        organisation: org.code.clone(),
        description: r.optional("description", parse_text),
        goals: r.list("goals", known_goal(lookup, org)),
        themes: r.list("themes", known_theme(lookup, org)),
        pg_dimensions: pg_list(r, lookup.vocabulary()),
        nature: r.optional("nature", Nature::parse),
        partners: r.list("partners", known_partner(lookup, org)),
        started: r.optional("started", |s| lookup.limits().dates.parse(s)),
        stopped: r.optional("stopped", |s| lookup.limits().dates.parse(s)),
        stop_reason: r.optional("stop_reason", parse_text),
        id: id?,
        name: name?,
        category: category?,
    };
    Effort::new(fields)
        .map(Record::Effort)
        .map_err(|p| r.fail_all(p))
        .ok()
}

fn client(r: &mut RowReader, lookup: &dyn Lookup) -> Option<ClientPseudonym> {
    let code = r.text("client_code");
    let pseudonym = r.optional("client_pseudonym", ClientPseudonym::parse);
    match (code, pseudonym) {
        (Some(_), Some(_)) => {
            r.fail(
                Field::Named("client_pseudonym"),
                Problem::Conflict {
                    detail: "give client_code or client_pseudonym, not both".into(),
                },
            );
            None
        }
        (Some(code), None) => Some(lookup.pseudonymiser().pseudonym(code)),
        (None, pseudonym) => pseudonym,
    }
}

fn registration(r: &mut RowReader, org: &Organisation, ctx: &RowContext) -> Option<Record> {
    let lookup = ctx.lookup;
    let v = lookup.vocabulary();
    let id = r.required("registration_id", Id::parse);
    let form = r.required("form", SupportForm::parse);
    let dates = &ctx.lookup.limits().dates;
    let start_date = r.required("start_date", |s| dates.parse(s));
    let main_domain = r.required("main_domain", |s| v.zrm_domain(s));
    let area = r.optional("area", |s| org.area(s));
    let end_date = r.optional("end_date", |s| dates.parse(s));
    let first_contact_date = r.optional("first_contact_date", |s| dates.parse(s));
    let waiting_since = r.optional("waiting_since", |s| dates.parse(s));
    let client = client(r, lookup);
    let age_group = r.optional("age_group", AgeGroup::parse);
    let birth_year = r.optional("birth_year", BirthYear::parse);
    let service = r.optional("service", parse_text);
    let pg_dimensions = pg_list(r, v);
    let referred_by = r.optional("referred_by", known_partner(lookup, org));
    let referred_to = r.list("referred_to", known_partner(lookup, org));
    let (Some(id), Some(form), Some(start_date), Some(main_domain)) =
        (id, form, start_date, main_domain)
    else {
        unreadable_scores(r, ctx.wide);
        return None;
    };
    let fields = RegistrationFields {
        organisation: org.code.clone(),
        id,
        area,
        form,
        start_date,
        end_date,
        first_contact_date,
        waiting_since,
        client,
        age_group,
        birth_year,
        main_domain,
        service,
        pg_dimensions,
        referred_by,
        referred_to,
    };
    let age_unreadable = r.column_failed("age_group") || r.column_failed("birth_year");
    let registration = match Registration::new(fields) {
        Ok(reg) => reg,
        Err(problems) => {
            // An unreadable age is reported once, not again as "give this or …".
            let problems = problems
                .into_iter()
                .filter(|(_, p)| !(age_unreadable && matches!(p, Problem::NeitherGiven { .. })))
                .collect();
            r.fail_all(problems);
            unreadable_scores(r, ctx.wide);
            return None;
        }
    };
    let wide_scores = wide_scores(r, ctx.wide, &registration);
    Some(Record::Registration {
        registration,
        wide_scores,
    })
}

/// Reports the wide ZRM values that are no score, for a row refused for
/// other reasons, so that every wrong value is named at once.
fn unreadable_scores(r: &mut RowReader, wide: &[WideColumn]) {
    for column in wide {
        if let Some(raw) = r.text_at(column.index) {
            if let Err(problem) = ZrmScore::parse(raw) {
                r.fail_value_header(&column.header, raw, problem);
            }
        }
    }
}

fn wide_scores(
    r: &mut RowReader,
    wide: &[WideColumn],
    registration: &Registration,
) -> Vec<DomainScores> {
    let mut by_domain: Vec<DomainScores> = Vec::new();
    for column in wide {
        let position = match by_domain.iter().position(|s| s.domain == column.domain) {
            Some(p) => p,
            None => {
                by_domain.push(DomainScores {
                    organisation: registration.organisation.clone(),
                    registration: registration.id.clone(),
                    domain: column.domain.clone(),
                    start: None,
                    goal: None,
                    end: None,
                });
                by_domain.len() - 1
            }
        };
        let raw = r.text_at(column.index);
        let Some(raw) = raw else { continue };
        let score = match ZrmScore::parse(raw) {
            Ok(s) => s,
            Err(problem) => {
                r.fail_value_header(&column.header, raw, problem);
                continue;
            }
        };
        let scores = &mut by_domain[position];
        match column.part {
            ScorePart::Start => scores.start = Some(score),
            ScorePart::Goal => scores.goal = Some(score),
            ScorePart::End => scores.end = Some(score),
        }
    }
    for scores in &by_domain {
        for (field, problem) in registration.check_scores(scores) {
            let part = if field == Field::Named("goal_score") {
                ScorePart::Goal
            } else {
                ScorePart::End
            };
            let column = wide
                .iter()
                .find(|c| c.domain == scores.domain && c.part == part);
            if let Some(column) = column {
                let value = r.text_at(column.index).unwrap_or("").to_string();
                r.fail_value_header(&column.header, &value, problem);
            }
        }
    }
    by_domain
}

fn zrm_scores(r: &mut RowReader, org: &Organisation, lookup: &dyn Lookup) -> Option<Record> {
    let registration_id = r.required("registration_id", Id::parse);
    let domain = r.required("domain", |s| lookup.vocabulary().zrm_domain(s));
    let start = r.optional("start_score", ZrmScore::parse);
    let goal = r.optional("goal_score", ZrmScore::parse);
    let end = r.optional("end_score", ZrmScore::parse);
    let registration_id = registration_id?;
    let Some(rules) = lookup.registration(&org.code, &registration_id) else {
        r.fail(
            Field::Named("registration_id"),
            Problem::Unknown {
                what: "registration (import registrations.csv first or with it)",
            },
        );
        return None;
    };
    let scores = DomainScores {
        organisation: org.code.clone(),
        registration: registration_id,
        domain: domain?,
        start,
        goal,
        end,
    };
    let problems = rules.check(&scores);
    if !problems.is_empty() {
        r.fail_all(problems);
        return None;
    }
    Some(Record::ZrmScores(scores))
}

/// A figure shown beside a goal: a computed one (`escalation_rate`,
/// `referred_on`, `goal_realisation:<domain>`, `goal_coverage:<domain>`,
/// the domain by code or name) or a context indicator's code.
fn key_figure(vocabulary: &Vocabulary, raw: &str) -> Result<String, Problem> {
    match raw.split_once(':') {
        Some((id @ ("goal_realisation" | "goal_coverage"), domain)) => {
            let domain = vocabulary.zrm_domain(domain)?;
            Ok(format!("{id}:{}", domain.as_str()))
        }
        Some(_) => Err(Problem::UnknownCode {
            allowed: "escalation_rate, referred_on, goal_realisation:<ZRM domain>, \
                      goal_coverage:<ZRM domain>, or a context indicator's code"
                .into(),
        }),
        None => Id::parse(raw).map(|id| id.to_string()),
    }
}

/// A collective activity of the organisation's DIN, by id or name: its id.
fn known_activity(lookup: &dyn Lookup, org: &Organisation, raw: &str) -> Result<Id, Problem> {
    lookup
        .collective_activity(&org.code, raw)
        .ok_or(Problem::Unknown {
            what: "collective activity in the DIN",
        })
}

fn collective(r: &mut RowReader, org: &Organisation, lookup: &dyn Lookup) -> Option<Record> {
    let activity = r.required("activity", |s| known_activity(lookup, org, s));
    let dates = &lookup.limits().dates;
    let period_start = r.required("period_start", |s| dates.parse(s));
    let period_end = r.required("period_end", |s| dates.parse(s));
    let fields = CollectiveFields {
        organisation: org.code.clone(),
        area: r.optional("area", |s| org.area(s)),
        group: r.optional("group", parse_text),
        meetings: r.optional("meetings", parse_count),
        participants_total: r.optional("participants_total", parse_count),
        participants_avg: r.optional("participants_avg", Participants::parse),
        nature: r.optional("nature", Nature::parse),
        pg_dimensions: pg_list(r, lookup.vocabulary()),
        strength_start: r.optional("group_strength_start", GroupStrength::parse),
        strength_end: r.optional("group_strength_end", GroupStrength::parse),
        status: r
            .optional("status", CollectiveStatus::parse)
            .unwrap_or(CollectiveStatus::Active),
        activity: activity?,
        period_start: period_start?,
        period_end: period_end?,
    };
    CollectivePeriod::new(fields)
        .map(Record::Collective)
        .map_err(|p| r.fail_all(p))
        .ok()
}

fn reach_plan(r: &mut RowReader, org: &Organisation) -> Option<Record> {
    let year = r.required("year", parse_year);
    let societal_task = r.required("societal_task", parse_text);
    let service = r.optional("service", parse_text);
    let planned = r.required("planned", parse_count);
    let achieved = r.optional("achieved", parse_count);
    Some(Record::ReachPlan(ReachPlan {
        organisation: org.code.clone(),
        year: year?,
        societal_task: societal_task?,
        service,
        planned: planned?,
        achieved,
    }))
}

fn survey(r: &mut RowReader, org: &Organisation, lookup: &dyn Lookup) -> Option<Record> {
    let id = r.required("survey", Id::parse);
    let kind = r.required("kind", SurveyKind::parse);
    let year = r.required("year", parse_year);
    let asked = r.optional("asked", parse_count);
    let responses = r.optional("responses", parse_count);
    let activity = r.optional("activity", |s| known_activity(lookup, org, s));
    let survey = Survey {
        organisation: org.code.clone(),
        id: id?,
        kind: kind?,
        year: year?,
        asked,
        responses,
        activity,
    };
    match survey.check() {
        Ok(()) => Some(Record::Survey(survey)),
        Err((field, problem)) => {
            r.fail(field, problem);
            None
        }
    }
}

fn parse_answer(raw: &str) -> Result<String, Problem> {
    let s = raw.trim();
    if matches!(fold(s).as_str(), "nvt" | "n_v_t" | "niet_van_toepassing") {
        Ok("nvt".into())
    } else {
        Ok(s.to_string())
    }
}

fn survey_answer(r: &mut RowReader, org: &Organisation, lookup: &dyn Lookup) -> Option<Record> {
    let id = r.required("survey", Id::parse);
    let kind = r.required("kind", SurveyKind::parse);
    let year = r.required("year", parse_year);
    let question = r.required("question", parse_text);
    let answer = r.required("answer", parse_answer);
    let count = r.optional("count", parse_count);
    let survey = Survey {
        organisation: org.code.clone(),
        id: id?,
        kind: kind?,
        year: year?,
        asked: None,
        responses: None,
        activity: None,
    };
    if let Some(stored) = lookup.survey(&org.code, &survey.id) {
        if stored.kind != survey.kind {
            r.fail(
                Field::Named("kind"),
                Problem::Conflict {
                    detail: format!("survey {} is of kind {}", stored.id, stored.kind.code()),
                },
            );
        }
        if stored.year != survey.year {
            r.fail(
                Field::Named("year"),
                Problem::Conflict {
                    detail: format!("survey {} is of year {}", stored.id, stored.year),
                },
            );
        }
    }
    let answer = SurveyAnswer {
        organisation: org.code.clone(),
        survey: survey.id.clone(),
        question: question?,
        answer: answer?,
        count: count.unwrap_or(1),
    };
    Some(Record::SurveyAnswer {
        survey,
        answer,
        aggregated: r.text("count").is_some(),
    })
}

fn parse_context_value(raw: &str) -> Result<Option<Decimal>, Problem> {
    match raw.trim() {
        "" | "." | "x" | "-" => Ok(None),
        s => Decimal::parse(s).map(Some),
    }
}

fn indicator(r: &mut RowReader, org: &Organisation) -> Option<Record> {
    let indicator = r.required("indicator", Id::parse);
    let name = r.required("name", parse_text);
    let definition = IndicatorDefinition {
        organisation: org.code.clone(),
        indicator: indicator?,
        name: name?,
        unit: r.optional("unit", parse_text),
        source: r.optional("source", parse_text),
        table_id: r.optional("table_id", parse_text),
        measure: r.optional("measure", parse_text),
    };
    match definition.check() {
        Ok(()) => Some(Record::Indicator(definition)),
        Err((field, problem)) => {
            r.fail(field, problem);
            None
        }
    }
}

fn context(r: &mut RowReader, org: &Organisation) -> Option<Record> {
    let indicator = r.required("indicator", Id::parse);
    let region = r.required("region_code", |s| {
        RegionCode::parse_cbs(s)
            .or_else(|| org.area(s).ok().map(|a| RegionCode::area(&a)))
            .or_else(|| Classification::builtin().resolve(s).map(|c| c.code.clone()))
            .ok_or(Problem::Unknown {
                what: "region (a CBS code such as GM1969, a municipality's or province's name as CBS writes it, or an area of this organisation)",
            })
    });
    let period = r.required("period", Period::parse);
    let value = match r.text("value") {
        None => None,
        Some(_) => r.optional("value", parse_context_value).flatten(),
    };
    Some(Record::Context(ContextValue {
        organisation: org.code.clone(),
        indicator: indicator?,
        region: region?,
        region_name: r.optional("region_name", parse_text),
        period: period?,
        value,
        unit: r.optional("unit", parse_text),
        source: r.optional("source", parse_text),
        table_id: r.optional("table_id", parse_text),
    }))
}

fn narrative(r: &mut RowReader, org: &Organisation, lookup: &dyn Lookup) -> Option<Record> {
    let theme = r.optional("theme", known_theme(lookup, org));
    let year = r.required("year", parse_year);
    let section = r.required("section", NarrativeSection::parse);
    let goal = r.optional("goal", known_goal(lookup, org));
    let text = r.required("text", |s| Ok(s.to_string()));
    match (section, &goal) {
        (Some(NarrativeSection::Interpretation), None) if r.text("goal").is_none() => {
            r.fail(
                Field::Named("goal"),
                Problem::RequiresOther {
                    other: "section duiding",
                },
            );
        }
        (Some(s), Some(_)) if s != NarrativeSection::Interpretation => {
            r.fail(
                Field::Named("goal"),
                Problem::Conflict {
                    detail: "a goal belongs only to section duiding".into(),
                },
            );
        }
        _ => {}
    }
    let scope = section.map(NarrativeSection::scope);
    let has_theme = r.text("theme").is_some();
    match (scope, has_theme) {
        (Some(NarrativeScope::Theme), false) => r.fail(
            Field::Named("theme"),
            Problem::RequiresOther {
                other: "section duiding or citaat",
            },
        ),
        (Some(NarrativeScope::Monitor), true) => r.fail(
            Field::Named("theme"),
            Problem::Conflict {
                detail:
                    "this section is a text of the annual monitor as a whole: leave the theme empty"
                        .into(),
            },
        ),
        _ => {}
    }
    Some(Record::Narrative(Narrative {
        organisation: org.code.clone(),
        theme,
        year: year?,
        section: section?,
        goal,
        text: text?,
    }))
}

fn area_profile(r: &mut RowReader, org: &Organisation) -> Option<Record> {
    let area = r.required("area", |s| org.area(s));
    let municipality = r.required("municipality", |s| {
        let m = MunicipalityCode::parse(s)?;
        if org.works_for(&m) {
            Ok(m)
        } else {
            Err(Problem::Unknown {
                what: "municipality of this organisation",
            })
        }
    });
    let year = r.required("year", parse_year);
    let section = r.required("section", AreaProfileSection::parse);
    let text = r.required("text", |s| Ok(s.to_string()));
    Some(Record::AreaProfile(AreaProfile {
        organisation: org.code.clone(),
        area: area?,
        municipality: municipality?,
        year: year?,
        section: section?,
        text: text?,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Fixed;
    use crate::Limits;

    /// Gives every key the same hash, so that every key collides.
    #[derive(Default)]
    struct Colliding;

    impl BuildHasher for Colliding {
        type Hasher = Constant;
        fn build_hasher(&self) -> Constant {
            Constant
        }
    }

    struct Constant;

    impl std::hash::Hasher for Constant {
        fn finish(&self) -> u64 {
            7
        }
        fn write(&mut self, _: &[u8]) {}
    }

    #[test]
    fn a_key_is_a_duplicate_only_when_the_earlier_key_is_equal_also_when_hashes_collide() {
        let text = "partner_id,name,sector,line\n\
                    p1,Een,zorg,voorliggend\np2,Twee,zorg,voorliggend\np1,Een,zorg,voorliggend\n\
                    p2,Twee,zorg,voorliggend\np3,Drie,zorg,voorliggend\n";
        let table = crate::read_tables(text.as_bytes(), &Limits::default())
            .unwrap()
            .remove(0);
        let organisation = OrganisationCode::parse("deschans").unwrap();
        let lookup = Fixed::default();
        let mut parser = Parser::new(FileKind::Partners, &table, Some(&organisation), &lookup)
            .expect("a partners file");
        let records: Vec<Record> = (0..table.len())
            .map(|index| {
                let row = table.row(index);
                let mut reader = RowReader::new(&row, &parser.header.map);
                let ctx = RowContext {
                    default_organisation: Some(&organisation),
                    installation: None,
                    lookup: &lookup,
                    wide: &parser.header.wide,
                };
                parse_row(FileKind::Partners, &mut reader, &ctx).expect("a partner")
            })
            .collect();
        let mut keys = Keys::<Colliding>::default();
        let found: Vec<Option<usize>> = records
            .iter()
            .enumerate()
            .map(|(index, record)| keys.given_before(index, record, |r| Some(records[r].key())))
            .collect();
        assert_eq!(found, [None, None, Some(0), Some(1), None]);
        // The parser itself, with its real hash, finds the same.
        let parsed = parser.parse(0..table.len(), &lookup, &mut |_| {});
        assert_eq!(parsed.rejected, [2, 3]);
    }
}
