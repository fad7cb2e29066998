//! Analytics summaries and report links over REST: the period's key
//! figures with Δ % against the previous period, and the shareable,
//! expiring, revocable read-only links to an account's printable report.

use poem::http::StatusCode;
use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Enum, Object, OpenApi, Tags};
use secrecy::ExposeSecret;
use socialflow_core::account::AccountId;
use socialflow_core::analytics::{self as an, Delta, Kpis};
use socialflow_core::reports::{ReportLink, ReportLinkError, ReportLinkId, ReportLinkProblem};
use time::OffsetDateTime;

use super::auth::ApiAuth;
use super::error::*;
use crate::state::AppState;

#[derive(Tags)]
enum Tag {
    /// Key figures with their change, and shareable report links.
    Reports,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[oai(rename_all = "snake_case")]
pub enum Trend {
    Up,
    Down,
    Same,
    /// Nothing to compare: either period has no value, or the previous one
    /// is zero.
    NoData,
}

/// How a figure moved since the previous period.
#[derive(Object)]
pub struct DeltaDto {
    pub trend: Trend,
    /// The change in percent (positive for up, negative for down); `null`
    /// with `no_data`, never a division by zero.
    #[oai(nullable)]
    pub percent: Option<f64>,
}

impl From<Delta> for DeltaDto {
    fn from(d: Delta) -> Self {
        let round = |p: f64| (p * 10.0).round() / 10.0;
        match d {
            Delta::Up(p) => DeltaDto {
                trend: Trend::Up,
                percent: Some(round(p)),
            },
            Delta::Down(p) => DeltaDto {
                trend: Trend::Down,
                percent: Some(-round(p)),
            },
            Delta::Same => DeltaDto {
                trend: Trend::Same,
                percent: Some(0.0),
            },
            Delta::NoData => DeltaDto {
                trend: Trend::NoData,
                percent: None,
            },
        }
    }
}

/// A period's key figures; `null` where nothing was recorded.
#[derive(Object)]
pub struct KpisDto {
    pub from: String,
    pub to: String,
    /// Followers on the period's last recorded day.
    #[oai(nullable)]
    pub followers: Option<i64>,
    #[oai(nullable)]
    pub reach: Option<i64>,
    #[oai(nullable)]
    pub views: Option<i64>,
    #[oai(nullable)]
    pub interactions: Option<i64>,
    pub posts: i64,
    /// Mean engagement rate of the period's posts, in percent.
    #[oai(nullable)]
    pub engagement_rate: Option<f64>,
}

fn kpis(k: &Kpis, range: an::DateRange) -> KpisDto {
    KpisDto {
        from: range.from.to_string(),
        to: range.to.to_string(),
        followers: k.followers,
        reach: k.reach,
        views: k.views,
        interactions: k.interactions,
        posts: k.posts,
        engagement_rate: k.engagement_rate.map(|r| (r * 100.0).round() / 100.0),
    }
}

/// Each figure's change since the previous period.
#[derive(Object)]
pub struct DeltasDto {
    pub followers: DeltaDto,
    pub reach: DeltaDto,
    pub views: DeltaDto,
    pub interactions: DeltaDto,
    pub posts: DeltaDto,
    pub engagement_rate: DeltaDto,
}

#[derive(Object)]
pub struct SummaryDto {
    pub account_id: uuid::Uuid,
    pub time_zone: String,
    pub current: KpisDto,
    /// The same number of days just before.
    pub previous: KpisDto,
    pub delta: DeltasDto,
}

#[derive(Object)]
pub struct ReportLinkDto {
    pub id: uuid::Uuid,
    pub account_id: uuid::Uuid,
    pub from: String,
    pub to: String,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    pub expired: bool,
}

fn link_dto(l: &ReportLink, now: OffsetDateTime) -> ReportLinkDto {
    ReportLinkDto {
        id: l.id.0,
        account_id: l.account_id.0,
        from: l.from.to_string(),
        to: l.to.to_string(),
        created_at: l.created_at,
        expires_at: l.expires_at,
        expired: l.expired(now),
    }
}

/// A new link: `url` opens the report without login; it is returned only
/// here (only its digest is stored).
#[derive(Object)]
pub struct NewReportLinkDto {
    pub link: ReportLinkDto,
    pub url: String,
}

/// What to share: the period (`YYYY-MM-DD`, default the last 30 days) and
/// how many days the link works (1–90, default 30).
#[derive(Object)]
pub struct ReportLinkBody {
    #[oai(nullable)]
    pub from: Option<String>,
    #[oai(nullable)]
    pub to: Option<String>,
    #[oai(nullable)]
    pub valid_days: Option<i64>,
}

#[derive(ApiResponse)]
pub enum CreatedLink {
    #[oai(status = 201)]
    Created(Json<NewReportLinkDto>),
}

#[derive(ApiResponse)]
pub enum RevokedLink {
    /// Revoked: the link stops working at once.
    #[oai(status = 204)]
    NoContent,
}

fn link_error(e: ReportLinkError) -> ApiError {
    match e {
        ReportLinkError::NotFound => ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "No such account or link.",
        ),
        ReportLinkError::Invalid(p @ ReportLinkProblem::ValidDays { .. }) => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_valid_days",
            p.to_string(),
        ),
        ReportLinkError::Invalid(p @ ReportLinkProblem::TooMany { .. }) => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "too_many_links",
            format!("{p}; revoke one first."),
        ),
        ReportLinkError::Store(e) => ApiError::from_store(e),
    }
}

fn range(
    state: &AppState,
    user: &socialflow_core::User,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<an::DateRange, ApiError> {
    an::range_from_params(from, to, state.analytics.today(user))
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "invalid_range", e.to_string()))
}

pub struct ReportsApi;

#[OpenApi(tag = "Tag::Reports")]
impl ReportsApi {
    /// The key figures from `from` to `to` (`YYYY-MM-DD`, inclusive, in
    /// your time zone; default the last 30 days) next to the previous
    /// period of the same length, with Δ % per figure.
    #[oai(path = "/accounts/:id/summary", method = "get")]
    async fn summary(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
        from: Query<Option<String>>,
        to: Query<Option<String>>,
    ) -> ApiResult<Json<SummaryDto>, { AUTH | BY_ID }> {
        let user = &auth.workspace_user(&state).await?;
        let range = range(&state, user, from.0.as_deref(), to.0.as_deref())?;
        let c = state
            .analytics
            .summary(user, AccountId(id.0), range)
            .await
            .map_err(ApiError::from)?;
        Ok(Json(SummaryDto {
            account_id: id.0,
            time_zone: user.time_zone.name().to_string(),
            current: kpis(&c.current, range),
            previous: kpis(&c.previous, an::previous_range(range)),
            delta: DeltasDto {
                followers: c.followers.into(),
                reach: c.reach.into(),
                views: c.views.into(),
                interactions: c.interactions.into(),
                posts: c.posts.into(),
                engagement_rate: c.engagement_rate.into(),
            },
        }))
    }

    /// The account's report links, newest first (expired ones included).
    #[oai(path = "/accounts/:id/report-links", method = "get")]
    async fn list_links(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<Json<Vec<ReportLinkDto>>, { AUTH | BY_ID }> {
        let links = state
            .report_links
            .list(auth.owner(), AccountId(id.0))
            .await
            .map_err(link_error)?;
        let now = state.analytics.now();
        Ok(Json(links.iter().map(|l| link_dto(l, now)).collect()))
    }

    /// Creates a read-only link to the account's report for a period,
    /// opening without login until it expires or is revoked. 422
    /// `invalid_valid_days` outside 1–90 days, `too_many_links` at 20.
    #[oai(path = "/accounts/:id/report-links", method = "post")]
    async fn create_link(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
        body: Json<ReportLinkBody>,
    ) -> ApiResult<CreatedLink, { WRITE | JSON_BODY | BY_ID | E422 }> {
        let user = &auth.workspace_user(&state).await?;
        let range = range(&state, user, body.0.from.as_deref(), body.0.to.as_deref())?;
        let new = state
            .report_links
            .create(
                auth.owner(),
                AccountId(id.0),
                range,
                body.0.valid_days.unwrap_or(30),
            )
            .await
            .map_err(link_error)?;
        let url = format!(
            "{}/shared/report/{}",
            state.web.public_url.trim_end_matches('/'),
            new.secret.expose_secret()
        );
        Ok(CreatedLink::Created(Json(NewReportLinkDto {
            link: link_dto(&new.link, state.analytics.now()),
            url,
        })))
    }

    /// Revokes a report link: it stops working at once.
    #[oai(path = "/report-links/:id", method = "delete")]
    async fn revoke_link(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<RevokedLink, { WRITE | BY_ID }> {
        state
            .report_links
            .revoke(auth.owner(), ReportLinkId(id.0))
            .await
            .map_err(link_error)?;
        Ok(RevokedLink::NoContent)
    }
}
