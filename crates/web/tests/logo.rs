//! The organisation's logo: its coordinator uploads it (a file that is no
//! image, or too large, is refused with a message and nothing changes), and
//! the PDF's title page shows it.

mod support;

use axum::http::StatusCode;
use base64::Engine;
use domain::Role;
use support::{on_every_backend, user};

/// A 1 × 1 pixel PNG.
const PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

/// The images of a PDF (`pdfimages -list`, from poppler-utils).
fn images_in(pdf: &[u8]) -> usize {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let file = folder.path().join("logo.pdf");
    std::fs::write(&file, pdf).expect("written");
    let out = std::process::Command::new("pdfimages")
        .arg("-list")
        .arg(&file)
        .output()
        .expect("pdfimages (poppler-utils) is installed");
    assert!(out.status.success(), "pdfimages reads the PDF");
    // Two header lines, then one line per image (a mask is one too).
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .count()
        .saturating_sub(2)
}

#[test]
#[ignore = "needs pdfimages from poppler-utils (.ci/run installs it)"]
fn a_coordinator_sets_the_logo_of_the_pdf() {
    on_every_backend(|app| {
        Box::pin(async move {
            let m = publish::Lang::Nl.messages();
            let code = app
                .store
                .organisation_codes()
                .await
                .expect("codes")
                .into_iter()
                .find(|c| c.as_str() == "deschans")
                .expect("deschans");
            let mut coordinator = app.signed_in(&user(Role::Coordinator, "deschans")).await;
            let path = "/organisations/deschans/logo";
            assert_eq!(coordinator.get(path).await.status, StatusCode::OK);

            let refused = coordinator
                .upload_as(path, "logo", &[("logo.txt", b"not an image")], &[])
                .await;
            assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(refused.body.contains(m.get("logo.not_an_image")));
            let broken = coordinator
                .upload_as(
                    path,
                    "logo",
                    &[("broken.png", b"\x89PNG\r\n\x1a\n but no picture")],
                    &[],
                )
                .await;
            assert!(
                broken.body.contains(m.get("logo.not_an_image")),
                "a file that only starts like a PNG"
            );
            let large = vec![0x89u8; publish::pdf::LOGO_LIMIT + 1];
            let refused = coordinator
                .upload_as(path, "logo", &[("big.png", &large)], &[])
                .await;
            assert!(refused.body.contains(m.get("logo.too_large")));
            assert!(app.store.logo(&code).await.expect("read").is_none());

            let factsheet =
                "/organisations/deschans/factsheets/kwetsbare_inwoners/2022?download=pdf";
            let mut researcher = app.signed_in(&user(Role::Researcher, "deschans")).await;
            let without = images_in(&researcher.get_bytes(factsheet).await);

            let png = base64::engine::general_purpose::STANDARD
                .decode(PNG)
                .expect("a PNG");
            let saved = coordinator
                .upload_as(path, "logo", &[("logo.png", &png)], &[])
                .await;
            assert_eq!(saved.status, StatusCode::OK);
            assert!(saved.body.contains(m.get("logo.saved")));
            assert_eq!(app.store.logo(&code).await.expect("read"), Some(png));
            let with = images_in(&researcher.get_bytes(factsheet).await);
            // The picture, and its transparency as a mask.
            assert!(with > without, "the logo on the title page");

            let removed = coordinator
                .post("/organisations/deschans/logo/remove", &[])
                .await;
            assert!(removed.body.contains(m.get("logo.removed")));
            assert!(app.store.logo(&code).await.expect("read").is_none());
        })
    });
}
