//! An organisation's logo, shown on the title page of its PDFs. Kept as
//! base64 text so that both backends store it the same way; a change is in
//! the audit log.

use crate::error::StoreError;
use crate::tx::Tx;
use crate::Store;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use domain::OrganisationCode;
use sqlx::Row;

impl Store {
    /// The organisation's logo file, when one was uploaded.
    pub async fn logo(
        &self,
        organisation: &OrganisationCode,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        let row = sqlx::query("SELECT image FROM logos WHERE organisation = $1")
            .bind(organisation.as_str().to_string())
            .fetch_optional(self.pool())
            .await?;
        let Some(row) = row else { return Ok(None) };
        let text: String = row.try_get(0)?;
        STANDARD
            .decode(text)
            .map(Some)
            .map_err(|e| StoreError::Corrupt {
                table: "logos",
                detail: e.to_string(),
            })
    }
}

impl Tx {
    /// Sets the organisation's logo (`Some`) or removes it (`None`).
    pub async fn set_logo(
        &mut self,
        organisation: &OrganisationCode,
        image: Option<&[u8]>,
        actor: &str,
    ) -> Result<(), StoreError> {
        let org = organisation.as_str().to_string();
        match image {
            Some(bytes) => {
                sqlx::query(
                    "INSERT INTO logos (organisation, image, uploaded_at, uploaded_by) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (organisation) DO UPDATE SET image = excluded.image, \
                     uploaded_at = excluded.uploaded_at, uploaded_by = excluded.uploaded_by",
                )
                .bind(org)
                .bind(STANDARD.encode(bytes))
                .bind(crate::tx::now())
                .bind(actor.to_string())
                .execute(&mut *self.tx)
                .await?;
                let detail = format!("{organisation}: {} bytes", bytes.len());
                self.audit(actor, "logo", &detail).await
            }
            None => {
                sqlx::query("DELETE FROM logos WHERE organisation = $1")
                    .bind(org)
                    .execute(&mut *self.tx)
                    .await?;
                self.audit(actor, "logo removed", organisation.as_str())
                    .await
            }
        }
    }
}
