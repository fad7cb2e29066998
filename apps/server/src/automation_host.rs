//! The automation engine's host: the account's access and status, the
//! user's zone, the inbox's done mark and the notification centre, over
//! the services the server already has.

use std::sync::Arc;

use async_trait::async_trait;
use socialflow_core::account::{AccountId, AccountStatus};
use socialflow_core::accounts::AccountService;
use socialflow_core::automation::engine::{EngineAccount, EngineHost, HostError, Job};
use socialflow_core::crypto::CipherError;
use socialflow_core::inbox::triage::{ItemKey, ItemRef, TriageService};
use socialflow_core::instagram::IgAccess;
use socialflow_core::notifications::{
    Figures, NewNotification, NotificationKind, NotificationService,
};
use socialflow_core::{Clock, Store, TimeZone, UserId};

pub struct ServerEngineHost {
    store: Arc<dyn Store>,
    accounts: AccountService,
    triage: TriageService,
    notifications: NotificationService,
    clock: Arc<dyn Clock>,
}

impl ServerEngineHost {
    pub fn new(
        store: Arc<dyn Store>,
        accounts: AccountService,
        triage: TriageService,
        notifications: NotificationService,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            store,
            accounts,
            triage,
            notifications,
            clock,
        }
    }
}

fn other(e: impl std::fmt::Display) -> HostError {
    HostError::Other(e.to_string())
}

#[async_trait]
impl EngineHost for ServerEngineHost {
    async fn access(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> Result<Option<IgAccess>, HostError> {
        let Some(a) = self.store.account(owner, account).await.map_err(other)? else {
            return Ok(None);
        };
        if a.status == AccountStatus::NeedsReconnect {
            return Err(HostError::TokenInvalid(
                a.status_detail
                    .unwrap_or_else(|| "needs reconnecting".into()),
            ));
        }
        match self.accounts.access(&a) {
            Ok(access) => Ok(Some(access)),
            Err(CipherError::Erased) => Err(HostError::TokenInvalid("the token expired".into())),
            Err(e) => Err(other(e)),
        }
    }

    async fn account_of(&self, ig_user_id: &str) -> Result<Option<EngineAccount>, HostError> {
        Ok(self
            .store
            .account_by_ig_user_id(ig_user_id)
            .await
            .map_err(other)?
            .map(|a| EngineAccount {
                owner: a.owner,
                account: a.id,
                username: a.profile.username,
            }))
    }

    async fn zone(&self, owner: UserId) -> Result<TimeZone, HostError> {
        Ok(self
            .store
            .user_by_id(owner)
            .await
            .map_err(other)?
            .map(|u| u.time_zone)
            .unwrap_or_default())
    }

    async fn token_refused(
        &self,
        owner: UserId,
        account: AccountId,
        detail: &str,
    ) -> Result<(), HostError> {
        // The notification producer tells the user about accounts that
        // need reconnecting.
        if let Some(a) = self.store.account(owner, account).await.map_err(other)? {
            self.accounts
                .mark_needs_reconnect(&a, detail)
                .await
                .map_err(other)?;
            // And says that automation stopped (one a day per account: a
            // second worker pausing the same episode records nothing).
            let day = self.clock.now().date();
            self.notifications
                .notify(NewNotification {
                    owner,
                    account: Some(account),
                    kind: NotificationKind::Automation,
                    dedupe_key: format!("automation-paused:{}:{day}", account.0),
                    subject: a.profile.username.clone(),
                    link: format!("/automation?account={}#settings", account.0),
                    figures: Figures::default(),
                })
                .await
                .map_err(other)?;
        }
        Ok(())
    }

    async fn mark_done(&self, job: &Job) -> Result<(), HostError> {
        let items: Vec<ItemRef> = if job.media_id.is_some() {
            vec![ItemRef {
                account: job.account,
                key: ItemKey::Comment,
                id: job.event_key.clone(),
            }]
        } else {
            // A DM, Story reply or mention: the inbox item is the person's
            // conversation (the event carries only the message id and the
            // sender), as the inbox cached it when the webhook arrived.
            self.store
                .conversation_with(job.account, &job.author_id)
                .await
                .map_err(other)?
                .into_iter()
                .map(|c| ItemRef {
                    account: job.account,
                    key: ItemKey::Conversation,
                    id: c.id,
                })
                .collect()
        };
        if items.is_empty() {
            return Ok(());
        }
        self.triage
            .set_done(job.owner, &items, true)
            .await
            .map_err(other)?;
        Ok(())
    }

    async fn notify_team(&self, job: &Job) -> Result<(), HostError> {
        let username = self
            .store
            .account(job.owner, job.account)
            .await
            .map_err(other)?
            .map(|a| a.profile.username)
            .unwrap_or_default();
        self.notifications
            .notify(NewNotification {
                owner: job.owner,
                account: Some(job.account),
                kind: NotificationKind::InboxDigest,
                dedupe_key: format!("automation:{}", job.id),
                subject: username,
                link: "/inbox".into(),
                figures: Figures {
                    unanswered: Some(1),
                    ..Figures::default()
                },
            })
            .await
            .map_err(other)?;
        Ok(())
    }
}

/// Binds automation's next-post rules when the publisher publishes.
pub struct BindNextPublished(pub socialflow_core::automation::engine::AutomationEngine);

#[async_trait]
impl socialflow_core::posts::PublishedHook for BindNextPublished {
    async fn published(&self, account: AccountId, media_id: &str) {
        match self.0.post_published(account, media_id).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(rules = n, "next-post automation rules bound"),
            Err(e) => tracing::warn!(error = %e, "cannot bind next-post automation rules"),
        }
    }
}
