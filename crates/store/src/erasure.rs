//! Erasing clients on request (AVG/GDPR art. 17): every registration of
//! the client's pseudonym in one organisation, its ZRM scores, and the
//! pseudonym wherever the audit log wrote it, in the caller's
//! transaction. Published versions are aggregates and stay.

use crate::connect::Store;
use crate::error::StoreError;
use crate::tx::Tx;
use domain::{ClientPseudonym, OrganisationCode};
use sqlx::Row;
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
        for (i, client) in clients.iter().enumerate() {
            let (registrations, scores) = tx.erase_client(organisation, client).await?;
            if registrations == 0 {
                unmatched.push(i);
            }
            erasure.clients += u64::from(registrations > 0);
            erasure.registrations += registrations;
            erasure.scores += scores;
            progress(i + 1);
        }
        if !unmatched.is_empty() {
            tx.rollback().await?;
            return Ok(Err(Unmatched(unmatched)));
        }
        let names: HashSet<&str> = clients.iter().map(|c| c.as_str()).collect();
        erasure.audit_lines = tx.redact_audit(&names).await?;
        let detail = format!(
            "{}: {} clients, {} registrations, {} ZRM score rows, {} audit lines without the pseudonym",
            organisation.as_str(),
            erasure.clients,
            erasure.registrations,
            erasure.scores,
            erasure.audit_lines
        );
        tx.audit(actor, "erase client", &detail).await?;
        match dry_run {
            true => tx.rollback().await?,
            false => {
                tx.commit().await?;
            }
        }
        Ok(Ok(erasure))
    }
}

impl Tx {
    /// The registrations of one client (pseudonym) in the organisation:
    /// removes them with their scores; gives how many of each.
    pub async fn erase_client(
        &mut self,
        organisation: &OrganisationCode,
        client: &ClientPseudonym,
    ) -> Result<(u64, u64), StoreError> {
        let scores = sqlx::query(
            "DELETE FROM zrm_scores WHERE organisation = $1 AND registration_id IN \
             (SELECT id FROM registrations WHERE organisation = $1 AND client = $2)",
        )
        .bind(organisation.as_str().to_string())
        .bind(client.as_str().to_string())
        .execute(&mut *self.tx)
        .await?
        .rows_affected();
        let registrations =
            sqlx::query("DELETE FROM registrations WHERE organisation = $1 AND client = $2")
                .bind(organisation.as_str().to_string())
                .bind(client.as_str().to_string())
                .execute(&mut *self.tx)
                .await?
                .rows_affected();
        if registrations > 0 {
            self.changed = true;
        }
        Ok((registrations, scores))
    }

    /// Takes the pseudonyms out of every audit-log line that names one
    /// (an added registration's `client=…`, a changed one's `client: … →
    /// …`), writing [`ERASED`] instead; gives how many lines changed. One
    /// pass over the lines that mention a client.
    pub async fn redact_audit(&mut self, clients: &HashSet<&str>) -> Result<u64, StoreError> {
        if clients.is_empty() {
            return Ok(0);
        }
        let rows = sqlx::query("SELECT seq, detail FROM audit_log WHERE detail LIKE '%client%'")
            .fetch_all(&mut *self.tx)
            .await?;
        let mut redacted = 0;
        for row in rows {
            let seq: i64 = row.try_get(0)?;
            let detail: String = row.try_get(1)?;
            let clean = redact(&detail, clients);
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
        let line = format!("registrations deschans/r1 added: client={a}, form=traject; other {b}");
        assert_eq!(
            redact(&line, &clients),
            format!("registrations deschans/r1 added: client=[gewist], form=traject; other {b}")
        );
        let changed = format!("registrations deschans/r2: client: {b} → {a}");
        assert_eq!(
            redact(&changed, &clients),
            format!("registrations deschans/r2: client: {b} → [gewist]")
        );
    }
}
