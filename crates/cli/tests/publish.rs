//! `publish --format pdf` through the user's path on every backend: the
//! demo's files imported, computed and typeset; the PDF's pages rendered
//! by pdftoppm and its text layer read by pdftotext (poppler-utils) must
//! hold the figures of DEMO-FIGURES.md A, the factsheet on its own and the
//! annual monitor with every factsheet of 2022.

mod support;

use std::path::Path;
use std::process::Command;
use support::{backends, Db};

/// The PDF's text, laid out as on the page (`pdftotext -layout`).
fn text_of(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success(), "pdftotext reads {}", pdf.display());
    String::from_utf8(out.stdout).expect("UTF-8 text")
}

/// Renders every page to PNG; the number of pages rendered.
fn pages_rendered(pdf: &Path, folder: &Path) -> usize {
    let prefix = folder.join("page");
    let out = Command::new("pdftoppm")
        .args(["-png", "-r", "40"])
        .arg(pdf)
        .arg(&prefix)
        .output()
        .expect("pdftoppm (poppler-utils) is installed");
    assert!(
        out.status.success(),
        "pdftoppm renders {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_dir(folder)
        .expect("the pages")
        .filter(|e| {
            let name = e.as_ref().expect("entry").file_name();
            let name = name.to_string_lossy();
            name.starts_with("page") && name.ends_with(".png")
        })
        .count()
}

/// The line of a table row: its label and these cells, in this order.
fn has_row(text: &str, label: &str, cells: &[&str]) -> bool {
    text.lines().any(|line| {
        let Some(rest) = line.find(label).map(|at| &line[at + label.len()..]) else {
            return false;
        };
        let words: Vec<&str> = rest.split_whitespace().collect();
        let mut at = 0;
        cells
            .iter()
            .all(|cell| match words[at..].iter().position(|w| w == cell) {
                Some(found) => {
                    at += found + 1;
                    true
                }
                None => false,
            })
    })
}

fn publish(db: &Db, what: &[&str], out: &Path) {
    let out = out.display().to_string();
    let mut args = vec![
        "--format",
        "pdf",
        "publish",
        "--organisation",
        "deschans",
        "--year",
        "2022",
        "--out",
        &out,
    ];
    args.extend(what);
    db.run(&args).ok();
}

#[test]
#[ignore = "needs pdftoppm and pdftotext from poppler-utils (.ci/run installs them)"]
fn the_factsheet_and_the_monitor_print_the_demo_figures() {
    for db in backends() {
        db.import_demo("2022");
        let label = db.label;
        let folder = db.dir.path().join("pdf");
        std::fs::create_dir_all(&folder).expect("a folder");

        let factsheet = folder.join("factsheet.pdf");
        publish(&db, &["--theme", "kwetsbare_inwoners"], &factsheet);
        assert!(std::fs::read(&factsheet)
            .expect("the PDF")
            .starts_with(b"%PDF-"));
        let pages = tempfile::tempdir().expect("temp dir");
        assert!(
            pages_rendered(&factsheet, pages.path()) >= 2,
            "[{label}] a title page and more"
        );
        let text = text_of(&factsheet);
        assert!(text.contains("Kwetsbare inwoners"), "[{label}] {text}");
        assert!(
            has_row(&text, "Geestelijke gezondheid", &["274", "174", "64%"]),
            "[{label}] {text}"
        );
        assert!(
            has_row(&text, "Sociaal netwerk", &["35", "22"]),
            "[{label}] {text}"
        );
        assert!(
            has_row(&text, "Tijdsbesteding", &["27", "14"]),
            "[{label}] {text}"
        );
        assert!(
            has_row(&text, "Geestelijke gezondheid", &["518", "786"]),
            "[{label}] {text}"
        );
        assert!(
            text.contains("Walk en Talk"),
            "[{label}] the activity cards"
        );
        assert!(text.contains("Pagina 2 van"), "[{label}] page numbers");
        assert!(
            text.contains("gegevensversie"),
            "[{label}] the data version"
        );

        let monitor = folder.join("monitor.pdf");
        publish(&db, &["--monitor"], &monitor);
        let pages = tempfile::tempdir().expect("temp dir");
        assert!(
            pages_rendered(&monitor, pages.path()) > 5,
            "[{label}] the whole monitor"
        );
        let text = text_of(&monitor);
        assert!(text.contains("Inhoud"), "[{label}] a table of contents");
        for (domain, cells) in [
            ("Geestelijke gezondheid", ["274", "174", "64%"]),
            ("Sociaal netwerk", ["35", "22", "63%"]),
            ("Financiën", ["133", "78", "59%"]),
            ("Huiselijke relaties", ["111", "56", "50%"]),
        ] {
            assert!(
                has_row(&text, domain, &cells),
                "[{label}] {domain} in {text}"
            );
        }
        assert!(
            !folder.join(".monitor.pdf.partial").exists(),
            "no half-written file is left"
        );
    }
}
