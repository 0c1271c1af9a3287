//! Data versions: one per organisation and one for what the whole
//! installation shares (the organisations, the reference lists), so that a
//! change in one organisation leaves every other organisation's cached
//! figures, disclosure protection and rendered pages as they are.
//!
//! Every committed write moves the installation's counter
//! ([`Store::data_version`]) and sets the version of what it wrote to the
//! counter's new value: the versions of any kind are values of one
//! counter, so they compare, and an organisation's version
//! ([`DataVersions::of`]) is the later of its own and the shared one.

use crate::connect::Store;
use crate::error::StoreError;
use crate::tx::{placeholders, Tx};
use domain::OrganisationCode;
use sqlx::Row;
use std::collections::{BTreeSet, HashMap};

/// What a transaction wrote: the organisations whose records changed and
/// whether anything the installation shares did.
#[derive(Debug, Default, Clone)]
pub(crate) struct Changes {
    organisations: BTreeSet<String>,
    shared: bool,
}

impl Changes {
    /// Records of this organisation changed.
    pub(crate) fn organisation(&mut self, code: &str) {
        if !self.organisations.contains(code) {
            self.organisations.insert(code.to_string());
        }
    }

    /// Something every organisation sees changed.
    pub(crate) fn shared(&mut self) {
        self.shared = true;
    }

    /// Whether anything changed.
    pub(crate) fn any(&self) -> bool {
        self.shared || !self.organisations.is_empty()
    }
}

/// The data versions at one moment: the installation's counter, the
/// shared version and each organisation's own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DataVersions {
    /// The installation's counter: moves with every committed write.
    pub installation: i64,
    /// The version of what every organisation shares.
    pub shared: i64,
    organisations: HashMap<String, i64>,
}

impl DataVersions {
    /// The version an organisation's figures and pages are of: the later
    /// of its own records' version and the shared one.
    pub fn of(&self, organisation: &OrganisationCode) -> i64 {
        let own = self.organisations.get(organisation.as_str()).copied();
        own.unwrap_or(0).max(self.shared)
    }
}

const OF_ORGANISATION: &str = "SELECT i.shared_version, v.version FROM installation i \
     LEFT JOIN organisation_versions v ON v.organisation = $1 WHERE i.id = 1";

/// An organisation's version (the later of its own and the shared one) and
/// the shared version, from a row of [`OF_ORGANISATION`].
fn versions(row: &sqlx::any::AnyRow) -> Result<(i64, i64), StoreError> {
    let shared: i64 = row.try_get(0)?;
    let own: Option<i64> = row.try_get(1)?;
    Ok((own.unwrap_or(0).max(shared), shared))
}

impl Store {
    /// The installation's counter and the shared version, in one read: a
    /// page reads them once per request, and the organisations' versions
    /// only when the counter moved ([`Store::data_versions`]).
    pub async fn counters(&self) -> Result<(i64, i64), StoreError> {
        let row = sqlx::query("SELECT data_version, shared_version FROM installation WHERE id = 1")
            .fetch_one(self.pool())
            .await?;
        Ok((row.try_get(0)?, row.try_get(1)?))
    }

    /// Every data version, read in one transaction.
    pub async fn data_versions(&self) -> Result<DataVersions, StoreError> {
        let mut tx = self.pool().begin().await?;
        let row = sqlx::query("SELECT data_version, shared_version FROM installation WHERE id = 1")
            .fetch_one(&mut *tx)
            .await?;
        let rows = sqlx::query("SELECT organisation, version FROM organisation_versions")
            .fetch_all(&mut *tx)
            .await?;
        tx.rollback().await?;
        let organisations = rows
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect::<Result<_, StoreError>>()?;
        Ok(DataVersions {
            installation: row.try_get(0)?,
            shared: row.try_get(1)?,
            organisations,
        })
    }

    /// The version an organisation's figures and pages are of
    /// ([`DataVersions::of`]).
    pub async fn data_version_of(
        &self,
        organisation: &OrganisationCode,
    ) -> Result<i64, StoreError> {
        Ok(self.versions_of(organisation).await?.0)
    }

    /// The version of an organisation ([`DataVersions::of`]) and the
    /// shared version, read together.
    pub async fn versions_of(
        &self,
        organisation: &OrganisationCode,
    ) -> Result<(i64, i64), StoreError> {
        let row = sqlx::query(OF_ORGANISATION)
            .bind(organisation.as_str().to_string())
            .fetch_one(self.pool())
            .await?;
        versions(&row)
    }
}

impl Tx {
    /// The version of an organisation as this transaction sees it.
    pub async fn data_version_of(
        &mut self,
        organisation: &OrganisationCode,
    ) -> Result<i64, StoreError> {
        let row = sqlx::query(OF_ORGANISATION)
            .bind(organisation.as_str().to_string())
            .fetch_one(&mut *self.tx)
            .await?;
        Ok(versions(&row)?.0)
    }

    /// Moves the installation's counter on and gives what changed its new
    /// value; the counter's new value is returned.
    pub(crate) async fn move_versions(&mut self) -> Result<i64, StoreError> {
        let shared = match self.changes.shared {
            true => ", shared_version = data_version + 1",
            false => "",
        };
        sqlx::query(&format!(
            "UPDATE installation SET data_version = data_version + 1{shared} WHERE id = 1"
        ))
        .execute(&mut *self.tx)
        .await?;
        let version = self.data_version().await?;
        let organisations: Vec<String> = self.changes.organisations.iter().cloned().collect();
        for batch in organisations.chunks(crate::tx::MAX_PARAMETERS / 2) {
            let sql = format!(
                "INSERT INTO organisation_versions (organisation, version) VALUES {} \
                 ON CONFLICT (organisation) DO UPDATE SET version = excluded.version",
                placeholders(self.backend(), batch.len(), 2)
            );
            let mut query = sqlx::query(&sql);
            for organisation in batch {
                query = query.bind(organisation.clone()).bind(version);
            }
            query.execute(&mut *self.tx).await?;
        }
        Ok(version)
    }
}
