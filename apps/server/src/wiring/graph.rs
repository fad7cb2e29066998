//! Building the Graph API client from configuration.

use std::sync::Arc;

use secrecy::ExposeSecret;
use socialflow_core::instagram::InstagramApi;
use socialflow_graph::{GraphClient, GraphConfig};

use super::error::StartupError;
use crate::config::{self, ConfigError, InstagramConfig};

pub fn graph_client(c: &InstagramConfig) -> Result<Arc<dyn InstagramApi>, StartupError> {
    let (Some(app_id), Some(secret)) = (&c.app_id, &c.app_secret) else {
        return Err(
            ConfigError::new(config::INSTAGRAM_APP_ID, "required to talk to Instagram").into(),
        );
    };
    let mut g = GraphConfig::new(
        app_id.clone(),
        secret.expose_secret().to_string().into(),
        c.redirect_uri.clone(),
    );
    g.graph_base_url = c.graph_base_url.clone();
    g.oauth_base_url = c.oauth_base_url.clone();
    g.api_version = c.api_version.clone();
    let client = GraphClient::new(g).map_err(StartupError::Io)?;
    Ok(Arc::new(client))
}
