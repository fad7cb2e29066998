//! Media on S3-compatible object storage (AWS S3, Garage, SeaweedFS, MinIO,
//! s3s-fs…), through the `object_store` crate: one object per media id
//! under a prefix, uploads streamed in parts of bounded size with a bounded
//! number of parts in flight, ranged reads, and presigned GET URLs that
//! Instagram can fetch media from. Probing, conversion and transcoding need
//! a local file: [`Staged`] copies the object to a scratch directory, runs
//! the local adapter there and writes the result back.

mod config;
mod staged;
mod store;

pub use config::{S3Config, S3ConfigError};
pub use staged::Staged;
pub use store::S3MediaStore;
