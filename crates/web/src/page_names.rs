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

/// A page named by [`factsheet`], [`monitor`], [`DASHBOARD`], [`area`] or
/// [`surveys`], read back into what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page<'a> {
    /// The factsheet of a theme (code) in a year.
    Factsheet(&'a str, &'a str),
    /// The annual monitor of a year.
    Monitor(&'a str),
    /// The multi-year dashboard.
    Dashboard,
    /// The profile of an area in a year.
    Area(&'a str, &'a str),
    /// The survey results of a year.
    Surveys(&'a str),
}

/// The year a page is about; `None` for the dashboard and anything else.
pub fn year(page: &str) -> Option<i32> {
    match parse(page)? {
        Page::Factsheet(_, y) | Page::Monitor(y) | Page::Area(_, y) | Page::Surveys(y) => {
            y.parse().ok()
        }
        Page::Dashboard => None,
    }
}

/// The other pages that show a page's figures again: the monitor of its
/// year (the key figures of every theme, area and survey) and the
/// dashboard (every year whose monitor is published). Withdrawing a page
/// withdraws these with it, so that its figures leave every page the
/// municipality reads.
pub fn shown_again_in(page: &str) -> Vec<String> {
    match (parse(page), year(page)) {
        (Some(Page::Dashboard) | None, _) => Vec::new(),
        (Some(Page::Monitor(_)), _) | (_, None) => vec![DASHBOARD.to_string()],
        (Some(_), Some(year)) => vec![monitor(year), DASHBOARD.to_string()],
    }
}

/// What a page's name names; `None` for anything else.
pub fn parse(page: &str) -> Option<Page<'_>> {
    let parts: Vec<&str> = page.split('/').collect();
    match parts.as_slice() {
        ["factsheets", theme, year] => Some(Page::Factsheet(theme, year)),
        ["monitor", year] => Some(Page::Monitor(year)),
        [name] if *name == DASHBOARD => Some(Page::Dashboard),
        ["areas", area, year] => Some(Page::Area(area, year)),
        ["surveys", year] => Some(Page::Surveys(year)),
        _ => None,
    }
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
            assert!(parse(&page).is_some(), "{page}");
        }
        for page in ["", "admin/audit", "factsheets/../../x", "dashboards"] {
            assert!(!is_publishable(page), "{page}");
        }
    }
}
