//! Researchers' texts are Markdown. Rendered to HTML with pulldown-cmark;
//! raw HTML in the text is shown as text, never passed through, and a link
//! or image goes only to a web address, a mail address or this site, so a
//! narrative cannot carry a script into a page.

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag};

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

/// The Markdown text as HTML, with any HTML in it escaped and any link of
/// another kind (`javascript:`, `data:`) emptied.
pub fn to_html(text: &str) -> String {
    let events = Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH).map(|event| match event {
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

#[cfg(test)]
mod tests {
    use super::to_html;

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
