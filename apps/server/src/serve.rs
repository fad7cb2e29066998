//! Running the server and the worker until a shutdown signal.

use std::time::Duration;

use poem::Server;
use poem::listener::TcpListener;
use socialflow_worker::{Jobs, Maintenance};
use tokio::sync::watch;

use crate::config::Config;
use crate::logging;
use crate::state::AppState;

/// How often the worker's housekeeping runs.
const WORKER_PERIOD: Duration = Duration::from_secs(60);
/// How long in-flight requests may take to finish after SIGTERM.
const GRACE: Duration = Duration::from_secs(30);

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutdown requested; finishing in-flight work");
}

/// Starts the worker's loops; returns a sender that stops them.
pub fn spawn_worker(
    state: &AppState,
    config: &Config,
) -> (watch::Sender<bool>, Vec<tokio::task::JoinHandle<()>>) {
    let (stop, rx) = watch::channel(false);
    // The retention run also removes uploads no post used for a day and
    // access logs older than 30 days (the privacy policy).
    let logs = config.logs_dir();
    let maintenance = Maintenance::new(state.store.clone(), state.clock.clone())
        .with_media(state.media.clone())
        .with_access_logs(std::sync::Arc::new(move |now| {
            logging::prune_logs_dir(&logs, now)
        }));
    let jobs = Jobs {
        maintenance,
        accounts: state.accounts.clone(),
        inbox: socialflow_worker::InboxSyncJob::new(
            state.inbox.clone(),
            state.store.clone(),
            state.clock.clone(),
        ),
        analytics: state.analytics.clone(),
    };
    let mut tasks = vec![tokio::spawn(socialflow_worker::run(
        jobs,
        WORKER_PERIOD,
        rx.clone(),
    ))];
    tasks.push(tokio::spawn(socialflow_worker::media::run_transcoder(
        state.media.clone(),
        Duration::from_secs(5),
        rx.clone(),
    )));
    let post_media = std::sync::Arc::new(socialflow_core::posts::LibraryPostMedia::new(
        state.media.clone(),
        state.store.clone(),
    ));
    let publisher_config =
        socialflow_core::posts::PublisherConfig::new(socialflow_worker::worker_id());
    // The range was checked when the configuration was read.
    let publisher_config = publisher_config
        .clone()
        .with_lease_secs(config.publish_lease_secs)
        .unwrap_or(publisher_config);
    let publisher = socialflow_core::posts::Publisher::new(
        state.store.clone(),
        state.store.clone(),
        state.store.clone(),
        state.accounts.clone(),
        post_media,
        state.clock.clone(),
        publisher_config,
    );
    let metrics = state.metrics.clone();
    tasks.push(tokio::spawn(socialflow_worker::run_publisher(
        publisher,
        Duration::from_secs(1),
        std::sync::Arc::new(move |r| metrics.observe_publishing(r)),
        rx.clone(),
    )));
    (stop, tasks)
}

/// Serves HTTP on the configured address (with the worker in-process when
/// `with_worker`) until a shutdown signal; in-flight requests finish.
pub async fn serve(config: &Config, state: AppState, with_worker: bool) -> std::io::Result<()> {
    let worker = with_worker.then(|| spawn_worker(&state, config));
    announce_setup(config, &state).await;
    tracing::info!(listen = %config.listen, public_url = %config.public_url, "SocialFlow is serving");
    let result = Server::new(TcpListener::bind(config.listen))
        .run_with_graceful_shutdown(crate::app(state), shutdown_signal(), Some(GRACE))
        .await;
    if let Some((stop, tasks)) = worker {
        let _ = stop.send(true);
        for t in tasks {
            let _ = t.await;
        }
    }
    result
}

/// Serves the worker's health and metrics on `addr` until a shutdown signal.
pub async fn serve_ops(addr: std::net::SocketAddr, state: AppState) -> std::io::Result<()> {
    Server::new(TcpListener::bind(addr))
        .run_with_graceful_shutdown(crate::app::ops_app(state), shutdown_signal(), Some(GRACE))
        .await
}

/// On a fresh install nobody can log in yet: print a one-time link that
/// lets the operator create the first administrator in the browser.
async fn announce_setup(config: &Config, state: &AppState) {
    match state.users.count().await {
        Ok(0) => {
            let url = format!("{}/setup?token={}", config.public_url, state.setup_token);
            eprintln!();
            eprintln!("  No user exists yet. Open this one-time link to create the administrator:");
            eprintln!("    {url}");
            eprintln!("  (or run: socialflow user add NAME --admin)");
            eprintln!();
        }
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "cannot count users"),
    }
}
