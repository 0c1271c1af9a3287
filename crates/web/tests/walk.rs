//! Every page reachable from the start page, as every role of the demo
//! walks it in Dutch and in English, on every backend: no link answers
//! "not found", "forbidden" or an error. Downloads of tables (CSV, XLSX) are followed too; PDFs
//! are typeset by their own tests.

mod support;

use axum::http::StatusCode;
use domain::Role;
use std::collections::{BTreeSet, VecDeque};
use support::{user, Client, TestApp};

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

/// Walks every page reachable from the start page; the links that answer
/// 4xx or 5xx, each with the page that links to it.
async fn walk(client: &mut Client) -> (usize, Vec<String>) {
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
        if path.contains("download=") {
            continue;
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
fn no_link_reachable_from_the_start_page_is_dead_for_any_role() {
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
            let mut dead = Vec::new();
            for name in names {
                let mut client = app.signed_in(&name).await;
                for lang in ["nl", "en"] {
                    client.get(&format!("/language/{lang}?back=/")).await;
                    let (pages, found) = walk(&mut client).await;
                    eprintln!("{name} ({lang}): {pages} pages, {} dead links", found.len());
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
