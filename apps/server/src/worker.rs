//! The background worker's loops, started from [`Services`] alone: the same
//! code runs inside `socialflow serve` and as `socialflow worker`, and
//! neither builds web state for it.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use socialflow_core::posts::PublisherConfig;
use socialflow_worker::Jobs;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::config::Config;
use crate::logging;
use crate::services::Services;

/// How often the worker's housekeeping runs.
const WORKER_PERIOD: Duration = Duration::from_secs(60);

/// What the worker takes from the configuration.
#[derive(Debug, Clone)]
pub struct WorkerSettings {
    /// Access logs older than 30 days are removed from here.
    pub logs_dir: PathBuf,
    /// Seconds a worker holds a post without renewing.
    pub publish_lease_secs: i64,
    /// Seconds a worker holds an automation job's next action.
    pub automation_lease_secs: i64,
    /// Posts worked on at once (and claimed at most per query).
    pub publish_concurrency: usize,
    /// Seconds an account's quota answer lets more posts skip the check.
    pub publish_quota_cache_secs: u32,
}

impl WorkerSettings {
    pub fn from_config(config: &Config) -> Self {
        Self {
            logs_dir: config.logs_dir(),
            publish_lease_secs: config.publish_lease_secs,
            automation_lease_secs: config.automation_lease_secs,
            publish_concurrency: config.publish_concurrency,
            publish_quota_cache_secs: config.publish_quota_cache_secs,
        }
    }
}

/// The running loops; [`Worker::stop`] ends them after their current step.
pub struct Worker {
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl Worker {
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        for t in self.tasks {
            let _ = t.await;
        }
    }
}

/// Starts the worker's loops: housekeeping, token refresh, inbox and
/// analytics sync, transcoding, and publishing.
pub fn spawn(services: &Services, settings: &WorkerSettings) -> Worker {
    let (stop, rx) = watch::channel(false);
    // The retention run also removes uploads no post used for a day and
    // access logs older than 30 days (the privacy policy).
    let logs = settings.logs_dir.clone();
    let maintenance = services
        .maintenance()
        .with_access_logs(Arc::new(move |now| logging::prune_logs_dir(&logs, now)));
    let jobs = Jobs {
        maintenance,
        accounts: services.accounts.clone(),
        inbox: services.inbox_sync(),
        analytics: services.analytics.clone(),
    };
    let mut tasks = vec![tokio::spawn(socialflow_worker::run(
        jobs,
        WORKER_PERIOD,
        rx.clone(),
    ))];
    tasks.push(tokio::spawn(socialflow_worker::media::run_transcoder(
        services.media.clone(),
        Duration::from_secs(5),
        rx.clone(),
    )));
    let mut publisher_config = PublisherConfig::new(socialflow_worker::worker_id());
    // The ranges were checked when the configuration was read.
    publisher_config.concurrency = settings.publish_concurrency.max(1);
    publisher_config.batch = u32::try_from(publisher_config.concurrency).unwrap_or(u32::MAX);
    publisher_config.quota_cache =
        time::Duration::seconds(i64::from(settings.publish_quota_cache_secs));
    let publisher_config = publisher_config
        .clone()
        .with_lease_secs(settings.publish_lease_secs)
        .unwrap_or(publisher_config);
    let metrics = services.metrics.clone();
    // A failed post rings the notification loop, so its notice (and
    // e-mail) go out at once rather than with the 5-minute pass.
    let wake: socialflow_worker::Wake = Arc::new(tokio::sync::Notify::new());
    let ring = wake.clone();
    tasks.push(tokio::spawn(socialflow_worker::run_publisher(
        services.publisher(publisher_config),
        Duration::from_secs(1),
        Arc::new(move |r| {
            metrics.observe_publishing(r);
            if r.failed > 0 {
                ring.notify_one();
            }
        }),
        rx.clone(),
    )));
    // Approvals: posts still in review at their time expire (checked every
    // 5 s; each move is conditional, so any number of workers may sweep).
    tasks.push(tokio::spawn(run_review_expiry(
        services.approvals(),
        Duration::from_secs(5),
        rx.clone(),
    )));
    // Notifications: e-mails and reconnect notices every 15 s, failed
    // posts when the publisher rings, every producer every 5 minutes.
    tasks.push(tokio::spawn(socialflow_worker::run_notifications(
        socialflow_worker::NotificationJob {
            producer: services.notification_producer(),
            service: services.notifications.clone(),
            worker_id: socialflow_worker::worker_id(),
        },
        Duration::from_secs(15),
        20,
        wake,
        rx.clone(),
    )));
    // Automation: due jobs every 250 ms and as soon as this process stores
    // one (a webhook in `serve`, the sync), the log's retention hourly.
    let metrics = services.metrics.clone();
    let engine = services.automation_engine();
    let policy = socialflow_core::automation::engine::EnginePolicy {
        lease: time::Duration::seconds(settings.automation_lease_secs),
        ..*engine.policy()
    };
    tasks.push(tokio::spawn(socialflow_worker::run_automation(
        engine.with_policy(policy),
        socialflow_worker::worker_id(),
        Duration::from_millis(250),
        14_400,
        Arc::new(move |r, open| metrics.observe_automation(r, open)),
        services.automation_wake.clone(),
        rx.clone(),
    )));
    // Outgoing webhooks: due deliveries every second, retention hourly.
    match services.webhook_dispatcher() {
        Ok(dispatcher) => tasks.push(tokio::spawn(socialflow_worker::run_webhooks(
            dispatcher,
            socialflow_worker::worker_id(),
            Duration::from_secs(1),
            3_600,
            rx.clone(),
        ))),
        Err(e) => tracing::error!(error = %e, "outgoing webhooks cannot start"),
    }
    Worker { stop, tasks }
}

/// Expires posts left in review past their time until `shutdown`.
async fn run_review_expiry(
    approvals: socialflow_core::approvals::ApprovalService,
    period: Duration,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        match approvals.expire_overdue(100).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(expired = n, "posts expired without approval"),
            Err(e) => tracing::warn!(error = %e, "the review expiry sweep failed; retrying"),
        }
        tokio::select! {
            _ = tokio::time::sleep(period) => {}
            _ = shutdown.changed() => {}
        }
        if *shutdown.borrow() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use crate::config;

    /// `socialflow worker` starts from the database and the data directory
    /// alone: no public URL, listen address, cookies or CSRF key, and no
    /// web state (its entry point takes `Services`).
    #[tokio::test]
    async fn the_worker_runs_on_services_without_web_settings() {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = dir.path().display().to_string();
        let config =
            Config::from_lookup(|k| (k == config::DATA_DIR).then(|| data.clone())).expect("config");
        let key = crate::wiring::load_master_key(&config).expect("key");
        let services = crate::wiring::build_services(&config, &key)
            .await
            .expect("services");
        let worker = spawn(&services, &WorkerSettings::from_config(&config));

        let ops = poem::test::TestClient::new(crate::app::ops_app(crate::ops::Ops {
            services: services.clone(),
            metrics_token: None,
        }));
        let ready = ops.get("/readyz").send().await;
        ready.assert_status_is_ok();
        ready.assert_text("ready").await;
        // The first pass of every loop ran on these services.
        tokio::time::sleep(Duration::from_millis(200)).await;
        worker.stop().await;
    }
}
