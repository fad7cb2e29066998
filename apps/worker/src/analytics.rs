//! The analytics jobs: each active account's daily snapshot and insights
//! (once per owner's day; several workers may race, the rows are upserted),
//! story polling, and retention of snapshots (counts only in the log).

use socialflow_core::analytics::AnalyticsService;

pub async fn run_once(analytics: &AnalyticsService) {
    match analytics.run_daily().await {
        Ok(r) if r.captured + r.failed + r.stories_polled > 0 => tracing::info!(
            captured = r.captured,
            stories_polled = r.stories_polled,
            failed = r.failed,
            "analytics snapshots"
        ),
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "analytics snapshots failed; will retry"),
    }
}
