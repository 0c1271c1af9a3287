//! The publication as a print-ready PDF, typeset by typst used as a
//! library: A4, a title page with the organisation's name and logo, a table
//! of contents for the annual monitor, the same SVG charts as the web page
//! with their tables, the narrative and sources, and the date, data version
//! and page number in every footer. Dutch text is hyphenated; the fonts
//! (Open Sans) are in the binary, so every server renders the same pages.
//!
//! The layout is one typst file (`pdf/publication.typ`); this module hands
//! it the publication as JSON, with every text already in the reader's
//! language and every count already suppressed, so the PDF cannot differ
//! from the page in a number.

use crate::messages::Messages;
use crate::protected::Publication;
use crate::view;
use chrono::{Datelike, NaiveDate};
use serde_json::{json, Value};
use std::sync::LazyLock;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

/// What the PDF says besides the publication itself.
#[derive(Debug, Clone, Copy)]
pub struct PdfOptions<'a> {
    /// The organisation's name, on the title page and in the document's
    /// metadata.
    pub organisation: &'a str,
    /// The organisation's logo (PNG, JPEG or SVG), on the title page.
    pub logo: Option<&'a [u8]>,
    /// The day the PDF is made, in the footer.
    pub made_on: NaiveDate,
    /// Whether a table of contents follows the title page (the annual
    /// monitor has one).
    pub contents: bool,
}

/// Why a PDF could not be made: typst's own messages. Nothing is written
/// when this happens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfError(pub String);

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the PDF could not be made: {}", self.0)
    }
}

impl std::error::Error for PdfError {}

/// The logo formats the title page takes, told by their first bytes.
fn logo_format(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG") {
        Some("png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("jpg")
    } else {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
        (head.contains("<svg")).then_some("svg")
    }
}

/// The largest logo file taken (1 MB).
pub const LOGO_LIMIT: usize = 1024 * 1024;

/// Whether bytes are a logo the PDF can show: a PNG, JPEG or SVG file
/// that typst reads (tried by laying out a page with it), so that a broken
/// file is refused when it is uploaded rather than breaking every PDF.
pub fn is_logo(bytes: &[u8]) -> bool {
    let Some(format) = logo_format(bytes) else {
        return false;
    };
    let trial = format!("#image(\"/logo.{format}\", height: 1cm)");
    let world = Sheet::new(trial, Vec::new(), Some(bytes), NaiveDate::default());
    let readable = typst::compile::<PagedDocument>(&world).output.is_ok();
    typst::comemo::evict(10);
    readable
}

/// Renders the publication to PDF bytes in the language of `m`.
pub fn pdf(p: &Publication, m: &Messages, options: &PdfOptions) -> Result<Vec<u8>, PdfError> {
    let data = serde_json::to_vec(&document(p, m, options)).map_err(|e| PdfError(e.to_string()))?;
    let world = Sheet::new(LAYOUT.to_string(), data, options.logo, options.made_on);
    let compiled = typst::compile::<PagedDocument>(&world);
    let result = compiled
        .output
        .map_err(|errors| PdfError(messages_of(&errors)))
        .and_then(|doc| {
            let settings = typst_pdf::PdfOptions {
                timestamp: Some(typst_pdf::Timestamp::new_utc(world.today)),
                ..Default::default()
            };
            typst_pdf::pdf(&doc, &settings).map_err(|errors| PdfError(messages_of(&errors)))
        });
    // typst memoises layouts between runs; a server makes many PDFs, so
    // what was not reused in the last few runs is let go.
    typst::comemo::evict(10);
    result
}

/// The characters of the publication's PDF that none of the fonts in the
/// binary has (they would print as an empty box): every character of every
/// text the layout is handed, the charts' texts included.
pub fn missing_glyphs(p: &Publication, m: &Messages, options: &PdfOptions) -> Vec<char> {
    let mut missing: Vec<char> = Vec::new();
    let mut texts = vec![document(p, m, options)];
    while let Some(value) = texts.pop() {
        match value {
            Value::String(s) => missing.extend(s.chars().filter(|c| !printable(*c))),
            Value::Array(items) => texts.extend(items),
            Value::Object(map) => texts.extend(map.into_iter().map(|(_, v)| v)),
            _ => {}
        }
    }
    missing.sort_unstable();
    missing.dedup();
    missing
}

/// Whether a character is white space or one of the fonts has it.
fn printable(c: char) -> bool {
    c.is_whitespace() || FONTS.1.iter().any(|f| f.info().coverage.contains(c as u32))
}

fn messages_of(errors: &[SourceDiagnostic]) -> String {
    errors
        .iter()
        .map(|e| e.message.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The publication as the layout reads it: the publication's view with
/// what only paper has (logo, dates, page numbers).
fn document(p: &Publication, m: &Messages, options: &PdfOptions) -> Value {
    let made_on = m.date(options.made_on);
    let mut doc = view::publication(p, m, true);
    let extra = json!({
        "lang": m.get("lang.code"),
        "organisation": options.organisation,
        "logo": options.logo.and_then(logo_format).map(|f| format!("/logo.{f}")),
        "contents": options.contents.then(|| m.get("publication.contents")),
        "made": m.fill("pdf.made_on", &[("date", made_on.clone())]),
        "footer": m.fill("pdf.footer", &[("date", made_on.clone()), ("version", p.data_version.to_string())]),
        "page": m.get("pdf.page"),
        "colophon": colophon(p, m, options, &made_on),
    });
    if let (Value::Object(doc), Value::Object(extra)) = (&mut doc, extra) {
        doc.extend(extra);
    }
    doc
}

/// The colophon on the last page: who made the publication, from which
/// data version, when, and how small counts are hidden.
fn colophon(p: &Publication, m: &Messages, options: &PdfOptions, made_on: &str) -> Value {
    let mut lines = vec![
        m.fill(
            "pdf.colophon_made",
            &[
                ("organisation", options.organisation.to_string()),
                ("version", env!("CARGO_PKG_VERSION").to_string()),
            ],
        ),
        m.fill(
            "pdf.colophon_data",
            &[
                ("version", p.data_version.to_string()),
                ("date", made_on.to_string()),
            ],
        ),
    ];
    lines.push(match p.audience {
        crate::Audience::Public(k) => m.fill(
            "pdf.colophon_suppressed",
            &[
                ("k", k.get().to_string()),
                ("below", (k.get() - 1).to_string()),
            ],
        ),
        crate::Audience::Staff => m.get("pdf.colophon_staff").to_string(),
    });
    lines.push(m.get("pdf.colophon_sources").to_string());
    json!({ "title": m.get("pdf.colophon"), "lines": lines })
}

/// The fonts in the binary: Open Sans, as the pages' sans-serif, and
/// DejaVu Sans for the characters Open Sans lacks (typst falls back to it
/// per character: "→", "≤", "×").
static FONTS: LazyLock<(LazyHash<FontBook>, Vec<Font>)> = LazyLock::new(|| {
    let files: [&'static [u8]; 7] = [
        include_bytes!("../fonts/OpenSans-Regular.ttf"),
        include_bytes!("../fonts/OpenSans-Bold.ttf"),
        include_bytes!("../fonts/OpenSans-Italic.ttf"),
        include_bytes!("../fonts/OpenSans-BoldItalic.ttf"),
        include_bytes!("../fonts/OpenSans-Semibold.ttf"),
        include_bytes!("../fonts/DejaVuSans.ttf"),
        include_bytes!("../fonts/DejaVuSans-Bold.ttf"),
    ];
    let fonts: Vec<Font> = files
        .into_iter()
        .flat_map(|bytes| Font::iter(Bytes::new(bytes)))
        .collect();
    (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
});

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

const LAYOUT: &str = include_str!("../pdf/publication.typ");

fn file_id(path: &str) -> FileId {
    let path = VirtualPath::new(path).expect("the layout's own file names are valid");
    RootedPath::new(VirtualRoot::Project, path).intern()
}

/// The little world one PDF is typeset in: the layout, the publication's
/// data and the logo, nothing from disk or network.
struct Sheet {
    main: Source,
    data: Bytes,
    logo: Option<(FileId, Bytes)>,
    data_id: FileId,
    today: Datetime,
}

impl Sheet {
    /// A world of one typst file (`source`), the data it reads as
    /// `/data.json`, the logo as `/logo.<format>`, and the day it is made.
    fn new(source: String, data: Vec<u8>, logo: Option<&[u8]>, date: NaiveDate) -> Self {
        let today = Datetime::from_ymd(date.year(), date.month() as u8, date.day() as u8)
            .expect("a calendar date is a typst date");
        let logo = logo.and_then(|bytes| {
            let format = logo_format(bytes)?;
            Some((
                file_id(&format!("/logo.{format}")),
                Bytes::new(bytes.to_vec()),
            ))
        });
        Self {
            main: Source::new(file_id("/publication.typ"), source),
            data: Bytes::new(data),
            logo,
            data_id: file_id("/data.json"),
            today,
        }
    }
}

impl World for Sheet {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.0
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            return Ok(self.data.clone());
        }
        match &self.logo {
            Some((logo, bytes)) if *logo == id => Ok(bytes.clone()),
            _ => Err(FileError::AccessDenied),
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.1.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
