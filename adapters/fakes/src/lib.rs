//! In-memory fakes of the ports: a storage that behaves like the databases
//! (proven by the shared contract tests), a manual clock and a fast hasher.

mod clock;
mod hasher;
mod privacy;
mod store;

pub use clock::ManualClock;
pub use hasher::FastHasher;
pub use store::MemoryStore;
