//! The page around every page: language, the signed-in user, the menu,
//! the skip link, and the CSRF token forms carry.

use askama::Template;
use axum::response::Html;
use domain::{Account, Coded, Role};
use publish::{Lang, Messages};

/// What the layout needs to know of the request.
#[derive(Debug, Clone)]
pub struct Chrome {
    /// The page's language.
    pub lang: Lang,
    /// Its messages.
    pub m: &'static Messages,
    /// The signed-in user name.
    pub user: Option<String>,
    /// The signed-in user's role code.
    pub role: Option<Role>,
    /// The session's CSRF token, for every form.
    pub csrf: String,
    /// The path of this page (the language switch comes back to it).
    pub path: String,
}

impl Chrome {
    /// The chrome of a request.
    pub fn new(lang: Lang, account: Option<&Account>, csrf: String, path: &str) -> Self {
        Self {
            lang,
            m: lang.messages(),
            user: account.map(|a| a.username.as_str().to_string()),
            role: account.map(|a| a.role),
            csrf,
            path: path.to_string(),
        }
    }

    /// A message in the page's language.
    pub fn t(&self, key: &str) -> String {
        self.m.get(key).to_string()
    }

    /// The message `<list>.<name>`, e.g. the label of a form field.
    pub fn tk(&self, list: &str, name: &str) -> String {
        self.m.get(&format!("{list}.{name}")).to_string()
    }

    /// The role's name in the page's language.
    pub fn role_name(&self) -> String {
        self.role
            .map_or_else(String::new, |r| self.m.label("role", r.code()))
    }

    /// The other language: its code and name, for the switch.
    pub fn other_lang(&self) -> (&'static str, String) {
        let other = match self.lang {
            Lang::Nl => Lang::En,
            Lang::En => Lang::Nl,
        };
        (
            other.code(),
            self.m
                .get(&format!("layout.switch_{}", other.code()))
                .to_string(),
        )
    }

    /// This page's path, encoded for a query string.
    pub fn back(&self) -> String {
        form_urlencoded::byte_serialize(self.path.as_bytes()).collect()
    }

    /// The language code of the page.
    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    /// Whether the user is an admin (for the menu).
    pub fn is_admin(&self) -> bool {
        self.role == Some(Role::Admin)
    }
}

#[derive(Template)]
#[template(path = "message.html")]
struct MessagePage<'a> {
    chrome: &'a Chrome,
    title: String,
    text: String,
    id: Option<String>,
}

/// A page with a title and one message, e.g. "page not found"; `id` is an
/// internal error's id.
pub fn message_page(chrome: &Chrome, key: &str, id: Option<String>) -> Html<String> {
    let page = MessagePage {
        chrome,
        title: chrome.t(&format!("{key}.title")),
        text: chrome.t(&format!("{key}.text")),
        id,
    };
    Html(page.render().unwrap_or_else(|_| chrome.t(key)))
}
