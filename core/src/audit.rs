//! Security-relevant events, stored with time, user, IP and a short detail.

use async_trait::async_trait;
use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::store_error::StoreResult;
use crate::{RequestContext, UserId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditKind {
    LoginSucceeded,
    LoginFailed,
    LoginThrottled,
    Logout,
    PasswordChanged,
    LanguageChanged,
    ApiTokenCreated,
    ApiTokenRevoked,
    UserCreated,
    UserDeleted,
    AccountConnected,
    AccountReconnected,
    AccountDisconnected,
    AccountNeedsReconnect,
    AccountDeauthorized,
    DataDeletionCallback,
    TimeZoneChanged,
    PostScheduled,
    PostPublished,
    PostDeleted,
    CommentReplied,
    CommentHidden,
    CommentUnhidden,
    CommentDeleted,
    MessageSent,
    DataExported,
    PolicyAcknowledged,
    ReviewLinkCreated,
    ReviewLinkRevoked,
    ReviewDecisionMade,
    PostSubmitted,
    PostApproved,
    PostChangesRequested,
    PostExpired,
    WorkspaceCreated,
    WorkspaceRenamed,
    WorkspaceDeleted,
    MemberRoleChanged,
    MemberRemoved,
    MemberLeft,
    InvitationCreated,
    InvitationRevoked,
    InvitationAccepted,
}

impl AuditKind {
    pub const ALL: [AuditKind; 43] = [
        AuditKind::LoginSucceeded,
        AuditKind::LoginFailed,
        AuditKind::LoginThrottled,
        AuditKind::Logout,
        AuditKind::PasswordChanged,
        AuditKind::LanguageChanged,
        AuditKind::ApiTokenCreated,
        AuditKind::ApiTokenRevoked,
        AuditKind::UserCreated,
        AuditKind::UserDeleted,
        AuditKind::AccountConnected,
        AuditKind::AccountReconnected,
        AuditKind::AccountDisconnected,
        AuditKind::AccountNeedsReconnect,
        AuditKind::AccountDeauthorized,
        AuditKind::DataDeletionCallback,
        AuditKind::TimeZoneChanged,
        AuditKind::PostScheduled,
        AuditKind::PostPublished,
        AuditKind::PostDeleted,
        AuditKind::CommentReplied,
        AuditKind::CommentHidden,
        AuditKind::CommentUnhidden,
        AuditKind::CommentDeleted,
        AuditKind::MessageSent,
        AuditKind::DataExported,
        AuditKind::PolicyAcknowledged,
        AuditKind::ReviewLinkCreated,
        AuditKind::ReviewLinkRevoked,
        AuditKind::ReviewDecisionMade,
        AuditKind::PostSubmitted,
        AuditKind::PostApproved,
        AuditKind::PostChangesRequested,
        AuditKind::PostExpired,
        AuditKind::WorkspaceCreated,
        AuditKind::WorkspaceRenamed,
        AuditKind::WorkspaceDeleted,
        AuditKind::MemberRoleChanged,
        AuditKind::MemberRemoved,
        AuditKind::MemberLeft,
        AuditKind::InvitationCreated,
        AuditKind::InvitationRevoked,
        AuditKind::InvitationAccepted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditKind::LoginSucceeded => "login_succeeded",
            AuditKind::LoginFailed => "login_failed",
            AuditKind::LoginThrottled => "login_throttled",
            AuditKind::Logout => "logout",
            AuditKind::PasswordChanged => "password_changed",
            AuditKind::LanguageChanged => "language_changed",
            AuditKind::ApiTokenCreated => "api_token_created",
            AuditKind::ApiTokenRevoked => "api_token_revoked",
            AuditKind::UserCreated => "user_created",
            AuditKind::UserDeleted => "user_deleted",
            AuditKind::AccountConnected => "account_connected",
            AuditKind::AccountReconnected => "account_reconnected",
            AuditKind::AccountDisconnected => "account_disconnected",
            AuditKind::AccountNeedsReconnect => "account_needs_reconnect",
            AuditKind::AccountDeauthorized => "account_deauthorized",
            AuditKind::DataDeletionCallback => "data_deletion_callback",
            AuditKind::TimeZoneChanged => "time_zone_changed",
            AuditKind::PostScheduled => "post_scheduled",
            AuditKind::PostPublished => "post_published",
            AuditKind::PostDeleted => "post_deleted",
            AuditKind::CommentReplied => "comment_replied",
            AuditKind::CommentHidden => "comment_hidden",
            AuditKind::CommentUnhidden => "comment_unhidden",
            AuditKind::CommentDeleted => "comment_deleted",
            AuditKind::MessageSent => "message_sent",
            AuditKind::DataExported => "data_exported",
            AuditKind::PolicyAcknowledged => "policy_acknowledged",
            AuditKind::ReviewLinkCreated => "review_link_created",
            AuditKind::ReviewLinkRevoked => "review_link_revoked",
            AuditKind::ReviewDecisionMade => "review_decision_made",
            AuditKind::PostSubmitted => "post_submitted",
            AuditKind::PostApproved => "post_approved",
            AuditKind::PostChangesRequested => "post_changes_requested",
            AuditKind::PostExpired => "post_expired",
            AuditKind::WorkspaceCreated => "workspace_created",
            AuditKind::WorkspaceRenamed => "workspace_renamed",
            AuditKind::WorkspaceDeleted => "workspace_deleted",
            AuditKind::MemberRoleChanged => "member_role_changed",
            AuditKind::MemberRemoved => "member_removed",
            AuditKind::MemberLeft => "member_left",
            AuditKind::InvitationCreated => "invitation_created",
            AuditKind::InvitationRevoked => "invitation_revoked",
            AuditKind::InvitationAccepted => "invitation_accepted",
        }
    }

    pub fn parse(s: &str) -> Option<AuditKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    pub id: Uuid,
    pub at: OffsetDateTime,
    /// The user the event belongs to; `None` for e.g. a failed login with an
    /// unknown username. Deleting a user deletes their events.
    pub user_id: Option<UserId>,
    pub kind: AuditKind,
    pub ip: String,
    /// Short, never secret: a username tried, a token name.
    pub detail: String,
}

impl AuditEvent {
    pub fn new(
        at: OffsetDateTime,
        user_id: Option<UserId>,
        kind: AuditKind,
        ctx: &RequestContext,
        detail: impl Into<String>,
    ) -> Self {
        let mut detail: String = detail.into();
        if detail.chars().count() > 200 {
            detail = detail.chars().take(200).collect();
        }
        Self {
            id: Uuid::now_v7(),
            at,
            user_id,
            kind,
            ip: ctx.ip.clone(),
            detail,
        }
    }
}

/// Which events to list: newest first, `limit` of them after skipping
/// `offset`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditFilter {
    pub user: Option<UserId>,
    pub kind: Option<AuditKind>,
    pub offset: u64,
    pub limit: u32,
}

impl AuditFilter {
    /// Events per page unless asked otherwise.
    pub const PAGE: u32 = 50;
}

impl Default for AuditFilter {
    fn default() -> Self {
        Self {
            user: None,
            kind: None,
            offset: 0,
            limit: AuditFilter::PAGE,
        }
    }
}

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait AuditRepo: Send + Sync {
    async fn insert_audit(&self, event: &AuditEvent) -> StoreResult<()>;
    /// A user's own events, newest first.
    async fn audit_for_user(&self, owner: UserId, limit: u32) -> StoreResult<Vec<AuditEvent>>;
    /// Every event, newest first (admins only; the caller checks the role).
    async fn audit_all(&self, limit: u32) -> StoreResult<Vec<AuditEvent>>;
    /// Audit events matching the filter, newest first (admins; the caller
    /// checks the role).
    async fn search_audit(&self, filter: &AuditFilter) -> StoreResult<Vec<AuditEvent>>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_names() {
        for k in AuditKind::ALL {
            assert_eq!(AuditKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(AuditKind::parse("nope"), None);
    }
}
