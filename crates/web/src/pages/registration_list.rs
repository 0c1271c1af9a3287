//! "Mijn registraties": the registrations a social worker made in the web
//! form, and for the coordinator the whole team's. Open trajectories
//! first; filtered by state, form, main domain, area and period; found by
//! registration id, or by client number: that is sent (never in an
//! address), matched through its pseudonym and not shown again; a page at
//! a time.

use crate::access::Access;
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::registration::edit_address;
use crate::pages::{records_of, render};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::Extension;
use domain::{Coded, Date, Registration, Role, SupportForm};
use std::collections::{HashMap, HashSet};

/// Registrations on one page of the list.
const PER_PAGE: usize = 20;

/// Where a registration stands, as a social worker says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Standing {
    /// Registered, no first contact yet and not ended: on the waiting list.
    Waiting,
    /// Running: first contact made, not ended.
    Open,
    /// Ended (an end date is given).
    Closed,
}

impl Standing {
    /// Every standing, in the order the list shows them.
    pub const ALL: [Standing; 3] = [Standing::Waiting, Standing::Open, Standing::Closed];

    /// Where a registration stands.
    pub fn of(r: &Registration) -> Self {
        match (r.end_date, r.first_contact_date) {
            (Some(_), _) => Self::Closed,
            (None, None) => Self::Waiting,
            (None, Some(_)) => Self::Open,
        }
    }

    /// Its code in an address (`?staat=open`) and message key.
    pub fn code(self) -> &'static str {
        match self {
            Self::Waiting => "wachtend",
            Self::Open => "open",
            Self::Closed => "afgesloten",
        }
    }
}

/// What the list is asked to show: each part optional, as the filter form
/// sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Only registrations standing so.
    pub standing: Option<Standing>,
    /// Only this form of support (code).
    pub form: Option<String>,
    /// Only this main domain (code).
    pub domain: Option<String>,
    /// Only this area (name).
    pub area: Option<String>,
    /// Only support running on or after this day.
    pub from: Option<Date>,
    /// Only support started on or before this day.
    pub until: Option<Date>,
    /// A registration id, or part of one.
    pub search: Option<String>,
}

impl Selection {
    /// The selection an address asks for; what cannot be read is left out.
    pub fn from_query(query: &HashMap<String, String>) -> Self {
        let given = |name: &str| {
            query
                .get(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let day = |name: &str| given(name).and_then(|d| Date::parse_from_str(&d, "%Y-%m-%d").ok());
        Self {
            standing: given("staat")
                .and_then(|s| Standing::ALL.into_iter().find(|st| st.code() == s)),
            form: given("vorm"),
            domain: given("domein"),
            area: given("gebied"),
            from: day("van"),
            until: day("tot"),
            search: given("zoek"),
        }
    }

    /// Whether a registration is selected; `client`, when given, is the
    /// pseudonym of the client number searched for.
    pub fn selects(&self, r: &Registration, client: Option<&str>) -> bool {
        let same =
            |wanted: &Option<String>, value: &str| wanted.as_ref().is_none_or(|w| w == value);
        self.standing.is_none_or(|s| Standing::of(r) == s)
            && same(&self.form, r.form.code())
            && same(&self.domain, r.main_domain.as_str())
            && self
                .area
                .as_ref()
                .is_none_or(|a| r.area.as_ref().is_some_and(|ra| ra.as_str() == a))
            && self
                .from
                .is_none_or(|from| r.end_date.is_none_or(|end| end >= from))
            && self.until.is_none_or(|until| r.start_date <= until)
            && self.search.as_ref().is_none_or(|text| {
                let id = r.id.as_str().to_lowercase();
                id.contains(&text.to_lowercase())
            })
            && client.is_none_or(|c| r.client.as_ref().is_some_and(|rc| rc.as_str() == c))
    }
}

/// The registrations selected, in the order the list shows them: waiting
/// and open before closed, the most recently started first.
pub fn listed<'a>(
    registrations: impl Iterator<Item = &'a Registration>,
    selection: &Selection,
    client: Option<&str>,
) -> Vec<&'a Registration> {
    let mut found: Vec<&Registration> = registrations
        .filter(|r| selection.selects(r, client))
        .collect();
    found.sort_by(|a, b| {
        (
            Standing::of(a),
            std::cmp::Reverse(a.start_date),
            a.id.as_str(),
        )
            .cmp(&(
                Standing::of(b),
                std::cmp::Reverse(b.start_date),
                b.id.as_str(),
            ))
    });
    found
}

/// A registration as a line of the list: names, not codes.
struct Line {
    id: String,
    href: String,
    standing: String,
    standing_code: &'static str,
    form: String,
    domain: String,
    area: String,
    period: String,
}

#[derive(Template)]
#[template(path = "registration_list.html")]
struct ListPage<'a> {
    chrome: &'a Chrome,
    organisation: String,
    organisation_name: String,
    title: String,
    /// For the coordinator: the address of the other view and its words.
    other_view: Option<(String, String)>,
    query: HashMap<String, String>,
    lines: Vec<Line>,
    standings: Vec<(String, String)>,
    forms: Vec<(String, String)>,
    domains: Vec<(String, String)>,
    areas: Vec<String>,
    range: String,
    saved: Option<String>,
    /// Whether the list is of one client's registrations.
    of_client: bool,
    previous: Option<String>,
    next: Option<String>,
}

impl ListPage<'_> {
    fn value(&self, name: &str) -> String {
        self.query.get(name).cloned().unwrap_or_default()
    }

    /// Whether a filter or a search is in force (the search box opens).
    fn filtered(&self) -> bool {
        self.of_client
            || ["zoek", "staat", "vorm", "domein", "gebied", "van", "tot"]
                .iter()
                .any(|name| !self.value(name).is_empty())
    }
}

/// Whether the list shows the whole team: the coordinator's default; a
/// registrant sees only her own.
fn whole_team(role: Role, query: &HashMap<String, String>) -> bool {
    role == Role::Coordinator && query.get("wie").map(String::as_str) != Some("mijn")
}

/// The address of the list with the same filters and another page.
fn list_address(organisation: &str, query: &HashMap<String, String>, page: usize) -> String {
    let mut pairs: Vec<(&String, &String)> = query
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "pagina" | "opgeslagen"))
        .collect();
    pairs.sort();
    let mut address = form_urlencoded::Serializer::new(String::new());
    for (name, value) in pairs {
        address.append_pair(name, value);
    }
    address.append_pair("pagina", &page.to_string());
    format!(
        "/organisations/{organisation}/registrations?{}",
        address.finish()
    )
}

/// A day the Dutch (or English) way.
fn day(date: Date, chrome: &Chrome) -> String {
    chrome.m.date(date)
}

/// `GET /organisations/{org}/registrations`: the list.
pub async fn list(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    show(&app, &access, query, None).await
}

/// `POST /organisations/{org}/registrations/client`: the registrations of
/// the client number sent (as the list shows them otherwise); the number
/// is not put in an address or on the page.
pub async fn of_client(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Query(query): Query<HashMap<String, String>>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let form = crate::form::FormData::parse(&body);
    let code = form.get("client_code");
    let client = (!code.is_empty()).then(|| app.pseudonymiser.pseudonym(code));
    show(&app, &access, query, client).await
}

/// The list as asked for, of one client when a pseudonym is given.
async fn show(
    app: &AppState,
    access: &Access,
    query: HashMap<String, String>,
    client: Option<domain::ClientPseudonym>,
) -> Result<Response, PageError> {
    let account = access.account.as_ref().ok_or(PageError::SignIn)?;
    let organisation = access.organisation();
    let org = organisation.code.as_str().to_string();
    let chrome = &access.chrome;
    let m = chrome.m;
    let (records, vocabulary) = records_of(app, access).await?;
    let team = whole_team(account.role, &query);
    let mine: Option<HashSet<String>> = match team {
        true => None,
        false => Some(
            app.store
                .registrations_of(&organisation.code, &access.actor())
                .await?,
        ),
    };
    let selection = Selection::from_query(&query);
    let found = listed(
        records
            .registrations
            .iter()
            .filter(|r| mine.as_ref().is_none_or(|ids| ids.contains(r.id.as_str()))),
        &selection,
        client.as_ref().map(|c| c.as_str()),
    );
    let domain_name = |code: &str| {
        vocabulary
            .zrm_domains
            .iter()
            .find(|d| d.code == code)
            .map_or_else(|| code.to_string(), |d| d.name.clone())
    };
    let total = found.len();
    // One client's registrations are few: all on one page, whose address
    // does not carry the number.
    let per_page = match client {
        Some(_) => total.max(1),
        None => PER_PAGE,
    };
    let pages = total.div_ceil(per_page).max(1);
    let page = query
        .get("pagina")
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, pages);
    let first = (page - 1) * per_page;
    let lines: Vec<Line> = found
        .iter()
        .skip(first)
        .take(per_page)
        .map(|r| {
            let standing = Standing::of(r);
            Line {
                id: r.id.as_str().to_string(),
                href: edit_address(&org, r.id.as_str()),
                standing: m.label("standing", standing.code()),
                standing_code: standing.code(),
                form: m.label("form", r.form.code()),
                domain: domain_name(r.main_domain.as_str()),
                area: r
                    .area
                    .as_ref()
                    .map(|a| a.as_str().to_string())
                    .unwrap_or_default(),
                period: match r.end_date {
                    Some(end) => format!("{} – {}", day(r.start_date, chrome), day(end, chrome)),
                    None => m.fill("registrations.since", &[("day", day(r.start_date, chrome))]),
                },
            }
        })
        .collect();
    let range = match total {
        0 => m.get("registrations.none").to_string(),
        _ => m.fill(
            "registrations.range",
            &[
                ("from", m.whole((first + 1) as u64)),
                ("to", m.whole((first + lines.len()) as u64)),
                ("total", m.whole(total as u64)),
            ],
        ),
    };
    let other_view = (account.role == Role::Coordinator).then(|| match team {
        true => (
            format!("/organisations/{org}/registrations?wie=mijn"),
            m.get("registrations.only_mine").to_string(),
        ),
        false => (
            format!("/organisations/{org}/registrations"),
            m.get("registrations.whole_team").to_string(),
        ),
    });
    render(&ListPage {
        chrome,
        organisation: org.clone(),
        organisation_name: organisation.name.clone(),
        title: m
            .get(match team {
                true => "registrations.team_title",
                false => "registrations.title",
            })
            .to_string(),
        other_view,
        previous: (page > 1).then(|| list_address(&org, &query, page - 1)),
        next: (page < pages).then(|| list_address(&org, &query, page + 1)),
        saved: query.get("opgeslagen").cloned(),
        of_client: client.is_some(),
        query,
        lines,
        standings: Standing::ALL
            .iter()
            .map(|s| (s.code().to_string(), m.label("standing", s.code())))
            .collect(),
        forms: SupportForm::ALL
            .iter()
            .map(|f| (f.code().to_string(), m.label("form", f.code())))
            .collect(),
        domains: vocabulary
            .zrm_domains
            .iter()
            .map(|d| (d.code.clone(), d.name.clone()))
            .collect(),
        areas: organisation
            .areas
            .iter()
            .map(|a| a.as_str().to_string())
            .collect(),
        range,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::{AgeGroup, Id, OrganisationCode, RegistrationFields, ZrmDomain};

    fn registration(id: &str, start: &str, first: Option<&str>, end: Option<&str>) -> Registration {
        let day = |d: &str| Date::parse_from_str(d, "%Y-%m-%d").expect("a day");
        Registration::new(RegistrationFields {
            organisation: OrganisationCode::parse("deschans").expect("a code"),
            id: Id::parse(id).expect("an id"),
            area: None,
            form: SupportForm::Trajectory,
            start_date: day(start),
            end_date: end.map(day),
            first_contact_date: first.map(day),
            waiting_since: None,
            client: None,
            age_group: Some(AgeGroup::ALL[2]),
            birth_year: None,
            main_domain: ZrmDomain::known("financien"),
            service: None,
            pg_dimensions: vec![],
            referred_by: None,
            referred_to: vec![],
        })
        .expect("a registration")
    }

    #[test]
    fn waiting_and_open_come_before_closed_newest_first() {
        let all = [
            registration("a", "2022-01-10", Some("2022-01-11"), Some("2022-03-01")),
            registration("b", "2022-02-01", Some("2022-02-02"), None),
            registration("c", "2022-03-01", None, None),
            registration("d", "2022-04-01", Some("2022-04-01"), None),
        ];
        let order: Vec<&str> = listed(all.iter(), &Selection::default(), None)
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(order, ["c", "d", "b", "a"]);
    }

    #[test]
    fn a_period_selects_support_running_in_it() {
        let ended = registration("a", "2022-01-10", Some("2022-01-11"), Some("2022-03-01"));
        let running = registration("b", "2022-02-01", Some("2022-02-02"), None);
        let query: HashMap<String, String> = [("van", "2022-04-01"), ("tot", "2022-12-31")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let selection = Selection::from_query(&query);
        assert!(!selection.selects(&ended, None), "ended before the period");
        assert!(selection.selects(&running, None), "still running in it");
    }
}
