//! Posts and publishing: what the user schedules, the state machine it moves
//! through, the rules Instagram imposes on captions, and the publisher that
//! turns due posts into Instagram media exactly once.

mod backoff;
mod caption;
mod container_budget;
mod export;
mod id;
pub mod import;
mod kind;
mod library_media;
mod lifecycle;
mod log;
mod media;
mod media_check;
mod ports;
mod post;
mod published_hook;
mod publisher;
mod quota_cache;
mod service;
mod state;

pub use backoff::backoff;
pub use caption::{
    CaptionLimits, CaptionProblem, CaptionReport, check_caption, normalise_hashtags,
};
pub use container_budget::{
    BUDGET_WINDOW, CONTAINERS_PER_DAY, ContainerBudget, EditForecast, containers_needed,
};
pub use export::PostsExporter;
pub use id::PostId;
pub use kind::{PostField, PostKind};
pub use library_media::{LibraryPostMedia, purge_unused_media};
pub use lifecycle::{CONTAINER_LIFETIME, EditEffect, IllegalTransition, PublishBlocked};
pub use log::{PostEvent, PostLogEntry};
pub use media::{MediaChoice, MediaClass, MediaFacts, MediaResolveError, PostMedia, ResolvedMedia};
pub use media_check::{MediaFix, MediaIssue, MediaSlot, use_of};
pub use ports::{Change, PostFilter, PostRepo, UnitOfWork};
#[cfg(any(test, feature = "mocks"))]
pub use ports::{MockPostRepo, MockUnitOfWork};
pub use post::{
    Post, PostContent, PostHold, PostOptions, TrialStrategy, UserTagSpec, decode_list, encode_list,
};
pub use published_hook::PublishedHook;
pub use publisher::{
    CONCURRENCY_RANGE, DEFAULT_BATCH, DEFAULT_CONCURRENCY, DEFAULT_LEASE_SECS,
    DEFAULT_QUOTA_CACHE_SECS, LEASE_SECS_RANGE, LeaseOutOfRange, PublishReport, Publisher,
    PublisherConfig,
};
pub use service::{PostError, PostInput, PostProblem, PostService, RescheduleError};
pub use state::PostState;
