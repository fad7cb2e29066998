//! `/webhook-endpoints`: signed outgoing webhooks. Endpoints with the events
//! they want, a test event, the delivery log and redelivery.

use poem::http::StatusCode;
use poem::web::Data;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi, Tags};
use secrecy::ExposeSecret;
use socialflow_core::Language;
use socialflow_core::outgoing_webhooks::{
    DeliveryId, DeliveryLogItem, Endpoint, EndpointId, EndpointInput, WebhookError,
};
use time::OffsetDateTime;

use super::auth::ApiAuth;
use super::error::*;
use crate::http::outgoing_webhooks_text;
use crate::i18n::Tr;
use crate::state::AppState;

#[derive(Tags)]
enum Tag {
    /// Signed outgoing webhooks: endpoints, test events, deliveries.
    Webhooks,
}

#[derive(Object)]
pub struct EndpointDto {
    pub id: uuid::Uuid,
    pub url: String,
    pub description: String,
    /// Subscribed event types (`post.published`, …).
    pub events: Vec<String>,
    pub enabled: bool,
    /// When its deliveries started failing with no success since.
    pub failing_since: Option<OffsetDateTime>,
    /// When SocialFlow disabled it after three days of failures.
    pub auto_disabled_at: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

impl From<Endpoint> for EndpointDto {
    fn from(e: Endpoint) -> Self {
        EndpointDto {
            id: e.id.0,
            url: e.url,
            description: e.description,
            events: e.events.iter().map(|k| k.as_str().to_string()).collect(),
            enabled: e.enabled,
            failing_since: e.failing_since,
            auto_disabled_at: e.auto_disabled_at,
            created_at: e.created_at,
            updated_at: e.updated_at,
        }
    }
}

/// A new endpoint and its signing secret. The secret is shown only here.
#[derive(Object)]
pub struct CreatedEndpointDto {
    pub endpoint: EndpointDto,
    /// `whsec_…`: verify `SocialFlow-Signature` with it. Not shown again.
    pub secret: String,
}

/// An endpoint to keep: an `https://` URL (`http://` only where the
/// operator allows it) of at most 2,000 characters, the events it wants
/// (at least one of `post.scheduled`, `post.published`, `post.failed`,
/// `account.needs_reconnect`, `comment.received`, `message.received`,
/// `automation.action`) and a description of at most 200 characters.
#[derive(Object)]
pub struct EndpointBody {
    pub url: String,
    #[oai(default)]
    pub description: String,
    pub events: Vec<String>,
    #[oai(default = "default_enabled")]
    pub enabled: bool,
}

fn default_enabled() -> bool {
    true
}

/// At most this many event names are read from a body.
const MAX_EVENTS_IN_BODY: usize = 32;

impl From<EndpointBody> for EndpointInput {
    fn from(b: EndpointBody) -> Self {
        EndpointInput {
            url: b.url,
            description: b.description,
            events: b.events.into_iter().take(MAX_EVENTS_IN_BODY).collect(),
            enabled: b.enabled,
        }
    }
}

#[derive(Object)]
pub struct DeliveryDto {
    pub id: uuid::Uuid,
    pub endpoint_id: uuid::Uuid,
    /// The event's id (`evt_…`), the same on every attempt and redelivery.
    pub event_id: String,
    /// The event type.
    pub event_type: String,
    /// `pending` (waiting for an attempt), `delivered`, `given_up`.
    pub state: String,
    pub attempts: u32,
    pub next_attempt_at: Option<OffsetDateTime>,
    pub last_attempt_at: Option<OffsetDateTime>,
    /// The HTTP status of the last answer (none: no answer).
    pub status_code: Option<u16>,
    /// Why the last attempt got no answer, or was refused.
    pub error: Option<String>,
    pub duration_ms: Option<u32>,
    /// The start of the last answer's body (at most 500 characters).
    pub response_snippet: Option<String>,
    pub created_at: OffsetDateTime,
}

impl From<DeliveryLogItem> for DeliveryDto {
    fn from(i: DeliveryLogItem) -> Self {
        let d = i.delivery;
        let pending = d.state == socialflow_core::outgoing_webhooks::DeliveryState::Pending;
        DeliveryDto {
            id: d.id.0,
            endpoint_id: d.endpoint.0,
            event_id: d.event.to_string(),
            event_type: i.kind.as_str().to_string(),
            state: d.state.as_str().to_string(),
            attempts: d.attempts,
            next_attempt_at: pending.then_some(d.next_attempt_at),
            last_attempt_at: d.last_attempt_at,
            status_code: d.status_code,
            error: d.error,
            duration_ms: d.duration_ms,
            response_snippet: d.response_snippet,
            created_at: d.created_at,
        }
    }
}

#[derive(ApiResponse)]
pub enum CreatedEndpoint {
    #[oai(status = 201)]
    Created(Json<CreatedEndpointDto>),
}

#[derive(ApiResponse)]
pub enum DeletedEndpoint {
    /// Deleted, with its delivery log.
    #[oai(status = 204)]
    NoContent,
}

#[derive(ApiResponse)]
pub enum QueuedDelivery {
    /// Queued: the worker sends it within seconds; follow it in the log.
    #[oai(status = 202)]
    Accepted(Json<DeliveryDto>),
}

pub(crate) fn api_error(e: WebhookError) -> ApiError {
    match e {
        WebhookError::NotFound => ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "No such webhook endpoint or delivery.",
        ),
        WebhookError::Invalid(problems) => {
            let tr = Tr::new(Language::En);
            let mut err = ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_webhook",
                "The endpoint was not saved; fix each problem listed.",
            );
            err.problems = problems
                .iter()
                .map(|p| outgoing_webhooks_text::problem_json(&tr, p))
                .collect();
            err
        }
        WebhookError::TooMany { max } => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "too_many_webhooks",
            format!("You can have at most {max} webhook endpoints; delete one first."),
        ),
        WebhookError::Disabled => ApiError::new(
            StatusCode::CONFLICT,
            "webhook_disabled",
            "The endpoint is disabled; enable it first.",
        ),
        WebhookError::Cipher(e) => {
            tracing::error!(error = %e, "webhook secret");
            ApiError::internal()
        }
        WebhookError::Store(e) => ApiError::from_store(e),
    }
}

pub struct WebhooksApi;

#[OpenApi(tag = "Tag::Webhooks")]
impl WebhooksApi {
    /// Your webhook endpoints, oldest first.
    #[oai(path = "/webhook-endpoints", method = "get")]
    async fn list(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
    ) -> ApiResult<Json<Vec<EndpointDto>>, { AUTH }> {
        let all = state.outgoing.list(auth.owner()).await.map_err(api_error)?;
        Ok(Json(all.into_iter().map(EndpointDto::from).collect()))
    }

    /// Adds an endpoint and returns its signing secret, once. 422
    /// `invalid_webhook` lists each problem (`url_not_https`,
    /// `unknown_event` with its `name`, …); 422 `too_many_webhooks` at 20.
    #[oai(path = "/webhook-endpoints", method = "post")]
    async fn create(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        body: Json<EndpointBody>,
    ) -> ApiResult<CreatedEndpoint, { WRITE | JSON_BODY | E422 }> {
        let created = state
            .outgoing
            .create(auth.owner(), &body.0.into())
            .await
            .map_err(api_error)?;
        Ok(CreatedEndpoint::Created(Json(CreatedEndpointDto {
            endpoint: created.endpoint.into(),
            secret: created.secret.expose_secret().to_string(),
        })))
    }

    /// One endpoint of yours (never its secret).
    #[oai(path = "/webhook-endpoints/:id", method = "get")]
    async fn get(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<Json<EndpointDto>, { AUTH | BY_ID }> {
        let e = state
            .outgoing
            .get(auth.owner(), EndpointId(id.0))
            .await
            .map_err(api_error)?;
        Ok(Json(e.into()))
    }

    /// Replaces an endpoint's URL, description, events and enabled switch
    /// (the secret stays). Enabling starts its failure count afresh.
    #[oai(path = "/webhook-endpoints/:id", method = "put")]
    async fn update(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
        body: Json<EndpointBody>,
    ) -> ApiResult<Json<EndpointDto>, { WRITE | JSON_BODY | BY_ID | E422 }> {
        let e = state
            .outgoing
            .update(auth.owner(), EndpointId(id.0), &body.0.into())
            .await
            .map_err(api_error)?;
        Ok(Json(e.into()))
    }

    /// Deletes an endpoint and its delivery log; nothing more is sent to it.
    #[oai(path = "/webhook-endpoints/:id", method = "delete")]
    async fn delete(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<DeletedEndpoint, { WRITE | BY_ID }> {
        state
            .outgoing
            .delete(auth.owner(), EndpointId(id.0))
            .await
            .map_err(api_error)?;
        Ok(DeletedEndpoint::NoContent)
    }

    /// Queues a `ping` event to this endpoint. 409 `webhook_disabled` when
    /// the endpoint is disabled.
    #[oai(path = "/webhook-endpoints/:id/test", method = "post")]
    async fn test(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<QueuedDelivery, { WRITE | BY_ID | E409 }> {
        let owner = auth.owner();
        let svc = &state.outgoing;
        let delivery = svc
            .send_test(owner, EndpointId(id.0))
            .await
            .map_err(api_error)?;
        let item = svc.delivery(owner, delivery).await.map_err(api_error)?;
        Ok(QueuedDelivery::Accepted(Json(item.into())))
    }

    /// The endpoint's last 100 deliveries, newest first.
    #[oai(path = "/webhook-endpoints/:id/deliveries", method = "get")]
    async fn deliveries(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<Json<Vec<DeliveryDto>>, { AUTH | BY_ID }> {
        let items = state
            .outgoing
            .deliveries(auth.owner(), EndpointId(id.0))
            .await
            .map_err(api_error)?;
        Ok(Json(items.into_iter().map(DeliveryDto::from).collect()))
    }

    /// Sends a delivery's event again: a new delivery with the same event id
    /// and body, due now. 409 `webhook_disabled` when the endpoint is
    /// disabled.
    #[oai(path = "/webhook-deliveries/:id/redeliver", method = "post")]
    async fn redeliver(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<QueuedDelivery, { WRITE | BY_ID | E409 }> {
        let item = state
            .outgoing
            .redeliver(auth.owner(), DeliveryId(id.0))
            .await
            .map_err(api_error)?;
        Ok(QueuedDelivery::Accepted(Json(item.into())))
    }
}
