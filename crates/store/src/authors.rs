//! Who registered a registration in the web form, so that a social worker
//! finds her own registrations again. Only a user name and a registration
//! id: nothing about the client.

use crate::error::StoreError;
use crate::Store;
use domain::OrganisationCode;
use sqlx::Row;
use std::collections::HashSet;

impl Store {
    /// Notes `user` as the one who registered the registration, unless
    /// someone was noted before (the first author stays when a colleague
    /// corrects it).
    pub async fn note_author(
        &self,
        organisation: &OrganisationCode,
        registration: &str,
        user: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO registration_authors (organisation, registration_id, user_name) \
             VALUES ($1, $2, $3) ON CONFLICT (organisation, registration_id) DO NOTHING",
        )
        .bind(organisation.as_str().to_string())
        .bind(registration.to_string())
        .bind(user.to_string())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Notes `user` as the author of the organisation's `count` most
    /// recently started registrations that have none: the demo's social
    /// worker arrives with a caseload.
    pub async fn note_caseload(
        &self,
        organisation: &OrganisationCode,
        user: &str,
        count: i64,
    ) -> Result<u64, StoreError> {
        let done = sqlx::query(
            "INSERT INTO registration_authors (organisation, registration_id, user_name) \
             SELECT organisation, id, $2 FROM registrations WHERE organisation = $1 \
             ORDER BY start_date DESC, id LIMIT $3 \
             ON CONFLICT (organisation, registration_id) DO NOTHING",
        )
        .bind(organisation.as_str().to_string())
        .bind(user.to_string())
        .bind(count)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected())
    }

    /// The ids of the registrations `user` registered in the organisation.
    pub async fn registrations_of(
        &self,
        organisation: &OrganisationCode,
        user: &str,
    ) -> Result<HashSet<String>, StoreError> {
        let rows = sqlx::query(
            "SELECT registration_id FROM registration_authors \
             WHERE organisation = $1 AND user_name = $2",
        )
        .bind(organisation.as_str().to_string())
        .bind(user.to_string())
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
    }

    /// Who registered the registration in the web form, if anyone did.
    pub async fn author_of(
        &self,
        organisation: &OrganisationCode,
        registration: &str,
    ) -> Result<Option<String>, StoreError> {
        let row = sqlx::query(
            "SELECT user_name FROM registration_authors \
             WHERE organisation = $1 AND registration_id = $2",
        )
        .bind(organisation.as_str().to_string())
        .bind(registration.to_string())
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|r| r.try_get(0)).transpose()?)
    }
}
