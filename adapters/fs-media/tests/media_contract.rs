//! The media-store contract on the filesystem adapter.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use socialflow_fs_media::FsMediaStore;
use socialflow_media_contract::{Subject, media_store_contract};

async fn fs_store() -> Subject {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(FsMediaStore::new(dir.path()));
    Subject::new(store, dir)
}

media_store_contract!(fs_store);
