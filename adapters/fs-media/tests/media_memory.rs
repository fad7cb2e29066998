//! The media-store contract's large-file case on the filesystem adapter:
//! one test in this binary, so the allocator counts only its bytes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use socialflow_fs_media::FsMediaStore;
use socialflow_media_contract::{Subject, media_store_memory_contract};

async fn fs_store() -> Subject {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(FsMediaStore::new(dir.path()));
    Subject::new(store, dir)
}

media_store_memory_contract!(fs_store);
