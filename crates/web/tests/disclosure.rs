//! Disclosure control over everything a municipality viewer can see, as an
//! attacker would test it: the demo imported through the importer on every
//! backend, every page the organisations can publish built and protected
//! together, and the auditor (`publish::audit`) solving the published
//! counts as equations for every primary cell. For k = 3, 5 and 10 no
//! primary cell may be narrowed below the k − 1 values "< k" itself
//! allows.

mod support;

use domain::OrganisationCode;
use publish::audit::audit;
use publish::model::{Cell, Table, Text};
use publish::{Audience, Entry, Mark, Threshold};
use support::TestApp;
use web::figures::FigureCache;
use web::publications::{self, Context};

/// Where a municipality viewer's publications are built from, in process.
async fn public_context<'a>(
    app: &'a TestApp,
    cache: &'a FigureCache,
    organisation: &'a OrganisationCode,
    k: u64,
) -> Context<'a> {
    let audience = Audience::Public(Threshold::new(k).expect("a k"));
    Context::now(&app.store, cache, organisation, audience)
        .await
        .expect("the data versions")
}

/// Every page of an organisation, protected for k, and the auditor's
/// ranges of its primary cells.
async fn audited(app: &TestApp, organisation: &str, k: u64) -> Vec<publish::audit::Range> {
    let organisation = OrganisationCode::parse(organisation).expect("a code");
    let cache = FigureCache::default();
    let ctx = public_context(app, &cache, &organisation, k).await;
    let ledger = publications::universe(&ctx).await.expect("the pages");
    let protection = publications::protection(&ctx)
        .await
        .expect("the protection")
        .expect("a public audience");
    let primary = protection
        .hidden()
        .values()
        .filter(|m| **m == Mark::Primary)
        .count();
    let ranges = audit(&ledger, protection.hidden());
    assert_eq!(ranges.len(), primary, "every primary cell audited");
    ranges
}

#[test]
fn no_primary_cell_of_the_demo_can_be_narrowed_for_k_3_5_and_10() {
    for db in store::testing::databases() {
        support::runtime().block_on(async {
            let app = TestApp::demo(&db, 5).await;
            for organisation in ["deschans", "sedna"] {
                for k in [3, 5, 10] {
                    let ranges = audited(&app, organisation, k).await;
                    if organisation == "deschans" {
                        assert!(!ranges.is_empty(), "the demo has small counts for k = {k}");
                    }
                    let narrowed: Vec<_> = ranges.iter().filter(|r| !r.holds(k)).collect();
                    assert!(
                        narrowed.is_empty(),
                        "{organisation}, k = {k}, {}: {narrowed:#?}",
                        db.label
                    );
                }
            }
        });
    }
}

/// A cell as the JSON view writes it: its text, its mark, and whether it
/// is a share (or an interval resting on a count).
struct Shown {
    text: String,
    mark: Option<String>,
    share: bool,
    count: bool,
}

impl Shown {
    /// Whether it is a share or interval hidden because a count it rests
    /// on is: written "–" (never "< 5", which beside a percentage reads as
    /// "under 5 %"), with the table's note.
    fn derived(&self) -> bool {
        self.share && self.mark.is_some()
    }

    /// Whether it is a count hidden only to protect another ("×").
    fn secondary(&self) -> bool {
        !self.share && self.mark.as_deref() == Some("secondary")
    }
}

/// A table's cells as the JSON view writes them, per row.
type Cells = Vec<Vec<Shown>>;

/// Every table of a publication as the JSON view writes it: id and cells
/// (none for a table too small to publish).
fn view_tables(view: &serde_json::Value) -> Vec<(String, Cells)> {
    let mut out = Vec::new();
    for section in view["sections"].as_array().expect("sections") {
        for block in section["blocks"].as_array().expect("blocks") {
            let trends = block["trends"].as_array().into_iter().flatten();
            let tables = block
                .get("table")
                .into_iter()
                .chain(trends.map(|t| &t["table"]));
            for table in tables {
                out.push(view_table(table));
            }
        }
    }
    out
}

/// One table of the JSON view: id and cells (none for a table too small
/// to publish).
fn view_table(table: &serde_json::Value) -> (String, Cells) {
    if table["unpublishable"].is_string() {
        return (table["id"].as_str().unwrap_or_default().to_string(), vec![]);
    }
    let rows = table["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            r["cells"]
                .as_array()
                .expect("cells")
                .iter()
                .map(|c| Shown {
                    text: c["text"].as_str().unwrap_or_default().to_string(),
                    mark: c["suppressed"].as_str().map(str::to_string),
                    share: c["kind"] == "share",
                    count: c["kind"] == "count",
                })
                .collect()
        })
        .collect();
    (table["id"].as_str().unwrap_or_default().to_string(), rows)
}

/// A mark as written: "< k" for primary, "×" for secondary, else the count.
fn written_as(mark: Option<&str>, k: u64) -> Option<String> {
    match mark {
        Some("primary") => Some(format!("< {k}")),
        Some("secondary") => Some("×".to_string()),
        _ => None,
    }
}

/// The demo with every page of De Schans published, its records, and its
/// municipality viewer signed in.
async fn demo_for_the_viewer(
    db: &store::testing::TestDatabase,
    k: u64,
) -> (TestApp, store::OrganisationRecords, support::Client) {
    let app = TestApp::demo(db, k).await;
    support::publish_everything(&app.store, "deschans").await;
    let organisation = OrganisationCode::parse("deschans").expect("a code");
    let records = app
        .store
        .organisation_records(&organisation)
        .await
        .expect("records")
        .expect("deschans");
    let viewer = app
        .signed_in(&support::user(domain::Role::MunicipalityViewer, "deschans"))
        .await;
    (app, records, viewer)
}

/// Cells the tables of a page's view hide to protect others.
fn secondary_cells(tables: &[(String, Cells)]) -> usize {
    tables
        .iter()
        .flat_map(|(_, rows)| rows.iter().flatten())
        .filter(|c| c.secondary())
        .count()
}

#[test]
#[ignore = "needs pdftotext from poppler-utils (.ci/run installs it)"]
fn the_pdf_of_every_page_marks_what_its_tables_hide() {
    let k = 5;
    for db in store::testing::databases() {
        support::runtime().block_on(async {
            let (app, records, mut viewer) = demo_for_the_viewer(&db, k).await;
            let cache = FigureCache::default();
            let ctx = public_context(&app, &cache, &records.organisation.code, k).await;
            for page in publications::publishable(&records) {
                let publication = built(&ctx, &page).await;
                let view =
                    publish::view::publication(&publication, publish::Lang::Nl.messages(), false);
                let hidden = secondary_cells(&view_tables(&view));
                let address = format!("/organisations/deschans/{page}");
                let pdf = viewer.get_bytes(&format!("{address}?download=pdf")).await;
                let pdf = support::pdf_text(&pdf);
                let pdf: String = pdf.split_whitespace().collect::<Vec<_>>().join(" ");
                assert!(
                    pdf.matches('×').count() >= hidden,
                    "PDF {address}: every × of the tables"
                );
                if hidden > 0 {
                    assert!(
                        pdf.contains("× niet getoond"),
                        "PDF {address}: the footnote"
                    );
                }
            }
        });
    }
}

#[test]
fn no_cell_hidden_to_protect_another_reads_as_small_in_any_format() {
    let k = 5;
    for db in store::testing::databases() {
        support::runtime().block_on(async {
            let (app, records, mut viewer) = demo_for_the_viewer(&db, k).await;
            let organisation = records.organisation.code.clone();
            let cache = FigureCache::default();
            let ctx = public_context(&app, &cache, &organisation, k).await;
            let (mut secondary, mut primary) = (0, 0);
            for page in publications::publishable(&records) {
                let publication = built(&ctx, &page).await;
                let view =
                    publish::view::publication(&publication, publish::Lang::Nl.messages(), false);
                let tables = view_tables(&view);
                let address = format!("/organisations/deschans/{page}");
                let html = viewer.get(&address).await;
                assert_eq!(html.status, axum::http::StatusCode::OK, "{address}");
                let xlsx = viewer.get_bytes(&format!("{address}?download=xlsx")).await;
                let mut book: calamine::Xlsx<_> =
                    calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx))
                        .expect("a workbook");
                let sheets = calamine::Reader::sheet_names(&book);
                for (t, (id, rows)) in tables.iter().enumerate() {
                    let csv = viewer
                        .get_bytes(&format!("{address}?download=csv&table={id}&style=plain"))
                        .await;
                    let csv = String::from_utf8(csv).expect("UTF-8");
                    if rows.is_empty() {
                        // Too small to publish: said, in every format, not shown.
                        let said = "niet te publiceren: te weinig registraties";
                        assert!(csv.contains(said), "CSV {address} {id}");
                        assert!(html.body.contains(said), "{address} {id}");
                        continue;
                    }
                    let mut reader = csv::ReaderBuilder::new()
                        .flexible(true)
                        .from_reader(csv.as_bytes());
                    let csv_rows: Vec<csv::StringRecord> =
                        reader.records().map(|r| r.expect("a row")).collect();
                    let sheet =
                        calamine::Reader::worksheet_range(&mut book, &sheets[t]).expect("a sheet");
                    let has_secondary = rows.iter().flatten().any(Shown::secondary);
                    let has_derived = rows.iter().flatten().any(Shown::derived);
                    for (i, row) in rows.iter().enumerate() {
                        for (j, cell) in row.iter().enumerate() {
                            let (text, mark) = (&cell.text, &cell.mark);
                            let in_csv = csv_rows[i].get(j + 1).unwrap_or_default();
                            let in_xlsx = sheet
                                .get_value((3 + i as u32, 1 + j as u32))
                                .map(|v| v.to_string())
                                .unwrap_or_default();
                            let sign = match cell.derived() {
                                true => Some("–".to_string()),
                                false => written_as(mark.as_deref(), k),
                            };
                            match sign {
                                Some(sign) => {
                                    secondary += usize::from(mark.as_deref() == Some("secondary"));
                                    primary += usize::from(mark.as_deref() == Some("primary"));
                                    assert_eq!(text, &sign, "{address} {id} row {i} cell {j}");
                                    assert_eq!(in_csv, sign, "CSV {address} {id} row {i} cell {j}");
                                    assert_eq!(
                                        in_xlsx, sign,
                                        "XLSX {address} {id} row {i} cell {j}"
                                    );
                                }
                                None => assert!(
                                    !in_csv.contains('×') && !in_csv.starts_with("< "),
                                    "CSV {address} {id} row {i} cell {j}: {in_csv}"
                                ),
                            }
                        }
                    }
                    let note = "niet getoond om een klein aantal elders in de tabel te beschermen";
                    assert_eq!(csv.contains(note), has_secondary, "{address} {id}");
                    let derived_note =
                        "niet getoond, omdat een aantal waarop het rust verborgen is";
                    assert_eq!(csv.contains(derived_note), has_derived, "{address} {id}");
                    if has_secondary {
                        assert!(html.body.contains(note), "{address} {id}");
                    }
                }
            }
            assert!(
                secondary > 0 && primary > 0,
                "the demo hides cells of both kinds"
            );
            // A table too small to publish is said in words in every format
            // where the demo has one (with a whole 2020 it may have none;
            // `model`'s unit test keeps the words of such a table).
        });
    }
}

/// A publishable page as the municipality viewer gets it, built in process.
async fn built(ctx: &Context<'_>, page: &str) -> publish::Publication {
    let parts: Vec<&str> = page.split('/').collect();
    let org = ctx.organisation.as_str().to_string();
    match parts.as_slice() {
        ["factsheets", theme, year] => {
            publications::factsheet(ctx, theme.to_string(), year.to_string()).await
        }
        ["monitor", year] => publications::monitor(ctx, org, year.to_string()).await,
        ["dashboard"] => publications::dashboard(ctx).await,
        ["areas", area, year] => publications::area(ctx, area.to_string(), year.to_string()).await,
        ["surveys", year] => publications::surveys(ctx, year.to_string()).await,
        other => panic!("not a page: {other:?}"),
    }
    .unwrap_or_else(|_| panic!("{page} is built"))
}

/// The plain CSV of a table of a page, rows without the header.
async fn csv_rows(client: &mut support::Client, address: &str, table: &str) -> Vec<Vec<String>> {
    let bytes = client
        .get_bytes(&format!("{address}?download=csv&table={table}&style=plain"))
        .await;
    csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(bytes.as_slice())
        .records()
        .map(|r| r.expect("a row").iter().map(str::to_string).collect())
        .collect()
}

/// Whether a table's CSV says it is too small to publish.
fn unpublishable(rows: &[Vec<String>]) -> bool {
    rows.len() == 1 && rows[0].len() == 1 && rows[0][0].contains("niet te publiceren")
}

/// Whether an API figure shows a field as the CSV cell does: the same
/// count, or absent where the cell is a mark.
fn agrees(figure: &serde_json::Value, field: &str, cell: &str) -> bool {
    match cell {
        "< 5" | "×" => figure.get(field).is_none(),
        count => figure.get(field).map(|v| v.to_string()).as_deref() == Some(count),
    }
}

/// The mark an API figure must carry for its cells: the stronger one.
fn mark_of(cells: &[&str]) -> Option<&'static str> {
    if cells.contains(&"< 5") {
        Some("primary")
    } else if cells.contains(&"×") {
        Some("secondary")
    } else {
        None
    }
}

#[test]
fn the_api_hides_exactly_the_cells_the_page_s_csv_hides() {
    for db in store::testing::databases() {
        support::runtime().block_on(async {
            let (_app, records, mut viewer) = demo_for_the_viewer(&db, 5).await;
            let forms: Vec<&str> = <domain::SupportForm as domain::Coded>::ALL
                .iter()
                .map(|f| domain::Coded::code(*f))
                .collect();
            let mut marks = 0;
            for theme in &records.themes {
                let address = format!(
                    "/organisations/deschans/factsheets/{}/{}",
                    theme.code.as_str(),
                    theme.year
                );
                let api = format!(
                    "/api/v1/organisations/deschans/figures?year={}&theme={}",
                    theme.year,
                    theme.code.as_str()
                );
                let answer: serde_json::Value =
                    serde_json::from_str(&viewer.get(&api).await.body).expect("JSON");
                let figures = answer["figures"].as_array().expect("figures");
                let find = |indicator: &str, keys: &[(&str, &str)]| {
                    figures
                        .iter()
                        .find(|f| {
                            f["indicator"] == indicator
                                && f["keys"].as_object().is_some_and(|k| k.len() == keys.len())
                                && keys.iter().all(|(k, v)| f["keys"][*k] == *v)
                        })
                        .unwrap_or_else(|| panic!("{api}: no {indicator} {keys:?}"))
                        .clone()
                };
                let domains: Vec<&str> = theme.zrm_domains.iter().map(|d| d.as_str()).collect();
                let mut reach = csv_rows(&mut viewer, &address, "reach-form").await;
                if reach.is_empty() {
                    continue;
                }
                let too_small = unpublishable(&reach);
                if too_small {
                    // Not shown at all: every cell of it is hidden in the API.
                    reach = vec![vec!["×".to_string(); forms.len() + 2]; domains.len()];
                }
                for (i, d) in domains.iter().enumerate() {
                    for (j, f) in forms.iter().enumerate() {
                        let cell = reach[i][j + 1].as_str();
                        let figure = find("reach", &[("domain", d), ("form", f)]);
                        assert!(
                            agrees(&figure, "n", cell),
                            "{address} {d} {f}: {cell} vs {figure}"
                        );
                        // A table not shown at all hides every cell in the
                        // API too, with whichever mark.
                        let mark = figure.get("suppressed").and_then(|m| m.as_str());
                        match too_small {
                            true => assert!(mark.is_some(), "{address} {d} {f}"),
                            false => assert_eq!(mark, mark_of(&[cell]), "{address} {d} {f}"),
                        }
                        marks += usize::from(mark.is_some());
                    }
                    let total = reach[i][forms.len() + 1].as_str();
                    let figure = find("reach", &[("domain", d)]);
                    assert!(
                        agrees(&figure, "n", total),
                        "{address} {d}: {total} vs {figure}"
                    );
                }
                let mut set = domains.clone();
                set.sort_unstable();
                let set = set.join("+");
                let goals = csv_rows(&mut viewer, &address, "goal-realisation").await;
                if unpublishable(&goals) {
                    continue;
                }
                for (i, d) in domains.iter().enumerate() {
                    let (complete, achieved) = (goals[i][1].as_str(), goals[i][2].as_str());
                    let figure = find("goal_realisation", &[("domains", &set), ("domain", d)]);
                    assert!(
                        agrees(&figure, "denominator", complete),
                        "{address} {d}: {complete} vs {figure}"
                    );
                    assert!(
                        agrees(&figure, "numerator", achieved),
                        "{address} {d}: {achieved} vs {figure}"
                    );
                    let mark = mark_of(&[complete, achieved]);
                    assert_eq!(
                        figure.get("suppressed").and_then(|m| m.as_str()),
                        mark,
                        "{address} {d}"
                    );
                    marks += usize::from(mark.is_some());
                }
                let again: serde_json::Value =
                    serde_json::from_str(&viewer.get(&api).await.body).expect("JSON");
                assert_eq!(again, answer, "the same request, the same answer");
            }
            assert!(marks > 0, "the demo's factsheets hide cells");
        });
    }
}

/// A small random organisation as interchange files, drawn from `seed`:
/// four areas (and registrations without one), three main domains in two
/// themes that share one, every form and age group, referrals, and goal
/// and end scores on closed adult trajectories.
fn random_files(seed: u64) -> Vec<importer::InputFile> {
    use domain::{AgeGroup, Coded, SupportForm};
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut draw = move |n: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) % n as u64) as usize
    };
    let areas = ["Leek", "Marum", "Grootegast", "Zuidhorn", ""];
    let domains = ["geestelijke_gezondheid", "sociaal_netwerk", "financien"];
    let partners = ["", "huisarts", "ggz"];
    let mut registrations = String::from(
        "registration_id,organisation,area,form,start_date,end_date,age_group,main_domain,referred_by,referred_to,zrm_geestelijke_gezondheid_doel,zrm_geestelijke_gezondheid_eind,zrm_sociaal_netwerk_doel,zrm_sociaal_netwerk_eind,zrm_financien_doel,zrm_financien_eind\n",
    );
    for i in 0..(40 + draw(80)) {
        let form = SupportForm::ALL[draw(SupportForm::ALL.len())];
        let age = AgeGroup::ALL[draw(AgeGroup::ALL.len())];
        let closed = draw(2) == 0;
        let scored = closed && form == SupportForm::ALL[2] && age != AgeGroup::ALL[0];
        let domain = draw(domains.len());
        let mut scores = vec![String::new(); 6];
        if scored {
            scores[2 * domain] = (2 + draw(3)).to_string();
            scores[2 * domain + 1] = (1 + draw(5)).to_string();
        }
        registrations.push_str(&format!(
            "r{i},deschans,{},{},2022-0{}-01,{},{},{},{},{},{}\n",
            areas[draw(areas.len())],
            form.code(),
            1 + draw(9),
            if closed { "2022-12-01" } else { "" },
            age.code(),
            domains[domain],
            partners[draw(partners.len())],
            partners[draw(partners.len())],
            scores.join(","),
        ));
    }
    let themes = "organisation,theme,name,year,zrm_domains,societal_task\n\
        deschans,kwetsbaar,Kwetsbaar,2022,geestelijke_gezondheid|sociaal_netwerk,\n\
        deschans,armoede,Armoede,2022,sociaal_netwerk|financien,\n";
    [
        (
            "organisations.csv",
            include_str!("fixtures/organisations.csv").to_string(),
        ),
        (
            "partners.csv",
            include_str!("fixtures/partners.csv").to_string(),
        ),
        ("themes.csv", themes.to_string()),
        ("registrations.csv", registrations),
    ]
    .into_iter()
    .map(|(name, text)| importer::InputFile::new(name.to_string(), text.into_bytes()))
    .collect()
}

#[test]
fn no_primary_cell_of_random_registrations_can_be_narrowed_on_every_backend() {
    for seed in 1..=4 {
        for db in store::testing::databases() {
            support::runtime().block_on(async {
                let app = TestApp::with_files(&db, 5, random_files(seed)).await;
                for k in [3, 5, 10] {
                    let ranges = audited(&app, "deschans", k).await;
                    assert!(!ranges.is_empty(), "seed {seed}: small counts for k = {k}");
                    let narrowed: Vec<_> = ranges.iter().filter(|r| !r.holds(k)).collect();
                    assert!(
                        narrowed.is_empty(),
                        "seed {seed}, k = {k}, {}: {narrowed:#?}",
                        db.label
                    );
                }
                app.store.close().await;
            });
        }
    }
}

/// A table as the staff see it and as a municipality viewer sees it.
struct Both<'a> {
    staff: &'a Table,
    public: &'a Table,
}

impl Both<'_> {
    /// Whether the viewer's table is laid out coarser than the staff's:
    /// another caption says so.
    fn coarser(&self) -> bool {
        self.public.caption != self.staff.caption
    }

    /// The staff's counts of a row, by its label.
    fn staff_row(&self, label: &Text) -> Vec<u64> {
        let row = self.staff.rows.iter().find(|r| &r.label == label);
        let row = row.unwrap_or_else(|| panic!("{}: row {label:?}", self.staff.id));
        row.cells.iter().map(count).collect()
    }

    /// Checks that every count the coarser table shows is the sum of the
    /// staff's finer counts it merges: 0–17 and 18+ of the age groups
    /// (over the domains together when it has no domain rows), the total
    /// of the forms; a survey question's merged answers add up to the
    /// staff's answers in all.
    fn merges_exactly(&self) {
        if self.public.id.contains("-q") {
            return self.answers_add_up();
        }
        for row in &self.public.rows {
            let fine = self.staff_row(&row.label);
            let merged: Vec<u64> = match (self.public.id.as_str(), row.cells.len()) {
                ("reach-age", 3) => vec![fine[0], fine[1..5].iter().sum(), fine[5]],
                ("reach-form", 1) => vec![*fine.last().expect("a total")],
                other => panic!("no coarser layout {other:?}"),
            };
            for (cell, n) in row.cells.iter().zip(merged) {
                if let Cell::Count(Entry::Count(shown)) = cell {
                    assert_eq!(*shown, n, "{} {:?}", self.public.id, row.label);
                }
            }
        }
    }
}

impl Both<'_> {
    /// A survey question's merged answers: its total is the staff's, and
    /// the groups shown add up to it when none is hidden.
    fn answers_add_up(&self) {
        let total = |t: &Table| t.rows.iter().find(|r| r.total).map(|r| r.cells[0].clone());
        let staff = total(self.staff).map(|c| count(&c)).expect("a total");
        let groups: Vec<Option<u64>> = self
            .public
            .rows
            .iter()
            .filter(|r| !r.total)
            .map(|r| match &r.cells[0] {
                Cell::Count(e) => e.count(),
                other => panic!("a count: {other:?}"),
            })
            .collect();
        assert!(
            groups.len() <= 3,
            "{}: three groups at most",
            self.public.id
        );
        if let Some(Cell::Count(Entry::Count(n))) = total(self.public) {
            assert_eq!(n, staff, "{}", self.public.id);
            if groups.iter().all(Option::is_some) {
                assert_eq!(
                    groups.iter().flatten().sum::<u64>(),
                    staff,
                    "{}",
                    self.public.id
                );
            }
        }
    }
}

/// A count cell's count as the staff see it.
fn count(cell: &Cell) -> u64 {
    match cell {
        Cell::Count(Entry::Count(n)) => *n,
        other => panic!("not a staff count: {other:?}"),
    }
}

/// Every table of every page an organisation can publish, for k = 3, 5
/// and 10: none of them shows more than half of its counts hidden (it is
/// published coarser, or said in words in every format); a coarser table
/// adds up the staff's finer counts exactly. Returns how many tables were
/// published coarser. (The auditor checks the protection over these same
/// coarser tables: `publications::universe` lays them out for k.)
async fn coarser_or_said(app: &TestApp, organisation: &str) -> usize {
    let organisation = OrganisationCode::parse(organisation).expect("a code");
    let records = app
        .store
        .organisation_records(&organisation)
        .await
        .expect("records")
        .expect("the organisation");
    let staff_cache = FigureCache::default();
    let mut staff_ctx = public_context(app, &staff_cache, &organisation, 5).await;
    staff_ctx.audience = Audience::Staff;
    let mut coarser = 0;
    for k in [3, 5, 10] {
        let cache = FigureCache::default();
        let ctx = public_context(app, &cache, &organisation, k).await;
        for page in publications::publishable(&records) {
            let public = built(&ctx, &page).await;
            let staff = built(&staff_ctx, &page).await;
            let view = publish::view::publication(&public, publish::Lang::Nl.messages(), false);
            for (id, rows) in view_tables(&view) {
                let counts: Vec<&Shown> = rows.iter().flatten().filter(|c| c.count).collect();
                let hidden = counts.iter().filter(|c| c.mark.is_some()).count();
                assert!(
                    2 * hidden <= counts.len(),
                    "k = {k}, {page} {id}: {hidden} of {} counts hidden",
                    counts.len()
                );
            }
            let staff_tables: Vec<&Table> =
                staff.sections.iter().flat_map(|s| s.tables()).collect();
            for table in public.sections.iter().flat_map(|s| s.tables()) {
                let staff = staff_tables.iter().find(|t| t.id == table.id);
                let both = Both {
                    staff: staff.unwrap_or_else(|| panic!("{page} {}: staff's", table.id)),
                    public: table,
                };
                if both.coarser() {
                    both.merges_exactly();
                    coarser += 1;
                }
            }
        }
    }
    coarser
}

#[test]
fn a_table_protection_would_mostly_hide_is_published_coarser_or_said_in_words() {
    for db in store::testing::databases() {
        support::runtime().block_on(async {
            let app = TestApp::demo(&db, 5).await;
            let merged = coarser_or_said(&app, "deschans").await;
            assert!(merged > 0, "the demo's small survey questions are merged");
            coarser_or_said(&app, "sedna").await;
        });
    }
    let mut coarser = 0;
    for seed in 1..=4 {
        for db in store::testing::databases() {
            support::runtime().block_on(async {
                let app = TestApp::with_files(&db, 5, random_files(seed)).await;
                coarser += coarser_or_said(&app, "deschans").await;
                app.store.close().await;
            });
        }
    }
    assert!(coarser > 0, "small random files have coarser tables");
}
