//! An organisation's registrations and scores read as the store holds
//! them ([`StoredRegistration`], [`StoredScores`]), without validating
//! them again: what the store holds was validated on its way in. This is
//! how the figures' columns are laid out straight from the database.

use crate::bulk::Cell;
use crate::error::StoreError;
use crate::table::{Stored, TableSpec};
use crate::tx::Tx;
use domain::stored::{age_group_of, stored_date};
use domain::{
    Coded, Date, DomainScores, OrganisationCode, Registration, StoredRegistration, StoredScores,
    SupportForm,
};

/// The place of each named column in a table's rows.
fn place(spec: &TableSpec, name: &str) -> usize {
    spec.columns
        .iter()
        .position(|(n, _)| *n == name)
        .expect("a column of the table")
}

fn corrupt(spec: &'static TableSpec, detail: String) -> StoreError {
    StoreError::Corrupt {
        table: spec.name,
        detail,
    }
}

/// Reads the cells of one row by column name.
struct Row<'r, 'a> {
    spec: &'static TableSpec,
    cells: &'r [Cell<'a>],
}

impl<'r> Row<'r, '_> {
    fn text(&self, name: &str) -> Option<&'r str> {
        self.cells[place(self.spec, name)].text()
    }

    fn required(&self, name: &str) -> Result<&'r str, StoreError> {
        self.text(name)
            .ok_or_else(|| corrupt(self.spec, format!("no {name}")))
    }

    fn date(&self, name: &str) -> Result<Option<Date>, StoreError> {
        self.text(name)
            .map(|t| stored_date(t).ok_or_else(|| corrupt(self.spec, format!("{name} {t:?}"))))
            .transpose()
    }

    fn score(&self, name: &str) -> u8 {
        self.cells[place(self.spec, name)]
            .int()
            .map_or(0, |n| n as u8)
    }
}

fn registration<'r>(row: &Row<'r, '_>) -> Result<StoredRegistration<'r>, StoreError> {
    let spec = row.spec;
    let start_date = row
        .date("start_date")?
        .ok_or_else(|| corrupt(spec, "no start_date".into()))?;
    let form = row.required("form")?;
    let birth_year = row.cells[place(spec, "birth_year")].int();
    Ok(StoredRegistration {
        id: row.required("id")?,
        area: row.text("area"),
        form: SupportForm::parse(form).map_err(|e| corrupt(spec, format!("form {form:?}: {e}")))?,
        start_date,
        end_date: row.date("end_date")?,
        first_contact_date: row.date("first_contact_date")?,
        waiting_since: row.date("waiting_since")?,
        client: row.text("client"),
        age_group: age_group_of(row.text("age_group"), birth_year, start_date)
            .ok_or_else(|| corrupt(spec, "no age group or birth year".into()))?,
        main_domain: row.required("main_domain")?,
        service: row.text("service"),
        pg_dimensions: row.text("pg_dimensions").unwrap_or(""),
        referred_by: row.text("referred_by"),
        referred_to: row.text("referred_to").unwrap_or(""),
    })
}

impl Tx {
    /// Hands each registration of the organisation to `each` as stored.
    pub async fn each_stored_registration(
        &mut self,
        organisation: &OrganisationCode,
        each: &mut (dyn FnMut(&StoredRegistration<'_>) + Send),
    ) -> Result<(), StoreError> {
        let spec = Registration::TABLE;
        self.each_cells(spec, organisation, &mut |cells| {
            each(&registration(&Row { spec, cells })?);
            Ok(())
        })
        .await
    }

    /// Hands each ZRM score row of the organisation to `each` as stored.
    pub async fn each_stored_scores(
        &mut self,
        organisation: &OrganisationCode,
        each: &mut (dyn FnMut(&StoredScores<'_>) + Send),
    ) -> Result<(), StoreError> {
        let spec = DomainScores::TABLE;
        self.each_cells(spec, organisation, &mut |cells| {
            let row = Row { spec, cells };
            each(&StoredScores {
                registration: row.required("registration_id")?,
                domain: row.required("domain")?,
                start: row.score("start_score"),
                goal: row.score("goal_score"),
                end: row.score("end_score"),
            });
            Ok(())
        })
        .await
    }
}
