//! The accounts of the people who sign in. Not per organisation like the
//! records: an account names its organisations. Every change is written to
//! the audit log with who, what, before and after (never the hash).

use crate::error::StoreError;
use crate::tx::Tx;
use crate::Store;
use domain::{Account, Coded, MunicipalityCode, OrganisationCode, Role, Username};
use sqlx::any::AnyRow;
use sqlx::Row;

fn account(row: &AnyRow) -> Result<Account, StoreError> {
    let corrupt = |detail: String| StoreError::Corrupt {
        table: "accounts",
        detail,
    };
    let username: String = row.try_get(0)?;
    let role: String = row.try_get(1)?;
    let organisations: String = row.try_get(2)?;
    let municipality: Option<String> = row.try_get(3)?;
    Ok(Account {
        username: Username::parse(&username).map_err(|e| corrupt(e.to_string()))?,
        role: Role::parse(&role).map_err(|e| corrupt(e.to_string()))?,
        organisations: organisations
            .split('|')
            .filter(|o| !o.is_empty())
            .map(|o| OrganisationCode::parse(o).map_err(|e| corrupt(e.to_string())))
            .collect::<Result<_, _>>()?,
        municipality: municipality
            .map(|m| MunicipalityCode::parse(&m).map_err(|e| corrupt(e.to_string())))
            .transpose()?,
        password_hash: row.try_get(4)?,
    })
}

/// An account for the audit log: everything but the password hash.
pub fn described(a: &Account) -> String {
    let organisations: Vec<&str> = a.organisations.iter().map(|o| o.as_str()).collect();
    let municipality = a.municipality.as_ref().map_or("", |m| m.as_str());
    format!(
        "{} (role {}, organisations [{}], municipality [{}])",
        a.username.as_str(),
        a.role.code(),
        organisations.join(", "),
        municipality
    )
}

const COLUMNS: &str = "username, role, organisations, municipality, password_hash";

impl Store {
    /// Every account, by user name.
    pub async fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM accounts ORDER BY username"))
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(account).collect()
    }

    /// Every organisation, by code, with its municipalities and areas.
    pub async fn organisations(&self) -> Result<Vec<domain::Organisation>, StoreError> {
        let mut tx = self.begin().await?;
        let mut organisations: Vec<domain::Organisation> = tx.load(None).await?;
        tx.rollback().await?;
        organisations.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(organisations)
    }

    /// The account with this user name.
    pub async fn account(&self, username: &Username) -> Result<Option<Account>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM accounts WHERE username = $1"
        ))
        .bind(username.as_str().to_string())
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(account).transpose()
    }
}

impl Tx {
    /// Adds an account, or replaces the one with its user name; the audit
    /// log gets who did it and the account before and after.
    pub async fn save_account(
        &mut self,
        account: &Account,
        before: Option<&Account>,
        actor: &str,
    ) -> Result<(), StoreError> {
        let organisations: Vec<&str> = account.organisations.iter().map(|o| o.as_str()).collect();
        sqlx::query(&format!(
            "INSERT INTO accounts ({COLUMNS}) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (username) DO UPDATE SET role = excluded.role, \
             organisations = excluded.organisations, municipality = excluded.municipality, \
             password_hash = excluded.password_hash"
        ))
        .bind(account.username.as_str().to_string())
        .bind(account.role.code().to_string())
        .bind(organisations.join("|"))
        .bind(
            account
                .municipality
                .as_ref()
                .map(|m| m.as_str().to_string()),
        )
        .bind(account.password_hash.clone())
        .execute(&mut *self.tx)
        .await?;
        let detail = match before {
            None => format!("added {}", described(account)),
            Some(old) => {
                let password = if old.password_hash == account.password_hash {
                    "unchanged"
                } else {
                    "changed"
                };
                format!(
                    "before {}; after {}; password {password}",
                    described(old),
                    described(account)
                )
            }
        };
        self.audit(actor, "user", &detail).await
    }

    /// Removes an account; `false` when there was none.
    pub async fn remove_account(
        &mut self,
        username: &Username,
        before: &Account,
        actor: &str,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM accounts WHERE username = $1")
            .bind(username.as_str().to_string())
            .execute(&mut *self.tx)
            .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        self.audit(actor, "user", &format!("removed {}", described(before)))
            .await?;
        Ok(true)
    }
}

impl Store {
    /// The codes of the organisations stored.
    pub async fn organisation_codes(&self) -> Result<Vec<OrganisationCode>, StoreError> {
        let rows = sqlx::query("SELECT code FROM organisations ORDER BY code")
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| {
                let code: String = r.try_get(0)?;
                OrganisationCode::parse(&code).map_err(|e| StoreError::Corrupt {
                    table: "organisations",
                    detail: e.to_string(),
                })
            })
            .collect()
    }
}
