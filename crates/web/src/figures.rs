//! Figures for the pages, computed by the `indicators` crate and kept in a
//! cache keyed by the organisation's data version: a page never recomputes
//! what has not changed, any committed change to an organisation (which
//! moves its data version) is seen on its next request, and a change to
//! one organisation leaves every other organisation's figures, protection
//! and pages as they were.

use domain::{MunicipalityCode, Organisation, OrganisationCode, RegionCode, Vocabulary};
use indicators::{Columns, Figure, Options, Period, PeriodRule, Records, Selection, ThemeFilter};
use publish::{Protection, Threshold};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use store::{DataVersions, OrganisationRecords, PublishedPage, Store, StoreError};

/// The stored records as the indicators take them.
pub fn records_of(r: &OrganisationRecords) -> Records<'_> {
    Records {
        columns: None,
        registrations: &r.registrations,
        scores: &r.scores,
        partners: &r.partners,
        efforts: &r.efforts,
        collective: &r.collective,
        reach_plans: &r.reach_plans,
        surveys: &r.surveys,
        survey_answers: &r.survey_answers,
        context: &r.context,
        compared: &r.compared,
    }
}

/// The province of the organisation's municipality (the one asked, or its
/// only one) in `year`, from the stored region reference data; without
/// that, the one province among its context values.
pub fn province_of(
    records: &OrganisationRecords,
    municipality: Option<&MunicipalityCode>,
    year: i32,
) -> Option<RegionCode> {
    let only = match records.organisation.municipalities.as_slice() {
        [one] => Some(one),
        _ => None,
    };
    let linked = municipality
        .or(only)
        .and_then(|m| RegionCode::parse_cbs(m.as_str()))
        .and_then(|gm| domain::region::province_of(&records.regions, &gm, year).cloned());
    linked.or_else(|| indicators::context::only_province(&records.context))
}

/// What a set of figures is computed over: a theme in its year, a whole
/// year, or an area in a year (registrations running in the year).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scope {
    /// The theme's domains and services in its year.
    Theme(String, i32),
    /// Every registration of the year.
    Year(i32),
    /// The registrations in an area in the year.
    Area(String, i32),
}

impl Scope {
    /// The year it is about.
    pub fn year(&self) -> i32 {
        match self {
            Self::Theme(_, y) | Self::Year(y) | Self::Area(_, y) => *y,
        }
    }

    /// Its name among stored figures: `year`, `theme:CODE`, `area:NAME`.
    pub fn stored_name(&self) -> String {
        match self {
            Self::Year(_) => "year".to_string(),
            Self::Theme(code, _) => format!("theme:{code}"),
            Self::Area(area, _) => format!("area:{area}"),
        }
    }
}

/// The records of one organisation with the figures of one scope.
#[derive(Debug)]
pub struct ScopedFigures {
    /// The records (shared by every scope of the organisation at this
    /// data version).
    pub records: Arc<OrganisationRecords>,
    /// The figures of the scope.
    pub figures: Vec<Figure>,
}

type Key = (String, Scope);

/// A rendered publication: its title and body.
pub type RenderedPage = Arc<(String, String)>;

/// The pages an organisation published for the municipality.
pub type Published = Arc<Vec<PublishedPage>>;

/// A value with the data version it was computed at.
type Kept<T> = (i64, Arc<T>);

/// A value kept for the data version it was read at.
type Versioned<T> = Mutex<Option<(i64, Arc<T>)>>;

/// Records per organisation, figures per scope, the organisations and the
/// vocabulary, and rendered publication bodies, each for the data version
/// they were read or computed at. The guard reads the data version once
/// per request; everything else a page needs comes from here while the
/// version holds.
#[derive(Debug, Default)]
pub struct FigureCache {
    versions: Mutex<Option<Arc<DataVersions>>>,
    records: Mutex<HashMap<String, Kept<OrganisationRecords>>>,
    columns: Mutex<HashMap<String, Kept<Columns>>>,
    scoped: Mutex<HashMap<Key, Arc<ScopedFigures>>>,
    organisations: Versioned<Vec<Organisation>>,
    vocabulary: Versioned<Vocabulary>,
    pages: Mutex<HashMap<String, (String, i64, RenderedPage)>>,
    published: Mutex<HashMap<String, (i64, Published)>>,
    protections: Mutex<HashMap<(String, u64), Kept<Protection>>>,
    flights: Flights,
}

/// One turn per key to compute what the cache lacks: when many requests
/// miss the same value at once (every page after an import moved the data
/// version), one computes it and the others wait for it and find it kept,
/// instead of each reading every record again.
#[derive(Debug, Default)]
pub struct Flights(Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>);

impl Flights {
    /// Waits for the turn of `key`; the turn ends when the guard drops.
    pub async fn turn(&self, key: String) -> tokio::sync::OwnedMutexGuard<()> {
        let lock = self
            .0
            .lock()
            .expect("cache lock")
            .entry(key)
            .or_default()
            .clone();
        lock.lock_owned().await
    }
}

/// Runs CPU-heavy work (computing figures, protecting publications) so
/// that the other requests on the thread are handed on first (on a
/// multi-threaded runtime).
pub fn heavy<R>(work: impl FnOnce() -> R) -> R {
    use tokio::runtime::{Handle, RuntimeFlavor};
    match Handle::try_current().map(|h| h.runtime_flavor()) {
        Ok(RuntimeFlavor::MultiThread) => tokio::task::block_in_place(work),
        _ => work(),
    }
}

fn kept<T>(slot: &Versioned<T>, version: i64) -> Option<Arc<T>> {
    match &*slot.lock().expect("cache lock") {
        Some((v, value)) if *v == version => Some(value.clone()),
        _ => None,
    }
}

fn keep<T>(slot: &Versioned<T>, version: i64, value: T) -> Arc<T> {
    let value = Arc::new(value);
    *slot.lock().expect("cache lock") = Some((version, value.clone()));
    value
}

/// The selection of a scope; `None` when the organisation has no such
/// theme or area, or the year is not one.
fn selection_of(records: &OrganisationRecords, scope: &Scope) -> Option<Selection> {
    let year = scope.year();
    let mut selection = Selection {
        organisation: records.organisation.code.clone(),
        period: Period::year(year, PeriodRule::Running)?,
        area: None,
        age_group: None,
        theme: None,
    };
    match scope {
        Scope::Theme(code, _) => {
            let theme = records
                .themes
                .iter()
                .find(|t| t.code.as_str() == code && t.year == year)?;
            selection.theme = Some(ThemeFilter::of(theme, &records.reach_plans));
        }
        Scope::Area(name, _) => selection.area = Some(records.organisation.area(name).ok()?),
        Scope::Year(_) => {}
    }
    Some(selection)
}

impl FigureCache {
    /// The data versions now. The installation's counter is read on every
    /// call (once per request); every organisation's version only when
    /// the counter moved since the last call.
    pub async fn versions(&self, store: &Store) -> Result<Arc<DataVersions>, StoreError> {
        let (installation, _) = store.counters().await?;
        let kept = self.versions.lock().expect("cache lock").clone();
        if let Some(kept) = kept.filter(|v| v.installation == installation) {
            return Ok(kept);
        }
        let fresh = Arc::new(store.data_versions().await?);
        *self.versions.lock().expect("cache lock") = Some(fresh.clone());
        Ok(fresh)
    }

    /// The turn to compute a value the cache lacks (see [`Flights`]).
    pub async fn turn(&self, key: String) -> tokio::sync::OwnedMutexGuard<()> {
        self.flights.turn(key).await
    }

    /// The protection of an organisation's publications for threshold k,
    /// when kept at `version`.
    pub fn protection(
        &self,
        organisation: &OrganisationCode,
        k: Threshold,
        version: i64,
    ) -> Option<Arc<Protection>> {
        let key = (organisation.as_str().to_string(), k.get());
        match self.protections.lock().expect("cache lock").get(&key) {
            Some((v, p)) if *v == version => Some(p.clone()),
            _ => None,
        }
    }

    /// Keeps the protection of an organisation's publications for k at
    /// `version`.
    pub fn keep_protection(
        &self,
        organisation: &OrganisationCode,
        k: Threshold,
        version: i64,
        protection: Protection,
    ) -> Arc<Protection> {
        let protection = Arc::new(protection);
        let key = (organisation.as_str().to_string(), k.get());
        self.protections
            .lock()
            .expect("cache lock")
            .insert(key, (version, protection.clone()));
        protection
    }

    /// Every organisation, at data version `version`.
    pub async fn organisations(
        &self,
        store: &Store,
        version: i64,
    ) -> Result<Arc<Vec<Organisation>>, StoreError> {
        match kept(&self.organisations, version) {
            Some(o) => Ok(o),
            None => Ok(keep(
                &self.organisations,
                version,
                store.organisations().await?,
            )),
        }
    }

    /// The reference lists (ZRM domains, PG dimensions), at `version`.
    pub async fn vocabulary(
        &self,
        store: &Store,
        version: i64,
    ) -> Result<Arc<Vocabulary>, StoreError> {
        match kept(&self.vocabulary, version) {
            Some(v) => Ok(v),
            None => Ok(keep(&self.vocabulary, version, store.vocabulary().await?)),
        }
    }

    /// The pages the organisation published for the municipality, at
    /// `version`.
    pub async fn published(
        &self,
        store: &Store,
        organisation: &OrganisationCode,
        version: i64,
    ) -> Result<Published, StoreError> {
        let kept = self
            .published
            .lock()
            .expect("cache lock")
            .get(organisation.as_str())
            .cloned();
        if let Some((v, pages)) = kept {
            if v == version {
                return Ok(pages);
            }
        }
        let pages = Arc::new(store.published_pages(organisation).await?);
        self.published
            .lock()
            .expect("cache lock")
            .insert(organisation.as_str().to_string(), (version, pages.clone()));
        Ok(pages)
    }

    /// A rendered publication (title and body) kept under `key` at
    /// `version`.
    pub fn page(&self, key: &str, version: i64) -> Option<RenderedPage> {
        match self.pages.lock().expect("cache lock").get(key) {
            Some((_, v, body)) if *v == version => Some(body.clone()),
            _ => None,
        }
    }

    /// Keeps a rendered publication (title and body) of an organisation
    /// under `key` at the organisation's `version`; the organisation's
    /// pages of other versions are dropped, other organisations' kept.
    pub fn keep_page(
        &self,
        organisation: &OrganisationCode,
        key: String,
        version: i64,
        body: (String, String),
    ) -> RenderedPage {
        let body = Arc::new(body);
        let code = organisation.as_str();
        let mut pages = self.pages.lock().expect("cache lock");
        pages.retain(|_, (o, v, _)| o != code || *v == version);
        pages.insert(key, (code.to_string(), version, body.clone()));
        body
    }

    /// The organisation's records at its data version `version` (read at
    /// that version or later: a write between the request's start and the
    /// read is seen).
    pub async fn records(
        &self,
        store: &Store,
        organisation: &OrganisationCode,
        version: i64,
    ) -> Result<Option<Arc<OrganisationRecords>>, StoreError> {
        let cached = || match self
            .records
            .lock()
            .expect("cache lock")
            .get(organisation.as_str())
        {
            Some((v, records)) if *v == version => Some(records.clone()),
            _ => None,
        };
        if let Some(r) = cached() {
            return Ok(Some(r));
        }
        let _turn = self
            .turn(format!("records:{}", organisation.as_str()))
            .await;
        if let Some(r) = cached() {
            return Ok(Some(r));
        }
        let Some(fresh) = store.organisation_records(organisation).await? else {
            return Ok(None);
        };
        let fresh = Arc::new(fresh);
        self.records
            .lock()
            .expect("cache lock")
            .insert(organisation.as_str().to_string(), (version, fresh.clone()));
        Ok(Some(fresh))
    }

    /// The registrations and scores of an organisation's records as
    /// columns, laid out once per data version: the scopes that ask at
    /// once wait for one of them to lay them out (see [`Flights`]).
    async fn columns(&self, records: &OrganisationRecords) -> Arc<Columns> {
        let code = records.organisation.code.as_str();
        let kept = || match self.columns.lock().expect("cache lock").get(code) {
            Some((version, columns)) if *version == records.data_version => Some(columns.clone()),
            _ => None,
        };
        if let Some(columns) = kept() {
            return columns;
        }
        let _turn = self.turn(format!("columns:{code}")).await;
        if let Some(columns) = kept() {
            return columns;
        }
        let columns = heavy(|| {
            Columns::of(
                &records.organisation.code,
                &records.registrations,
                &records.scores,
                &records.partners,
            )
        });
        let columns = Arc::new(columns);
        self.columns
            .lock()
            .expect("cache lock")
            .insert(code.to_string(), (records.data_version, columns.clone()));
        columns
    }

    /// The figures of a scope; `None` when the organisation has no such
    /// theme or area.
    pub async fn figures(
        &self,
        store: &Store,
        organisation: &OrganisationCode,
        scope: Scope,
        version: i64,
    ) -> Result<Option<Arc<ScopedFigures>>, StoreError> {
        let Some(records) = self.records(store, organisation, version).await? else {
            return Ok(None);
        };
        let key = (organisation.as_str().to_string(), scope);
        let cached = || {
            self.scoped
                .lock()
                .expect("cache lock")
                .get(&key)
                .cloned()
                .filter(|t| t.records.data_version == records.data_version)
        };
        if let Some(t) = cached() {
            return Ok(Some(t));
        }
        let _turn = self.turn(format!("figures:{key:?}")).await;
        if let Some(t) = cached() {
            return Ok(Some(t));
        }
        let Some(selection) = selection_of(&records, &key.1) else {
            return Ok(None);
        };
        // An area by its name as the organisation spells it.
        let name = match (&key.1, &selection.area) {
            (Scope::Area(..), Some(area)) => format!("area:{}", area.as_str()),
            (scope, _) => scope.stored_name(),
        };
        let kept = records
            .stored
            .iter()
            .find(|s| s.year == key.1.year() && s.scope == name)
            .map(|kept| serde_json::from_str::<Vec<Figure>>(&kept.figures));
        if let Some(parsed) = kept {
            let figures = parsed.map_err(|e| StoreError::Corrupt {
                table: "stored_figures",
                detail: e.to_string(),
            })?;
            let computed = Arc::new(ScopedFigures { records, figures });
            self.scoped
                .lock()
                .expect("cache lock")
                .insert(key, computed.clone());
            return Ok(Some(computed));
        }
        let options = Options {
            province: province_of(&records, None, key.1.year()),
            ..Options::default()
        };
        let columns = self.columns(&records).await;
        let inputs = Records {
            columns: Some(&columns),
            ..records_of(&records)
        };
        let figures = heavy(|| indicators::compute(&inputs, &selection, &options));
        let computed = Arc::new(ScopedFigures { records, figures });
        self.scoped
            .lock()
            .expect("cache lock")
            .insert(key, computed.clone());
        Ok(Some(computed))
    }
}
