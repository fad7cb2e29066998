//! Uploaded media files: what they are, what Instagram accepts, and the ports
//! that store and serve them.

mod id;

pub use id::MediaId;
