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

/// Where each column a stored view reads lies in its table's rows, looked
/// up once per read.
struct Places<const N: usize>([usize; N]);

impl<const N: usize> Places<N> {
    fn of(spec: &TableSpec, names: [&str; N]) -> Self {
        Self(names.map(|name| place(spec, name)))
    }
}

const REGISTRATION: [&str; 15] = [
    "id",
    "area",
    "form",
    "start_date",
    "end_date",
    "first_contact_date",
    "waiting_since",
    "client",
    "age_group",
    "birth_year",
    "main_domain",
    "service",
    "pg_dimensions",
    "referred_by",
    "referred_to",
];

const SCORES: [&str; 5] = [
    "registration_id",
    "domain",
    "start_score",
    "goal_score",
    "end_score",
];

/// The cells of one row, read in the order of the names its places were
/// looked up for.
struct Row<'r, 'a, const N: usize> {
    spec: &'static TableSpec,
    places: &'r Places<N>,
    cells: &'r [Cell<'a>],
}

impl<'r, const N: usize> Row<'r, '_, N> {
    fn cell(&self, i: usize) -> &'r Cell<'r> {
        &self.cells[self.places.0[i]]
    }

    fn text(&self, i: usize) -> Option<&'r str> {
        self.cell(i).text()
    }

    fn required(&self, i: usize, name: &str) -> Result<&'r str, StoreError> {
        self.text(i)
            .ok_or_else(|| corrupt(self.spec, format!("no {name}")))
    }

    fn date(&self, i: usize, name: &str) -> Result<Option<Date>, StoreError> {
        self.text(i)
            .map(|t| stored_date(t).ok_or_else(|| corrupt(self.spec, format!("{name} {t:?}"))))
            .transpose()
    }

    fn score(&self, i: usize) -> u8 {
        self.cell(i).int().map_or(0, |n| n as u8)
    }
}

fn registration<'r>(row: &Row<'r, '_, 15>) -> Result<StoredRegistration<'r>, StoreError> {
    let spec = row.spec;
    let start_date = row
        .date(3, "start_date")?
        .ok_or_else(|| corrupt(spec, "no start_date".into()))?;
    let form = row.required(2, "form")?;
    Ok(StoredRegistration {
        id: row.required(0, "id")?,
        area: row.text(1),
        form: SupportForm::parse(form).map_err(|e| corrupt(spec, format!("form {form:?}: {e}")))?,
        start_date,
        end_date: row.date(4, "end_date")?,
        first_contact_date: row.date(5, "first_contact_date")?,
        waiting_since: row.date(6, "waiting_since")?,
        client: row.text(7),
        age_group: age_group_of(row.text(8), row.cell(9).int(), start_date)
            .ok_or_else(|| corrupt(spec, "no age group or birth year".into()))?,
        main_domain: row.required(10, "main_domain")?,
        service: row.text(11),
        pg_dimensions: row.text(12).unwrap_or(""),
        referred_by: row.text(13),
        referred_to: row.text(14).unwrap_or(""),
    })
}

fn scores<'r>(row: &Row<'r, '_, 5>) -> Result<StoredScores<'r>, StoreError> {
    Ok(StoredScores {
        registration: row.required(0, "registration_id")?,
        domain: row.required(1, "domain")?,
        start: row.score(2),
        goal: row.score(3),
        end: row.score(4),
    })
}

impl Tx {
    /// Hands each registration of the organisation to `each` as stored.
    pub async fn each_stored_registration(
        &mut self,
        organisation: &OrganisationCode,
        each: &mut (dyn FnMut(&StoredRegistration<'_>) + Send),
    ) -> Result<(), StoreError> {
        let read = &mut |row: &Row<'_, '_, 15>| registration(row).map(|r| each(&r));
        self.each_stored(Registration::TABLE, organisation, REGISTRATION, read)
            .await
    }

    /// Hands each ZRM score row of the organisation to `each` as stored.
    pub async fn each_stored_scores(
        &mut self,
        organisation: &OrganisationCode,
        each: &mut (dyn FnMut(&StoredScores<'_>) + Send),
    ) -> Result<(), StoreError> {
        let read = &mut |row: &Row<'_, '_, 5>| scores(row).map(|s| each(&s));
        self.each_stored(DomainScores::TABLE, organisation, SCORES, read)
            .await
    }

    /// Hands each row of a table of the organisation to `each`, its cells
    /// read by the `names` of the columns.
    async fn each_stored<const N: usize>(
        &mut self,
        spec: &'static TableSpec,
        organisation: &OrganisationCode,
        names: [&str; N],
        each: &mut (dyn FnMut(&Row<'_, '_, N>) -> Result<(), StoreError> + Send),
    ) -> Result<(), StoreError> {
        let places = Places::of(spec, names);
        let places = &places;
        self.each_cells(spec, organisation, &mut |cells| {
            each(&Row {
                spec,
                places,
                cells,
            })
        })
        .await
    }
}
