//! Which pages a researcher published for the municipality, and every
//! frozen version of each: the publication as the municipality read it. A
//! change moves the data version, so cached pages follow it, and is in the
//! audit log.

use crate::error::StoreError;
use crate::tx::Tx;
use crate::Store;
use domain::OrganisationCode;
use sqlx::Row;

/// A published page: which, when and by whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedPage {
    /// The page, e.g. `factsheet/armoede/2022`.
    pub page: String,
    /// When (UTC).
    pub published_at: String,
    /// By whom.
    pub published_by: String,
}

impl Store {
    /// The organisation's published pages, by page.
    pub async fn published_pages(
        &self,
        organisation: &OrganisationCode,
    ) -> Result<Vec<PublishedPage>, StoreError> {
        let rows = sqlx::query(
            "SELECT page, published_at, published_by FROM published_pages WHERE organisation = $1 ORDER BY page",
        )
        .bind(organisation.as_str().to_string())
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(PublishedPage {
                    page: r.try_get(0)?,
                    published_at: r.try_get(1)?,
                    published_by: r.try_get(2)?,
                })
            })
            .collect()
    }
}

/// A frozen version of a published page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedVersion {
    /// The page, e.g. `factsheets/armoede/2022`.
    pub page: String,
    /// Its number: 1 for the page's first version.
    pub version: i64,
    /// The data version it was computed from.
    pub data_version: i64,
    /// The publication as the municipality saw it (JSON); empty in a
    /// history listing.
    pub publication: String,
    /// The API's figures of its selection (JSON), where the page has them.
    pub figures: Option<String>,
    /// When it was published (UTC).
    pub published_at: String,
    /// By whom.
    pub published_by: String,
    /// When, by whom and why it was withdrawn.
    pub withdrawn: Option<Withdrawal>,
}

/// Why and by whom a version was withdrawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withdrawal {
    /// When (UTC).
    pub at: String,
    /// By whom.
    pub by: String,
    /// The reason the researcher gave.
    pub reason: String,
}

const VERSION_COLUMNS: &str = "page, version, data_version, publication, figures, published_at, \
     published_by, withdrawn_at, withdrawn_by, withdraw_reason";

fn version_of(r: &sqlx::any::AnyRow) -> Result<PublishedVersion, StoreError> {
    let withdrawn_at: Option<String> = r.try_get(7)?;
    Ok(PublishedVersion {
        page: r.try_get(0)?,
        version: r.try_get(1)?,
        data_version: r.try_get(2)?,
        publication: r.try_get(3)?,
        figures: r.try_get(4)?,
        published_at: r.try_get(5)?,
        published_by: r.try_get(6)?,
        withdrawn: match withdrawn_at {
            Some(at) => Some(Withdrawal {
                at,
                by: r.try_get::<Option<String>, _>(8)?.unwrap_or_default(),
                reason: r.try_get::<Option<String>, _>(9)?.unwrap_or_default(),
            }),
            None => None,
        },
    })
}

impl Store {
    /// The version of a page a municipality viewer reads: its latest,
    /// unless that was withdrawn.
    pub async fn current_version(
        &self,
        organisation: &OrganisationCode,
        page: &str,
    ) -> Result<Option<PublishedVersion>, StoreError> {
        let latest = self.published_version(organisation, page, None).await?;
        Ok(latest.filter(|v| v.withdrawn.is_none()))
    }

    /// One version of a page (`None`: the latest), withdrawn or not.
    pub async fn published_version(
        &self,
        organisation: &OrganisationCode,
        page: &str,
        version: Option<i64>,
    ) -> Result<Option<PublishedVersion>, StoreError> {
        let sql = format!(
            "SELECT {VERSION_COLUMNS} FROM published_versions \
             WHERE organisation = $1 AND page = $2 AND ($3 = 0 OR version = $3) \
             ORDER BY version DESC LIMIT 1"
        );
        let row = sqlx::query(&sql)
            .bind(organisation.as_str().to_string())
            .bind(page.to_string())
            .bind(version.unwrap_or(0))
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(version_of).transpose()
    }

    /// Every version of a page, newest first, without their contents.
    pub async fn version_history(
        &self,
        organisation: &OrganisationCode,
        page: &str,
    ) -> Result<Vec<PublishedVersion>, StoreError> {
        let sql = format!(
            "SELECT {} FROM published_versions WHERE organisation = $1 AND page = $2 \
             ORDER BY version DESC",
            VERSION_COLUMNS.replace("publication, figures", "'', NULL")
        );
        let rows = sqlx::query(&sql)
            .bind(organisation.as_str().to_string())
            .bind(page.to_string())
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(version_of).collect()
    }
}

impl Tx {
    /// Publishes a new frozen version of a page for the municipality: the
    /// viewer reads it from now on, until a newer one is published or it
    /// is withdrawn. Gives its number.
    pub async fn publish_version(
        &mut self,
        organisation: &OrganisationCode,
        version: &NewVersion<'_>,
        actor: &str,
    ) -> Result<i64, StoreError> {
        let org = organisation.as_str().to_string();
        let next: i64 = sqlx::query(
            "SELECT COALESCE(MAX(version), 0) + 1 FROM published_versions WHERE organisation = $1 AND page = $2",
        )
        .bind(org.clone())
        .bind(version.page.to_string())
        .fetch_one(&mut *self.tx)
        .await?
        .try_get(0)?;
        let now = crate::tx::now();
        sqlx::query(
            "INSERT INTO published_versions (organisation, page, version, data_version, publication, \
             figures, published_at, published_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(org.clone())
        .bind(version.page.to_string())
        .bind(next)
        .bind(version.data_version)
        .bind(version.publication.to_string())
        .bind(version.figures.map(str::to_string))
        .bind(now.clone())
        .bind(actor.to_string())
        .execute(&mut *self.tx)
        .await?;
        sqlx::query(
            "INSERT INTO published_pages (organisation, page, published_at, published_by) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (organisation, page) DO UPDATE SET published_at = excluded.published_at, published_by = excluded.published_by",
        )
        .bind(org)
        .bind(version.page.to_string())
        .bind(now)
        .bind(actor.to_string())
        .execute(&mut *self.tx)
        .await?;
        self.touch(organisation.as_str());
        self.audit(
            actor,
            "publish",
            &format!("{organisation} {} version {next}", version.page),
        )
        .await?;
        Ok(next)
    }

    /// Withdraws a published page: the viewer no longer reads it; its
    /// latest version is kept, marked withdrawn with the reason. Gives
    /// whether the page was published.
    pub async fn withdraw(
        &mut self,
        organisation: &OrganisationCode,
        page: &str,
        reason: &str,
        actor: &str,
    ) -> Result<bool, StoreError> {
        let org = organisation.as_str().to_string();
        let removed =
            sqlx::query("DELETE FROM published_pages WHERE organisation = $1 AND page = $2")
                .bind(org.clone())
                .bind(page.to_string())
                .execute(&mut *self.tx)
                .await?
                .rows_affected();
        if removed == 0 {
            return Ok(false);
        }
        sqlx::query(
            "UPDATE published_versions SET withdrawn_at = $1, withdrawn_by = $2, withdraw_reason = $3 \
             WHERE organisation = $4 AND page = $5 AND withdrawn_at IS NULL AND version = \
             (SELECT MAX(version) FROM published_versions WHERE organisation = $4 AND page = $5)",
        )
        .bind(crate::tx::now())
        .bind(actor.to_string())
        .bind(reason.to_string())
        .bind(org)
        .bind(page.to_string())
        .execute(&mut *self.tx)
        .await?;
        self.touch(organisation.as_str());
        self.audit(
            actor,
            "withdraw",
            &format!("{organisation} {page}: {reason}"),
        )
        .await?;
        Ok(true)
    }
}

/// A version to publish: the page, the data version it was computed from,
/// the frozen publication and the API's figures of its selection.
#[derive(Debug, Clone, Copy)]
pub struct NewVersion<'a> {
    /// The page, e.g. `factsheets/armoede/2022`.
    pub page: &'a str,
    /// The data version it was computed from.
    pub data_version: i64,
    /// The publication as JSON.
    pub publication: &'a str,
    /// The figures as JSON, where the page has them.
    pub figures: Option<&'a str>,
}
