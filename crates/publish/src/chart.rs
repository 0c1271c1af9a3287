//! Bar charts as SVG, made on the server: the same drawing in the page and
//! (later) in the PDF. Values are written at the end of each bar; colours
//! differ in lightness as well as hue, so they are told apart without
//! colour vision, and the chart's table always follows it.

use crate::messages::Messages;
use crate::model::{Chart, Trend};
use std::fmt::Write;

/// Series colours: the accent (organisation or municipality), a middle
/// blue (province) and a grey (nation); each has at least 3:1 contrast
/// against white.
const SERIES: [&str; 3] = ["#154273", "#4a7fb5", "#6b6b6b"];
const WIDTH: f64 = 420.0;
const VALUE_WIDTH: f64 = 64.0;
const LABEL_HEIGHT: f64 = 21.0;
const BAR_HEIGHT: f64 = 18.0;
const GAP: f64 = 10.0;
/// The colour of a marked value (the plan): dark orange, 4.5:1 on white.
const MARKER: &str = "#a04a00";
/// The texts' size in the drawing's units: a phone shows the 420 units in
/// about 350 pixels, which keeps them at 12 px or more.
const FONT: f64 = 15.0;

pub use crate::xml::escape;

/// Shortens a label that would not fit beside the bars.
fn fitted(label: &str) -> String {
    const MAX: usize = 48;
    if label.chars().count() <= MAX {
        label.to_string()
    } else {
        let short: String = label.chars().take(MAX - 1).collect();
        format!("{short}…")
    }
}

/// The chart as an SVG element; `title` is its accessible name, `id` makes
/// the title's id unique on the page, `labels` and `texts` are each bar's
/// label and the value written at it (in the page's language). Each label
/// stands above its bar, so the drawing reads at a phone's width as well as
/// on paper.
pub fn svg(
    chart: &Chart,
    title: &str,
    id: &str,
    labels: &[String],
    texts: &[String],
    m: &Messages,
) -> String {
    if !chart.outlines.is_empty() {
        return crate::map::svg(chart, title, id, labels, texts, m);
    }
    let max = chart
        .bars
        .iter()
        .flat_map(|b| [b.value, b.marker])
        .flatten()
        .fold(0.0_f64, f64::max);
    let scale_max = if chart.shares { 1.0 } else { max };
    // Room after the longest bar for the longest text written at a bar.
    let longest = texts.iter().map(|t| t.chars().count()).max().unwrap_or(0);
    let span = WIDTH - VALUE_WIDTH.max(longest as f64 * FONT * 0.62 + 8.0);
    let row = LABEL_HEIGHT + BAR_HEIGHT + GAP;
    let height = chart.bars.len() as f64 * row + GAP;
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" \
         width=\"100%\" font-family=\"'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Open Sans', sans-serif\" role=\"img\" aria-labelledby=\"{id}-title\" class=\"chart\">\
         <title id=\"{id}-title\">{}</title>",
        escape(title)
    );
    for (i, bar) in chart.bars.iter().enumerate() {
        let top = GAP + i as f64 * row;
        let _ = write!(
            out,
            "<text x=\"0\" y=\"{:.1}\" font-size=\"{FONT}\" fill=\"#1a1a1a\">{}</text>",
            top + 15.0,
            escape(&fitted(labels.get(i).map_or("", String::as_str)))
        );
        let y = top + LABEL_HEIGHT;
        let length = match bar.value {
            Some(v) if scale_max > 0.0 => (v / scale_max).clamp(0.0, 1.0) * span,
            _ => 0.0,
        };
        if length > 0.0 {
            let colour = SERIES[bar.series.min(SERIES.len() - 1)];
            let _ = write!(
                out,
                "<rect x=\"0\" y=\"{y:.1}\" width=\"{length:.1}\" height=\"{BAR_HEIGHT}\" fill=\"{colour}\"/>"
            );
        }
        let at = |v: f64| match scale_max > 0.0 {
            true => (v / scale_max).clamp(0.0, 1.0) * span,
            false => 0.0,
        };
        let marked = bar.marker.map(at);
        if let Some(x) = marked {
            let _ = write!(
                out,
                "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"{MARKER}\" stroke-width=\"3\"/>",
                y - 3.0,
                y + BAR_HEIGHT + 3.0
            );
        }
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{FONT}\" font-weight=\"600\" fill=\"#1a1a1a\">{}</text>",
            length.max(marked.unwrap_or(0.0)) + 5.0,
            y + 14.5,
            escape(texts.get(i).map_or("", String::as_str))
        );
    }
    out.push_str("</svg>");
    out
}

/// A trend's height in the drawing's units, and the room under its axis
/// for the years and above the highest point for its value.
const TREND_HEIGHT: f64 = 210.0;
const TREND_TOP: f64 = 26.0;
const TREND_BOTTOM: f64 = 30.0;
const TREND_LEFT: f64 = 8.0;

/// A small chart over the years as an SVG element: a point per year with
/// its value written above it, the interval as a band behind it, a line
/// between the points of consecutive years (none across a year without a
/// figure), a planned value as a tick and a norm as a dashed line. The
/// scale starts at 0, so a change looks as large as it is. `labels` are
/// the years, `texts` the values as the table writes them (a hidden one
/// is written at the axis instead of a point).
pub fn trend_svg(
    trend: &Trend,
    title: &str,
    id: &str,
    labels: &[String],
    texts: &[String],
    norm_text: &str,
) -> String {
    let chart = &trend.chart;
    let highest = chart
        .bars
        .iter()
        .flat_map(|b| [b.value, b.marker, b.band.map(|(_, high)| high)])
        .flatten()
        .chain(trend.norm)
        .fold(0.0_f64, f64::max);
    let top = match (chart.shares, highest > 0.0) {
        (_, false) => 1.0,
        (true, true) => (highest * 1.15).min(1.0),
        (false, true) => highest * 1.15,
    };
    let plot = TREND_HEIGHT - TREND_TOP - TREND_BOTTOM;
    let y = |v: f64| TREND_TOP + plot * (1.0 - (v / top).clamp(0.0, 1.0));
    let count = chart.bars.len().max(1) as f64;
    let step = (WIDTH - 2.0 * TREND_LEFT) / count;
    let x = |i: usize| TREND_LEFT + step * (i as f64 + 0.5);
    let axis = y(0.0);
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {TREND_HEIGHT}\" \
         width=\"100%\" font-family=\"'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Open Sans', sans-serif\" role=\"img\" aria-labelledby=\"{id}-title\" class=\"chart trend\">\
         <title id=\"{id}-title\">{}</title>\
         <line x1=\"0\" x2=\"{WIDTH}\" y1=\"{axis:.1}\" y2=\"{axis:.1}\" stroke=\"#6b6b6b\" stroke-width=\"1\"/>",
        escape(title)
    );
    if let Some(norm) = trend.norm {
        let at = y(norm);
        let _ = write!(
            out,
            "<line x1=\"0\" x2=\"{WIDTH}\" y1=\"{at:.1}\" y2=\"{at:.1}\" stroke=\"{MARKER}\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>\
             <text x=\"{WIDTH}\" y=\"{:.1}\" text-anchor=\"end\" font-size=\"{FONT}\" fill=\"{MARKER}\">{}</text>",
            at - 5.0,
            escape(norm_text)
        );
    }
    let colour = SERIES[0];
    for (i, bar) in chart.bars.iter().enumerate() {
        if let Some((low, high)) = bar.band.filter(|_| bar.value.is_some()) {
            let _ = write!(
                out,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"16\" height=\"{:.1}\" fill=\"#c9d7e8\"/>",
                x(i) - 8.0,
                y(high),
                (y(low) - y(high)).max(1.0)
            );
        }
    }
    for (i, pair) in chart.bars.windows(2).enumerate() {
        if let (Some(a), Some(b)) = (pair[0].value, pair[1].value) {
            let _ = write!(
                out,
                "<line x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"{colour}\" stroke-width=\"2.5\"/>",
                x(i),
                x(i + 1),
                y(a),
                y(b)
            );
        }
    }
    for (i, bar) in chart.bars.iter().enumerate() {
        if let Some(plan) = bar.marker {
            let _ = write!(
                out,
                "<line x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"{MARKER}\" stroke-width=\"3\"/>",
                x(i) - 12.0,
                x(i) + 12.0,
                y(plan),
                y(plan)
            );
        }
        let text = escape(texts.get(i).map_or("", String::as_str));
        match bar.value {
            Some(v) => {
                let high = bar.band.map_or(v, |(_, h)| h.max(v));
                let _ = write!(
                    out,
                    "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"5\" fill=\"{colour}\"/>\
                     <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"{FONT}\" font-weight=\"600\" fill=\"#1a1a1a\">{text}</text>",
                    x(i),
                    y(v),
                    x(i),
                    (y(high) - 8.0).max(FONT)
                );
            }
            None => {
                let _ = write!(
                    out,
                    "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"{FONT}\" fill=\"#595959\">{text}</text>",
                    x(i),
                    axis - 6.0
                );
            }
        }
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"{FONT}\" fill=\"#1a1a1a\">{}</text>",
            x(i),
            axis + 20.0,
            escape(labels.get(i).map_or("", String::as_str))
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Bar, Cell, Text};
    use crate::suppression::Entry;

    fn chart(values: &[Option<f64>]) -> Chart {
        Chart {
            outlines: Vec::new(),
            title: Text::Plain("t".into()),
            bars: values
                .iter()
                .enumerate()
                .map(|(i, v)| Bar {
                    label: Text::Plain(format!("bar <{i}>")),
                    value: *v,
                    shown: v.map_or(
                        Cell::Count(Entry::Hidden(crate::suppression::Mark::Primary)),
                        |v| Cell::Number(v, 0),
                    ),
                    unit: String::new(),
                    series: i,
                    marker: None,
                    band: None,
                })
                .collect(),
            shares: false,
            source: crate::model::Source::Registrations,
        }
    }

    #[test]
    fn the_longest_bar_fills_the_span_and_texts_are_escaped() {
        let texts = ["10".to_string(), "5".to_string(), "< 5".to_string()];
        let labels: Vec<String> = (0..3).map(|i| format!("bar <{i}>")).collect();
        let svg = svg(
            &chart(&[Some(10.0), Some(5.0), None]),
            "A & B",
            "c1",
            &labels,
            &texts,
            crate::Lang::Nl.messages(),
        );
        assert!(svg.contains("width=\"356.0\""), "{svg}");
        assert!(svg.contains("width=\"178.0\""), "{svg}");
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains("A &amp; B"));
        assert!(svg.contains("bar &lt;2&gt;"));
        assert!(svg.contains("&lt; 5"));
    }
}
