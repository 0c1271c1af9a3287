//! What an organisation keeps about its imports: the saved mappings of its
//! sources, and the history of its imports with their reports.

use crate::error::StoreError;
use crate::tx::Tx;
use crate::Store;
use domain::OrganisationCode;
use sqlx::Row;

/// A saved mapping as stored: its JSON with who changed it last, when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredMapping {
    /// The source's name, e.g. "Regicare-export".
    pub name: String,
    /// The file kind it reads (its code).
    pub kind: String,
    /// The mapping as JSON.
    pub json: String,
    /// When it was last saved (UTC, `YYYY-MM-DDTHH:MM:SSZ`).
    pub changed_at: String,
    /// Who saved it last.
    pub changed_by: String,
}

/// One import in an organisation's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportEntry {
    /// Its id, for the report's address.
    pub id: String,
    /// The organisation it imported for.
    pub organisation: String,
    /// Who imported (`web:<user>` or the command line's user).
    pub actor: String,
    /// When (UTC, `YYYY-MM-DDTHH:MM:SSZ`).
    pub at: String,
    /// The files' names, comma-separated.
    pub files: String,
    /// The mapping the files were read with, if any.
    pub mapping: Option<String>,
    /// Whether it was stored (else refused: nothing stored).
    pub stored: bool,
    /// Rows new, changed, equal to what was stored, refused.
    pub inserted: i64,
    /// Rows that changed a stored record.
    pub updated: i64,
    /// Rows equal to what was stored.
    pub unchanged: i64,
    /// Rows refused.
    pub rejected: i64,
    /// The report as JSON.
    pub report: String,
}

const MAPPING_COLUMNS: &str = "name, kind, mapping, changed_at, changed_by";

fn mapping_of(row: &sqlx::any::AnyRow) -> Result<StoredMapping, StoreError> {
    Ok(StoredMapping {
        name: row.try_get(0)?,
        kind: row.try_get(1)?,
        json: row.try_get(2)?,
        changed_at: row.try_get(3)?,
        changed_by: row.try_get(4)?,
    })
}

const ENTRY_COLUMNS: &str = "id, organisation, actor, at, files, mapping, stored, inserted, \
                             updated, unchanged, rejected, report";

fn entry_of(row: &sqlx::any::AnyRow) -> Result<ImportEntry, StoreError> {
    Ok(ImportEntry {
        id: row.try_get(0)?,
        organisation: row.try_get(1)?,
        actor: row.try_get(2)?,
        at: row.try_get(3)?,
        files: row.try_get(4)?,
        mapping: row.try_get(5)?,
        stored: row.try_get::<i64, _>(6)? != 0,
        inserted: row.try_get(7)?,
        updated: row.try_get(8)?,
        unchanged: row.try_get(9)?,
        rejected: row.try_get(10)?,
        report: row.try_get(11)?,
    })
}

impl Store {
    /// The organisation's saved mappings, by name.
    pub async fn mappings(
        &self,
        organisation: &OrganisationCode,
    ) -> Result<Vec<StoredMapping>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {MAPPING_COLUMNS} FROM import_mappings WHERE organisation = $1 ORDER BY name"
        ))
        .bind(organisation.as_str().to_string())
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(mapping_of).collect()
    }

    /// The organisation's mapping `name`, when it has one.
    pub async fn mapping(
        &self,
        organisation: &OrganisationCode,
        name: &str,
    ) -> Result<Option<StoredMapping>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {MAPPING_COLUMNS} FROM import_mappings WHERE organisation = $1 AND name = $2"
        ))
        .bind(organisation.as_str().to_string())
        .bind(name.to_string())
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(mapping_of).transpose()
    }

    /// Notes an import in the organisation's history.
    pub async fn note_import(&self, entry: &ImportEntry) -> Result<(), StoreError> {
        sqlx::query(&format!(
            "INSERT INTO import_history ({ENTRY_COLUMNS}) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
        ))
        .bind(entry.id.clone())
        .bind(entry.organisation.clone())
        .bind(entry.actor.clone())
        .bind(entry.at.clone())
        .bind(entry.files.clone())
        .bind(entry.mapping.clone())
        .bind(i64::from(entry.stored))
        .bind(entry.inserted)
        .bind(entry.updated)
        .bind(entry.unchanged)
        .bind(entry.rejected)
        .bind(entry.report.clone())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The organisation's imports, newest first, at most `limit`.
    pub async fn imports(
        &self,
        organisation: &OrganisationCode,
        limit: i64,
    ) -> Result<Vec<ImportEntry>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {ENTRY_COLUMNS} FROM import_history WHERE organisation = $1 \
             ORDER BY at DESC, id DESC LIMIT $2"
        ))
        .bind(organisation.as_str().to_string())
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(entry_of).collect()
    }

    /// One import of the organisation's history.
    pub async fn import_entry(
        &self,
        organisation: &OrganisationCode,
        id: &str,
    ) -> Result<Option<ImportEntry>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {ENTRY_COLUMNS} FROM import_history WHERE organisation = $1 AND id = $2"
        ))
        .bind(organisation.as_str().to_string())
        .bind(id.to_string())
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(entry_of).transpose()
    }
}

impl Tx {
    /// Saves the organisation's mapping (a new one, or over the one of the
    /// same name); the audit log says who.
    pub async fn save_mapping(
        &mut self,
        organisation: &OrganisationCode,
        name: &str,
        kind: &str,
        json: &str,
        actor: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO import_mappings (organisation, name, kind, mapping, changed_at, changed_by) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (organisation, name) DO UPDATE SET \
             kind = excluded.kind, mapping = excluded.mapping, changed_at = excluded.changed_at, \
             changed_by = excluded.changed_by",
        )
        .bind(organisation.as_str().to_string())
        .bind(name.to_string())
        .bind(kind.to_string())
        .bind(json.to_string())
        .bind(crate::tx::now())
        .bind(actor.to_string())
        .execute(&mut *self.tx)
        .await?;
        self.audit(
            actor,
            "mapping",
            &format!("{organisation}: {name} ({kind})"),
        )
        .await
    }

    /// Deletes the organisation's mapping `name`; whether there was one.
    pub async fn delete_mapping(
        &mut self,
        organisation: &OrganisationCode,
        name: &str,
        actor: &str,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM import_mappings WHERE organisation = $1 AND name = $2")
            .bind(organisation.as_str().to_string())
            .bind(name.to_string())
            .execute(&mut *self.tx)
            .await?;
        if done.rows_affected() > 0 {
            self.audit(actor, "mapping removed", &format!("{organisation}: {name}"))
                .await?;
        }
        Ok(done.rows_affected() > 0)
    }
}
