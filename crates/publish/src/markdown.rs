//! Researchers' texts are Markdown. Rendered to HTML with pulldown-cmark;
//! raw HTML in the text is shown as text, never passed through, and a link
//! or image goes only to a web address, a mail address or this site, so a
//! narrative cannot carry a script into a page. Footnotes (`[^1]` and
//! `[^1]: Flinterman e.a. (2019) …`) carry the literature a text cites.

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;

/// Whether a link may be followed: http(s), mailto, or an address on this
/// site (no scheme).
fn safe(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    match lower.split_once(':') {
        Some((scheme, _)) if !scheme.contains('/') => matches!(scheme, "http" | "https" | "mailto"),
        _ => true,
    }
}

fn checked(url: CowStr<'_>) -> CowStr<'_> {
    if safe(&url) {
        url
    } else {
        CowStr::Borrowed("#")
    }
}

/// The Markdown options of a researcher's text.
fn options() -> Options {
    Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES
}

/// A footnote's label made unique to its text, so that two texts on one
/// page that both have a note `1` link each to its own.
fn note_label(text: &str, label: &str) -> String {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    format!("note-{:08x}-{label}", hash as u32)
}

/// The Markdown text as HTML, with any HTML in it escaped and any link of
/// another kind (`javascript:`, `data:`) emptied.
pub fn to_html(text: &str) -> String {
    let events = Parser::new_ext(text, options()).map(|event| match event {
        Event::FootnoteReference(label) => {
            Event::FootnoteReference(note_label(text, &label).into())
        }
        Event::Start(Tag::FootnoteDefinition(label)) => {
            Event::Start(Tag::FootnoteDefinition(note_label(text, &label).into()))
        }
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: checked(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: checked(dest_url),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

/// A paragraph, heading or list item of a researcher's text, the way the
/// PDF lays it out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Paragraph {
    /// `paragraph`, `heading`, `item` or `note` (a footnote).
    pub kind: &'static str,
    /// The pieces of text in it.
    pub runs: Vec<Run>,
}

/// A piece of text with one style.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Run {
    /// The text, as written (no markup).
    pub text: String,
    /// Bold.
    pub strong: bool,
    /// Italic.
    pub emph: bool,
    /// The web or mail address it links to; local and unsafe links are
    /// dropped (a printed page has no site to go to).
    pub link: Option<String>,
    /// Whether it is a footnote's number in the text (printed raised).
    pub note: bool,
}

/// The Markdown text as paragraphs of styled text (for the PDF); HTML in
/// it is kept as text, an image is its description. A footnote is a
/// paragraph of kind `note` that starts with its number; the notes are
/// numbered in the order the text refers to them and stand at the end in
/// that order.
pub fn to_paragraphs(text: &str) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = Vec::new();
    let (mut strong, mut emph) = (0u32, 0u32);
    let mut link: Option<String> = None;
    let mut notes: Vec<String> = Vec::new();
    let mut number = |label: &str| match notes.iter().position(|l| l == label) {
        Some(i) => i + 1,
        None => {
            notes.push(label.to_string());
            notes.len()
        }
    };
    let open = |out: &mut Vec<Paragraph>, kind: &'static str| {
        let reuse = out.last().is_some_and(|p| {
            (p.kind == "item" && p.runs.is_empty()) || (p.kind == "note" && p.runs.len() == 1)
        });
        if !reuse {
            out.push(Paragraph {
                kind,
                runs: Vec::new(),
            });
        }
    };
    for event in Parser::new_ext(text, options()) {
        let piece = match event {
            Event::FootnoteReference(label) => {
                if let Some(last) = out.last_mut() {
                    last.runs.push(Run::plain(number(&label).to_string(), true));
                }
                None
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                out.push(Paragraph {
                    kind: "note",
                    runs: vec![Run::plain(format!("{} ", number(&label)), false)],
                });
                None
            }
            Event::Start(Tag::Paragraph) => {
                open(&mut out, "paragraph");
                None
            }
            Event::Start(Tag::Heading { .. }) => {
                open(&mut out, "heading");
                None
            }
            Event::Start(Tag::Item) => {
                out.push(Paragraph {
                    kind: "item",
                    runs: Vec::new(),
                });
                None
            }
            Event::Start(Tag::Strong) => {
                strong += 1;
                None
            }
            Event::End(TagEnd::Strong) => {
                strong = strong.saturating_sub(1);
                None
            }
            Event::Start(Tag::Emphasis) => {
                emph += 1;
                None
            }
            Event::End(TagEnd::Emphasis) => {
                emph = emph.saturating_sub(1);
                None
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                link = absolute(&dest_url).then(|| dest_url.to_string());
                None
            }
            Event::End(TagEnd::Link) => {
                link = None;
                None
            }
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                Some(t.to_string())
            }
            Event::SoftBreak | Event::HardBreak => Some(" ".to_string()),
            _ => None,
        };
        if let Some(text) = piece {
            if out.is_empty() {
                open(&mut out, "paragraph");
            }
            if let Some(last) = out.last_mut() {
                last.runs.push(Run {
                    text,
                    strong: strong > 0,
                    emph: emph > 0,
                    link: link.clone(),
                    note: false,
                });
            }
        }
    }
    out.retain(|p| !p.runs.is_empty());
    // The notes at the end, in the order the text refers to them.
    let number = |p: &Paragraph| p.runs[0].text.trim().parse::<usize>().unwrap_or(usize::MAX);
    let (mut notes, mut text): (Vec<Paragraph>, Vec<Paragraph>) =
        out.into_iter().partition(|p| p.kind == "note");
    notes.sort_by_key(number);
    text.append(&mut notes);
    text
}

impl Run {
    /// Text without style: a footnote's number, raised when `note`.
    fn plain(text: String, note: bool) -> Self {
        Self {
            text,
            strong: false,
            emph: false,
            link: None,
            note,
        }
    }
}

/// Whether a link leads somewhere from paper: a web or mail address.
fn absolute(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}

#[cfg(test)]
mod tests {
    use super::{to_html, to_paragraphs};

    #[test]
    fn paragraphs_keep_styles_and_only_absolute_links() {
        let md = "# Kop\n\nTekst met **vet** en [CBS](https://www.cbs.nl) en [hier](javascript:x).\n\n- een\n- twee\n";
        let ps = to_paragraphs(md);
        let kinds: Vec<_> = ps.iter().map(|p| p.kind).collect();
        assert_eq!(kinds, ["heading", "paragraph", "item", "item"]);
        let runs = &ps[1].runs;
        assert!(runs.iter().any(|r| r.text == "vet" && r.strong));
        assert!(runs
            .iter()
            .any(|r| r.text == "CBS" && r.link.as_deref() == Some("https://www.cbs.nl")));
        assert!(runs.iter().any(|r| r.text == "hier" && r.link.is_none()));
        assert_eq!(ps[3].runs[0].text, "twee");
    }

    #[test]
    fn footnotes_are_numbered_in_order_and_linked_within_their_own_text() {
        let md = "Zie de ZRM[^zrm] en PG[^pg].\n\n[^pg]: Huber e.a. (2016).\n\n[^zrm]: Flinterman e.a. (2019).\n";
        let ps = to_paragraphs(md);
        let kinds: Vec<_> = ps.iter().map(|p| p.kind).collect();
        assert_eq!(kinds, ["paragraph", "note", "note"]);
        let marks: Vec<&str> = ps[0]
            .runs
            .iter()
            .filter(|r| r.note)
            .map(|r| r.text.as_str())
            .collect();
        assert_eq!(marks, ["1", "2"]);
        let text =
            |p: &super::Paragraph| p.runs.iter().map(|r| r.text.as_str()).collect::<String>();
        assert_eq!(text(&ps[1]), "1 Flinterman e.a. (2019).");
        assert_eq!(text(&ps[2]), "2 Huber e.a. (2016).");
        let (one, other) = (to_html(md), to_html("Ander[^zrm].\n\n[^zrm]: Noot.\n"));
        assert!(one.contains("footnote-definition"), "{one}");
        let id = |html: &str| {
            let after = html.split("id=\"").nth(1).unwrap_or_default();
            after.split('"').next().unwrap_or_default().to_string()
        };
        assert!(id(&one).starts_with("note-"), "{one}");
        assert_ne!(id(&one), id(&other), "each text its own note ids");
    }

    #[test]
    fn emphasis_is_rendered_and_html_is_escaped() {
        assert_eq!(to_html("met *nadruk*"), "<p>met <em>nadruk</em></p>\n");
        let html = to_html("<script>alert(1)</script>\n\ntekst <b>vet</b>");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
    }

    #[test]
    fn only_web_mail_and_local_links_are_kept() {
        assert!(to_html("[a](https://www.cbs.nl)").contains("href=\"https://www.cbs.nl\""));
        assert!(to_html("[a](mailto:info@example.nl)").contains("mailto:"));
        assert!(to_html("[a](/organisations/x)").contains("href=\"/organisations/x\""));
        for bad in [
            "[a](javascript:alert(1))",
            "[a]( JavaScript:alert(1))",
            "![i](data:image/png;base64,AA)",
        ] {
            let html = to_html(bad);
            assert!(
                !html.to_lowercase().contains("javascript:") && !html.contains("data:"),
                "{html}"
            );
        }
    }
}
