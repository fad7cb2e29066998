//! Why a process could not start. At the bottom of the composition root so
//! every part of it can fail the same way.

use crate::config::ConfigError;

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
