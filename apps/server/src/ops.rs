//! Health endpoints for load balancers and orchestrators.

use poem::http::StatusCode;
use poem::web::Data;
use poem::{IntoResponse, Response, handler};

use crate::state::AppState;

/// The process is up.
#[handler]
pub fn healthz() -> &'static str {
    "ok"
}

/// The process can serve: the database answers.
#[handler]
pub async fn readyz(state: Data<&AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => "ready".into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "not ready: database unreachable");
            "database unreachable"
                .with_status(StatusCode::SERVICE_UNAVAILABLE)
                .into_response()
        }
    }
}
