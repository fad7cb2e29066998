//! The best-time heatmap and the audience with place names over REST. The
//! grid is built from the stored UTC hours in the zone asked for (`?tz=`,
//! default the user's), so it is right after a zone change; names come from
//! CLDR in the language asked for (`?lang=`, default the user's).

use poem::http::StatusCode;
use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi, Tags};
use socialflow_core::account::AccountId;
use socialflow_core::analytics::{GRID_WEEKDAYS, TopSlot, next_at};
use socialflow_core::{Language, TimeZone};
use time::OffsetDateTime;

use super::auth::ApiAuth;
use super::error::*;
use crate::place_names::PlaceNames;
use crate::state::AppState;

#[derive(Tags)]
enum Tag {
    /// When followers are online, and who they are.
    Audience,
}

/// One of the busiest weekday-hours.
#[derive(Object)]
pub struct TopSlotDto {
    /// `monday` … `sunday`, on the grid's clock.
    pub weekday: String,
    /// 0–23 on the grid's clock.
    pub hour: u8,
    /// The minute the hour starts at there (30 in a half-hour zone).
    pub minute: u8,
    /// Average followers online then.
    pub followers: i64,
    /// The next such instant.
    #[oai(nullable)]
    pub next_at: Option<OffsetDateTime>,
}

/// Followers online by weekday and hour.
#[derive(Object)]
pub struct HeatmapReport {
    pub account_id: uuid::Uuid,
    /// The IANA zone the grid is drawn in.
    pub time_zone: String,
    /// Row order of `cells`: `monday` … `sunday`.
    pub weekdays: Vec<String>,
    /// 7 rows of 24 values (local hours 0–23): average followers online;
    /// `null` where Instagram reported nothing. `null` without any data.
    #[oai(nullable)]
    pub cells: Option<Vec<Vec<super::nullable::Nullable<i64>>>>,
    /// The busiest cells, busiest first (empty without data).
    pub top: Vec<TopSlotDto>,
}

/// A demographic bucket with its name in the language asked for.
#[derive(Object)]
pub struct PlaceDto {
    /// As Instagram gives it: an ISO 3166 code for countries, text for
    /// cities.
    pub key: String,
    /// The name in the language asked for (CLDR); for cities the name as
    /// given, with a country part translated.
    pub name: String,
    pub value: i64,
}

#[derive(Object)]
pub struct AgeGenderDto {
    pub key: String,
    pub value: i64,
    /// Share of the breakdown's total, 0–100.
    pub percent: f64,
}

/// Who follows the account, with names in the language asked for.
#[derive(Object)]
pub struct AudienceReport {
    pub account_id: uuid::Uuid,
    /// `en`, `ru` or `kk`.
    pub lang: String,
    /// `null` until the audience was first fetched.
    #[oai(nullable)]
    pub fetched_at: Option<OffsetDateTime>,
    pub countries: Vec<PlaceDto>,
    pub cities: Vec<PlaceDto>,
    pub age: Vec<AgeGenderDto>,
    pub gender: Vec<AgeGenderDto>,
}

pub struct AudienceApi;

fn weekday_name(d: time::Weekday) -> String {
    d.to_string().to_lowercase()
}

fn shares(b: &[socialflow_core::analytics::Bucket]) -> Vec<AgeGenderDto> {
    let total: i64 = b.iter().map(|x| x.value.max(0)).sum();
    b.iter()
        .map(|x| AgeGenderDto {
            key: x.key.clone(),
            value: x.value,
            percent: if total > 0 {
                (x.value.max(0) as f64 * 1000.0 / total as f64).round() / 10.0
            } else {
                0.0
            },
        })
        .collect()
}

#[OpenApi(tag = "Tag::Audience")]
impl AudienceApi {
    /// The best-time heatmap: average followers online per weekday and
    /// hour, in your time zone or the one given as `tz` (an IANA name; `400
    /// invalid_time_zone` otherwise), with the busiest slots.
    #[oai(path = "/accounts/:id/best-time/heatmap", method = "get")]
    async fn heatmap(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
        tz: Query<Option<String>>,
    ) -> ApiResult<Json<HeatmapReport>, { AUTH | BY_ID }> {
        let user = auth.user();
        let zone = match tz.0.as_deref() {
            None | Some("") => user.time_zone.clone(),
            Some(name) => TimeZone::parse(name).map_err(|_| {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "invalid_time_zone",
                    "tz must be an IANA time zone name such as Asia/Almaty",
                )
            })?,
        };
        let map = state
            .analytics
            .heatmap_of(auth.owner(), AccountId(id.0), &zone)
            .await
            .map_err(ApiError::from)?;
        let now = state.analytics.now();
        let slot = |s: &TopSlot| TopSlotDto {
            weekday: weekday_name(s.weekday),
            hour: s.hour,
            minute: s.minute,
            followers: s.followers,
            next_at: next_at(s, &zone, now),
        };
        Ok(Json(HeatmapReport {
            account_id: id.0,
            time_zone: zone.name().to_string(),
            weekdays: GRID_WEEKDAYS.iter().map(|d| weekday_name(*d)).collect(),
            top: map
                .as_ref()
                .map(|m| m.top.iter().map(slot).collect())
                .unwrap_or_default(),
            cells: map.map(|m| {
                m.cells
                    .iter()
                    .map(|row| row.iter().map(|v| super::nullable::Nullable(*v)).collect())
                    .collect()
            }),
        }))
    }

    /// The audience: top countries and cities with their names in your
    /// language or the one given as `lang` (`en`, `ru`, `kk`; `400
    /// invalid_language` otherwise), age and gender with shares.
    #[oai(path = "/accounts/:id/audience", method = "get")]
    async fn audience(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
        lang: Query<Option<String>>,
    ) -> ApiResult<Json<AudienceReport>, { AUTH | BY_ID }> {
        let user = auth.user();
        let lang = match lang.0.as_deref() {
            None | Some("") => user.language,
            Some(code) => code.parse::<Language>().map_err(|_| {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "invalid_language",
                    "lang must be en, ru or kk",
                )
            })?,
        };
        let a = state
            .analytics
            .audience_of(auth.owner(), AccountId(id.0))
            .await
            .map_err(ApiError::from)?;
        let names = PlaceNames::new(lang);
        let d = a.as_ref().map(|a| &a.demographics);
        Ok(Json(AudienceReport {
            account_id: id.0,
            lang: lang.code().to_string(),
            fetched_at: a.as_ref().map(|a| a.fetched_at),
            countries: d
                .map(|d| {
                    d.country
                        .iter()
                        .map(|b| PlaceDto {
                            key: b.key.clone(),
                            name: names.country(&b.key),
                            value: b.value,
                        })
                        .collect()
                })
                .unwrap_or_default(),
            cities: d
                .map(|d| {
                    d.city
                        .iter()
                        .map(|b| PlaceDto {
                            key: b.key.clone(),
                            name: names.city(&b.key),
                            value: b.value,
                        })
                        .collect()
                })
                .unwrap_or_default(),
            age: d.map(|d| shares(&d.age)).unwrap_or_default(),
            gender: d.map(|d| shares(&d.gender)).unwrap_or_default(),
        }))
    }
}
