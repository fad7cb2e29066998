//! The inbox: recent posts with their comments, and direct messages, cached
//! from Instagram for at most 24 hours; answering them; real-time webhooks.

mod actions;
mod chat;
mod export;
mod hooks;
mod live;
mod messaging;
mod ports;
mod reads;
mod service;
mod sync;
mod threads;
pub mod triage;
mod types;
mod webhook;
mod webhook_events;

pub use chat::{
    AttachmentKind, ChatAttachment, ChatMessage, ConversationPreview, PREVIEW_CHARS, Preview,
    TimeLeft,
};
pub use export::InboxExporter;
pub use hooks::{CommentsHook, SyncHook};
#[cfg(any(test, feature = "mocks"))]
pub use live::MockLiveRepo;
pub use live::{LiveEvent, LiveKind, LiveRepo, NewLiveEvent, SyncState};
pub use messaging::{MAX_MESSAGE_BYTES, MessagingWindow, window_for};
pub use ports::{
    CachedMediaRepo, CommentRepo, ConversationRepo, InboxChange, InboxRepo, StoryInsightRepo,
};
#[cfg(any(test, feature = "mocks"))]
pub use ports::{
    MockCachedMediaRepo, MockCommentRepo, MockConversationRepo, MockInboxRepo, MockStoryInsightRepo,
};
pub use service::{InboxError, InboxPolicy, InboxService, InboxStorage, MAX_COMMENT_CHARS};
pub use sync::{FLUSH_ROWS, MAX_PAGES, SyncMode, SyncReport};
pub use threads::{Thread, threads};
pub use types::*;
pub use webhook::{
    MAX_ID_BYTES, MAX_MID_BYTES, MAX_TEXT_BYTES, WebhookError, WebhookEvent, WebhookHandlingError,
    WebhookReport, WebhookVerifier, parse_webhook,
};
