//! The forms of the coordinator, researcher and registrant for everything
//! besides individual registrations: the DIN (themes with their ZRM
//! domains per year, goals, efforts, partners), collective activity
//! periods, planned reach, narratives and area profiles. A form has no
//! rules of its own: what was typed becomes one row of the interchange
//! file of its kind and goes through the importer, so every door has the
//! same validation. The overview of a group lists what is stored, from the
//! same export the command line writes.

use crate::access::Access;
use crate::error::PageError;
use crate::form::FormData;
use crate::pages::layout::Chrome;
use crate::pages::{render, Refusal};
use crate::state::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use domain::{
    AreaProfileSection, Coded, CollectiveStatus, EffortCategory, GoalType, NarrativeSection,
    Nature, PartnerLine, PartnerSector,
};
use importer::{ImportOptions, InputFile};
use interchange::FileKind;
use std::collections::HashMap;
use store::OrganisationRecords;

/// A group of record kinds with one overview page.
#[derive(Debug, Clone, Copy)]
pub struct Group {
    /// The path segment after `/organisations/{org}/`.
    pub path: &'static str,
    /// Its kinds, in the order of the overview.
    pub kinds: &'static [FileKind],
}

/// The DIN: themes, goals, efforts and partners.
pub const DIN: Group = Group {
    path: "din",
    kinds: &[
        FileKind::Themes,
        FileKind::Goals,
        FileKind::Efforts,
        FileKind::Partners,
    ],
};
/// Collective activity periods.
pub const COLLECTIVE: Group = Group {
    path: "collective",
    kinds: &[FileKind::Collective],
};
/// Planned reach.
pub const PLAN: Group = Group {
    path: "plan",
    kinds: &[FileKind::ReachPlan],
};
/// Narratives and area profiles.
pub const TEXTS: Group = Group {
    path: "texts",
    kinds: &[FileKind::Narrative, FileKind::AreaProfiles],
};

/// The columns that identify a stored row of a kind (the edit link's query).
fn identifying(kind: FileKind) -> &'static [&'static str] {
    match kind {
        FileKind::Themes => &["theme", "year"],
        FileKind::Goals => &["goal_id"],
        FileKind::Efforts => &["effort_id"],
        FileKind::Partners => &["partner_id"],
        FileKind::Collective => &["activity", "area", "group", "period_start"],
        FileKind::ReachPlan => &["year", "societal_task", "service"],
        FileKind::Narrative => &["theme", "year", "section", "goal"],
        FileKind::AreaProfiles => &["area", "year", "section"],
        _ => &[],
    }
}

/// The columns shown in the overview.
fn shown(kind: FileKind) -> &'static [&'static str] {
    match kind {
        FileKind::Themes => &["name", "year", "zrm_domains"],
        FileKind::Goals => &["text_operational", "theme", "type"],
        FileKind::Efforts => &["name", "category", "stopped"],
        FileKind::Partners => &["name", "sector", "line"],
        FileKind::Collective => &[
            "activity",
            "group",
            "area",
            "period_start",
            "period_end",
            "meetings",
            "participants_total",
            "group_strength_start",
            "group_strength_end",
            "status",
        ],
        FileKind::ReachPlan => &["year", "societal_task", "service", "planned", "achieved"],
        FileKind::Narrative => &["theme", "year", "section", "goal"],
        FileKind::AreaProfiles => &["area", "year", "section"],
        _ => &[],
    }
}

fn kind_of(group: Group, raw: &str) -> Result<FileKind, PageError> {
    group
        .kinds
        .iter()
        .copied()
        .find(|k| k.code() == raw)
        .ok_or(PageError::NotFound)
}

/// How a field is typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Widget {
    /// One line of text.
    Line,
    /// A date.
    Day,
    /// Several lines (Markdown where the field is a text).
    Lines,
    /// One of a list.
    One(Vec<(String, String)>),
    /// Any of a list.
    Any(Vec<(String, String)>),
}

/// A field of the form.
#[derive(Debug, Clone)]
pub struct Field {
    /// The column name (the field's name).
    pub name: &'static str,
    /// Whether the file kind requires it.
    pub required: bool,
    /// How it is typed.
    pub widget: Widget,
}

fn coded<T: Coded>(m: &publish::Messages, list: &str) -> Vec<(String, String)> {
    T::ALL
        .iter()
        .map(|c| (c.code().to_string(), m.label(list, c.code())))
        .collect()
}

pub(crate) fn widget(
    kind: FileKind,
    column: &str,
    records: &OrganisationRecords,
    vocabulary: &domain::Vocabulary,
    m: &publish::Messages,
) -> Widget {
    let items = |list: &[domain::ReferenceItem]| {
        list.iter()
            .map(|i| (i.code.clone(), i.name.clone()))
            .collect::<Vec<_>>()
    };
    let mut themes: Vec<(String, String)> = records
        .themes
        .iter()
        .map(|t| (t.code.as_str().to_string(), t.name.clone()))
        .collect();
    themes.sort();
    themes.dedup_by(|a, b| a.0 == b.0);
    let goals = || {
        records
            .goals
            .iter()
            .map(|g| (g.id.as_str().to_string(), g.text_operational.clone()))
            .collect::<Vec<_>>()
    };
    let areas = || {
        records
            .organisation
            .areas
            .iter()
            .map(|a| (a.as_str().to_string(), a.as_str().to_string()))
            .collect::<Vec<_>>()
    };
    let indicators = || {
        let mut list: Vec<(String, String)> = records
            .definitions
            .iter()
            .map(|d| (d.indicator.as_str().to_string(), d.name.clone()))
            .collect();
        list.sort_by(|a, b| a.1.cmp(&b.1));
        list.dedup_by(|a, b| a.0 == b.0);
        list
    };
    match (kind, column) {
        (FileKind::Themes, "context_indicators") => Widget::Any(indicators()),
        (FileKind::Themes, "continues") => Widget::One(
            records
                .themes
                .iter()
                .map(|t| {
                    (
                        t.code.as_str().to_string(),
                        format!("{} ({})", t.name, t.year),
                    )
                })
                .collect(),
        ),
        (FileKind::Goals, "key_figures") => Widget::Any(key_figures(vocabulary, m, indicators())),
        (_, "zrm_domains") => Widget::Any(items(&vocabulary.zrm_domains)),
        (_, "pg_dimensions") => Widget::Any(items(&vocabulary.pg_dimensions)),
        (FileKind::Goals, "type") => Widget::One(coded::<GoalType>(m, "goal_type")),
        (_, "category") => Widget::One(coded::<EffortCategory>(m, "category")),
        (_, "nature") => Widget::One(coded::<Nature>(m, "nature")),
        (_, "sector") => Widget::One(coded::<PartnerSector>(m, "sector")),
        (_, "line") => Widget::One(coded::<PartnerLine>(m, "line")),
        (_, "status") => Widget::One(coded::<CollectiveStatus>(m, "collective_status")),
        (FileKind::Narrative, "section") => {
            Widget::One(coded::<NarrativeSection>(m, "narrative_section"))
        }
        (FileKind::AreaProfiles, "section") => {
            Widget::One(coded::<AreaProfileSection>(m, "area_section"))
        }
        (FileKind::Efforts, "themes") => Widget::Any(themes),
        (_, "theme") => Widget::One(themes),
        (FileKind::Efforts, "goals") => Widget::Any(goals()),
        (_, "goal") => Widget::One(goals()),
        (FileKind::Efforts, "partners") => Widget::Any(
            records
                .partners
                .iter()
                .map(|p| (p.id.as_str().to_string(), p.name.clone()))
                .collect(),
        ),
        (FileKind::Partners, "areas") => Widget::Any(areas()),
        (_, "area") => Widget::One(areas()),
        (FileKind::Collective, "activity") => Widget::One(
            records
                .efforts
                .iter()
                .filter(|e| e.category == EffortCategory::CollectiveActivity)
                .map(|e| (e.id.as_str().to_string(), e.name.clone()))
                .collect(),
        ),
        (_, "started" | "stopped" | "target_date" | "period_start" | "period_end") => Widget::Day,
        (_, "text" | "description" | "text_operational" | "text_original" | "stop_reason") => {
            Widget::Lines
        }
        _ => Widget::Line,
    }
}

fn fields(
    kind: FileKind,
    records: &OrganisationRecords,
    vocabulary: &domain::Vocabulary,
    m: &publish::Messages,
) -> Vec<Field> {
    kind.columns()
        .iter()
        .filter(|c| c.name != "organisation")
        .map(|c| Field {
            name: c.name,
            required: c.required,
            widget: widget(kind, c.name, records, vocabulary, m),
        })
        .collect()
}

/// The stored rows of a kind as the export writes them: header and rows.
pub(crate) async fn stored(
    app: &AppState,
    access: &Access,
    kind: FileKind,
) -> Result<(Vec<String>, Vec<Vec<String>>), PageError> {
    let (bytes, _) = importer::export(&app.store, kind, Some(&access.organisation().code)).await?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(bytes.as_slice());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| PageError::internal("export", e))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    let rows = reader
        .records()
        .map(|r| r.map(|r| r.iter().map(str::to_string).collect()))
        .collect::<Result<Vec<Vec<String>>, _>>()
        .map_err(|e| PageError::internal("export", e))?;
    Ok((header, rows))
}

/// A stored value as a person reads it in a list: the names of coded
/// values (themes, domains, categories, partners, activities …) in place
/// of their codes, a group strength with its words, long texts cut.
fn readable(column: &str, value: &str, widget: &Widget, m: &publish::Messages) -> String {
    let name = |code: &str| {
        let list = match widget {
            Widget::One(list) | Widget::Any(list) => list.as_slice(),
            _ => &[],
        };
        list.iter()
            .find(|(c, _)| c == code)
            .map_or_else(|| code.to_string(), |(_, name)| name.clone())
    };
    let shown = match (widget, column) {
        (Widget::Any(_), _) => value
            .split('|')
            .filter(|v| !v.is_empty())
            .map(name)
            .collect::<Vec<_>>()
            .join(", "),
        (Widget::One(_), _) => name(value),
        (_, "group_strength_start" | "group_strength_end") if !value.is_empty() => {
            let words = m.get(&format!("strength.{value}")).to_string();
            m.fill(
                "card.strength_value",
                &[("value", value.to_string()), ("words", words)],
            )
        }
        _ => value.to_string(),
    };
    shown.chars().take(90).collect()
}

/// A text's version as a person reads it: what it is about by name
/// (theme, section, goal, area), when in the Netherlands' time, who by
/// user name.
fn readable_version(
    mut version: store::TextVersion,
    records: &OrganisationRecords,
    m: &publish::Messages,
) -> store::TextVersion {
    let part = |i: usize| version.parts.get(i).map_or("", String::as_str);
    let named: Vec<String> = match version.kind {
        store::TextKind::Narratives => {
            let theme = records
                .themes
                .iter()
                .find(|t| t.code.as_str() == part(0))
                .map_or_else(|| part(0).to_string(), |t| t.name.clone());
            let goal = records
                .goals
                .iter()
                .find(|g| g.id.as_str() == part(3))
                .map(|g| g.text_operational.clone());
            [Some(theme), Some(part(1).to_string())]
                .into_iter()
                .chain([Some(m.label("narrative_section", part(2))), goal])
                .flatten()
                .collect()
        }
        store::TextKind::AreaProfiles => {
            // The whole municipality where no area is named: by its name.
            let names = crate::publications::municipality_names(records);
            let municipality = records
                .organisation
                .municipalities
                .iter()
                .position(|c| c.as_str() == part(1))
                .and_then(|i| names.get(i).cloned());
            let place = match part(0) {
                "" => municipality.unwrap_or_default(),
                area => area.to_string(),
            };
            vec![place, part(2).to_string(), m.label("area_section", part(3))]
        }
    };
    version.about = named
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    version.changed_at = crate::clock::local_time(&version.changed_at, m);
    version.changed_by = crate::clock::person(&version.changed_by, m);
    version
}

/// One kind in the overview.
struct Listing {
    kind: &'static str,
    columns: Vec<&'static str>,
    /// Per row: the shown values and the edit address.
    rows: Vec<(Vec<String>, String)>,
}

#[derive(Template)]
#[template(path = "records.html")]
struct OverviewPage<'a> {
    chrome: &'a Chrome,
    organisation: String,
    organisation_name: String,
    group: &'static str,
    listings: Vec<Listing>,
    /// The DIN's dated versions (the DIN overview only).
    versions: Vec<String>,
    /// The text versions (the texts overview only): about, when, who, text.
    history: Vec<store::TextVersion>,
    /// The goals' interpretations per theme (the texts overview only).
    interpretations: Vec<crate::pages::texts::ThemeTexts>,
    published: Option<String>,
}

fn query_of(pairs: &[(&str, &str)]) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        out.append_pair(k, v);
    }
    out.finish()
}

async fn overview(
    app: AppState,
    access: Access,
    group: Group,
    query: HashMap<String, String>,
) -> Result<Response, PageError> {
    let organisation = access.organisation();
    let org = organisation.code.as_str();
    let m = access.chrome.m;
    let (records, vocabulary) = crate::pages::records_of(&app, &access).await?;
    let mut listings = Vec::new();
    for kind in group.kinds {
        let (header, rows) = stored(&app, &access, *kind).await?;
        let at = |name: &str| header.iter().position(|h| h == name);
        let columns: Vec<&'static str> = shown(*kind)
            .iter()
            .copied()
            .filter(|c| at(c).is_some())
            .collect();
        let widgets: Vec<Widget> = columns
            .iter()
            .map(|c| widget(*kind, c, &records, &vocabulary, m))
            .collect();
        let rows = rows
            .iter()
            .map(|row| {
                let value =
                    |name: &str| at(name).and_then(|i| row.get(i)).map_or("", String::as_str);
                let cells = columns
                    .iter()
                    .zip(&widgets)
                    .map(|(c, w)| readable(c, value(c), w, m))
                    .collect();
                let pairs: Vec<(&str, &str)> =
                    identifying(*kind).iter().map(|c| (*c, value(c))).collect();
                (
                    cells,
                    format!(
                        "/organisations/{org}/{}/{}?{}",
                        group.path,
                        kind.code(),
                        query_of(&pairs)
                    ),
                )
            })
            .collect();
        listings.push(Listing {
            kind: kind.code(),
            columns,
            rows,
        });
    }
    let versions = if group.path == DIN.path {
        app.store
            .din_versions(&organisation.code)
            .await?
            .into_iter()
            .map(|(date, _)| date)
            .collect()
    } else {
        vec![]
    };
    let history = if group.path == TEXTS.path {
        let mut all = app
            .store
            .text_versions(&organisation.code, store::TextKind::Narratives)
            .await?;
        all.extend(
            app.store
                .text_versions(&organisation.code, store::TextKind::AreaProfiles)
                .await?,
        );
        all.sort_by(|a, b| b.changed_at.cmp(&a.changed_at));
        all.into_iter()
            .map(|v| readable_version(v, &records, m))
            .collect()
    } else {
        vec![]
    };
    let interpretations = match group.path == TEXTS.path {
        true => crate::pages::texts::interpretations(&app, &access, &records).await?,
        false => vec![],
    };
    render(&OverviewPage {
        chrome: &access.chrome,
        organisation: org.to_string(),
        organisation_name: organisation.name.clone(),
        group: group.path,
        listings,
        versions,
        history,
        interpretations,
        published: query.get("published").cloned(),
    })
}

#[derive(Template)]
#[template(path = "record.html")]
struct RecordPage<'a> {
    chrome: &'a Chrome,
    organisation: String,
    organisation_name: String,
    group: &'static str,
    kind: &'static str,
    fields: Vec<Field>,
    form: FormData,
    refusal: Refusal,
    saved: bool,
    /// Whether the form shows a stored row (edited) rather than a new one.
    existing: bool,
    /// Beside a goal's interpretation: the goal, its figures, last year's
    /// text and the preview.
    beside: Option<crate::pages::texts::Beside>,
}

impl RecordPage<'_> {
    /// "Nieuw doel" for a new row, "Doel wijzigen" for a stored one.
    fn title(&self) -> String {
        match self.existing {
            true => self.chrome.tk("edit", self.kind),
            false => self.chrome.tk("new", self.kind),
        }
    }

    fn label(&self, field: &str) -> String {
        self.chrome.tk("field", field)
    }

    /// The refused fields in the order the form shows them.
    fn errors_in_order(&self) -> Vec<(&String, &Vec<String>)> {
        let place = |name: &str| {
            self.fields
                .iter()
                .position(|f| f.name == name)
                .unwrap_or(usize::MAX)
        };
        let mut errors: Vec<_> = self.refusal.errors.iter().collect();
        errors.sort_by_key(|(name, _)| place(name));
        errors
    }

    fn described_by(&self, field: &Field) -> String {
        let mut ids = Vec::new();
        if self.hint_key(field.name).is_some() {
            ids.push(format!("{}-hint", field.name));
        }
        if self.refusal.has_error(field.name) {
            ids.push(format!("{}-error", field.name));
        }
        ids.join(" ")
    }

    /// The hint of a field: `hint.<kind>.<field>` where one is written
    /// for this kind of record, else `hint.<field>`.
    fn hint_key(&self, field: &str) -> Option<String> {
        [
            format!("hint.{}.{field}", self.kind),
            format!("hint.{field}"),
        ]
        .into_iter()
        .find(|key| self.chrome.m.has(key))
    }

    fn hint(&self, field: &str) -> Option<String> {
        self.hint_key(field).map(|key| self.chrome.t(&key))
    }
}

/// Whether a row with the form's identifying values is stored (a refused
/// form edits it) rather than new.
async fn is_stored(
    app: &AppState,
    access: &Access,
    kind: FileKind,
    form: &FormData,
) -> Result<bool, PageError> {
    let identifying = identifying(kind);
    if identifying.iter().all(|c| form.get(c).is_empty()) {
        return Ok(false);
    }
    let (header, rows) = stored(app, access, kind).await?;
    let at = |name: &str| header.iter().position(|h| h == name);
    Ok(rows.iter().any(|row| {
        identifying
            .iter()
            .all(|c| at(c).and_then(|i| row.get(i)).map(String::as_str) == Some(form.get(c)))
    }))
}

/// Where the row of a form stands: just saved, stored before, and
/// whether the text typed is to be previewed.
#[derive(Debug, Clone, Copy)]
struct RowState {
    saved: bool,
    existing: bool,
    preview: bool,
}

async fn record_page<'a>(
    access: &'a Access,
    app: &AppState,
    group: Group,
    kind: FileKind,
    form: FormData,
    refusal: Refusal,
    state: RowState,
) -> Result<RecordPage<'a>, PageError> {
    let organisation = access.organisation();
    let (records, vocabulary) = crate::pages::records_of(app, access).await?;
    let beside = match kind {
        FileKind::Narrative => {
            crate::pages::texts::beside(app, access, &records, &form, state.preview).await?
        }
        _ => None,
    };
    Ok(RecordPage {
        chrome: &access.chrome,
        organisation: organisation.code.as_str().to_string(),
        organisation_name: organisation.name.clone(),
        group: group.path,
        kind: kind.code(),
        fields: fields(kind, &records, &vocabulary, access.chrome.m),
        form,
        refusal,
        saved: state.saved,
        existing: state.existing,
        beside,
    })
}

/// The form of a kind: empty, or the stored row whose identifying columns
/// the query names.
async fn form(
    app: AppState,
    access: Access,
    group: Group,
    raw: String,
    query: HashMap<String, String>,
) -> Result<Response, PageError> {
    let kind = kind_of(group, &raw)?;
    let mut form = FormData::default();
    let mut existing = false;
    let wanted: Vec<(&str, &String)> = identifying(kind)
        .iter()
        .filter_map(|c| query.get(*c).map(|v| (*c, v)))
        .collect();
    if !wanted.is_empty() {
        let (header, rows) = stored(&app, &access, kind).await?;
        let at = |name: &str| header.iter().position(|h| h == name);
        let row = rows.iter().find(|row| {
            wanted
                .iter()
                .all(|(c, v)| at(c).and_then(|i| row.get(i)) == Some(*v))
        });
        existing = row.is_some();
        // Nothing stored under those values: a new row, begun with them
        // (a publication's "write the interpretation" link).
        let (names, values): (Vec<&str>, Vec<&str>) = match row {
            Some(row) => header
                .iter()
                .map(String::as_str)
                .zip(row.iter().map(String::as_str))
                .unzip(),
            None => wanted.iter().map(|(c, v)| (*c, v.as_str())).unzip(),
        };
        let mut pairs = form_urlencoded::Serializer::new(String::new());
        for (name, value) in names.into_iter().zip(values) {
            if is_list(name) {
                for part in value.split('|').filter(|p| !p.is_empty()) {
                    pairs.append_pair(name, part);
                }
            } else {
                pairs.append_pair(name, value);
            }
        }
        form = FormData::parse(pairs.finish().as_bytes());
    }
    let saved = query.contains_key("saved");
    let refusal = Refusal::default();
    let state = RowState {
        saved,
        existing,
        preview: false,
    };
    render(&record_page(&access, &app, group, kind, form, refusal, state).await?)
}

fn is_list(column: &str) -> bool {
    matches!(
        column,
        "zrm_domains"
            | "pg_dimensions"
            | "goals"
            | "themes"
            | "partners"
            | "areas"
            | "referred_to"
            | "context_indicators"
            | "key_figures"
    )
}

/// The figures a goal can show beside its interpretation, by name: the
/// computed ones per domain, then the context indicators.
fn key_figures(
    vocabulary: &domain::Vocabulary,
    m: &publish::Messages,
    indicators: Vec<(String, String)>,
) -> Vec<(String, String)> {
    let mut list = vec![
        (
            "escalation_rate".to_string(),
            m.get("target.escalation_rate").to_string(),
        ),
        (
            "referred_on".to_string(),
            m.get("target.referred_on").to_string(),
        ),
    ];
    for id in ["goal_realisation", "goal_coverage"] {
        for d in &vocabulary.zrm_domains {
            list.push((
                format!("{id}:{}", d.code),
                m.fill(&format!("target.{id}"), &[("domain", d.name.clone())]),
            ));
        }
    }
    list.extend(indicators);
    list
}

/// The form as one row of the kind's file.
fn as_csv(kind: FileKind, form: &FormData, organisation: &str) -> Result<Vec<u8>, csv::Error> {
    let (header, row) = row_of(kind, form, organisation);
    one_row(&header, &row)
}

/// The form as the header and row of the kind's file: every column of the
/// kind, lists joined with `|`.
pub fn row_of(kind: FileKind, form: &FormData, organisation: &str) -> (Vec<String>, Vec<String>) {
    let mut header = vec!["organisation".to_string()];
    let mut row = vec![organisation.to_string()];
    for column in kind.columns().iter().filter(|c| c.name != "organisation") {
        header.push(column.name.to_string());
        row.push(if is_list(column.name) {
            form.all(column.name).join("|")
        } else {
            form.get(column.name).to_string()
        });
    }
    (header, row)
}

/// A CSV file of a header and one row: a form as the importer reads it.
pub fn one_row(header: &[String], row: &[String]) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let guarded = |cells: &[String]| -> Vec<String> {
        cells
            .iter()
            .map(|c| domain::formula::guard(c).into_owned())
            .collect()
    };
    out.write_record(guarded(header))?;
    out.write_record(guarded(row))?;
    out.into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

/// Runs one form row through the importer; the report when refused.
pub async fn import_row(
    app: &AppState,
    access: &Access,
    kind: FileKind,
    bytes: Vec<u8>,
) -> Result<Option<importer::ImportReport>, PageError> {
    let options = ImportOptions {
        kind: Some(kind),
        organisation: Some(access.organisation().code.clone()),
        partial: false,
        as_of: chrono::Local::now().date_naive(),
        actor: format!("web:{}", access.actor()),
        cbs: false,
        table: None,
        check_only: false,
        tenant: Some(access.organisation().code.clone()),
        limits: app.settings.limits.clone(),
        mapping: None,
        mapped_with: None,
        public: false,
    };
    let file = InputFile::new(format!("{}-form.csv", kind.code()), bytes);
    let report = importer::import(
        &app.store,
        app.pseudonymiser.clone(),
        &[file],
        &options,
        &crate::pages::Silent,
    )
    .await?;
    Ok(report.refused().then_some(report))
}

/// A line of an import report in the page's language: the problem's
/// message (`problem.<code>`, field names as their labels), or the
/// importer's reason where it is not one of the problems.
pub fn reason(e: &interchange::RowError, m: &publish::Messages) -> String {
    match &e.problem {
        Some(problem) => problem_said(problem.code(), &named(problem.values()), m),
        None => None,
    }
    .unwrap_or_else(|| e.reason.clone())
}

/// Values by their names as owned text (a problem's, or a stored report's).
pub fn named(values: Vec<(&str, String)>) -> Vec<(String, String)> {
    values
        .into_iter()
        .map(|(n, v)| (n.to_string(), v))
        .collect()
}

/// A row's problem by its code and values in the page's language, when
/// the messages have it.
pub fn problem_said(
    code: &str,
    values: &[(String, String)],
    m: &publish::Messages,
) -> Option<String> {
    let key = format!("problem.{code}");
    if !m.has(&key) {
        return None;
    }
    let values: Vec<(&str, String)> = values
        .iter()
        .map(|(name, value)| match name.as_str() {
            "start" | "other" => (name.as_str(), m.label("field", value)),
            // What is unknown, by its first word ("area of this
            // organisation" is `unknown.area`), in the page's language.
            "what" => {
                let first = value.split_whitespace().next().unwrap_or_default();
                let key = format!("unknown.{first}");
                match m.has(&key) {
                    true => (name.as_str(), m.get(&key).to_string()),
                    false => (name.as_str(), value.clone()),
                }
            }
            _ => (name.as_str(), value.clone()),
        })
        .collect();
    Some(m.fill(&key, &values))
}

/// A file's problem as a whole in the page's language (`file_problem.<code>`),
/// or as the importer said it.
pub fn file_problem(file: &importer::FileReport, m: &publish::Messages) -> Option<String> {
    let said = file.problem.clone()?;
    Some(match &file.file_problem {
        Some(problem) => said_file_problem(problem, m),
        None => said,
    })
}

/// A problem with a file as a whole in the page's language.
pub fn said_file_problem(problem: &interchange::FileProblem, m: &publish::Messages) -> String {
    file_problem_said(problem.code(), &named(problem.values()), m)
        .unwrap_or_else(|| problem.to_string())
}

/// A file's problem by its code and values in the page's language, when
/// the messages have it.
pub fn file_problem_said(
    code: &str,
    values: &[(String, String)],
    m: &publish::Messages,
) -> Option<String> {
    let key = format!("file_problem.{code}");
    // Counts and sizes read as the language writes them: 16.384.
    let values: Vec<(&str, String)> = values
        .iter()
        .map(
            |(name, value)| match (name.as_str(), value.parse::<u64>()) {
                ("found" | "allowed", Ok(n)) => (name.as_str(), m.whole(n)),
                ("private", _) => (name.as_str(), m.label("private", value)),
                _ => (name.as_str(), value.clone()),
            },
        )
        .collect();
    m.has(&key).then(|| m.fill(&key, &values))
}

/// Why a form was refused: its report's lines per field, and those about
/// the row or the file.
pub fn refusal_of(report: &importer::ImportReport, m: &publish::Messages) -> Refusal {
    let mut refusal = Refusal::default();
    for file in &report.files {
        refusal.general.extend(file_problem(file, m));
        for e in &file.errors {
            if e.column.is_empty() {
                refusal.general.push(reason(e, m));
            } else {
                refusal
                    .errors
                    .entry(e.column.clone())
                    .or_default()
                    .push(reason(e, m));
            }
        }
    }
    refusal
}

async fn save(
    app: AppState,
    access: Access,
    group: Group,
    raw: String,
    body: Bytes,
) -> Result<Response, PageError> {
    let kind = kind_of(group, &raw)?;
    let form = FormData::parse(&body);
    let org = access.organisation().code.as_str().to_string();
    // "Voorbeeld bekijken": the text rendered beside the form, nothing saved.
    if form.sent("preview") {
        let state = RowState {
            saved: false,
            existing: is_stored(&app, &access, kind, &form).await?,
            preview: true,
        };
        let refusal = Refusal::default();
        let page = record_page(&access, &app, group, kind, form, refusal, state).await?;
        return render(&page);
    }
    let bytes = as_csv(kind, &form, &org).map_err(|e| PageError::internal("form as csv", e))?;
    match import_row(&app, &access, kind, bytes).await? {
        None => {
            let pairs: Vec<(&str, &str)> = identifying(kind)
                .iter()
                .map(|c| (*c, form.get(c)))
                .collect();
            let to = format!(
                "/organisations/{org}/{}/{}?{}&saved",
                group.path,
                kind.code(),
                query_of(&pairs)
            );
            Ok(Redirect::to(&to).into_response())
        }
        Some(report) => {
            let refusal = refusal_of(&report, access.chrome.m);
            let state = RowState {
                saved: false,
                existing: is_stored(&app, &access, kind, &form).await?,
                preview: false,
            };
            let page = record_page(&access, &app, group, kind, form, refusal, state).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
    }
}

type Params = Path<HashMap<String, String>>;

fn kind_param(params: &HashMap<String, String>) -> String {
    params.get("kind").cloned().unwrap_or_default()
}

/// `GET /organisations/{org}/din`.
pub async fn din_overview(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    overview(app, access, DIN, q).await
}

/// `GET /organisations/{org}/din/{kind}`.
pub async fn din_form(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Path(p): Params,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    form(app, access, DIN, kind_param(&p), q).await
}

/// `POST /organisations/{org}/din/{kind}`.
pub async fn din_save(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Path(p): Params,
    body: Bytes,
) -> Result<Response, PageError> {
    save(app, access, DIN, kind_param(&p), body).await
}

/// `GET /organisations/{org}/collective`.
pub async fn collective_overview(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    overview(app, access, COLLECTIVE, q).await
}

/// `GET /organisations/{org}/collective/{kind}`.
pub async fn collective_form(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Path(p): Params,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    form(app, access, COLLECTIVE, kind_param(&p), q).await
}

/// `POST /organisations/{org}/collective/{kind}`.
pub async fn collective_save(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Path(p): Params,
    body: Bytes,
) -> Result<Response, PageError> {
    save(app, access, COLLECTIVE, kind_param(&p), body).await
}

/// `GET /organisations/{org}/plan`.
pub async fn plan_overview(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    overview(app, access, PLAN, q).await
}

/// `GET /organisations/{org}/plan/{kind}`.
pub async fn plan_form(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Path(p): Params,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    form(app, access, PLAN, kind_param(&p), q).await
}

/// `POST /organisations/{org}/plan/{kind}`.
pub async fn plan_save(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Path(p): Params,
    body: Bytes,
) -> Result<Response, PageError> {
    save(app, access, PLAN, kind_param(&p), body).await
}

/// `GET /organisations/{org}/texts`.
pub async fn texts_overview(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    overview(app, access, TEXTS, q).await
}

/// `GET /organisations/{org}/texts/{kind}`.
pub async fn texts_form(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Path(p): Params,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    form(app, access, TEXTS, kind_param(&p), q).await
}

/// `POST /organisations/{org}/texts/{kind}`.
pub async fn texts_save(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Path(p): Params,
    body: Bytes,
) -> Result<Response, PageError> {
    save(app, access, TEXTS, kind_param(&p), body).await
}
