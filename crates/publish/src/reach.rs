//! Reach: registrations by main domain × form and main domain × age group
//! (the factsheet's two tables), and by main domain alone (the area page).
//! A domain's registrations are one count wherever they appear: the row
//! total of both factsheet tables, on every factsheet with that domain,
//! and the whole of which the area pages show the parts. A theme's
//! registrations in all are what the summary, the monitor and the
//! dashboard publish.

use crate::ledger::{CellKey, Counted, Counts, Scope};
use crate::model::MessageKey;
use crate::model::{Bar, Block, Chart, How, Row, Source, Table, Text};
use crate::tables::{count_table, Entries, Grid, Keyed};
use domain::{AgeGroup, Coded, ReferenceItem, SupportForm, Theme};
use indicators::Figure;

/// The reach figures of a selection and the domains to show.
#[derive(Debug, Clone)]
pub struct Reach<'a> {
    /// The figures of the selection (`reach` with keys domain × form and
    /// domain × age group).
    pub figures: &'a [Figure],
    /// The domains as rows: code and name.
    pub domains: Vec<(String, String)>,
    /// How the figures were computed (its `n` is filled in here).
    pub how: How,
    /// The year the registrations run in.
    pub year: i32,
    /// Whose registrations: the organisation's (a theme of main domains),
    /// a theme's own selection, or an area's.
    pub scope: Scope,
}

impl<'a> Reach<'a> {
    /// The reach of a theme in its year: its main domains as rows (for a
    /// societal task's theme, which is selected through its services, the
    /// main domains its registrations have), counted in the theme's scope.
    pub fn of_theme(
        theme: &Theme,
        figures: &'a [Figure],
        names: &[ReferenceItem],
        data_version: i64,
    ) -> Self {
        let name = |code: &str| {
            names
                .iter()
                .find(|i| i.code == code)
                .map_or_else(|| code.to_string(), |i| i.name.clone())
        };
        Self {
            figures,
            domains: theme_domains(theme, figures)
                .into_iter()
                .map(|d| {
                    let n = name(&d);
                    (d, n)
                })
                .collect(),
            how: How::new("reach", theme_selection(theme), data_version),
            year: theme.year,
            scope: theme_scope(theme),
        }
    }

    fn count(&self, domain: &str, key: &str, value: &str) -> u64 {
        self.figures
            .iter()
            .find(|f| {
                f.indicator == "reach"
                    && f.keys.len() == 2
                    && f.key("domain") == Some(domain)
                    && f.key(key) == Some(value)
            })
            .map_or(0, |f| f.n)
    }

    /// A domain's registrations: the sum over the forms (every
    /// registration has one form and one age group).
    fn domain_count(&self, domain: &str) -> u64 {
        SupportForm::ALL
            .iter()
            .map(|f| self.count(domain, "form", f.code()))
            .sum()
    }

    fn key(&self, keys: &[(&'static str, &str)]) -> CellKey {
        CellKey::of(self.year, "reach", keys, "n").within(self.scope.clone())
    }

    /// The domains shown, as one key: `a+b+c`.
    fn set(&self) -> String {
        let mut codes: Vec<&str> = self.domains.iter().map(|(d, _)| d.as_str()).collect();
        codes.sort_unstable();
        codes.join("+")
    }

    /// A domain's registrations: the row total of both tables.
    pub fn domain_key(&self, domain: &str) -> CellKey {
        self.key(&[("domain", domain)])
    }

    /// The registrations of every domain shown, in all.
    pub fn total_value(&self) -> u64 {
        self.row_totals().iter().map(|(_, n)| n).sum()
    }

    /// The registrations of every domain shown: the grand total.
    pub fn total_key(&self) -> CellKey {
        self.key(&[("domains", &self.set())])
    }

    fn row_totals(&self) -> Vec<Keyed> {
        self.domains
            .iter()
            .map(|(d, _)| (self.domain_key(d), self.domain_count(d)))
            .collect()
    }

    /// A band's registrations in a domain: the sum of its parts.
    fn band_count(&self, domain: &str, key: &str, band: &Band) -> u64 {
        band.parts.iter().map(|p| self.count(domain, key, p)).sum()
    }

    fn grid(&self, key: &'static str, layout: &Layout) -> Grid {
        let set = self.set();
        let rows: &[(String, String)] = match layout.rows {
            true => &self.domains,
            false => &[],
        };
        Grid {
            cells: rows
                .iter()
                .map(|(d, _)| {
                    layout
                        .bands
                        .iter()
                        .map(|b| {
                            let cell = self.key(&[("domain", d), (key, b.code)]);
                            (cell, self.band_count(d, key, b))
                        })
                        .collect()
                })
                .collect(),
            row_totals: match layout.rows {
                true => self.row_totals(),
                false => vec![],
            },
            column_totals: layout
                .bands
                .iter()
                .map(|b| {
                    let n = self
                        .domains
                        .iter()
                        .map(|(d, _)| self.band_count(d, key, b))
                        .sum();
                    (self.key(&[("domains", &set), (key, b.code)]), n)
                })
                .collect(),
            total: (self.total_key(), self.total_value()),
        }
    }

    /// Writes what ties a coarser layout's counts to the finest ones
    /// (which other pages may show): a merged band's count in a domain is
    /// the sum of its parts there; without rows, a band's total is the sum
    /// over the domains.
    fn band_ties(&self, counts: &mut Counts, key: &'static str, layout: &Layout) {
        self.ties(counts);
        for band in &layout.bands {
            let mut column = Vec::new();
            for (d, _) in &self.domains {
                let cell = self.key(&[("domain", d), (key, band.code)]);
                counts
                    .ledger
                    .link(cell.clone(), Some(self.band_count(d, key, band)));
                if band.parts.len() > 1 {
                    let parts = band.parts.iter().map(|p| {
                        let part = self.key(&[("domain", d), (key, p)]);
                        counts
                            .ledger
                            .link(part.clone(), Some(self.count(d, key, p)));
                        part
                    });
                    let parts = parts.collect();
                    counts.ledger.sum(cell.clone(), parts);
                }
                column.push(cell);
            }
            if !layout.rows {
                let total = self.key(&[("domains", &self.set()), (key, band.code)]);
                counts.ledger.sum(total, column);
            }
        }
    }

    /// A breakdown's table as the reader sees it: the first of its
    /// layouts, finest first, that protection would not hide much of
    /// ([`Grid::too_fine`]), else the coarsest; written to `counts`.
    fn table(
        &self,
        counts: &mut Counts,
        id: &str,
        key: &'static str,
        layouts: &[Layout],
    ) -> (Table, Entries) {
        let k = counts.audience().threshold();
        let (layout, grid) = layouts
            .iter()
            .map(|l| (l, self.grid(key, l)))
            .find(|(_, g)| !g.too_fine(k))
            .unwrap_or_else(|| {
                let coarsest = layouts.last().expect("a breakdown has a layout");
                (coarsest, self.grid(key, coarsest))
            });
        self.band_ties(counts, key, layout);
        let entries = grid.publish(counts);
        let columns = std::iter::once(Text::Key("column.domain"))
            .chain(
                layout
                    .bands
                    .iter()
                    .map(|b| Text::Label(layout.list, b.code.to_string())),
            )
            .chain([Text::Key("column.total")])
            .collect();
        let labels = match layout.rows {
            true => self.labels(),
            false => vec![],
        };
        let how = self.how.clone().counting(&entries.total);
        let table = count_table(
            id,
            Text::Key(layout.caption),
            labels,
            columns,
            &entries,
            how,
        );
        (table, entries)
    }

    /// The chart with its table by form, and the table by age group; with
    /// the total. Each table as fine as protection allows ([`Layout`]).
    pub fn blocks(&self, counts: &mut Counts) -> (Vec<Block>, Counted) {
        let (form_table, by_form) = self.table(counts, "reach-form", "form", &Layout::forms());
        let (age_table, _) = self.table(counts, "reach-age", "age_group", &Layout::ages());
        let blocks = vec![
            Block::Chart(self.chart(&by_form.row_totals), form_table),
            Block::Table(age_table),
        ];
        (blocks, by_form.total)
    }

    /// The registrations in all, as every page publishes them.
    pub fn total(&self, counts: &mut Counts) -> Counted {
        self.ties(counts);
        counts.shown(self.total_key(), self.total_value())
    }

    /// Writes the domains' registrations with their sum (the total) to
    /// `counts`, without showing the domains.
    fn ties(&self, counts: &mut Counts) {
        let rows = self.row_totals();
        for (key, value) in &rows {
            counts.ledger.link(key.clone(), Some(*value));
        }
        counts
            .ledger
            .sum(self.total_key(), rows.into_iter().map(|(k, _)| k).collect());
    }

    fn labels(&self) -> Vec<Text> {
        self.domains
            .iter()
            .map(|(_, name)| Text::Plain(name.clone()))
            .collect()
    }

    fn chart(&self, rows: &[Counted]) -> Chart {
        Chart {
            outlines: Vec::new(),
            title: Text::Key("factsheet.reach_chart"),
            bars: self
                .domains
                .iter()
                .zip(rows)
                .map(|((_, name), e)| Bar::count(name.clone(), e))
                .collect(),
            shares: false,
            source: Source::Registrations,
        }
    }

    /// The area page's reach: registrations per main domain and in all,
    /// each domain's count a part of the organisation's count of that
    /// domain (the areas are disjoint). Form and age group are not broken
    /// down per area: with the factsheets' tables they would give an
    /// attacker three-way tables to solve (docs/decisions.md).
    pub fn by_domain(&self, counts: &mut Counts, whole: Scope) -> Vec<Block> {
        let rows = self.row_totals();
        for (key, _) in &rows {
            let organisation = key.clone().within(whole.clone());
            counts
                .ledger
                .part_of(organisation, "area".into(), key.clone());
        }
        self.ties(counts);
        let entries: Vec<Counted> = rows
            .iter()
            .map(|(key, value)| counts.shown(key.clone(), *value))
            .collect();
        let total_value = self.total_value();
        let total = counts.shown(self.total_key(), total_value);
        let table = Table {
            id: "reach-domain".into(),
            caption: Text::Key("area.reach_table"),
            columns: vec![
                Text::Key("column.domain"),
                Text::Key("column.registrations"),
            ],
            rows: self
                .labels()
                .into_iter()
                .zip(&entries)
                .map(|(label, e)| Row {
                    label,
                    cells: vec![crate::model::Cell::counted(e)],
                    total: false,
                })
                .chain([Row {
                    label: Text::Key("column.total"),
                    cells: vec![crate::model::Cell::counted(&total)],
                    total: true,
                }])
                .collect(),
            how: Some(self.how.clone().counting(&total)),
        };
        vec![Block::Chart(self.chart(&entries), table)]
    }
}

/// Whose registrations a theme's counts are: the organisation's for a
/// theme of main domains (the same cells as every other theme with that
/// domain), the theme's own for a societal task's services.
pub fn theme_scope(theme: &Theme) -> Scope {
    match theme.societal_task {
        Some(_) => Scope::Theme(theme.code.as_str().to_string()),
        None => Scope::Organisation,
    }
}

/// "Thema X, registraties lopend in 2022": a theme's selection in words.
pub fn theme_selection(theme: &Theme) -> Text {
    Text::Filled(
        "selection.theme_year",
        vec![
            ("theme", theme.name.clone()),
            ("year", theme.year.to_string()),
        ],
    )
}

/// The main domains a theme's reach shows: its ZRM domains, or, for a
/// societal task's theme without them, the main domains its registrations
/// have (in code order).
pub fn theme_domains(theme: &Theme, figures: &[Figure]) -> Vec<String> {
    if theme.societal_task.is_none() || !theme.zrm_domains.is_empty() {
        return theme
            .zrm_domains
            .iter()
            .map(|d| d.as_str().to_string())
            .collect();
    }
    let mut domains: Vec<String> = figures
        .iter()
        .filter(|f| f.indicator == "reach" && f.key("form").is_some() && f.n > 0)
        .filter_map(|f| f.key("domain").map(str::to_string))
        .collect();
    domains.sort();
    domains.dedup();
    domains
}

/// A column of a reach table: its code and the finest codes it adds up
/// (itself, or several merged).
#[derive(Debug, Clone)]
struct Band {
    code: &'static str,
    parts: Vec<&'static str>,
}

impl Band {
    /// A column of one code of the list.
    fn one(code: &'static str) -> Self {
        Self {
            code,
            parts: vec![code],
        }
    }
}

/// How a reach table is laid out: its columns, whether it has a row per
/// domain (else only the total row: the domains together), its caption,
/// and the list its column codes are labels of.
#[derive(Debug, Clone)]
struct Layout {
    bands: Vec<Band>,
    rows: bool,
    caption: MessageKey,
    list: MessageKey,
}

impl Layout {
    /// By form of support; coarser, the forms together (DOMAIN.md §6
    /// allows a smaller table).
    fn forms() -> Vec<Self> {
        let fine = SupportForm::ALL
            .iter()
            .map(|f| Band::one(f.code()))
            .collect();
        vec![
            Self {
                bands: fine,
                rows: true,
                caption: "factsheet.reach_table",
                list: "form",
            },
            Self {
                bands: vec![],
                rows: true,
                caption: "factsheet.reach_table_forms_together",
                list: "form",
            },
        ]
    }

    /// By age group; coarser, minors and adults (0–17, 18+); coarsest,
    /// minors and adults over the domains together.
    fn ages() -> Vec<Self> {
        let fine = AgeGroup::ALL.iter().map(|a| Band::one(a.code())).collect();
        let adults = AgeGroup::ALL
            .iter()
            .filter(|a| **a != AgeGroup::Under18)
            .map(|a| a.code())
            .collect();
        let two = vec![
            Band::one(AgeGroup::Under18.code()),
            Band {
                code: ADULTS,
                parts: adults,
            },
        ];
        vec![
            Self {
                bands: fine,
                rows: true,
                caption: "factsheet.age_table",
                list: "age",
            },
            Self {
                bands: two.clone(),
                rows: true,
                caption: "factsheet.age_table_two_groups",
                list: "age",
            },
            Self {
                bands: two,
                rows: false,
                caption: "factsheet.age_table_domains_together",
                list: "age",
            },
        ]
    }
}

/// The code of the age groups from 18 up, together.
const ADULTS: &str = "18+";
