//! In-memory fakes of the ports: a storage that behaves like the databases
//! (proven by the shared contract tests), a manual clock and a fast hasher.

mod analytics;
mod clock;
mod hasher;
mod inbox;
mod media;
mod onboarding;
mod post_media;
mod posts;
mod privacy;
mod store;

pub use clock::ManualClock;
pub use hasher::FastHasher;
pub use post_media::FakePostMedia;
pub use store::MemoryStore;
