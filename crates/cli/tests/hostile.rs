//! The tester's hostile files through the real binary, on every backend:
//! each is refused with the limit named, nothing is stored, and the
//! process's peak memory stays small (measured by the kernel for that
//! process).

mod support;

use interchange::testing::{sparse_workbook, unpack_bomb};
use support::{backends, Db};

/// The most memory an import of a refused hostile file may take: the
/// binary itself, the file, and buffers (the tester saw 2.1 GB and 512 GB).
const SMALL: u64 = 150 * 1024 * 1024;

const HEADER: &str = "registration_id,organisation,form,start_date,age_group,main_domain\n";

fn each(test: impl Fn(Db)) {
    for db in backends() {
        test(db.with_din());
    }
}

fn import_measured(db: &Db, files: &[(&str, &[u8])], extra: &[&str]) -> support::Run {
    import_within(db, files, extra, SMALL)
}

fn import_within(db: &Db, files: &[(&str, &[u8])], extra: &[&str], most: u64) -> support::Run {
    let paths = db.write(files);
    let mut args = vec!["import"];
    args.extend(paths.iter().map(String::as_str));
    args.extend(extra);
    let (run, peak) = db.run_measured(&args);
    eprintln!(
        "[{}] {:?}: peak memory {} MB",
        db.label,
        files.iter().map(|f| f.0).collect::<Vec<_>>(),
        peak >> 20
    );
    assert!(peak < most, "[{}] peak memory {} MB", db.label, peak >> 20);
    run
}

#[test]
fn the_sparse_workbook_and_the_unpack_bomb_are_refused_in_little_memory() {
    each(|db| {
        let before = db.count("registrations");
        import_measured(&db, &[("registrations.xlsx", &sparse_workbook())], &[])
            .refused()
            .says("the sheet declares 16384 columns; the limit is 500 (--max-columns)");
        import_measured(&db, &[("registrations.xlsx", &unpack_bomb(2 << 30))], &[])
            .refused()
            .says("the workbook unpacks to more than 128 MB, the limit (--max-unpacked-mb)");
        import_measured(&db, &[("registrations.xlsx", &unpack_bomb(64 << 20))], &[])
            .refused()
            .says("the workbook unpacks to more than 100 times its own size, the limit (--max-unpack-ratio)");
        assert_eq!(db.count("registrations"), before, "{}", db.label);
    });
}

#[test]
fn one_line_of_60_mb_of_commas_is_refused_in_little_memory() {
    each(|db| {
        let mut file = HEADER.as_bytes().to_vec();
        file.extend(std::iter::repeat_n(b',', 60 << 20));
        file.push(b'\n');
        import_measured(&db, &[("registrations.csv", &file)], &[])
            .refused()
            .says("(--max-line-kb)");
        assert_eq!(db.count("registrations"), 0, "{}", db.label);
    });
}

#[test]
fn each_limit_set_on_the_command_line_is_named_when_passed() {
    each(|db| {
        let row = |i: usize| format!("r{i},deschans,traject,2022-01-03,27-55,financien\n");
        let four: String = std::iter::once(HEADER.to_string())
            .chain((0..4).map(row))
            .collect();
        import_measured(
            &db,
            &[("registrations.csv", four.as_bytes())],
            &["--max-rows", "3"],
        )
        .refused()
        .says("the file has more than 3 rows; the limit is 3 (--max-rows)");
        import_measured(
            &db,
            &[("registrations.csv", four.as_bytes())],
            &["--max-columns", "5"],
        )
        .refused()
        .says("line 1 has 6 columns; the limit is 5 (--max-columns)");
        import_measured(
            &db,
            &[("registrations.csv", four.as_bytes())],
            &["--max-field-chars", "8"],
        )
        .refused()
        .says("line 1: a value of 15 characters; the limit is 8 (--max-field-chars)");
        import_measured(
            &db,
            &[("registrations.csv", four.as_bytes())],
            &["--max-line-kb", "0"],
        )
        .refused()
        .says("(--max-line-kb)");
        let big = format!("{HEADER}{}", row(0).repeat(30_000));
        import_measured(
            &db,
            &[("registrations.csv", big.as_bytes())],
            &["--max-file-mb", "1"],
        )
        .refused()
        .says("the file is 2 MB; the limit is 1 MB (--max-file-mb)");
        import_measured(
            &db,
            &[("registrations.xlsx", &unpack_bomb(3 << 20))],
            &["--max-unpacked-mb", "2", "--max-unpack-ratio", "100000"],
        )
        .refused()
        .says("the workbook unpacks to more than 2 MB, the limit (--max-unpacked-mb)");
        assert_eq!(db.count("registrations"), 0, "{}", db.label);
        // Within them, the same file is stored.
        import_measured(&db, &[("registrations.csv", four.as_bytes())], &[]).ok();
        assert_eq!(db.count("registrations"), 4, "{}", db.label);
    });
}

#[test]
fn a_million_bad_rows_list_the_first_errors_and_count_the_rest() {
    each(|db| {
        let bad = "x,deschans,traject,0000-01-01,27-55,financien\n";
        let rows: String = (0..200_000)
            .map(|i| bad.replacen('x', &format!("r{i}"), 1))
            .collect();
        let text = format!("{HEADER}{rows}");
        let run = import_measured(
            &db,
            &[("registrations.csv", text.as_bytes())],
            &["--max-errors", "10"],
        );
        run.refused()
            .says("line 2, column start_date, value \"0000-01-01\": the date lies outside 1900-01-01 to ")
            .says("… and 199990 more problem(s) not listed (--max-errors)");
        assert!(
            run.stdout.len() < 10_000,
            "{} bytes printed",
            run.stdout.len()
        );
    });
}

/// The tester's workbook of a million rows (one cell each): a few
/// megabytes packed, within every limit, read row by row.
fn million_rows() -> Vec<u8> {
    interchange::testing::workbook_writing(&mut |out| {
        out.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>registration_id</t></is></c></row>"#)?;
        for n in 2..=1_000_001 {
            write!(
                out,
                r#"<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>r{n}</t></is></c></row>"#
            )?;
        }
        out.write_all(b"</sheetData></worksheet>")
    })
}

#[test]
fn a_workbook_of_a_million_rows_is_read_in_bounded_memory() {
    let book = million_rows();
    eprintln!("a million rows: {} MB packed", book.len() >> 20);
    each(|db| {
        import_within(&db, &[("registrations.xlsx", &book)], &[], 300 << 20)
            .refused()
            .says("missing required column(s) for registrations");
    });
}
