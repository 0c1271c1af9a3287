//! The publications built from the store: a factsheet, the annual monitor,
//! the dashboard, an area profile and the survey results, for an audience.
//! The pages serve them; `impactmonitor publish` writes them to files.

use crate::figures::{FigureCache, Scope, ScopedFigures};
use crate::page_names;
use domain::{AreaName, Boundary, OrganisationCode};
use publish::{Audience, FactsheetInput, Layout, Ledger, Protection, Publication};
use std::collections::BTreeSet;
use std::sync::Arc;
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
    /// The organisation's data version to read at.
    pub data_version: i64,
    /// The version of what the installation shares (the reference
    /// lists) to read at.
    pub shared_version: i64,
    /// Whether the reader reads the published versions (a municipality
    /// viewer: each page as it was when it was published) rather than the
    /// pages as the data are now (staff, and the publishing itself).
    pub frozen: bool,
    /// Which published version a frozen read reads (`None`: the current
    /// one). A municipality viewer reads no withdrawn version; staff read
    /// every one.
    pub version: Option<i64>,
}

impl<'a> Context<'a> {
    /// The pages of an organisation for an audience as the data are now
    /// (the organisation's and the shared data version read from the
    /// store), not a published version.
    pub async fn now(
        store: &'a Store,
        cache: &'a FigureCache,
        organisation: &'a OrganisationCode,
        audience: Audience,
    ) -> Result<Context<'a>, StoreError> {
        let (data_version, shared_version) = store.versions_of(organisation).await?;
        Ok(Self {
            store,
            cache,
            organisation,
            audience,
            data_version,
            shared_version,
            frozen: false,
            version: None,
        })
    }
}

/// Why there is no publication: no such organisation, theme, year or area,
/// or the store failed.
#[derive(Debug)]
pub enum Missing {
    /// Nothing of that name.
    NotFound,
    /// The store failed.
    Store(StoreError),
    /// A stored version could not be read back (written by a newer
    /// program).
    Unreadable(String),
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

/// The protection of everything the organisation can publish for a
/// public audience (`None` for staff): every factsheet, monitor, area
/// page, survey page and the dashboard, of every year, protected together
/// ([`publish::protection`]), kept per data version and threshold. It does
/// not depend on which pages are published, so publishing one page never
/// changes what another shows.
pub async fn protection(ctx: &Context<'_>) -> Result<Option<Arc<Protection>>, Missing> {
    let Audience::Public(k) = ctx.audience else {
        return Ok(None);
    };
    if let Some(kept) = ctx.cache.protection(ctx.organisation, k, ctx.data_version) {
        return Ok(Some(kept));
    }
    let turn = format!("protection:{}:{}", ctx.organisation.as_str(), k.get());
    let _turn = ctx.cache.turn(turn).await;
    if let Some(kept) = ctx.cache.protection(ctx.organisation, k, ctx.data_version) {
        return Ok(Some(kept));
    }
    let ledger = universe(ctx).await?;
    let protection = crate::figures::heavy(|| publish::protect(&ledger, k));
    Ok(Some(ctx.cache.keep_protection(
        ctx.organisation,
        k,
        ctx.data_version,
        protection,
    )))
}

/// A page laid out for the context's audience, as that audience reads it:
/// protected together with everything the audience can see, or as it is
/// for the staff.
async fn protected(ctx: &Context<'_>, laid_out: Layout) -> Result<Publication, Missing> {
    Ok(match protection(ctx).await? {
        Some(p) => publish::protected::by(laid_out, &p),
        None => publish::protected::as_they_are(laid_out),
    })
}

/// The years a page can be published for: the years of the themes,
/// surveys, reach plans and area profiles.
pub fn years(records: &OrganisationRecords) -> BTreeSet<i32> {
    let themes = records.themes.iter().map(|t| t.year);
    let surveys = records.surveys.iter().map(|s| s.year);
    let plans = records.reach_plans.iter().map(|p| p.year);
    let profiles = records.area_profiles.iter().map(|p| p.year);
    themes.chain(surveys).chain(plans).chain(profiles).collect()
}

/// The names of every page the organisation can publish
/// ([`page_names`]): the factsheet of every theme, the monitor of every
/// year with themes, the dashboard, every area in every year of
/// [`years`], and the survey results of every year with surveys.
pub fn publishable(records: &OrganisationRecords) -> Vec<String> {
    let mut pages: Vec<String> = records
        .themes
        .iter()
        .map(|t| page_names::factsheet(t.code.as_str(), t.year))
        .collect();
    let theme_years: BTreeSet<i32> = records.themes.iter().map(|t| t.year).collect();
    pages.extend(theme_years.iter().map(page_names::monitor));
    if !theme_years.is_empty() {
        pages.push(page_names::DASHBOARD.to_string());
    }
    for year in years(records) {
        for area in &records.organisation.areas {
            pages.push(page_names::area(area.as_str(), year));
        }
    }
    let survey_years: BTreeSet<i32> = records.surveys.iter().map(|s| s.year).collect();
    pages.extend(survey_years.iter().map(page_names::surveys));
    pages
}

/// The ledgers of every page the organisation can publish, with every
/// count as it is and every table laid out as the context's audience sees
/// it, merged: everything that audience could
/// ever see of it.
pub async fn universe(ctx: &Context<'_>) -> Result<Ledger, Missing> {
    let records = ctx
        .cache
        .records(ctx.store, ctx.organisation, ctx.data_version)
        .await?
        .ok_or(Missing::NotFound)?;
    let mut ledger = Ledger::default();
    let mut add = |built: Result<Layout, Missing>| match built {
        Ok(p) => {
            ledger.merge(&p.ledger);
            Ok(())
        }
        Err(Missing::NotFound) => Ok(()),
        Err(e) => Err(e),
    };
    for t in &records.themes {
        add(factsheet_as(ctx, t.code.as_str().to_string(), t.year).await)?;
    }
    let org = ctx.organisation.as_str().to_string();
    for year in years(&records) {
        add(monitor_as(ctx, org.clone(), year, None).await)?;
        add(surveys_as(ctx, year).await)?;
        for area in &records.organisation.areas {
            add(area_as(ctx, area.as_str().to_string(), year).await)?;
        }
    }
    add(dashboard_as(ctx, None).await)?;
    Ok(ledger)
}

/// The pages the organisation published for the municipality, when the
/// audience is public (`None`: staff see every page).
async fn published_pages(ctx: &Context<'_>) -> Result<Option<Vec<String>>, Missing> {
    if !ctx.audience.suppresses() {
        return Ok(None);
    }
    let pages = ctx
        .cache
        .published(ctx.store, ctx.organisation, ctx.data_version)
        .await?;
    Ok(Some(pages.iter().map(|p| p.page.clone()).collect()))
}

/// The published version of a page, as a municipality viewer reads it.
async fn frozen(ctx: &Context<'_>, page: &str) -> Result<Publication, Missing> {
    let version = match ctx.version {
        None => ctx.store.current_version(ctx.organisation, page).await?,
        Some(n) => ctx
            .store
            .published_version(ctx.organisation, page, Some(n))
            .await?
            .filter(|v| v.withdrawn.is_none() || !ctx.audience.suppresses()),
    }
    .ok_or(Missing::NotFound)?;
    publish::frozen::thaw(&version.publication)
        .map_err(|e| Missing::Unreadable(format!("{page} version {}: {e}", version.version)))
}

/// The published version of a year's monitor, its links to the
/// factsheets kept to those published now (a factsheet withdrawn after the
/// monitor was published is not linked).
async fn frozen_monitor(ctx: &Context<'_>, year: i32) -> Result<Publication, Missing> {
    let monitor = frozen(ctx, &page_names::monitor(year)).await?;
    let published = ctx
        .cache
        .published(ctx.store, ctx.organisation, ctx.data_version)
        .await?;
    let base = format!("/organisations/{}/", ctx.organisation.as_str());
    let is_published = |href: &str| {
        let page = href.strip_prefix(&base).unwrap_or(href);
        published.iter().any(|p| p.page == page)
    };
    Ok(monitor.without(|sections| {
        for section in sections.iter_mut().filter(|s| s.id == "factsheets") {
            for block in &mut section.blocks {
                if let publish::model::Block::Links(links) = block {
                    links.retain(|(_, href)| is_published(href));
                }
            }
        }
    }))
}

/// The factsheet publication.
pub async fn factsheet(
    ctx: &Context<'_>,
    theme: String,
    year: String,
) -> Result<Publication, Missing> {
    let year: i32 = year.parse().map_err(|_| Missing::NotFound)?;
    if ctx.frozen {
        return frozen(ctx, &page_names::factsheet(&theme, year)).await;
    }
    let laid_out = factsheet_as(ctx, theme, year).await?;
    protected(ctx, laid_out).await
}

async fn factsheet_as(ctx: &Context<'_>, theme: String, year: i32) -> Result<Layout, Missing> {
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
    let vocabulary = ctx.cache.vocabulary(ctx.store, ctx.shared_version).await?;
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
        pg_dimensions: &vocabulary.pg_dimensions,
        surveys: &records.surveys,
        figures: &found.figures,
        data_version: records.data_version,
    };
    Ok(publish::factsheet(&input, ctx.audience))
}

/// Which factsheets the printed monitor holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parts {
    /// Every factsheet of the year (`impactmonitor publish --monitor`: the
    /// coordinator decides what to send).
    All,
    /// For a municipality viewer, the published factsheets only (the web's
    /// download); staff still get every one.
    Published,
}

/// The annual monitor followed by its factsheets, as one publication (the
/// PDF and the files of `publish --monitor`); `progress` hears of each
/// factsheet made.
pub async fn monitor_with_factsheets(
    ctx: &Context<'_>,
    year: i32,
    parts: Parts,
    progress: &(dyn importer::Progress + Sync),
) -> Result<Publication, Missing> {
    let published = match parts {
        Parts::All => None,
        Parts::Published => published_pages(ctx).await?,
    };
    // A viewer's printed monitor is made of the published versions; the
    // others are laid out and protected as the data are now.
    let org = ctx.organisation.as_str().to_string();
    let main = match ctx.frozen {
        true => frozen_monitor(ctx, year).await?,
        false => {
            let laid_out = monitor_as(ctx, org, year, published.as_deref()).await?;
            protected(ctx, laid_out).await?
        }
    };
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
        .filter(|code| {
            published
                .as_ref()
                .is_none_or(|p| p.contains(&page_names::factsheet(code, year)))
        })
        .collect();
    progress.start("factsheets", themes.len() as u64);
    let mut parts = Vec::new();
    for theme in themes {
        parts.push(factsheet(ctx, theme, year.to_string()).await?);
        progress.advance(1);
    }
    progress.finish();
    // The multi-year dashboard closes the printed monitor (DOMAIN.md §5),
    // when the reader may see it.
    let dashboard_published = published
        .as_ref()
        .is_none_or(|p| p.iter().any(|page| page == page_names::DASHBOARD));
    let mut main = main;
    if dashboard_published {
        parts.push(match ctx.frozen {
            true => dashboard(ctx).await?,
            false => {
                let laid_out = dashboard_as(ctx, published.as_deref()).await?;
                protected(ctx, laid_out).await?
            }
        });
        // The dashboard itself follows: the section that links to it goes.
        main = main.without(|sections| sections.retain(|s| s.id != "dashboard"));
    }
    Ok(Publication::combined(main, parts))
}

/// The monitor publication.
pub async fn monitor(ctx: &Context<'_>, org: String, year: String) -> Result<Publication, Missing> {
    let year = year_of(&year)?;
    if ctx.frozen {
        return frozen_monitor(ctx, year).await;
    }
    let published = published_pages(ctx).await?;
    let laid_out = monitor_as(ctx, org, year, published.as_deref()).await?;
    protected(ctx, laid_out).await
}

/// The monitor for a reader; `published` (for a public audience) limits
/// the links to the factsheets to the published ones.
async fn monitor_as(
    ctx: &Context<'_>,
    org: String,
    year: i32,
    published: Option<&[String]>,
) -> Result<Layout, Missing> {
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
    let vocabulary = ctx.cache.vocabulary(ctx.store, ctx.shared_version).await?;
    let municipalities = municipality_names(records);
    let outlined = outlined(ctx, records, year).await?;
    let areas = map_areas(&outlined);
    let area_pages = records
        .organisation
        .areas
        .iter()
        .filter(|a| published.is_none_or(|p| p.contains(&page_names::area(a.as_str(), year))))
        .map(|a| {
            (
                a.as_str().to_string(),
                format!(
                    "/organisations/{org}/areas/{}/{year}",
                    crate::pages::address(a.as_str())
                ),
            )
        })
        .collect();
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
        linked: codes
            .iter()
            .filter(|c| published.is_none_or(|p| p.contains(&page_names::factsheet(c, year))))
            .cloned()
            .collect(),
        factsheets: format!("/organisations/{org}/factsheets"),
        dashboard_href: format!("/organisations/{org}/dashboard"),
        surveys_href: format!("/organisations/{org}/surveys/{year}"),
        areas: &areas,
        area_pages,
        definitions: &records.definitions,
        data_version: records.data_version,
    };
    Ok(publish::monitor(&input, ctx.audience))
}

/// The dashboard publication. A municipality viewer sees the years whose
/// annual monitor is published, no other.
pub async fn dashboard(ctx: &Context<'_>) -> Result<Publication, Missing> {
    if ctx.frozen {
        return frozen(ctx, page_names::DASHBOARD).await;
    }
    let published = published_pages(ctx).await?;
    let laid_out = dashboard_as(ctx, published.as_deref()).await?;
    protected(ctx, laid_out).await
}

async fn dashboard_as(ctx: &Context<'_>, published: Option<&[String]>) -> Result<Layout, Missing> {
    let records = ctx
        .cache
        .records(ctx.store, ctx.organisation, ctx.data_version)
        .await?
        .ok_or(Missing::NotFound)?;
    let shown = |y: i32| published.is_none_or(|p| p.contains(&page_names::monitor(y)));
    let mut years: Vec<i32> = records.themes.iter().map(|t| t.year).collect();
    years.extend(records.reach_plans.iter().map(|p| p.year));
    years.retain(|y| shown(*y));
    years.sort_unstable();
    years.dedup();
    let themes: Vec<&domain::Theme> = records.themes.iter().filter(|t| shown(t.year)).collect();
    let mut per_theme = Vec::new();
    for t in &themes {
        per_theme.push(scoped(ctx, Scope::Theme(t.code.as_str().to_string(), t.year)).await?);
    }
    let mut per_year = Vec::new();
    for y in &years {
        per_year.push(scoped(ctx, Scope::Year(*y)).await?);
    }
    let vocabulary = ctx.cache.vocabulary(ctx.store, ctx.shared_version).await?;
    let input = publish::DashboardInput {
        organisation: &records.organisation,
        themes: themes
            .iter()
            .copied()
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
    if ctx.frozen {
        return frozen(ctx, &page_names::area(&area, year)).await;
    }
    let laid_out = area_as(ctx, area, year).await?;
    protected(ctx, laid_out).await
}

/// An area with an outline, with its figures of the year.
type Outlined<'r> = (&'r AreaName, Arc<ScopedFigures>, &'r Boundary);

/// Every area of the organisation with an outline (the CBS region of its
/// name), with its figures of `year`, for the maps.
async fn outlined<'r>(
    ctx: &Context<'_>,
    records: &'r OrganisationRecords,
    year: i32,
) -> Result<Vec<Outlined<'r>>, Missing> {
    let mut outlined = Vec::new();
    for a in &records.organisation.areas {
        if let Some(outline) = domain::outline_of(&records.regions, a.as_str(), year) {
            let figures = scoped(ctx, Scope::Area(a.as_str().to_string(), year)).await?;
            outlined.push((a, figures, outline));
        }
    }
    Ok(outlined)
}

/// The outlined areas as the maps read them.
fn map_areas<'r>(outlined: &'r [Outlined<'r>]) -> Vec<publish::area::MapArea<'r>> {
    outlined
        .iter()
        .map(|(area, figures, outline)| publish::area::MapArea {
            area,
            figures: &figures.figures,
            outline,
        })
        .collect()
}

/// The area page of a year a page can be published for
/// ([`years`]); another year is not found.
async fn area_as(ctx: &Context<'_>, area: String, year: i32) -> Result<Layout, Missing> {
    let found = scoped(ctx, Scope::Area(area.clone(), year)).await?;
    let records = &found.records;
    let name = records
        .organisation
        .area(&area)
        .map_err(|_| Missing::NotFound)?;
    if !years(records).contains(&year) {
        return Err(Missing::NotFound);
    }
    let vocabulary = ctx.cache.vocabulary(ctx.store, ctx.shared_version).await?;
    let whole = scoped(ctx, Scope::Year(year)).await?;
    let outlined = outlined(ctx, records, year).await?;
    let map = map_areas(&outlined);
    let input = publish::AreaInput {
        organisation: &records.organisation,
        area: &name,
        year,
        profiles: &records.area_profiles,
        figures: &found.figures,
        definitions: &records.definitions,
        domains: &vocabulary.zrm_domains,
        whole: &whole.figures,
        partners: &records.partners,
        map: &map,
        data_version: records.data_version,
    };
    Ok(publish::area(&input, ctx.audience))
}

/// The surveys publication.
pub async fn surveys(ctx: &Context<'_>, year: String) -> Result<Publication, Missing> {
    let year = year_of(&year)?;
    if ctx.frozen {
        return frozen(ctx, &page_names::surveys(year)).await;
    }
    let laid_out = surveys_as(ctx, year).await?;
    protected(ctx, laid_out).await
}

async fn surveys_as(ctx: &Context<'_>, year: i32) -> Result<Layout, Missing> {
    let whole = scoped(ctx, Scope::Year(year)).await?;
    let records = &whole.records;
    if !records.surveys.iter().any(|s| s.year == year) {
        return Err(Missing::NotFound);
    }
    let input = publish::SurveysInput {
        organisation: &records.organisation,
        year,
        surveys: &records.surveys,
        efforts: &records.efforts,
        figures: &whole.figures,
        data_version: records.data_version,
    };
    Ok(publish::surveys(&input, ctx.audience))
}
