//! Every version of the researchers' texts (narratives and area profiles),
//! with who wrote it and when.

use crate::error::StoreError;
use crate::Store;
use domain::OrganisationCode;
use sqlx::Row;

/// One version of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextVersion {
    /// What the text is about, e.g. `kwetsbare_inwoners 2022 werkwijze`.
    pub about: String,
    /// The same, part by part (empty where not given): a narrative's
    /// theme, year, section and goal; an area profile's area,
    /// municipality, year and section.
    pub parts: Vec<String>,
    /// Which texts it is of.
    pub kind: TextKind,
    /// The text (Markdown).
    pub text: String,
    /// When it was saved (UTC).
    pub changed_at: String,
    /// Who saved it.
    pub changed_by: String,
}

/// The texts with versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// Narratives per theme and year.
    Narratives,
    /// Area profiles.
    AreaProfiles,
}

impl Store {
    /// Every version of an organisation's texts of a kind, newest first.
    pub async fn text_versions(
        &self,
        organisation: &OrganisationCode,
        kind: TextKind,
    ) -> Result<Vec<TextVersion>, StoreError> {
        let (about, table) = match kind {
            TextKind::Narratives => (
                "theme, CAST(year AS TEXT), section, goal",
                "narratives_history",
            ),
            TextKind::AreaProfiles => (
                "area, municipality, CAST(year AS TEXT), section",
                "area_profiles_history",
            ),
        };
        let sql = format!(
            "SELECT {about}, text, changed_at, changed_by FROM {table} WHERE organisation = $1 ORDER BY seq DESC"
        );
        let rows = sqlx::query(&sql)
            .bind(organisation.as_str().to_string())
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| {
                let parts: Vec<String> = (0..4)
                    .map(|i| r.try_get::<String, _>(i))
                    .collect::<Result<_, _>>()?;
                Ok(TextVersion {
                    about: parts
                        .iter()
                        .filter(|p| !p.is_empty())
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(" "),
                    parts,
                    kind,
                    text: r.try_get(4)?,
                    changed_at: r.try_get(5)?,
                    changed_by: r.try_get(6)?,
                })
            })
            .collect()
    }

    /// The dated versions of the organisation's DIN: date and snapshot
    /// (JSON), oldest first.
    pub async fn din_versions(
        &self,
        organisation: &OrganisationCode,
    ) -> Result<Vec<(String, String)>, StoreError> {
        let mut tx = self.begin().await?;
        let versions = tx.din_versions(organisation).await?;
        tx.rollback().await?;
        Ok(versions)
    }
}
