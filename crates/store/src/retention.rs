//! Retention: registrations that ended long ago are removed, and the
//! figures of every year they counted in are kept first as stored
//! aggregates, which the pages read instead of computing those years.

use crate::connect::Store;
use crate::error::StoreError;
use crate::tx::{now, Tx};
use domain::{Date, OrganisationCode};
use sqlx::Row;

/// The figures of one scope and year, kept before a purge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFigures {
    /// `year`, `theme:CODE` or `area:NAME`.
    pub scope: String,
    /// The year.
    pub year: i32,
    /// The data version they were computed at.
    pub data_version: i64,
    /// When they were kept (UTC).
    pub stored_at: String,
    /// The figures as JSON.
    pub figures: String,
}

/// A registration a purge removes: its organisation, id and the years it
/// ran in (first and last).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purgeable {
    /// The organisation.
    pub organisation: OrganisationCode,
    /// The registration's id.
    pub id: String,
    /// The year it started.
    pub first_year: i32,
    /// The year it ended.
    pub last_year: i32,
}

fn year_of(date: &str) -> i32 {
    date.get(..4)
        .and_then(|y| y.parse().ok())
        .unwrap_or_default()
}

impl Store {
    /// The registrations that ended before `before` (of one organisation,
    /// or of all).
    pub async fn purgeable(
        &self,
        before: Date,
        organisation: Option<&OrganisationCode>,
    ) -> Result<Vec<Purgeable>, StoreError> {
        let rows = sqlx::query(
            "SELECT organisation, id, start_date, end_date FROM registrations \
             WHERE end_date IS NOT NULL AND end_date < $1 ORDER BY organisation, id",
        )
        .bind(before.format("%Y-%m-%d").to_string())
        .fetch_all(self.pool())
        .await?;
        let mut found = Vec::new();
        for row in rows {
            let code: String = row.try_get(0)?;
            if organisation.is_some_and(|o| o.as_str() != code) {
                continue;
            }
            let organisation = OrganisationCode::parse(&code).map_err(|e| StoreError::Corrupt {
                table: "registrations",
                detail: e.to_string(),
            })?;
            found.push(Purgeable {
                organisation,
                id: row.try_get(1)?,
                first_year: year_of(&row.try_get::<String, _>(2)?),
                last_year: year_of(&row.try_get::<String, _>(3)?),
            });
        }
        Ok(found)
    }
}

impl crate::Store {
    /// The years of an organisation whose figures are kept as aggregates,
    /// each with when they were kept, without the figures themselves (what
    /// a page says of them), by year.
    pub async fn kept_years(
        &self,
        organisation: &OrganisationCode,
    ) -> Result<Vec<(i32, String)>, StoreError> {
        let rows = sqlx::query(
            "SELECT year, MIN(stored_at) FROM stored_figures WHERE organisation = $1 \
             GROUP BY year ORDER BY year",
        )
        .bind(organisation.as_str().to_string())
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get::<i64, _>(0)? as i32, r.try_get(1)?)))
            .collect()
    }
}

impl Tx {
    /// The figures kept for an organisation, every scope and year.
    pub async fn stored_figures(
        &mut self,
        organisation: &OrganisationCode,
    ) -> Result<Vec<StoredFigures>, StoreError> {
        let rows = sqlx::query(
            "SELECT scope, year, data_version, stored_at, figures FROM stored_figures \
             WHERE organisation = $1 ORDER BY year, scope",
        )
        .bind(organisation.as_str().to_string())
        .fetch_all(&mut *self.tx)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(StoredFigures {
                    scope: r.try_get(0)?,
                    year: r.try_get::<i64, _>(1)? as i32,
                    data_version: r.try_get(2)?,
                    stored_at: r.try_get(3)?,
                    figures: r.try_get(4)?,
                })
            })
            .collect()
    }

    /// Keeps the figures of a scope and year, unless figures are kept for
    /// them already (an earlier purge kept them from more registrations).
    pub async fn keep_figures(
        &mut self,
        organisation: &OrganisationCode,
        scope: &str,
        year: i32,
        data_version: i64,
        figures: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO stored_figures (organisation, scope, year, data_version, stored_at, figures) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (organisation, scope, year) DO NOTHING",
        )
        .bind(organisation.as_str().to_string())
        .bind(scope.to_string())
        .bind(i64::from(year))
        .bind(data_version)
        .bind(now())
        .bind(figures.to_string())
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// Removes registrations (with their scores) by organisation and id;
    /// gives how many registrations and score rows went.
    pub async fn purge(&mut self, registrations: &[Purgeable]) -> Result<(u64, u64), StoreError> {
        let (mut gone, mut scores) = (0, 0);
        for r in registrations {
            scores += sqlx::query(
                "DELETE FROM zrm_scores WHERE organisation = $1 AND registration_id = $2",
            )
            .bind(r.organisation.as_str().to_string())
            .bind(r.id.clone())
            .execute(&mut *self.tx)
            .await?
            .rows_affected();
            sqlx::query(
                "DELETE FROM registration_authors WHERE organisation = $1 AND registration_id = $2",
            )
            .bind(r.organisation.as_str().to_string())
            .bind(r.id.clone())
            .execute(&mut *self.tx)
            .await?;
            let removed =
                sqlx::query("DELETE FROM registrations WHERE organisation = $1 AND id = $2")
                    .bind(r.organisation.as_str().to_string())
                    .bind(r.id.clone())
                    .execute(&mut *self.tx)
                    .await?
                    .rows_affected();
            if removed > 0 {
                self.touch(r.organisation.as_str());
            }
            gone += removed;
        }
        Ok((gone, scores))
    }
}
