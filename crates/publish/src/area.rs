//! The area profile page (DOMAIN.md §5): the profile texts, maps of the
//! organisation's areas (one figure a map; the annual monitor shows the
//! same maps), the area's context indicators against the municipality,
//! and the reach of the registrations in the area by main domain
//! (suppressed like every published count).

use crate::ledger::CellKey;
use crate::ledger::{Counted, Counts, Scope};
use crate::model::{
    Audience, Bar, Block, Cell, Chart, How, Layout, Row, Section, Source, Table, Text,
};
use crate::reach::Reach;
use domain::{
    AreaName, AreaProfile, AreaProfileSection, Boundary, Coded, IndicatorDefinition, Organisation,
    Partner, ReferenceItem,
};
use indicators::Figure;

/// Everything an area page is made of.
#[derive(Debug, Clone, Copy)]
pub struct AreaInput<'a> {
    /// The organisation.
    pub organisation: &'a Organisation,
    /// The area.
    pub area: &'a AreaName,
    /// The year.
    pub year: i32,
    /// The area profile texts (all areas and years; the area's are picked).
    pub profiles: &'a [AreaProfile],
    /// The figures of the registrations in the area in the year, with the
    /// context statistics.
    pub figures: &'a [Figure],
    /// The names of context indicators.
    pub definitions: &'a [IndicatorDefinition],
    /// The ZRM domains with their names, in display order.
    pub domains: &'a [ReferenceItem],
    /// The figures of every registration of the organisation in the year:
    /// the municipality's shares beside the area's.
    pub whole: &'a [Figure],
    /// The organisation's partners (those working in the area are listed).
    pub partners: &'a [Partner],
    /// The organisation's areas with an outline, for the map (none: no
    /// map).
    pub map: &'a [MapArea<'a>],
    /// The data version.
    pub data_version: i64,
}

/// An area on the map of the organisation's areas.
#[derive(Debug, Clone, Copy)]
pub struct MapArea<'a> {
    /// The area.
    pub area: &'a AreaName,
    /// The figures of its registrations in the year.
    pub figures: &'a [Figure],
    /// Its outline (the CBS region of its name).
    pub outline: &'a Boundary,
}

/// The area page, laid out for an audience.
pub fn area(input: &AreaInput, audience: Audience) -> Layout {
    let mut counts = Counts::new(audience);
    let mut sections = Vec::new();
    let mut profile = Vec::new();
    for section in AreaProfileSection::ALL {
        for p in input
            .profiles
            .iter()
            .filter(|p| &p.area == input.area && p.year == input.year && p.section == *section)
        {
            profile.push(Block::Heading(Text::Label(
                "area_section",
                section.code().to_string(),
            )));
            profile.push(Block::Text(Text::Markdown(p.text.clone())));
        }
    }
    if profile.is_empty() {
        profile.push(Block::Text(Text::Key("area.no_profile")));
    }
    sections.push(Section {
        id: "profile".into(),
        heading: Text::Key("area.profile"),
        blocks: profile,
    });
    sections.extend(map(input, &mut counts));
    sections.push(context(input));
    sections.push(reach(input, &mut counts));
    if let Some(shares) = domain_shares(input, &mut counts) {
        sections.push(shares);
    }
    sections.push(partners(input));
    Layout {
        title: Text::Plain(input.area.as_str().to_string()),
        facts: crate::model::facts(&input.organisation.name, None, Some(input.year)),
        sections,
        audience,
        data_version: input.data_version,
        ledger: counts.ledger,
    }
}

/// The count of every registration of the year, of which each area's is
/// a part.
fn all_registrations(year: i32) -> CellKey {
    CellKey::of(year, "reach", &[("registrations", "all")], "n")
}

/// The registrations in the year of the area whose figures these are.
fn registrations_in(figures: &[Figure]) -> u64 {
    figures
        .iter()
        .find(|f| f.indicator == "reach" && f.keys.is_empty())
        .map_or(0, |f| f.n)
}

/// Where the areas lie: the maps of the organisation's areas ([`maps`]),
/// the page's own area outlined; none without outlines.
fn map(input: &AreaInput, counts: &mut Counts) -> Option<Section> {
    if input.map.is_empty() {
        return None;
    }
    let mut blocks = vec![Block::Text(Text::Filled(
        "area.map_intro",
        vec![("area", input.area.as_str().to_string())],
    ))];
    let areas = AreaMaps {
        organisation: input.organisation,
        year: input.year,
        areas: input.map,
        whole: input.whole,
        domains: input.domains,
        definitions: input.definitions,
        subject: Some(input.area),
    };
    blocks.extend(maps(&areas, counts));
    Some(Section {
        id: "map".into(),
        heading: Text::Key("area.map"),
        blocks,
    })
}

/// What the maps of an organisation's areas are made of.
#[derive(Debug, Clone, Copy)]
pub struct AreaMaps<'a> {
    /// The organisation.
    pub organisation: &'a Organisation,
    /// The year.
    pub year: i32,
    /// Its areas with an outline, with their figures.
    pub areas: &'a [MapArea<'a>],
    /// The figures of every registration of the organisation in the year.
    pub whole: &'a [Figure],
    /// The ZRM domains with their names, in display order.
    pub domains: &'a [ReferenceItem],
    /// The names of context indicators.
    pub definitions: &'a [IndicatorDefinition],
    /// The area a page is about, outlined on every map; none where the
    /// maps are about all areas alike (the annual monitor).
    pub subject: Option<&'a AreaName>,
}

/// The organisation's areas on maps, each coloured by one figure of the
/// year, with the same figures as a table: the registrations (each the
/// count its own page shows, under the same key), the registrations per
/// 1,000 inhabitants where they are known, the share of the registrations
/// with each of the most frequent domains, and every context figure known
/// for two areas or more. Nothing without outlines.
pub fn maps(areas: &AreaMaps, counts: &mut Counts) -> Vec<Block> {
    if areas.areas.is_empty() {
        return Vec::new();
    }
    // Each area's registrations, counted once for every map resting on
    // them.
    let registered: Vec<Counted> = areas
        .areas
        .iter()
        .map(|m| registrations_of(counts, areas.year, m))
        .collect();
    std::iter::once(registrations_layer(areas, &registered))
        .chain(per_inhabitants_layer(areas, &registered))
        .chain(domain_layers(areas, &registered, counts))
        .chain(context_layers(areas))
        .map(|layer| layer.drawn(areas))
        .collect()
}

/// One map of the areas: a figure per area of [`AreaMaps::areas`], in
/// its order.
struct Layer {
    /// The chart's and table's id on the page.
    id: String,
    title: Text,
    /// The table's value column.
    column: Text,
    shares: bool,
    source: Source,
    /// Per area its bar (the colour) and its cell (the table).
    values: Vec<(Bar, Cell)>,
}

impl Layer {
    /// The map and its table.
    fn drawn(self, areas: &AreaMaps) -> Block {
        let name = |m: &MapArea| Text::Plain(m.area.as_str().to_string());
        let chart = Chart {
            outlines: areas.areas.iter().map(|m| m.outline.clone()).collect(),
            title: self.title.clone(),
            bars: areas
                .areas
                .iter()
                .zip(&self.values)
                .map(|(m, (bar, _))| Bar {
                    label: name(m),
                    // The page's own area drawn as the subject, the
                    // others beside it.
                    series: usize::from(areas.subject.is_some_and(|s| m.area != s)),
                    ..bar.clone()
                })
                .collect(),
            shares: self.shares,
            source: self.source,
        };
        let table = Table {
            id: self.id,
            caption: self.title,
            columns: vec![Text::Key("column.area"), self.column],
            rows: areas
                .areas
                .iter()
                .zip(self.values)
                .map(|(m, (_, cell))| Row {
                    label: name(m),
                    cells: vec![cell],
                    total: false,
                })
                .collect(),
            how: None,
        };
        Block::Chart(chart, table)
    }
}

/// An area's registrations of the year, shown under the key its own page
/// shows them with, a part of all of them.
fn registrations_of(counts: &mut Counts, year: i32, area: &MapArea) -> Counted {
    let all = all_registrations(year);
    let key = all
        .clone()
        .within(Scope::Area(area.area.as_str().to_string()));
    counts.ledger.part_of(all, "area".into(), key.clone());
    counts.shown(key, registrations_in(area.figures))
}

/// The registrations of each area in the year.
fn registrations_layer(areas: &AreaMaps, registered: &[Counted]) -> Layer {
    let values = registered
        .iter()
        .map(|c| (Bar::count(Text::Plain(String::new()), c), Cell::counted(c)))
        .collect();
    Layer {
        id: "area-map".into(),
        title: Text::Filled("area.map_chart", vec![("year", areas.year.to_string())]),
        column: Text::Key("column.registrations"),
        shares: false,
        source: Source::Registrations,
        values,
    }
}

/// The registrations per 1,000 inhabitants of each area whose inhabitants
/// are known (a context value of the area counting them, its latest up to
/// the year); none when fewer than two areas' are. A rate rests on its
/// area's count: hidden with it.
fn per_inhabitants_layer(areas: &AreaMaps, registered: &[Counted]) -> Option<Layer> {
    let inhabitants: Vec<Option<&Figure>> = areas
        .areas
        .iter()
        .map(|m| inhabitants_of(m, areas.definitions, areas.year))
        .collect();
    if inhabitants.iter().flatten().count() < 2 {
        return None;
    }
    let values = registered
        .iter()
        .zip(&inhabitants)
        .map(|(c, people)| {
            let rate = people
                .and_then(|p| p.value)
                .filter(|p| *p > 0.0)
                .map(|p| c.value as f64 / p * 1000.0);
            let cell = rate.map_or(Cell::Empty, |r| Cell::resting([c], Cell::Number(r, 1)));
            (Bar::valued(rate, cell.clone()), cell)
        })
        .collect();
    // The inhabitants' source; the registrations are the page's own.
    let mut sources = vec![areas.organisation.name.clone()];
    sources.extend(crate::model::context_sources(inhabitants.iter().copied()));
    Some(Layer {
        id: "area-map-per-1000".into(),
        title: Text::Filled("area.map_per_1000", vec![("year", areas.year.to_string())]),
        column: Text::Key("column.per_thousand"),
        shares: false,
        source: Source::Context(sources),
        values,
    })
}

/// Whether a context indicator counts a region's inhabitants: CBS's
/// "Bevolking op 1 januari" (M000352) or "Aantal inwoners"
/// (`AantalInwoners_*`), or an indicator whose id or name says
/// "inwoners", "bevolking op 1 januari" or "totale bevolking", as a count.
fn counts_inhabitants(f: &Figure, definitions: &[domain::IndicatorDefinition]) -> bool {
    let indicator = f.key("indicator").unwrap_or_default();
    let definition = definitions
        .iter()
        .find(|d| d.indicator.as_str() == indicator);
    let says = |text: &str| {
        let folded = domain::fold::fold(text).replace('_', " ");
        ["inwoners", "bevolking op 1 januari", "totale bevolking"]
            .iter()
            .any(|w| folded.contains(w))
            && !folded.contains("per ")
    };
    let measure = definition
        .and_then(|d| d.measure.as_deref())
        .is_some_and(|m| m == "M000352" || m.starts_with("AantalInwoners"));
    let unit = f
        .text("unit")
        .or(definition.and_then(|d| d.unit.as_deref()));
    let a_count = unit.is_none_or(|u| domain::fold::fold(u) == "aantal");
    a_count && (measure || says(indicator) || definition.is_some_and(|d| says(&d.name)))
}

/// The inhabitants of an area: its latest context value counting them up
/// to `year`.
fn inhabitants_of<'f>(
    area: &MapArea<'f>,
    definitions: &[domain::IndicatorDefinition],
    year: i32,
) -> Option<&'f Figure> {
    of_area(area.figures, area.area.as_str())
        .filter(|f| counts_inhabitants(f, definitions))
        .filter(|f| {
            f.key("period")
                .and_then(|p| p.get(..4)?.parse::<i32>().ok())
                .is_some_and(|y| y <= year)
        })
        .max_by_key(|f| f.key("period").unwrap_or_default().to_string())
}

/// How many domains are mapped: the most frequent in the organisation's
/// registrations of the year.
const MAPPED_DOMAINS: usize = 3;

/// The registrations with a domain as main domain or with a score on it,
/// of those in the year, in the figures of an area or of the whole.
fn with_domain(figures: &[Figure], domain: &str) -> u64 {
    figures
        .iter()
        .find(|f| f.indicator == "domain_share" && f.key("domain") == Some(domain))
        .and_then(|f| f.numerator)
        .unwrap_or(0)
}

/// Per domain of the [`MAPPED_DOMAINS`] most frequent, each area's share of
/// its registrations with that domain (the counts of the area's own page,
/// under its keys).
fn domain_layers(areas: &AreaMaps, registered: &[Counted], counts: &mut Counts) -> Vec<Layer> {
    let year = areas.year;
    let mut frequent: Vec<&ReferenceItem> = areas
        .domains
        .iter()
        .filter(|d| with_domain(areas.whole, &d.code) > 0)
        .collect();
    frequent.sort_by_key(|d| std::cmp::Reverse(with_domain(areas.whole, &d.code)));
    frequent.truncate(MAPPED_DOMAINS);
    frequent
        .into_iter()
        .map(|d| {
            let key = CellKey::of(year, "domain_share", &[("domain", &d.code)], "numerator");
            tie(
                counts,
                key.clone(),
                main_domain_keys(
                    (areas.domains, year),
                    "domain_share",
                    &[("domain", &d.code)],
                    "numerator",
                ),
            );
            let values = areas
                .areas
                .iter()
                .zip(registered)
                .map(|(m, all)| {
                    let area = key.clone().within(Scope::Area(m.area.as_str().to_string()));
                    counts
                        .ledger
                        .part_of(key.clone(), "area".into(), area.clone());
                    let with = counts.shown(area, with_domain(m.figures, &d.code));
                    (
                        Bar::ratio(Text::Plain(String::new()), &with, all),
                        Cell::ratio(&with, all),
                    )
                })
                .collect();
            Layer {
                id: format!("area-map-{}", d.code),
                title: Text::Filled(
                    "area.map_domain",
                    vec![("domain", d.name.clone()), ("year", year.to_string())],
                ),
                column: Text::Key("column.share"),
                shares: true,
                source: Source::Registrations,
                values,
            }
        })
        .collect()
}

/// The context figures of an area: those of the region of its name.
fn of_area<'f>(figures: &'f [Figure], area: &str) -> impl Iterator<Item = &'f Figure> + 'f {
    let area = area.to_string();
    figures
        .iter()
        .filter(|f| f.indicator == "context" && f.value.is_some())
        .filter(move |f| {
            f.key("region").is_some_and(|r| {
                r.eq_ignore_ascii_case(&area) || f.text("region_name") == Some(area.as_str())
            })
        })
}

/// A context value as its source published it, with as many decimals.
fn published(f: &Figure) -> Cell {
    let decimals = f
        .text("as_published")
        .and_then(|t| t.split_once(['.', ',']).map(|(_, d)| d.len()))
        .unwrap_or(0);
    f.value.map_or(Cell::Empty, |v| Cell::Number(v, decimals))
}

/// Per context indicator known for two areas or more in one period, the
/// latest such period's values.
fn context_layers(areas: &AreaMaps) -> Vec<Layer> {
    let mut known: std::collections::BTreeMap<(&str, &str), usize> = Default::default();
    for m in areas.areas {
        for f in of_area(m.figures, m.area.as_str()) {
            let key = (
                f.key("indicator").unwrap_or_default(),
                f.key("period").unwrap_or_default(),
            );
            *known.entry(key).or_default() += 1;
        }
    }
    let mut latest: std::collections::BTreeMap<&str, &str> = Default::default();
    for ((indicator, period), _) in known.into_iter().filter(|(_, n)| *n >= 2) {
        latest.insert(indicator, period);
    }
    latest
        .into_iter()
        .map(|(indicator, period)| {
            let found: Vec<Option<&Figure>> = areas
                .areas
                .iter()
                .map(|m| {
                    of_area(m.figures, m.area.as_str()).find(|f| {
                        f.key("indicator") == Some(indicator) && f.key("period") == Some(period)
                    })
                })
                .collect();
            let values = found
                .iter()
                .map(|f| {
                    let cell = f.map_or(Cell::Empty, published);
                    (Bar::valued(f.and_then(|f| f.value), cell.clone()), cell)
                })
                .collect();
            let name = crate::model::indicator_name(areas.definitions, indicator);
            Layer {
                id: format!("area-map-context-{indicator}"),
                title: Text::Filled(
                    "area.map_context",
                    vec![("indicator", name), ("period", period.to_string())],
                ),
                column: Text::Key("column.value"),
                shares: false,
                source: Source::Context(crate::model::context_sources(found.iter().copied())),
                values,
            }
        })
        .collect()
}

fn context(input: &AreaInput) -> Section {
    let of_area: Vec<&Figure> = of_area(input.figures, input.area.as_str()).collect();
    let name = |indicator: &str| crate::model::indicator_name(input.definitions, indicator);
    let municipal = |f: &Figure| {
        input.figures.iter().find(|m| {
            m.indicator == "context"
                && m.key("indicator") == f.key("indicator")
                && m.key("period") == f.key("period")
                && m.key("region").is_some_and(|r| r.starts_with("GM"))
                && m.value.is_some()
        })
    };
    let mut blocks = Vec::new();
    for (i, f) in of_area.iter().enumerate() {
        let indicator = f.key("indicator").unwrap_or_default();
        let period = f.key("period").unwrap_or_default().to_string();
        let title = Text::Filled(
            "factsheet.context_chart",
            vec![("indicator", name(indicator)), ("period", period)],
        );
        let pair: Vec<(&Figure, usize)> = std::iter::once((*f, 0))
            .chain(municipal(f).map(|m| (m, 1)))
            .collect();
        let chart = Chart {
            outlines: Vec::new(),
            title: title.clone(),
            bars: pair
                .iter()
                .map(|(g, series)| Bar {
                    label: Text::Plain(
                        g.text("region_name")
                            .map(str::to_string)
                            .unwrap_or_else(|| g.key("region").unwrap_or_default().to_string()),
                    ),
                    value: g.value,
                    shown: published(g),
                    unit: String::new(),
                    series: *series,
                    marker: None,
                    band: None,
                })
                .collect(),
            shares: false,
            source: Source::Context(crate::model::context_sources(
                pair.iter().map(|(g, _)| Some(*g)),
            )),
        };
        let table = Table {
            id: format!("area-context-{i}"),
            caption: title,
            columns: vec![Text::Key("column.region"), Text::Key("column.value")],
            rows: pair
                .iter()
                .map(|(g, _)| Row {
                    label: Text::Plain(
                        g.text("region_name")
                            .map(str::to_string)
                            .unwrap_or_default(),
                    ),
                    cells: vec![published(g)],
                    total: false,
                })
                .collect(),
            how: None,
        };
        blocks.push(Block::Chart(chart, table));
    }
    if blocks.is_empty() {
        blocks.push(Block::Text(Text::Key("area.no_context")));
    }
    Section {
        id: "context".into(),
        heading: Text::Key("area.context"),
        blocks,
    }
}

fn reach(input: &AreaInput, counts: &mut Counts) -> Section {
    let present = |code: &str| {
        input
            .figures
            .iter()
            .any(|f| f.indicator == "reach" && f.key("domain") == Some(code) && f.n > 0)
    };
    let domains: Vec<(String, String)> = input
        .domains
        .iter()
        .filter(|d| present(&d.code))
        .map(|d| (d.code.clone(), d.name.clone()))
        .collect();
    let blocks = if domains.is_empty() {
        vec![Block::Text(Text::Key("area.no_registrations"))]
    } else {
        let reach = Reach {
            figures: input.figures,
            domains,
            how: How::new("reach", area_selection(input), input.data_version),
            year: input.year,
            scope: Scope::Area(input.area.as_str().to_string()),
        };
        reach.by_domain(counts, Scope::Organisation)
    };
    Section {
        id: "reach".into(),
        heading: Text::Key("area.reach"),
        blocks,
    }
}

/// The domain shares of the area's registrations beside the municipality's
/// (all the organisation's registrations of the year): per domain the
/// registrations with it as main domain or with a score on it, and their
/// share. The area's counts are parts of the organisation's.
fn domain_shares(input: &AreaInput, counts: &mut Counts) -> Option<Section> {
    let area = Scope::Area(input.area.as_str().to_string());
    let year = input.year;
    let total = registrations_in;
    let all_key = all_registrations(year);
    let mains = |indicator, keys: &[(&'static str, &str)], field| {
        main_domain_keys((input.domains, input.year), indicator, keys, field)
    };
    tie(counts, all_key.clone(), mains("reach", &[], "n"));
    counts.ledger.part_of(
        all_key.clone(),
        "area".into(),
        all_key.clone().within(area.clone()),
    );
    let area_all = counts.shown(all_key.clone().within(area.clone()), total(input.figures));
    let whole_all = counts.shown(all_key, total(input.whole));
    let numerator = |figures: &[Figure], d: &str| {
        figures
            .iter()
            .find(|f| f.indicator == "domain_share" && f.key("domain") == Some(d))
            .and_then(|f| f.numerator)
            .unwrap_or(0)
    };
    let mut rows = vec![Row {
        label: Text::Key("area.all_registrations"),
        cells: vec![
            Cell::counted(&area_all),
            Cell::Empty,
            Cell::counted(&whole_all),
            Cell::Empty,
        ],
        total: false,
    }];
    for d in input.domains {
        let here = numerator(input.figures, &d.code);
        if here == 0 {
            continue;
        }
        let key = CellKey::of(year, "domain_share", &[("domain", &d.code)], "numerator");
        tie(
            counts,
            key.clone(),
            mains("domain_share", &[("domain", &d.code)], "numerator"),
        );
        counts
            .ledger
            .part_of(key.clone(), "area".into(), key.clone().within(area.clone()));
        let a = counts.shown(key.clone().within(area.clone()), here);
        let w = counts.shown(key, numerator(input.whole, &d.code));
        rows.push(Row {
            label: Text::Plain(d.name.clone()),
            cells: vec![
                Cell::counted(&a),
                Cell::ratio(&a, &area_all),
                Cell::counted(&w),
                Cell::ratio(&w, &whole_all),
            ],
            total: false,
        });
    }
    if rows.len() == 1 || area_all.value == 0 {
        return None;
    }
    let table = Table {
        id: "domain-shares".into(),
        caption: Text::Key("area.domain_share_table"),
        columns: vec![
            Text::Key("column.domain"),
            Text::Filled(
                "column.in_area",
                vec![("area", input.area.as_str().to_string())],
            ),
            Text::Key("column.share"),
            Text::Key("column.whole_municipality"),
            Text::Key("column.share"),
        ],
        rows,
        how: Some(
            How::new("domain_share", area_selection(input), input.data_version).counting(&area_all),
        ),
    };
    Some(Section {
        id: "domain-shares".into(),
        heading: Text::Key("area.domain_shares"),
        blocks: vec![
            Block::Table(table),
            Block::Text(Text::Key("factsheet.domain_share_note")),
        ],
    })
}

/// "Wijk X, registraties lopend in 2022": the area page's selection.
fn area_selection(input: &AreaInput) -> Text {
    Text::Filled(
        "selection.area_year",
        vec![
            ("area", input.area.as_str().to_string()),
            ("year", input.year.to_string()),
        ],
    )
}

/// The keys of a count of the municipality per main domain: the count is
/// their sum, and they tie the factsheets' themes, so no theme can be
/// subtracted from the municipality's count to reveal a small count.
fn main_domain_keys(
    (domains, year): (&[ReferenceItem], i32),
    indicator: &'static str,
    keys: &[(&'static str, &str)],
    field: &'static str,
) -> Vec<CellKey> {
    let by = if indicator == "reach" {
        "domain"
    } else {
        "main"
    };
    domains
        .iter()
        .map(|m| {
            let mut all = vec![(by, m.code.as_str())];
            all.extend_from_slice(keys);
            CellKey::of(year, indicator, &all, field)
        })
        .collect()
}

/// Says that `total` is the sum of `parts`, counts no page shows itself.
fn tie(counts: &mut Counts, total: CellKey, parts: Vec<CellKey>) {
    for part in &parts {
        counts.ledger.link(part.clone(), None);
    }
    counts.ledger.sum(total, parts);
}

/// The sociale kaart: per sector, the partners that work in the area and
/// those that work in the whole municipality (no areas named).
fn partners(input: &AreaInput) -> Section {
    let here = |p: &&Partner| p.areas.contains(input.area);
    let everywhere = |p: &&Partner| p.areas.is_empty();
    let mut sectors: Vec<&str> = input
        .partners
        .iter()
        .filter(|p| here(p) || everywhere(p))
        .map(|p| p.sector.code())
        .collect();
    sectors.sort_unstable();
    sectors.dedup();
    let names = |sector: &str, keep: &dyn Fn(&&Partner) -> bool| {
        let mut names: Vec<&str> = input
            .partners
            .iter()
            .filter(|p| p.sector.code() == sector && keep(p))
            .map(|p| p.name.as_str())
            .collect();
        names.sort_unstable();
        match names.is_empty() {
            true => Cell::Empty,
            false => Cell::Text(Text::Plain(names.join(", "))),
        }
    };
    let rows: Vec<Row> = sectors
        .iter()
        .map(|sector| Row {
            label: Text::Label("sector", sector.to_string()),
            cells: vec![names(sector, &here), names(sector, &everywhere)],
            total: false,
        })
        .collect();
    let blocks = match rows.is_empty() {
        true => vec![Block::Text(Text::Key("area.no_partners"))],
        false => vec![Block::Table(Table {
            id: "partners".into(),
            caption: Text::Key("area.partners_table"),
            columns: vec![
                Text::Key("column.sector"),
                Text::Filled(
                    "column.in_area",
                    vec![("area", input.area.as_str().to_string())],
                ),
                Text::Key("column.whole_municipality"),
            ],
            rows,
            how: None,
        })],
    };
    Section {
        id: "partners".into(),
        heading: Text::Key("area.partners"),
        blocks,
    }
}
