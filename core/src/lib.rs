//! SocialFlow's domain: the types, the use cases and the ports (traits) that
//! adapters implement. Nothing here performs I/O; everything that touches the
//! world goes through a port so use cases run on fakes in milliseconds.

pub mod account;
pub mod accounts;
pub mod analytics;
pub mod approvals;
pub mod audit;
pub mod auth;
pub mod auth_cache;
pub mod automation;
pub mod client_review;
pub mod clock;
pub mod crypto;
pub mod ice_breakers;
pub mod idempotency;
pub mod inbox;
pub mod instagram;
pub mod language;
pub mod live;
pub mod media;
pub mod meta;
pub mod moderation;
pub mod notifications;
pub mod onboarding;
pub mod outgoing_webhooks;
pub mod password;
pub mod password_check;
pub mod posts;
pub mod privacy;
pub mod queue;
pub mod reports;
pub mod request;
pub mod saved_replies;
pub mod session;
pub mod snippets;
pub mod storage;
pub mod store_error;
pub mod team;
pub mod text;
pub mod throttle;
pub mod time_window;
pub mod timezone;
pub mod token;
pub mod unit_of_work;
pub mod user;
pub mod users;
pub mod webhook_events;
pub mod workspaces;

pub use clock::{Clock, SystemClock};
pub use language::Language;
pub use request::RequestContext;
pub use storage::{
    AccountRepo, AccountTokenRepo, ApiTokenRepo, AudienceRepo, AuditRepo, CachedMediaRepo,
    CalendarFeedRepo, CommentRepo, ConversationRepo, DailyInsightsRepo, DeletionRequestRepo,
    FollowerSnapshotRepo, HealthRepo, IdempotencyRepo, InboxRepo, LoginThrottleRepo,
    MediaMetricsRepo, MediaRepo, MilestoneRepo, OAuthStateRepo, PolicyRepo, PostRepo,
    ProfileSnapshotRepo, QueueRepo, SessionRepo, Store, StoryInsightRepo, UserRepo,
};
pub use store_error::{StoreError, StoreResult};
pub use timezone::TimeZone;
pub use unit_of_work::{Change, UnitOfWork};
pub use user::{User, UserId, Username};
