//! A map of an organisation's areas as SVG, made on the server like the
//! bar charts, so the page, the PDF and the JSON view draw the same and
//! nothing is fetched from a map service: each area's outline coloured by
//! its value in one of up to four classes from light to dark (equal steps
//! between the lowest and highest value shown), its name and value
//! written in it, and a legend under it. A value the reader may not see
//! is never coloured: its area is hatched and labelled with its mark
//! ("< 5", "×"). The chart's table follows the map, as it follows every
//! chart.

use crate::messages::Messages;
use crate::model::Chart;
use crate::xml::escape;
use std::fmt::Write;

const WIDTH: f64 = 420.0;
const PAD: f64 = 8.0;
const FONT: f64 = 15.0;
const LEGEND_ROW: f64 = 24.0;
/// The classes' colours, light to dark (the darkest is the charts'
/// accent); neighbouring classes differ in lightness.
const CLASSES: [&str; 4] = ["#dce6f0", "#9fbcd8", "#4a7fb5", "#154273"];
const HATCH: &str = "#6b6b6b";

/// A point of the drawing.
type Point = (f64, f64);

/// The map as an SVG element: `title` its accessible name, `id` unique on
/// the page, `labels` each area's name and `texts` its value as the table
/// writes it (a hidden one as its mark), the legend in the language of `m`.
pub fn svg(
    chart: &Chart,
    title: &str,
    id: &str,
    labels: &[String],
    texts: &[String],
    m: &Messages,
) -> String {
    let rings: Vec<Vec<Vec<Point>>> = chart.outlines.iter().map(|b| b.rings().collect()).collect();
    let project = Projection::fitting(rings.iter().flatten().flatten());
    let classes = Classes::of(chart.bars.iter().filter_map(|b| b.value));
    let map_height = project.height();
    let legend = legend_rows(&classes, chart, texts, m);
    let height = map_height + PAD + legend.len() as f64 * LEGEND_ROW;
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height:.1}\" \
         width=\"100%\" font-family=\"'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Open Sans', sans-serif\" role=\"img\" aria-labelledby=\"{id}-title\" class=\"chart map\">\
         <title id=\"{id}-title\">{}</title>\
         <defs><pattern id=\"{id}-hatch\" patternUnits=\"userSpaceOnUse\" width=\"8\" height=\"8\" patternTransform=\"rotate(45)\">\
         <rect width=\"8\" height=\"8\" fill=\"#ffffff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"{HATCH}\" stroke-width=\"3\"/></pattern></defs>",
        escape(title)
    );
    // Each area's outline as one path of its rings.
    let paths: Vec<String> = rings
        .iter()
        .map(|area| area.iter().map(|r| project.path(r)).collect())
        .collect();
    for (bar, path) in chart.bars.iter().zip(&paths) {
        let fill = match bar.value {
            Some(v) => CLASSES[classes.of_value(v)].to_string(),
            None if bar.shown.mark().is_some() => format!("url(#{id}-hatch)"),
            None => "#ffffff".to_string(),
        };
        let _ = write!(
            out,
            "<path d=\"{path}\" fill=\"{fill}\" fill-rule=\"evenodd\" stroke=\"#1a1a1a\" stroke-width=\"1\"/>"
        );
    }
    // The subject (the page's own area, series 0 among others) outlined
    // boldly, over its neighbours.
    if chart.bars.iter().any(|b| b.series != 0) {
        for (_, path) in chart.bars.iter().zip(&paths).filter(|(b, _)| b.series == 0) {
            let _ = write!(
                out,
                "<path d=\"{path}\" fill=\"none\" stroke=\"#a04a00\" stroke-width=\"4\"/>"
            );
        }
    }
    // The names and values over every outline, so no outline covers them.
    for (i, ring) in rings.iter().enumerate() {
        let Some((x, y)) = ring
            .iter()
            .max_by(|a, b| area(a).total_cmp(&area(b)))
            .map(|r| project.point(centroid(r)))
        else {
            continue;
        };
        for (dy, text, weight) in [(-2.0, labels.get(i), 400), (FONT, texts.get(i), 600)] {
            // A white halo under dark text, legible on every class; drawn
            // as two texts, as not every SVG renderer (the PDF's) paints
            // a stroke under its fill.
            let text = escape(text.map_or("", String::as_str));
            for paint in [
                "fill=\"#ffffff\" stroke=\"#ffffff\" stroke-width=\"4\"",
                "fill=\"#1a1a1a\"",
            ] {
                let _ = write!(
                    out,
                    "<text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"{FONT}\" font-weight=\"{weight}\" text-anchor=\"middle\" {paint}>{text}</text>",
                    y + dy,
                );
            }
        }
    }
    for (row, (swatch, text)) in legend.iter().enumerate() {
        let y = map_height + PAD + row as f64 * LEGEND_ROW;
        let _ = write!(
            out,
            "<rect x=\"{PAD}\" y=\"{y:.1}\" width=\"28\" height=\"16\" fill=\"{}\" stroke=\"#1a1a1a\" stroke-width=\"1\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{FONT}\" fill=\"#1a1a1a\">{}</text>",
            swatch.replace("HATCH", &format!("url(#{id}-hatch)")),
            PAD + 36.0,
            y + 13.5,
            escape(text)
        );
    }
    out.push_str("</svg>");
    out
}

/// The legend: each class with its range, then the marks of hidden values
/// beside a hatched swatch.
fn legend_rows(
    classes: &Classes,
    chart: &Chart,
    texts: &[String],
    m: &Messages,
) -> Vec<(String, String)> {
    // Bounds are written in the language, with as many decimals as the
    // table's most precise value, more where classes would otherwise read
    // alike ("40% – 40%"), a share (0–1) in percents.
    let separator = m.get("number.decimal_separator");
    let table_decimals = texts
        .iter()
        .filter_map(|t| t.split_once(separator))
        .map(|(_, after)| after.chars().take_while(char::is_ascii_digit).count())
        .max()
        .unwrap_or(0);
    let ranges = classes.ranges();
    let written = |v: f64, decimals: usize| {
        let written = m.number(if chart.shares { v * 100.0 } else { v }, decimals);
        match chart.shares {
            true => format!("{written}%"),
            false => written,
        }
    };
    let mut bounds: Vec<f64> = ranges.iter().map(|(low, _)| *low).collect();
    bounds.extend(ranges.last().map(|(_, high)| *high));
    let apart = |decimals: usize| {
        bounds
            .windows(2)
            .all(|w| w[0] == w[1] || written(w[0], decimals) != written(w[1], decimals))
    };
    let decimals = (table_decimals..table_decimals + 3)
        .find(|d| apart(*d))
        .unwrap_or(table_decimals + 3);
    let number = |v: f64| written(v, decimals);
    let mut rows: Vec<(String, String)> = ranges
        .into_iter()
        .enumerate()
        .map(|(i, (low, high))| {
            let text = match low == high {
                true => number(low),
                false => format!("{} – {}", number(low), number(high)),
            };
            (CLASSES[classes.colour(i)].to_string(), text)
        })
        .collect();
    let mut marks: Vec<&str> = chart
        .bars
        .iter()
        .zip(texts)
        .filter(|(b, _)| b.value.is_none() && b.shown.mark().is_some())
        .map(|(_, t)| t.as_str())
        .collect();
    marks.sort_unstable();
    marks.dedup();
    if !marks.is_empty() {
        rows.push(("HATCH".to_string(), marks.join(", ")));
    }
    rows
}

/// Equal steps between the lowest and the highest value shown: as many
/// classes as there are different values, four at most.
struct Classes {
    low: f64,
    high: f64,
    count: usize,
}

impl Classes {
    fn of(values: impl Iterator<Item = f64>) -> Self {
        let mut seen: Vec<f64> = values.collect();
        seen.sort_by(f64::total_cmp);
        seen.dedup();
        Self {
            low: seen.first().copied().unwrap_or(0.0),
            high: seen.last().copied().unwrap_or(0.0),
            count: seen.len().clamp(1, CLASSES.len()),
        }
    }

    /// The class of a value, 0 the lowest.
    fn class(&self, v: f64) -> usize {
        let span = self.high - self.low;
        match span > 0.0 {
            true => (((v - self.low) / span * self.count as f64) as usize).min(self.count - 1),
            false => self.count - 1,
        }
    }

    /// A class's colour: the classes spread over the palette, the highest
    /// always the darkest.
    fn colour(&self, class: usize) -> usize {
        CLASSES.len() - self.count + class
    }

    fn of_value(&self, v: f64) -> usize {
        self.colour(self.class(v))
    }

    /// Each class's range of values, lowest first.
    fn ranges(&self) -> Vec<(f64, f64)> {
        let step = (self.high - self.low) / self.count as f64;
        (0..self.count)
            .map(|i| match i + 1 == self.count {
                true => (self.low + step * i as f64, self.high),
                false => (self.low + step * i as f64, self.low + step * (i + 1) as f64),
            })
            .collect()
    }
}

/// Longitude and latitude to the drawing, north up: longitudes shortened
/// by the cosine of the middle latitude, so that shapes keep their
/// proportions at Dutch latitudes.
struct Projection {
    west: f64,
    north: f64,
    squeeze: f64,
    scale: f64,
    extent: Point,
}

impl Projection {
    fn fitting<'a>(points: impl Iterator<Item = &'a Point>) -> Self {
        let points: Vec<&Point> = points.collect();
        let min = |f: fn(&Point) -> f64| points.iter().map(|p| f(p)).fold(f64::INFINITY, f64::min);
        let max = |f: fn(&Point) -> f64| {
            points
                .iter()
                .map(|p| f(p))
                .fold(f64::NEG_INFINITY, f64::max)
        };
        let (west, east) = (min(|p| p.0), max(|p| p.0));
        let (south, north) = (min(|p| p.1), max(|p| p.1));
        let squeeze = ((south + north) / 2.0).to_radians().cos();
        let extent = ((east - west) * squeeze, north - south);
        let scale = match extent.0 > 0.0 {
            true => (WIDTH - 2.0 * PAD) / extent.0,
            false => 1.0,
        };
        Self {
            west,
            north,
            squeeze,
            scale,
            extent,
        }
    }

    fn point(&self, (lon, lat): Point) -> Point {
        (
            PAD + (lon - self.west) * self.squeeze * self.scale,
            PAD + (self.north - lat) * self.scale,
        )
    }

    fn height(&self) -> f64 {
        self.extent.1 * self.scale + 2.0 * PAD
    }

    /// A ring as an SVG path.
    fn path(&self, ring: &[Point]) -> String {
        let mut d = String::new();
        for (i, p) in ring.iter().enumerate() {
            let (x, y) = self.point(*p);
            let _ = write!(d, "{}{x:.1},{y:.1}", if i == 0 { "M" } else { "L" });
        }
        d.push('Z');
        d
    }
}

/// A ring's area (shoelace), in squared degrees; its sign left out.
fn area(ring: &[Point]) -> f64 {
    shoelace(ring).abs()
}

fn shoelace(ring: &[Point]) -> f64 {
    ring.iter()
        .zip(ring.iter().cycle().skip(1))
        .map(|(a, b)| a.0 * b.1 - b.0 * a.1)
        .sum::<f64>()
        / 2.0
}

/// A ring's centroid, where its name is written; its points' mean when it
/// has no area.
fn centroid(ring: &[Point]) -> Point {
    let a = shoelace(ring);
    if a.abs() < f64::EPSILON {
        let n = ring.len().max(1) as f64;
        return (
            ring.iter().map(|p| p.0).sum::<f64>() / n,
            ring.iter().map(|p| p.1).sum::<f64>() / n,
        );
    }
    let (mut cx, mut cy) = (0.0, 0.0);
    for (p, q) in ring.iter().zip(ring.iter().cycle().skip(1)) {
        let cross = p.0 * q.1 - q.0 * p.1;
        cx += (p.0 + q.0) * cross;
        cy += (p.1 + q.1) * cross;
    }
    (cx / (6.0 * a), cy / (6.0 * a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_step_evenly_and_the_highest_is_darkest() {
        let c = Classes::of([10.0, 20.0, 30.0, 40.0, 50.0].into_iter());
        assert_eq!(c.count, 4);
        assert_eq!(c.of_value(10.0), 0);
        assert_eq!(c.of_value(50.0), 3);
        assert_eq!(c.ranges()[0], (10.0, 20.0));
        let two = Classes::of([5.0, 9.0].into_iter());
        assert_eq!((two.of_value(5.0), two.of_value(9.0)), (2, 3));
    }

    #[test]
    fn a_hidden_count_is_hatched_and_labelled_with_its_mark_never_coloured() {
        use crate::model::{Bar, Cell, Source, Text};
        use crate::suppression::{Entry, Mark};
        let square = |x: f64| {
            let ring = vec![(x, 53.0), (x + 0.1, 53.0), (x + 0.1, 53.1), (x, 53.1)];
            domain::Boundary::from_degrees(&[ring]).expect("an outline")
        };
        let bar = |name: &str, value: Option<f64>, shown: Cell| Bar {
            label: Text::Plain(name.into()),
            ..Bar::valued(value, shown)
        };
        let chart = Chart {
            title: Text::Plain("map".into()),
            bars: vec![
                bar("Leek", Some(620.0), Cell::Count(Entry::Count(620))),
                bar("Marum", None, Cell::Count(Entry::Hidden(Mark::Primary))),
            ],
            shares: false,
            source: Source::Registrations,
            outlines: vec![square(6.0), square(6.2)],
        };
        let labels = ["Leek".to_string(), "Marum".to_string()];
        let texts = ["620".to_string(), "< 5".to_string()];
        let nl = crate::Lang::Nl.messages();
        let drawn = svg(&chart, "Registraties per gebied", "m", &labels, &texts, nl);
        assert!(drawn.contains("<title id=\"m-title\">Registraties per gebied</title>"));
        let paths: Vec<&str> = drawn.split("<path ").skip(1).collect();
        assert!(
            paths[0].contains(&format!("fill=\"{}\"", CLASSES[3])),
            "Leek coloured"
        );
        assert!(paths[1].contains("fill=\"url(#m-hatch)\""), "Marum hatched");
        assert!(drawn.contains("&lt; 5"), "Marum labelled with its mark");
        assert_eq!(
            drawn.matches(CLASSES[3]).count(),
            2,
            "one area and its legend swatch coloured, nothing else"
        );
    }

    #[test]
    fn a_map_of_shares_has_a_legend_in_percents() {
        use crate::model::{Bar, Cell, Source, Text};
        let chart = Chart {
            title: Text::Plain("map".into()),
            bars: [0.25, 0.5]
                .iter()
                .map(|v| Bar::valued(Some(*v), Cell::Empty))
                .collect(),
            shares: true,
            source: Source::Registrations,
            outlines: Vec::new(),
        };
        let rows = legend_rows(
            &Classes::of([0.25, 0.5].into_iter()),
            &chart,
            &["25%".into(), "50%".into()],
            crate::Lang::Nl.messages(),
        );
        let texts: Vec<&str> = rows.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(texts, ["25% – 38%", "38% – 50%"]);
        let close = legend_rows(
            &Classes::of([0.384, 0.389, 0.404, 0.41].into_iter()),
            &chart,
            &["38%".into(), "41%".into()],
            crate::Lang::Nl.messages(),
        );
        let texts: Vec<&str> = close.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(
            texts,
            [
                "38,4% – 39,1%",
                "39,1% – 39,7%",
                "39,7% – 40,3%",
                "40,3% – 41,0%"
            ],
            "a decimal more where whole percents would read alike"
        );
    }

    #[test]
    fn a_square_s_centroid_is_its_middle() {
        let square = [(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0)];
        assert_eq!(centroid(&square), (1.0, 1.0));
        assert_eq!(area(&square), 4.0);
    }
}
