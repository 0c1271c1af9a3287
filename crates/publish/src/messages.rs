//! Every word a user reads, in Dutch (the default) and English, from the
//! message files `messages/nl.txt` and `messages/en.txt`: one `key = text`
//! per line, `{name}` for a value filled in, `#` for a comment. No text a
//! user reads is written in code.

use crate::model::{Text, Value};
use std::collections::HashMap;
use std::sync::OnceLock;

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Dutch, the default.
    Nl,
    /// English.
    En,
}

impl Lang {
    /// Both languages, Dutch first.
    pub const ALL: [Lang; 2] = [Lang::Nl, Lang::En];

    /// The language's code, as in `<html lang>` and the switch's URL.
    pub fn code(self) -> &'static str {
        match self {
            Self::Nl => "nl",
            Self::En => "en",
        }
    }

    /// The language of a code; `None` for any other.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The message file of the language.
    pub fn messages(self) -> &'static Messages {
        static NL: OnceLock<Messages> = OnceLock::new();
        static EN: OnceLock<Messages> = OnceLock::new();
        match self {
            Self::Nl => NL.get_or_init(|| Messages::parse(include_str!("../messages/nl.txt"))),
            Self::En => EN.get_or_init(|| Messages::parse(include_str!("../messages/en.txt"))),
        }
    }
}

/// The messages of one language.
#[derive(Debug, Clone, Default)]
pub struct Messages {
    map: HashMap<String, String>,
}

impl Messages {
    /// Reads a message file (see the module comment).
    pub fn parse(text: &str) -> Self {
        let map = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .collect();
        Self { map }
    }

    /// The keys the file defines.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(String::as_str)
    }

    /// Whether the file has this key.
    pub fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// The message of a key; the key itself when the file lacks it (a test
    /// checks that no key used is missing).
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.map.get(key).map_or(key, String::as_str)
    }

    /// The message of a key with its `{name}` placeholders filled in.
    pub fn fill(&self, key: &str, values: &[(&str, String)]) -> String {
        let mut text = self.get(key).to_string();
        for (name, value) in values {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    /// The label of a code in a list (`form.traject`, `age.0-17`): the
    /// message `<list>.<code>`, or the code itself when there is none.
    pub fn label(&self, list: &str, code: &str) -> String {
        let key = format!("{list}.{code}");
        self.map
            .get(&key)
            .cloned()
            .unwrap_or_else(|| code.to_string())
    }

    /// A publication text as plain text (Markdown as written).
    pub fn text(&self, text: &Text) -> String {
        match text {
            Text::Key(key) => self.get(key).to_string(),
            Text::Filled(key, values) => self.fill(key, values),
            Text::Worded(key, values) => {
                let written: Vec<(&str, String)> =
                    values.iter().map(|(k, v)| (*k, self.value(v))).collect();
                self.fill(key, &written)
            }
            Text::Label(list, code) => self.label(list, code),
            Text::Plain(s) | Text::Markdown(s) => s.clone(),
            // Laid out, not protected: shows nothing of its counts.
            Text::Resting(..) => crate::suppression::SECONDARY_SIGN.to_string(),
        }
    }

    /// A number the way the language writes it: `0,635` or `0.635`, with
    /// `decimals` digits after the separator.
    pub fn number(&self, value: f64, decimals: usize) -> String {
        let text = format!("{value:.decimals$}");
        match self.get("number.decimal_separator") {
            "," => text.replace('.', ","),
            _ => text,
        }
    }

    /// A day as the language writes it in full: `2 december 2026`.
    pub fn date(&self, date: chrono::NaiveDate) -> String {
        use chrono::Datelike;
        let month = self.get(&format!("month.{}", date.month())).to_string();
        format!("{} {month} {}", date.day(), date.year())
    }

    /// A whole number with its thousands grouped the way the language
    /// does: `16.384` or `16,384`.
    pub fn whole(&self, value: u64) -> String {
        let digits = value.to_string();
        let separator = self.get("number.group_separator");
        let mut out = String::new();
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(separator);
            }
            out.push(digit);
        }
        out
    }

    /// A share from 0 to 1 as a whole percentage: `64%`.
    pub fn percent(&self, share: f64) -> String {
        format!("{}%", (share * 100.0).round())
    }

    /// A share as a percentage with `decimals` digits: `1,6%`.
    pub fn percent_with(&self, share: f64, decimals: usize) -> String {
        match decimals {
            0 => self.percent(share),
            d => format!("{}%", self.number(share * 100.0, d)),
        }
    }

    /// A signed difference: "+3101", "−261", "+22%" (a share when
    /// `percent`); no sign for 0.
    pub fn difference(&self, value: f64, percent: bool) -> String {
        let digits = match percent {
            true => self.percent(value.abs()),
            false => self.number(value.abs(), 0),
        };
        let rounded_zero = digits.trim_end_matches('%') == "0";
        match (rounded_zero, value < 0.0) {
            (true, _) => digits,
            (false, true) => format!("−{digits}"),
            (false, false) => format!("+{digits}"),
        }
    }

    /// A figure of a sentence as the language writes it.
    pub fn value(&self, value: &Value) -> String {
        match value {
            Value::Text(s) => s.clone(),
            Value::Count(n) => n.to_string(),
            Value::Whole(n) => self.whole(*n),
            Value::Percent(v, d) => self.percent_with(*v, *d),
            Value::Number(v, d) => self.number(*v, *d),
            Value::Month(m) => self.month(m),
            Value::Key(key) => self.get(key).to_string(),
            Value::Filled(key, values) => {
                let values: Vec<(&str, String)> = values
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.clone()))
                    .collect();
                self.fill(key, &values)
            }
            // Laid out, not protected: shows nothing of its counts.
            Value::Counted(_) | Value::Ratio(..) => crate::suppression::SECONDARY_SIGN.to_string(),
        }
    }

    /// `2022-05` as `mei 2022`; as written when it is not a month.
    pub fn month(&self, month: &str) -> String {
        let parsed = month
            .split_once('-')
            .and_then(|(y, m)| Some((y, m.parse::<u32>().ok()?)));
        match parsed {
            Some((year, m)) if (1..=12).contains(&m) => {
                format!("{} {year}", self.get(&format!("month.{m}")))
            }
            _ => month.to_string(),
        }
    }

    /// An interval as the language writes it: `58% – 69%` or `0,45 – 0,85`.
    pub fn interval(&self, low: f64, high: f64, percent: bool) -> String {
        match percent {
            true => format!("{} – {}", self.percent(low), self.percent(high)),
            false => format!("{} – {}", self.number(low, 2), self.number(high, 2)),
        }
    }
}
