//! What the operator's commands (`user …`, `token …`) run on: no master
//! key, no Instagram, only the database and the password hasher.

use std::path::Path;
use std::sync::Arc;

use socialflow_core::auth::AuthService;
use socialflow_core::password::PasswordHasher;
use socialflow_core::users::UserService;
use socialflow_core::{Clock, Store, SystemClock};
use socialflow_crypto::{BcryptHasher, RandomMinter};
use socialflow_fs_media::FsMediaStore;

use super::adapters::open_store;
use super::error::StartupError;
use crate::config::Config;

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
    let users = UserService::new(store.clone(), store.clone(), hasher.clone(), clock.clone());
    let auth = AuthService::new(
        socialflow_core::auth::AuthStorage::from_store(store),
        hasher,
        Arc::new(RandomMinter),
        clock,
    );
    Ok((users, auth))
}

/// The eraser the web uses, for the operator's `socialflow user delete`:
/// the user's uploads in `media_dir` are removed after the database delete.
pub fn operator_eraser(
    store: Arc<dyn Store>,
    media_dir: &Path,
) -> Result<socialflow_core::privacy::AccountEraser, StartupError> {
    operator_eraser_on(store, Arc::new(FsMediaStore::new(media_dir)))
}

/// [`operator_eraser`] over the media store the configuration names (the
/// media directory or the S3 bucket).
pub fn configured_operator_eraser(
    store: Arc<dyn Store>,
    config: &Config,
) -> Result<socialflow_core::privacy::AccountEraser, StartupError> {
    let files: Arc<dyn socialflow_core::media::MediaStore> = match &config.media_store {
        crate::config::MediaStoreConfig::Fs => Arc::new(FsMediaStore::new(&config.media_dir)),
        crate::config::MediaStoreConfig::S3 { s3, .. } => super::s3_media::s3_store(s3)?,
    };
    operator_eraser_on(store, files)
}

fn operator_eraser_on(
    store: Arc<dyn Store>,
    files: Arc<dyn socialflow_core::media::MediaStore>,
) -> Result<socialflow_core::privacy::AccountEraser, StartupError> {
    let hasher = Arc::new(BcryptHasher::new(BcryptHasher::PRODUCTION_COST)?);
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    // The operator's delete checks no password; the check is never used.
    let check =
        socialflow_core::password_check::PasswordCheck::new(store.clone(), hasher, clock.clone());
    Ok(crate::privacy_services::account_eraser(
        store, check, clock, files,
    ))
}
