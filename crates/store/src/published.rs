//! Which pages a researcher published for the municipality. A change moves
//! the data version, so cached pages follow it, and is in the audit log.

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

impl Tx {
    /// Publishes a page for the municipality (`publish`) or withdraws it.
    pub async fn set_published(
        &mut self,
        organisation: &OrganisationCode,
        page: &str,
        publish: bool,
        actor: &str,
    ) -> Result<(), StoreError> {
        let org = organisation.as_str().to_string();
        if publish {
            sqlx::query(
                "INSERT INTO published_pages (organisation, page, published_at, published_by) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (organisation, page) DO UPDATE SET published_at = excluded.published_at, published_by = excluded.published_by",
            )
            .bind(org)
            .bind(page.to_string())
            .bind(crate::tx::now())
            .bind(actor.to_string())
            .execute(&mut *self.tx)
            .await?;
        } else {
            sqlx::query("DELETE FROM published_pages WHERE organisation = $1 AND page = $2")
                .bind(org)
                .bind(page.to_string())
                .execute(&mut *self.tx)
                .await?;
        }
        self.changed = true;
        let action = if publish { "publish" } else { "withdraw" };
        self.audit(actor, action, &format!("{organisation} {page}"))
            .await
    }
}
