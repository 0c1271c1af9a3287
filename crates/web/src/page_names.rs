//! The names under which a researcher publishes pages for the
//! municipality: each page's address after `/organisations/{org}/`, e.g.
//! `factsheets/armoede/2022`. Written here only, so the publication list,
//! the start page, the API and the demo always agree.

use std::fmt::Display;

/// The factsheet of a theme in a year.
pub fn factsheet(theme: &str, year: impl Display) -> String {
    format!("factsheets/{theme}/{year}")
}

/// The annual monitor of a year.
pub fn monitor(year: impl Display) -> String {
    format!("monitor/{year}")
}

/// The multi-year dashboard.
pub const DASHBOARD: &str = "dashboard";

/// The profile of an area in a year.
pub fn area(area: &str, year: impl Display) -> String {
    format!("areas/{area}/{year}")
}

/// The survey results of a year.
pub fn surveys(year: impl Display) -> String {
    format!("surveys/{year}")
}

/// Whether a name is of a page that can be published (and nothing else,
/// such as a path leading elsewhere).
pub fn is_publishable(page: &str) -> bool {
    let kinds = ["factsheets/", "monitor/", "areas/", "surveys/"];
    !page.contains("..") && (page == DASHBOARD || kinds.iter().any(|k| page.starts_with(k)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_is_publishable_and_nothing_else() {
        for page in [
            factsheet("armoede", 2022),
            monitor(2022),
            DASHBOARD.to_string(),
            area("Leek", 2022),
            surveys(2022),
        ] {
            assert!(is_publishable(&page), "{page}");
        }
        for page in ["", "admin/audit", "factsheets/../../x", "dashboards"] {
            assert!(!is_publishable(page), "{page}");
        }
    }
}
