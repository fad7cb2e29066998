//! Answering comments: reply, comment on a post, hide/unhide, delete. Each
//! calls Instagram first; the cache changes only when Instagram accepted,
//! and the cache write and the action's audit event are one unit of work
//! (Instagram's side cannot join it: see `InboxService::commit`).

use super::ports::InboxChange;
use super::service::{InboxError, InboxService, MAX_COMMENT_CHARS, checked_text};
use super::types::CachedComment;
use crate::account::{Account, AccountId};
use crate::audit::AuditKind;
use crate::{RequestContext, UserId};

impl InboxService {
    /// The owner's cached comment and its account.
    async fn owned_comment(
        &self,
        owner: UserId,
        comment_id: &str,
    ) -> Result<(CachedComment, Account), InboxError> {
        let comment = self
            .storage
            .comments
            .cached_comment(owner, comment_id)
            .await?
            .ok_or(InboxError::NotFound)?;
        let account = self.account(owner, comment.account_id).await?;
        Ok((comment, account))
    }

    /// Replies to a comment (a reply to a reply joins the top-level thread).
    pub async fn reply(
        &self,
        owner: UserId,
        comment_id: &str,
        message: &str,
        ctx: &RequestContext,
    ) -> Result<CachedComment, InboxError> {
        let message = checked_text(message, MAX_COMMENT_CHARS, false)?;
        let (comment, account) = self.owned_comment(owner, comment_id).await?;
        let access = self.access(&account)?;
        let id = match self
            .instagram()
            .reply_to_comment(&access, &comment.id, &message)
            .await
        {
            Ok(id) => id,
            Err(e) => return Err(self.instagram_failed(&account, e).await),
        };
        let reply = CachedComment {
            account_id: account.id,
            id,
            media_id: comment.media_id.clone(),
            parent_id: Some(comment.parent_id.clone().unwrap_or(comment.id.clone())),
            text: message,
            username: Some(account.profile.username.clone()),
            timestamp: self.clock.now(),
            hidden: false,
            like_count: Some(0),
            fetched_at: self.clock.now(),
        };
        self.commit(vec![
            InboxChange::UpsertComment(reply.clone()),
            self.audit_change(owner, AuditKind::CommentReplied, ctx, &comment.id),
        ])
        .await?;
        Ok(reply)
    }

    /// Comments on one of the account's cached posts.
    pub async fn comment_on_media(
        &self,
        owner: UserId,
        account: AccountId,
        media_id: &str,
        message: &str,
        ctx: &RequestContext,
    ) -> Result<CachedComment, InboxError> {
        let message = checked_text(message, MAX_COMMENT_CHARS, false)?;
        let account = self.account(owner, account).await?;
        let media = self
            .storage
            .cached_media
            .cached_media_item(owner, media_id)
            .await?
            .filter(|m| m.account_id == account.id)
            .ok_or(InboxError::NotFound)?;
        let access = self.access(&account)?;
        let id = match self
            .instagram()
            .comment_on_media(&access, &media.id, &message)
            .await
        {
            Ok(id) => id,
            Err(e) => return Err(self.instagram_failed(&account, e).await),
        };
        let comment = CachedComment {
            account_id: account.id,
            id,
            media_id: media.id.clone(),
            parent_id: None,
            text: message,
            username: Some(account.profile.username.clone()),
            timestamp: self.clock.now(),
            hidden: false,
            like_count: Some(0),
            fetched_at: self.clock.now(),
        };
        self.commit(vec![
            InboxChange::UpsertComment(comment.clone()),
            self.audit_change(
                owner,
                AuditKind::CommentReplied,
                ctx,
                &format!("media {}", media.id),
            ),
        ])
        .await?;
        Ok(comment)
    }

    /// Hides or shows a comment on Instagram.
    pub async fn set_hidden(
        &self,
        owner: UserId,
        comment_id: &str,
        hidden: bool,
        ctx: &RequestContext,
    ) -> Result<(), InboxError> {
        let (comment, account) = self.owned_comment(owner, comment_id).await?;
        // Instagram refuses it with a generic error; say what is wrong.
        if hidden && comment.username.as_deref() == Some(account.profile.username.as_str()) {
            return Err(InboxError::OwnComment);
        }
        let access = self.access(&account)?;
        if let Err(e) = self
            .instagram()
            .set_comment_hidden(&access, &comment.id, hidden)
            .await
        {
            return Err(self.instagram_failed(&account, e).await);
        }
        let kind = if hidden {
            AuditKind::CommentHidden
        } else {
            AuditKind::CommentUnhidden
        };
        self.commit(vec![
            InboxChange::SetCommentHidden {
                account: account.id,
                comment: comment.id.clone(),
                hidden,
            },
            self.audit_change(owner, kind, ctx, &comment.id),
        ])
        .await?;
        Ok(())
    }

    /// Deletes a comment on Instagram (and its replies from the cache).
    pub async fn delete_comment(
        &self,
        owner: UserId,
        comment_id: &str,
        ctx: &RequestContext,
    ) -> Result<(), InboxError> {
        let (comment, account) = self.owned_comment(owner, comment_id).await?;
        let access = self.access(&account)?;
        if let Err(e) = self.instagram().delete_comment(&access, &comment.id).await {
            return Err(self.instagram_failed(&account, e).await);
        }
        self.commit(vec![
            InboxChange::DeleteComment {
                account: account.id,
                comment: comment.id.clone(),
            },
            self.audit_change(owner, AuditKind::CommentDeleted, ctx, &comment.id),
        ])
        .await?;
        Ok(())
    }
}
