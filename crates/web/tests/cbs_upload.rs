//! A CBS download folder uploaded on the web as its files chosen at once
//! (the OData v4 folder of 03759ned as CBS gives it, `index.json` and all):
//! what holds no CBS table is passed over with a notice, as the command
//! line does for a folder, and the rest is read; the same `index.json`
//! uploaded alone is refused.

mod support;

use axum::http::StatusCode;
use domain::Role;
use support::{on_every_backend, user};

/// The files of the 03759ned download folder, by name.
fn folder() -> Vec<(String, Vec<u8>)> {
    let path = interchange::testing::cbs_fixture("03759ned_odata4_excerpt");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(path)
        .expect("the folder")
        .map(|e| e.expect("a file").path())
        .map(|p| {
            let name = p.file_name().expect("a name").to_string_lossy().to_string();
            (name, std::fs::read(&p).expect("its bytes"))
        })
        .collect();
    files.sort();
    files
}

#[test]
fn a_cbs_download_folder_uploaded_at_once_passes_over_its_index() {
    on_every_backend(|app| {
        Box::pin(async move {
            let mut coordinator = app.signed_in(&user(Role::Coordinator, "deschans")).await;
            let files = folder();
            assert!(
                files.iter().any(|(n, _)| n == "index.json"),
                "as downloaded"
            );
            let chosen: Vec<(&str, &[u8])> = files
                .iter()
                .map(|(n, b)| (n.as_str(), b.as_slice()))
                .collect();
            let checked = coordinator
                .import("/organisations/deschans/import", &chosen, &[("kind", "")])
                .await;
            assert_eq!(checked.status, StatusCode::OK, "{}", checked.body);
            assert!(
                checked.body.contains("index.json") && checked.body.contains("passed over"),
                "the index is named as passed over: {}",
                checked.body
            );

            let index = files.iter().find(|(n, _)| n == "index.json").expect("it");
            let alone = coordinator
                .import(
                    "/organisations/deschans/import",
                    &[("index.json", index.1.as_slice())],
                    &[("kind", "")],
                )
                .await;
            assert_eq!(
                alone.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{}",
                alone.body
            );
        })
    });
}
