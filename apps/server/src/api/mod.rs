//! The REST API under `/api/v1`, described by OpenAPI (served at
//! `/api/openapi.json`, explorer at `/api/docs`).

mod accounts;
mod admin;
mod analytics;
pub mod auth;
pub mod error;
mod inbox;
mod me;
pub mod media;
mod posts;
pub mod privacy;

use poem_openapi::OpenApiService;

pub use accounts::AccountsApi;
pub use admin::AdminApi;
pub use analytics::AnalyticsApi;
pub use inbox::InboxApi;
pub use me::MeApi;
pub use media::MediaApi;
pub use posts::PostsApi;
pub use privacy::PrivacyApi;

pub type Api = (
    MeApi,
    AccountsApi,
    MediaApi,
    PostsApi,
    InboxApi,
    AnalyticsApi,
    PrivacyApi,
    AdminApi,
);

pub fn service(public_url: &str) -> OpenApiService<Api, ()> {
    OpenApiService::new((MeApi, AccountsApi, MediaApi, PostsApi, InboxApi, AnalyticsApi, PrivacyApi, AdminApi), "SocialFlow API", env!("CARGO_PKG_VERSION"))
        .description(
            "Manage SocialFlow as you would in the web interface. Authenticate with a personal API token \
             (Settings → Personal API tokens) sent as `Authorization: Bearer <token>`. Errors are JSON \
             objects with a stable `code` and a human `message`.",
        )
        .server(format!("{public_url}/api/v1"))
}
