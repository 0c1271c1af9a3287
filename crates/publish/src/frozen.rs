//! A publication as it was approved, frozen: the suppressed publication
//! written as JSON for the store and read back, so that a published
//! version is shown, printed and downloaded as it was when a researcher
//! published it, whatever the data do afterwards. The message keys of its
//! texts are read back as the program's own (`&'static str`): a key is
//! interned once per process, so reading many versions keeps one copy of
//! each.

use crate::model::Publication;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeSet;
use std::sync::{Mutex, OnceLock};

/// The publication as stored: JSON without its ledger (the counts before
/// suppression never leave the computation).
pub fn freeze(publication: &Publication) -> String {
    serde_json::to_string(publication).expect("a publication is always JSON")
}

/// A stored publication read back; an error says what in it is not a
/// publication (a version written by a program too new to read it).
pub fn thaw(json: &str) -> Result<Publication, serde_json::Error> {
    serde_json::from_str(json)
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

/// The one copy of a key in this process.
fn intern(s: String) -> &'static str {
    static KEYS: OnceLock<Mutex<BTreeSet<&'static str>>> = OnceLock::new();
    let mut keys = KEYS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(known) = keys.get(s.as_str()) {
        return known;
    }
    let leaked: &'static str = Box::leak(s.into_boxed_str());
    keys.insert(leaked);
    leaked
}

/// A message key as a string (serde `with`).
pub(crate) mod key {
    use super::*;

    pub fn serialize<S: Serializer>(key: &&'static str, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(key)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
        String::deserialize(d).map(intern)
    }
}

/// Placeholders with their values (serde `with`).
pub(crate) mod keyed {
    use super::*;

    pub fn serialize<S: Serializer, T: Serialize>(
        pairs: &[(&'static str, T)],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_seq(pairs.iter().map(|(k, v)| (*k, v)))
    }

    pub fn deserialize<'de, D: Deserializer<'de>, T: DeserializeOwned>(
        d: D,
    ) -> Result<Vec<(&'static str, T)>, D::Error> {
        let pairs: Vec<(String, T)> = Vec::deserialize(d)?;
        Ok(pairs.into_iter().map(|(k, v)| (intern(k), v)).collect())
    }
}
