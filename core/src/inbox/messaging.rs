//! Direct messages: the 24-hour window, the human agent's 7 days, sending.

use time::{Duration, OffsetDateTime};

use super::ports::InboxChange;
use super::service::{InboxError, InboxService, checked_text};
use super::types::{CachedConversation, CachedMessage};
use crate::audit::AuditKind;
use crate::instagram::MessageTag;
use crate::{RequestContext, UserId};

/// Instagram takes at most 1,000 bytes of UTF-8 text per message.
pub const MAX_MESSAGE_BYTES: usize = 1_000;

const WINDOW: Duration = Duration::hours(24);
const HUMAN_AGENT_WINDOW: Duration = Duration::days(7);

/// Whether the account may write to the person now, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessagingWindow {
    /// Inside 24 hours of the person's last message.
    Open { closes_at: OffsetDateTime },
    /// Past 24 hours but inside 7 days, and the app may use the human-agent
    /// tag: a person (not automation) may still reply.
    HumanAgent { closes_at: OffsetDateTime },
    /// Closed: the person has to write first. `since` is when it closed
    /// (none when they never wrote).
    Closed {
        since: Option<OffsetDateTime>,
        /// The app lacks the human-agent permission, which would still allow
        /// a reply now.
        human_agent_would_help: bool,
    },
}

impl MessagingWindow {
    pub fn is_open(&self) -> bool {
        !matches!(self, MessagingWindow::Closed { .. })
    }
}

/// The window of a conversation at `now`.
pub fn window_for(
    conversation: &CachedConversation,
    now: OffsetDateTime,
    human_agent: bool,
) -> MessagingWindow {
    let Some(last) = conversation.last_inbound_at else {
        return MessagingWindow::Closed {
            since: None,
            human_agent_would_help: false,
        };
    };
    if now < last + WINDOW {
        MessagingWindow::Open {
            closes_at: last + WINDOW,
        }
    } else if now < last + HUMAN_AGENT_WINDOW {
        if human_agent {
            MessagingWindow::HumanAgent {
                closes_at: last + HUMAN_AGENT_WINDOW,
            }
        } else {
            MessagingWindow::Closed {
                since: Some(last + WINDOW),
                human_agent_would_help: true,
            }
        }
    } else {
        MessagingWindow::Closed {
            since: Some(
                last + if human_agent {
                    HUMAN_AGENT_WINDOW
                } else {
                    WINDOW
                },
            ),
            human_agent_would_help: false,
        }
    }
}

impl InboxService {
    /// The owner's conversation, or `NotFound`.
    pub async fn conversation(
        &self,
        owner: UserId,
        id: &str,
    ) -> Result<CachedConversation, InboxError> {
        self.storage
            .conversations
            .cached_conversation(owner, id)
            .await?
            .ok_or(InboxError::NotFound)
    }

    /// The workspace's conversation, not found when its account is not one
    /// the member sees.
    pub async fn conversation_seen(
        &self,
        access: &crate::workspaces::Access,
        id: &str,
    ) -> Result<CachedConversation, InboxError> {
        let c = self.conversation(access.owner(), id).await?;
        if !access.sees_account(c.account_id) {
            return Err(InboxError::NotFound);
        }
        Ok(c)
    }

    /// [`Self::open_thread`] for a member: a conversation of an account
    /// outside theirs is not found (and not marked read).
    pub async fn open_thread_seen(
        &self,
        access: &crate::workspaces::Access,
        id: &str,
    ) -> Result<(CachedConversation, Vec<CachedMessage>), InboxError> {
        self.conversation_seen(access, id).await?;
        self.open_thread(access.owner(), id).await
    }

    pub fn window(&self, conversation: &CachedConversation) -> MessagingWindow {
        window_for(conversation, self.clock.now(), self.policy.human_agent)
    }

    /// A thread's messages, oldest first; opening it marks it read.
    pub async fn open_thread(
        &self,
        owner: UserId,
        id: &str,
    ) -> Result<(CachedConversation, Vec<CachedMessage>), InboxError> {
        let conversation = self.conversation(owner, id).await?;
        let messages = self
            .storage
            .conversations
            .cached_messages(owner, id)
            .await?;
        self.storage
            .conversations
            .mark_conversation_read(owner, id, self.clock.now())
            .await?;
        Ok((conversation, messages))
    }

    /// Sends a text reply. Refused without calling Instagram when the window
    /// is closed; Instagram's own refusals come back as `Instagram(..)`.
    pub async fn send_message(
        &self,
        owner: UserId,
        conversation_id: &str,
        text: &str,
        ctx: &RequestContext,
    ) -> Result<CachedMessage, InboxError> {
        let text = checked_text(text, MAX_MESSAGE_BYTES, true)?;
        let conversation = self.conversation(owner, conversation_id).await?;
        let tag = match self.window(&conversation) {
            MessagingWindow::Open { .. } => MessageTag::Response,
            MessagingWindow::HumanAgent { .. } => MessageTag::HumanAgent,
            MessagingWindow::Closed { .. } => return Err(InboxError::WindowClosed),
        };
        let account = self.account(owner, conversation.account_id).await?;
        let access = self.access(&account)?;
        let sent = match self
            .instagram()
            .send_message(&access, &conversation.participant_id, &text, tag)
            .await
        {
            Ok(s) => s,
            Err(e) => return Err(self.instagram_failed(&account, e).await),
        };
        let now = self.clock.now();
        let message = CachedMessage {
            account_id: account.id,
            id: sent.message_id,
            conversation_id: conversation.id.clone(),
            sender_id: account.ig_user_id.clone(),
            sender_username: Some(account.profile.username.clone()),
            recipient_id: conversation.participant_id.clone(),
            recipient_username: conversation.participant_username.clone(),
            text: Some(text),
            attachments: Vec::new(),
            created_at: now,
            inbound: false,
            fetched_at: now,
        };
        // The message, the conversation's new time and the audit event:
        // one unit, after Instagram accepted the message.
        self.commit(vec![
            InboxChange::UpsertMessage(message.clone()),
            InboxChange::UpsertConversation(CachedConversation {
                last_message_at: Some(now),
                ..conversation.clone()
            }),
            self.audit_change(owner, AuditKind::MessageSent, ctx, &conversation.id),
        ])
        .await?;
        Ok(message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::AccountId;
    use time::macros::datetime;

    fn conv(last_inbound: Option<OffsetDateTime>) -> CachedConversation {
        CachedConversation {
            account_id: AccountId::new(),
            id: "c".into(),
            participant_id: "p".into(),
            participant_username: None,
            last_message_at: last_inbound,
            last_inbound_at: last_inbound,
            read_at: None,
            fetched_at: datetime!(2026-01-01 0:00 UTC),
        }
    }

    #[test]
    fn the_window_opens_for_24_hours_and_the_human_agent_for_7_days() {
        let t = datetime!(2026-01-01 12:00 UTC);
        let c = conv(Some(t));
        assert!(matches!(
            window_for(&c, t + Duration::hours(23), false),
            MessagingWindow::Open { .. }
        ));
        assert_eq!(
            window_for(&c, t + Duration::hours(25), false),
            MessagingWindow::Closed {
                since: Some(t + Duration::hours(24)),
                human_agent_would_help: true
            }
        );
        assert_eq!(
            window_for(&c, t + Duration::hours(25), true),
            MessagingWindow::HumanAgent {
                closes_at: t + Duration::days(7)
            }
        );
        assert!(!window_for(&c, t + Duration::days(8), true).is_open());
        assert!(!window_for(&conv(None), t, true).is_open());
    }
}
