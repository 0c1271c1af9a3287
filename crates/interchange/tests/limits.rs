//! Every limit of [`Limits`]: an input just over it is refused with the
//! limit named, one at it is read; and the file-level mistakes each get
//! their own message.

use interchange::testing::{sheet, sparse_workbook, unpack_bomb, workbook, Fixed};
use interchange::{parse_table, read_tables, FileKind, FileProblem, Limit, Limits, Table};

fn over(bytes: &[u8], limits: &Limits) -> (Limit, u64, u64, Option<usize>) {
    match read_tables(bytes, limits) {
        Err(FileProblem::OverLimit(o)) => (o.limit, o.found, o.allowed, o.line),
        other => panic!("expected a limit, got {other:?}"),
    }
}

fn limit_found(bytes: &[u8], limits: &Limits) -> (Limit, u64) {
    let (limit, found, ..) = over(bytes, limits);
    (limit, found)
}

fn rows(n: usize) -> String {
    let mut text = String::from("registration_id,form\n");
    for i in 0..n {
        text.push_str(&format!("r{i},traject\n"));
    }
    text
}

#[test]
fn the_file_size() {
    let text = rows(3);
    let limits = Limits {
        file_bytes: text.len() as u64 - 1,
        ..Limits::default()
    };
    let (limit, found, ..) = over(text.as_bytes(), &limits);
    assert_eq!((limit, found), (Limit::FileBytes, text.len() as u64));
    let at = Limits {
        file_bytes: text.len() as u64,
        ..Limits::default()
    };
    assert!(read_tables(text.as_bytes(), &at).is_ok());
}

#[test]
fn rows_of_a_csv_file_and_a_sheet() {
    let limits = Limits {
        rows: 3,
        ..Limits::default()
    };
    assert_eq!(over(rows(4).as_bytes(), &limits).0, Limit::Rows);
    assert_eq!(
        read_tables(rows(3).as_bytes(), &limits).unwrap()[0].len(),
        3
    );
    let declared = workbook(&sheet("A1:B5", &[&[("A1", "registration_id")]]));
    assert_eq!(limit_found(&declared, &limits), (Limit::SheetRows, 4));
}

#[test]
fn columns_of_a_header_a_row_and_a_sheet() {
    let limits = Limits {
        columns: 5,
        ..Limits::default()
    };
    let (limit, found, allowed, line) = over(b"a,b,c,d,e,f\n1,2,3,4,5,6\n", &limits);
    assert_eq!(
        (limit, found, allowed, line),
        (Limit::Columns, 6, 5, Some(1))
    );
    let (.., line) = over(b"a,b,c,d,e\n1,2,3,4,5,6\n", &limits);
    assert_eq!(line, Some(2));
    assert!(read_tables(b"a,b,c,d,e\n1,2,3,4,5\n", &limits).is_ok());
    let declared = workbook(&sheet("A1:F1", &[&[("A1", "registration_id")]]));
    assert_eq!(limit_found(&declared, &limits), (Limit::SheetColumns, 6));
}

#[test]
fn the_testers_sparse_workbook_is_refused_by_its_declared_size() {
    let bytes = sparse_workbook();
    assert!(bytes.len() < 2048, "{} bytes", bytes.len());
    let problem = read_tables(&bytes, &Limits::default()).unwrap_err();
    assert_eq!(
        problem.to_string(),
        "the sheet declares 16384 columns; the limit is 500 (--max-columns)"
    );
}

#[test]
fn a_far_cell_is_refused_when_the_sheet_declares_nothing_large() {
    let bytes = workbook(&sheet(
        "A1",
        &[&[("A1", "registration_id")], &[("XFD1048576", "x")]],
    ));
    let (limit, found, ..) = over(&bytes, &Limits::default());
    assert_eq!((limit, found), (Limit::SheetColumns, 16384));
    let rows_only = workbook(&sheet(
        "A1",
        &[&[("A1", "registration_id")], &[("A1048576", "x")]],
    ));
    let limits = Limits {
        rows: 1000,
        ..Limits::default()
    };
    assert_eq!(
        limit_found(&rows_only, &limits),
        (Limit::SheetRows, 1048575)
    );
}

#[test]
fn a_workbook_that_unpacks_past_the_cap() {
    let limits = Limits {
        unpacked_bytes: 1024 * 1024,
        unpack_ratio: 1_000_000,
        ..Limits::default()
    };
    assert_eq!(
        over(&unpack_bomb(2 * 1024 * 1024), &limits).0,
        Limit::UnpackedBytes
    );
    assert!(read_tables(&unpack_bomb(900 * 1024), &limits).is_ok());
}

#[test]
fn a_workbook_that_unpacks_past_the_ratio() {
    let bomb = unpack_bomb(64 * 1024 * 1024);
    let (limit, found, allowed, _) = over(&bomb, &Limits::default());
    assert_eq!((limit, allowed), (Limit::UnpackRatio, 100));
    assert!(found > 100, "{found}");
    // A small workbook may unpack to many times its size.
    assert!(read_tables(&unpack_bomb(4 * 1024 * 1024), &Limits::default()).is_ok());
}

#[test]
fn the_testers_two_gigabyte_bomb() {
    let bomb = unpack_bomb(2 << 30);
    assert!(bomb.len() < 4 << 20, "{} bytes", bomb.len());
    assert!(matches!(
        read_tables(&bomb, &Limits::default()),
        Err(FileProblem::OverLimit(o)) if o.limit == Limit::UnpackedBytes
    ));
}

#[test]
fn a_long_value_and_a_long_line() {
    let limits = Limits {
        field_chars: 10,
        ..Limits::default()
    };
    let (limit, found, _, line) = over("id,text\n1,ééééééééééé\n".as_bytes(), &limits);
    assert_eq!((limit, found, line), (Limit::FieldChars, 11, Some(2)));
    assert!(read_tables("id,text\n1,éééééééééé\n".as_bytes(), &limits).is_ok());
    let long = workbook(&sheet(
        "A1:B2",
        &[&[("A1", "id")], &[("A2", "1"), ("B2", "abcdefghijk")]],
    ));
    assert_eq!(limit_found(&long, &limits), (Limit::FieldChars, 11));

    let limits = Limits {
        line_bytes: 20,
        ..Limits::default()
    };
    let (limit, _, _, line) = over(b"id,text\n1,abc\n2,abcdefghijklmnopqrstuvwxyz\n", &limits);
    assert_eq!((limit, line), (Limit::LineBytes, Some(3)));
}

fn parse(text: &str, limits: Limits) -> interchange::ParsedFile {
    let table: Table = read_tables(text.as_bytes(), &limits).unwrap().remove(0);
    let lookup = Fixed::with_limits(limits);
    let organisation = domain::OrganisationCode::parse("deschans").unwrap();
    parse_table(
        FileKind::Registrations,
        &table,
        Some(&organisation),
        &lookup,
    )
    .unwrap()
}

const HEADER: &str = "registration_id,form,start_date,age_group,main_domain\n";

#[test]
fn the_errors_listed_per_file_and_the_rest_counted() {
    let mut text = HEADER.to_string();
    for i in 0..10 {
        text.push_str(&format!("r{i},traject,31-02-2022,27-55,financien\n"));
    }
    let limits = Limits {
        errors_listed: 3,
        ..Limits::default()
    };
    let parsed = parse(&text, limits);
    assert_eq!(parsed.rejected.len(), 10);
    assert_eq!((parsed.errors.len(), parsed.errors_not_listed), (3, 7));
    assert_eq!(parsed.errors[0].line, 2);
}

#[test]
fn dates_before_1900_or_more_than_a_year_ahead() {
    let ahead = chrono::Local::now().date_naive() + chrono::Days::new(400);
    let text = format!(
        "{HEADER}a,traject,0000-01-01,27-55,financien\nb,traject,1899-12-31,27-55,financien\n\
         c,traject,{ahead},27-55,financien\nd,traject,1900-01-01,27-55,financien\n"
    );
    let parsed = parse(&text, Limits::default());
    let refused: Vec<(usize, &str)> = parsed
        .errors
        .iter()
        .map(|e| (e.line, e.problem.as_ref().map_or("", |p| p.code())))
        .collect();
    assert_eq!(
        refused,
        [
            (2, "date_out_of_range"),
            (3, "date_out_of_range"),
            (4, "date_out_of_range")
        ]
    );
    assert_eq!(parsed.records.len(), 1, "1900-01-01 is within the bounds");
}

#[test]
fn an_unclosed_quote_names_the_line_where_it_opens() {
    let mut text = HEADER.to_string();
    text.push_str("a,traject,2022-01-03,27-55,financien\n");
    text.push_str("b,traject,\"2022-01-04,27-55,financien\n");
    for i in 0..15 {
        text.push_str(&format!("c{i},traject,2022-01-05,27-55,financien\n"));
    }
    let problem = read_tables(text.as_bytes(), &Limits::default()).unwrap_err();
    assert_eq!(problem, FileProblem::UnclosedQuote { line: 3, column: 3 });
    // Closed later on: the value swallows rows all the same.
    text.push_str("z,traject,\"2022-01-06\",27-55,financien\n");
    let problem = read_tables(text.as_bytes(), &Limits::default()).unwrap_err();
    assert_eq!(problem, FileProblem::UnclosedQuote { line: 3, column: 3 });
    // A quoted value with line breaks in it is no mistake, nor a line of it
    // with more commas than the file has columns (a literature reference).
    let text = "id,text,more\n1,\"a note\n\n[^1]: Flinterman, F., Lauriks, S., de Wit, M. (2019), 97(7-8), 160.\",x\n";
    assert_eq!(
        read_tables(text.as_bytes(), &Limits::default()).unwrap()[0].len(),
        1
    );
    let text = "id,text,more\n1,\"two\nlines, and a comma\",x\n";
    assert_eq!(
        read_tables(text.as_bytes(), &Limits::default()).unwrap()[0].len(),
        1
    );
}

#[test]
fn a_tab_separated_file_says_so() {
    let problem =
        read_tables(b"registration_id\tform\nr1\ttraject\n", &Limits::default()).unwrap_err();
    assert_eq!(
        problem,
        FileProblem::Separator {
            found: "tabs".into()
        }
    );
    assert!(
        problem.to_string().contains("separated by tabs"),
        "{problem}"
    );
    let bars = read_tables(b"registration_id|form\nr1|traject\n", &Limits::default()).unwrap_err();
    assert!(matches!(bars, FileProblem::Separator { .. }));
}

#[test]
fn random_bytes_a_damaged_workbook_and_a_zip_of_something_else() {
    let random: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    assert_eq!(
        read_tables(&random, &Limits::default()).unwrap_err(),
        FileProblem::NotTextOrXlsx
    );
    let good = workbook(&sheet("A1", &[&[("A1", "registration_id")]]));
    let cut = &good[..good.len() / 2];
    assert!(matches!(
        read_tables(cut, &Limits::default()),
        Err(FileProblem::DamagedXlsx { .. })
    ));
    let mut other = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    other
        .start_file("notes.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    std::io::Write::write_all(&mut other, b"hello").unwrap();
    let other = other.finish().unwrap().into_inner();
    assert!(matches!(
        read_tables(&other, &Limits::default()),
        Err(FileProblem::NotCsvOrXlsx { .. })
    ));
    // Latin-1 text is still told as text in another encoding.
    assert!(matches!(
        read_tables(b"id,naam\n1,Caf\xE9\n", &Limits::default()),
        Err(FileProblem::NotUtf8 { line: 2, .. })
    ));
}

#[test]
fn a_shared_string_past_the_shared_strings_is_a_damaged_workbook() {
    // Found by the fuzz target `xlsx`: calamine 0.31 indexes its shared
    // strings without a check.
    let xml = br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>7</v></c></row></sheetData></worksheet>"#;
    assert!(matches!(
        read_tables(&workbook(xml), &Limits::default()),
        Err(FileProblem::DamagedXlsx { .. })
    ));
}

#[test]
fn a_workbook_within_the_limits_is_read_as_before() {
    let bytes = workbook(&sheet(
        "A1:B2",
        &[
            &[("A1", "registration_id"), ("B1", "form")],
            &[("A2", "r1"), ("B2", "traject")],
        ],
    ));
    let tables = read_tables(&bytes, &Limits::default()).unwrap();
    assert_eq!(tables[0].header, ["registration_id", "form"]);
    assert_eq!(tables[0].row(0).cells, ["r1", "traject"]);
    assert_eq!(tables[0].line(0), 2);
}
