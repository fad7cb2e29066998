//! The composition root: from configuration to a running set of adapters.

use std::path::Path;
use std::sync::Arc;

use secrecy::ExposeSecret;
use socialflow_core::Clock;
use socialflow_core::auth::AuthService;
use socialflow_core::crypto::TokenCipher;
use socialflow_core::instagram::InstagramApi;
use socialflow_core::media::{MediaDeps, MediaLibrary, MediaSettings, is_real_instagram};
use socialflow_core::meta::SignedRequestVerifier;
use socialflow_core::password::PasswordHasher;
use socialflow_core::posts::PostMedia;
use socialflow_core::throttle::ThrottlePolicy;
use socialflow_core::users::UserService;
use socialflow_core::{Store, SystemClock};
use socialflow_crypto::{
    AesSivTokenCipher, BcryptHasher, HmacUrlSigner, MasterKey, MetaSignedRequestVerifier,
    RandomMinter,
};
use socialflow_fs_media::{FfmpegTranscoder, FsMediaStore, HttpReachability};

use crate::unconfigured::UnconfiguredInstagram;
use socialflow_mariadb::MariaDbStore;
use socialflow_sqlite::SqliteStore;

use crate::config::{self, Config, ConfigError, DatabaseKind};
use crate::state::{AppState, Deps, WebSettings};

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("{0}")]
    Io(String),
    #[error("database: {0}")]
    Database(#[from] socialflow_core::StoreError),
    #[error("password hasher: {0}")]
    Hasher(#[from] socialflow_core::password::HashError),
}

/// Opens the database named by the configuration and applies migrations.
pub async fn open_store(config: &Config) -> Result<Arc<dyn Store>, StartupError> {
    let store: Arc<dyn Store> = match config.database_kind {
        DatabaseKind::Sqlite => {
            create_private_dir(&config.data_dir)?;
            let store = SqliteStore::connect(&config.database_url)
                .await
                .map_err(|e| db_error(config, e))?;
            restrict_database_file(&config.database_url);
            Arc::new(store)
        }
        DatabaseKind::MariaDb => Arc::new(
            MariaDbStore::connect(&config.database_url)
                .await
                .map_err(|e| db_error(config, e))?,
        ),
    };
    store.migrate().await?;
    Ok(store)
}

/// Creates the data directory readable only by its owner (it holds the
/// database and the master key). An existing directory is left as it is.
pub fn create_private_dir(dir: &Path) -> Result<(), StartupError> {
    if dir.exists() {
        return Ok(());
    }
    std::fs::create_dir_all(dir).map_err(|e| {
        StartupError::Io(format!(
            "{}: cannot create {}: {e}",
            config::DATA_DIR,
            dir.display()
        ))
    })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| StartupError::Io(format!("cannot restrict {}: {e}", dir.display())))?;
    }
    Ok(())
}

/// The database holds password hashes: only its owner may read it. SQLite
/// gives its -wal and -shm files the database file's mode.
fn restrict_database_file(url: &str) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let path = url
            .trim_start_matches("sqlite://")
            .trim_start_matches("sqlite:");
        let path = path.split('?').next().unwrap_or(path);
        if let Err(e) = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)) {
            tracing::warn!(error = %e, path, "cannot restrict the database file to its owner");
        }
    }
}

fn db_error(_config: &Config, e: socialflow_core::StoreError) -> StartupError {
    StartupError::Config(ConfigError::new(
        config::DATABASE_URL,
        format!("cannot open the database: {e}"),
    ))
}

/// The master key from `SOCIALFLOW_MASTER_KEY`; in embedded (SQLite) mode
/// without one, the key kept in the data directory, generated on first run.
pub fn load_master_key(config: &Config) -> Result<MasterKey, StartupError> {
    if let Some(text) = &config.master_key {
        return MasterKey::from_base64(text.expose_secret())
            .map_err(|e| ConfigError::new(config::MASTER_KEY, e.to_string()).into());
    }
    if config.database_kind == DatabaseKind::MariaDb {
        return Err(ConfigError::new(
            config::MASTER_KEY,
            "required with MariaDB so every process shares it; generate one with: openssl rand -base64 64",
        )
        .into());
    }
    let path = config.data_dir.join("master.key");
    if path.exists() {
        let text = std::fs::read_to_string(&path).map_err(|e| {
            StartupError::Io(format!(
                "cannot read the master key at {}: {e}",
                path.display()
            ))
        })?;
        return MasterKey::from_base64(&text).map_err(|e| {
            StartupError::Io(format!(
                "the master key at {} is unusable: {e}",
                path.display()
            ))
        });
    }
    let key = MasterKey::generate();
    write_private_file(&path, key.to_base64().expose_secret())?;
    tracing::warn!(path = %path.display(), "generated a new master key; back it up: encrypted data cannot be read without it");
    Ok(key)
}

/// Writes a file only its owner can read (0600), refusing to overwrite.
fn write_private_file(path: &Path, contents: &str) -> Result<(), StartupError> {
    use std::io::Write;
    if let Some(dir) = path.parent() {
        create_private_dir(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .map_err(|e| StartupError::Io(format!("cannot write {}: {e}", path.display())))?;
    file.write_all(contents.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| StartupError::Io(format!("cannot write {}: {e}", path.display())))
}

/// The token cipher: the current master key, plus previous ones during a
/// rotation (`SOCIALFLOW_PREVIOUS_MASTER_KEYS`).
pub fn token_cipher(config: &Config, key: &MasterKey) -> Result<AesSivTokenCipher, StartupError> {
    let previous = config
        .previous_master_keys
        .iter()
        .map(|k| {
            MasterKey::from_base64(k.expose_secret()).map_err(|e| {
                StartupError::Config(ConfigError::new(
                    config::PREVIOUS_MASTER_KEYS,
                    e.to_string(),
                ))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    AesSivTokenCipher::new(key, &previous)
        .map_err(|e| StartupError::Io(format!("token cipher: {e}")))
}

/// The Instagram adapter the configuration asks for, and whether accounts
/// can be connected with it.
pub fn instagram_adapter(config: &Config) -> Result<(Arc<dyn InstagramApi>, bool), StartupError> {
    if !config.instagram.is_configured() {
        return Ok((Arc::new(UnconfiguredInstagram), false));
    }
    crate::graph::graph_client(&config.instagram).map(|c| (c, true))
}

/// What the management commands (`user …`, `token …`) need: no master key,
/// no Instagram.
pub async fn management(config: &Config) -> Result<(UserService, AuthService), StartupError> {
    management_on(open_store(config).await?)
}

/// The operator's services over an opened store.
pub fn management_on(store: Arc<dyn Store>) -> Result<(UserService, AuthService), StartupError> {
    let hasher: Arc<dyn PasswordHasher> =
        Arc::new(BcryptHasher::new(BcryptHasher::PRODUCTION_COST)?);
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let users = UserService::new(store.clone(), hasher.clone(), clock.clone());
    let auth = AuthService::new(store, hasher, Arc::new(RandomMinter), clock);
    Ok((users, auth))
}

/// The eraser the web uses, for the operator's `socialflow user delete`:
/// the user's uploads in `media_dir` are removed after the database delete.
pub fn operator_eraser(
    store: Arc<dyn Store>,
    media_dir: &Path,
) -> Result<socialflow_core::privacy::AccountEraser, StartupError> {
    let hasher = Arc::new(BcryptHasher::new(BcryptHasher::PRODUCTION_COST)?);
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    // The operator's delete checks no password; the check is never used.
    let check =
        socialflow_core::password_check::PasswordCheck::new(store.clone(), hasher, clock.clone());
    Ok(crate::privacy_services::account_eraser(
        store,
        check,
        clock,
        Arc::new(FsMediaStore::new(media_dir)),
    ))
}

/// The media library over the media directory, ffmpeg from PATH and an
/// HMAC URL signer keyed from the master key. Private public URLs are
/// refused only when the Graph API is the real Instagram.
pub fn media_library(
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    media_dir: &Path,
    settings: MediaSettings,
    url_key: [u8; 32],
) -> Result<MediaLibrary, StartupError> {
    let files = Arc::new(FsMediaStore::with_jobs(media_dir, settings.jobs));
    let reach = HttpReachability::new(std::time::Duration::from_secs(15))
        .map_err(|e| StartupError::Io(format!("HTTP client: {e}")))?;
    Ok(MediaLibrary::new(
        MediaDeps {
            repo: store,
            store: files.clone(),
            prober: files.clone(),
            converter: files,
            transcoder: Arc::new(FfmpegTranscoder::new(media_dir, "ffmpeg")),
            signer: Arc::new(HmacUrlSigner::new(url_key)),
            reach: Arc::new(reach),
            clock,
        },
        settings,
    ))
}

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
    inbox: crate::webhooks::InboxSettings,
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

/// The media library as `serve` and `worker` build it from the configuration.
pub fn configured_media_library(
    config: &Config,
    store: Arc<dyn Store>,
    key: &MasterKey,
) -> Result<MediaLibrary, StartupError> {
    let mut settings = MediaSettings::new(
        &config.public_url,
        config.max_upload_bytes,
        is_real_instagram(&config.instagram.graph_base_url),
    );
    settings.max_image_pixels = config.max_image_pixels;
    settings.jobs = config.media_jobs;
    media_library(
        store,
        Arc::new(SystemClock),
        &config.media_dir,
        settings,
        key.derive("media-url"),
    )
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

pub async fn build_state(config: &Config) -> Result<AppState, StartupError> {
    let key = load_master_key(config)?;
    let cipher = Arc::new(token_cipher(config, &key)?);
    let (instagram, configured) = instagram_adapter(config)?;
    let store = open_store(config).await?;
    create_private_dir(&config.media_dir)?;
    let media = configured_media_library(config, store.clone(), &key)?;
    let post_media = Arc::new(socialflow_core::posts::LibraryPostMedia::new(
        media.clone(),
        store.clone(),
    ));
    Ok(AppState::with_window(
        production_deps(
            store,
            instagram,
            configured,
            cipher,
            Arc::new(MetaSignedRequestVerifier::new(
                config.instagram.app_secret.clone(),
            )),
            media,
            crate::webhooks::InboxSettings::new(
                config.instagram.app_secret.clone(),
                config.webhook_verify_token.clone(),
                config.human_agent,
            ),
            post_media,
        )?,
        web_settings(config, &key),
        socialflow_core::time_window::TimeWindow::new(config.schedule_horizon_days),
    )
    .with_privacy(config.privacy.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

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
