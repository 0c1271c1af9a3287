//! Two dated versions of a DIN side by side: what was added, what changed
//! (field by field, before and after), what was removed, and which
//! efforts stopped, with their reason.

use domain::DinSnapshot;
use serde::Serialize;
use serde_json::Value;

/// What happened to one item of the DIN between two versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// New in the later version.
    Added,
    /// Gone from the later version.
    Removed,
    /// Present in both with other values: field, before, after.
    Changed(Vec<(String, String, String)>),
    /// An effort that stopped between the versions: the date and reason.
    Stopped {
        /// The day it stopped.
        date: String,
        /// Why, as the coordinator wrote it.
        reason: String,
    },
}

/// One item's change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DinChange {
    /// `themes`, `goals`, `efforts` or `partners`.
    pub kind: &'static str,
    /// Its id (a theme's code with its year).
    pub id: String,
    /// Its name or wording.
    pub name: String,
    /// What happened.
    pub change: Change,
}

fn text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(", "),
        Value::Object(_) => {
            let fields: Vec<String> = v
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(_, x)| !x.is_null())
                .map(|(k, x)| format!("{k}: {}", text(x)))
                .collect();
            fields.join("; ")
        }
        other => other.to_string(),
    }
}

fn items<T: Serialize>(
    list: &[T],
    id: impl Fn(&Value) -> String,
    name: &str,
) -> Vec<(String, String, Value)> {
    list.iter()
        .filter_map(|item| serde_json::to_value(item).ok())
        .map(|v| (id(&v), text(&v[name]), v))
        .collect()
}

fn field(v: &Value, name: &str) -> String {
    text(&v[name])
}

fn compare_kind(
    kind: &'static str,
    before: Vec<(String, String, Value)>,
    after: Vec<(String, String, Value)>,
    out: &mut Vec<DinChange>,
) {
    for (id, name, new) in &after {
        let change = match before.iter().find(|(b, _, _)| b == id) {
            None => Some(Change::Added),
            Some((_, _, old)) if old == new => None,
            Some((_, _, old)) => {
                let stopped_now =
                    kind == "efforts" && old["stopped"].is_null() && !new["stopped"].is_null();
                if stopped_now {
                    Some(Change::Stopped {
                        date: field(new, "stopped"),
                        reason: field(new, "stop_reason"),
                    })
                } else {
                    let fields = new
                        .as_object()
                        .into_iter()
                        .flatten()
                        .filter(|(k, v)| old.get(k.as_str()) != Some(v))
                        .map(|(k, v)| (k.clone(), text(&old[k.as_str()]), text(v)))
                        .collect();
                    Some(Change::Changed(fields))
                }
            }
        };
        if let Some(change) = change {
            out.push(DinChange {
                kind,
                id: id.clone(),
                name: name.clone(),
                change,
            });
        }
    }
    for (id, name, _) in &before {
        if !after.iter().any(|(a, _, _)| a == id) {
            out.push(DinChange {
                kind,
                id: id.clone(),
                name: name.clone(),
                change: Change::Removed,
            });
        }
    }
}

/// The changes from `before` to `after`, per kind: themes, goals, efforts,
/// partners.
pub fn compare(before: &DinSnapshot, after: &DinSnapshot) -> Vec<DinChange> {
    let by_id = |v: &Value| text(&v["id"]);
    let theme_id = |v: &Value| format!("{} {}", text(&v["code"]), text(&v["year"]));
    let mut out = Vec::new();
    compare_kind(
        "themes",
        items(&before.themes, theme_id, "name"),
        items(&after.themes, theme_id, "name"),
        &mut out,
    );
    compare_kind(
        "goals",
        items(&before.goals, by_id, "text_operational"),
        items(&after.goals, by_id, "text_operational"),
        &mut out,
    );
    compare_kind(
        "efforts",
        items(&before.efforts, by_id, "name"),
        items(&after.efforts, by_id, "name"),
        &mut out,
    );
    compare_kind(
        "partners",
        items(&before.partners, by_id, "name"),
        items(&after.partners, by_id, "name"),
        &mut out,
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::{Id, OrganisationCode, Partner, PartnerLine, PartnerSector};

    fn partner(id: &str, name: &str) -> Partner {
        Partner {
            organisation: OrganisationCode::parse("o").unwrap(),
            id: Id::parse(id).unwrap(),
            name: name.into(),
            sector: PartnerSector::Care,
            line: PartnerLine::FirstLine,
            areas: vec![],
        }
    }

    #[test]
    fn added_changed_and_removed_partners() {
        let before = DinSnapshot {
            partners: vec![partner("a", "Huisarts"), partner("b", "GGZ")],
            ..Default::default()
        };
        let after = DinSnapshot {
            partners: vec![partner("a", "Huisartsen"), partner("c", "Wijkagent")],
            ..Default::default()
        };
        let changes = compare(&before, &after);
        assert_eq!(changes.len(), 3, "{changes:?}");
        assert_eq!(
            changes[0].change,
            Change::Changed(vec![(
                "name".into(),
                "Huisarts".into(),
                "Huisartsen".into()
            )])
        );
        assert_eq!(
            (changes[1].id.as_str(), &changes[1].change),
            ("c", &Change::Added)
        );
        assert_eq!(
            (changes[2].id.as_str(), &changes[2].change),
            ("b", &Change::Removed)
        );
    }
}
