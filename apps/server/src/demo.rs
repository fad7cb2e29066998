//! `serve --demo`: SocialFlow against a built-in simulation of Instagram, with
//! a demo user and a connected demo account, so anyone can look around
//! without an Instagram app. Nothing leaves the machine.

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

/// Starts the simulated Instagram and points the configuration at it.
pub async fn start(config: &mut Config) -> Result<Demo, StartupError> {
    let fake = FakeGraph::new(FakeGraphConfig {
        video_processing: Duration::from_secs(5),
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
