//! The media-store contract: the same cases run against every
//! [`MediaStore`] — the filesystem adapter and the S3 adapter (against a real
//! S3-compatible server). An adapter's test file calls
//! [`media_store_contract!`] with an async setup function returning a
//! [`Subject`]; each case becomes its own `#[tokio::test]`.
//!
//! [`media_store_memory_contract!`], in a test binary of its own, installs a
//! counting global allocator and checks that a store streams a large file
//! instead of buffering it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

pub mod cases;
pub mod s3s;

use std::sync::Arc;

use socialflow_core::media::MediaStore;

pub use peak_alloc::PeakAlloc;

/// A store under test and whatever keeps it alive (a temporary directory,
/// a server process), dropped at the end of the case.
pub struct Subject {
    pub store: Arc<dyn MediaStore>,
    pub guard: Box<dyn std::any::Any + Send>,
}

impl Subject {
    pub fn new(store: Arc<dyn MediaStore>, guard: impl std::any::Any + Send) -> Self {
        Self {
            store,
            guard: Box::new(guard),
        }
    }
}

/// One `#[tokio::test]` per contract case, each on a fresh store from
/// `$setup` (an `async fn() -> Subject`). The memory case is apart, in
/// [`media_store_memory_contract!`].
#[macro_export]
macro_rules! media_store_contract {
    ($setup:path) => {
        $crate::media_store_contract!(@cases $setup;
            round_trip_in_chunks_of_any_size,
            head_and_ranges_at_the_edges,
            an_empty_file_is_a_file,
            a_put_replaces_the_file,
            exactly_the_cap_is_accepted,
            over_the_cap_is_refused_and_nothing_kept,
            over_the_cap_keeps_the_previous_file,
            an_interrupted_upload_keeps_nothing,
            delete_is_idempotent,
            a_missing_file_is_not_found,
            files_are_kept_apart,
        );
    };
    (@cases $setup:path; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                let subject = $setup().await;
                $crate::cases::$case(&*subject.store).await;
            }
        )*
    };
}

/// The large-file case, with a counting global allocator: call it in a
/// test binary of its own, so that nothing else allocates meanwhile.
#[macro_export]
macro_rules! media_store_memory_contract {
    ($setup:path) => {
        #[global_allocator]
        static MEDIA_CONTRACT_ALLOC: $crate::PeakAlloc = $crate::PeakAlloc;

        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn a_large_file_streams_with_bounded_memory() {
            let subject = $setup().await;
            $crate::cases::a_large_file_streams_with_bounded_memory(
                &*subject.store,
                &MEDIA_CONTRACT_ALLOC,
            )
            .await;
        }
    };
}

/// The current and the peak number of bytes allocated.
pub trait Meter: Sync {
    fn current(&self) -> usize;
    fn reset_peak(&self);
    fn peak(&self) -> usize;
}

impl Meter for PeakAlloc {
    fn current(&self) -> usize {
        self.current_usage()
    }
    fn reset_peak(&self) {
        self.reset_peak_usage();
    }
    fn peak(&self) -> usize {
        self.peak_usage()
    }
}
