//! The use cases a person drives: manage endpoints, send a test event, read
//! the delivery log, redeliver.

use std::sync::Arc;

use secrecy::{ExposeSecret, SecretString};
use serde_json::json;

use super::delivery::{Delivery, DeliveryId, DeliveryLogItem};
use super::endpoint::{
    Endpoint, EndpointId, EndpointInput, EndpointProblem, MAX_ENDPOINTS_PER_USER, UrlPolicy,
    validate_endpoint,
};
use super::ports::WebhookRepo;
use crate::crypto::{CipherError, SecretMinter, TokenCipher};
use crate::store_error::StoreError;
use crate::webhook_events::{EventKind, OutboxEvent};
use crate::{Clock, UserId};

/// How many deliveries the log shows.
pub const LOG_LIMIT: u32 = 100;

#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    /// No such endpoint or delivery for this user.
    #[error("not found")]
    NotFound,
    /// What the user sent has problems; nothing was saved.
    #[error("the endpoint has problems")]
    Invalid(Vec<EndpointProblem>),
    #[error("at most {max} endpoints per user")]
    TooMany { max: u32 },
    /// A test event or redelivery to a disabled endpoint.
    #[error("the endpoint is disabled")]
    Disabled,
    #[error(transparent)]
    Cipher(#[from] CipherError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

#[derive(Clone)]
pub struct WebhookStorage {
    pub webhooks: Arc<dyn WebhookRepo>,
}

/// A new endpoint and its secret: the only time the secret is shown.
pub struct CreatedEndpoint {
    pub endpoint: Endpoint,
    pub secret: SecretString,
}

#[derive(Clone)]
pub struct WebhookService {
    storage: WebhookStorage,
    cipher: Arc<dyn TokenCipher>,
    minter: Arc<dyn SecretMinter>,
    clock: Arc<dyn Clock>,
    policy: UrlPolicy,
}

impl WebhookService {
    pub fn new(
        storage: WebhookStorage,
        cipher: Arc<dyn TokenCipher>,
        minter: Arc<dyn SecretMinter>,
        clock: Arc<dyn Clock>,
        policy: UrlPolicy,
    ) -> Self {
        Self {
            storage,
            cipher,
            minter,
            clock,
            policy,
        }
    }

    pub fn policy(&self) -> UrlPolicy {
        self.policy
    }

    fn repo(&self) -> &dyn WebhookRepo {
        self.storage.webhooks.as_ref()
    }

    pub async fn list(&self, owner: UserId) -> Result<Vec<Endpoint>, WebhookError> {
        Ok(self.repo().webhook_endpoints(owner).await?)
    }

    pub async fn get(&self, owner: UserId, id: EndpointId) -> Result<Endpoint, WebhookError> {
        self.repo()
            .webhook_endpoint(owner, id)
            .await?
            .ok_or(WebhookError::NotFound)
    }

    /// Creates an endpoint with a fresh secret (`whsec_…`), stored
    /// encrypted; the plaintext is returned once.
    pub async fn create(
        &self,
        owner: UserId,
        input: &EndpointInput,
    ) -> Result<CreatedEndpoint, WebhookError> {
        let (url, description, events) =
            validate_endpoint(input, self.policy).map_err(WebhookError::Invalid)?;
        let now = self.clock.now();
        let id = EndpointId::new();
        let secret = SecretString::from(format!("whsec_{}", self.minter.mint().expose_secret()));
        let encrypted = self
            .cipher
            .encrypt(&secret, &Endpoint::secret_context(id))?;
        let endpoint = Endpoint {
            id,
            owner,
            url,
            description,
            events,
            secret: encrypted,
            enabled: input.enabled,
            failing_since: None,
            auto_disabled_at: None,
            created_at: now,
            updated_at: now,
        };
        if !self
            .repo()
            .insert_webhook_endpoint(&endpoint, MAX_ENDPOINTS_PER_USER)
            .await?
        {
            return Err(WebhookError::TooMany {
                max: MAX_ENDPOINTS_PER_USER,
            });
        }
        Ok(CreatedEndpoint { endpoint, secret })
    }

    /// Replaces URL, description, events and enabled. Enabling clears the
    /// failure record, so a re-enabled endpoint gets three fresh days.
    pub async fn update(
        &self,
        owner: UserId,
        id: EndpointId,
        input: &EndpointInput,
    ) -> Result<Endpoint, WebhookError> {
        let (url, description, events) =
            validate_endpoint(input, self.policy).map_err(WebhookError::Invalid)?;
        let mut endpoint = self.get(owner, id).await?;
        endpoint.url = url;
        endpoint.description = description;
        endpoint.events = events;
        self.set_enabled_on(&mut endpoint, input.enabled);
        self.save(&endpoint).await?;
        Ok(endpoint)
    }

    pub async fn set_enabled(
        &self,
        owner: UserId,
        id: EndpointId,
        enabled: bool,
    ) -> Result<Endpoint, WebhookError> {
        let mut endpoint = self.get(owner, id).await?;
        self.set_enabled_on(&mut endpoint, enabled);
        self.save(&endpoint).await?;
        Ok(endpoint)
    }

    fn set_enabled_on(&self, endpoint: &mut Endpoint, enabled: bool) {
        if enabled && !endpoint.enabled {
            endpoint.failing_since = None;
            endpoint.auto_disabled_at = None;
        }
        endpoint.enabled = enabled;
        endpoint.updated_at = self.clock.now();
    }

    async fn save(&self, endpoint: &Endpoint) -> Result<(), WebhookError> {
        if self.repo().update_webhook_endpoint(endpoint).await? {
            Ok(())
        } else {
            Err(WebhookError::NotFound)
        }
    }

    pub async fn delete(&self, owner: UserId, id: EndpointId) -> Result<(), WebhookError> {
        if self.repo().delete_webhook_endpoint(owner, id).await? {
            Ok(())
        } else {
            Err(WebhookError::NotFound)
        }
    }

    /// Queues a `ping` event to this one endpoint; the worker sends it.
    pub async fn send_test(
        &self,
        owner: UserId,
        id: EndpointId,
    ) -> Result<DeliveryId, WebhookError> {
        let endpoint = self.get(owner, id).await?;
        if !endpoint.enabled {
            return Err(WebhookError::Disabled);
        }
        let now = self.clock.now();
        let event = OutboxEvent::new(
            owner,
            EventKind::Ping,
            json!({"endpoint_id": endpoint.id.to_string(), "message": "SocialFlow test event"}),
            now,
        );
        let delivery = Delivery::new(endpoint.id, event.id, now);
        self.repo().insert_webhook_ping(&event, &delivery).await?;
        Ok(delivery.id)
    }

    /// The endpoint's delivery log, newest first.
    pub async fn deliveries(
        &self,
        owner: UserId,
        id: EndpointId,
    ) -> Result<Vec<DeliveryLogItem>, WebhookError> {
        self.get(owner, id).await?;
        Ok(self.repo().webhook_deliveries(owner, id, LOG_LIMIT).await?)
    }

    pub async fn delivery(
        &self,
        owner: UserId,
        id: DeliveryId,
    ) -> Result<DeliveryLogItem, WebhookError> {
        self.repo()
            .webhook_delivery(owner, id)
            .await?
            .ok_or(WebhookError::NotFound)
    }

    /// A new delivery of the same event (same id, same body) to the same
    /// endpoint, due now.
    pub async fn redeliver(
        &self,
        owner: UserId,
        id: DeliveryId,
    ) -> Result<DeliveryLogItem, WebhookError> {
        let old = self.delivery(owner, id).await?;
        let endpoint = self.get(owner, old.delivery.endpoint).await?;
        if !endpoint.enabled {
            return Err(WebhookError::Disabled);
        }
        let delivery = Delivery::new(endpoint.id, old.delivery.event, self.clock.now());
        self.repo().insert_webhook_delivery(&delivery).await?;
        Ok(DeliveryLogItem {
            delivery,
            kind: old.kind,
        })
    }
}
