//! The publication as HTML: the body of a factsheet page. Headings follow
//! the factsheet's structure, every chart is followed by its table, counts
//! below k read "< k", and each table says how its figures were computed.

use crate::chart::{escape, svg, trend_svg};
use crate::markdown;
use crate::messages::Messages;
use crate::model::{Audience, Block, Card, Cell, Chart, How, Item, Table, Text, Trend};
use crate::protected::Publication;
use crate::suppression::{Share, Threshold, SECONDARY_SIGN};
use std::fmt::Write;

/// Renders a publication's body (from its title down) in a language.
pub fn publication(p: &Publication, m: &Messages) -> String {
    render(p, m, false)
}

/// [`publication`] for a web page: each table gets a link to itself as
/// CSV, and the whole publication links to a PDF and an Excel workbook
/// (the page's own address with `?download=`).
pub fn publication_with_downloads(p: &Publication, m: &Messages) -> String {
    render(p, m, true)
}

fn render(p: &Publication, m: &Messages, downloads: bool) -> String {
    let mut out = String::new();
    let _ = write!(out, "<h1>{}</h1>", text(&p.title, m));
    out.push_str("<dl class=\"facts\">");
    for (label, value) in &p.facts {
        let _ = write!(
            out,
            "<div><dt>{}</dt><dd>{}</dd></div>",
            text(label, m),
            text(value, m)
        );
    }
    out.push_str("</dl>");
    if p.audience == Audience::Staff {
        let _ = write!(
            out,
            "<p class=\"notice\" role=\"note\">{}</p>",
            escape(m.get("publication.not_publishable"))
        );
    }
    out.push_str("<nav class=\"toc\" aria-labelledby=\"toc-title\">");
    let _ = write!(
        out,
        "<h2 id=\"toc-title\">{}</h2><ol>",
        escape(m.get("publication.contents"))
    );
    for s in p
        .sections
        .iter()
        .filter(|s| !crate::model::is_part_section(&s.id))
    {
        let _ = write!(
            out,
            "<li><a href=\"#{}\">{}</a></li>",
            escape(&s.id),
            text(&s.heading, m)
        );
    }
    out.push_str("</ol></nav>");
    if downloads {
        let _ = write!(
            out,
            "<p class=\"downloads\"><a href=\"?download=pdf\">{} ({})</a> <a href=\"?download=xlsx\">{} ({})</a></p>",
            escape(m.get("export.download")),
            escape(m.get("export.pdf")),
            escape(m.get("export.download")),
            escape(m.get("export.excel"))
        );
    }
    let k = p.threshold();
    let mut figures = Figures::of(p);
    for s in &p.sections {
        let _ = write!(
            out,
            "<section id=\"{}\" aria-labelledby=\"{}-h\"><h2 id=\"{}-h\">{}</h2>",
            escape(&s.id),
            escape(&s.id),
            escape(&s.id),
            text(&s.heading, m)
        );
        for b in &s.blocks {
            block(&mut out, b, m, k, downloads, &mut figures);
        }
        out.push_str("</section>");
    }
    out
}

/// Some blocks of a publication as HTML, as the publication renders them
/// (a goal's figures beside the form that interprets them).
pub fn blocks(p: &Publication, blocks: &[Block], m: &Messages) -> String {
    let mut out = String::new();
    let k = p.threshold();
    let mut figures = Figures::of(p);
    for b in blocks {
        block(&mut out, b, m, k, false, &mut figures);
    }
    out
}

/// A text as HTML: escaped, or Markdown rendered.
pub fn text(t: &Text, m: &Messages) -> String {
    match t {
        Text::Markdown(md) => markdown::to_html(md),
        other => escape(&m.text(other)),
    }
}

/// The numbering of a publication's drawn charts in reading order, and
/// the source line under each: the same in every renderer.
pub struct Figures {
    drawn: usize,
    organisation: String,
}

impl Figures {
    /// No chart numbered yet.
    pub fn of(p: &Publication) -> Self {
        Self {
            drawn: 0,
            organisation: p.organisation(),
        }
    }

    /// The next drawn chart's numbered title ("Figuur 3. …") and its
    /// source line ("Bron: …").
    pub fn next(&mut self, chart: &Chart, m: &Messages) -> (String, String) {
        self.drawn += 1;
        let title = m.fill(
            "chart.figure",
            &[
                ("n", self.drawn.to_string()),
                ("title", m.text(&chart.title)),
            ],
        );
        (title, m.text(&chart.source.text(&self.organisation)))
    }
}

fn block(
    out: &mut String,
    b: &Block,
    m: &Messages,
    k: Threshold,
    downloads: bool,
    figures: &mut Figures,
) {
    match b {
        Block::Text(Text::Markdown(md)) => {
            let _ = write!(
                out,
                "<div class=\"narrative\">{}</div>",
                markdown::to_html(md)
            );
        }
        Block::Text(t) => {
            let _ = write!(out, "<p>{}</p>", text(t, m));
        }
        Block::Heading(t) => {
            let _ = write!(out, "<h3>{}</h3>", text(t, m));
        }
        Block::List(items) => list(out, items, m),
        // A table too small to publish is said in words, without its chart.
        Block::Table(t) | Block::Chart(_, t) if t.unpublishable() => table(out, t, m, k, downloads),
        Block::Table(t) => table(out, t, m, k, downloads),
        Block::Chart(chart, t) if chart.is_empty() => {
            let _ = write!(
                out,
                "<p class=\"no-data\">{}</p>",
                escape(m.get(chart.empty_note()))
            );
            table(out, t, m, k, downloads);
        }
        Block::Chart(chart, t) => {
            let (title, source) = figures.next(chart, m);
            let texts = bar_texts(chart, m, k);
            let drawing = svg(chart, &title, &t.id, &bar_labels(chart, m), &texts, m);
            let _ = write!(
                out,
                "<figure class=\"chart\"><figcaption class=\"chart-title\">{}</figcaption>{drawing}<p class=\"source\">{}</p><p class=\"table-follows\">{}</p></figure>",
                escape(&title),
                escape(&source),
                escape(m.get("chart.table_follows"))
            );
            table(out, t, m, k, downloads);
        }
        Block::Links(links) => {
            out.push_str("<ul class=\"links\">");
            for (label, href) in links {
                let _ = write!(
                    out,
                    "<li><a href=\"{}\">{}</a></li>",
                    escape(href),
                    text(label, m)
                );
            }
            out.push_str("</ul>");
        }
        Block::Trends(trends) => {
            out.push_str("<div class=\"trends\">");
            for t in trends {
                trend(out, t, m, k, downloads, figures);
            }
            out.push_str("</div>");
        }
        // Laid out, not protected: the protection resolves these before
        // any renderer reads the publication.
        Block::Resting(..) | Block::SecondaryNote(_) | Block::Introduced(..) => {}
        Block::Cards(cards) => {
            out.push_str("<ul class=\"cards\">");
            for c in cards {
                card(out, c, m);
            }
            out.push_str("</ul>");
        }
    }
}

/// One of the small multiples: the indicator's name, what changed, the
/// small chart and its table.
fn trend(
    out: &mut String,
    t: &Trend,
    m: &Messages,
    k: Threshold,
    downloads: bool,
    figures: &mut Figures,
) {
    let _ = write!(out, "<div class=\"trend\"><h3>{}</h3>", text(&t.heading, m));
    if !t.reading.is_empty() {
        let words: Vec<String> = t.reading.iter().map(|r| text(r, m)).collect();
        let _ = write!(out, "<p class=\"reading\">{}</p>", words.join(" "));
    }
    if t.is_drawn() {
        let (title, source) = figures.next(&t.chart, m);
        let drawing = trend_drawing(t, &title, m, k);
        let _ = write!(
            out,
            "<figure class=\"chart\"><figcaption class=\"chart-title\">{}</figcaption>{drawing}<p class=\"source\">{}</p></figure>",
            escape(&title),
            escape(&source),
        );
    } else if !t.table.unpublishable() {
        let _ = write!(
            out,
            "<p class=\"no-data\">{}</p>",
            escape(m.get(t.chart.empty_note()))
        );
    }
    table(out, &t.table, m, k, downloads);
    out.push_str("</div>");
}

/// A trend's drawing in the reader's language, as the page and the PDF
/// show it.
pub fn trend_drawing(t: &Trend, title: &str, m: &Messages, k: Threshold) -> String {
    let norm = t.norm.map_or_else(String::new, |v| {
        let value = match t.chart.shares {
            true => m.percent_with(v, 1),
            false => m.number(v, 0),
        };
        m.fill("trend.norm", &[("norm", value)])
    });
    trend_svg(
        t,
        title,
        &t.table.id,
        &bar_labels(&t.chart, m),
        &bar_texts(&t.chart, m, k),
        &norm,
    )
}

fn list(out: &mut String, items: &[Item], m: &Messages) {
    out.push_str("<ul class=\"items\">");
    for item in items {
        out.push_str("<li>");
        if let Some(label) = &item.label {
            let _ = write!(out, "<strong>{}</strong>: ", text(label, m));
        }
        let _ = write!(out, "{}</li>", text(&item.text, m));
    }
    out.push_str("</ul>");
}

fn card(out: &mut String, c: &Card, m: &Messages) {
    let _ = write!(out, "<li class=\"card\"><h3>{}</h3><dl>", escape(&c.title));
    for (label, value) in &c.facts {
        let _ = write!(
            out,
            "<div><dt>{}</dt><dd>{}</dd></div>",
            text(label, m),
            text(value, m)
        );
    }
    out.push_str("</dl></li>");
}

/// Each bar's label in the reader's language.
pub fn bar_labels(chart: &Chart, m: &Messages) -> Vec<String> {
    chart.bars.iter().map(|b| m.text(&b.label)).collect()
}

/// What is written at each bar of a chart: its cell as the table writes
/// it, with the unit after it.
pub fn bar_texts(chart: &Chart, m: &Messages, k: Threshold) -> Vec<String> {
    chart
        .bars
        .iter()
        .map(|b| format!("{}{}", cell_text(&b.shown, m, k), b.unit))
        .collect()
}

/// "How was this computed" as three sentences: the indicator's definition,
/// the selection, and n with the data version.
pub fn how_texts(how: &How, m: &Messages, k: Threshold) -> [String; 3] {
    let version = how.data_version.to_string();
    let counted = match how.n {
        Some(e) => m.fill(
            "how.n_version",
            &[
                ("n", cell_text(&Cell::Count(e), m, k)),
                ("version", version),
            ],
        ),
        None => m.fill("how.version", &[("version", version)]),
    };
    [
        m.get(&format!("how.{}", how.indicator)).to_string(),
        m.text(&how.selection),
        counted,
    ]
}

/// A cell as text, the way every renderer writes it.
pub fn cell_text(c: &Cell, m: &Messages, k: Threshold) -> String {
    match c {
        Cell::Count(e) => e.text(k),
        Cell::Share(Share::Shown(s)) => m.percent(*s),
        // A share of a hidden count is not a count: "< 5" beside a
        // percentage would read as "under 5 %". The table's note says why.
        Cell::Share(Share::Hidden(_) | Share::None) | Cell::Empty => "–".to_string(),
        Cell::Number(v, decimals) => m.number(*v, *decimals),
        Cell::Interval { low, high, percent } => m.interval(*low, *high, *percent),
        Cell::Difference { value, percent } => m.difference(*value, *percent),
        Cell::Text(t) => m.text(t),
        // Laid out, not protected: never reaches a renderer, and would
        // show nothing of its count if it did.
        Cell::Counted(_) | Cell::Ratio(..) | Cell::Resting(..) => SECONDARY_SIGN.to_string(),
    }
}

/// A table with its notes and download link; one too small to publish as
/// a sentence that says so.
fn table(out: &mut String, t: &Table, m: &Messages, k: Threshold, downloads: bool) {
    if t.unpublishable() {
        let _ = write!(
            out,
            "<p class=\"unpublishable\" id=\"{}\"><strong>{}</strong>: {}</p>",
            escape(&t.id),
            text(&t.caption, m),
            escape(m.get("suppression.unprotectable"))
        );
        return;
    }
    // The caption stands above the box a wide table scrolls in, so that it
    // wraps at the page's width; the table and the box are named by it.
    let id = escape(&t.id);
    let _ = write!(
        out,
        "<p class=\"caption\" id=\"{id}-caption\">{}</p><div class=\"table-wrap\" role=\"region\" aria-labelledby=\"{id}-caption\" tabindex=\"0\"><table id=\"{id}\" aria-labelledby=\"{id}-caption\"><thead><tr>",
        text(&t.caption, m)
    );
    for c in &t.columns {
        let _ = write!(out, "<th scope=\"col\">{}</th>", text(c, m));
    }
    out.push_str("</tr></thead><tbody>");
    for row in &t.rows {
        let class = if row.total { " class=\"total\"" } else { "" };
        let _ = write!(
            out,
            "<tr{class}><th scope=\"row\">{}</th>",
            text(&row.label, m)
        );
        for c in &row.cells {
            let numeric = c.is_numeric();
            let class = if numeric { " class=\"num\"" } else { "" };
            let cell = match c {
                Cell::Text(t) => text(t, m),
                other => escape(&cell_text(other, m, k)),
            };
            let _ = write!(out, "<td{class}>{cell}</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
    for note in t.mark_notes() {
        let _ = write!(out, "<p class=\"mark-note\">{}</p>", escape(m.get(note)));
    }
    if downloads {
        let _ = write!(
            out,
            "<p class=\"downloads\"><a href=\"?download=csv&amp;table={}\">{} ({}<span class=\"visually-hidden\">: {}</span>)</a></p>",
            escape(&t.id),
            escape(m.get("export.download")),
            escape(m.get("export.csv")),
            text(&t.caption, m)
        );
    }
    if let Some(how) = &t.how {
        how_note(out, how, m, k);
    }
}

fn how_note(out: &mut String, how: &How, m: &Messages, k: Threshold) {
    let [definition, selection, n] = how_texts(how, m, k);
    let _ = write!(
        out,
        "<details class=\"how\"><summary>{}</summary><p>{}</p><p>{}</p><p>{}</p></details>",
        escape(m.get("how.title")),
        escape(&definition),
        escape(&selection),
        escape(&n),
    );
}
