//! Every page reachable from the start page, as every role of the demo
//! walks it in Dutch and in English, on every backend: no link answers
//! "not found", "forbidden" or an error. Downloads of tables (CSV, XLSX) are followed too; PDFs
//! are typeset by their own tests.

mod support;

use axum::http::StatusCode;
use domain::Role;
use std::collections::{BTreeSet, VecDeque};
use support::{user, visible, Client, TestApp};

/// The local links of a page: `href="/…"`, without their `#fragment`,
/// the entities the page writes in them read back.
fn links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|href| href.starts_with('/') && !href.starts_with("//"))
        .map(|href| {
            href.split('#')
                .next()
                .unwrap_or_default()
                .replace("&amp;", "&")
        })
        .filter(|href| !href.is_empty())
        .collect()
}

/// Whether a link is followed: not the language switch (it changes the
/// session), not a PDF, not the style sheet.
fn followed(href: &str) -> bool {
    !href.starts_with("/language/")
        && !href.contains("download=pdf")
        && !href.starts_with("/assets/")
}

/// The audit log's page without its lines (`<p class="detail">`).
fn without_lines(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<p class=\"detail\">") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .split_once("</p>")
            .map_or("", |(_, after)| after);
    }
    out.push_str(rest);
    out
}

/// The codes that have a name a page should show instead: of the ZRM
/// domains, the Positive Health dimensions, the organisations' themes,
/// goals, surveys and partners, and the effort categories; those that cannot be a word of a
/// sentence (with `_` or a digit in them).
async fn codes_with_names(app: &TestApp) -> BTreeSet<String> {
    let vocabulary = app.store.vocabulary().await.expect("the vocabulary");
    let mut codes: BTreeSet<String> = vocabulary
        .zrm_domains
        .iter()
        .chain(&vocabulary.pg_dimensions)
        .map(|i| i.code.clone())
        .collect();
    for tenant in ["deschans", "sedna"] {
        let records = app.records(tenant).await;
        codes.extend(records.themes.iter().map(|t| t.code.as_str().to_string()));
        codes.extend(records.goals.iter().map(|g| g.id.as_str().to_string()));
        codes.extend(records.surveys.iter().map(|s| s.id.as_str().to_string()));
        codes.extend(records.partners.iter().map(|p| p.id.as_str().to_string()));
    }
    codes.extend(
        <domain::EffortCategory as domain::Coded>::ALL
            .iter()
            .map(|c| domain::Coded::code(*c).to_string()),
    );
    codes.retain(|c| c.contains('_') || c.chars().any(|ch| ch.is_ascii_digit()));
    codes
}

/// Walks every page reachable from the start page; the links that answer
/// 4xx or 5xx, each with the page that links to it, and the pages that
/// show one of `codes` as a word of their text.
async fn walk(client: &mut Client, codes: &BTreeSet<String>) -> (usize, Vec<String>) {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut queue: VecDeque<(String, String)> =
        VecDeque::from([("/".to_string(), "-".to_string())]);
    let mut dead = Vec::new();
    while let Some((path, from)) = queue.pop_front() {
        if !seen.insert(path.clone()) {
            continue;
        }
        let page = client.get(&path).await;
        let ok = page.status.is_success()
            || page.status.is_redirection()
            || page.status == StatusCode::ACCEPTED;
        if !ok {
            dead.push(format!(
                "{path} (linked from {from}) answers {}",
                page.status
            ));
            continue;
        }
        // A downloaded file (a table, a template, a shared mapping, a
        // report) is where codes belong.
        let file = [".csv", ".xlsx", ".toml"].iter().any(|e| path.ends_with(e));
        if path.contains("download=") || file {
            continue;
        }
        // The audit log's lines are the record of what happened, as the log
        // wrote them (docs/decisions.md); the rest of its page is words.
        let text = match path.starts_with("/admin/audit") {
            true => visible(&without_lines(&page.body)),
            false => visible(&page.body),
        };
        let shown: Vec<&str> = text
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|word| codes.contains(*word))
            .collect();
        if !shown.is_empty() {
            dead.push(format!("{path} shows the codes {shown:?}"));
        }
        for link in links(&page.body).into_iter().filter(|l| followed(l)) {
            if !seen.contains(&link) {
                queue.push_back((link, path.clone()));
            }
        }
    }
    (seen.len(), dead)
}

#[test]
fn no_page_reachable_from_the_start_page_has_a_dead_link_or_a_raw_code() {
    support::on_the_demo(|app: &TestApp| {
        Box::pin(async move {
            let mut names = vec!["admin".to_string()];
            for tenant in ["deschans", "sedna"] {
                for role in [
                    Role::Registrant,
                    Role::Coordinator,
                    Role::Researcher,
                    Role::MunicipalityViewer,
                ] {
                    names.push(user(role, tenant));
                }
            }
            let codes = codes_with_names(app).await;
            let mut dead = Vec::new();
            for name in names {
                let mut client = app.signed_in(&name).await;
                for lang in ["nl", "en"] {
                    client.get(&format!("/language/{lang}?back=/")).await;
                    let (pages, found) = walk(&mut client, &codes).await;
                    eprintln!("{name} ({lang}): {pages} pages, {} found", found.len());
                    dead.extend(found.into_iter().map(|d| format!("{name} ({lang}): {d}")));
                }
            }
            assert!(
                dead.is_empty(),
                "{} dead links:\n{}",
                dead.len(),
                dead.join("\n")
            );
        })
    });
}
