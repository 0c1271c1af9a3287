//! The publication model: a factsheet or monitor is a tree of sections
//! holding texts, tables, charts and activity cards. Every renderer (web
//! page, PDF, XLSX, CSV, JSON) reads this one tree, so they never differ
//! in a number.
//!
//! A page's builder lays the tree out with its counts as they are: each
//! count a [`Counted`] (what it counts and its true value), each share,
//! figure or sentence that rests on counts saying which ([`Cell::Ratio`],
//! [`Cell::Resting`], [`Value::Counted`], [`Text::Resting`],
//! [`Block::Resting`]). Those laid-out forms are never stored or
//! rendered: the protection turns each into what the
//! audience may see — a count or its mark, a share or "–", a sentence or
//! nothing — before any renderer reads the tree.

use crate::ledger::{Counted, Ledger};
pub use crate::suppression::Audience;
use crate::suppression::{Entry, Mark, Share, Threshold};
use domain::interned::{name as key, named as keyed};
use serde::{Deserialize, Serialize};

/// A key of the message files, as the program names it (a named type, so
/// that reading a frozen publication interns it rather than borrowing).
pub type MessageKey = &'static str;

/// A text of a publication: a message key (translated when rendered), a
/// text from the records (names, DIN texts), or a researcher's Markdown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Text {
    /// A key of the message files, e.g. `factsheet.goals`.
    Key(#[serde(with = "key")] MessageKey),
    /// A key with values filled in for its `{name}` placeholders.
    Filled(
        #[serde(with = "key")] MessageKey,
        #[serde(with = "keyed")] Vec<(&'static str, String)>,
    ),
    /// A key with figures filled in, each written the way the reader's
    /// language writes it ("1,6%" or "1.6%", "mei 2022").
    Worded(
        #[serde(with = "key")] MessageKey,
        #[serde(with = "keyed")] Vec<(&'static str, Value)>,
    ),
    /// The label of a code in a list, e.g. `("form", "traject")`: the
    /// message `form.traject`.
    Label(#[serde(with = "key")] MessageKey, String),
    /// Text as stored (a theme's name, a goal's wording).
    Plain(String),
    /// A researcher's Markdown text.
    Markdown(String),
    /// Laid out: the text, unless a count it rests on is hidden; then that
    /// count's mark ("< 5", "×").
    #[serde(skip)]
    Resting(Vec<Counted>, Box<Text>),
}

/// A figure in a sentence, written when the language is known.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Value {
    /// A text as it is (a domain's name).
    Text(String),
    /// A count.
    Count(u64),
    /// A whole number with its thousands grouped as the language does
    /// ("50.000").
    Whole(u64),
    /// A share from 0 to 1 as a percentage with this many decimals.
    Percent(f64, usize),
    /// A number with this many decimals.
    Number(f64, usize),
    /// A month of a year: `YYYY-MM`, written with the month's name.
    Month(String),
    /// A message key: the text the language has for it.
    Key(String),
    /// A message key with texts filled in for its placeholders.
    Filled(String, Vec<(String, String)>),
    /// Laid out: a count, written as the reader may see it (its mark when
    /// hidden).
    #[serde(skip)]
    Counted(Counted),
    /// Laid out: a share of two counts as a percentage with this many
    /// decimals; "–" when either is hidden or the denominator is 0.
    #[serde(skip)]
    Ratio(Counted, Counted, usize),
}

impl From<String> for Text {
    /// A text as stored.
    fn from(s: String) -> Self {
        Self::Plain(s)
    }
}

/// One publication: a factsheet, or the annual monitor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Layout {
    /// The title, e.g. the theme's name.
    pub title: Text,
    /// Lines under the title: organisation, municipality, year.
    pub facts: Vec<(Text, Text)>,
    /// The sections, in reading order.
    pub sections: Vec<Section>,
    /// Whose publication it is, and so how it is suppressed.
    pub audience: Audience,
    /// The data version its figures were computed from.
    pub data_version: i64,
    /// Every count it shows, under the key of what it counts, and how they
    /// are tied: what suppression protects. Never stored with a frozen
    /// version (it holds the counts before suppression).
    #[serde(skip)]
    pub ledger: Ledger,
}

impl Layout {
    /// The threshold its "< k" marks are written with (the default for the
    /// staff, whose pages hide nothing).
    pub fn threshold(&self) -> Threshold {
        self.audience.threshold().unwrap_or_default()
    }

    /// The organisation's name, as the facts under the title give it.
    pub fn organisation(&self) -> String {
        self.facts
            .iter()
            .find(|(label, _)| {
                *label == Text::Key("factsheet.organisation")
                    || *label == Text::Key("comparison.organisations")
            })
            .map_or_else(String::new, |(_, value)| match value {
                Text::Plain(name) => name.clone(),
                _ => String::new(),
            })
    }
}

/// The lines under a publication's title: the organisation, its
/// municipalities (when given) and the year.
pub fn facts(
    organisation: &str,
    municipalities: Option<&[String]>,
    year: Option<i32>,
) -> Vec<(Text, Text)> {
    let mut facts = vec![(
        Text::Key("factsheet.organisation"),
        Text::Plain(organisation.to_string()),
    )];
    if let Some(m) = municipalities {
        facts.push((
            Text::Key("factsheet.municipality"),
            Text::Plain(m.join(", ")),
        ));
    }
    if let Some(y) = year {
        facts.push((Text::Key("factsheet.year"), Text::Plain(y.to_string())));
    }
    facts
}

/// A section with its heading; `id` is its anchor on the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// The anchor, e.g. `individual`.
    pub id: String,
    /// The heading.
    pub heading: Text,
    /// Its content.
    pub blocks: Vec<Block>,
}

impl Section {
    /// The tables of the section, those under charts and trends too.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks
            .iter()
            .flat_map(|b| -> Box<dyn Iterator<Item = &Table> + '_> {
                match b {
                    Block::Table(t) | Block::Chart(_, t) => Box::new(std::iter::once(t)),
                    Block::Trends(trends) => Box::new(trends.iter().map(|t| &t.table)),
                    _ => Box::new(std::iter::empty()),
                }
            })
    }

    /// Whether every figure of the section would be hidden: it holds only
    /// texts and tables, and every table is unpublishable.
    fn all_hidden(&self) -> bool {
        let only_figures = self.blocks.iter().all(|b| {
            matches!(
                b,
                Block::Text(_)
                    | Block::Heading(_)
                    | Block::Table(_)
                    | Block::Chart(..)
                    | Block::Trends(_)
            )
        });
        let mut tables = self.tables().peekable();
        only_figures && tables.peek().is_some() && tables.all(Table::unpublishable)
    }

    /// The section as its reader gets it: one sentence instead of a row
    /// of "niet te publiceren" lines when every figure in it would be
    /// hidden.
    pub fn said_when_hidden(self) -> Self {
        match self.all_hidden() {
            true => Self {
                blocks: vec![Block::Text(Text::Key("suppression.section_unprotectable"))],
                ..self
            },
            false => self,
        }
    }
}

/// The sections a reader gets: those with something in them, each said in
/// one sentence when every figure in it would be hidden.
pub(crate) fn readable(sections: Vec<Section>) -> Vec<Section> {
    sections
        .into_iter()
        .filter(|s| !s.blocks.is_empty())
        .map(Section::said_when_hidden)
        .collect()
}

/// A part of a section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Block {
    /// A paragraph, or a researcher's Markdown text.
    Text(Text),
    /// A sub-heading.
    Heading(Text),
    /// A list of items, each with an optional label in front (a goal's type).
    List(Vec<Item>),
    /// A table.
    Table(Table),
    /// A bar chart with the table it shows right under it.
    Chart(Chart, Table),
    /// Cards, one per collective activity.
    Cards(Vec<Card>),
    /// Links to other publications: text and address.
    Links(Vec<(Text, String)>),
    /// Small multiples: one small chart over the years per indicator, each
    /// with its reading and its table.
    Trends(Vec<Trend>),
    /// Laid out: the block, left out when a count it rests on is hidden (a
    /// sentence that names the counts).
    #[serde(skip)]
    Resting(Vec<Counted>, Box<Block>),
    /// Laid out: the footnote on "×" when one of these counts is hidden
    /// to protect another, nothing otherwise.
    #[serde(skip)]
    SecondaryNote(Vec<Counted>),
    /// Laid out: a sentence and the list it introduces (key figures), the
    /// list's items left out where a count they rest on is hidden, and
    /// both left out when no item is left.
    #[serde(skip)]
    Introduced(Text, Vec<Item>),
}

/// One indicator over the years, as the dashboard shows it: a sentence
/// that says what changed, a small chart with a point per year (a gap
/// where a year has no figure, never a zero) and its interval as a band,
/// and the chart's table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trend {
    /// The indicator in words, e.g. "Escalatie naar de tweede lijn".
    pub heading: Text,
    /// What changed, in sentences generated from the figures; none when
    /// every figure is hidden.
    pub reading: Vec<Text>,
    /// The points: a bar per year (`label` the year); `band` the interval,
    /// `marker` the plan.
    pub chart: Chart,
    /// A reference line across the years (a norm such as "at most 5 %").
    pub norm: Option<f64>,
    /// The chart's table.
    pub table: Table,
    /// Laid out: what the reading's sentences call the indicator ("de
    /// escalatie naar de tweede lijn"); the reading is written from the
    /// points the reader sees, once they are protected.
    #[serde(skip)]
    pub subject: Option<Value>,
}

impl Trend {
    /// Whether a point can be drawn: some year has a value shown.
    pub fn is_drawn(&self) -> bool {
        self.chart.bars.iter().any(|b| b.value.is_some()) && !self.table.unpublishable()
    }

    /// What changed, in sentences about `subject`, from the points as
    /// the reader sees them: from the first year with a value shown to
    /// the last, up or down; whether the change lies within the 95 %
    /// intervals; the norm. One year: its value. None shown: nothing.
    pub fn read(&self, subject: &Value) -> Vec<Text> {
        let shown: Vec<(&Bar, f64)> = self
            .chart
            .bars
            .iter()
            .filter_map(|b| b.value.map(|v| (b, v)))
            .collect();
        let value = |v: f64| match self.chart.shares {
            true => Value::Percent(v, 1),
            false => Value::Count(v as u64),
        };
        let year = |bar: &Bar| match &bar.label {
            Text::Plain(year) => Value::Text(year.clone()),
            _ => Value::Text(String::new()),
        };
        let mut out = Vec::new();
        match (shown.first(), shown.last()) {
            (Some((first, a)), Some((last, b))) if first.label != last.label => {
                let key = match (b - a).abs() < f64::EPSILON {
                    true => "trend.same",
                    false if b > a => "trend.rose",
                    false => "trend.fell",
                };
                out.push(Text::Worded(
                    key,
                    vec![
                        ("name", subject.clone()),
                        ("from", value(*a)),
                        ("first", year(first)),
                        ("to", value(*b)),
                        ("last", year(last)),
                    ],
                ));
                if let (Some((l1, h1)), Some((l2, h2))) = (first.band, last.band) {
                    out.push(Text::Key(match l1 <= h2 && l2 <= h1 {
                        true => "trend.within",
                        false => "trend.beyond",
                    }));
                }
            }
            (Some((only, a)), _) => out.push(Text::Worded(
                "trend.one",
                vec![
                    ("name", subject.clone()),
                    ("to", value(*a)),
                    ("last", year(only)),
                ],
            )),
            _ => {}
        }
        if let (Some(norm), false) = (self.norm, out.is_empty()) {
            let met = shown.last().is_some_and(|(_, v)| *v <= norm);
            out.push(Text::Worded(
                match met {
                    true => "trend.norm_met",
                    false => "trend.norm_missed",
                },
                vec![("norm", Value::Percent(norm, 0))],
            ));
        }
        out
    }
}

/// A list item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// A label in front, e.g. the goal type.
    pub label: Option<Text>,
    /// The item's text.
    pub text: Text,
    /// Laid out: the counts the item's figure rests on; the item is left
    /// out when one is hidden.
    #[serde(skip)]
    pub rests_on: Vec<Counted>,
}

impl Item {
    /// An item with a label in front.
    pub fn labelled(label: Text, text: Text) -> Self {
        Self {
            label: Some(label),
            text,
            rests_on: vec![],
        }
    }

    /// An item without a label.
    pub fn plain(text: Text) -> Self {
        Self {
            label: None,
            text,
            rests_on: vec![],
        }
    }
}

/// A table: column headings and rows; the first column holds the row labels.
/// A table with a cell marked "×" gets the footnote that says why
/// ([`Table::mark_notes`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// An id, unique on the page (for downloads and anchors).
    pub id: String,
    /// The caption says what the table shows.
    pub caption: Text,
    /// The headings of the columns, the label column first.
    pub columns: Vec<Text>,
    /// The rows.
    pub rows: Vec<Row>,
    /// How its figures were computed, shown as a note under it.
    pub how: Option<How>,
}

impl Table {
    /// Whether a cell is hidden only to protect another (its "×" needs the
    /// footnote under the table).
    pub fn has_secondary(&self) -> bool {
        self.rows
            .iter()
            .flat_map(|r| &r.cells)
            .any(|c| matches!(c, Cell::Count(Entry::Hidden(Mark::Secondary))))
    }

    /// Whether the table is too small to protect: protection hides more
    /// than half of its counts, even laid out as coarse as it goes (the
    /// reach tables merge forms, age groups and domains first). It is then
    /// not shown as a grid of marks, and none of its figures is shown, but
    /// "niet te publiceren: te weinig registraties". Leaving out counts
    /// the protection let through only widens what an attacker cannot
    /// rule out.
    pub fn unpublishable(&self) -> bool {
        let counts: Vec<&Cell> = self
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .filter(|c| matches!(c, Cell::Count(_)))
            .collect();
        let hidden = counts.iter().filter(|c| c.mark().is_some()).count();
        2 * hidden > counts.len()
    }

    /// Whether a share (or interval) is left out because a count it rests
    /// on is hidden: its "–" needs the footnote under the table.
    pub fn has_derived_hidden(&self) -> bool {
        self.rows
            .iter()
            .flat_map(|r| &r.cells)
            .any(|c| matches!(c, Cell::Share(Share::Hidden(_))))
    }

    /// The footnotes' message keys the table needs, in order: why a "×"
    /// is hidden, why a share shows "–".
    pub fn mark_notes(&self) -> Vec<&'static str> {
        let mut notes = Vec::new();
        if self.has_secondary() {
            notes.push("suppression.secondary_note");
        }
        if self.has_derived_hidden() {
            notes.push("suppression.derived_note");
        }
        notes
    }
}

/// A row of a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// The label in the first column.
    pub label: Text,
    /// The cells after it.
    pub cells: Vec<Cell>,
    /// Whether it is a totals row.
    pub total: bool,
}

/// A cell of a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Cell {
    /// A count of people or registrations, perhaps suppressed.
    Count(Entry),
    /// A share from 0 to 1, hidden with the mark of a hidden numerator or
    /// denominator, or none (no denominator).
    Share(Share),
    /// A number with this many decimals (a mean score, a context value).
    Number(f64, usize),
    /// A 95 % interval from `low` to `high`: of shares (written as
    /// percentages) when `percent`, else of numbers with two decimals.
    Interval {
        /// Lower bound.
        low: f64,
        /// Upper bound.
        high: f64,
        /// Whether the bounds are shares.
        percent: bool,
    },
    /// A signed difference, written with its sign ("+3101", "−261", "+22%"):
    /// of shares (written as percentages) when `percent`.
    Difference {
        /// The difference.
        value: f64,
        /// Whether it is a share.
        percent: bool,
    },
    /// A text.
    Text(Text),
    /// Nothing to show ("–").
    Empty,
    /// Laid out: a count.
    #[serde(skip)]
    Counted(Counted),
    /// Laid out: the share `numerator / denominator` of two counts.
    #[serde(skip)]
    Ratio(Counted, Counted),
    /// Laid out: a figure computed from counts (a mean, an interval, a
    /// difference), shown only with them; "–" with the stronger mark when
    /// one is hidden.
    #[serde(skip)]
    Resting(Vec<Counted>, Box<Cell>),
}

impl Cell {
    /// Whether the cell holds a figure (aligned to the right).
    pub fn is_numeric(&self) -> bool {
        matches!(
            self,
            Self::Count(_)
                | Self::Share(_)
                | Self::Number(..)
                | Self::Interval { .. }
                | Self::Difference { .. }
        )
    }

    /// A share's 95 % interval as a cell: shown with the share, "–" with
    /// the share's mark when the share is hidden, empty without either.
    pub fn share_interval(
        (numerator, denominator): (&Counted, &Counted),
        interval: Option<indicators::stats::Interval>,
    ) -> Self {
        match (denominator.value, interval) {
            (1.., Some(i)) => Self::resting(
                [numerator, denominator],
                Self::Interval {
                    low: i.low,
                    high: i.high,
                    percent: true,
                },
            ),
            _ => Self::Empty,
        }
    }

    /// A laid-out count.
    pub fn counted(count: &Counted) -> Self {
        Self::Counted(count.clone())
    }

    /// The laid-out share of two counts.
    pub fn ratio(numerator: &Counted, denominator: &Counted) -> Self {
        Self::Ratio(numerator.clone(), denominator.clone())
    }

    /// A laid-out figure shown only with the counts it rests on.
    pub fn resting<'a>(on: impl IntoIterator<Item = &'a Counted>, cell: Cell) -> Self {
        Self::Resting(on.into_iter().cloned().collect(), Box::new(cell))
    }

    /// What the cell holds, as a program reads it: `count`, `share` (a
    /// share, or an interval resting on a hidden count), `number`,
    /// `interval`, `difference`, `text` or `empty`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Count(_) => "count",
            Self::Share(_) => "share",
            Self::Number(..) => "number",
            Self::Interval { .. } => "interval",
            Self::Difference { .. } => "difference",
            Self::Text(_) => "text",
            Self::Empty => "empty",
            Self::Counted(_) => "count",
            Self::Ratio(..) | Self::Resting(..) => "share",
        }
    }

    /// The mark of a hidden count or share. A laid-out cell, which no
    /// renderer should meet, counts as hidden.
    pub fn mark(&self) -> Option<Mark> {
        match self {
            Self::Count(e) => e.mark(),
            Self::Share(Share::Hidden(m)) => Some(*m),
            Self::Counted(_) | Self::Ratio(..) | Self::Resting(..) => Some(Mark::Secondary),
            _ => None,
        }
    }
}

/// "How was this computed": the indicator's definition, the selection, n
/// and the data version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct How {
    /// The indicator id; its definition is the message `how.<indicator>`.
    #[serde(with = "key")]
    pub indicator: MessageKey,
    /// The selection in words, e.g. "registrations running in 2022".
    pub selection: Text,
    /// The number of records the figures rest on; `None` when suppressed.
    pub n: Option<Entry>,
    /// The data version.
    pub data_version: i64,
    /// Laid out: the count of records, before protection decides `n`.
    #[serde(skip)]
    pub counted: Option<Counted>,
}

impl How {
    /// How a table's figures were computed, before its count of records
    /// is protected.
    pub fn new(indicator: MessageKey, selection: Text, data_version: i64) -> Self {
        Self {
            indicator,
            selection,
            n: None,
            data_version,
            counted: None,
        }
    }

    /// The same, resting on `n` records.
    pub fn counting(self, n: &Counted) -> Self {
        Self {
            counted: Some(n.clone()),
            ..self
        }
    }
}

/// A horizontal bar chart; the values are written on the bars. Every
/// renderer numbers the drawn charts of a publication in reading order
/// ("Figuur 3. …") and writes the source under each.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Chart {
    /// What the chart shows (its accessible name).
    pub title: Text,
    /// The bars, top to bottom.
    pub bars: Vec<Bar>,
    /// Whether the values are shares (0–1, written as percentages).
    pub shares: bool,
    /// Where its figures come from (the "Bron:" line).
    pub source: Source,
    /// The outline of each bar's region, when the chart is a map: each
    /// region coloured by its bar's value, one indicator at a time
    /// (the `map` module); none for bars.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outlines: Vec<domain::Boundary>,
}

/// Where a chart's figures come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Source {
    /// The organisation's registrations.
    Registrations,
    /// Context statistics: each source as written with its table id when
    /// it has one ("CBS, tabel 85984NED", "GGD Gezondheidsmonitor").
    Context(Vec<String>),
    /// The organisation's surveys.
    Surveys,
    /// The reach plan and the registrations.
    Plan,
}

impl Source {
    /// The "Bron:" line for a publication of `organisation`.
    pub fn text(&self, organisation: &str) -> Text {
        let of = |key| Text::Filled(key, vec![("organisation", organisation.to_string())]);
        match self {
            Self::Registrations => of("source.registrations"),
            Self::Surveys => of("source.surveys"),
            Self::Plan => of("source.plan"),
            Self::Context(sources) => {
                Text::Filled("source.context", vec![("sources", sources.join("; "))])
            }
        }
    }
}

impl Chart {
    /// Whether the chart is drawn (and numbered): it has something to
    /// draw and its table may be published.
    pub fn is_drawn(&self, table: &Table) -> bool {
        !self.is_empty() && !table.unpublishable()
    }

    /// Whether there is nothing to draw: no bar has a value above 0. The
    /// page then says so instead of showing an empty drawing (the table
    /// still follows).
    pub fn is_empty(&self) -> bool {
        !self.bars.iter().any(|b| b.value.is_some_and(|v| v > 0.0))
    }

    /// What the page says instead of an empty drawing: that there is
    /// nothing to draw, or, when bars are hidden, that they are too small
    /// to publish (never that there are no data).
    pub fn empty_note(&self) -> &'static str {
        match self.bars.iter().any(|b| b.shown.mark().is_some()) {
            true => "chart.hidden",
            false => "chart.no_data",
        }
    }
}

/// One bar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bar {
    /// The label above the bar.
    pub label: Text,
    /// The value; `None` draws no bar and writes the text only.
    pub value: Option<f64>,
    /// What is written at the bar's end: the value as the table shows it
    /// ("< 5" when suppressed), and a unit after it (`%`).
    pub shown: Cell,
    /// Written right after the value, e.g. `%`.
    pub unit: String,
    /// Which series colour: 0 the organisation or municipality, 1 the
    /// province, 2 the nation.
    pub series: usize,
    /// A value marked on the bar's line (the plan a reach is held
    /// against), drawn as a tick.
    pub marker: Option<f64>,
    /// The value's 95 % interval, drawn as a band (a trend's point).
    #[serde(default)]
    pub band: Option<(f64, f64)>,
}

impl Bar {
    /// A bar of a count (organisation series), "< k" when suppressed.
    pub fn count(label: impl Into<Text>, count: &Counted) -> Self {
        Self {
            label: label.into(),
            value: Some(count.value as f64),
            shown: Cell::counted(count),
            unit: String::new(),
            series: 0,
            marker: None,
            band: None,
        }
    }

    /// A bar of the share of two counts (organisation series), the mark
    /// when either is hidden.
    pub fn ratio(label: impl Into<Text>, numerator: &Counted, denominator: &Counted) -> Self {
        let value =
            (denominator.value > 0).then(|| numerator.value as f64 / denominator.value as f64);
        Self {
            label: label.into(),
            value,
            shown: Cell::ratio(numerator, denominator),
            unit: String::new(),
            series: 0,
            marker: None,
            band: None,
        }
    }

    /// A bar of a value written as `shown` writes it (organisation
    /// series); `None` draws no bar.
    pub fn valued(value: Option<f64>, shown: Cell) -> Self {
        Self {
            label: Text::Plain(String::new()),
            value,
            shown,
            unit: String::new(),
            series: 0,
            marker: None,
            band: None,
        }
    }

    /// A bar of a share that rests on no count (organisation series).
    pub fn share(label: impl Into<Text>, share: Share) -> Self {
        Self {
            label: label.into(),
            value: share.value(),
            shown: Cell::Share(share),
            unit: String::new(),
            series: 0,
            marker: None,
            band: None,
        }
    }
}

/// The name of a context indicator as its definition gives it, else its
/// code in words.
pub fn indicator_name(definitions: &[domain::IndicatorDefinition], indicator: &str) -> String {
    definitions
        .iter()
        .find(|d| d.indicator.as_str() == indicator)
        .map_or_else(|| indicator.replace('_', " "), |d| d.name.clone())
}

/// The sources of context values as a chart's "Bron:" line names them:
/// "CBS (85984NED)", "GGD Gezondheidsmonitor"; each once.
pub fn context_sources<'a>(
    figures: impl IntoIterator<Item = Option<&'a indicators::Figure>>,
) -> Vec<String> {
    let mut sources: Vec<String> = figures
        .into_iter()
        .flatten()
        .map(|f| match (f.text("source"), f.text("table_id")) {
            (Some(s), Some(t)) => format!("{s} ({t})"),
            (Some(s), None) => s.to_string(),
            (None, Some(t)) => format!("CBS ({t})"),
            (None, None) => String::new(),
        })
        .filter(|s| !s.is_empty())
        .collect();
    sources.sort();
    sources.dedup();
    sources
}

/// The card of a collective activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Card {
    /// The activity's name.
    pub title: String,
    /// Its facts: label and value.
    pub facts: Vec<(Text, Text)>,
}

/// The publication without its links to addresses that contain `part`
/// (the links to write a text, `/texts/`, for a reader who may not write
/// them); a list of links left empty goes too.
pub(crate) fn without_links_to(mut publication: Layout, part: &str) -> Layout {
    for section in &mut publication.sections {
        for block in &mut section.blocks {
            if let Block::Links(links) = block {
                links.retain(|(_, href)| !href.contains(part));
            }
        }
        section
            .blocks
            .retain(|b| !matches!(b, Block::Links(links) if links.is_empty()));
    }
    publication
}

/// One publication of a main one and its parts (the annual monitor with
/// its factsheets): the parts' sections follow, each part opened by a
/// section with its title (anchor `p<n>-title`), and every anchor and
/// table id of a part prefixed with `p<n>-` so that they stay unique. The
/// main publication's links to the parts (its `factsheets` section) point
/// to those anchors.
pub(crate) fn combined(main: Layout, parts: Vec<Layout>) -> Layout {
    let mut out = main;
    for section in out.sections.iter_mut().filter(|s| s.id == "factsheets") {
        for block in &mut section.blocks {
            if let Block::Links(links) = block {
                for (i, (_, href)) in links.iter_mut().enumerate() {
                    *href = format!("#p{}-title", i + 1);
                }
            }
        }
    }
    for (i, part) in parts.into_iter().enumerate() {
        let prefix = format!("p{}-", i + 1);
        out.sections.push(Section {
            id: format!("{prefix}title"),
            heading: part.title.clone(),
            blocks: vec![Block::Text(Text::Key("publication.part"))],
        });
        for mut section in part.sections {
            section.id = format!("{prefix}{}", section.id);
            for block in &mut section.blocks {
                if let Block::Table(t) | Block::Chart(_, t) = block {
                    t.id = format!("{prefix}{}", t.id);
                }
                if let Block::Trends(trends) = block {
                    for t in trends {
                        t.table.id = format!("{prefix}{}", t.table.id);
                    }
                }
            }
            out.sections.push(section);
        }
    }
    out
}

/// Whether a section is one of a part's own sections in a
/// [`combined`] publication (the contents list only the part's title).
pub fn is_part_section(id: &str) -> bool {
    let Some(rest) = id.strip_prefix('p') else {
        return false;
    };
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && rest[digits..].starts_with('-') && !rest.ends_with("-title")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_sections_are_told_by_their_prefix() {
        assert!(is_part_section("p1-goals"));
        assert!(is_part_section("p12-individual"));
        assert!(!is_part_section("p1-title"));
        assert!(!is_part_section("partners"));
        assert!(!is_part_section("plan"));
    }
}
