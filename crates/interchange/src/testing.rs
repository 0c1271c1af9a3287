//! For tests and fuzz targets that read and parse files without a store: a
//! fixed [`Lookup`], and the hostile workbooks of docs/reliability.md.

use crate::{Limits, Lookup, Pseudonymiser};
use domain::*;
use std::io::Write;

/// A lookup that knows one organisation (`deschans`), a partner
/// `huisarts`, a theme `armoede`, a goal `g1` and an activity `walk`.
pub struct Fixed {
    vocabulary: Vocabulary,
    /// The one organisation it knows (`deschans`, area Leek).
    pub organisation: Organisation,
    pseudonymiser: Pseudonymiser,
    limits: Limits,
}

fn item(code: &str, name: &str) -> ReferenceItem {
    ReferenceItem {
        code: code.into(),
        name: name.into(),
        aliases: vec![],
    }
}

impl Fixed {
    /// The fixed lookup.
    pub fn new() -> Self {
        Self {
            vocabulary: Vocabulary {
                zrm_domains: vec![
                    item("financien", "Financiën"),
                    item("werk_opleiding", "Werk & opleiding"),
                ],
                pg_dimensions: vec![item("meedoen", "Meedoen")],
            },
            organisation: Organisation {
                code: OrganisationCode::parse("deschans").unwrap(),
                name: "De Schans".into(),
                municipalities: vec![MunicipalityCode::parse("GM1969").unwrap()],
                areas: vec![AreaName::parse("Leek").unwrap()],
            },
            pseudonymiser: Pseudonymiser::new(b"a test secret of enough characters"),
            limits: Limits::default(),
        }
    }
}

impl Lookup for Fixed {
    fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }
    fn organisation(&self, code: &OrganisationCode) -> Option<&Organisation> {
        (code == &self.organisation.code).then_some(&self.organisation)
    }
    fn partner(&self, _: &OrganisationCode, id_or_name: &str) -> Option<Id> {
        (id_or_name == "huisarts").then(|| Id::parse("huisarts").unwrap())
    }
    fn has_theme(&self, _: &OrganisationCode, theme: &Id) -> bool {
        theme.as_str() == "armoede"
    }
    fn has_goal(&self, _: &OrganisationCode, goal: &Id) -> bool {
        goal.as_str() == "g1"
    }
    fn collective_activity(&self, _: &OrganisationCode, id_or_name: &str) -> Option<Id> {
        (id_or_name == "walk").then(|| Id::parse("walk").unwrap())
    }
    fn partners(&self, _: &OrganisationCode) -> Vec<(Id, String)> {
        vec![(Id::parse("huisarts").unwrap(), "Huisartsenpraktijk".into())]
    }
    fn collective_activities(&self, _: &OrganisationCode) -> Vec<(Id, String)> {
        vec![(Id::parse("walk").unwrap(), "Walk en Talk".into())]
    }
    fn registration(&self, _: &OrganisationCode, _: &Id) -> Option<ScoreRules> {
        None
    }
    fn survey(&self, _: &OrganisationCode, _: &Id) -> Option<&Survey> {
        None
    }
    fn pseudonymiser(&self) -> &Pseudonymiser {
        &self.pseudonymiser
    }
    fn limits(&self) -> &Limits {
        &self.limits
    }
}

impl Fixed {
    /// The fixed lookup with these limits.
    pub fn with_limits(limits: Limits) -> Self {
        Self {
            limits,
            ..Self::new()
        }
    }
}

impl Default for Fixed {
    fn default() -> Self {
        Self::new()
    }
}

/// A minimal XLSX workbook with one sheet `registrations` whose XML is
/// `sheet` (a `<worksheet>` element), compressed with deflate.
pub fn workbook(sheet: &[u8]) -> Vec<u8> {
    workbook_writing(&mut |out| out.write_all(sheet))
}

/// [`workbook`] with the sheet's XML written by `sheet`, piece by piece.
pub fn workbook_writing(sheet: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>) -> Vec<u8> {
    let parts: [(&str, &[u8]); 4] = [
        (
            "[Content_Types].xml",
            br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="registrations" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for (name, bytes) in parts {
        zip.start_file(name, options).expect("a part starts");
        zip.write_all(bytes).expect("a part is written");
    }
    zip.start_file("xl/worksheets/sheet1.xml", options)
        .expect("the sheet starts");
    sheet(&mut zip).expect("the sheet is written");
    zip.finish().expect("the workbook is written").into_inner()
}

/// A worksheet of inline-string rows, declaring `dimension` (e.g. `A1:C3`).
pub fn sheet(dimension: &str, rows: &[&[(&str, &str)]]) -> Vec<u8> {
    let mut xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>"#
    );
    for cells in rows {
        xml.push_str("<row>");
        for (reference, text) in *cells {
            xml.push_str(&format!(
                r#"<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>"#
            ));
        }
        xml.push_str("</row>");
    }
    xml.push_str("</sheetData></worksheet>");
    xml.into_bytes()
}

/// The tester's sparse workbook: 1.7 KB, a header cell in A1 and one cell
/// at XFD1048576, the last cell a sheet can have. Read as a grid it would
/// be 16,384 × 1,048,576 cells.
pub fn sparse_workbook() -> Vec<u8> {
    workbook(&sheet(
        "A1:XFD1048576",
        &[&[("A1", "registration_id")], &[("XFD1048576", "x")]],
    ))
}

/// A workbook whose sheet unpacks to `unpacked` bytes, nearly all of it
/// white space between two rows: a few kilobytes packed.
pub fn unpack_bomb(unpacked: usize) -> Vec<u8> {
    let head = sheet("A1:A2", &[&[("A1", "registration_id")]]);
    let close = b"</sheetData></worksheet>".as_slice();
    let body = &head[..head.len() - close.len()];
    let spaces = vec![b' '; 1 << 16];
    let mut left = unpacked.saturating_sub(head.len());
    workbook_writing(&mut |out| {
        out.write_all(body)?;
        while left > 0 {
            let n = left.min(spaces.len());
            out.write_all(&spaces[..n])?;
            left -= n;
        }
        out.write_all(close)
    })
}

/// An export of a registration system ("Regicare") as it comes, for the
/// tests of mappings: a title line, its own column names and values, Dutch
/// dates, a BSN, a birth date and a name per client, `;`-separated
/// Windows-1252 text.
pub mod regicare {
    /// Valid BSNs (they pass the eleven-test), one per row.
    pub const BSN: [&str; 5] = [
        "100000630",
        "100000721",
        "100000770",
        "100000812",
        "100000861",
    ];
    /// The clients' names, one per row.
    pub const NAMES: [&str; 5] = ["Jansen", "Pietersma", "Bakker", "Dijkstra", "De Vries"];
    /// The clients' birth dates, one per row.
    pub const BIRTH_DATES: [&str; 5] = [
        "14-05-1980",
        "02-11-1961",
        "30-08-2001",
        "17-03-1949",
        "01-01-1970",
    ];

    /// A row of the export without its client: registration number, start,
    /// end, kind of contact, question, neighbourhood, referred by.
    pub type Row<'a> = [&'a str; 7];

    /// The export's rows: Dutch dates (one in ISO form), its own kinds of
    /// contact and questions, and "Maatjeszorg", which is no partner.
    pub const ROWS: [Row<'static>; 4] = [
        [
            "R-1",
            "03-02-2022",
            "30-06-2022",
            "Traject",
            "Financiële problemen",
            "Leek",
            "Huisarts",
        ],
        [
            "R-2",
            "13-02-2022",
            "",
            "Info & Advies",
            "Huisvesting",
            "Marum",
            "",
        ],
        [
            "R-3",
            "01-03-2022",
            "",
            "Leun & Steun",
            "Financiële problemen",
            "",
            "Maatjeszorg",
        ],
        [
            "R-4",
            "2022-04-04",
            "05-04-2022",
            "Info & Advies",
            "Huiselijke relaties",
            "Leek",
            "Huisarts",
        ],
    ];

    /// The same registrations as interchange rows (before their client):
    /// what the export stores through [`MAPPING`].
    pub const TWIN: [&str; 4] = [
        "R-1,deschans,2022-02-03,2022-06-30,traject,financien,Leek,huisarts",
        "R-2,deschans,2022-02-13,,informatie_advies,huisvesting,Marum,",
        "R-3,deschans,2022-03-01,,leun_steun,financien,,ggz",
        "R-4,deschans,2022-04-04,2022-04-05,informatie_advies,huiselijke_relaties,Leek,huisarts",
    ];

    /// The mapping a coordinator makes of the export, in its shared TOML
    /// form: the BSN as the pseudonym, the birth date as the birth year,
    /// the name left out, "Maatjeszorg" as the GGZ.
    pub const MAPPING: &str = r#"
name = "Regicare-export"
kind = "registrations"
dates = "dd-mm-jjjj"

[[columns]]
source = "Dossiernummer"
to = "registration_id"

[[columns]]
source = "Datum aanmelding"
to = "start_date"

[[columns]]
source = "Datum afsluiting"
to = "end_date"

[[columns]]
source = "Soort contact"
to = "form"

[[columns]]
source = "Hulpvraag"
to = "main_domain"

[[columns]]
source = "Wijk"
to = "area"

[[columns]]
source = "Aangemeld via"
to = "referred_by"

[[columns]]
source = "BSN"
to = "client_code"
private = "bsn"

[[columns]]
source = "Geboortedatum"
to = "birth_year"
private = "birth_date"

[[columns]]
source = "Naam cliënt"
private = "name"

[values.form]
"Info & Advies" = "informatie_advies"
"Leun & Steun" = "leun_steun"

[values.main_domain]
"Financiële problemen" = "financien"

[values.referred_by]
Maatjeszorg = "ggz"
"#;

    /// The export of `rows`, each with the BSN, birth date and name of its
    /// place.
    pub fn export(rows: &[Row]) -> Vec<u8> {
        let mut text = String::from("Export Regicare 2022;;;;;;;;;\r\n");
        text.push_str(
            "Dossiernummer;Datum aanmelding;Datum afsluiting;Soort contact;Hulpvraag;Wijk;Aangemeld via;BSN;Geboortedatum;Naam cliënt\r\n",
        );
        for (i, row) in rows.iter().enumerate() {
            let client = [BSN[i], BIRTH_DATES[i], NAMES[i]];
            text.push_str(&[&row[..], &client[..]].concat().join(";"));
            text.push_str("\r\n");
        }
        // Windows-1252: the text's letters outside ASCII are Latin-1's.
        text.chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
            .collect()
    }

    /// The interchange file of the same registrations: `rows` as written
    /// (`registration_id,organisation,start_date,end_date,form,main_domain,
    /// area,referred_by`), each with the BSN and birth year of its place.
    pub fn twin(rows: &[&str]) -> String {
        let mut text = String::from(
            "registration_id,organisation,start_date,end_date,form,main_domain,area,referred_by,client_code,birth_year\n",
        );
        for (i, row) in rows.iter().enumerate() {
            text.push_str(&format!("{row},{},{}\n", BSN[i], &BIRTH_DATES[i][6..]));
        }
        text
    }

    /// Every personal value of the first `rows` rows: none may be stored.
    pub fn private(rows: usize) -> Vec<&'static str> {
        (0..rows)
            .flat_map(|i| [BSN[i], NAMES[i], BIRTH_DATES[i]])
            .collect()
    }
}

/// A CBS file as downloaded, among the copies of `../shared/reference/cbs/`
/// in this crate's `tests/fixtures/cbs/` (with their source and licence):
/// its path.
pub fn cbs_fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cbs")
        .join(name)
}

/// The cells of a StatLine export as a person reads them, to work out
/// figures by hand: the header and the rows, split on `;` with their
/// quotes taken off.
pub fn statline_cells(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut lines = text.trim_start_matches('\u{feff}').lines().map(|l| {
        l.split(';')
            .map(|c| c.trim().trim_matches('"').to_string())
            .collect::<Vec<_>>()
    });
    let header = lines.next().unwrap_or_default();
    (header, lines.collect())
}

/// CBS's national StatLine export of regional key figures (every
/// municipality by label, 2025).
pub const REGIONAL_EXPORT: &str = "70072ned_regionale-kerncijfers_statline-export.csv";

/// By hand from [`REGIONAL_EXPORT`]: the municipalities whose inhabitants
/// on 1 January (the export's third column) `keep`, with their share of
/// children under 5, by their StatLine label.
pub fn under_5_by_hand(keep: impl Fn(f64) -> bool) -> Vec<(String, f64)> {
    let text = std::fs::read_to_string(cbs_fixture(REGIONAL_EXPORT)).expect("the export");
    let (header, rows) = statline_cells(&text);
    let young = header
        .iter()
        .position(|h| h.ends_with("relatief/Jonger dan 5 jaar (%)"))
        .expect("the column");
    let number = |s: &str| s.replace(',', ".").parse::<f64>().ok();
    rows.iter()
        .filter(|r| r[1] != "Nederland")
        .filter(|r| number(&r[2]).is_some_and(&keep))
        .filter_map(|r| Some((r[1].clone(), number(&r[young])?)))
        .collect()
}
