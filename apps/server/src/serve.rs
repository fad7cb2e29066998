//! Running the server and the worker until a shutdown signal.

use std::time::Duration;

use poem::Server;
use poem::listener::TcpListener;

use crate::config::Config;
use crate::ops::Ops;
use crate::state::AppState;
use crate::worker::{self, WorkerSettings};
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

/// Serves HTTP on the configured address (with the worker in-process when
/// `with_worker`) until a shutdown signal; in-flight requests finish.
pub async fn serve(config: &Config, state: AppState, with_worker: bool) -> std::io::Result<()> {
    let worker =
        with_worker.then(|| worker::spawn(&state.services, &WorkerSettings::from_config(config)));
    announce_setup(config, &state).await;
    tracing::info!(listen = %config.listen, public_url = %config.public_url, "SocialFlow is serving");
    let result = Server::new(TcpListener::bind(config.listen))
        .run_with_graceful_shutdown(crate::app(state), shutdown_signal(), Some(GRACE))
        .await;
    if let Some(worker) = worker {
        worker.stop().await;
    }
    result
}

/// Serves the worker's health and metrics on `addr` until a shutdown signal.
pub async fn serve_ops(addr: std::net::SocketAddr, ops: Ops) -> std::io::Result<()> {
    Server::new(TcpListener::bind(addr))
        .run_with_graceful_shutdown(crate::app::ops_app(ops), shutdown_signal(), Some(GRACE))
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
