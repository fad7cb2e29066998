//! `/settings/webhooks/:id`: one endpoint's delivery log (time in the
//! user's zone, status, duration, the answer's start, escaped) with
//! "Redeliver" and "Send test event".

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Path, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use socialflow_core::outgoing_webhooks::{DeliveryId, DeliveryState, EndpointId, WebhookError};

use super::page::failed;
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::shared::errors::internal_error;
use crate::web::shared::format::When;
use crate::web::shared::forms::{CsrfForm, TokenOnly};
use crate::web::shared::layout::{Layout, Notice};
use crate::web::shared::session::WebUser;

pub struct LogRow {
    pub id: String,
    pub event_id: String,
    pub event_type: String,
    pub when: When,
    pub state: String,
    /// `ok`, `warn` or `error` (a badge class).
    pub tone: &'static str,
    pub status: String,
    pub duration: String,
    /// "2 attempts".
    pub attempts: String,
    pub snippet: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "webhook_log.html")]
pub struct WebhookLogPage {
    l: Layout,
    notice: Option<Notice>,
    endpoint_id: String,
    url: String,
    enabled: bool,
    rows: Vec<LogRow>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NoticeQuery {
    notice: String,
}

#[handler]
pub async fn show(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path(id): Path<uuid::Uuid>,
    Query(q): Query<NoticeQuery>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let id = EndpointId(id);
    let owner = me.access.owner();
    let endpoint = match state.outgoing.get(owner, id).await {
        Ok(e) => e,
        Err(e) => return failed(&state, req, &me, &csrf.0, e).await,
    };
    let items = match state.outgoing.deliveries(owner, id).await {
        Ok(i) => i,
        Err(e) => {
            tracing::error!(error = %e, "cannot read the webhook log");
            return internal_error(req, Some(&me.user));
        }
    };
    let now = state.clock.now();
    let rows = items
        .into_iter()
        .map(|i| {
            let d = i.delivery;
            let (state_key, tone) = match d.state {
                DeliveryState::Delivered => ("webhooks-state-delivered", "ok"),
                DeliveryState::GivenUp => ("webhooks-state-given-up", "error"),
                DeliveryState::Pending if d.attempts == 0 => ("webhooks-state-queued", "warn"),
                DeliveryState::Pending => ("webhooks-state-retrying", "warn"),
            };
            LogRow {
                id: d.id.to_string(),
                event_id: d.event.to_string(),
                event_type: i.kind.as_str().to_string(),
                when: When::new(
                    &tr,
                    &me.user.time_zone,
                    now,
                    d.last_attempt_at.unwrap_or(d.created_at),
                ),
                state: tr.t(state_key),
                tone,
                status: match (d.status_code, &d.error) {
                    (Some(code), _) => code.to_string(),
                    (None, Some(e)) => e.clone(),
                    (None, None) => "—".into(),
                },
                duration: d
                    .duration_ms
                    .map(|ms| tr.t1("webhooks-ms", "ms", ms as usize))
                    .unwrap_or_else(|| "—".into()),
                attempts: tr.t1("webhooks-attempts", "count", d.attempts as usize),
                snippet: d.response_snippet.unwrap_or_default(),
            }
        })
        .collect();
    let notice = match q.notice.as_str() {
        "test" => Notice::ok(tr.t("webhooks-test-queued")),
        "redelivered" => Notice::ok(tr.t("webhooks-redelivered")),
        _ => None,
    };
    WebhookLogPage {
        notice,
        endpoint_id: endpoint.id.to_string(),
        url: endpoint.url,
        enabled: endpoint.enabled,
        rows,
        l: Layout::new(
            tr,
            "webhooks-log-title",
            Some(&me.user),
            &csrf.0,
            "/settings",
        ),
    }
    .with_status(StatusCode::OK)
    .into_response()
}

#[handler]
pub async fn redeliver(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path(id): Path<uuid::Uuid>,
    CsrfForm(_): CsrfForm<TokenOnly>,
) -> Response {
    match state
        .outgoing
        .redeliver(me.access.owner(), DeliveryId(id))
        .await
    {
        Ok(item) => Redirect::see_other(format!(
            "/settings/webhooks/{}?notice=redelivered",
            item.delivery.endpoint
        ))
        .into_response(),
        Err(e @ (WebhookError::NotFound | WebhookError::Disabled)) => {
            failed(&state, req, &me, &csrf.0, e).await
        }
        Err(e) => {
            tracing::error!(error = %e, "redelivery failed");
            internal_error(req, Some(&me.user))
        }
    }
}
