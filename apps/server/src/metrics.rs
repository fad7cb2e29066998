//! Prometheus metrics at `/metrics`: HTTP requests and latencies, Instagram
//! calls and errors by class, rate-limit usage, accounts by status. Later
//! features add posts by state and publish lag.

use std::sync::atomic::AtomicU64;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use socialflow_core::instagram::InstagramError;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct HttpLabels {
    pub method: String,
    /// `2xx`, `3xx`, `4xx` or `5xx`: low cardinality on purpose.
    pub status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct MethodLabels {
    pub method: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct GraphLabels {
    pub operation: String,
    /// `ok` or the error class (`token_invalid`, `rate_limited`, …).
    pub outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct StatusLabels {
    pub status: String,
}

pub struct Metrics {
    registry: Registry,
    pub http_requests: Family<HttpLabels, Counter>,
    pub http_seconds: Family<MethodLabels, Histogram>,
    pub graph_calls: Family<GraphLabels, Counter>,
    /// The highest rate-limit usage (percent) Instagram reported recently.
    pub graph_usage_peak: Gauge<f64, AtomicU64>,
    pub accounts: Family<StatusLabels, Gauge>,
    pub posts: Family<StateLabels, Gauge>,
    pub posts_published: Counter,
    pub posts_failed: Counter,
    pub publish_lag_seconds: Histogram,
    /// Access-log lines dropped (read from the log writer when rendered).
    access_log_dropped: Gauge,
    /// Transactions the SQL adapter ran again after MariaDB chose them as a
    /// deadlock's victim (read from the adapter when rendered).
    deadlock_retries: Gauge,
    /// Automation jobs by outcome: matched (stored), sent, partly_failed,
    /// failed, retried, already_sent (a retry found the earlier send).
    pub automation_jobs: Family<StateLabels, Counter>,
    /// Pending and running automation jobs.
    pub automation_open_jobs: Gauge,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct StateLabels {
    pub state: String,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("socialflow");
        let http_requests = Family::<HttpLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered",
            http_requests.clone(),
        );
        let http_seconds = Family::<MethodLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.0005, 2.0, 16))
        });
        registry.register(
            "http_request_duration_seconds",
            "Time to answer HTTP requests",
            http_seconds.clone(),
        );
        let graph_calls = Family::<GraphLabels, Counter>::default();
        registry.register(
            "instagram_calls",
            "Calls to Instagram by operation and outcome",
            graph_calls.clone(),
        );
        let graph_usage_peak = Gauge::<f64, AtomicU64>::default();
        registry.register(
            "instagram_rate_limit_usage_percent",
            "Highest rate-limit usage Instagram reported in its usage headers",
            graph_usage_peak.clone(),
        );
        let accounts = Family::<StatusLabels, Gauge>::default();
        registry.register(
            "accounts",
            "Connected Instagram accounts by status",
            accounts.clone(),
        );
        let posts = Family::<StateLabels, Gauge>::default();
        registry.register("posts", "Posts by state", posts.clone());
        let posts_published = Counter::default();
        registry.register(
            "posts_published",
            "Posts this process published",
            posts_published.clone(),
        );
        let posts_failed = Counter::default();
        registry.register(
            "posts_failed",
            "Posts this process gave up on",
            posts_failed.clone(),
        );
        let publish_lag_seconds = Histogram::new(exponential_buckets(0.05, 2.0, 14));
        registry.register(
            "publish_lag_seconds",
            "Time from a post's scheduled second to its publication",
            publish_lag_seconds.clone(),
        );
        let access_log_dropped = Gauge::default();
        registry.register(
            "access_log_dropped_lines",
            "Access-log lines dropped because the log writer fell behind (requests never wait for it)",
            access_log_dropped.clone(),
        );
        let deadlock_retries = Gauge::default();
        registry.register(
            "database_deadlock_retries",
            "Database transactions run again since start after losing a deadlock (MariaDB)",
            deadlock_retries.clone(),
        );
        let automation_jobs = Family::<StateLabels, Counter>::default();
        registry.register(
            "automation_jobs",
            "Automation jobs by outcome",
            automation_jobs.clone(),
        );
        let automation_open_jobs = Gauge::default();
        registry.register(
            "automation_open_jobs",
            "Automation jobs pending or running",
            automation_open_jobs.clone(),
        );
        Self {
            access_log_dropped,
            deadlock_retries,
            registry,
            automation_jobs,
            automation_open_jobs,
            posts,
            posts_published,
            posts_failed,
            publish_lag_seconds,
            http_requests,
            http_seconds,
            graph_calls,
            graph_usage_peak,
            accounts,
        }
    }

    pub fn observe_http(&self, method: &str, status: u16, seconds: f64) {
        self.http_requests
            .get_or_create(&HttpLabels {
                method: method.to_string(),
                status: format!("{}xx", status / 100),
            })
            .inc();
        self.http_seconds
            .get_or_create(&MethodLabels {
                method: method.to_string(),
            })
            .observe(seconds);
    }

    pub fn observe_graph(&self, operation: &str, outcome: &str) {
        self.graph_calls
            .get_or_create(&GraphLabels {
                operation: operation.to_string(),
                outcome: outcome.to_string(),
            })
            .inc();
    }

    /// The Prometheus text exposition.
    /// Records a publishing pass (the worker's report hook).
    pub fn observe_publishing(&self, report: &socialflow_core::posts::PublishReport) {
        self.posts_published.inc_by(u64::from(report.published));
        self.posts_failed.inc_by(u64::from(report.failed));
        for lag in &report.lags {
            self.publish_lag_seconds
                .observe(lag.as_seconds_f64().max(0.0));
        }
    }

    /// Records an automation pass (the worker's hook).
    pub fn observe_automation(
        &self,
        report: &socialflow_core::automation::engine::RunReport,
        open: Option<u64>,
    ) {
        for (state, n) in [
            ("sent", report.sent),
            ("partly_failed", report.partly_failed),
            ("failed", report.failed),
            ("retried", report.retried),
            ("already_sent", report.already_sent),
        ] {
            if n > 0 {
                self.automation_jobs
                    .get_or_create(&StateLabels {
                        state: state.to_string(),
                    })
                    .inc_by(u64::from(n));
            }
        }
        if let Some(open) = open {
            self.automation_open_jobs
                .set(i64::try_from(open).unwrap_or(i64::MAX));
        }
    }

    /// Counts jobs stored from events.
    pub fn observe_automation_matched(&self, n: u32) {
        self.automation_jobs
            .get_or_create(&StateLabels {
                state: "matched".to_string(),
            })
            .inc_by(u64::from(n));
    }

    pub fn render(&self) -> String {
        self.access_log_dropped.set(
            i64::try_from(crate::access_log_drops::access_log_dropped_lines()).unwrap_or(i64::MAX),
        );
        self.deadlock_retries
            .set(i64::try_from(socialflow_sql::deadlock_retries()).unwrap_or(i64::MAX));
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}

/// The outcome label for an Instagram call's result.
pub fn outcome_of(e: &InstagramError) -> &'static str {
    match e {
        InstagramError::TokenInvalid { .. } => "token_invalid",
        InstagramError::RateLimited { .. } => "rate_limited",
        InstagramError::Transient { .. } => "transient",
        InstagramError::MediaRejected { .. } => "media_rejected",
        InstagramError::PermissionMissing { .. } => "permission_missing",
        InstagramError::NotFound { .. } => "not_found",
        InstagramError::OutsideMessagingWindow => "outside_window",
        InstagramError::RecipientUnavailable => "recipient_unavailable",
        InstagramError::AlreadyRepliedPrivately => "already_replied_privately",
        InstagramError::ContainerNotReady => "container_not_ready",
        InstagramError::QuotaReached => "quota_reached",
        InstagramError::OAuth { .. } => "oauth",
        InstagramError::Invalid { .. } => "invalid",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_prometheus_text() {
        let m = Metrics::new();
        m.observe_http("GET", 200, 0.002);
        m.observe_http("GET", 404, 0.001);
        m.observe_graph("profile", "ok");
        m.observe_graph("profile", outcome_of(&InstagramError::QuotaReached));
        let text = m.render();
        assert!(
            text.contains("socialflow_http_requests_total{method=\"GET\",status=\"2xx\"} 1"),
            "{text}"
        );
        assert!(text.contains("socialflow_http_requests_total{method=\"GET\",status=\"4xx\"} 1"));
        assert!(text.contains(
            "socialflow_instagram_calls_total{operation=\"profile\",outcome=\"quota_reached\"} 1"
        ));
        assert!(text.contains("socialflow_http_request_duration_seconds_bucket"));
        // The adapter's count, as it stands in this process.
        assert!(text.contains(&format!(
            "socialflow_database_deadlock_retries {}",
            socialflow_sql::deadlock_retries()
        )));
        assert!(text.ends_with("# EOF\n"));
    }
}
