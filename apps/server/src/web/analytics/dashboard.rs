//! The dashboard's analytics per account: profile, counts, 30-day growth
//! and when each figure was last refreshed.

use socialflow_core::User;
use socialflow_core::account::Account;
use socialflow_core::accounts::AccountError;
use socialflow_core::analytics::{self as an, DateRange};
use time::Duration;

use super::charts::{self, TimeChart};
use super::format as fmt;
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::shared::format::{moment, short_day};

/// One account on the dashboard: profile, counts, 30-day growth and when
/// each figure was last refreshed.
pub struct DashboardAccount {
    pub id: String,
    pub username: String,
    pub name: Option<String>,
    pub biography: Option<String>,
    pub picture: Option<String>,
    pub followers: String,
    pub following: String,
    pub posts: String,
    pub profile_refreshed: String,
    pub growth: String,
    pub growth_class: &'static str,
    pub snapshot_taken: String,
    pub insights_fetched: String,
    /// "3 unanswered comments": top-level comments by others the account
    /// has not replied to (links to the Comments page).
    pub unanswered_comments: String,
    /// "1 unread conversation": a message newer than the owner's last look
    /// (links to the Messages page).
    pub unread_conversations: String,
    /// When the inbox (comments, messages) was last fetched, or "not available".
    pub inbox_refreshed: String,
    pub chart: TimeChart,
    pub needs_reconnect: bool,
}

pub async fn dashboard_accounts(
    state: &AppState,
    user: &User,
    accounts: &[Account],
) -> Result<Vec<DashboardAccount>, AccountError> {
    let tr = Tr::new(user.language);
    let today = state.analytics.today(user);
    let range = DateRange {
        from: today - Duration::days(29),
        to: today,
    };
    let syncing = crate::web::live::syncing::syncing_accounts(state, user.id).await;
    let mut out = Vec::new();
    for a in accounts {
        let snapshots = state.analytics.followers(user.id, a.id, range).await?;
        let insights = state.analytics.insights(user.id, a.id, range).await?;
        let points = an::follower_series(range, &snapshots);
        let growth = an::growth(&points);
        let labels: Vec<String> = points.iter().map(|p| short_day(tr.lang, p.day)).collect();
        let inbox = state
            .inbox
            .account_counts(user.id, a.id)
            .await
            .map_err(|e| AccountError::Internal(e.into()))?;
        let inbox_refreshed = state
            .inbox
            .refreshed_at(user.id, a.id)
            .await
            .map_err(|e| AccountError::Internal(e.into()))?;
        let na = || tr.t("analytics-na");
        let count = |n: Option<i64>| fmt::count(&tr, n);
        // While the first sync runs, "fetching" rather than a wrong 0.
        let first_sync = syncing.contains(&a.id);
        out.push(DashboardAccount {
            unanswered_comments: if first_sync {
                tr.t("live-syncing-comments")
            } else {
                tr.t1(
                    "dashboard-unanswered-comments",
                    "count",
                    i64::try_from(inbox.unanswered_comments).unwrap_or(i64::MAX),
                )
            },
            unread_conversations: if first_sync {
                tr.t("live-syncing-messages")
            } else {
                tr.t1(
                    "dashboard-unread-conversations",
                    "count",
                    i64::try_from(inbox.unread_conversations).unwrap_or(i64::MAX),
                )
            },
            inbox_refreshed: inbox_refreshed
                .map_or_else(na, |t| moment(tr.lang, &user.time_zone, t)),
            id: a.id.to_string(),
            username: a.profile.username.clone(),
            name: a.profile.name.clone(),
            biography: a.profile.biography.clone(),
            picture: a
                .profile
                .profile_picture_url
                .clone()
                .filter(|u| u.starts_with("https://")),
            followers: count(a.profile.followers_count),
            following: count(a.profile.follows_count),
            posts: count(a.profile.media_count),
            profile_refreshed: moment(tr.lang, &user.time_zone, a.profile_fetched_at),
            growth: growth.map_or_else(na, |g| fmt::change(&tr, Some(g.change))),
            growth_class: match growth.map(|g| g.change) {
                Some(c) if c > 0 => "good",
                Some(c) if c < 0 => "bad",
                _ => "",
            },
            snapshot_taken: snapshots
                .iter()
                .map(|s| s.taken_at)
                .max()
                .map_or_else(na, |t| moment(tr.lang, &user.time_zone, t)),
            insights_fetched: insights
                .iter()
                .map(|r| r.fetched_at)
                .max()
                .map_or_else(na, |t| moment(tr.lang, &user.time_zone, t)),
            chart: charts::lines(
                &labels,
                &[("followers", points.iter().map(|p| p.value).collect())],
            ),
            needs_reconnect: a.status == socialflow_core::account::AccountStatus::NeedsReconnect,
        });
    }
    Ok(out)
}
