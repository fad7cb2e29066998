//! Analytics: daily follower snapshots (kept 729 days), profile snapshots
//! (30 days), account and media insights, and the queries behind the
//! Dashboard and Analytics pages. A day is the user's day.

mod batch;
mod best_time;
pub mod collect;
mod compare;
mod etag;
mod export;
mod heatmap;
mod media_summary;
mod ports;
mod range;
mod series;
mod service;
mod ticks;
mod types;

pub use batch::{AnalyticsBatch, BATCH_ACCOUNTS, BATCH_ROWS};
pub use best_time::{
    BestTime, PostingSuggestion, best_time_to_post, local_hours, next_best_posting_time,
    posting_suggestion,
};
pub use compare::{Comparison, Delta, Kpis, compare, delta, kpis, previous_range};
pub use etag::{if_none_match, weak_etag};
pub use export::AnalyticsExporter;
pub use heatmap::{
    GRID_WEEKDAYS, Heatmap, MAX_ONLINE_SAMPLES, OnlineSample, TOP_SLOTS, TopSlot,
    best_times_this_week, heatmap, next_at, suggestion_from,
};
pub use media_summary::MediaSummary;
pub use ports::{
    AnalyticsVersionRepo, AudienceRepo, DailyInsightsRepo, FollowerSnapshotRepo, MediaMetricsRepo,
    OwnerRows, ProfileSnapshotRepo,
};
#[cfg(any(test, feature = "mocks"))]
pub use ports::{
    MockAnalyticsVersionRepo, MockAudienceRepo, MockDailyInsightsRepo, MockFollowerSnapshotRepo,
    MockMediaMetricsRepo, MockProfileSnapshotRepo,
};
pub use range::{
    DateRange, FOLLOWER_RETENTION_DAYS, PROFILE_RETENTION_DAYS, RangeError, RangePreset,
    custom_range, parse_date, range_from_params, resolve_range,
};
pub use series::{
    Growth, Point, WEEKLY_ABOVE_DAYS, WeekPoint, daily_series, follower_series, growth,
    insight_series, weekly_last, weekly_sum,
};
pub use service::{
    AnalyticsService, AnalyticsStorage, BACKFILL_DAYS, CAPTURE_RETRY_AFTER, CaptureReport,
    DailyReport, PartError, RECENT_MEDIA, RetentionReport, STORY_POLL_EVERY, retention_cutoffs,
};
pub use ticks::{Axis, nice_axis, nice_step};
pub use types::*;
