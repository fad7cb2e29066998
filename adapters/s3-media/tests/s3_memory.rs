//! The media-store contract's large-file case on the S3 adapter against
//! s3s-fs (`SOCIALFLOW_S3S_FS`; fails without it): one test in this binary,
//! so the allocator counts only its bytes. 64 MiB go up as a multipart
//! upload of 8 MiB parts, at most 2 in flight.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use secrecy::SecretString;
use socialflow_media_contract::s3s::{ACCESS_KEY, BUCKET, REGION, S3sServer, SECRET_KEY};
use socialflow_media_contract::{Subject, media_store_memory_contract};
use socialflow_s3_media::{S3Config, S3MediaStore};

async fn s3_store() -> Subject {
    let server = S3sServer::start();
    let config = S3Config::new(
        Some(server.endpoint.clone()),
        BUCKET,
        REGION,
        ACCESS_KEY,
        SecretString::from(SECRET_KEY),
    );
    let store = Arc::new(S3MediaStore::new(&config).unwrap());
    Subject::new(store, server)
}

media_store_memory_contract!(s3_store);
