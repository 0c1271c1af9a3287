//! The XLSX seeds of the fuzz target `xlsx` (bench/fuzz.sh): real
//! workbooks to start mutating from. Written where `FUZZ_SEEDS` says, or
//! into a temporary folder; each must read as the table it holds.

use interchange::testing::{sheet, sparse_workbook, workbook};
use interchange::{read_tables, Limits};
use rust_xlsxwriter::Workbook;

fn written_by_excel_writer() -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book
        .add_worksheet()
        .set_name("registrations")
        .expect("a name");
    let rows = [
        [
            "registration_id",
            "organisation",
            "form",
            "start_date",
            "age_group",
            "main_domain",
        ],
        [
            "r1",
            "deschans",
            "traject",
            "2022-01-03",
            "27-55",
            "financien",
        ],
        [
            "r2",
            "deschans",
            "kort_contact",
            "03-02-2022",
            "18-26",
            "huisvesting",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet
                .write_string(r as u32, c as u16, *cell)
                .expect("a cell");
        }
    }
    sheet.write_number(3, 0, 44562.0).expect("a number");
    book.save_to_buffer().expect("a workbook")
}

#[test]
fn the_xlsx_seeds_read_as_their_tables() {
    let folder = std::env::var("FUZZ_SEEDS").ok();
    let temporary = tempfile::tempdir().expect("a folder");
    let folder = folder.map_or(temporary.path().to_path_buf(), Into::into);
    std::fs::create_dir_all(&folder).expect("the seeds folder");
    let seeds = [
        ("excel-writer.xlsx", written_by_excel_writer(), Some(3)),
        (
            "inline-strings.xlsx",
            workbook(&sheet(
                "A1:B2",
                &[
                    &[("A1", "registration_id"), ("B1", "form")],
                    &[("A2", "r1"), ("B2", "traject")],
                ],
            )),
            Some(1),
        ),
        ("sparse.xlsx", sparse_workbook(), None),
    ];
    for (name, bytes, rows) in seeds {
        std::fs::write(folder.join(name), &bytes).expect("a seed");
        match (read_tables(&bytes, &Limits::default()), rows) {
            (Ok(tables), Some(rows)) => assert_eq!(tables[0].len(), rows, "{name}"),
            (Err(_), None) => {}
            (other, _) => panic!("{name}: {other:?}"),
        }
    }
}
