//! The pages, one module each.

pub mod assets;
pub mod audit;
pub mod check;
pub mod comparison;
pub mod context;
pub mod din;
pub mod din_network;
pub mod erase;
pub mod home;
pub mod import;
pub mod layout;
pub mod logo;
pub mod mapping_editor;
pub mod mappings;
pub mod publication;
pub mod records;
pub mod registration;
pub mod registration_list;
pub mod sign_in;
pub mod texts;
pub mod tokens;

use crate::access::Access;
use crate::error::PageError;
use crate::state::AppState;
use askama::Template;
use axum::response::{Html, IntoResponse, Response};

/// A path as an address: each `/`-separated part percent-encoded (an
/// area's name may hold spaces).
pub fn address(path: &str) -> String {
    path.split('/')
        .map(|part| {
            form_urlencoded::byte_serialize(part.as_bytes())
                .collect::<String>()
                .replace('+', "%20")
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Why a form was refused: messages per field (by the field's name, the
/// interchange column) and messages about the row as a whole.
#[derive(Debug, Clone, Default)]
pub struct Refusal {
    /// Messages per field.
    pub errors: std::collections::BTreeMap<String, Vec<String>>,
    /// Messages about the row or file as a whole.
    pub general: Vec<String>,
}

impl Refusal {
    /// The messages of a field, joined.
    pub fn error(&self, field: &str) -> String {
        self.errors
            .get(field)
            .map(|e| e.join("; "))
            .unwrap_or_default()
    }

    /// Whether a field has a message.
    pub fn has_error(&self, field: &str) -> bool {
        self.errors.contains_key(field)
    }

    /// Whether there is nothing to say.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty() && self.general.is_empty()
    }
}

/// A rendered template as an HTML response.
pub fn render(template: &impl Template) -> Result<Response, PageError> {
    Ok(Html(template.render()?).into_response())
}

/// Progress of an import run from a page: nothing to show.
pub struct Silent;

impl importer::Progress for Silent {
    fn start(&self, _: &str, _: u64) {}
    fn advance(&self, _: u64) {}
    fn storing(&self) {}
    fn finish(&self) {}
}

/// The reference lists in the page's language: in English a ZRM domain or
/// Positive Health dimension reads "Mental health (Geestelijke
/// gezondheid)", its Dutch name beside it; in Dutch as stored. Codes and
/// aliases stay as they are.
pub fn in_language(vocabulary: &domain::Vocabulary, m: &publish::Messages) -> domain::Vocabulary {
    let named = |items: &[domain::ReferenceItem], list: &str| {
        items
            .iter()
            .map(|item| {
                let key = format!("{list}.{}", item.code);
                let name = match m.has(&key) {
                    true => m.fill(&key, &[("dutch", item.name.clone())]),
                    false => item.name.clone(),
                };
                domain::ReferenceItem {
                    name,
                    ..item.clone()
                }
            })
            .collect()
    };
    domain::Vocabulary {
        zrm_domains: named(&vocabulary.zrm_domains, "zrm_domain"),
        pg_dimensions: named(&vocabulary.pg_dimensions, "pg_dimension"),
    }
}

/// The records of the organisation a request names, with the reference
/// lists in the page's language, both at the request's data version
/// (kept in the figure cache).
pub async fn records_of(
    app: &AppState,
    access: &Access,
) -> Result<
    (
        std::sync::Arc<store::OrganisationRecords>,
        std::sync::Arc<domain::Vocabulary>,
    ),
    PageError,
> {
    let organisation = access.organisation();
    let records = app
        .cache
        .records(&app.store, &organisation.code, access.data_version)
        .await?
        .ok_or(PageError::NotFound)?;
    let vocabulary = app
        .cache
        .vocabulary(&app.store, access.versions.shared)
        .await?;
    let vocabulary = std::sync::Arc::new(in_language(&vocabulary, access.chrome.m));
    Ok((records, vocabulary))
}
