//! Which capability each route needs, in ONE table for the HTML interface
//! and one for the REST API, checked before any handler runs: the HTML
//! routes through [`crate::web::shared::session::WebUser`] (the route table
//! marks each request with its [`Rule`]), the API operations in
//! [`crate::api::auth::ApiAuth`]'s checkers.
//!
//! A workspace route needs its capability AND `view`: clients, who have no
//! `view`, reach only the client pages (`/client…`, `/review…`, rule
//! [`Rule::Client`]) and their own personal pages. `docs/teams.md` prints
//! the classes; the matrix test (`tests/it/teams_matrix.rs`) checks every
//! route × role against that document, and a test checks every registered
//! route and operation has a row here.

use socialflow_core::workspaces::{Capability, MemberRole};

/// What a route needs of the member's role in the active workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// No session needed, or verified otherwise (signed links, Meta
    /// callbacks, login): the workspace plays no part.
    Open,
    /// The signed-in person's own things (settings, password, tokens,
    /// notifications, policy, data export/erasure, switching workspaces).
    Personal,
    /// Workspace data: the capability, and `view`.
    Needs(Capability),
    /// The client pages: `approve`, without `view`.
    Client,
}

impl Rule {
    /// Whether a member with `role` may use a route with this rule.
    pub fn allows(self, role: MemberRole) -> bool {
        match self {
            Rule::Open | Rule::Personal => true,
            Rule::Needs(cap) => role.can(cap) && role.can(Capability::View),
            Rule::Client => role.can(Capability::Approve),
        }
    }

    /// The capability named in the refusal.
    pub fn capability(self) -> Option<Capability> {
        match self {
            Rule::Needs(cap) => Some(cap),
            Rule::Client => Some(Capability::Approve),
            Rule::Open | Rule::Personal => None,
        }
    }

    /// The least powerful role that may use the route (for the refusal).
    pub fn least_role(self) -> MemberRole {
        MemberRole::ALL
            .into_iter()
            .rev()
            .find(|r| self.allows(*r))
            .unwrap_or(MemberRole::Owner)
    }
}

use Capability::*;
use Rule::{Client, Needs, Open, Personal};

const VIEW: Rule = Needs(View);
const DRAFT: Rule = Needs(Draft);
const PUBLISH: Rule = Needs(Publish);
const INBOX: Rule = Needs(ReadInbox);
const REPLY: Rule = Needs(Reply);
const AUTOMATE: Rule = Needs(Automate);
const ACCOUNTS: Rule = Needs(ManageAccounts);
const APPROVE: Rule = Needs(Approve);

/// Paths under these prefixes are the client pages (helper `review`
/// registers them; they need `approve` and are the only workspace pages a
/// client reaches). A row of [`WEB`] wins over the prefix.
pub const CLIENT_PREFIXES: [&str; 2] = ["/client", "/review"];

/// Every HTML route: (method, path as registered, rule). `GET` covers `HEAD`.
pub const WEB: &[(&str, &str, Rule)] = &[
    ("GET", "/", VIEW),
    // Inbox
    ("GET", "/comments", INBOX),
    ("POST", "/comments/refresh", INBOX),
    ("POST", "/comments/:id/reply", REPLY),
    ("POST", "/comments/:id/hide", REPLY),
    ("POST", "/comments/:id/unhide", REPLY),
    ("GET", "/comments/:id/delete", REPLY),
    ("POST", "/comments/:id/delete", REPLY),
    ("POST", "/comments/media/:media_id", REPLY),
    ("GET", "/messages", INBOX),
    ("POST", "/messages/refresh", INBOX),
    ("GET", "/messages/:id", INBOX),
    ("POST", "/messages/:id", REPLY),
    ("GET", "/ui/counts", INBOX),
    ("GET", "/inbox/saved-replies", INBOX),
    ("POST", "/inbox/saved-replies", REPLY),
    ("POST", "/inbox/saved-replies/:id", REPLY),
    ("POST", "/inbox/saved-replies/:id/delete", REPLY),
    ("GET", "/inbox/events", INBOX),
    ("GET", "/inbox", INBOX),
    ("GET", "/inbox/posts", INBOX),
    ("POST", "/inbox/done", REPLY),
    ("POST", "/inbox/open", REPLY),
    ("GET", "/inbox/moderation", INBOX),
    ("POST", "/inbox/moderation/lists/:kind", REPLY),
    ("POST", "/inbox/moderation/starter", REPLY),
    ("POST", "/inbox/moderation/log/:id/undo", REPLY),
    ("GET", "/inbox/approvals", INBOX),
    ("POST", "/inbox/approvals/:account/:job/approve", APPROVE),
    ("POST", "/inbox/approvals/:account/:job/reject", APPROVE),
    // Automation
    ("GET", "/automation", VIEW),
    ("POST", "/automation/:account/settings", AUTOMATE),
    ("POST", "/automation/:account/preview", VIEW),
    ("GET", "/automation/:account/:rule/log", VIEW),
    ("GET", "/automation/:account/new", AUTOMATE),
    ("POST", "/automation/:account/new", AUTOMATE),
    ("GET", "/automation/:account/:rule", VIEW),
    ("POST", "/automation/:account/:rule", AUTOMATE),
    ("POST", "/automation/:account/:rule/enable", AUTOMATE),
    ("POST", "/automation/:account/:rule/disable", AUTOMATE),
    ("POST", "/automation/:account/:rule/up", AUTOMATE),
    ("POST", "/automation/:account/:rule/down", AUTOMATE),
    ("GET", "/automation/:account/:rule/delete", AUTOMATE),
    ("POST", "/automation/:account/:rule/delete", AUTOMATE),
    ("GET", "/webhooks/instagram", Open),
    ("POST", "/webhooks/instagram", Open),
    // Analytics
    ("GET", "/analytics", VIEW),
    ("GET", "/analytics/followers.csv", VIEW),
    ("GET", "/analytics/posts.csv", VIEW),
    ("GET", "/analytics/report", VIEW),
    ("POST", "/analytics/report/share", ACCOUNTS),
    ("POST", "/analytics/report/revoke", ACCOUNTS),
    ("GET", "/shared/report/:secret", Open),
    // Content
    ("GET", "/content", VIEW),
    ("GET", "/calendar", VIEW),
    ("GET", "/calendar/grid", VIEW),
    ("POST", "/calendar/move", PUBLISH),
    ("POST", "/calendar/swap", PUBLISH),
    ("GET", "/content/new", DRAFT),
    ("POST", "/content/new", DRAFT),
    ("GET", "/content/import", ACCOUNTS),
    ("POST", "/content/import", ACCOUNTS),
    ("POST", "/content/import/preview", ACCOUNTS),
    ("GET", "/content/export.csv", VIEW),
    ("POST", "/content/upload", DRAFT),
    ("GET", "/content/snippets", VIEW),
    ("POST", "/content/snippets", DRAFT),
    ("POST", "/content/snippets/:id", DRAFT),
    ("POST", "/content/snippets/:id/delete", DRAFT),
    ("GET", "/content/:id", VIEW),
    ("GET", "/content/:id/edit", DRAFT),
    ("POST", "/content/:id/edit", DRAFT),
    ("POST", "/content/:id/publish", PUBLISH),
    ("POST", "/content/:id/cancel", PUBLISH),
    ("POST", "/content/:id/acknowledge", PUBLISH),
    ("POST", "/content/:id/duplicate", DRAFT),
    ("POST", "/content/:id/move", DRAFT),
    ("GET", "/content/:id/delete", PUBLISH),
    ("POST", "/content/:id/delete", PUBLISH),
    // Queue
    ("GET", "/queue", VIEW),
    ("POST", "/queue/slots", ACCOUNTS),
    ("POST", "/queue/slots/add", ACCOUNTS),
    ("POST", "/queue/add/:id", PUBLISH),
    ("POST", "/queue/feed", ACCOUNTS),
    ("POST", "/queue/feed/revoke", ACCOUNTS),
    ("GET", "/calendar/:file", Open),
    // The person's settings
    ("GET", "/settings", Personal),
    ("POST", "/theme", Personal),
    ("POST", "/settings/language", Personal),
    ("POST", "/settings/time-zone", Personal),
    ("POST", "/settings/password", Personal),
    ("POST", "/settings/tokens", Personal),
    ("POST", "/settings/tokens/revoke", Personal),
    ("GET", "/admin/audit", Personal),
    ("POST", "/workspaces/switch", Personal),
    // Team management: the use cases check the role in the workspace
    // themselves (WorkspaceAdmin), so every member reaches the page.
    ("GET", "/team", Personal),
    ("POST", "/team/create", Personal),
    ("POST", "/team/rename", Personal),
    ("POST", "/team/leave", Personal),
    ("POST", "/team/delete", Personal),
    ("POST", "/team/members/:user", Personal),
    ("POST", "/team/members/:user/remove", Personal),
    ("POST", "/team/invitations", Personal),
    ("POST", "/team/invitations/:id/revoke", Personal),
    ("GET", "/invite/:secret", Personal),
    ("POST", "/invite/:secret", Personal),
    // Media
    ("GET", "/media", VIEW),
    ("POST", "/media", DRAFT),
    ("GET", "/media/:id", Open),
    ("GET", "/media/:id/delete", DRAFT),
    ("POST", "/media/:id/delete", DRAFT),
    // Privacy
    ("GET", "/privacy", Personal),
    ("POST", "/privacy/acknowledge", Personal),
    ("GET", "/settings/data", Personal),
    ("POST", "/settings/data/export", Personal),
    ("POST", "/settings/data/delete", Personal),
    ("POST", "/meta/data-deletion", Open),
    ("POST", "/meta/deauthorize", Open),
    ("GET", "/data-deletion", Open),
    // Outgoing webhooks (their secrets and logs: managers only)
    ("GET", "/settings/webhooks", ACCOUNTS),
    ("POST", "/settings/webhooks", ACCOUNTS),
    ("GET", "/settings/webhooks/:id", ACCOUNTS),
    ("POST", "/settings/webhooks/:id", ACCOUNTS),
    ("POST", "/settings/webhooks/:id/toggle", ACCOUNTS),
    ("POST", "/settings/webhooks/:id/delete", ACCOUNTS),
    ("POST", "/settings/webhooks/:id/test", ACCOUNTS),
    (
        "POST",
        "/settings/webhook-deliveries/:id/redeliver",
        ACCOUNTS,
    ),
    // Instagram accounts
    ("GET", "/accounts", VIEW),
    ("POST", "/accounts/:id/refresh", ACCOUNTS),
    ("GET", "/accounts/:id/disconnect", ACCOUNTS),
    ("POST", "/accounts/:id/disconnect", ACCOUNTS),
    ("GET", "/accounts/:id/ice-breakers", VIEW),
    ("POST", "/accounts/:id/ice-breakers", AUTOMATE),
    ("POST", "/accounts/:id/ice-breakers/publish", AUTOMATE),
    ("POST", "/accounts/:id/ice-breakers/remove", AUTOMATE),
    ("GET", "/oauth/instagram/start", ACCOUNTS),
    ("GET", "/oauth/instagram/callback", ACCOUNTS),
    // Signing in
    ("GET", "/login", Open),
    ("POST", "/login", Open),
    ("POST", "/logout", Open),
    ("GET", "/setup", Open),
    ("POST", "/setup", Open),
    // Notifications (the person's)
    ("GET", "/notifications", Personal),
    ("POST", "/notifications/read-all", Personal),
    ("POST", "/notifications/:id/open", Personal),
    ("GET", "/settings/notifications", Personal),
    ("POST", "/settings/notifications", Personal),
    // Client review (docs/client-review.md): making links needs publish;
    // the link's page is open (its form carries a token bound to the link)
    ("GET", "/review-links", PUBLISH),
    ("POST", "/review-links", PUBLISH),
    ("POST", "/review-links/:id/revoke", PUBLISH),
    ("GET", "/r/:secret", Open),
    ("POST", "/r/:secret", Open),
    ("GET", "/client", Client),
    ("POST", "/client/posts/:id/decide", Client),
    // Approvals (docs/approvals.md): the queue, review steps, team notes
    ("GET", "/approvals", VIEW),
    ("POST", "/content/:id/submit", DRAFT),
    ("POST", "/content/:id/approve", APPROVE),
    ("POST", "/content/:id/request-changes", APPROVE),
    ("POST", "/content/:id/notes", DRAFT),
    ("POST", "/content/:id/notes/:note/delete", DRAFT),
];

/// Every REST operation: (method, path under `/api/v1` as the spec names
/// it, rule).
pub const API: &[(&str, &str, Rule)] = &[
    ("GET", "/me", Personal),
    ("PATCH", "/me", Personal),
    ("DELETE", "/me", Personal),
    // Workspaces in the path: WorkspaceAdmin checks membership and role.
    ("GET", "/workspaces", Personal),
    ("POST", "/workspaces", Personal),
    ("GET", "/workspaces/{id}", Personal),
    ("PATCH", "/workspaces/{id}", Personal),
    ("DELETE", "/workspaces/{id}", Personal),
    ("GET", "/workspaces/{id}/members", Personal),
    ("PUT", "/workspaces/{id}/members/{user}", Personal),
    ("DELETE", "/workspaces/{id}/members/{user}", Personal),
    ("GET", "/workspaces/{id}/invitations", Personal),
    ("POST", "/workspaces/{id}/invitations", Personal),
    (
        "DELETE",
        "/workspaces/{id}/invitations/{invitation}",
        Personal,
    ),
    ("POST", "/invitations/accept", Personal),
    ("GET", "/me/export", Personal),
    ("GET", "/admin/audit", Personal),
    ("GET", "/accounts", VIEW),
    ("GET", "/accounts/{id}", VIEW),
    ("DELETE", "/accounts/{id}", ACCOUNTS),
    ("POST", "/accounts/{id}/refresh", ACCOUNTS),
    ("POST", "/media", DRAFT),
    ("GET", "/media", VIEW),
    ("GET", "/media/{id}", VIEW),
    ("DELETE", "/media/{id}", DRAFT),
    ("POST", "/posts", DRAFT),
    ("GET", "/posts", VIEW),
    ("GET", "/posts/{id}", VIEW),
    ("PATCH", "/posts/{id}", DRAFT),
    ("PUT", "/posts/{id}", DRAFT),
    ("DELETE", "/posts/{id}", PUBLISH),
    ("POST", "/posts/{id}/duplicate", DRAFT),
    ("POST", "/posts/{id}/publish", PUBLISH),
    ("POST", "/posts/{id}/cancel", PUBLISH),
    ("POST", "/posts/{id}/acknowledge", PUBLISH),
    ("POST", "/posts/{id}/reschedule", PUBLISH),
    ("POST", "/posts/swap-times", PUBLISH),
    ("POST", "/posts/import", ACCOUNTS),
    ("GET", "/posts/export.csv", VIEW),
    ("GET", "/accounts/{id}/media", INBOX),
    ("GET", "/accounts/{id}/comments", INBOX),
    ("POST", "/comments/{comment_id}/replies", REPLY),
    ("POST", "/comments/{comment_id}/hide", REPLY),
    ("POST", "/comments/{comment_id}/unhide", REPLY),
    ("DELETE", "/comments/{comment_id}", REPLY),
    ("POST", "/accounts/{id}/media/{media_id}/comments", REPLY),
    ("GET", "/accounts/{id}/conversations", INBOX),
    ("GET", "/conversations/{conversation_id}/messages", INBOX),
    ("POST", "/conversations/{conversation_id}/messages", REPLY),
    ("GET", "/inbox/counts", INBOX),
    ("GET", "/accounts/{id}/followers", VIEW),
    ("GET", "/accounts/{id}/insights", VIEW),
    ("GET", "/accounts/{id}/best-time", VIEW),
    ("GET", "/accounts/{id}/post-metrics", VIEW),
    ("GET", "/accounts/{id}/moderation/lists", INBOX),
    ("PUT", "/accounts/{id}/moderation/lists/{kind}", REPLY),
    (
        "POST",
        "/accounts/{id}/moderation/lists/{kind}/starter",
        REPLY,
    ),
    ("POST", "/accounts/{id}/moderation/test", INBOX),
    ("GET", "/accounts/{id}/moderation/log", INBOX),
    ("POST", "/moderation/log/{entry}/undo", REPLY),
    ("GET", "/snippets", VIEW),
    ("POST", "/snippets", DRAFT),
    ("GET", "/snippets/{id}", VIEW),
    ("PUT", "/snippets/{id}", DRAFT),
    ("DELETE", "/snippets/{id}", DRAFT),
    ("GET", "/accounts/{id}/queue-slots", VIEW),
    ("PUT", "/accounts/{id}/queue-slots", ACCOUNTS),
    ("GET", "/accounts/{id}/queue-slots/suggestions", VIEW),
    ("GET", "/accounts/{id}/queue", VIEW),
    ("POST", "/posts/{id}/queue", PUBLISH),
    ("GET", "/accounts/{id}/calendar-feed", VIEW),
    ("POST", "/accounts/{id}/calendar-feed", ACCOUNTS),
    ("DELETE", "/accounts/{id}/calendar-feed", ACCOUNTS),
    ("GET", "/inbox/events", INBOX),
    ("GET", "/inbox/sync-status", INBOX),
    ("GET", "/accounts/{id}/summary", VIEW),
    ("GET", "/accounts/{id}/report-links", VIEW),
    ("POST", "/accounts/{id}/report-links", ACCOUNTS),
    ("DELETE", "/report-links/{id}", ACCOUNTS),
    ("GET", "/saved-replies", INBOX),
    ("POST", "/saved-replies", REPLY),
    ("GET", "/saved-replies/{id}", INBOX),
    ("PUT", "/saved-replies/{id}", REPLY),
    ("DELETE", "/saved-replies/{id}", REPLY),
    ("POST", "/saved-replies/{id}/insert", REPLY),
    ("GET", "/inbox/items", INBOX),
    ("POST", "/inbox/items/done", REPLY),
    ("POST", "/inbox/items/open", REPLY),
    ("PUT", "/inbox/items/{item_ref}/done", REPLY),
    ("DELETE", "/inbox/items/{item_ref}/done", REPLY),
    ("GET", "/accounts/{id}/best-time/heatmap", VIEW),
    ("GET", "/accounts/{id}/audience", VIEW),
    ("GET", "/notifications", Personal),
    ("POST", "/notifications/{id}/read", Personal),
    ("POST", "/notifications/read-all", Personal),
    ("GET", "/notifications/preferences", Personal),
    ("PUT", "/notifications/preferences", Personal),
    ("GET", "/accounts/{id}/ice-breakers", VIEW),
    ("PUT", "/accounts/{id}/ice-breakers", AUTOMATE),
    ("DELETE", "/accounts/{id}/ice-breakers", AUTOMATE),
    ("POST", "/accounts/{id}/ice-breakers/publish", AUTOMATE),
    ("GET", "/accounts/{id}/ice-breakers/published", VIEW),
    ("GET", "/accounts/{account_id}/automation/rules", VIEW),
    ("POST", "/accounts/{account_id}/automation/rules", AUTOMATE),
    ("POST", "/accounts/{account_id}/automation/rules/test", VIEW),
    (
        "GET",
        "/accounts/{account_id}/automation/rules/{rule_id}",
        VIEW,
    ),
    (
        "PUT",
        "/accounts/{account_id}/automation/rules/{rule_id}",
        AUTOMATE,
    ),
    (
        "DELETE",
        "/accounts/{account_id}/automation/rules/{rule_id}",
        AUTOMATE,
    ),
    (
        "POST",
        "/accounts/{account_id}/automation/rules/{rule_id}/enable",
        AUTOMATE,
    ),
    (
        "POST",
        "/accounts/{account_id}/automation/rules/{rule_id}/disable",
        AUTOMATE,
    ),
    (
        "POST",
        "/accounts/{account_id}/automation/rules/{rule_id}/move-up",
        AUTOMATE,
    ),
    (
        "POST",
        "/accounts/{account_id}/automation/rules/{rule_id}/move-down",
        AUTOMATE,
    ),
    (
        "GET",
        "/accounts/{account_id}/automation/rules/{rule_id}/log",
        VIEW,
    ),
    ("GET", "/accounts/{account_id}/automation/settings", VIEW),
    (
        "PUT",
        "/accounts/{account_id}/automation/settings",
        AUTOMATE,
    ),
    ("GET", "/accounts/{account_id}/automation/held", INBOX),
    (
        "POST",
        "/accounts/{account_id}/automation/held/{job_id}/approve",
        APPROVE,
    ),
    (
        "POST",
        "/accounts/{account_id}/automation/held/{job_id}/reject",
        APPROVE,
    ),
    ("GET", "/webhook-endpoints", ACCOUNTS),
    ("POST", "/webhook-endpoints", ACCOUNTS),
    ("GET", "/webhook-endpoints/{id}", ACCOUNTS),
    ("PUT", "/webhook-endpoints/{id}", ACCOUNTS),
    ("DELETE", "/webhook-endpoints/{id}", ACCOUNTS),
    ("POST", "/webhook-endpoints/{id}/test", ACCOUNTS),
    ("GET", "/webhook-endpoints/{id}/deliveries", ACCOUNTS),
    ("POST", "/webhook-deliveries/{id}/redeliver", ACCOUNTS),
    ("GET", "/review-links", PUBLISH),
    ("POST", "/review-links", PUBLISH),
    ("DELETE", "/review-links/{id}", PUBLISH),
    ("POST", "/posts/{id}/submit", DRAFT),
    ("POST", "/posts/{id}/approve", APPROVE),
    ("POST", "/posts/{id}/request-changes", APPROVE),
    ("GET", "/posts/{id}/notes", VIEW),
    ("POST", "/posts/{id}/notes", DRAFT),
    ("DELETE", "/posts/{id}/notes/{note}", DRAFT),
    ("GET", "/approvals", VIEW),
];

fn same_method(row: &str, asked: &str) -> bool {
    row == asked || (row == "GET" && asked == "HEAD")
}

/// The rule of an HTML route, by its registered path. Client pages are
/// known by their prefix; an unknown route is refused in a shared
/// workspace (the coverage test keeps the table complete).
pub fn web_rule(method: &str, path: &str) -> Option<Rule> {
    WEB.iter()
        .find(|(m, p, _)| *p == path && same_method(m, method))
        .map(|(_, _, r)| *r)
        .or_else(|| {
            CLIENT_PREFIXES
                .iter()
                .any(|pre| path == *pre || path.starts_with(&format!("{pre}/")))
                .then_some(Client)
        })
}

/// The rule of an API request, by its path under `/api/v1` (templates with
/// more literal segments win: `/posts/swap-times` before `/posts/{id}`).
pub fn api_rule(method: &str, path: &str) -> Option<Rule> {
    let template = api_template(method, path)?;
    API.iter()
        .find(|(m, t, _)| *t == template && same_method(m, method))
        .map(|(_, _, r)| *r)
}

/// The Instagram account a request names in its path, if its route has
/// one (`/accounts/{id}…`, `/automation/:account…`): a member limited to
/// some accounts is answered 404 for the others, as if they did not exist.
pub fn account_in_path(pattern: &str, path: &str) -> Option<uuid::Uuid> {
    let pat: Vec<&str> = pattern.trim_matches('/').split('/').collect();
    let got: Vec<&str> = path.trim_matches('/').split('/').collect();
    if pat.len() != got.len() {
        return None;
    }
    pat.iter().enumerate().find_map(|(i, seg)| {
        let name = seg.trim_matches(|c| c == ':' || c == '{' || c == '}');
        let param = seg.starts_with(':') || seg.starts_with('{');
        let account = name == "account"
            || name == "account_id"
            || (name == "id" && i > 0 && pat[i - 1] == "accounts");
        (param && account)
            .then(|| uuid::Uuid::parse_str(got[i]).ok())
            .flatten()
    })
}

/// The API template a path under `/api/v1` matches (see [`api_rule`]).
pub fn api_template(method: &str, path: &str) -> Option<&'static str> {
    let asked: Vec<&str> = path.trim_matches('/').split('/').collect();
    API.iter()
        .filter(|(m, _, _)| same_method(m, method))
        .filter_map(|(_, template, _)| {
            let parts: Vec<&str> = template.trim_matches('/').split('/').collect();
            if parts.len() != asked.len() {
                return None;
            }
            let mut literal = 0;
            for (t, a) in parts.iter().zip(&asked) {
                if t.starts_with('{') {
                    if a.is_empty() {
                        return None;
                    }
                } else if t == a {
                    literal += 1;
                } else {
                    return None;
                }
            }
            Some((literal, *template))
        })
        .max_by_key(|(literal, _)| *literal)
        .map(|(_, t)| t)
}

/// How many routes of a table need each capability (for the docs/report).
pub fn counts(table: &[(&str, &str, Rule)]) -> Vec<(String, usize)> {
    let mut names: Vec<String> = vec!["open".into(), "personal".into(), "client".into()];
    names.extend(Capability::ALL.iter().map(|c| c.as_str().to_string()));
    names
        .into_iter()
        .map(|name| {
            let n = table
                .iter()
                .filter(|(_, _, r)| match r {
                    Open => name == "open",
                    Personal => name == "personal",
                    Client => name == "client",
                    Needs(c) => c.as_str() == name,
                })
                .count();
            (name, n)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_route_is_listed_twice() {
        for table in [WEB, API] {
            for (i, (m, p, _)) in table.iter().enumerate() {
                assert!(
                    !table[i + 1..].iter().any(|(m2, p2, _)| m2 == m && p2 == p),
                    "{m} {p} is listed twice"
                );
            }
        }
    }

    #[test]
    fn literal_segments_win_and_clients_reach_only_client_pages() {
        assert_eq!(api_rule("POST", "/posts/swap-times"), Some(PUBLISH));
        assert_eq!(api_rule("GET", "/posts/export.csv"), Some(VIEW));
        assert_eq!(api_rule("GET", "/posts/0b1e"), Some(VIEW));
        assert_eq!(api_rule("HEAD", "/accounts"), Some(VIEW));
        assert_eq!(api_rule("GET", "/nothing/here"), None);
        assert_eq!(web_rule("GET", "/review/abc"), Some(Client));
        assert_eq!(web_rule("GET", "/clientele"), None);
        assert!(!VIEW.allows(MemberRole::Client));
        assert!(!APPROVE.allows(MemberRole::Client));
        assert!(Client.allows(MemberRole::Client));
        assert!(Personal.allows(MemberRole::Client));
        assert_eq!(PUBLISH.least_role(), MemberRole::Editor);
        assert_eq!(DRAFT.least_role(), MemberRole::Contributor);
        assert_eq!(VIEW.least_role(), MemberRole::Viewer);
        assert_eq!(Client.least_role(), MemberRole::Client);
        let id = uuid::Uuid::now_v7();
        assert_eq!(
            account_in_path("/accounts/{id}/queue", &format!("/accounts/{id}/queue")),
            Some(id)
        );
        assert_eq!(
            account_in_path("/automation/:account/:rule", &format!("/automation/{id}/x")),
            Some(id)
        );
        assert_eq!(
            account_in_path("/posts/{id}", &format!("/posts/{id}")),
            None
        );
    }
}

/// The rule of the route a request matched (`None`: not in the table) and
/// the route's path pattern, set on the request by the router's guard.
#[derive(Clone, Copy, Debug)]
pub struct RouteRule(pub Option<Rule>, pub &'static str);
