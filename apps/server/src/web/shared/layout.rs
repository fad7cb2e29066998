//! What every page shares: the translator, the signed-in user, the CSRF
//! token for forms, the navigation, the theme and the banners above the
//! content (demo mode, a new privacy policy).

use socialflow_core::User;
use socialflow_core::workspaces::{Capability, MemberRole};

use super::page_context::{self, Theme};
use crate::access::Rule;
use crate::i18n::Tr;

/// The signed-in user as the layout shows them.
pub struct NavUser {
    pub username: String,
    /// Unread notifications (the bell's badge); 0 when not counted.
    pub unread: u32,
}

pub struct NavItem {
    pub href: &'static str,
    pub label: String,
    pub icon: &'static str,
    pub active: bool,
    /// Which live counter the script fills in next to the label.
    pub counter: &'static str,
    /// A count known when the page was made (posts waiting for review).
    pub badge: Option<u32>,
}

/// The header's workspace switcher (shown when the user has more than the
/// personal workspace).
pub struct WorkspaceSwitch {
    /// The active workspace's name ("Personal" for the personal one).
    pub name: String,
    /// The user's role there, translated.
    pub role: String,
    pub choices: Vec<WorkspaceChoice>,
}

pub struct WorkspaceChoice {
    pub id: String,
    pub label: String,
    pub active: bool,
}

/// A message shown above a page's content (and, with script, as a toast).
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
    /// The icon next to the message.
    pub fn icon(&self) -> &'static str {
        if self.kind == "error" {
            "i-alert"
        } else {
            "i-ok"
        }
    }
}

/// Sections of the product, in navigation order: (path, message key, icon,
/// live counter). A member sees those their role may open (the access
/// table's rule of the section's page).
pub const SECTIONS: [(&str, &str, &str, &str); 12] = [
    ("/client", "nav-client", "i-check", ""),
    ("/", "nav-dashboard", "i-home", ""),
    ("/content", "nav-content", "i-calendar", ""),
    ("/queue", "queue-nav", "i-clock", ""),
    ("/approvals", "approvals-nav", "i-check", ""),
    ("/media", "media-nav", "i-image", ""),
    ("/inbox", "nav-inbox", "i-comment", "comments"),
    ("/messages", "nav-messages", "i-send", "messages"),
    ("/analytics", "nav-analytics", "i-chart", ""),
    ("/accounts", "nav-accounts", "i-user", ""),
    ("/settings", "nav-settings", "i-settings", ""),
    ("/automation", "automation-nav", "i-play", ""),
];

/// One choice of the theme switch.
pub struct ThemeChoice {
    pub value: &'static str,
    pub label: String,
    pub icon: &'static str,
    pub pressed: bool,
}

pub struct Layout {
    pub tr: Tr,
    pub title: String,
    pub user: Option<NavUser>,
    pub csrf: String,
    /// Path of the active section.
    pub active: &'static str,
    /// A privacy policy version the user has yet to acknowledge.
    pub policy_notice: Option<String>,
    pub theme: Theme,
    /// The demo's address when this server runs `serve --demo`.
    pub demo_url: Option<String>,
    /// This page's path and query, for forms that come back here.
    pub here: String,
    /// Posts waiting for the user's review (shared workspaces).
    pub approvals: Option<u32>,
    /// The workspace switcher of the header, when there is a choice.
    pub workspace: Option<WorkspaceSwitch>,
    /// The member's role in the workspace of the page (owner in the
    /// personal workspace and on pages without a session).
    pub role: MemberRole,
}

/// Where a member with `role` starts: the client page for clients (who see
/// only it and their own settings), the dashboard for everyone else.
pub fn home_of(role: MemberRole) -> &'static str {
    if role.can(Capability::View) {
        "/"
    } else {
        "/client"
    }
}

/// Whether a member with `role` is shown the section at `href`: the rule of
/// its page allows the role; the client page is the home of clients only
/// (others review in `/approvals`).
fn shows_section(role: MemberRole, href: &str) -> bool {
    let allowed = crate::access::web_rule("GET", href).is_some_and(|r| r.allows(role));
    allowed && (href != "/client" || !role.can(Capability::View))
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
                unread: page_context::unread(u.id).unwrap_or(0),
            }),
            csrf: csrf.to_string(),
            active,
            policy_notice: user
                .and_then(|u| page_context::pending_policy(u.id))
                .map(|v| {
                    // The version is a date: in the user's format.
                    socialflow_core::privacy::PolicyVersion::parse(&v)
                        .map(|p| crate::web::shared::format::day(tr.lang, p.date()))
                        .unwrap_or(v)
                }),
            theme: page_context::theme(),
            demo_url: page_context::demo_url(),
            here: page_context::here(),
            approvals: user.and_then(|u| page_context::approvals(u.id)),
            workspace: user.and_then(|u| workspace_switch(tr, u)),
            role: user
                .and_then(|u| page_context::role(u.id))
                .unwrap_or(MemberRole::Owner),
        }
    }

    /// Whether the member's role may use routes that need `capability`
    /// (its name in the access table: `publish`, `reply`…), so a page
    /// offers only the buttons and links that will not be refused. An
    /// unknown name answers no.
    pub fn can(&self, capability: &str) -> bool {
        Capability::parse(capability).is_some_and(|c| Rule::Needs(c).allows(self.role))
    }

    /// The brand link's target: the member's home.
    pub fn home(&self) -> &'static str {
        home_of(self.role)
    }

    /// Where the switcher goes back to: the section of this page (its
    /// objects may not exist in the other workspace).
    pub fn switch_next(&self) -> &str {
        if self.active.is_empty() {
            "/"
        } else {
            self.active
        }
    }

    /// The bell's accessible name: "Notifications, 3 unread".
    pub fn bell_label(&self, unread: &u32) -> String {
        self.tr
            .t1("notifications-bell", "count", i64::from(*unread))
    }

    pub fn t(&self, key: &str) -> String {
        self.tr.t(key)
    }

    pub fn nav(&self) -> Vec<NavItem> {
        SECTIONS
            .iter()
            .filter(|(href, ..)| shows_section(self.role, href))
            .map(|(href, key, icon, counter)| NavItem {
                href,
                label: self.tr.t(key),
                icon,
                active: *href == self.active,
                counter,
                badge: (*href == "/approvals")
                    .then_some(self.approvals)
                    .flatten()
                    .filter(|n| *n > 0),
            })
            .collect()
    }

    /// The `data-theme` attribute: empty for the system's choice.
    pub fn theme_attr(&self) -> &'static str {
        match self.theme {
            Theme::Auto => "",
            other => other.as_str(),
        }
    }

    pub fn themes(&self) -> Vec<ThemeChoice> {
        Theme::ALL
            .iter()
            .map(|t| ThemeChoice {
                value: t.as_str(),
                label: self.tr.t(&format!("ui-theme-{}", t.as_str())),
                icon: match t {
                    Theme::Auto => "i-auto",
                    Theme::Light => "i-sun",
                    Theme::Dark => "i-moon",
                },
                pressed: *t == self.theme,
            })
            .collect()
    }

    /// An icon from the sprite, decorative (its meaning is in the text next
    /// to it). `name` is always a literal of the templates.
    pub fn icon(&self, name: &str) -> String {
        format!(
            r#"<svg class="icon" aria-hidden="true" focusable="false"><use href="{}#{name}"></use></svg>"#,
            self.asset("icons.svg")
        )
    }

    pub fn logo(&self) -> String {
        format!(
            r#"<svg class="logo" aria-hidden="true" focusable="false"><use href="{}#i-logo"></use></svg>"#,
            self.asset("icons.svg")
        )
    }

    /// A static file's address with the build's version, so browsers may
    /// cache it for good and still fetch a new release's copy.
    pub fn asset(&self, path: &str) -> String {
        super::assets::versioned(path)
    }
}

fn workspace_switch(tr: Tr, user: &User) -> Option<WorkspaceSwitch> {
    let (active, list) = page_context::workspaces(user.id)?;
    if list.len() < 2 {
        return None;
    }
    let label = |w: &page_context::HeaderWorkspace| {
        if w.personal {
            tr.t("workspace-personal")
        } else {
            w.name.clone()
        }
    };
    let current = list.iter().find(|w| w.id == active)?;
    Some(WorkspaceSwitch {
        name: label(current),
        role: tr.t(&format!("access-role-{}", current.role.as_str())),
        choices: list
            .iter()
            .map(|w| WorkspaceChoice {
                id: w.id.to_string(),
                label: label(w),
                active: w.id == active,
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_is_shown_the_sections_it_may_open() {
        let shown = |role: MemberRole| -> Vec<&str> {
            SECTIONS
                .iter()
                .map(|(href, ..)| *href)
                .filter(|href| shows_section(role, href))
                .collect()
        };
        assert_eq!(shown(MemberRole::Client), ["/client", "/settings"]);
        let viewer = shown(MemberRole::Viewer);
        assert!(!viewer.contains(&"/client"));
        assert!(viewer.contains(&"/content") && viewer.contains(&"/inbox"));
        assert_eq!(shown(MemberRole::Owner).len(), SECTIONS.len() - 1);
        assert_eq!(home_of(MemberRole::Client), "/client");
        assert_eq!(home_of(MemberRole::Viewer), "/");
    }
}
