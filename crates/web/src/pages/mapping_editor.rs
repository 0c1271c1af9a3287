//! The editor of one mapping, laid out from the mapping and, when there is
//! one, its sample: per source column what it becomes (a personal column
//! offers only what makes it safe), the date format, fixed values for what
//! the source lacks, every value of the source that is no code with the
//! codes to choose from, the first rows as they will be stored, and what
//! still stops saving. The form it sends back is read by [`mapping_of`].

use crate::access::Access;
use crate::error::PageError;
use crate::form::FormData;
use crate::pages::layout::Chrome;
use crate::samples::Sample;
use crate::state::AppState;
use askama::Template;
use domain::fold::fold;
use importer::Known;
use interchange::mapping::source::HeaderRule;
use interchange::mapping::{
    profile, read_source, Coding, DateFormat, MappingProblem, Private, Profile, SourceColumn,
};
use interchange::{FileKind, FileProblem, Mapping};
use publish::messages::Messages;
use std::collections::BTreeMap;

/// The rows of a sample the preview shows.
const PREVIEW_ROWS: usize = 5;

/// A source column in the editor.
struct EditorColumn {
    source: String,
    private: String,
    /// The personal data it holds, in words (empty: none).
    private_label: String,
    /// How many rows have a value, and a few of them.
    seen: String,
    /// The interchange column chosen ("" = left out).
    to: String,
    options: Vec<(String, String)>,
}

/// A fixed value for every row.
struct FixedField {
    column: String,
    label: String,
    value: String,
    /// The codes to choose from, when the column takes codes.
    options: Vec<(String, String)>,
}

/// A source value and the code it stands for.
struct ValueRow {
    column: String,
    value: String,
    label: String,
    code: String,
    options: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "mapping.html")]
pub(crate) struct EditorPage<'a> {
    chrome: &'a Chrome,
    organisation: String,
    organisation_name: String,
    name: String,
    original: String,
    kind: String,
    kind_label: String,
    sheet: String,
    header: bool,
    dates: String,
    date_options: Vec<(String, String)>,
    sample: String,
    sample_name: String,
    /// What the sample is: rows, encoding, sheets, header line.
    sample_facts: Vec<String>,
    columns: Vec<EditorColumn>,
    fixed: Vec<FixedField>,
    values: Vec<ValueRow>,
    preview_header: Vec<String>,
    preview: Vec<Vec<String>>,
    /// Why the preview cannot be shown.
    preview_problem: Option<String>,
    /// What stops saving.
    problems: Vec<String>,
    /// Whether a save was tried and refused.
    pub(crate) refused: bool,
}

/// The mapping the editor's form describes.
pub(crate) fn mapping_of(form: &FormData) -> Mapping {
    let mut columns = Vec::new();
    for i in 0.. {
        let key = |part: &str| format!("c{i}.{part}");
        if !form.sent(&key("source")) {
            break;
        }
        let private = Private::ALL
            .iter()
            .copied()
            .find(|p| p.code() == form.get(&key("private")));
        columns.push(SourceColumn {
            source: form.raw(&key("source")).to_string(),
            to: Some(form.get(&key("to")).to_string()).filter(|t| !t.is_empty()),
            private,
        });
    }
    let mut values: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for j in 0.. {
        let key = |part: &str| format!("v{j}.{part}");
        if !form.sent(&key("value")) {
            break;
        }
        let code = form.get(&key("code"));
        if !code.is_empty() {
            values
                .entry(form.get(&key("column")).to_string())
                .or_default()
                .insert(form.raw(&key("value")).to_string(), code.to_string());
        }
    }
    let fixed = form
        .all("fixed")
        .into_iter()
        .filter_map(|column| {
            let value = form.get(&format!("f.{column}"));
            (!value.is_empty()).then(|| (column.to_string(), value.to_string()))
        })
        .collect();
    Mapping {
        name: form.get("name").to_string(),
        kind: form.get("kind").to_string(),
        sheet: Some(form.get("sheet").to_string()).filter(|s| !s.is_empty()),
        header: form.get("header") != "0",
        dates: DateFormat::parse(form.get("dates")).unwrap_or_default(),
        columns,
        fixed,
        values,
    }
}

/// The editor of `mapping`, over its sample when there is one.
pub(crate) fn editor<'a>(
    app: &AppState,
    access: &'a Access,
    known: &Known,
    mapping: Mapping,
    original: String,
    sample: Option<(String, Sample)>,
    new: &[(String, String)],
) -> Result<EditorPage<'a>, PageError> {
    let m = access.chrome.m;
    let org = access.organisation();
    let kind = mapping.file_kind().map_err(|_| PageError::BadInput)?;
    let rule = match mapping.header {
        true => HeaderRule::Find,
        false => HeaderRule::None,
    };
    let read = sample.as_ref().map(|(_, s)| {
        read_source(
            &s.bytes,
            mapping.sheet.as_deref(),
            rule,
            &app.settings.limits,
        )
        .map(|source| {
            let seen = profile(kind, &source);
            (source, seen)
        })
    });
    let mut page = EditorPage {
        chrome: &access.chrome,
        organisation: org.code.as_str().to_string(),
        organisation_name: org.name.clone(),
        name: mapping.name.clone(),
        original,
        kind: mapping.kind.clone(),
        kind_label: m.label("kind", &mapping.kind),
        sheet: mapping.sheet.clone().unwrap_or_default(),
        header: mapping.header,
        dates: mapping.dates.code().to_string(),
        date_options: DateFormat::ALL
            .iter()
            .map(|f| (f.code().to_string(), m.label("dates", f.code())))
            .collect(),
        sample: sample.as_ref().map(|(t, _)| t.clone()).unwrap_or_default(),
        sample_name: sample
            .as_ref()
            .map(|(_, s)| s.name.clone())
            .unwrap_or_default(),
        sample_facts: Vec::new(),
        columns: Vec::new(),
        fixed: Vec::new(),
        values: Vec::new(),
        preview_header: Vec::new(),
        preview: Vec::new(),
        preview_problem: None,
        problems: mapping.check().iter().map(|p| said_problem(p, m)).collect(),
        refused: false,
    };
    let mut unknown: Vec<(String, String, usize)> =
        new.iter().map(|(c, v)| (c.clone(), v.clone(), 0)).collect();
    match read {
        Some(Ok((source, seen))) => {
            page.sample_facts = facts(&seen, m);
            page.columns = seen
                .columns
                .iter()
                .map(|c| {
                    let chosen = mapping
                        .columns
                        .iter()
                        .find(|s| fold(&s.source) == fold(&c.source));
                    let private = chosen.and_then(|s| s.private).or(c.private);
                    let to = chosen.and_then(|s| s.to.clone()).unwrap_or_default();
                    editor_column(kind, &c.source, private, seen_text(c, m), to, m)
                })
                .collect();
            match mapping.translate(&source.table, org, known) {
                Ok(translated) => {
                    page.preview_header = translated
                        .table
                        .header
                        .iter()
                        .map(|h| m.label("field", h))
                        .collect();
                    let header = &translated.table.header;
                    page.preview = translated
                        .table
                        .rows(0..translated.table.len().min(PREVIEW_ROWS))
                        .map(|r| shown_cells(kind, header, r.cells, org, known, m))
                        .collect();
                }
                Err(FileProblem::UnknownValues { values, .. }) => {
                    page.preview_problem = Some(m.get("mapping.preview_unknown").to_string());
                    unknown.extend(values.into_iter().map(|v| (v.column, v.value, v.count)));
                }
                Err(problem) => {
                    page.preview_problem =
                        Some(crate::pages::records::said_file_problem(&problem, m))
                }
            }
        }
        Some(Err(problem)) => {
            page.preview_problem = Some(crate::pages::records::said_file_problem(&problem, m));
            page.columns = saved_columns(kind, &mapping, m);
        }
        None => page.columns = saved_columns(kind, &mapping, m),
    }
    page.fixed = fixed_fields(kind, &mapping, org, known, m);
    page.values = value_rows(kind, &mapping, &unknown, org, known, m);
    Ok(page)
}

/// The columns of a mapping shown without a sample.
fn saved_columns(kind: FileKind, mapping: &Mapping, m: &Messages) -> Vec<EditorColumn> {
    mapping
        .columns
        .iter()
        .map(|c| {
            editor_column(
                kind,
                &c.source,
                c.private,
                String::new(),
                c.to.clone().unwrap_or_default(),
                m,
            )
        })
        .collect()
}

fn editor_column(
    kind: FileKind,
    source: &str,
    private: Option<Private>,
    seen: String,
    to: String,
    m: &Messages,
) -> EditorColumn {
    let mut options = vec![(String::new(), m.get("mapping.left_out").to_string())];
    match private {
        Some(p) => options.extend(
            p.fills()
                .iter()
                .map(|f| (f.to_string(), m.label("mapping.derived", f))),
        ),
        None => options.extend(
            kind.columns()
                .iter()
                .map(|c| (c.name.to_string(), m.label("field", c.name))),
        ),
    }
    if !to.is_empty() && !options.iter().any(|(v, _)| *v == to) {
        options.push((to.clone(), to.clone()));
    }
    EditorColumn {
        source: source.to_string(),
        private: private.map(|p| p.code().to_string()).unwrap_or_default(),
        private_label: private
            .map(|p| m.fill("mapping.private", &[("what", m.label("private", p.code()))]))
            .unwrap_or_default(),
        seen,
        to,
        options,
    }
}

/// How full a column is and a few of its values, in words.
fn seen_text(c: &interchange::mapping::ColumnProfile, m: &Messages) -> String {
    let examples: Vec<String> = c
        .values
        .iter()
        .take(3)
        .map(|(v, n)| format!("{v} ({n}×)"))
        .collect();
    let one = if c.filled == 1 { "_one" } else { "" };
    let values = [
        ("filled", c.filled.to_string()),
        ("examples", examples.join(", ")),
    ];
    match examples.is_empty() {
        true => m.fill(&format!("mapping.filled{one}"), &values),
        false => m.fill(&format!("mapping.filled{one}_with"), &values),
    }
}

/// What the sample is, in short lines.
fn facts(seen: &Profile, m: &Messages) -> Vec<String> {
    let mut facts = vec![m.fill("mapping.rows", &[("rows", seen.rows.to_string())])];
    match seen.header_line {
        Some(1) => {}
        Some(line) => facts.push(m.fill("mapping.header_at", &[("line", line.to_string())])),
        None => facts.push(m.get("mapping.no_header").to_string()),
    }
    if seen.encoding == interchange::mapping::Encoding::Windows1252 {
        facts.push(m.get("mapping.windows_1252").to_string());
    }
    if seen.sheets.len() > 1 {
        let sheet = seen.sheet.clone().unwrap_or_default();
        facts.push(m.fill(
            "mapping.sheets",
            &[("sheet", sheet), ("sheets", seen.sheets.join(", "))],
        ));
    }
    facts
}

/// The cells of a preview row as they will be stored, named: a code by
/// its name ("Informatie en advies"), a pseudonym shortened (the whole is
/// of no use to read).
fn shown_cells(
    kind: FileKind,
    header: &[String],
    cells: Vec<String>,
    org: &domain::Organisation,
    known: &Known,
    m: &Messages,
) -> Vec<String> {
    header
        .iter()
        .zip(cells)
        .map(|(h, c)| match Coding::of(kind, h) {
            _ if h == "client_pseudonym" && c.len() > 10 => format!("{}…", &c[..8]),
            Some(coding) => interchange::mapping::translate::elements(h, &c)
                .into_iter()
                .map(|element| {
                    let code = coding.code_of(element, org, known);
                    let name = code.as_deref().and_then(|code| {
                        let choices = coding.choices(org, known);
                        let named = choices.into_iter().find(|(c, _)| c == code)?.1;
                        Some(named.unwrap_or_else(|| {
                            coding.list().map_or(code.to_string(), |l| m.label(l, code))
                        }))
                    });
                    name.unwrap_or_else(|| element.to_string())
                })
                .collect::<Vec<_>>()
                .join(", "),
            None => c,
        })
        .collect()
}

/// The codes of a coded column as a select offers them: code and name.
fn code_options(
    coding: Coding,
    org: &domain::Organisation,
    known: &Known,
    m: &Messages,
) -> Vec<(String, String)> {
    let mut options = vec![(String::new(), m.get("mapping.choose").to_string())];
    options.extend(coding.choices(org, known).into_iter().map(|(code, name)| {
        let name =
            name.unwrap_or_else(|| coding.list().map_or(code.clone(), |l| m.label(l, &code)));
        (code, name)
    }));
    options
}

/// The required columns no source column fills, and those with a fixed
/// value: each with its value.
fn fixed_fields(
    kind: FileKind,
    mapping: &Mapping,
    org: &domain::Organisation,
    known: &Known,
    m: &Messages,
) -> Vec<FixedField> {
    kind.columns()
        .iter()
        .filter(|c| c.name != "organisation")
        .filter(|c| {
            let unfilled = mapping.source_of(c.name).is_none();
            let one_of = interchange::mapping::one_of(kind)
                .iter()
                .find(|g| g.first() == Some(&c.name));
            let none_of = one_of.is_some_and(|g| g.iter().all(|o| mapping.source_of(o).is_none()));
            (c.required && unfilled) || none_of || mapping.fixed.contains_key(c.name)
        })
        .map(|c| FixedField {
            column: c.name.to_string(),
            label: m.label("field", c.name),
            value: mapping.fixed.get(c.name).cloned().unwrap_or_default(),
            options: Coding::of(kind, c.name)
                .map(|coding| code_options(coding, org, known, m))
                .unwrap_or_default(),
        })
        .collect()
}

/// The values to map: those the mapping maps, and those it does not know
/// (from the sample, or a later export), each with the codes of its
/// column.
fn value_rows(
    kind: FileKind,
    mapping: &Mapping,
    unknown: &[(String, String, usize)],
    org: &domain::Organisation,
    known: &Known,
    m: &Messages,
) -> Vec<ValueRow> {
    let mut rows: Vec<(String, String, Option<usize>)> = Vec::new();
    for (column, value, count) in unknown {
        if !rows.iter().any(|(c, v, _)| c == column && v == value) {
            rows.push((
                column.clone(),
                value.clone(),
                Some(*count).filter(|n| *n > 0),
            ));
        }
    }
    for (column, map) in &mapping.values {
        for value in map.keys() {
            if !rows.iter().any(|(c, v, _)| c == column && v == value) {
                rows.push((column.clone(), value.clone(), None));
            }
        }
    }
    rows.into_iter()
        .filter_map(|(column, value, count)| {
            let coding = Coding::of(kind, &column)?;
            let source = mapping
                .source_of(&column)
                .map(|s| s.source.clone())
                .unwrap_or_default();
            let label = match count {
                Some(n) => m.fill(
                    "mapping.value_seen",
                    &[
                        ("value", value.clone()),
                        ("source", source),
                        ("count", n.to_string()),
                    ],
                ),
                None => m.fill(
                    "mapping.value_in",
                    &[("value", value.clone()), ("source", source)],
                ),
            };
            Some(ValueRow {
                code: mapping
                    .values
                    .get(&column)
                    .and_then(|v| v.get(&value))
                    .cloned()
                    .unwrap_or_default(),
                options: code_options(coding, org, known, m),
                column,
                value,
                label,
            })
        })
        .collect()
}

/// A problem of a mapping in the page's language.
pub(crate) fn said_problem(problem: &MappingProblem, m: &Messages) -> String {
    let mut values = problem.values();
    for (name, value) in values.iter_mut() {
        if matches!(*name, "column" | "other") {
            *value = m.label("field", value);
        }
        if *name == "private" {
            *value = m.label("private", value);
        }
    }
    m.fill(&format!("mapping_problem.{}", problem.code()), &values)
}

impl EditorPage<'_> {
    /// Whether a code list option is the chosen one.
    fn chosen(&self, value: &str, chosen: &str) -> bool {
        value == chosen
    }
}
