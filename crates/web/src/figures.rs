//! Figures for the pages, computed by the `indicators` crate and kept in a
//! cache keyed by the data version: a page never recomputes what has not
//! changed, and any committed change (which moves the data version) is
//! seen on the next request.

use domain::{MunicipalityCode, OrganisationCode, RegionCode};
use indicators::{Figure, Options, Period, PeriodRule, Records, Selection, ThemeFilter};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use store::{OrganisationRecords, Store, StoreError};

/// The stored records as the indicators take them.
pub fn records_of(r: &OrganisationRecords) -> Records<'_> {
    Records {
        registrations: &r.registrations,
        scores: &r.scores,
        partners: &r.partners,
        efforts: &r.efforts,
        collective: &r.collective,
        reach_plans: &r.reach_plans,
        surveys: &r.surveys,
        survey_answers: &r.survey_answers,
        context: &r.context,
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

/// The records of one organisation with the figures of one theme and year.
#[derive(Debug)]
pub struct ThemeFigures {
    /// The records (shared by every theme of the organisation at this
    /// data version).
    pub records: Arc<OrganisationRecords>,
    /// The figures of the theme's selection.
    pub figures: Vec<Figure>,
}

type Key = (String, String, i32);

/// Records per organisation and figures per theme and year, each for the
/// data version they were computed at.
#[derive(Debug, Default)]
pub struct FigureCache {
    records: Mutex<HashMap<String, Arc<OrganisationRecords>>>,
    themes: Mutex<HashMap<Key, Arc<ThemeFigures>>>,
}

impl FigureCache {
    /// The organisation's records at the current data version.
    pub async fn records(
        &self,
        store: &Store,
        organisation: &OrganisationCode,
    ) -> Result<Option<Arc<OrganisationRecords>>, StoreError> {
        let version = store.data_version().await?;
        let cached = self
            .records
            .lock()
            .expect("cache lock")
            .get(organisation.as_str())
            .cloned();
        if let Some(r) = cached.filter(|r| r.data_version == version) {
            return Ok(Some(r));
        }
        let Some(fresh) = store.organisation_records(organisation).await? else {
            return Ok(None);
        };
        let fresh = Arc::new(fresh);
        self.records
            .lock()
            .expect("cache lock")
            .insert(organisation.as_str().to_string(), fresh.clone());
        Ok(Some(fresh))
    }

    /// The figures of a theme in its year (registrations running in the
    /// year); `None` when the organisation has no such theme that year.
    pub async fn theme(
        &self,
        store: &Store,
        organisation: &OrganisationCode,
        theme: &str,
        year: i32,
    ) -> Result<Option<Arc<ThemeFigures>>, StoreError> {
        let Some(records) = self.records(store, organisation).await? else {
            return Ok(None);
        };
        let key = (organisation.as_str().to_string(), theme.to_string(), year);
        let cached = self.themes.lock().expect("cache lock").get(&key).cloned();
        if let Some(t) = cached.filter(|t| t.records.data_version == records.data_version) {
            return Ok(Some(t));
        }
        let Some(found) = records
            .themes
            .iter()
            .find(|t| t.code.as_str() == theme && t.year == year)
        else {
            return Ok(None);
        };
        let Some(period) = Period::year(year, PeriodRule::Running) else {
            return Ok(None);
        };
        let selection = Selection {
            organisation: organisation.clone(),
            period,
            area: None,
            age_group: None,
            theme: Some(ThemeFilter::of(found, &records.reach_plans)),
        };
        let mut options = Options::for_selection(&selection);
        options.province = province_of(&records, options.municipality.as_ref(), year);
        let figures = indicators::compute(&records_of(&records), &selection, &options);
        let computed = Arc::new(ThemeFigures { records, figures });
        self.themes
            .lock()
            .expect("cache lock")
            .insert(key, computed.clone());
        Ok(Some(computed))
    }
}
