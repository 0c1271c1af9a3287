//! Templates of the interchange files, for an organisation that fills its
//! first file by hand: an empty CSV per kind (the header only), and an
//! XLSX per kind whose second sheet explains every column — what it means,
//! whether it is required, and which values it takes, each with its name.
//! The import page offers them; `impactmonitor template KIND` writes them.

use domain::{Coded, Vocabulary};
use interchange::mapping::translate::is_date;
use interchange::mapping::Coding;
use interchange::FileKind;
use publish::messages::Messages;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// The organisation's own lists, named in a template's guide (areas,
/// partners, collective activities as id and name); empty when the
/// template is for no organisation in particular.
#[derive(Debug, Clone, Default)]
pub struct OwnLists {
    /// The organisation's areas.
    pub areas: Vec<String>,
    /// Its partners: id and name.
    pub partners: Vec<(String, String)>,
    /// Its collective activities: id and name.
    pub activities: Vec<(String, String)>,
}

/// One column explained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explained {
    /// The column's name, as the header writes it.
    pub column: String,
    /// Other names accepted for it.
    pub aliases: String,
    /// "ja" or "nee" (in the language of the guide).
    pub required: String,
    /// What it means.
    pub meaning: String,
    /// The values it takes.
    pub values: String,
}

/// An empty CSV of `kind`: its header, `;`-separated (as a Dutch Excel
/// opens it in columns), with a byte-order mark.
pub fn csv(kind: FileKind) -> Vec<u8> {
    let names: Vec<&str> = kind.columns().iter().map(|c| c.name).collect();
    format!("\u{feff}{}\r\n", names.join(";")).into_bytes()
}

/// The file name of a template: `registrations.csv`.
pub fn file_name(kind: FileKind, extension: &str) -> String {
    format!("{}.{extension}", kind.code())
}

/// Every column of `kind` explained, in the language of `m`.
pub fn guide(
    kind: FileKind,
    m: &Messages,
    vocabulary: &Vocabulary,
    own: &OwnLists,
) -> Vec<Explained> {
    kind.columns()
        .iter()
        .map(|column| {
            let name = column.name;
            let guide_key = format!("guide.{name}");
            let mut meaning = m.label("field", name);
            if m.has(&guide_key) {
                meaning = format!("{meaning}. {}", m.get(&guide_key));
            }
            let required = match (column.required, name) {
                (_, "organisation") => m.get("guide.organisation_required"),
                (true, _) => m.get("guide.yes"),
                (false, _) => m.get("guide.no"),
            };
            Explained {
                column: name.to_string(),
                aliases: column.aliases.join(", "),
                required: required.to_string(),
                meaning,
                values: values(kind, name, m, vocabulary, own),
            }
        })
        .collect()
}

/// The values a column takes, in words.
fn values(
    kind: FileKind,
    column: &str,
    m: &Messages,
    vocabulary: &Vocabulary,
    own: &OwnLists,
) -> String {
    if is_date(column) {
        return m.get("guide.date").to_string();
    }
    let Some(coding) = Coding::of(kind, column) else {
        return String::new();
    };
    let codes: Vec<(String, Option<String>)> = match coding.closed(vocabulary) {
        Some(codes) => codes,
        None => {
            let own: Vec<(String, Option<String>)> = match coding {
                Coding::Area => own.areas.iter().map(|a| (a.clone(), None)).collect(),
                Coding::Partner => own
                    .partners
                    .iter()
                    .map(|(i, n)| (i.clone(), Some(n.clone())))
                    .collect(),
                _ => own
                    .activities
                    .iter()
                    .map(|(i, n)| (i.clone(), Some(n.clone())))
                    .collect(),
            };
            if own.is_empty() {
                return m
                    .get(&format!("guide.own.{}", own_list(coding)))
                    .to_string();
            }
            own
        }
    };
    let named: Vec<String> = codes
        .into_iter()
        .map(|(code, name)| {
            let name = name.or_else(|| coding.list().map(|list| m.label(list, &code)));
            match name {
                Some(name) if name != code => format!("{code} ({name})"),
                _ => code,
            }
        })
        .collect();
    let list = named.join(", ");
    match Coding::is_list(column) {
        true => m.fill("guide.several", &[("values", list)]),
        false => list,
    }
}

/// The word for an organisation's own list in the message keys.
fn own_list(coding: Coding) -> &'static str {
    match coding {
        Coding::Area => "areas",
        Coding::Partner => "partners",
        _ => "activities",
    }
}

/// An XLSX template of `kind`: a sheet named by the kind with the header
/// (the importer reads that sheet by its name), and a sheet that explains
/// every column.
pub fn xlsx(
    kind: FileKind,
    m: &Messages,
    vocabulary: &Vocabulary,
    own: &OwnLists,
) -> Result<Vec<u8>, XlsxError> {
    let bold = Format::new().set_bold();
    let wrapped = Format::new()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let mut book = Workbook::new();
    let data = book.add_worksheet();
    data.set_name(kind.code())?;
    for (j, column) in kind.columns().iter().enumerate() {
        data.write_with_format(0, j as u16, column.name, &bold)?;
        data.set_column_width(j as u16, 18)?;
    }
    let sheet = book.add_worksheet();
    sheet.set_name(m.get("guide.sheet"))?;
    let headings = [
        "guide.column",
        "guide.aliases",
        "guide.required",
        "guide.meaning",
        "guide.values",
    ];
    let widths = [22.0, 22.0, 12.0, 50.0, 60.0];
    for (j, (key, width)) in headings.iter().zip(widths).enumerate() {
        sheet.write_with_format(0, j as u16, m.get(key), &bold)?;
        sheet.set_column_width(j as u16, width)?;
    }
    for (i, row) in guide(kind, m, vocabulary, own).iter().enumerate() {
        let r = 1 + i as u32;
        let cells = [
            &row.column,
            &row.aliases,
            &row.required,
            &row.meaning,
            &row.values,
        ];
        for (j, cell) in cells.iter().enumerate() {
            sheet.write_with_format(r, j as u16, cell.as_str(), &wrapped)?;
        }
    }
    book.save_to_buffer()
}
