//! The adapters the configuration names: the database, the master key and
//! token cipher, Instagram, and the media library on disk.

use std::path::Path;
use std::sync::Arc;

use secrecy::ExposeSecret;
use socialflow_core::instagram::InstagramApi;
use socialflow_core::media::{MediaDeps, MediaLibrary, MediaSettings, is_real_instagram};
use socialflow_core::{Clock, Store, SystemClock};
use socialflow_crypto::{AesSivTokenCipher, HmacUrlSigner, MasterKey};
use socialflow_fs_media::{FfmpegTranscoder, FsMediaStore, HttpReachability};
use socialflow_sql::{MariaDbStore, SqliteStore};

use super::error::StartupError;
use crate::config::{self, Config, ConfigError, DatabaseKind};
use crate::unconfigured::UnconfiguredInstagram;

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
    super::graph::graph_client(&config.instagram).map(|c| (c, true))
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
    if let config::MediaStoreConfig::S3 { s3, presign } = &config.media_store {
        return super::s3_media::s3_media_library(
            store,
            Arc::new(SystemClock),
            &config.media_dir,
            settings,
            key.derive("media-url"),
            s3,
            *presign,
        );
    }
    media_library(
        store,
        Arc::new(SystemClock),
        &config.media_dir,
        settings,
        key.derive("media-url"),
    )
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
