//! Reading a whole table at once. sqlx hands SQLite rows from its worker
//! thread one at a time, copying every value with SQLite's (locked)
//! allocator on one thread and freeing it on the other: 10^6 registrations
//! took half a minute. Here the database folds the rows into one JSON
//! array of arrays (`json_group_array` on SQLite, `json_agg` on
//! PostgreSQL), one value to hand over, and the array is parsed row by row
//! without building it in memory.

use crate::connect::Backend;
use crate::error::StoreError;
use crate::table::{TableSpec, Ty, Value};
use serde::de::{self, DeserializeSeed, Deserializer, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

/// The statement that returns the rows `page` of the table (optionally of
/// one organisation, `$1`), in the order of its key, as one JSON text:
/// `[[c1, c2, …], …]`. A table is read a page at a time, so that neither
/// the database nor the program holds one text of every row.
pub fn select_json(
    backend: Backend,
    spec: &TableSpec,
    of_organisation: bool,
    page: std::ops::Range<usize>,
) -> String {
    let filter = match of_organisation {
        true => format!(" WHERE {} = $1", spec.columns[0].0),
        false => String::new(),
    };
    let key: Vec<&str> = spec.columns[..spec.key].iter().map(|(n, _)| *n).collect();
    let source = format!(
        "(SELECT * FROM {}{filter} ORDER BY {} LIMIT {} OFFSET {}) AS page",
        spec.name,
        key.join(", "),
        page.len(),
        page.start
    );
    select_json_from(backend, spec, "", &source)
}

/// The statement that returns the stored rows whose keys are in the JSON
/// array of keys `$1` (`[[k1, k2], …]`, see [`json_rows`]), as
/// [`select_json`]. The keys are joined to the table, so that each is a
/// lookup in its primary key (SQLite scans the whole table for
/// `(key…) IN (VALUES …)`).
pub fn select_json_of_keys(backend: Backend, spec: &TableSpec) -> String {
    let on: Vec<String> = spec.columns[..spec.key]
        .iter()
        .enumerate()
        .map(|(i, (name, ty))| format!("t.{name} = {}", json_cell(backend, i, *ty)))
        .collect();
    let source = format!(
        "{} JOIN {} AS t ON {}",
        json_elements(backend),
        spec.name,
        on.join(" AND ")
    );
    select_json_from(backend, spec, "t.", &source)
}

/// The statement that writes rows into the table, a row whose key is
/// stored getting the new values. PostgreSQL reads the rows from the JSON
/// array `$1` (see [`json_rows`]): one parameter carries a whole batch,
/// where binding each value costs a round of type information per value.
/// SQLite binds each value of `rows` rows (`?` each), which costs it less
/// than taking the JSON apart.
pub fn upsert(backend: Backend, spec: &TableSpec, rows: usize) -> String {
    let names: Vec<&str> = spec.columns.iter().map(|(n, _)| *n).collect();
    let source = match backend {
        Backend::Sqlite => format!(
            "VALUES {}",
            crate::tx::placeholders(backend, rows, names.len())
        ),
        Backend::Postgres => {
            let cells: Vec<String> = spec
                .columns
                .iter()
                .enumerate()
                .map(|(i, (_, ty))| json_cell(backend, i, *ty))
                .collect();
            format!(
                "SELECT {} FROM {} WHERE true",
                cells.join(", "),
                json_elements(backend)
            )
        }
    };
    let updates: Vec<String> = names[spec.key..]
        .iter()
        .map(|n| format!("{n} = excluded.{n}"))
        .collect();
    let action = match updates.is_empty() {
        true => "NOTHING".to_string(),
        false => format!("UPDATE SET {}", updates.join(", ")),
    };
    format!(
        "INSERT INTO {} ({}) {source} ON CONFLICT ({}) DO {action}",
        spec.name,
        names.join(", "),
        names[..spec.key].join(", "),
    )
}

/// The elements of the JSON array `$1`, as a row source named `k`.
fn json_elements(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "json_each($1) AS k",
        Backend::Postgres => "json_array_elements($1::json) AS k(value)",
    }
}

/// The `index`th cell of an element of [`json_elements`], as SQL of the
/// column's type.
fn json_cell(backend: Backend, index: usize, ty: Ty) -> String {
    match (backend, ty) {
        (Backend::Postgres, Ty::Int) => format!("(k.value->>{index})::bigint"),
        _ => format!("k.value->>{index}"),
    }
}

/// Rows as one JSON array of arrays, the one parameter of
/// [`upsert_json`] and [`select_json_of_keys`].
pub fn json_rows<'r>(rows: impl IntoIterator<Item = &'r [Value]>) -> String {
    let mut json = Vec::from(b"[".as_slice());
    for (i, row) in rows.into_iter().enumerate() {
        json.extend_from_slice(if i == 0 { b"[" } else { b",[" });
        for (j, value) in row.iter().enumerate() {
            if j > 0 {
                json.push(b',');
            }
            let written = match value {
                Value::Text(Some(text)) => serde_json::to_writer(&mut json, text),
                Value::Int(Some(n)) => serde_json::to_writer(&mut json, n),
                Value::Text(None) | Value::Int(None) => serde_json::to_writer(&mut json, &()),
            };
            written.expect("writing JSON into memory cannot fail");
        }
        json.push(b']');
    }
    json.push(b']');
    String::from_utf8(json).expect("serde_json writes UTF-8")
}

/// `SELECT` of every column (each name after `prefix`) folded into one JSON
/// array, `FROM source`.
fn select_json_from(backend: Backend, spec: &TableSpec, prefix: &str, source: &str) -> String {
    let columns: Vec<String> = spec
        .columns
        .iter()
        .map(|(n, _)| format!("{prefix}{n}"))
        .collect();
    let columns = columns.join(", ");
    match backend {
        Backend::Sqlite => {
            format!("SELECT json_group_array(json_array({columns})) FROM {source}")
        }
        Backend::Postgres => format!(
            "SELECT COALESCE(json_agg(json_build_array({columns})), '[]'::json)::text FROM {source}"
        ),
    }
}

/// One cell as JSON gives it, borrowed from the JSON text unless it had
/// to be unescaped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell<'a> {
    /// SQL NULL.
    Null,
    /// An integer.
    Int(i64),
    /// A text.
    Text(Cow<'a, str>),
}

impl Cell<'_> {
    /// The text, if the cell holds one.
    pub fn text(&self) -> Option<&str> {
        match self {
            Self::Text(t) => Some(t),
            _ => None,
        }
    }

    /// The integer, if the cell holds one.
    pub fn int(&self) -> Option<i64> {
        match self {
            Self::Int(n) => Some(*n),
            _ => None,
        }
    }
}

impl<'de> de::Deserialize<'de> for Cell<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct CellVisitor<'de>(PhantomData<&'de ()>);
        impl<'de> Visitor<'de> for CellVisitor<'de> {
            type Value = Cell<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text, an integer or null")
            }
            fn visit_unit<E>(self) -> Result<Cell<'de>, E> {
                Ok(Cell::Null)
            }
            fn visit_none<E>(self) -> Result<Cell<'de>, E> {
                Ok(Cell::Null)
            }
            fn visit_i64<E>(self, v: i64) -> Result<Cell<'de>, E> {
                Ok(Cell::Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Cell<'de>, E> {
                i64::try_from(v).map(Cell::Int).map_err(E::custom)
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Cell<'de>, E> {
                Ok(Cell::Text(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Cell<'de>, E> {
                Ok(Cell::Text(Cow::Owned(v.to_string())))
            }
            fn visit_string<E>(self, v: String) -> Result<Cell<'de>, E> {
                Ok(Cell::Text(Cow::Owned(v)))
            }
        }
        d.deserialize_any(CellVisitor(PhantomData))
    }
}

/// Reads one row into a list of cells kept from row to row.
struct RowInto<'b, 'de>(&'b mut Vec<Cell<'de>>);

impl<'de> DeserializeSeed<'de> for RowInto<'_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for RowInto<'_, 'de> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a row of cells")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.0.clear();
        while let Some(cell) = seq.next_element::<Cell<'de>>()? {
            self.0.push(cell);
        }
        Ok(())
    }
}

/// A cell as the value of a column of type `ty`.
fn value(ty: Ty, cell: &Cell) -> Result<Value, String> {
    Ok(match (ty, cell) {
        (Ty::Text, Cell::Null) => Value::Text(None),
        (Ty::Text, Cell::Text(s)) => Value::Text(Some(s.to_string())),
        (Ty::Text, Cell::Int(n)) => Value::Text(Some(n.to_string())),
        (Ty::Int, Cell::Null) => Value::Int(None),
        (Ty::Int, Cell::Int(n)) => Value::Int(Some(*n)),
        (Ty::Int, Cell::Text(s)) => Value::Int(Some(
            s.parse().map_err(|_| format!("{s:?} is not an integer"))?,
        )),
    })
}

/// Parses the JSON text and hands each row to `each`, in order, typed.
pub fn each_row(
    spec: &'static TableSpec,
    json: &str,
    each: &mut dyn FnMut(Vec<Value>) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    each_cells(spec, json, &mut |cells| {
        let row: Result<Vec<Value>, String> = spec
            .columns
            .iter()
            .zip(cells)
            .map(|((_, ty), cell)| value(*ty, cell))
            .collect();
        match row {
            Ok(row) => each(row),
            Err(detail) => Err(StoreError::Corrupt {
                table: spec.name,
                detail,
            }),
        }
    })
}

/// Parses the JSON text and hands each row to `each`, in order, as the
/// cells JSON gives (borrowed from `json` where they can be).
pub fn each_cells(
    spec: &'static TableSpec,
    json: &str,
    each: &mut dyn FnMut(&[Cell<'_>]) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    struct Rows<'a> {
        spec: &'static TableSpec,
        each: &'a mut dyn FnMut(&[Cell<'_>]) -> Result<(), StoreError>,
        failed: &'a mut Option<StoreError>,
    }
    impl<'de> Visitor<'de> for Rows<'_> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an array of rows")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            let mut cells: Vec<Cell<'de>> = Vec::with_capacity(self.spec.columns.len());
            while seq.next_element_seed(RowInto(&mut cells))?.is_some() {
                if cells.len() != self.spec.columns.len() {
                    return Err(de::Error::custom("a row of the wrong width"));
                }
                if let Err(e) = (self.each)(&cells) {
                    *self.failed = Some(e);
                    return Err(de::Error::custom("stopped"));
                }
            }
            Ok(())
        }
    }
    let mut failed = None;
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let parsed = deserializer.deserialize_seq(Rows {
        spec,
        each,
        failed: &mut failed,
    });
    match (failed, parsed) {
        (Some(e), _) => Err(e),
        (None, Err(e)) => Err(StoreError::Corrupt {
            table: spec.name,
            detail: format!("rows read back as JSON: {e}"),
        }),
        (None, Ok(())) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static SPEC: TableSpec = TableSpec {
        name: "t",
        columns: &[
            ("organisation", Ty::Text),
            ("n", Ty::Int),
            ("note", Ty::Text),
        ],
        key: 1,
        history: false,
    };

    #[test]
    fn rows_come_back_typed_in_order() {
        let mut rows = Vec::new();
        let json = r#"[["o", 3, "a \"quoted\" é"], ["o", null, null], ["o", "7", 12]]"#;
        each_row(&SPEC, json, &mut |row| {
            rows.push(row);
            Ok(())
        })
        .unwrap();
        assert_eq!(
            rows,
            vec![
                vec![
                    Value::text("o"),
                    Value::int(3),
                    Value::text("a \"quoted\" é")
                ],
                vec![Value::text("o"), Value::Int(None), Value::Text(None)],
                vec![Value::text("o"), Value::int(7), Value::text("12")],
            ]
        );
        assert!(each_row(&SPEC, "[]", &mut |_| Ok(())).is_ok());
        assert!(each_row(&SPEC, r#"[["o", 1]]"#, &mut |_| Ok(())).is_err());
        assert!(each_row(&SPEC, r#"[["o", "x", null]]"#, &mut |_| Ok(())).is_err());
    }

    #[test]
    fn the_statement_per_backend() {
        assert_eq!(
            select_json(Backend::Sqlite, &SPEC, true, 100..150),
            "SELECT json_group_array(json_array(organisation, n, note)) FROM \
             (SELECT * FROM t WHERE organisation = $1 ORDER BY organisation LIMIT 50 OFFSET 100) AS page"
        );
        assert!(select_json(Backend::Postgres, &SPEC, false, 0..10)
            .starts_with("SELECT COALESCE(json_agg(json_build_array("));
    }
}
