//! The REST API under `/api/v1`, described by OpenAPI (served at
//! `/api/openapi.json`, explorer at `/api/docs`).

mod accounts;
mod admin;
mod analytics;
mod approvals;
mod audience;
pub mod auth;
mod automation;
mod automation_ops;
mod calendar;
mod client_review;
mod document;
pub mod error;
mod ice_breakers;
mod import;
mod inbox;
mod live;
mod me;
pub mod media;
mod moderation;
mod notifications;
mod nullable;
mod outgoing_webhooks;
mod posts;
pub mod privacy;
mod queue;
mod reports;
mod saved_replies;
mod snippets;
mod triage;
mod workspaces;

use poem_openapi::OpenApiService;

pub use document::ApiDocument;

pub use accounts::AccountsApi;
pub use admin::AdminApi;
pub use analytics::AnalyticsApi;
pub use approvals::ApprovalsApi;
pub use audience::AudienceApi;
pub use automation::AutomationApi;
pub use automation_ops::AutomationOpsApi;
pub use calendar::CalendarApi;
pub use client_review::ClientReviewApi;
pub use ice_breakers::IceBreakersApi;
pub use import::ImportApi;
pub use inbox::InboxApi;
pub use live::LiveApi;
pub use me::MeApi;
pub use media::MediaApi;
pub use moderation::ModerationApi;
pub use notifications::NotificationsApi;
pub use outgoing_webhooks::WebhooksApi;
pub use posts::PostsApi;
pub use privacy::PrivacyApi;
pub use queue::QueueApi;
pub use reports::ReportsApi;
pub use saved_replies::SavedRepliesApi;
pub use snippets::SnippetsApi;
pub use triage::TriageApi;
pub use workspaces::WorkspacesApi;

pub type Api = (
    (
        MeApi,
        AccountsApi,
        MediaApi,
        PostsApi,
        CalendarApi,
        ImportApi,
        InboxApi,
        AnalyticsApi,
        PrivacyApi,
        ModerationApi,
        ApprovalsApi,
        WorkspacesApi,
    ),
    (
        AdminApi,
        SnippetsApi,
        QueueApi,
        LiveApi,
        ReportsApi,
        SavedRepliesApi,
        TriageApi,
        AudienceApi,
        NotificationsApi,
        IceBreakersApi,
        AutomationApi,
        WebhooksApi,
        AutomationOpsApi,
        ClientReviewApi,
    ),
);

pub fn service(public_url: &str) -> OpenApiService<Api, ()> {
    OpenApiService::new(
        (
            (MeApi, AccountsApi, MediaApi, PostsApi, CalendarApi, ImportApi, InboxApi, AnalyticsApi, PrivacyApi, ModerationApi, ApprovalsApi, WorkspacesApi,),
            (AdminApi, SnippetsApi, QueueApi, LiveApi, ReportsApi, SavedRepliesApi, TriageApi, AudienceApi, NotificationsApi, IceBreakersApi, AutomationApi, WebhooksApi, AutomationOpsApi, ClientReviewApi,),
        ),
        "SocialFlow API",
        env!("CARGO_PKG_VERSION"),
    )
        .description(
            "Manage SocialFlow as you would in the web interface. Authenticate with a personal API token \
             (Settings → Personal API tokens) sent as `Authorization: Bearer <token>`. Errors are JSON \
             objects with a stable `code` and a human `message`.\n\n\
             **Workspaces.** Every operation works in the caller's personal workspace unless the \
             request carries the header `SocialFlow-Workspace: <workspace uuid>`, naming a shared \
             workspace the caller is a member of (otherwise 404 `workspace_not_found`). The \
             caller's role there decides which operations run (otherwise 403 `forbidden`, naming \
             the role needed); see docs/teams.md for the role × capability table.",
        )
        .server(format!("{public_url}/api/v1"))
}

/// The methods of each API path, read from the spec, for the `Allow` header
/// of 405 answers (poem's router knows only that the method did not match).
pub struct AllowedMethods(Vec<(Vec<String>, String)>);

impl AllowedMethods {
    pub fn from_spec(spec: &str) -> Self {
        let spec: serde_json::Value = serde_json::from_str(spec).unwrap_or_default();
        let mut paths = Vec::new();
        if let Some(map) = spec["paths"].as_object() {
            for (path, ops) in map {
                let mut methods: Vec<String> = ops
                    .as_object()
                    .map(|o| o.keys().map(|m| m.to_ascii_uppercase()).collect())
                    .unwrap_or_default();
                // poem answers HEAD wherever it answers GET.
                if methods.iter().any(|m| m == "GET") {
                    methods.push("HEAD".into());
                }
                methods.sort();
                paths.push((segments(path), methods.join(", ")));
            }
        }
        Self(paths)
    }

    /// The `Allow` value for a path under `/api/v1` (without the prefix).
    pub fn for_path(&self, path: &str) -> Option<&str> {
        let asked = segments(path);
        self.0
            .iter()
            .find(|(template, _)| {
                template.len() == asked.len()
                    && template
                        .iter()
                        .zip(&asked)
                        .all(|(t, a)| t == a || (t.starts_with('{') && !a.is_empty()))
            })
            .map(|(_, allow)| allow.as_str())
    }
}

fn segments(path: &str) -> Vec<String> {
    path.trim_matches('/')
        .split('/')
        .map(str::to_string)
        .collect()
}

/// Wraps the API endpoint so 405 answers say which methods the path takes.
pub fn with_allow_header<E>(ep: E, doc: std::sync::Arc<ApiDocument>) -> impl poem::Endpoint
where
    E: poem::Endpoint + 'static,
{
    use poem::{EndpointExt, IntoResponse};
    ep.around(move |next, req| {
        let doc = doc.clone();
        async move {
            let path = req.original_uri().path().to_string();
            let mut resp = match next.call(req).await {
                Ok(r) => r.into_response(),
                Err(e) => error::to_json(e).await,
            };
            if resp.status() == poem::http::StatusCode::METHOD_NOT_ALLOWED {
                let rest = path.strip_prefix("/api/v1").unwrap_or(&path);
                if let Some(value) = doc
                    .allowed()
                    .for_path(rest)
                    .and_then(|a| poem::http::HeaderValue::from_str(a).ok())
                {
                    resp.headers_mut().insert(poem::http::header::ALLOW, value);
                }
            }
            Ok::<_, poem::Error>(resp)
        }
    })
}
