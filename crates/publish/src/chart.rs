//! Bar charts as SVG, made on the server: the same drawing in the page and
//! (later) in the PDF. Values are written at the end of each bar; colours
//! differ in lightness as well as hue, so they are told apart without
//! colour vision, and the chart's table always follows it.

use crate::model::Chart;
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

/// Escapes text for XML content and attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

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
pub fn svg(chart: &Chart, title: &str, id: &str, labels: &[String], texts: &[String]) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Bar, Cell, Text};
    use crate::suppression::Entry;

    fn chart(values: &[Option<f64>]) -> Chart {
        Chart {
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
        );
        assert!(svg.contains("width=\"356.0\""), "{svg}");
        assert!(svg.contains("width=\"178.0\""), "{svg}");
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains("A &amp; B"));
        assert!(svg.contains("bar &lt;2&gt;"));
        assert!(svg.contains("&lt; 5"));
    }
}
