//! Health endpoints for load balancers and orchestrators, and `/metrics`:
//! served by the web server and by `socialflow worker` alike, so they read
//! [`Ops`] (the services and the metrics token), never web state.

use poem::http::StatusCode;
use poem::web::Data;
use poem::{IntoResponse, Response, handler};

use socialflow_core::account::AccountStatus;

use secrecy::SecretString;

use crate::metrics::StatusLabels;
use crate::services::Services;

/// What the health and metrics endpoints read.
#[derive(Clone)]
pub struct Ops {
    pub services: Services,
    /// Bearer token for `/metrics`; without one only loopback clients may read it.
    pub metrics_token: Option<SecretString>,
}

/// The process is up.
#[handler]
pub fn healthz() -> &'static str {
    "ok"
}

/// The process can serve: the database answers.
#[handler]
pub async fn readyz(ops: Data<&Ops>) -> Response {
    match ops.services.ping().await {
        Ok(()) => "ready".into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "not ready: database unreachable");
            "database unreachable"
                .with_status(StatusCode::SERVICE_UNAVAILABLE)
                .into_response()
        }
    }
}

/// Prometheus metrics. With `SOCIALFLOW_METRICS_TOKEN` set, callers send it
/// as a Bearer token; without it only clients on this machine may read.
#[handler]
pub async fn metrics(req: &poem::Request, ops: Data<&Ops>) -> Response {
    use secrecy::ExposeSecret;
    use subtle::ConstantTimeEq;
    let allowed = match &ops.metrics_token {
        Some(token) => req
            .header("authorization")
            .and_then(|h| h.strip_prefix("Bearer "))
            .is_some_and(|given| {
                bool::from(given.as_bytes().ct_eq(token.expose_secret().as_bytes()))
            }),
        None => {
            req.remote_addr()
                .as_socket_addr()
                .is_some_and(|a| a.ip().is_loopback())
                && req.header("x-forwarded-for").is_none()
        }
    };
    if !allowed {
        return StatusCode::FORBIDDEN.into_response();
    }
    let state = &ops.services;
    match state.posts.count_by_state().await {
        Ok(counts) => {
            for s in socialflow_core::posts::PostState::ALL {
                let n = counts.iter().find(|(c, _)| *c == s).map_or(0, |(_, n)| *n);
                state
                    .metrics
                    .posts
                    .get_or_create(&crate::metrics::StateLabels {
                        state: s.as_str().to_string(),
                    })
                    .set(i64::try_from(n).unwrap_or(i64::MAX));
            }
        }
        Err(e) => tracing::warn!(error = %e, "cannot count posts for metrics"),
    }
    match state.accounts.count_by_status().await {
        Ok(counts) => {
            for status in [AccountStatus::Active, AccountStatus::NeedsReconnect] {
                let n = counts
                    .iter()
                    .find(|(s, _)| *s == status)
                    .map_or(0, |(_, n)| *n);
                state
                    .metrics
                    .accounts
                    .get_or_create(&StatusLabels {
                        status: status.as_str().to_string(),
                    })
                    .set(n as i64);
            }
        }
        Err(e) => tracing::warn!(error = %e, "metrics: cannot count accounts"),
    }
    state
        .metrics
        .render()
        .with_content_type("application/openmetrics-text; version=1.0.0; charset=utf-8")
        .into_response()
}
