//! Erasing clients on request (AVG/GDPR art. 17): every registration of
//! the client's pseudonym in one organisation, its ZRM scores, the
//! contents of the audit-log lines about those registrations (who did
//! what kind of thing when stays) and the pseudonym wherever the audit
//! log wrote it, in one transaction. Published versions are aggregates and
//! stay. Afterwards the database files no longer hold what was erased:
//! SQLite overwrites deleted content (`secure_delete`, set on every
//! connection) and the write-ahead log is emptied; PostgreSQL vacuums the
//! tables (docs/operations.md says what that does and does not do).

use crate::connect::{Backend, Store};
use crate::error::StoreError;
use crate::tx::Tx;
use domain::{ClientPseudonym, OrganisationCode};
use sqlx::{Executor, Row};
use std::collections::HashSet;

/// What an erasure removed (or, rolled back, would remove).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Erasure {
    /// Clients whose registrations were found.
    pub clients: u64,
    /// Registrations removed.
    pub registrations: u64,
    /// ZRM score rows removed.
    pub scores: u64,
    /// Audit-log lines from which the pseudonym was taken out.
    pub audit_lines: u64,
    /// Clients asked for that an earlier erasure erased already (one
    /// stopped after its commit, say): nothing of them is left to erase.
    pub already_erased: u64,
}

/// What the store keeps of an erased client: the SHA-256 (hex) of
/// `erased:` and its pseudonym, so that the pseudonym itself is gone.
fn erased_digest(client: &ClientPseudonym) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(format!("erased:{}", client.as_str()).as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Why an erasure was refused: the clients (by their place in the list
/// asked, from 0) of whom the organisation has no registration. Nothing
/// was erased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmatched(pub Vec<usize>);

/// What the audit log writes where a pseudonym stood.
pub const ERASED: &str = "[gewist]";

impl Store {
    /// Erases clients of an organisation in one transaction: each one's
    /// registrations and scores, and their pseudonyms in the audit log;
    /// writes one audit entry with the counts (never a code or pseudonym)
    /// and moves the data version. Refused, with nothing erased, when a
    /// client has no registration there. With `dry_run` the transaction is
    /// rolled back: the counts say what would go. `progress` hears how many
    /// clients are done.
    pub async fn erase_clients(
        &self,
        organisation: &OrganisationCode,
        clients: &[ClientPseudonym],
        actor: &str,
        dry_run: bool,
        progress: &(dyn Fn(usize) + Sync),
    ) -> Result<Result<Erasure, Unmatched>, StoreError> {
        let mut tx = self.begin().await?;
        let mut erasure = Erasure::default();
        let mut unmatched = Vec::new();
        let mut erased_ids = HashSet::new();
        for (i, client) in clients.iter().enumerate() {
            let (ids, scores) = tx.erase_client(organisation, client).await?;
            if ids.is_empty() {
                match tx.was_erased(organisation, client).await? {
                    true => erasure.already_erased += 1,
                    false => unmatched.push(i),
                }
            } else {
                tx.mark_erased(organisation, client).await?;
            }
            erasure.clients += u64::from(!ids.is_empty());
            erasure.registrations += ids.len() as u64;
            erasure.scores += scores;
            erased_ids.extend(ids);
            progress(i + 1);
        }
        if !unmatched.is_empty() {
            tx.rollback().await?;
            return Ok(Err(Unmatched(unmatched)));
        }
        let erased = Erased {
            organisation: organisation.as_str(),
            registrations: &erased_ids,
            clients: &clients.iter().map(|c| c.as_str()).collect(),
        };
        erasure.audit_lines = tx.redact_audit(&erased).await?;
        let detail = format!(
            "{}: {} clients, {} registrations, {} ZRM score rows, {} audit lines without the pseudonym, {} erased before",
            organisation.as_str(),
            erasure.clients,
            erasure.registrations,
            erasure.scores,
            erasure.audit_lines,
            erasure.already_erased
        );
        tx.audit(actor, "erase client", &detail).await?;
        match dry_run {
            true => tx.rollback().await?,
            false => {
                tx.commit().await?;
                self.scrub().await?;
            }
        }
        Ok(Ok(erasure))
    }

    /// Makes what was deleted unreadable in the database's files: on
    /// SQLite the write-ahead log is copied into the database (whose
    /// deleted content `secure_delete` overwrote) and cut to nothing; on
    /// PostgreSQL the tables that held it are vacuumed.
    pub async fn scrub(&self) -> Result<(), StoreError> {
        match self.backend() {
            Backend::Sqlite => {
                self.pool()
                    .execute("PRAGMA wal_checkpoint(TRUNCATE)")
                    .await?;
            }
            Backend::Postgres => {
                // Outside any transaction, as VACUUM must be.
                self.pool()
                    .execute("VACUUM registrations, zrm_scores, registration_authors, audit_log")
                    .await?;
            }
        }
        Ok(())
    }
}

/// What one erasure takes out: the registrations (ids) and clients
/// (pseudonyms) of one organisation.
pub struct Erased<'a> {
    /// The organisation's code.
    pub organisation: &'a str,
    /// The ids of the registrations erased.
    pub registrations: &'a HashSet<String>,
    /// The pseudonyms erased.
    pub clients: &'a HashSet<&'a str>,
}

impl Tx {
    /// The registrations of one client (pseudonym) in the organisation:
    /// removes them with their scores; gives their ids and how many score
    /// rows went.
    pub async fn erase_client(
        &mut self,
        organisation: &OrganisationCode,
        client: &ClientPseudonym,
    ) -> Result<(Vec<String>, u64), StoreError> {
        let ids: Vec<String> =
            sqlx::query("SELECT id FROM registrations WHERE organisation = $1 AND client = $2")
                .bind(organisation.as_str().to_string())
                .bind(client.as_str().to_string())
                .fetch_all(&mut *self.tx)
                .await?
                .iter()
                .map(|r| r.try_get(0))
                .collect::<Result<_, _>>()?;
        let scores = sqlx::query(
            "DELETE FROM zrm_scores WHERE organisation = $1 AND registration_id IN \
             (SELECT id FROM registrations WHERE organisation = $1 AND client = $2)",
        )
        .bind(organisation.as_str().to_string())
        .bind(client.as_str().to_string())
        .execute(&mut *self.tx)
        .await?
        .rows_affected();
        sqlx::query(
            "DELETE FROM registration_authors WHERE organisation = $1 AND registration_id IN \
             (SELECT id FROM registrations WHERE organisation = $1 AND client = $2)",
        )
        .bind(organisation.as_str().to_string())
        .bind(client.as_str().to_string())
        .execute(&mut *self.tx)
        .await?;
        sqlx::query("DELETE FROM registrations WHERE organisation = $1 AND client = $2")
            .bind(organisation.as_str().to_string())
            .bind(client.as_str().to_string())
            .execute(&mut *self.tx)
            .await?;
        if !ids.is_empty() {
            self.touch(organisation.as_str());
        }
        Ok((ids, scores))
    }

    /// Whether the client was erased from the organisation before.
    pub async fn was_erased(
        &mut self,
        organisation: &OrganisationCode,
        client: &ClientPseudonym,
    ) -> Result<bool, StoreError> {
        let row = sqlx::query(
            "SELECT COUNT(*) FROM erased_clients WHERE organisation = $1 AND client_digest = $2",
        )
        .bind(organisation.as_str().to_string())
        .bind(erased_digest(client))
        .fetch_one(&mut *self.tx)
        .await?;
        Ok(row.try_get::<i64, _>(0)? > 0)
    }

    /// Records that the client is erased from the organisation.
    async fn mark_erased(
        &mut self,
        organisation: &OrganisationCode,
        client: &ClientPseudonym,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO erased_clients (organisation, client_digest, erased_at) VALUES ($1, $2, $3) \
             ON CONFLICT (organisation, client_digest) DO NOTHING",
        )
        .bind(organisation.as_str().to_string())
        .bind(erased_digest(client))
        .bind(crate::tx::now())
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// Takes out of the audit log what it wrote of the erased: a line
    /// about an erased registration or its scores keeps only its table,
    /// organisation and kind ("registrations deschans added: [gewist]"),
    /// who and when; any other line loses the pseudonyms, [`ERASED`] in
    /// their place. Gives how many lines changed.
    pub async fn redact_audit(&mut self, erased: &Erased<'_>) -> Result<u64, StoreError> {
        if erased.clients.is_empty() && erased.registrations.is_empty() {
            return Ok(0);
        }
        let rows = sqlx::query(
            "SELECT seq, detail FROM audit_log WHERE detail LIKE '%client%' \
             OR detail LIKE 'registrations %' OR detail LIKE 'zrm_scores %'",
        )
        .fetch_all(&mut *self.tx)
        .await?;
        let mut redacted = 0;
        for row in rows {
            let seq: i64 = row.try_get(0)?;
            let detail: String = row.try_get(1)?;
            let clean =
                about_erased(&detail, erased).unwrap_or_else(|| redact(&detail, erased.clients));
            if clean != detail {
                sqlx::query("UPDATE audit_log SET detail = $1 WHERE seq = $2")
                    .bind(clean)
                    .bind(seq)
                    .execute(&mut *self.tx)
                    .await?;
                redacted += 1;
            }
        }
        Ok(redacted)
    }
}

/// The line that stays of an audit line about an erased registration
/// (`registrations ORG/ID added: …`, `registrations ORG/ID: column: … →
/// …`, `zrm_scores ORG/ID/DOMAIN …`): its table, organisation and kind,
/// the rest [`ERASED`]. `None` for a line about anything else.
fn about_erased(detail: &str, erased: &Erased<'_>) -> Option<String> {
    let (table, rest) = detail.split_once(' ')?;
    let key = rest.strip_prefix(erased.organisation)?.strip_prefix('/')?;
    let (kind, key) = match key.split_once(" added: ") {
        Some((key, _)) => ("added", key),
        None => ("changed", key.split_once(": ")?.0),
    };
    let id = match table {
        "registrations" => key,
        "zrm_scores" => key.rsplit_once('/')?.0,
        _ => return None,
    };
    erased
        .registrations
        .contains(id)
        .then(|| format!("{table} {} {kind}: {ERASED}", erased.organisation))
}

/// The text with every 64-hex-digit word that is one of `clients`
/// replaced by [`ERASED`].
fn redact(text: &str, clients: &HashSet<&str>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_hexdigit()) {
        out.push_str(&rest[..start]);
        let word = &rest[start..];
        let len = word
            .find(|c: char| !c.is_ascii_hexdigit())
            .unwrap_or(word.len());
        let hex = &word[..len];
        out.push_str(if clients.contains(hex) { ERASED } else { hex });
        rest = &word[len..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_erased_pseudonyms_are_taken_out() {
        let a = "a".repeat(64);
        let b = "b".repeat(64);
        let clients: HashSet<&str> = [a.as_str()].into_iter().collect();
        let line = format!("narratives deschans/x added: client={a}, form=traject; other {b}");
        assert_eq!(
            redact(&line, &clients),
            format!("narratives deschans/x added: client=[gewist], form=traject; other {b}")
        );
        let changed = format!("registrations deschans/r2: client: {b} → {a}");
        assert_eq!(
            redact(&changed, &clients),
            format!("registrations deschans/r2: client: {b} → [gewist]")
        );
    }

    #[test]
    fn a_line_about_an_erased_registration_keeps_only_its_kind() {
        let a = "a".repeat(64);
        let clients: HashSet<&str> = [a.as_str()].into_iter().collect();
        let registrations: HashSet<String> = ["r1".to_string()].into_iter().collect();
        let erased = Erased {
            organisation: "deschans",
            registrations: &registrations,
            clients: &clients,
        };
        let cases = [
            (
                format!("registrations deschans/r1 added: area=Leek, client={a}, age_group=27-55"),
                Some("registrations deschans added: [gewist]"),
            ),
            (
                "registrations deschans/r1: end_date:  → 2022-03-01".to_string(),
                Some("registrations deschans changed: [gewist]"),
            ),
            (
                "zrm_scores deschans/r1/financien added: start_score=2, goal_score=3".to_string(),
                Some("zrm_scores deschans added: [gewist]"),
            ),
            (
                "registrations deschans/r12 added: area=Leek".to_string(),
                None,
            ),
            ("registrations sedna/r1 added: area=Emmen".to_string(), None),
            ("registrations: 40 rows added".to_string(), None),
        ];
        for (line, expected) in cases {
            assert_eq!(about_erased(&line, &erased).as_deref(), expected, "{line}");
        }
    }
}
