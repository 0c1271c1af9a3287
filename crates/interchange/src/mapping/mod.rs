//! An organisation's own export read as an interchange file: a saved
//! mapping per source ("Regicare-export", "Excel van team Leek") says which
//! of the source's columns is which interchange column, how its dates are
//! written, which of its values is which code, and which columns are left
//! out. Columns that identify a person are never stored: a name, address,
//! phone or e-mail column is left out, a BSN or client number becomes the
//! pseudonym, a birth date becomes a birth year or age group.
//!
//! The passes: [`source::read_source`] finds the table in the file (sheet,
//! title rows, encoding); [`profile::profile`] describes a sample of it and
//! [`suggest::suggest`] proposes a mapping; [`Mapping::check`] says whether
//! a mapping may be saved; [`Mapping::translate`] turns the source's rows
//! into an interchange table that the parser reads as any other file.

pub mod coding;
pub mod dates;
pub mod privacy;
pub mod profile;
pub mod source;
pub mod suggest;
pub mod translate;

pub use coding::Coding;
pub use dates::DateFormat;
pub use privacy::Private;
pub use profile::{profile, ColumnProfile, Profile};
pub use source::{read_source, Encoding, Source};
pub use suggest::suggest;
pub use translate::{Translated, UnknownValue};

use crate::kind::FileKind;
use domain::fold::fold;
use domain::Coded;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A saved way to read one source's export of one file kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    /// The name the organisation gives the source, e.g. "Regicare-export".
    pub name: String,
    /// The interchange file kind the source's file holds (its code).
    pub kind: String,
    /// The sheet of a workbook to read; the first when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// Whether the source's table starts with a row of column names
    /// (title rows above it are passed over). Without one, its columns
    /// are called "kolom 1", "kolom 2", ….
    #[serde(default = "with_header")]
    pub header: bool,
    /// How the source writes dates.
    #[serde(default)]
    pub dates: DateFormat,
    /// The source's columns, in its order: where each goes, or that it is
    /// left out.
    #[serde(default)]
    pub columns: Vec<SourceColumn>,
    /// Interchange columns with one value for every row (e.g. the form of
    /// support when the source exports one form only).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fixed: BTreeMap<String, String>,
    /// Per interchange column: the source's own values and the code each
    /// stands for ("Info & Advies" → `informatie_advies`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub values: BTreeMap<String, BTreeMap<String, String>>,
}

fn with_header() -> bool {
    true
}

/// One column of the source and where its values go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceColumn {
    /// The source's name for the column (its header cell).
    pub source: String,
    /// The interchange column it fills; left out when absent. A private
    /// column fills only what makes it safe: `client_code` (stored as the
    /// pseudonym) from a BSN or client number, `birth_year` or `age_group`
    /// from a birth date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// What kind of personal data the column holds, when it holds any: its
    /// values are never stored, shown or written in a report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private: Option<Private>,
}

/// Why a mapping cannot be saved or used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MappingProblem {
    /// The kind is none of the interchange file kinds.
    UnknownKind(String),
    /// The mapping has no name.
    NoName,
    /// A column is mapped onto something the kind does not have.
    UnknownColumn { source: String, column: String },
    /// Two source columns (or a column and a fixed value) fill one field.
    TwiceMapped {
        column: String,
        sources: Vec<String>,
    },
    /// A required interchange column gets no value.
    RequiredUnmapped { column: String },
    /// None of columns of which one is required gets a value (an age
    /// group or a birth year).
    OneOfUnmapped { columns: Vec<String> },
    /// A private column is mapped onto a field that would store it.
    PrivateMapped {
        source: String,
        private: Private,
        column: String,
    },
    /// A source column is named twice.
    SourceTwice { source: String },
}

impl MappingProblem {
    /// A short code of the problem, for the message files
    /// (`mapping_problem.<code>`).
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnknownKind(_) => "unknown_kind",
            Self::NoName => "no_name",
            Self::UnknownColumn { .. } => "unknown_column",
            Self::TwiceMapped { .. } => "twice_mapped",
            Self::RequiredUnmapped { .. } => "required_unmapped",
            Self::OneOfUnmapped { .. } => "one_of_unmapped",
            Self::PrivateMapped { .. } => "private_mapped",
            Self::SourceTwice { .. } => "source_twice",
        }
    }

    /// The values a message of the problem names, by placeholder.
    pub fn values(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::UnknownKind(kind) => vec![("kind", kind.clone())],
            Self::NoName => vec![],
            Self::UnknownColumn { source, column } => {
                vec![("source", source.clone()), ("column", column.clone())]
            }
            Self::TwiceMapped { column, sources } => {
                vec![("column", column.clone()), ("sources", sources.join(", "))]
            }
            Self::RequiredUnmapped { column } => vec![("column", column.clone())],
            Self::OneOfUnmapped { columns } => vec![
                ("column", columns.first().cloned().unwrap_or_default()),
                ("other", columns.get(1).cloned().unwrap_or_default()),
            ],
            Self::PrivateMapped {
                source,
                private,
                column,
            } => vec![
                ("source", source.clone()),
                ("private", private.code().to_string()),
                ("column", column.clone()),
            ],
            Self::SourceTwice { source } => vec![("source", source.clone())],
        }
    }
}

impl std::fmt::Display for MappingProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::UnknownKind(kind) => write!(f, "{kind} is no interchange file kind"),
            Self::NoName => write!(f, "the mapping has no name"),
            Self::UnknownColumn { source, column } => {
                write!(f, "column {source}: the file kind has no column {column}")
            }
            Self::TwiceMapped { column, sources } => {
                write!(f, "{column} is filled twice: by {}", sources.join(" and "))
            }
            Self::RequiredUnmapped { column } => {
                write!(
                    f,
                    "{column} is required: map a column onto it or give a fixed value"
                )
            }
            Self::OneOfUnmapped { columns } => write!(
                f,
                "one of {} is required: map a column onto it or give a fixed value",
                columns.join(", ")
            ),
            Self::PrivateMapped {
                source,
                private,
                column,
            } => write!(
                f,
                "column {source} holds {} and is never stored: it cannot fill {column}",
                private.code()
            ),
            Self::SourceTwice { source } => write!(f, "column {source} is named twice"),
        }
    }
}

/// Columns of a kind of which each row must give one.
pub fn one_of(kind: FileKind) -> &'static [&'static [&'static str]] {
    match kind {
        FileKind::Registrations => &[&["age_group", "birth_year"]],
        _ => &[],
    }
}

/// The organisation column: given on import, never required of a mapping.
const ORGANISATION: &str = "organisation";
/// What a client number or BSN fills: stored as its pseudonym.
pub const CLIENT_CODE: &str = "client_code";

impl Mapping {
    /// The file kind, when the mapping names one.
    pub fn file_kind(&self) -> Result<FileKind, MappingProblem> {
        FileKind::parse(&self.kind).map_err(|_| MappingProblem::UnknownKind(self.kind.clone()))
    }

    /// Whether `column` is a column this mapping's kind can fill.
    fn fills(kind: FileKind, column: &str) -> bool {
        let canonical = kind.columns().iter().any(|c| c.name == column);
        let wide = kind == FileKind::Registrations && column.starts_with("zrm_");
        canonical || wide
    }

    /// Everything that stops the mapping from being saved: an unknown
    /// kind or column, a field filled twice, a required field left empty,
    /// a private column mapped onto a field that would store it.
    pub fn check(&self) -> Vec<MappingProblem> {
        let kind = match self.file_kind() {
            Ok(kind) => kind,
            Err(problem) => return vec![problem],
        };
        let mut problems = Vec::new();
        if self.name.trim().is_empty() {
            problems.push(MappingProblem::NoName);
        }
        let mut filled: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        let mut sources: BTreeMap<String, usize> = BTreeMap::new();
        for column in &self.columns {
            *sources.entry(fold(&column.source)).or_default() += 1;
            let Some(to) = column.to.as_deref() else {
                continue;
            };
            if !Self::fills(kind, to) {
                problems.push(MappingProblem::UnknownColumn {
                    source: column.source.clone(),
                    column: to.to_string(),
                });
                continue;
            }
            if let Some(private) = column.private {
                if !private.may_fill(to) {
                    problems.push(MappingProblem::PrivateMapped {
                        source: column.source.clone(),
                        private,
                        column: to.to_string(),
                    });
                }
            }
            filled.entry(to).or_default().push(column.source.clone());
        }
        for (source, count) in sources {
            if count > 1 {
                problems.push(MappingProblem::SourceTwice { source });
            }
        }
        for (column, value) in &self.fixed {
            if !Self::fills(kind, column) {
                problems.push(MappingProblem::UnknownColumn {
                    source: value.clone(),
                    column: column.clone(),
                });
                continue;
            }
            filled
                .entry(column.as_str())
                .or_default()
                .push(format!("\"{value}\""));
        }
        for (column, sources) in &filled {
            if sources.len() > 1 {
                problems.push(MappingProblem::TwiceMapped {
                    column: column.to_string(),
                    sources: sources.clone(),
                });
            }
        }
        for column in kind.columns() {
            if column.required && column.name != ORGANISATION && !filled.contains_key(column.name) {
                problems.push(MappingProblem::RequiredUnmapped {
                    column: column.name.to_string(),
                });
            }
        }
        for group in one_of(kind) {
            if !group.iter().any(|c| filled.contains_key(c)) {
                problems.push(MappingProblem::OneOfUnmapped {
                    columns: group.iter().map(|c| c.to_string()).collect(),
                });
            }
        }
        problems
    }

    /// Reads a source's file as this mapping says: its sheet, its header
    /// found by the names of the columns it maps (title rows passed over),
    /// or no header.
    pub fn read(&self, bytes: &[u8], limits: &crate::Limits) -> Result<Source, crate::FileProblem> {
        let sources: Vec<String> = self
            .columns
            .iter()
            .filter(|c| c.to.is_some())
            .map(|c| c.source.clone())
            .collect();
        let rule = match self.header {
            true => source::HeaderRule::Named(&sources),
            false => source::HeaderRule::None,
        };
        read_source(bytes, self.sheet.as_deref(), rule, limits)
    }

    /// The source column that fills `column`, when one does.
    pub fn source_of(&self, column: &str) -> Option<&SourceColumn> {
        self.columns
            .iter()
            .find(|c| c.to.as_deref() == Some(column))
    }

    /// The mapping as the readable file an organisation shares (TOML).
    pub fn to_toml(&self) -> String {
        // A mapping is strings, a bool and maps of strings: TOML holds it.
        toml::to_string_pretty(self).unwrap_or_default()
    }

    /// A mapping from its shared file: TOML, or JSON (starting with `{`).
    pub fn from_file(text: &str) -> Result<Self, String> {
        let text = text.trim_start_matches('\u{feff}');
        match text.trim_start().starts_with('{') {
            true => serde_json::from_str(text).map_err(|e| e.to_string()),
            false => toml::from_str(text).map_err(|e| e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(source: &str, to: Option<&str>, private: Option<Private>) -> SourceColumn {
        SourceColumn {
            source: source.into(),
            to: to.map(Into::into),
            private,
        }
    }

    fn registrations() -> Mapping {
        Mapping {
            name: "Regicare-export".into(),
            kind: "registrations".into(),
            sheet: None,
            header: true,
            dates: DateFormat::DayFirst,
            columns: vec![
                column("Dossiernummer", Some("registration_id"), None),
                column("Datum aanmelding", Some("start_date"), None),
                column("Hulpvraag", Some("main_domain"), None),
                column(
                    "Geboortedatum",
                    Some("birth_year"),
                    Some(Private::BirthDate),
                ),
                column("BSN", Some("client_code"), Some(Private::Bsn)),
                column("Naam", None, Some(Private::Name)),
            ],
            fixed: BTreeMap::from([("form".to_string(), "traject".to_string())]),
            values: BTreeMap::from([(
                "main_domain".to_string(),
                BTreeMap::from([("Geldzaken".to_string(), "financien".to_string())]),
            )]),
        }
    }

    #[test]
    fn a_whole_mapping_may_be_saved_and_survives_its_file() {
        let mapping = registrations();
        assert_eq!(mapping.check(), vec![]);
        let toml = mapping.to_toml();
        assert!(toml.contains("Datum aanmelding"), "{toml}");
        assert_eq!(Mapping::from_file(&toml), Ok(mapping.clone()));
        let json = serde_json::to_string(&mapping).unwrap();
        assert_eq!(Mapping::from_file(&json), Ok(mapping));
    }

    #[test]
    fn two_columns_onto_one_field_or_a_required_field_left_empty_cannot_be_saved() {
        let mut mapping = registrations();
        mapping.columns[2].to = Some("start_date".into());
        let problems = mapping.check();
        assert!(problems.contains(&MappingProblem::TwiceMapped {
            column: "start_date".into(),
            sources: vec!["Datum aanmelding".into(), "Hulpvraag".into()],
        }));
        assert!(problems.contains(&MappingProblem::RequiredUnmapped {
            column: "main_domain".into()
        }));
        let mut fixed_too = registrations();
        fixed_too
            .fixed
            .insert("start_date".into(), "2022-01-01".into());
        assert!(matches!(
            fixed_too.check().as_slice(),
            [MappingProblem::TwiceMapped { .. }]
        ));
    }

    #[test]
    fn a_private_column_fills_only_what_makes_it_safe() {
        let mut mapping = registrations();
        mapping.columns[5].to = Some("service".into());
        mapping.columns[4].to = Some("registration_id".into());
        let problems = mapping.check();
        assert!(problems.iter().any(|p| matches!(
            p,
            MappingProblem::PrivateMapped {
                private: Private::Name,
                ..
            }
        )));
        assert!(problems.iter().any(|p| matches!(
            p,
            MappingProblem::PrivateMapped {
                private: Private::Bsn,
                ..
            }
        )));
    }
}
