//! `serve --demo`: SocialFlow against a built-in simulation of Instagram, with
//! a demo user and a connected demo account, so anyone can look around
//! without an Instagram app. Nothing leaves the machine.
//!
//! The simulation's app secret is random at every start (a fixed one would
//! let anyone who reaches the server forge Meta's deletion callbacks and
//! webhooks), and the demo listens on loopback unless an address is given
//! with `--listen`.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use socialflow_core::crypto::SecretMinter;
use socialflow_core::instagram::LongLivedToken;
use socialflow_core::user::Role;
use socialflow_core::users::UserError;
use socialflow_core::{Language, RequestContext};
use socialflow_crypto::RandomMinter;
use socialflow_fake_graph::{FakeGraph, FakeGraphConfig, RunningFakeGraph, SeededAccount};

use crate::config::Config;
use crate::state::AppState;
use crate::wiring::StartupError;

pub const DEMO_USER: &str = "demo";

/// The running simulation; keep it alive while serving.
pub struct Demo {
    pub fake: FakeGraph,
    pub account: SeededAccount,
    _running: RunningFakeGraph,
}

/// Where the demo listens, and what to tell the operator about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoListen {
    pub addr: SocketAddr,
    /// Printed at start-up when the address is not the one configured, or
    /// when other machines can reach the demo.
    pub warning: Option<String>,
}

/// The demo's address: `--listen` if given (with a warning unless it is a
/// loopback address), else loopback on the configured port
/// (`SOCIALFLOW_LISTEN` is for real deployments; the Docker image sets it to
/// `0.0.0.0`).
pub fn listen_address(configured: SocketAddr, explicit: Option<SocketAddr>) -> DemoListen {
    match explicit {
        Some(addr) if addr.ip().is_loopback() => DemoListen {
            addr,
            warning: None,
        },
        Some(addr) => DemoListen {
            addr,
            warning: Some(format!(
                "WARNING: the demo listens on {addr}, so other machines may reach it. \
                 Anyone who can reach it can try to log in as \"{DEMO_USER}\" and sees the \
                 demo data. Use it on a network you trust (in a container, publish the \
                 port to 127.0.0.1 only: -p 127.0.0.1:{port}:{port}).",
                port = addr.port()
            )),
        },
        None if configured.ip().is_loopback() => DemoListen {
            addr: configured,
            warning: None,
        },
        None => {
            let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, configured.port()));
            DemoListen {
                addr,
                warning: Some(format!(
                    "The demo listens on {addr} only, not on {configured} (SOCIALFLOW_LISTEN). \
                     To let other machines in, pass --listen {configured}."
                )),
            }
        }
    }
}

/// Starts the simulated Instagram and points the configuration at it.
pub async fn start(config: &mut Config) -> Result<Demo, StartupError> {
    let fake = FakeGraph::new(FakeGraphConfig {
        video_processing: Duration::from_secs(5),
        // Signs OAuth exchanges, deletion callbacks and webhooks: random,
        // never the fake's fixed default.
        app_secret: RandomMinter.mint().expose_secret().to_string(),
        // "Connect Instagram" lets the person choose: the demo account is
        // the demo user's, so others pick a new copy of it.
        account_chooser: true,
        ..FakeGraphConfig::default()
    });
    let running = fake
        .start()
        .await
        .map_err(|e| StartupError::Io(format!("cannot start the simulated Instagram: {e}")))?;
    let account = fake.seed_demo();
    fake.consent_as(&account);
    let ig = &mut config.instagram;
    ig.app_id = Some(fake.config().app_id.clone());
    ig.app_secret = Some(SecretString::from(fake.config().app_secret.clone()));
    ig.graph_base_url = running.base_url.clone();
    ig.oauth_base_url = running.base_url.clone();
    tracing::info!(url = %running.base_url, "demo mode: simulated Instagram started");
    Ok(Demo {
        fake,
        account,
        _running: running,
    })
}

/// Creates (or resets) the demo user, connects the demo account to it and
/// prints the one-time password.
pub async fn seed(state: &AppState, demo: &Demo) -> Result<(), StartupError> {
    state.mark_demo();
    let ctx = RequestContext::cli();
    // A fresh password every start, shown once.
    let password = RandomMinter.mint();
    let user = match state
        .users
        .create_user(DEMO_USER, password.clone(), Role::Admin, Language::En, &ctx)
        .await
    {
        Ok(u) => u,
        Err(UserError::UsernameTaken(_)) => {
            state
                .users
                .reset_password(DEMO_USER, password.clone(), &ctx)
                .await
                .map_err(user_error)?;
            state.users.find(DEMO_USER).await.map_err(user_error)?
        }
        Err(e) => return Err(user_error(e)),
    };
    let token = LongLivedToken {
        token: SecretString::from(demo.fake.issue_token(&demo.account)),
        expires_in: time::Duration::days(60),
        permissions: None,
    };
    if let Err(e) = state.accounts.attach(user.id, token, None, &ctx).await {
        tracing::warn!(error = %e, "demo mode: cannot connect the demo account");
    }
    eprintln!();
    eprintln!("  Demo mode: Instagram is simulated on this machine; nothing is sent anywhere.");
    eprintln!(
        "  Log in as \"{DEMO_USER}\" with the one-time password: {}",
        password.expose_secret()
    );
    eprintln!();
    Ok(())
}

fn user_error(e: UserError) -> StartupError {
    StartupError::Io(format!("demo mode: {e}"))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn addr(s: &str) -> SocketAddr {
        s.parse().unwrap()
    }

    #[test]
    fn the_demo_listens_on_loopback_unless_told_otherwise() {
        let l = listen_address(addr("0.0.0.0:8080"), None);
        assert_eq!(l.addr, addr("127.0.0.1:8080"));
        assert!(l.warning.unwrap().contains("--listen 0.0.0.0:8080"));
        let l = listen_address(addr("127.0.0.1:9000"), None);
        assert_eq!((l.addr, l.warning), (addr("127.0.0.1:9000"), None));
        let l = listen_address(addr("[::1]:9000"), None);
        assert_eq!((l.addr, l.warning), (addr("[::1]:9000"), None));
        let l = listen_address(addr("127.0.0.1:8080"), Some(addr("127.0.0.1:7000")));
        assert_eq!((l.addr, l.warning), (addr("127.0.0.1:7000"), None));
        // Told otherwise: as asked, with a warning.
        let l = listen_address(addr("127.0.0.1:8080"), Some(addr("0.0.0.0:8080")));
        assert_eq!(l.addr, addr("0.0.0.0:8080"));
        assert!(l.warning.unwrap().starts_with("WARNING"));
    }

    #[tokio::test]
    async fn every_start_has_its_own_app_secret() {
        let mut config = Config::from_lookup(|_| None).expect("config");
        let one = start(&mut config).await.expect("demo");
        let first = config
            .instagram
            .app_secret
            .as_ref()
            .expect("secret")
            .expose_secret()
            .to_string();
        assert_eq!(first, one.fake.config().app_secret);
        let _two = start(&mut config).await.expect("demo");
        let second = config.instagram.app_secret.as_ref().expect("secret");
        assert_ne!(first, second.expose_secret());
        for s in [first.as_str(), second.expose_secret()] {
            assert_ne!(s, FakeGraphConfig::default().app_secret);
            assert!(s.len() >= 40, "{s}");
        }
    }
}
