//! What the inbox needs beyond the shared ports: the webhook signature
//! check, Meta's verify token and the inbox's rules. Read by the webhook
//! handlers and the inbox service alike, so it sits below both.

use std::sync::Arc;

use secrecy::SecretString;
use socialflow_core::inbox::{InboxPolicy, WebhookVerifier};
use socialflow_crypto::HmacWebhookVerifier;

/// What the inbox needs beyond the shared ports.
#[derive(Clone)]
pub struct InboxSettings {
    pub verifier: Arc<dyn WebhookVerifier>,
    /// `SOCIALFLOW_WEBHOOK_VERIFY_TOKEN`; without one the handshake fails.
    pub verify_token: Option<SecretString>,
    pub policy: InboxPolicy,
}

impl InboxSettings {
    pub fn new(
        app_secret: Option<SecretString>,
        verify_token: Option<SecretString>,
        human_agent: bool,
    ) -> Self {
        Self {
            verifier: Arc::new(HmacWebhookVerifier::new(app_secret)),
            verify_token,
            policy: InboxPolicy {
                human_agent,
                ..InboxPolicy::default()
            },
        }
    }
}
