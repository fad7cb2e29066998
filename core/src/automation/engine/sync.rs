//! The inbox sync as automation's fallback source: comments and messages a
//! sync stored become the same events, with the same keys, as their
//! webhooks would have made — so an event seen both ways makes one job.
//!
//! Only recent events are answered: one the person wrote before the
//! engine's look-back ([`EnginePolicy::sync_lookback`], 24 hours) or before
//! the rule was last saved or switched on is left alone, so the first sync
//! of an account (or a rule switched on today) never answers old comments.
//!
//! [`EnginePolicy::sync_lookback`]: super::EnginePolicy::sync_lookback

use async_trait::async_trait;

use super::service::{AutomationEngine, EngineError, EventOutcome};
use crate::account::Account;
use crate::automation::{CompiledRule, Event, EventKind};
use crate::inbox::{CachedComment, CachedMessage, SyncHook};
use crate::store_error::StoreResult;

/// A sync's find as an automation event, keyed like its webhook.
struct Found {
    key: String,
    event: Event,
}

/// The top-level comments of a page, as the comment webhook would make
/// them. A comment the account already answered under (a human, or an
/// earlier automatic reply) reads as answered by a human.
fn comment_events(account: &Account, rows: &[CachedComment]) -> Vec<Found> {
    let own =
        |u: Option<&str>| u.is_some_and(|u| u.eq_ignore_ascii_case(&account.profile.username));
    rows.iter()
        .filter(|c| c.parent_id.is_none())
        .map(|c| Found {
            key: c.id.clone(),
            event: Event {
                kind: EventKind::Comment {
                    media_id: c.media_id.clone(),
                    comment_id: c.id.clone(),
                },
                // As the webhook names the author (by username only).
                author_id: c
                    .username
                    .as_ref()
                    .map_or_else(|| format!("comment:{}", c.id), |u| format!("@{u}")),
                author_username: c.username.clone(),
                text: c.text.clone(),
                at: c.timestamp,
                from_account: own(c.username.as_deref()),
                human_replied: rows.iter().any(|r| {
                    r.parent_id.as_deref() == Some(c.id.as_str()) && own(r.username.as_deref())
                }),
            },
        })
        .collect()
}

/// A conversation's inbound messages, oldest first, as the message webhook
/// would make them (key = the message id, which is the webhook's `mid`).
/// A message the account wrote after reads as answered.
fn message_events(rows: &[CachedMessage]) -> Vec<Found> {
    let mut found: Vec<Found> = rows
        .iter()
        .filter(|m| m.inbound)
        .map(|m| Found {
            key: m.id.clone(),
            event: Event {
                kind: if m.attachments.iter().any(|a| a.kind == "story_mention") {
                    EventKind::StoryMention
                } else {
                    EventKind::DirectMessage
                },
                author_id: m.sender_id.clone(),
                author_username: m.sender_username.clone(),
                text: m.text.clone().unwrap_or_default(),
                at: m.created_at,
                from_account: false,
                human_replied: rows
                    .iter()
                    .any(|o| !o.inbound && o.created_at > m.created_at),
            },
        })
        .collect();
    found.sort_by_key(|f| f.event.at);
    found
}

impl AutomationEngine {
    /// What a sync stored for `account`, as automation events: each recent
    /// one is evaluated and stored as a job unless its webhook already made
    /// one. Returns how many jobs were stored.
    pub async fn on_synced(
        &self,
        account: &Account,
        comments: &[CachedComment],
        messages: &[CachedMessage],
    ) -> Result<u32, EngineError> {
        let since = self.now() - self.policy().sync_lookback;
        let mut found = comment_events(account, comments);
        found.extend(message_events(messages));
        found.retain(|f| f.event.at >= since);
        if found.is_empty() {
            return Ok(0);
        }
        let loaded = self.load(account.owner, account.id).await?;
        let mut queued = 0;
        for f in found {
            // Only rules that were already as they are when the person wrote.
            let rules: Vec<CompiledRule> = loaded
                .rules
                .iter()
                .filter(|(_, saved)| *saved <= f.event.at)
                .map(|(r, _)| r.clone())
                .collect();
            match self
                .enqueue(
                    account.owner,
                    account.id,
                    &loaded.settings,
                    &rules,
                    &f.key,
                    &f.event,
                )
                .await?
            {
                EventOutcome::Queued { .. } => queued += 1,
                EventOutcome::Duplicate | EventOutcome::Skipped(_) => {}
            }
        }
        Ok(queued)
    }
}

#[async_trait]
impl SyncHook for AutomationEngine {
    async fn synced(
        &self,
        account: &Account,
        comments: &[CachedComment],
        messages: &[CachedMessage],
    ) -> StoreResult<()> {
        match self.on_synced(account, comments, messages).await {
            Ok(0) => Ok(()),
            Ok(jobs) => {
                tracing::info!(account = %account.id, jobs, "automation jobs from the inbox sync");
                Ok(())
            }
            // The account went away meanwhile.
            Err(EngineError::NotFound) => Ok(()),
            // The sync fails and is repeated; its events come again.
            Err(EngineError::Store(e)) => Err(e),
            Err(e) => {
                tracing::warn!(account = %account.id, error = %e, "automation could not take the sync's events");
                Ok(())
            }
        }
    }
}
