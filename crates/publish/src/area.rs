//! The area profile page (DOMAIN.md §5): the profile texts, a map of the
//! organisation's areas with their registrations, the area's context
//! indicators against the municipality, and the reach of the
//! registrations in the area by main domain (suppressed like every
//! published count).

use crate::ledger::CellKey;
use crate::ledger::{Counts, Scope};
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

/// Where the areas lie: a map of the organisation's areas coloured by
/// their registrations in the year (each the count its own page shows,
/// under the same key), with the same counts as a table; none without
/// outlines.
fn map(input: &AreaInput, counts: &mut Counts) -> Option<Section> {
    if input.map.is_empty() {
        return None;
    }
    let all = all_registrations(input.year);
    let counted: Vec<_> = input
        .map
        .iter()
        .map(|m| {
            let area = Scope::Area(m.area.as_str().to_string());
            let key = all.clone().within(area);
            counts
                .ledger
                .part_of(all.clone(), "area".into(), key.clone());
            counts.shown(key, registrations_in(m.figures))
        })
        .collect();
    let title = Text::Filled("area.map_chart", vec![("year", input.year.to_string())]);
    let name = |m: &MapArea| Text::Plain(m.area.as_str().to_string());
    let chart = Chart {
        outlines: input.map.iter().map(|m| m.outline.clone()).collect(),
        title: title.clone(),
        bars: input
            .map
            .iter()
            .zip(&counted)
            .map(|(m, c)| Bar {
                // The page's own area drawn as the subject, the others
                // beside it.
                series: usize::from(m.area != input.area),
                ..Bar::count(name(m), c)
            })
            .collect(),
        shares: false,
        source: Source::Registrations,
    };
    let table = Table {
        id: "area-map".into(),
        caption: title,
        columns: vec![Text::Key("column.area"), Text::Key("column.registrations")],
        rows: input
            .map
            .iter()
            .zip(&counted)
            .map(|(m, c)| Row {
                label: name(m),
                cells: vec![Cell::counted(c)],
                total: false,
            })
            .collect(),
        how: None,
    };
    Some(Section {
        id: "map".into(),
        heading: Text::Key("area.map"),
        blocks: vec![
            Block::Text(Text::Filled(
                "area.map_intro",
                vec![("area", input.area.as_str().to_string())],
            )),
            Block::Chart(chart, table),
        ],
    })
}

fn context(input: &AreaInput) -> Section {
    let area = input.area.as_str();
    let of_area: Vec<&Figure> = input
        .figures
        .iter()
        .filter(|f| f.indicator == "context" && f.value.is_some())
        .filter(|f| {
            f.key("region").is_some_and(|r| {
                r.eq_ignore_ascii_case(area)
                    || f.text("region_name").map(str::to_string).as_deref() == Some(area)
            })
        })
        .collect();
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
    let published = |f: &Figure| {
        let decimals = f
            .text("as_published")
            .map(str::to_string)
            .and_then(|t| t.split_once(['.', ',']).map(|(_, d)| d.len()))
            .unwrap_or(0);
        f.value.map_or(Cell::Empty, |v| Cell::Number(v, decimals))
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
    // The municipality's counts are sums over every main domain of the same
    // counts per main domain, which tie the factsheets' themes: so no theme
    // can be subtracted from them to reveal a small count.
    let mains = |indicator: &'static str, keys: &[(&'static str, &str)], field| {
        input
            .domains
            .iter()
            .map(|m| {
                let mut all = vec![(
                    if indicator == "reach" {
                        "domain"
                    } else {
                        "main"
                    },
                    m.code.as_str(),
                )];
                all.extend_from_slice(keys);
                CellKey::of(year, indicator, &all, field)
            })
            .collect::<Vec<_>>()
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
