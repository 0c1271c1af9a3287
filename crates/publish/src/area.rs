//! The area profile page (DOMAIN.md §5): the profile texts, the area's
//! context indicators against the municipality, and the reach of the
//! registrations in the area by main domain (suppressed like every
//! published count).

use crate::ledger::{Counts, Reader, Scope};
use crate::model::{
    Audience, Bar, Block, Cell, Chart, How, Publication, Row, Section, Table, Text,
};
use crate::reach::Reach;
use domain::{
    AreaName, AreaProfile, AreaProfileSection, Coded, IndicatorDefinition, Organisation,
    ReferenceItem,
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
    /// The data version.
    pub data_version: i64,
}

/// The area page.
pub fn area(input: &AreaInput, reader: Reader) -> Publication {
    let mut counts = Counts::new(reader);
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
    sections.push(context(input));
    sections.push(reach(input, &mut counts));
    Publication {
        title: Text::Plain(input.area.as_str().to_string()),
        facts: crate::model::facts(&input.organisation.name, None, Some(input.year)),
        sections,
        audience: Audience::of(reader),
        data_version: input.data_version,
        ledger: counts.ledger,
    }
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
            title: title.clone(),
            bars: pair
                .iter()
                .map(|(g, series)| Bar {
                    label: g
                        .text("region_name")
                        .map(str::to_string)
                        .unwrap_or_else(|| g.key("region").unwrap_or_default().to_string()),
                    value: g.value,
                    shown: published(g),
                    unit: String::new(),
                    series: *series,
                })
                .collect(),
            shares: false,
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
            how: How {
                indicator: "reach",
                selection: Text::Filled(
                    "selection.area_year",
                    vec![
                        ("area", input.area.as_str().to_string()),
                        ("year", input.year.to_string()),
                    ],
                ),
                n: None,
                data_version: input.data_version,
            },
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
