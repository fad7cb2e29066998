//! The composition root: from configuration to the adapters, from the
//! adapters to [`Services`], and from those to what each process runs:
//! `serve` wraps them in an [`AppState`] ([`build_state`]), `socialflow
//! worker` runs its loops on [`Services`] alone ([`build_services`]), and
//! the operator's commands take the slice they need ([`management`],
//! [`operator_eraser`]: the database only, no master key).

mod adapters;
mod error;
mod graph;
mod operator;
mod s3_media;
pub use s3_media::{s3_media_library, s3_store};

use std::sync::Arc;

use socialflow_core::auth_cache::{AUTH_CACHE_CAPACITY, AuthCache};
use socialflow_core::crypto::TokenCipher;
use socialflow_core::instagram::InstagramApi;
use socialflow_core::media::MediaLibrary;
use socialflow_core::meta::SignedRequestVerifier;
use socialflow_core::posts::{LibraryPostMedia, PostMedia};
use socialflow_core::throttle::ThrottlePolicy;
use socialflow_core::time_window::TimeWindow;
use socialflow_core::{Store, SystemClock};
use socialflow_crypto::{BcryptHasher, MasterKey, MetaSignedRequestVerifier, RandomMinter};

pub use adapters::{
    configured_media_library, create_private_dir, instagram_adapter, load_master_key,
    media_library, open_store, token_cipher,
};
pub use error::StartupError;
pub use operator::{configured_operator_eraser, management, management_on, operator_eraser};

use crate::config::Config;
use crate::inbox_settings::InboxSettings;
use crate::services::{Deps, Services};
use crate::state::{AppState, WebSettings};

/// Production dependencies over an opened store.
// One argument per adapter the environment decides; a builder would only
// rename them.
#[allow(clippy::too_many_arguments)]
pub fn production_deps(
    store: Arc<dyn Store>,
    instagram: Arc<dyn InstagramApi>,
    instagram_configured: bool,
    cipher: Arc<dyn TokenCipher>,
    signed_requests: Arc<dyn SignedRequestVerifier>,
    media: MediaLibrary,
    inbox: InboxSettings,
    post_media: Arc<dyn PostMedia>,
) -> Result<Deps, StartupError> {
    Ok(Deps {
        media,
        store,
        hasher: Arc::new(BcryptHasher::new(BcryptHasher::PRODUCTION_COST)?),
        minter: Arc::new(RandomMinter),
        clock: Arc::new(SystemClock),
        throttle: ThrottlePolicy::default(),
        instagram,
        cipher,
        instagram_configured,
        signed_requests,
        inbox,
        post_media,
    })
}

pub fn web_settings(config: &Config, key: &MasterKey) -> WebSettings {
    WebSettings {
        public_url: config.public_url.clone(),
        secure_cookies: config.secure_cookies(),
        trust_proxy: config.trust_proxy,
        csrf_key: key.derive("csrf"),
        body_limit: 64 * 1024,
        metrics_token: config.metrics_token.clone(),
    }
}

/// Every service a process needs, from the configuration and the master
/// key (the web server derives its CSRF key from the same key).
pub async fn build_services(config: &Config, key: &MasterKey) -> Result<Services, StartupError> {
    let cipher = Arc::new(token_cipher(config, key)?);
    let (instagram, configured) = instagram_adapter(config)?;
    let store = open_store(config).await?;
    create_private_dir(&config.media_dir)?;
    let media = configured_media_library(config, store.clone(), key)?;
    let post_media = Arc::new(LibraryPostMedia::new(media.clone(), store.clone()));
    let deps = production_deps(
        store,
        instagram,
        configured,
        cipher,
        Arc::new(MetaSignedRequestVerifier::new(
            config.instagram.app_secret.clone(),
        )),
        media,
        InboxSettings::new(
            config.instagram.app_secret.clone(),
            config.webhook_verify_token.clone(),
            config.human_agent,
        ),
        post_media,
    )?;
    let window = TimeWindow::new(config.schedule_horizon_days);
    let mailer = config
        .mail
        .clone()
        .map(|m| Arc::new(m) as Arc<dyn socialflow_core::notifications::Mailer>);
    let mut services = Services::with_window(deps, window);
    services.auth = services.auth.with_cache(Arc::new(AuthCache::new(
        time::Duration::seconds(i64::from(config.auth_cache_secs)),
        AUTH_CACHE_CAPACITY,
    )));
    Ok(services
        .with_privacy(config.privacy.clone())
        .with_mailer(mailer, &config.public_url)
        .with_outgoing_webhooks(config.outgoing_webhooks))
}

/// The web server's state: the services plus the web-only settings.
pub async fn build_state(config: &Config) -> Result<AppState, StartupError> {
    let key = load_master_key(config)?;
    let services = build_services(config, &key).await?;
    Ok(AppState::from_services(
        services,
        web_settings(config, &key),
    ))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config;

    fn sqlite_config(dir: &Path) -> Config {
        let d = dir.display().to_string();
        Config::from_lookup(|k| (k == config::DATA_DIR).then(|| d.clone())).expect("config")
    }

    #[test]
    fn embedded_mode_generates_a_private_master_key_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let config = sqlite_config(dir.path());
        let first = load_master_key(&config).expect("generated");
        let path = dir.path().join("master.key");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        let second = load_master_key(&config).expect("read back");
        assert_eq!(first.derive("x"), second.derive("x"));
    }

    #[test]
    fn mariadb_without_a_key_is_a_config_error() {
        let config = Config::from_lookup(|k| {
            (k == config::DATABASE_URL).then(|| "mysql://root@127.0.0.1/x".to_string())
        })
        .expect("config");
        let err = load_master_key(&config).expect_err("must fail");
        assert!(
            err.to_string().starts_with("SOCIALFLOW_MASTER_KEY: "),
            "{err}"
        );
    }

    #[test]
    fn a_malformed_key_names_the_variable() {
        let config =
            Config::from_lookup(|k| (k == config::MASTER_KEY).then(|| "not-base64!".to_string()))
                .expect("config");
        let err = load_master_key(&config).expect_err("must fail");
        assert!(
            err.to_string().starts_with("SOCIALFLOW_MASTER_KEY: "),
            "{err}"
        );
    }

    #[tokio::test]
    async fn the_schedule_horizon_reaches_the_post_service() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path().display().to_string();
        let config = Config::from_lookup(|k| match k {
            config::DATA_DIR => Some(d.clone()),
            config::SCHEDULE_HORIZON_DAYS => Some("30".into()),
            _ => None,
        })
        .expect("config");
        let state = build_state(&config).await.expect("state");
        assert_eq!(state.posts.window().horizon_days(), 30);
    }
}
