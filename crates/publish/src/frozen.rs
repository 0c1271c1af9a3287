//! A publication as it was approved, frozen: the suppressed publication
//! written as JSON for the store and read back, so that a published
//! version is shown, printed and downloaded as it was when a researcher
//! published it, whatever the data do afterwards. The message keys of its
//! texts are read back as the program's own (`&'static str`): a key is
//! interned once per process ([`domain::interned`]), so reading many
//! versions keeps one copy of each.

use crate::protected::Publication;

/// The publication as stored: JSON of what its audience sees (a
/// protected publication holds no count before suppression).
pub fn freeze(publication: &Publication) -> String {
    serde_json::to_string(&**publication).expect("a protected publication is always JSON")
}

/// A stored publication read back; an error says what in it is not a
/// publication (a version written by a program too new to read it).
pub fn thaw(json: &str) -> Result<Publication, serde_json::Error> {
    serde_json::from_str(json).map(Publication::stored)
}

/// Whether a publication says the same as a stored (frozen) one: every
/// text and cell equal, the data version they were computed from aside.
/// Both are compared as read from their JSON, so a number reads the same
/// on both sides.
pub fn same_content(stored: &str, publication: &Publication) -> bool {
    let read = |json: &str| -> Option<serde_json::Value> {
        let mut value = serde_json::from_str(json).ok()?;
        strip_versions(&mut value);
        Some(value)
    };
    match (read(stored), read(&freeze(publication))) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// Takes out every data version: the `data_version` fields (the
/// publication's and each table's "how was this computed") and the value
/// of every `version` placeholder of a text (the sources' line).
fn strip_versions(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.remove("data_version");
            map.values_mut().for_each(strip_versions);
        }
        serde_json::Value::Array(items) => match items.as_mut_slice() {
            [name, filled] if name.as_str() == Some("version") => *filled = serde_json::Value::Null,
            _ => items.iter_mut().for_each(strip_versions),
        },
        _ => {}
    }
}
