//! A source's rows as interchange rows, by a mapping: each mapped cell
//! moved to its interchange column, its value mapped to a code, its date
//! written `YYYY-MM-DD`; a client number or BSN replaced by its pseudonym
//! and a birth date by a birth year or age group here, so that the rows
//! the parser reads (and an upload kept for confirmation) hold nothing
//! that identifies a person.

use super::coding::Coding;
use super::privacy::Private;
use super::{Mapping, CLIENT_CODE};
use crate::kind::FileKind;
use crate::lookup::Lookup;
use crate::report::{FileProblem, RowError};
use crate::table::{SourceRow, Table};
use chrono::Datelike;
use domain::fold::fold;
use domain::{AgeGroup, Coded, Date, Organisation, Problem};
use std::collections::{BTreeMap, HashMap};

/// A value of the source that the mapping does not know and that is no
/// code of its column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue {
    /// The source's column.
    pub source: String,
    /// The interchange column it fills.
    pub column: String,
    /// The value as the source writes it.
    pub value: String,
    /// In how many rows.
    pub count: usize,
}

/// Where an interchange column's values come from.
#[derive(Debug, Clone)]
enum From {
    /// The source's column at this place.
    Column {
        index: usize,
        source: String,
        to: String,
        private: Option<Private>,
    },
    /// One value for every row.
    Fixed(String),
}

/// An interchange column of the translated table.
#[derive(Debug, Clone)]
struct Out {
    /// The interchange header cell.
    header: String,
    from: From,
}

/// The source's rows as an interchange table.
#[derive(Debug, Clone)]
pub struct Translated {
    /// The rows the parser reads: interchange columns, pseudonyms, codes,
    /// ISO dates. Rows refused here are not in it.
    pub table: Table<'static>,
    /// Rows refused while translating, as interchange rows (a private
    /// value that could not be made safe is left empty).
    pub refused: Table<'static>,
    /// One line per value that could not be translated.
    pub errors: Vec<RowError>,
    /// Source columns the mapping does not name (ignored, reported).
    pub unmapped: Vec<String>,
    outs: Vec<Out>,
}

/// The elements of a cell of `column`: the `|`- or comma-separated values
/// of a list column, else the whole cell.
pub fn elements<'v>(column: &str, value: &'v str) -> Vec<&'v str> {
    match Coding::is_list(column) {
        true => value
            .split(['|', ','])
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect(),
        false => vec![value.trim()],
    }
}

/// Whether an interchange column holds dates.
pub fn is_date(column: &str) -> bool {
    matches!(
        column,
        "start_date"
            | "end_date"
            | "first_contact_date"
            | "waiting_since"
            | "period_start"
            | "period_end"
            | "started"
            | "stopped"
            | "target_date"
    )
}

/// The values of a column read to tell whether it holds personal data.
const LOOKED_AT: usize = 500;

/// What personal data a column of the table holds, told by its name and
/// its first values, whatever the mapping says: a saved or shared mapping
/// that does not mark it private still never stores it.
fn seen_private(
    kind: FileKind,
    table: &Table,
    first: &[SourceRow],
    index: usize,
) -> Option<Private> {
    let values: Vec<&str> = first
        .iter()
        .filter_map(|r| r.cells.get(index).map(String::as_str))
        .collect();
    super::privacy::detect(kind, &table.header[index], &values)
}

/// A value that is not shown: personal data.
const WITHHELD: &str = "";

impl Mapping {
    /// The interchange columns of the translated table, in the kind's
    /// order, each with where its values come from; `Err` names the mapped
    /// source columns the table lacks.
    fn outs(&self, kind: FileKind, table: &Table) -> Result<Vec<Out>, FileProblem> {
        let position = |source: &str| table.header.iter().position(|h| fold(h) == fold(source));
        let mut missing = Vec::new();
        let mut mapped: Vec<(String, From)> = Vec::new();
        // The first rows, read once for every column's check.
        let first: Vec<SourceRow> = table.rows(0..table.len().min(LOOKED_AT)).collect();
        for column in &self.columns {
            let Some(to) = column.to.clone() else {
                continue;
            };
            match position(&column.source) {
                Some(index) => {
                    let private = column
                        .private
                        .or_else(|| seen_private(kind, table, &first, index));
                    if let Some(private) = private.filter(|p| !p.may_fill(&to)) {
                        return Err(FileProblem::PrivateColumn {
                            column: column.source.clone(),
                            private: private.code().to_string(),
                        });
                    }
                    let source = column.source.clone();
                    mapped.push((
                        to.clone(),
                        From::Column {
                            index,
                            source,
                            to,
                            private,
                        },
                    ));
                }
                None => missing.push(column.source.clone()),
            }
        }
        if !missing.is_empty() {
            return Err(FileProblem::MappedColumnsMissing { columns: missing });
        }
        mapped.extend(
            self.fixed
                .iter()
                .map(|(c, v)| (c.clone(), From::Fixed(v.clone()))),
        );
        let order = |name: &str| {
            kind.columns()
                .iter()
                .position(|c| c.name == name)
                .unwrap_or(usize::MAX)
        };
        mapped.sort_by_key(|(to, _)| order(to));
        Ok(mapped
            .into_iter()
            .map(|(to, from)| Out {
                header: match to.as_str() {
                    CLIENT_CODE => "client_pseudonym".to_string(),
                    _ => to,
                },
                from,
            })
            .collect())
    }

    /// Translates a source's table (read with [`super::read_source`]) into
    /// an interchange table of the mapping's kind. The source's values the
    /// mapping does not know come back as [`FileProblem::UnknownValues`]:
    /// nothing of such a file is read further.
    pub fn translate(
        &self,
        table: &Table,
        org: &Organisation,
        lookup: &dyn Lookup,
    ) -> Result<Translated, FileProblem> {
        let kind = self.file_kind().map_err(|p| FileProblem::Other {
            detail: p.to_string(),
        })?;
        let outs = self.outs(kind, table)?;
        let unmapped = table
            .header
            .iter()
            .filter(|h| !self.columns.iter().any(|c| fold(&c.source) == fold(h)))
            .cloned()
            .collect();
        let mut row_of = Rows {
            mapping: self,
            kind,
            outs: &outs,
            org,
            lookup,
            unknown: BTreeMap::new(),
        };
        let (mut rows, mut refused, mut errors) = (Vec::new(), Vec::new(), Vec::new());
        for row in table.rows(0..table.len()) {
            let (cells, problems) = row_of.translate(&row);
            let translated = SourceRow {
                line: row.line,
                cells,
            };
            match problems.is_empty() {
                true => rows.push(translated),
                false => {
                    errors.extend(problems);
                    refused.push(translated);
                }
            }
        }
        if !row_of.unknown.is_empty() {
            let values = row_of
                .unknown
                .into_iter()
                .map(|((source, column, value), count)| UnknownValue {
                    source,
                    column,
                    value,
                    count,
                })
                .collect();
            return Err(FileProblem::UnknownValues {
                mapping: self.name.clone(),
                values,
            });
        }
        let header: Vec<String> = outs.iter().map(|o| o.header.clone()).collect();
        Ok(Translated {
            table: Table::from_rows(table.sheet.clone(), header.clone(), rows),
            refused: Table::from_rows(table.sheet.clone(), header, refused),
            errors,
            unmapped,
            outs,
        })
    }
}

/// Translating one row after another, counting the unknown values.
struct Rows<'a> {
    mapping: &'a Mapping,
    kind: FileKind,
    outs: &'a [Out],
    org: &'a Organisation,
    lookup: &'a dyn Lookup,
    unknown: BTreeMap<(String, String, String), usize>,
}

impl Rows<'_> {
    fn translate(&mut self, row: &SourceRow) -> (Vec<String>, Vec<RowError>) {
        let mut problems = Vec::new();
        let mut cells = Vec::with_capacity(self.outs.len());
        let mut births: Vec<(usize, Date)> = Vec::new();
        for out in self.outs {
            let (index, source, to, private) = match &out.from {
                From::Fixed(value) => {
                    cells.push(value.clone());
                    continue;
                }
                From::Column {
                    index,
                    source,
                    to,
                    private,
                } => (*index, source, to.as_str(), *private),
            };
            let raw = row.cells.get(index).map_or("", |c| c.trim());
            let fail = |value: &str, problem: Problem| RowError {
                line: row.line,
                column: format!("{source} ({to})"),
                value: value.to_string(),
                reason: problem.to_string(),
                problem: Some(problem),
            };
            let cell = if raw.is_empty() {
                String::new()
            } else if to == CLIENT_CODE {
                self.lookup
                    .pseudonymiser()
                    .pseudonym(raw)
                    .as_str()
                    .to_string()
            } else if private == Some(Private::BirthDate) {
                match self.mapping.dates.read(raw) {
                    Ok(born) => {
                        births.push((cells.len(), born));
                        String::new()
                    }
                    Err(problem) => {
                        problems.push(fail(WITHHELD, problem));
                        String::new()
                    }
                }
            } else if private.is_some() {
                String::new()
            } else if is_date(to) {
                match self.mapping.dates.read(raw) {
                    Ok(date) => domain::date::format_date(date),
                    Err(problem) => {
                        problems.push(fail(raw, problem));
                        raw.to_string()
                    }
                }
            } else {
                self.code(source, to, raw)
            };
            cells.push(cell);
        }
        for (at, born) in births {
            cells[at] = self.age(&self.outs[at], born, &cells);
        }
        (cells, problems)
    }

    /// A birth year, or the age group at the start date (empty without a
    /// start date: the parser then asks for an age).
    fn age(&self, out: &Out, born: Date, cells: &[String]) -> String {
        match out.header.as_str() {
            "age_group" => {
                let start = self
                    .outs
                    .iter()
                    .position(|o| o.header == "start_date")
                    .and_then(|i| chrono::NaiveDate::parse_from_str(&cells[i], "%Y-%m-%d").ok());
                start.map_or(String::new(), |start| {
                    let mut age = start.year() - born.year();
                    if (start.month(), start.day()) < (born.month(), born.day()) {
                        age -= 1;
                    }
                    AgeGroup::of_age(age).code().to_string()
                })
            }
            _ => born.year().to_string(),
        }
    }

    /// A value of a column: mapped to its code (the whole value, or each
    /// element of a list), a value the mapping does not know and that is no
    /// code counted as unknown.
    fn code(&mut self, source: &str, to: &str, raw: &str) -> String {
        let map = self.mapping.values.get(to);
        let mapped = |value: &str| -> Option<String> {
            let map = map?;
            map.get(value)
                .or_else(|| {
                    map.iter()
                        .find(|(k, _)| fold(k) == fold(value))
                        .map(|(_, v)| v)
                })
                .cloned()
        };
        if let Some(code) = mapped(raw) {
            return code;
        }
        let Some(coding) = Coding::of(self.kind, to) else {
            return raw.to_string();
        };
        let codes: Vec<String> = elements(to, raw)
            .into_iter()
            .map(|element| match mapped(element) {
                Some(code) => code,
                None => {
                    if !coding.accepts(element, self.org, self.lookup) {
                        let key = (source.to_string(), to.to_string(), element.to_string());
                        *self.unknown.entry(key).or_default() += 1;
                    }
                    element.to_string()
                }
            })
            .collect();
        codes.join("|")
    }
}

impl Translated {
    /// The parser's lines about the translated rows said in the source's
    /// terms: the column as "source (interchange)", the value as the
    /// source wrote it — or not at all for a private column.
    pub fn name_errors(&self, source: &Table, errors: &mut [RowError]) {
        let mut index_of: Option<HashMap<usize, usize>> = None;
        for error in errors.iter_mut() {
            let Some(out) = self.outs.iter().find(|o| o.header == error.column) else {
                continue;
            };
            let From::Column {
                index,
                source: name,
                to,
                private,
            } = &out.from
            else {
                continue; // a fixed value: named as the interchange names it
            };
            error.column = format!("{name} ({to})");
            if private.is_some() || to == CLIENT_CODE {
                error.value = WITHHELD.to_string();
                continue;
            }
            let rows = index_of
                .get_or_insert_with(|| (0..source.len()).map(|i| (source.line(i), i)).collect());
            if let Some(row) = rows.get(&error.line) {
                if let Some(value) = source.row(*row).cells.get(*index) {
                    error.value = value.trim().to_string();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::source::{read_source, HeaderRule};
    use crate::mapping::{DateFormat, SourceColumn};
    use crate::testing::Fixed;
    use crate::{parse_table, read_tables, Limits};

    fn mapping() -> Mapping {
        let column = |source: &str, to: Option<&str>, private: Option<Private>| SourceColumn {
            source: source.into(),
            to: to.map(Into::into),
            private,
        };
        Mapping {
            name: "Regicare".into(),
            kind: "registrations".into(),
            sheet: None,
            header: true,
            dates: DateFormat::DayFirst,
            columns: vec![
                column("Dossier", Some("registration_id"), None),
                column("Aanmelding", Some("start_date"), None),
                column("Soort", Some("form"), None),
                column("Hulpvraag", Some("main_domain"), None),
                column("Geboortedatum", Some("age_group"), Some(Private::BirthDate)),
                column("BSN", Some("client_code"), Some(Private::Bsn)),
                column("Naam", None, Some(Private::Name)),
            ],
            fixed: BTreeMap::new(),
            values: BTreeMap::from([(
                "form".to_string(),
                BTreeMap::from([("Info & Advies".to_string(), "informatie_advies".to_string())]),
            )]),
        }
    }

    const FOREIGN: &str = "Export;;;;;;\n\
        Dossier;Aanmelding;Soort;Hulpvraag;Geboortedatum;BSN;Naam\n\
        R1;03-02-2022;Info & Advies;Financiën;14-05-2005;111222333;Jan Jansen\n\
        R2;2022-02-13;Traject;financien;01-01-1990;123456782;Piet Pieters\n";

    #[test]
    fn a_foreign_file_gives_the_records_of_its_interchange_twin_and_keeps_nothing_private() {
        let lookup = Fixed::new();
        let org = lookup.organisation.clone();
        let source = read_source(
            FOREIGN.as_bytes(),
            None,
            HeaderRule::Find,
            &Limits::default(),
        )
        .unwrap();
        let translated = mapping().translate(&source.table, &org, &lookup).unwrap();
        assert!(translated.errors.is_empty(), "{:?}", translated.errors);
        let mut kept = String::new();
        for row in translated.table.rows(0..translated.table.len()) {
            kept.push_str(&row.cells.join(";"));
        }
        for private in ["111222333", "123456782", "Jan", "1990", "14-05-2005"] {
            assert!(!kept.contains(private), "{private} in {kept}");
        }
        let twin = "registration_id,start_date,form,main_domain,age_group,client_code\n\
            R1,2022-02-03,informatie_advies,financien,0-17,111222333\n\
            R2,2022-02-13,traject,financien,27-55,123456782\n";
        let tables = read_tables(twin.as_bytes(), &Limits::default()).unwrap();
        let code = Some(&org.code);
        let expected = parse_table(FileKind::Registrations, &tables[0], code, &lookup).unwrap();
        let got = parse_table(FileKind::Registrations, &translated.table, code, &lookup).unwrap();
        assert!(got.errors.is_empty(), "{:?}", got.errors);
        let records = |p: &crate::ParsedFile| {
            p.records
                .iter()
                .map(|(_, r)| format!("{r:?}"))
                .collect::<Vec<_>>()
        };
        assert_eq!(records(&got), records(&expected));
    }

    #[test]
    fn an_unknown_value_stops_the_file_with_the_value_named() {
        let lookup = Fixed::new();
        let org = lookup.organisation.clone();
        let file = FOREIGN.replace("Traject", "Maatjeszorg");
        let source =
            read_source(file.as_bytes(), None, HeaderRule::Find, &Limits::default()).unwrap();
        let problem = mapping()
            .translate(&source.table, &org, &lookup)
            .unwrap_err();
        assert_eq!(
            problem,
            FileProblem::UnknownValues {
                mapping: "Regicare".into(),
                values: vec![UnknownValue {
                    source: "Soort".into(),
                    column: "form".into(),
                    value: "Maatjeszorg".into(),
                    count: 1
                }]
            }
        );
    }

    #[test]
    fn a_personal_column_the_mapping_does_not_mark_is_still_never_stored() {
        let lookup = Fixed::new();
        let org = lookup.organisation.clone();
        let source = read_source(
            FOREIGN.as_bytes(),
            None,
            HeaderRule::Find,
            &Limits::default(),
        )
        .unwrap();
        let mut unmarked = mapping();
        for column in &mut unmarked.columns {
            column.private = None;
        }
        // A birth date without its mark is still made a birth year or age
        // group, never shown.
        let translated = unmarked.translate(&source.table, &org, &lookup).unwrap();
        let kept: Vec<String> = translated.table.rows(0..2).flat_map(|r| r.cells).collect();
        assert!(
            !kept
                .iter()
                .any(|c| c.contains("1990") || c.contains("111222333")),
            "{kept:?}"
        );
        // A BSN mapped onto a field that would store it refuses the file.
        unmarked.columns[5].to = Some("service".into());
        assert_eq!(
            unmarked
                .translate(&source.table, &org, &lookup)
                .unwrap_err(),
            FileProblem::PrivateColumn {
                column: "BSN".into(),
                private: "bsn".into()
            }
        );
    }

    #[test]
    fn a_bad_date_names_the_source_column_and_a_bad_birth_date_is_not_shown() {
        let lookup = Fixed::new();
        let org = lookup.organisation.clone();
        let file = FOREIGN
            .replace("03-02-2022", "31-02-2022")
            .replace("01-01-1990", "1-1-19x0");
        let source =
            read_source(file.as_bytes(), None, HeaderRule::Find, &Limits::default()).unwrap();
        let translated = mapping().translate(&source.table, &org, &lookup).unwrap();
        let said: Vec<(usize, &str, &str)> = translated
            .errors
            .iter()
            .map(|e| (e.line, e.column.as_str(), e.value.as_str()))
            .collect();
        assert_eq!(
            said,
            vec![
                (3, "Aanmelding (start_date)", "31-02-2022"),
                (4, "Geboortedatum (age_group)", "")
            ]
        );
        assert_eq!(translated.table.len(), 0);
        assert_eq!(translated.refused.len(), 2);
    }
}

#[cfg(test)]
mod collective {
    use super::*;
    use crate::mapping::source::{read_source, HeaderRule};
    use crate::mapping::{DateFormat, SourceColumn};
    use crate::testing::Fixed;
    use crate::{parse_table, Limits, Record};

    #[test]
    fn a_semicolon_file_with_decimal_commas_reads_its_numbers() {
        let column = |source: &str, to: &str| SourceColumn {
            source: source.into(),
            to: Some(to.into()),
            private: None,
        };
        let mapping = Mapping {
            name: "Groepen".into(),
            kind: "collective".into(),
            sheet: None,
            header: true,
            dates: DateFormat::DayFirst,
            columns: vec![
                column("Activiteit", "activity"),
                column("Van", "period_start"),
                column("Tot", "period_end"),
                column("Gemiddeld", "participants_avg"),
            ],
            fixed: BTreeMap::new(),
            values: BTreeMap::from([(
                "activity".to_string(),
                BTreeMap::from([("Wandelgroep".to_string(), "walk".to_string())]),
            )]),
        };
        let file = "Activiteit;Van;Tot;Gemiddeld\nWandelgroep;1-1-2022;30-6-2022;4,5\n";
        let lookup = Fixed::new();
        let org = lookup.organisation.clone();
        let source =
            read_source(file.as_bytes(), None, HeaderRule::Find, &Limits::default()).unwrap();
        let translated = mapping.translate(&source.table, &org, &lookup).unwrap();
        let parsed = parse_table(
            FileKind::Collective,
            &translated.table,
            Some(&org.code),
            &lookup,
        )
        .unwrap();
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let Record::Collective(period) = &parsed.records[0].1 else {
            panic!("a period")
        };
        assert_eq!(
            format!("{:?}", period.participants_avg),
            format!("{:?}", domain::Participants::parse("4.5").ok())
        );
    }
}
