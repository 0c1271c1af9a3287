//! What can be wrong with a value or a record, in plain words.

use std::fmt;

/// The field of a record that a problem is about. Each door (file column,
/// form field) maps it to the name its user sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// The record as a whole.
    Record,
    /// A named field, by its canonical (English) interchange name.
    Named(&'static str),
}

/// Why a value or a record was refused. `Display` gives the plain-words
/// reason shown in import reports and next to form fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A required value is empty.
    Missing,
    /// A date in an accepted form that does not exist in the calendar.
    NoSuchDate,
    /// A value that is not in any accepted date form.
    NotADate,
    /// A date outside the installation's bounds (before 1900, more than a
    /// year ahead, by default).
    DateOutOfRange {
        /// The first date accepted.
        earliest: crate::Date,
        /// The last date accepted.
        latest: crate::Date,
    },
    /// A value that should be a whole number.
    NotAWholeNumber,
    /// A value that should be a number.
    NotANumber,
    /// A number below its minimum.
    Negative,
    /// A score outside 1–5.
    ScoreOutOfRange,
    /// A birth year that is not four digits or lies in the future.
    BadBirthYear,
    /// A value that is not one of the allowed codes; lists what is allowed.
    UnknownCode { allowed: String },
    /// A reference to something that is not there (organisation, area,
    /// registration, goal, partner, activity, …).
    Unknown { what: &'static str },
    /// A code or id of the wrong form; says which form.
    BadForm { expected: &'static str },
    /// A date before the date it must follow.
    BeforeStart { start: &'static str },
    /// A goal score for a client under 18.
    GoalScoreForMinor,
    /// An end score on a registration without an end date.
    EndScoreWithoutEndDate,
    /// Neither of two alternatives given (age group / birth year).
    NeitherGiven { other: &'static str },
    /// Age group and birth year that disagree.
    AgeMismatch,
    /// An id that occurs twice in one file.
    Duplicate { first_line: usize },
    /// A value that must be given together with another.
    RequiresOther { other: &'static str },
    /// A value that contradicts what is stored or given elsewhere.
    Conflict { detail: String },
}

impl Problem {
    /// A short code of the kind of problem, for the message files
    /// (`problem.<code>`).
    pub fn code(&self) -> &'static str {
        match self {
            Problem::Missing => "missing",
            Problem::NoSuchDate => "no_such_date",
            Problem::NotADate => "not_a_date",
            Problem::DateOutOfRange { .. } => "date_out_of_range",
            Problem::NotAWholeNumber => "not_a_whole_number",
            Problem::NotANumber => "not_a_number",
            Problem::Negative => "negative",
            Problem::ScoreOutOfRange => "score_out_of_range",
            Problem::BadBirthYear => "bad_birth_year",
            Problem::UnknownCode { .. } => "unknown_code",
            Problem::Unknown { .. } => "unknown",
            Problem::BadForm { .. } => "bad_form",
            Problem::BeforeStart { .. } => "before_start",
            Problem::GoalScoreForMinor => "goal_score_for_minor",
            Problem::EndScoreWithoutEndDate => "end_score_without_end_date",
            Problem::NeitherGiven { .. } => "neither_given",
            Problem::AgeMismatch => "age_mismatch",
            Problem::Duplicate { .. } => "duplicate",
            Problem::RequiresOther { .. } => "requires_other",
            Problem::Conflict { .. } => "conflict",
        }
    }

    /// The values a message of the problem names, by placeholder.
    pub fn values(&self) -> Vec<(&'static str, String)> {
        match self {
            Problem::UnknownCode { allowed } => vec![("allowed", allowed.clone())],
            Problem::Unknown { what } => vec![("what", what.to_string())],
            Problem::BadForm { expected } => vec![("expected", expected.to_string())],
            Problem::BeforeStart { start } => vec![("start", start.to_string())],
            Problem::NeitherGiven { other } | Problem::RequiresOther { other } => {
                vec![("other", other.to_string())]
            }
            Problem::Duplicate { first_line } => vec![("first_line", first_line.to_string())],
            Problem::Conflict { detail } => vec![("detail", detail.clone())],
            Problem::DateOutOfRange { earliest, latest } => vec![
                ("earliest", crate::date::format_date(*earliest)),
                ("latest", crate::date::format_date(*latest)),
            ],
            _ => vec![],
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Missing => write!(f, "a value is required"),
            Problem::NoSuchDate => write!(f, "no such date"),
            Problem::NotADate => write!(f, "not a date (use YYYY-MM-DD or DD-MM-YYYY)"),
            Problem::DateOutOfRange { earliest, latest } => write!(
                f,
                "the date lies outside {} to {} (set with --earliest-date and --years-ahead)",
                crate::date::format_date(*earliest),
                crate::date::format_date(*latest)
            ),
            Problem::NotAWholeNumber => write!(f, "not a whole number"),
            Problem::NotANumber => write!(f, "not a number"),
            Problem::Negative => write!(f, "must not be negative"),
            Problem::ScoreOutOfRange => write!(f, "score must be 1 to 5"),
            Problem::BadBirthYear => write!(f, "birth year must be four digits, not in the future"),
            Problem::UnknownCode { allowed } => write!(f, "unknown code (allowed: {allowed})"),
            Problem::Unknown { what } => write!(f, "unknown {what}"),
            Problem::BadForm { expected } => write!(f, "expected {expected}"),
            Problem::BeforeStart { start } => write!(f, "before {start}"),
            Problem::GoalScoreForMinor => write!(f, "no goal score for a client under 18"),
            Problem::EndScoreWithoutEndDate => {
                write!(f, "end score needs the registration's end date")
            }
            Problem::NeitherGiven { other } => write!(f, "give this or {other}"),
            Problem::AgeMismatch => write!(f, "age group does not match the birth year"),
            Problem::Duplicate { first_line } => {
                write!(f, "duplicate id (first on line {first_line})")
            }
            Problem::RequiresOther { other } => write!(f, "needs {other} as well"),
            Problem::Conflict { detail } => write!(f, "{detail}"),
        }
    }
}
