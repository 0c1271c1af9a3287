//! No demo PDF prints an empty box (issue 15): every character of every
//! publication of the demo — each factsheet, annual monitor with its
//! factsheets, dashboard, area page and survey page, in Dutch and English —
//! is in one of the fonts the PDF is typeset with.

mod support;

use domain::OrganisationCode;
use publish::pdf::{missing_glyphs, PdfOptions};
use publish::{Audience, Lang};
use support::TestApp;
use web::figures::FigureCache;
use web::publications::{self, Context, Parts};

/// Every publication of one organisation, as its staff see it.
async fn publications_of(app: &TestApp, organisation: &str) -> Vec<(String, publish::Publication)> {
    let code = OrganisationCode::parse(organisation).unwrap();
    let cache = FigureCache::default();
    let ctx = Context::now(&app.store, &cache, &code, Audience::Staff)
        .await
        .unwrap();
    let records = app.records(organisation).await;
    let years = publications::years(&records);
    let mut out = Vec::new();
    for year in &years {
        let monitor =
            publications::monitor_with_factsheets(&ctx, *year, Parts::All, &support::Silent).await;
        if let Ok(p) = monitor {
            out.push((format!("{organisation} monitor {year}"), p));
        }
        if let Ok(p) = publications::surveys(&ctx, year.to_string()).await {
            out.push((format!("{organisation} surveys {year}"), p));
        }
        for area in &records.organisation.areas {
            let p = publications::area(&ctx, area.as_str().to_string(), year.to_string()).await;
            if let Ok(p) = p {
                out.push((format!("{organisation} area {} {year}", area.as_str()), p));
            }
        }
    }
    out.push((
        format!("{organisation} dashboard"),
        publications::dashboard(&ctx).await.unwrap(),
    ));
    out
}

#[test]
fn every_character_of_every_demo_pdf_has_a_glyph() {
    let db = store::testing::databases().into_iter().next().unwrap();
    support::runtime().block_on(async {
        let app = TestApp::demo(&db, 5).await;
        let mut checked = 0;
        for organisation in ["deschans", "sedna", "wijkteam_bergen"] {
            for (name, p) in publications_of(&app, organisation).await {
                for lang in [Lang::Nl, Lang::En] {
                    let options = PdfOptions {
                        organisation,
                        logo: None,
                        made_on: chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(),
                        contents: true,
                    };
                    let missing = missing_glyphs(&p, lang.messages(), &options);
                    assert!(missing.is_empty(), "{name} ({lang:?}) lacks {missing:?}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 20, "every publication: {checked}");
    });
}
