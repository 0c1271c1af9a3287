//! The publications built from the store: a factsheet, the annual monitor,
//! the dashboard, an area profile and the survey results, for an audience.
//! The pages serve them; `impactmonitor publish` writes them to files.

use crate::figures::{FigureCache, Scope, ScopedFigures};
use domain::OrganisationCode;
use publish::{Audience, FactsheetInput, Publication};
use store::{OrganisationRecords, Store, StoreError};

/// Where a publication is built from and for whom.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The database.
    pub store: &'a Store,
    /// The figures, kept per data version.
    pub cache: &'a FigureCache,
    /// The organisation.
    pub organisation: &'a OrganisationCode,
    /// Who reads it.
    pub audience: Audience,
    /// The data version to read at.
    pub data_version: i64,
}

/// Why there is no publication: no such organisation, theme, year or area,
/// or the store failed.
#[derive(Debug)]
pub enum Missing {
    /// Nothing of that name.
    NotFound,
    /// The store failed.
    Store(StoreError),
}

impl From<StoreError> for Missing {
    fn from(e: StoreError) -> Self {
        Self::Store(e)
    }
}

/// The names of the organisation's municipalities: from the region
/// reference data, else as its context statistics name them, else the code.
pub fn municipality_names(records: &OrganisationRecords) -> Vec<String> {
    records
        .organisation
        .municipalities
        .iter()
        .map(|m| {
            let code = m.as_str();
            records
                .regions
                .iter()
                .find(|r| r.code.as_str() == code)
                .and_then(|r| r.name.clone())
                .or_else(|| {
                    records
                        .context
                        .iter()
                        .find(|c| c.region.as_str() == code)
                        .and_then(|c| c.region_name.clone())
                })
                .unwrap_or_else(|| code.to_string())
        })
        .collect()
}

/// The figures of a scope, or "not found".
async fn scoped(ctx: &Context<'_>, scope: Scope) -> Result<std::sync::Arc<ScopedFigures>, Missing> {
    ctx.cache
        .figures(ctx.store, ctx.organisation, scope, ctx.data_version)
        .await?
        .ok_or(Missing::NotFound)
}

fn year_of(raw: &str) -> Result<i32, Missing> {
    raw.parse().map_err(|_| Missing::NotFound)
}

/// The factsheet publication.
pub async fn factsheet(
    ctx: &Context<'_>,
    theme: String,
    year: String,
) -> Result<Publication, Missing> {
    let year: i32 = year.parse().map_err(|_| Missing::NotFound)?;
    let found = ctx
        .cache
        .figures(
            ctx.store,
            ctx.organisation,
            Scope::Theme(theme.clone(), year),
            ctx.data_version,
        )
        .await?
        .ok_or(Missing::NotFound)?;
    let records = &found.records;
    let theme = records
        .themes
        .iter()
        .find(|t| t.code.as_str() == theme && t.year == year)
        .ok_or(Missing::NotFound)?;
    let vocabulary = ctx.cache.vocabulary(ctx.store, ctx.data_version).await?;
    let municipalities = municipality_names(records);
    let input = FactsheetInput {
        organisation: &records.organisation,
        theme,
        municipalities: &municipalities,
        goals: &records.goals,
        efforts: &records.efforts,
        partners: &records.partners,
        narratives: &records.narratives,
        definitions: &records.definitions,
        domains: &vocabulary.zrm_domains,
        figures: &found.figures,
        data_version: records.data_version,
    };
    Ok(publish::factsheet(&input, ctx.audience))
}

/// The annual monitor followed by every factsheet of its year, as one
/// publication (the PDF and the files of `publish --monitor`); `progress`
/// hears of each factsheet made.
pub async fn monitor_with_factsheets(
    ctx: &Context<'_>,
    year: i32,
    progress: &(dyn importer::Progress + Sync),
) -> Result<Publication, Missing> {
    let main = monitor(ctx, ctx.organisation.as_str().to_string(), year.to_string()).await?;
    let records = ctx
        .cache
        .records(ctx.store, ctx.organisation, ctx.data_version)
        .await?
        .ok_or(Missing::NotFound)?;
    let themes: Vec<String> = records
        .themes
        .iter()
        .filter(|t| t.year == year)
        .map(|t| t.code.as_str().to_string())
        .collect();
    progress.start("factsheets", themes.len() as u64);
    let mut parts = Vec::new();
    for theme in themes {
        parts.push(factsheet(ctx, theme, year.to_string()).await?);
        progress.advance(1);
    }
    progress.finish();
    Ok(publish::model::combined(main, parts))
}

/// The monitor publication.
pub async fn monitor(ctx: &Context<'_>, org: String, year: String) -> Result<Publication, Missing> {
    let year = year_of(&year)?;
    let whole = scoped(ctx, Scope::Year(year)).await?;
    let records = &whole.records;
    let codes: Vec<String> = records
        .themes
        .iter()
        .filter(|t| t.year == year)
        .map(|t| t.code.as_str().to_string())
        .collect();
    if codes.is_empty() {
        return Err(Missing::NotFound);
    }
    let mut per_theme = Vec::new();
    for code in &codes {
        per_theme.push(scoped(ctx, Scope::Theme(code.clone(), year)).await?);
    }
    let vocabulary = ctx.cache.vocabulary(ctx.store, ctx.data_version).await?;
    let municipalities = municipality_names(records);
    let input = publish::MonitorInput {
        organisation: &records.organisation,
        municipalities: &municipalities,
        year,
        themes: codes
            .iter()
            .zip(&per_theme)
            .filter_map(|(code, f)| {
                let theme = records
                    .themes
                    .iter()
                    .find(|t| t.code.as_str() == code && t.year == year)?;
                Some(publish::ThemeFigures {
                    theme,
                    figures: &f.figures,
                })
            })
            .collect(),
        surveys: &records.surveys,
        figures: &whole.figures,
        narratives: &records.narratives,
        domains: &vocabulary.zrm_domains,
        factsheets: format!("/organisations/{org}/factsheets"),
        dashboard_href: format!("/organisations/{org}/dashboard"),
        surveys_href: format!("/organisations/{org}/surveys/{year}"),
        data_version: records.data_version,
    };
    Ok(publish::monitor(&input, ctx.audience))
}

/// The dashboard publication.
pub async fn dashboard(ctx: &Context<'_>) -> Result<Publication, Missing> {
    let records = ctx
        .cache
        .records(ctx.store, ctx.organisation, ctx.data_version)
        .await?
        .ok_or(Missing::NotFound)?;
    let mut years: Vec<i32> = records.themes.iter().map(|t| t.year).collect();
    years.extend(records.reach_plans.iter().map(|p| p.year));
    years.sort_unstable();
    years.dedup();
    let mut per_theme = Vec::new();
    for t in &records.themes {
        per_theme.push(scoped(ctx, Scope::Theme(t.code.as_str().to_string(), t.year)).await?);
    }
    let mut per_year = Vec::new();
    for y in &years {
        per_year.push(scoped(ctx, Scope::Year(*y)).await?);
    }
    let vocabulary = ctx.cache.vocabulary(ctx.store, ctx.data_version).await?;
    let input = publish::DashboardInput {
        organisation: &records.organisation,
        themes: records
            .themes
            .iter()
            .zip(&per_theme)
            .map(|(theme, f)| publish::ThemeFigures {
                theme,
                figures: &f.figures,
            })
            .collect(),
        years: years
            .iter()
            .copied()
            .zip(per_year.iter().map(|f| f.figures.as_slice()))
            .collect(),
        domains: &vocabulary.zrm_domains,
        data_version: records.data_version,
    };
    Ok(publish::dashboard(&input, ctx.audience))
}

/// The area publication.
pub async fn area(ctx: &Context<'_>, area: String, year: String) -> Result<Publication, Missing> {
    let year = year_of(&year)?;
    let found = scoped(ctx, Scope::Area(area.clone(), year)).await?;
    let records = &found.records;
    let name = records
        .organisation
        .area(&area)
        .map_err(|_| Missing::NotFound)?;
    let vocabulary = ctx.cache.vocabulary(ctx.store, ctx.data_version).await?;
    let input = publish::AreaInput {
        organisation: &records.organisation,
        area: &name,
        year,
        profiles: &records.area_profiles,
        figures: &found.figures,
        definitions: &records.definitions,
        domains: &vocabulary.zrm_domains,
        data_version: records.data_version,
    };
    Ok(publish::area(&input, ctx.audience))
}

/// The surveys publication.
pub async fn surveys(ctx: &Context<'_>, year: String) -> Result<Publication, Missing> {
    let year = year_of(&year)?;
    let whole = scoped(ctx, Scope::Year(year)).await?;
    let records = &whole.records;
    if !records.surveys.iter().any(|s| s.year == year) {
        return Err(Missing::NotFound);
    }
    let input = publish::SurveysInput {
        organisation: &records.organisation,
        year,
        surveys: &records.surveys,
        figures: &whole.figures,
        data_version: records.data_version,
    };
    Ok(publish::surveys(&input, ctx.audience))
}
