//! Public statistics belong to the installation (issue 27): a CBS table,
//! its measures' definitions and region reference data are stored once,
//! without an organisation, and read into the records of every
//! organisation working for the region. The record kinds are the
//! organisation's own (`ContextValue`, `IndicatorDefinition`, `Region`);
//! [`Public`] stores one in the installation's table, its organisation
//! left out, and gives it back for an organisation.

use crate::error::StoreError;
use crate::table::{Stored, TableSpec, Ty::*, Value};
use crate::tx::Tx;
use domain::{ContextValue, IndicatorDefinition, OrganisationCode, Region};

/// A record kind the installation can hold for every organisation: its
/// table without the organisation column.
pub trait Shared: Stored {
    /// The installation's table: the kind's columns after `organisation`.
    const PUBLIC: &'static TableSpec;
    /// The same record for `organisation`.
    fn for_organisation(self, organisation: &OrganisationCode) -> Self;
}

/// A record of the installation's public statistics.
#[derive(Debug, Clone, PartialEq)]
pub struct Public<T>(T);

impl<T: Shared> Public<T> {
    /// The record as the installation's (its organisation is not stored).
    pub fn new(record: T) -> Self {
        Self(record)
    }

    /// The record in the records of `organisation`.
    pub fn for_organisation(self, organisation: &OrganisationCode) -> T {
        self.0.for_organisation(organisation)
    }
}

impl Tx {
    /// The installation's public records of a kind, as `organisation`
    /// reads them.
    pub async fn public<T: Shared>(
        &mut self,
        organisation: &OrganisationCode,
    ) -> Result<Vec<T>, StoreError> {
        let stored: Vec<Public<T>> = self.load(None).await?;
        Ok(stored
            .into_iter()
            .map(|p| p.for_organisation(organisation))
            .collect())
    }
}

/// The organisation a public record holds in memory until it is read for
/// one ([`Public::for_organisation`]); never stored, never shown.
fn unowned() -> Value {
    Value::text(OrganisationCode::installation().as_str())
}

impl<T: Shared> Stored for Public<T> {
    const TABLE: &'static TableSpec = T::PUBLIC;

    fn to_row(&self) -> Vec<Value> {
        self.0.to_row().into_iter().skip(1).collect()
    }

    fn from_row(row: Vec<Value>) -> Result<Self, String> {
        let mut owned = Vec::with_capacity(row.len() + 1);
        owned.push(unowned());
        owned.extend(row);
        T::from_row(owned).map(Self)
    }
}

impl Shared for ContextValue {
    const PUBLIC: &'static TableSpec = &TableSpec {
        name: "public_context_values",
        columns: &[
            ("indicator", Text),
            ("region", Text),
            ("period", Text),
            ("region_name", Text),
            ("value", Text),
            ("unit", Text),
            ("source", Text),
            ("table_id", Text),
        ],
        key: 3,
        history: false,
    };
    fn for_organisation(self, organisation: &OrganisationCode) -> Self {
        Self {
            organisation: organisation.clone(),
            ..self
        }
    }
}

impl Shared for IndicatorDefinition {
    const PUBLIC: &'static TableSpec = &TableSpec {
        name: "public_indicator_definitions",
        columns: &[
            ("indicator", Text),
            ("name", Text),
            ("unit", Text),
            ("source", Text),
            ("table_id", Text),
            ("measure", Text),
        ],
        key: 1,
        history: false,
    };
    fn for_organisation(self, organisation: &OrganisationCode) -> Self {
        Self {
            organisation: organisation.clone(),
            ..self
        }
    }
}

impl Shared for Region {
    const PUBLIC: &'static TableSpec = &TableSpec {
        name: "public_regions",
        columns: &[
            ("code", Text),
            ("year", Int),
            ("name", Text),
            ("parent", Text),
            ("boundary", Text),
        ],
        key: 2,
        history: false,
    };
    fn for_organisation(self, organisation: &OrganisationCode) -> Self {
        Self {
            organisation: organisation.clone(),
            ..self
        }
    }
}
