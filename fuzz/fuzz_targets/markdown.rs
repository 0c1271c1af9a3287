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
    assert!(!lower.contains("<script"), "{text:?} → {html}");
    assert!(!lower.contains("href=\"javascript:"), "{text:?} → {html}");
    assert!(!lower.contains("src=\"javascript:"), "{text:?} → {html}");
});
