//! Building the Graph API client from configuration.

use std::sync::Arc;

use socialflow_core::instagram::InstagramApi;

use crate::config::InstagramConfig;
use crate::wiring::StartupError;

/// Until the Graph adapter lands, a configured app still cannot be used.
pub fn graph_client(_config: &InstagramConfig) -> Result<Arc<dyn InstagramApi>, StartupError> {
    Ok(Arc::new(crate::unconfigured::UnconfiguredInstagram))
}
