//! How a municipality's context value compares with its province, the
//! nation and earlier years, in the words the factsheets use ("lager dan
//! landelijk en provinciaal", "gelijk aan landelijk, iets lager dan
//! provinciaal", "hoger dan in 2016").

use domain::Decimal;

/// How a value relates to a reference value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// Equal at the decimals both are published with.
    Equal,
    /// Higher by at most a fifth of the reference.
    SlightlyHigher,
    /// Lower by at most a fifth of the reference.
    SlightlyLower,
    /// Higher by more.
    Higher,
    /// Lower by more.
    Lower,
}

/// Above this share of the reference value, a difference is no longer
/// "iets" (slight): 5 % against 6 % is "iets lager" (1/6 = 17 %, as the
/// 2022 monitor words it), 3.7 % against 5.7 % is "lager".
pub const SLIGHT: f64 = 0.2;

/// `d` as a whole number of units of `10^-decimals`, rounded half away
/// from zero; exact, on the decimal text.
fn scaled(d: &Decimal, decimals: usize) -> i128 {
    let text = d.as_str();
    let negative = text.starts_with('-');
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let value: i128 = digits.parse().unwrap_or(0);
    let have = d.decimals();
    let magnitude = if have <= decimals {
        value * 10i128.pow((decimals - have) as u32)
    } else {
        let divisor = 10i128.pow((have - decimals) as u32);
        (value + divisor / 2) / divisor
    };
    if negative {
        -magnitude
    } else {
        magnitude
    }
}

/// How `value` relates to `reference`. Equal when both are the same at
/// the smaller number of decimals the two are published with (4.4 and
/// 4.43 are equal; 4.4 and 4.5 are not): CBS rounds what it publishes, so
/// more precision than that is not there to compare. Otherwise slightly
/// higher or lower when the difference is at most [`SLIGHT`] of the
/// reference, else higher or lower.
pub fn relation(value: &Decimal, reference: &Decimal) -> Relation {
    let decimals = value.decimals().min(reference.decimals());
    let (a, b) = (scaled(value, decimals), scaled(reference, decimals));
    if a == b {
        return Relation::Equal;
    }
    let difference = value.value() - reference.value();
    let slight = difference.abs() <= SLIGHT * reference.value().abs();
    match (difference > 0.0, slight) {
        (true, true) => Relation::SlightlyHigher,
        (true, false) => Relation::Higher,
        (false, true) => Relation::SlightlyLower,
        (false, false) => Relation::Lower,
    }
}

impl Relation {
    /// The words before a region: "lager dan", "gelijk aan", …
    fn against(self) -> &'static str {
        match self {
            Self::Equal => "gelijk aan",
            Self::SlightlyHigher => "iets hoger dan",
            Self::SlightlyLower => "iets lager dan",
            Self::Higher => "hoger dan",
            Self::Lower => "lager dan",
        }
    }

    /// The words before an earlier year: "hoger dan in", "even hoog als in", …
    fn since(self) -> &'static str {
        match self {
            Self::Equal => "even hoog als in",
            Self::SlightlyHigher => "iets hoger dan in",
            Self::SlightlyLower => "iets lager dan in",
            Self::Higher => "hoger dan in",
            Self::Lower => "lager dan in",
        }
    }
}

/// The municipality's value against the nation and its province, as the
/// factsheets say it: "lager dan landelijk en provinciaal" when both
/// relations are the same, "gelijk aan landelijk, iets lager dan
/// provinciaal" when they differ, "hoger dan landelijk" when the province
/// has no value (or "… provinciaal" when the nation has none); `None`
/// when neither has one.
pub fn regions_phrase(
    municipality: &Decimal,
    nation: Option<&Decimal>,
    province: Option<&Decimal>,
) -> Option<String> {
    let national = nation.map(|n| relation(municipality, n));
    let provincial = province.map(|p| relation(municipality, p));
    match (national, provincial) {
        (Some(n), Some(p)) if n == p => Some(format!("{} landelijk en provinciaal", n.against())),
        (Some(n), Some(p)) => Some(format!(
            "{} landelijk, {} provinciaal",
            n.against(),
            p.against()
        )),
        (Some(n), None) => Some(format!("{} landelijk", n.against())),
        (None, Some(p)) => Some(format!("{} provinciaal", p.against())),
        (None, None) => None,
    }
}

/// The value against an earlier year's: "hoger dan in 2016", "even hoog
/// als in 2016".
pub fn trend_phrase(now: &Decimal, earlier: &Decimal, earlier_year: i32) -> String {
    format!("{} {earlier_year}", relation(now, earlier).since())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap()
    }

    #[test]
    fn equal_at_the_published_decimals() {
        assert_eq!(relation(&d("4.4"), &d("4.4")), Relation::Equal);
        // 4.43 at one decimal is 4.4.
        assert_eq!(relation(&d("4.43"), &d("4,4")), Relation::Equal);
        // 6 and 6.4: at 0 decimals both 6.
        assert_eq!(relation(&d("6.4"), &d("6")), Relation::Equal);
        // 6.5 rounds half away from zero to 7.
        assert_eq!(relation(&d("6.5"), &d("6")), Relation::SlightlyHigher);
        assert_eq!(relation(&d("-2.5"), &d("-3")), Relation::Equal);
    }

    #[test]
    fn slight_up_to_a_fifth_of_the_reference() {
        // 5 against 6: 1/6 ≈ 0.17 → iets lager.
        assert_eq!(relation(&d("5"), &d("6")), Relation::SlightlyLower);
        // 3.7 against 5.7: 2/5.7 ≈ 0.35 → lager.
        assert_eq!(relation(&d("3.7"), &d("5.7")), Relation::Lower);
        // 12 against 10: exactly a fifth → still iets hoger.
        assert_eq!(relation(&d("12"), &d("10")), Relation::SlightlyHigher);
        assert_eq!(relation(&d("13"), &d("10")), Relation::Higher);
        // Against 0 nothing is slight.
        assert_eq!(relation(&d("1"), &d("0")), Relation::Higher);
    }

    #[test]
    fn every_branch_of_the_regions_phrase() {
        let phrase = |m, n: Option<&str>, p: Option<&str>| {
            regions_phrase(&d(m), n.map(d).as_ref(), p.map(d).as_ref())
        };
        assert_eq!(
            phrase("4.4", Some("7.9"), Some("8.6")).unwrap(),
            "lager dan landelijk en provinciaal"
        );
        assert_eq!(
            phrase("10", Some("10"), Some("11")).unwrap(),
            "gelijk aan landelijk, iets lager dan provinciaal"
        );
        assert_eq!(
            phrase("6", Some("6"), Some("6")).unwrap(),
            "gelijk aan landelijk en provinciaal"
        );
        assert_eq!(
            phrase("93", Some("91"), Some("92")).unwrap(),
            "iets hoger dan landelijk en provinciaal"
        );
        assert_eq!(
            phrase("30", Some("20"), Some("29")).unwrap(),
            "hoger dan landelijk, iets hoger dan provinciaal"
        );
        // A missing province value: the nation only.
        assert_eq!(
            phrase("3.7", Some("5.7"), None).unwrap(),
            "lager dan landelijk"
        );
        assert_eq!(
            phrase("5", None, Some("6")).unwrap(),
            "iets lager dan provinciaal"
        );
        assert_eq!(phrase("5", None, None), None);
    }

    #[test]
    fn trend_against_an_earlier_year() {
        assert_eq!(
            trend_phrase(&d("5.7"), &d("4.4"), 2016),
            "hoger dan in 2016"
        );
        assert_eq!(
            trend_phrase(&d("4.4"), &d("5.7"), 2016),
            "lager dan in 2016"
        );
        assert_eq!(
            trend_phrase(&d("4.4"), &d("4.4"), 2016),
            "even hoog als in 2016"
        );
        assert_eq!(
            trend_phrase(&d("4.6"), &d("4.4"), 2019),
            "iets hoger dan in 2019"
        );
    }
}
