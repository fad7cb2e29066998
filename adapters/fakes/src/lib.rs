//! In-memory fakes of the ports: a storage that behaves like the databases
//! (proven by the shared contract tests), a manual clock and a fast hasher.

mod clock;
mod hasher;
mod post_media;
mod store;

pub use clock::ManualClock;
pub use hasher::FastHasher;
pub use post_media::FakePostMedia;
pub use store::MemoryStore;
