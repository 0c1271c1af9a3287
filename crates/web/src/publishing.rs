//! Publishing pages for the municipality as a deliberate act: each page is
//! built as the municipality will see it (suppressed), from the data as
//! they are now, and kept as a new frozen version, which the municipality
//! reads until a newer one is published or the page is withdrawn. A page
//! that says the same as its current version makes no new version.

use crate::page_names::{self, Page};
use crate::publications::{self, Context, Missing};
use publish::model::{Block, Text};
use publish::Publication;
use store::NewVersion;

/// What publishing a page did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A new version, with its number.
    Published(i64),
    /// Nothing changed since the current version (its number): no new
    /// version was made.
    Unchanged(i64),
    /// Refused: the page shows no data (nothing was registered for it).
    NoData,
}

/// A page built for publishing, with the API's figures of its selection.
struct Built {
    page: String,
    publication: Publication,
    figures: Option<String>,
}

/// Builds a page by its name as the municipality will see it.
async fn build(ctx: &Context<'_>, page: &str) -> Result<Built, Missing> {
    let org = ctx.organisation.as_str().to_string();
    let text = str::to_string;
    let (publication, has_figures) = match page_names::parse(page).ok_or(Missing::NotFound)? {
        Page::Factsheet(theme, year) => (
            publications::factsheet(ctx, text(theme), text(year)).await?,
            true,
        ),
        Page::Monitor(year) => (publications::monitor(ctx, org, text(year)).await?, true),
        Page::Area(area, year) => (publications::area(ctx, text(area), text(year)).await?, true),
        Page::Surveys(year) => (publications::surveys(ctx, text(year)).await?, false),
        Page::Dashboard => (publications::dashboard(ctx).await?, false),
    };
    if !ctx.audience.suppresses() {
        // Only what a public audience sees is published.
        return Err(Missing::NotFound);
    }
    let figures = has_figures.then(|| publish::figures::public_figures(&publication).to_string());
    Ok(Built {
        page: page.to_string(),
        publication,
        figures,
    })
}

/// The API's figures of a page as it would be published now, where the
/// page has them (the data-quality check compares them with the other
/// published pages).
pub(crate) async fn figures_of(ctx: &Context<'_>, page: &str) -> Result<Option<String>, Missing> {
    match build(ctx, page).await {
        Ok(built) => Ok(built.figures),
        Err(Missing::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The page with an "over deze cijfers" section in front: the caveats the
/// researcher chose from the data-quality check. Nothing changes without
/// caveats.
fn with_caveats(publication: Publication, caveats: &[Text]) -> Publication {
    if caveats.is_empty() {
        return publication;
    }
    let items = caveats
        .iter()
        .map(|text| publish::model::Item::plain(text.clone()))
        .collect();
    let section = publish::model::Section {
        id: "over-deze-cijfers".to_string(),
        heading: Text::Key("caveat.heading"),
        blocks: vec![
            publish::model::Block::Text(Text::Key("caveat.intro")),
            publish::model::Block::List(items),
        ],
    };
    publication.with_section_first(section)
}

/// Whether a publication shows any data: a count above zero, or a hidden
/// one, or a context figure in any of its tables; or an area's profile
/// (a neighbourhood team that registers nothing yet publishes its areas'
/// profiles and context figures).
fn has_data(publication: &Publication) -> bool {
    let figures = publish::export::tables(publication)
        .iter()
        .flat_map(|t| &t.rows)
        .flat_map(|r| &r.cells)
        .any(|c| match c {
            publish::model::Cell::Count(e) => e.count() != Some(0),
            publish::model::Cell::Number(..) => true,
            _ => false,
        });
    let profile = publication
        .sections
        .iter()
        .filter(|s| s.id == "profile")
        .flat_map(|s| &s.blocks)
        .any(|b| matches!(b, Block::Text(Text::Markdown(_))));
    figures || profile
}

/// Publishes pages by their names, in one transaction: each as the
/// municipality will see it at the context's data version (a public
/// audience reading the data as they are now), with the `caveats` the
/// researcher chose in an "over deze cijfers" section. Gives what happened
/// to each page, in order; a page that does not exist is not found, and
/// nothing is stored then.
pub async fn publish(
    ctx: &Context<'_>,
    pages: &[String],
    caveats: &[Text],
    actor: &str,
) -> Result<Vec<Outcome>, Missing> {
    debug_assert!(ctx.audience.suppresses() && !ctx.frozen);
    let mut built = Vec::new();
    for page in pages {
        match build(ctx, page).await {
            Ok(b) => built.push(Some(Built {
                publication: with_caveats(b.publication, caveats),
                ..b
            })),
            // A page of a year or area without anything registered.
            Err(Missing::NotFound) if page_names::is_publishable(page) => built.push(None),
            Err(e) => return Err(e),
        }
    }
    let mut outcomes = Vec::new();
    let mut tx = ctx.store.begin().await?;
    for b in &built {
        // The dashboard shows the years whose monitor is published, and may
        // be published before any is.
        let Some(b) = b
            .as_ref()
            .filter(|b| b.page == page_names::DASHBOARD || has_data(&b.publication))
        else {
            outcomes.push(Outcome::NoData);
            continue;
        };
        let current = ctx.store.current_version(ctx.organisation, &b.page).await?;
        if let Some(current) = current {
            if publish::frozen::same_content(&current.publication, &b.publication) {
                outcomes.push(Outcome::Unchanged(current.version));
                continue;
            }
        }
        let json = publish::frozen::freeze(&b.publication);
        let version = NewVersion {
            page: &b.page,
            data_version: ctx.data_version,
            publication: &json,
            figures: b.figures.as_deref(),
        };
        let number = tx
            .publish_version(ctx.organisation, &version, actor)
            .await?;
        outcomes.push(Outcome::Published(number));
    }
    tx.commit().await?;
    Ok(outcomes)
}

/// Withdraws a published page with a reason, in one transaction with the
/// pages that show its figures again ([`page_names::shown_again_in`]),
/// each with a reason that names the page withdrawn. Gives the pages
/// withdrawn with it (those that were published).
pub async fn withdraw(
    store: &store::Store,
    organisation: &domain::OrganisationCode,
    page: &str,
    reason: &str,
    actor: &str,
) -> Result<Vec<String>, store::StoreError> {
    let mut tx = store.begin().await?;
    tx.withdraw(organisation, page, reason, actor).await?;
    let mut also = Vec::new();
    for other in page_names::shown_again_in(page) {
        let why = format!("ingetrokken met {page}: {reason}");
        if tx.withdraw(organisation, &other, &why, actor).await? {
            also.push(other);
        }
    }
    tx.commit().await?;
    Ok(also)
}

/// Publishes every page the organisation can publish
/// ([`publications::publishable`]) for the municipality at threshold `k`,
/// as the demo's researcher does ([`publish_in_rounds`]).
pub async fn publish_everything(
    store: &store::Store,
    organisation: &domain::OrganisationCode,
    k: publish::Threshold,
    actor: &str,
) -> Result<Vec<(String, Outcome)>, Missing> {
    let Some(records) = store.organisation_records(organisation).await? else {
        return Err(Missing::NotFound);
    };
    let pages = publications::publishable(&records);
    publish_in_rounds(store, organisation, &pages, k, actor).await
}

/// Publishes pages for the municipality at threshold `k` in the order
/// their links need: first the factsheets, area pages and survey results,
/// then the monitors (which link to the published factsheets), then the
/// dashboard (which shows the years whose monitor is published), each
/// round at the data version the round before left. Gives each page with
/// what happened to it.
pub async fn publish_in_rounds(
    store: &store::Store,
    organisation: &domain::OrganisationCode,
    pages: &[String],
    k: publish::Threshold,
    actor: &str,
) -> Result<Vec<(String, Outcome)>, Missing> {
    let round = |p: &String| match page_names::parse(p) {
        Some(Page::Dashboard) => 2,
        Some(Page::Monitor(_)) => 1,
        _ => 0,
    };
    let mut done = Vec::new();
    for r in 0..3 {
        let these: Vec<String> = pages.iter().filter(|p| round(p) == r).cloned().collect();
        if these.is_empty() {
            continue;
        }
        let cache = crate::figures::FigureCache::default();
        let ctx = Context::now(store, &cache, organisation, publish::Audience::Public(k)).await?;
        let outcomes = publish(&ctx, &these, &[], actor).await?;
        done.extend(these.into_iter().zip(outcomes));
    }
    Ok(done)
}
