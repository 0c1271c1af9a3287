//! The Markdown renderer of researchers' texts: no input panics, and none
//! gets raw HTML or a script link through.
#![no_main]

// The renderer's one file, built here without the rest of `publish` (whose
// PDF engine would make every fuzz build take many minutes).
#[path = "../../crates/publish/src/markdown.rs"]
#[allow(dead_code)]
mod markdown;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let html = markdown::to_html(text);
    let lower = html.to_ascii_lowercase();
    // A `<` of the text is written `&lt;`: a `<script` can only be a tag.
    assert!(!lower.contains("<script"), "{text:?} → {html}");
    // Every link and image the renderer writes goes to a safe address.
    for tag in ["<a href=\"", "<img src=\""] {
        for (at, _) in lower.match_indices(tag) {
            let address = lower[at + tag.len()..].trim_start();
            for scheme in ["javascript:", "data:", "vbscript:"] {
                assert!(!address.starts_with(scheme), "{text:?} → {html}");
            }
        }
    }
});
