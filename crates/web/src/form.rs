//! A form as sent: every field by name, a name may repeat (check boxes).
//! Values stay as typed, so that a refused form is shown again with them.

use std::collections::BTreeMap;

/// The fields of a form sent as `application/x-www-form-urlencoded`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormData {
    fields: BTreeMap<String, Vec<String>>,
}

impl FormData {
    /// Reads a form body.
    pub fn parse(body: &[u8]) -> Self {
        let mut fields: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (k, v) in form_urlencoded::parse(body) {
            fields
                .entry(k.into_owned())
                .or_default()
                .push(v.into_owned());
        }
        Self { fields }
    }

    /// The first value of a field, trimmed; empty when absent.
    pub fn get(&self, name: &str) -> &str {
        self.fields
            .get(name)
            .and_then(|v| v.first())
            .map_or("", |s| s.trim())
    }

    /// The first value of a field exactly as sent (a password, whose own
    /// rule says what surrounding space means); empty when absent.
    pub fn raw(&self, name: &str) -> &str {
        self.fields
            .get(name)
            .and_then(|v| v.first())
            .map_or("", String::as_str)
    }

    /// Every value of a field (ticked check boxes), without empty ones.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.fields
            .get(name)
            .map(|v| {
                v.iter()
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Sets a field's values (a stored record shown in its form).
    pub fn set(&mut self, name: &str, values: Vec<String>) {
        self.fields.insert(name.to_string(), values);
    }

    /// Whether the field was sent at all (even empty).
    pub fn sent(&self, name: &str) -> bool {
        self.fields.contains_key(name)
    }

    /// Whether a check box with this value was ticked.
    pub fn has(&self, name: &str, value: &str) -> bool {
        self.all(name).contains(&value)
    }
}

#[cfg(test)]
mod tests {
    use super::FormData;

    #[test]
    fn repeated_fields_and_escapes() {
        let f = FormData::parse(b"a=1&pg=meedoen&pg=zingeving&t=a+b%26c&empty=");
        assert_eq!(f.get("a"), "1");
        assert_eq!(f.all("pg"), vec!["meedoen", "zingeving"]);
        assert_eq!(f.get("t"), "a b&c");
        assert_eq!(f.get("missing"), "");
        assert!(f.all("empty").is_empty());
        assert!(f.has("pg", "zingeving"));
    }
}
