//! What the page layout needs beyond a handler's own data: the colour theme
//! the browser asked for, whether this server runs the demo, and a privacy
//! policy version the user has yet to acknowledge. Layouts are built
//! synchronously deep inside handlers, so these facts travel in a
//! per-request slot that [`scope`] opens around every request; the session
//! extractor ([`super::session::WebUser`]) adds the policy notice.

use std::cell::RefCell;

use poem::{Endpoint, IntoResponse, Request, Response};
use socialflow_core::UserId;
use socialflow_core::workspaces::{MemberRole, WorkspaceId};

use crate::state::AppState;

pub const THEME_COOKIE: &str = "sf_theme";

/// The colour theme: the system's (`Auto`) or one the user picked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::Auto, Theme::Light, Theme::Dark];

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "auto" => Some(Theme::Auto),
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

#[derive(Clone, Default)]
struct Slot {
    theme: Theme,
    /// The requested path and query, for forms that come back here.
    here: String,
    demo_url: Option<String>,
    policy: Option<(UserId, String)>,
    /// The signed-in user's unread notifications (the header's bell).
    unread: Option<(UserId, u32)>,
    /// Posts waiting for the user's review (the navigation's count).
    approvals: Option<(UserId, u32)>,
    /// The user's workspaces and the active one (the header's switcher).
    workspaces: Option<(UserId, WorkspaceId, Vec<HeaderWorkspace>)>,
    /// The user's role in the workspace of this request (what the
    /// navigation and the buttons of a page offer).
    role: Option<(UserId, MemberRole)>,
}

/// One workspace of the header's switcher.
#[derive(Clone, Debug)]
pub struct HeaderWorkspace {
    pub id: WorkspaceId,
    pub name: String,
    pub personal: bool,
    pub role: MemberRole,
}

tokio::task_local! {
    static SLOT: RefCell<Slot>;
}

/// Middleware: a fresh slot for each request, with the theme cookie and
/// the demo flag filled in.
pub async fn scope<E: Endpoint>(next: E, req: Request) -> poem::Result<Response> {
    let theme = req
        .cookie()
        .get(THEME_COOKIE)
        .and_then(|c| Theme::parse(c.value_str()))
        .unwrap_or_default();
    let demo_url = req
        .data::<AppState>()
        .filter(|s| s.is_demo())
        .map(|s| s.web.public_url.clone());
    let here = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "/".into());
    let slot = Slot {
        theme,
        here,
        demo_url,
        policy: None,
        unread: None,
        approvals: None,
        workspaces: None,
        role: None,
    };
    SLOT.scope(RefCell::new(slot), async move {
        next.call(req).await.map(IntoResponse::into_response)
    })
    .await
}

/// Records that `user` has not acknowledged policy `version`.
pub fn mark_policy(user: UserId, version: String) {
    let _ = SLOT.try_with(|s| s.borrow_mut().policy = Some((user, version)));
}

/// The unacknowledged policy version to show `user`, if any.
pub fn pending_policy(user: UserId) -> Option<String> {
    SLOT.try_with(|s| {
        s.borrow()
            .policy
            .as_ref()
            .filter(|(u, _)| *u == user)
            .map(|(_, v)| v.clone())
    })
    .ok()
    .flatten()
}

/// Records how many posts wait for `user`'s review.
pub fn mark_approvals(user: UserId, count: u32) {
    let _ = SLOT.try_with(|s| s.borrow_mut().approvals = Some((user, count)));
}

/// Posts waiting for `user`'s review, when counted for this request.
pub fn approvals(user: UserId) -> Option<u32> {
    SLOT.try_with(|s| {
        s.borrow()
            .approvals
            .filter(|(u, _)| *u == user)
            .map(|(_, n)| n)
    })
    .ok()
    .flatten()
}

/// Records `user`'s unread notification count for the bell.
pub fn mark_unread(user: UserId, count: u32) {
    let _ = SLOT.try_with(|s| s.borrow_mut().unread = Some((user, count)));
}

/// `user`'s unread notifications, when the session extractor counted them.
pub fn unread(user: UserId) -> Option<u32> {
    SLOT.try_with(|s| {
        s.borrow()
            .unread
            .filter(|(u, _)| *u == user)
            .map(|(_, n)| n)
    })
    .ok()
    .flatten()
}

/// Records `user`'s role in the workspace this request works in.
pub fn mark_role(user: UserId, role: MemberRole) {
    let _ = SLOT.try_with(|s| s.borrow_mut().role = Some((user, role)));
}

/// `user`'s role in this request's workspace, when the session extractor
/// resolved it.
pub fn role(user: UserId) -> Option<MemberRole> {
    SLOT.try_with(|s| s.borrow().role.filter(|(u, _)| *u == user).map(|(_, r)| r))
        .ok()
        .flatten()
}

/// Records `user`'s workspaces and the one this request works in.
pub fn mark_workspaces(user: UserId, active: WorkspaceId, list: Vec<HeaderWorkspace>) {
    let _ = SLOT.try_with(|s| s.borrow_mut().workspaces = Some((user, active, list)));
}

/// `user`'s workspaces and the active one, when the session extractor
/// listed them (pages only).
pub fn workspaces(user: UserId) -> Option<(WorkspaceId, Vec<HeaderWorkspace>)> {
    SLOT.try_with(|s| {
        s.borrow()
            .workspaces
            .as_ref()
            .filter(|(u, _, _)| *u == user)
            .map(|(_, active, list)| (*active, list.clone()))
    })
    .ok()
    .flatten()
}

/// The theme of this request (`Auto` outside a request).
pub fn theme() -> Theme {
    SLOT.try_with(|s| s.borrow().theme).unwrap_or_default()
}

/// The path and query of this request (`/` outside a request).
pub fn here() -> String {
    SLOT.try_with(|s| s.borrow().here.clone())
        .unwrap_or_else(|_| "/".into())
}

/// The demo's address when this server runs `serve --demo`.
pub fn demo_url() -> Option<String> {
    SLOT.try_with(|s| s.borrow().demo_url.clone())
        .ok()
        .flatten()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::Theme;

    #[test]
    fn themes_round_trip_and_unknown_ones_are_refused() {
        for t in Theme::ALL {
            assert_eq!(Theme::parse(t.as_str()), Some(t));
        }
        assert_eq!(Theme::parse("purple"), None);
        assert_eq!(Theme::parse(""), None);
    }
}
