//! What every page shares: the translator, the signed-in user, the CSRF
//! token for forms and the navigation.

use socialflow_core::User;

use crate::i18n::Tr;

/// The signed-in user as the layout shows them.
pub struct NavUser {
    pub username: String,
}

pub struct NavItem {
    pub href: &'static str,
    pub label: String,
    pub active: bool,
}

/// A message shown above a page's content.
pub struct Notice {
    /// `ok` or `error` (a CSS class and the ARIA role).
    pub kind: &'static str,
    pub text: String,
}

impl Notice {
    pub fn ok(text: String) -> Option<Self> {
        Some(Self { kind: "ok", text })
    }
    pub fn error(text: String) -> Option<Self> {
        Some(Self {
            kind: "error",
            text,
        })
    }
}

/// Sections of the product, in navigation order: (path, message key).
pub const SECTIONS: [(&str, &str); 8] = [
    ("/", "nav-dashboard"),
    ("/content", "nav-content"),
    ("/media", "media-nav"),
    ("/comments", "nav-comments"),
    ("/messages", "nav-messages"),
    ("/analytics", "nav-analytics"),
    ("/accounts", "nav-accounts"),
    ("/settings", "nav-settings"),
];

pub struct Layout {
    pub tr: Tr,
    pub title: String,
    pub user: Option<NavUser>,
    pub csrf: String,
    /// Path of the active section.
    pub active: &'static str,
    /// A privacy policy version the user has yet to acknowledge.
    pub policy_notice: Option<String>,
}

impl Layout {
    pub fn new(
        tr: Tr,
        title_key: &str,
        user: Option<&User>,
        csrf: &str,
        active: &'static str,
    ) -> Self {
        Self {
            tr,
            title: tr.t(title_key),
            user: user.map(|u| NavUser {
                username: u.username.to_string(),
            }),
            csrf: csrf.to_string(),
            active,
            policy_notice: user.and_then(|u| super::policy_notice::pending_for(u.id)),
        }
    }

    pub fn t(&self, key: &str) -> String {
        self.tr.t(key)
    }

    pub fn nav(&self) -> Vec<NavItem> {
        SECTIONS
            .iter()
            .map(|(href, key)| NavItem {
                href,
                label: self.tr.t(key),
                active: *href == self.active,
            })
            .collect()
    }
}
