//! "Test a rule" over what the inbox has cached: the account's most recent
//! comments and direct messages become [`Event`]s and the rule is tried on
//! each with [`dry_run`]. Nothing is sent or stored.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::dry_run::{MAX_DRY_RUN_EVENTS, dry_run};
use super::evaluate::{CompiledRule, Evaluation};
use super::event::{Context, Event, EventKind};
use super::limits::{AutomationLimits, Usage};
use super::rule::{RuleId, RuleSpec};
use super::service::AutomationError;
use super::validate::compile;
use crate::account::{AccountId, AccountRepo};
use crate::inbox::{AttachmentKind, CachedComment, CachedMessage, CommentFilter};
use crate::inbox::{CommentRepo, ConversationRepo};
use crate::{Clock, TimeZone, UserId};

/// Conversations read, at most (the latest first): each is one query.
pub const MAX_TEST_CONVERSATIONS: usize = 50;

/// One cached comment or message and what the rule would have done.
#[derive(Debug, Clone)]
pub struct TestedEvent {
    pub event: Event,
    pub evaluation: Evaluation,
}

/// Runs a rule that is not saved yet against the account's cache.
#[derive(Clone)]
pub struct RuleTester {
    accounts: Arc<dyn AccountRepo>,
    comments: Arc<dyn CommentRepo>,
    conversations: Arc<dyn ConversationRepo>,
    clock: Arc<dyn Clock>,
}

impl RuleTester {
    pub fn new(
        accounts: Arc<dyn AccountRepo>,
        comments: Arc<dyn CommentRepo>,
        conversations: Arc<dyn ConversationRepo>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            accounts,
            comments,
            conversations,
            clock,
        }
    }

    /// Validates `spec` (every problem at once) and tries it, as if on and
    /// alone, on the account's ≤ 200 most recent cached comments and
    /// messages, newest first. Another user's account is `NotFound`.
    pub async fn test(
        &self,
        owner: UserId,
        account: AccountId,
        spec: &RuleSpec,
        zone: &TimeZone,
    ) -> Result<Vec<TestedEvent>, AutomationError> {
        let compiled = compile(spec).map_err(AutomationError::Invalid)?;
        let acc = self
            .accounts
            .account(owner, account)
            .await?
            .ok_or(AutomationError::NotFound)?;
        let mut comments = self
            .comments
            .cached_comments(owner, account, &CommentFilter::default())
            .await?;
        comments.truncate(MAX_DRY_RUN_EVENTS * 2);
        let mut messages = Vec::new();
        let conversations = self
            .conversations
            .cached_conversations(owner, account)
            .await?;
        for c in conversations.iter().take(MAX_TEST_CONVERSATIONS) {
            let mut m = self.conversations.cached_messages(owner, &c.id).await?;
            // The latest messages of each conversation are the ones tried.
            let skip = m.len().saturating_sub(MAX_DRY_RUN_EVENTS);
            messages.extend(m.drain(skip..));
        }
        let events = events_from_cache(&acc.profile.username, &comments, &messages);
        let rule = CompiledRule {
            id: RuleId::new(),
            position: 0,
            bound_media_id: None,
            compiled,
        };
        let now = self.clock.now();
        let ctx = Context {
            now,
            zone,
            paused: false,
            limits: AutomationLimits::default(),
            usage: Usage::default(),
            prior: &[],
            seed: now.unix_timestamp().unsigned_abs(),
        };
        let evaluations = dry_run(&rule, &events, &ctx);
        Ok(events
            .into_iter()
            .zip(evaluations)
            .map(|(event, evaluation)| TestedEvent { event, evaluation })
            .collect())
    }
}

fn same_user(a: Option<&str>, own: &str) -> bool {
    a.is_some_and(|a| !own.is_empty() && a.eq_ignore_ascii_case(own))
}

/// The cache as events, newest first, at most [`MAX_DRY_RUN_EVENTS`].
/// `own_username` is the account's: its own comments are marked (never
/// answered), and a comment it replied to, or a message it answered later,
/// counts as answered by a human.
pub fn events_from_cache(
    own_username: &str,
    comments: &[CachedComment],
    messages: &[CachedMessage],
) -> Vec<Event> {
    let answered: HashSet<&str> = comments
        .iter()
        .filter(|c| same_user(c.username.as_deref(), own_username))
        .filter_map(|c| c.parent_id.as_deref())
        .collect();
    let mut events: Vec<Event> = comments
        .iter()
        .map(|c| Event {
            kind: EventKind::Comment {
                media_id: c.media_id.clone(),
                comment_id: c.id.clone(),
            },
            author_id: c.username.clone().unwrap_or_default(),
            author_username: c.username.clone(),
            text: c.text.clone(),
            at: c.timestamp,
            from_account: same_user(c.username.as_deref(), own_username),
            human_replied: answered.contains(c.id.as_str()),
        })
        .collect();
    let mut last_outbound: HashMap<&str, time::OffsetDateTime> = HashMap::new();
    for m in messages.iter().filter(|m| !m.inbound) {
        let e = last_outbound
            .entry(m.conversation_id.as_str())
            .or_insert(m.created_at);
        if m.created_at > *e {
            *e = m.created_at;
        }
    }
    events.extend(messages.iter().filter(|m| m.inbound).map(|m| {
        let kinds: Vec<AttachmentKind> = m
            .attachments
            .iter()
            .map(|a| AttachmentKind::of(&a.kind))
            .collect();
        let kind = if kinds.contains(&AttachmentKind::StoryMention) {
            EventKind::StoryMention
        } else if kinds.contains(&AttachmentKind::StoryReply) {
            EventKind::StoryReply
        } else {
            EventKind::DirectMessage
        };
        Event {
            kind,
            author_id: m.sender_id.clone(),
            author_username: m.sender_username.clone(),
            text: m.text.clone().unwrap_or_default(),
            at: m.created_at,
            from_account: false,
            human_replied: last_outbound
                .get(m.conversation_id.as_str())
                .is_some_and(|t| *t > m.created_at),
        }
    }));
    events.sort_by_key(|e| std::cmp::Reverse(e.at));
    events.truncate(MAX_DRY_RUN_EVENTS);
    events
}
