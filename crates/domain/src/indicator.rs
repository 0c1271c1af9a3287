//! Definitions of context indicators: what a statistic is, and which CBS
//! measure it is taken from. A researcher maps a CBS measure to an
//! indicator once; every later import of that table reuses the mapping.

use crate::codes::{Id, OrganisationCode};
use crate::problem::{Field, Problem};
use serde::{Deserialize, Serialize};

/// A context indicator: id, name, unit, source, and optionally the CBS
/// table and measure key its values come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorDefinition {
    /// The organisation whose monitor uses it.
    pub organisation: OrganisationCode,
    /// The indicator's id, as in context.csv (`huishoudens_laag_inkomen`).
    pub indicator: Id,
    /// Its name for readers ("Huishoudens met een laag inkomen").
    pub name: String,
    /// The unit: `%`, `per 1000`, `aantal`, …
    pub unit: Option<String>,
    /// The source, e.g. "CBS".
    pub source: Option<String>,
    /// The CBS table, e.g. `85984NED`.
    pub table_id: Option<String>,
    /// The CBS measure key in that table (`M000352`,
    /// `HuishoudensMetEenLaagInkomen_89`): the mapping.
    pub measure: Option<String>,
}

impl IndicatorDefinition {
    /// Checks that a measure names its table (a key alone maps nothing).
    pub fn check(&self) -> Result<(), (Field, Problem)> {
        match (&self.measure, &self.table_id) {
            (Some(_), None) => Err((
                Field::Named("table_id"),
                Problem::RequiresOther { other: "measure" },
            )),
            _ => Ok(()),
        }
    }

    /// Whether this definition maps the measure of the table (table ids
    /// compared without case: CBS writes `03759ned` and `03759NED`).
    pub fn maps(&self, table: &str, measure: &str) -> bool {
        self.measure.as_deref() == Some(measure)
            && self
                .table_id
                .as_deref()
                .is_some_and(|t| t.eq_ignore_ascii_case(table))
    }
}
