//! Researchers' texts are Markdown. Rendered to HTML with pulldown-cmark;
//! raw HTML in the text is shown as text, never passed through, so a
//! narrative cannot carry a script into a page.

use pulldown_cmark::{html, Event, Options, Parser};

/// The Markdown text as HTML, with any HTML in it escaped.
pub fn to_html(text: &str) -> String {
    let events = Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
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
}
