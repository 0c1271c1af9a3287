//! A CSV file being written: a header and rows of text cells.

/// One interchange file: its name, header and rows.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The file name, e.g. `registrations.csv`.
    pub name: &'static str,
    header: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

impl Sheet {
    /// An empty file with this header.
    pub fn new(name: &'static str, header: &[&'static str]) -> Self {
        Self {
            name,
            header: header.to_vec(),
            rows: Vec::new(),
        }
    }

    /// Adds a row; it must have a cell per column.
    pub fn row<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) {
        let row: Vec<String> = cells.into_iter().map(Into::into).collect();
        assert_eq!(
            row.len(),
            self.header.len(),
            "{}: a cell per column",
            self.name
        );
        self.rows.push(row);
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the file has no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The file as CSV bytes: UTF-8, `,`, fields quoted where needed, `\n`.
    pub fn bytes(&self) -> Vec<u8> {
        let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
        let written = writer
            .write_record(&self.header)
            .and_then(|_| self.rows.iter().try_for_each(|r| writer.write_record(r)));
        written.expect("writing CSV to memory cannot fail");
        writer
            .into_inner()
            .expect("writing CSV to memory cannot fail")
    }
}

/// An optional cell: the value, or empty.
pub fn opt<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}
