//! The REST API under `/api/v1`, described by OpenAPI (served at
//! `/api/openapi.json`, explorer at `/api/docs`).

mod accounts;
pub mod auth;
pub mod error;
mod me;
mod posts;

use poem_openapi::OpenApiService;

pub use accounts::AccountsApi;
pub use me::MeApi;
pub use posts::PostsApi;

pub type Api = (MeApi, AccountsApi, PostsApi);

pub fn service(public_url: &str) -> OpenApiService<Api, ()> {
    OpenApiService::new((MeApi, AccountsApi, PostsApi), "SocialFlow API", env!("CARGO_PKG_VERSION"))
        .description(
            "Manage SocialFlow as you would in the web interface. Authenticate with a personal API token \
             (Settings → Personal API tokens) sent as `Authorization: Bearer <token>`. Errors are JSON \
             objects with a stable `code` and a human `message`.",
        )
        .server(format!("{public_url}/api/v1"))
}
