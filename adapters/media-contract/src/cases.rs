//! The cases, each on a fresh store. A store may hold other files (a shared
//! bucket): every case uses fresh ids.

use bytes::Bytes;
use futures::StreamExt;
use socialflow_core::media::{ByteStream, MediaId, MediaStore, MediaStoreError};

use crate::Meter;

/// `data` as a stream of `size`-byte chunks, like an upload.
pub fn chunks(data: &[u8], size: usize) -> ByteStream {
    let parts: Vec<Result<Bytes, std::io::Error>> = data
        .chunks(size.max(1))
        .map(|c| Ok(Bytes::copy_from_slice(c)))
        .collect();
    Box::pin(futures::stream::iter(parts))
}

/// Bytes that differ from position to position, so a misplaced range shows.
pub fn pattern(len: usize, seed: u8) -> Vec<u8> {
    (0..len).map(|i| byte_at(i as u64, seed)).collect()
}

fn byte_at(pos: u64, seed: u8) -> u8 {
    ((pos % 251) as u8) ^ ((pos >> 16) as u8) ^ seed
}

pub async fn read_all(store: &dyn MediaStore, id: MediaId, start: u64, len: u64) -> Vec<u8> {
    let mut s = store.read_range(id, start, len).await.unwrap();
    let mut out = Vec::new();
    while let Some(c) = s.next().await {
        out.extend_from_slice(&c.unwrap());
    }
    out
}

async fn put(store: &dyn MediaStore, data: &[u8]) -> MediaId {
    let id = MediaId::new();
    let n = store.put(id, chunks(data, 1000), 1 << 30).await.unwrap();
    assert_eq!(n, data.len() as u64);
    id
}

fn is_not_found<T>(r: Result<T, MediaStoreError>) -> bool {
    matches!(r, Err(MediaStoreError::NotFound))
}

pub async fn round_trip_in_chunks_of_any_size(store: &dyn MediaStore) {
    let data = pattern(70_001, 1);
    for chunk in [1usize, 999, 4096, 65_536, 1 << 20] {
        let id = MediaId::new();
        let n = store
            .put(
                id,
                chunks(&data[..if chunk == 1 { 3_000 } else { data.len() }], chunk),
                1 << 30,
            )
            .await
            .unwrap();
        let expected = if chunk == 1 {
            &data[..3_000]
        } else {
            &data[..]
        };
        assert_eq!(n, expected.len() as u64, "chunks of {chunk}");
        assert_eq!(store.size(id).await.unwrap(), n);
        assert_eq!(
            read_all(store, id, 0, n).await,
            expected,
            "chunks of {chunk}"
        );
    }
}

pub async fn head_and_ranges_at_the_edges(store: &dyn MediaStore) {
    let data = pattern(10_000, 2);
    let id = put(store, &data).await;
    assert_eq!(store.head(id, 0).await.unwrap(), Vec::<u8>::new());
    assert_eq!(store.head(id, 64).await.unwrap(), data[..64].to_vec());
    assert_eq!(store.head(id, 1_000_000).await.unwrap(), data);
    assert_eq!(read_all(store, id, 0, 0).await, Vec::<u8>::new());
    assert_eq!(read_all(store, id, 0, 10).await, data[..10].to_vec());
    assert_eq!(read_all(store, id, 100, 50).await, data[100..150].to_vec());
    assert_eq!(read_all(store, id, 9_999, 1).await, data[9_999..].to_vec());
    assert_eq!(
        read_all(store, id, 9_990, 1_000).await,
        data[9_990..].to_vec()
    );
    assert_eq!(read_all(store, id, 0, u64::MAX).await, data);
    assert_eq!(read_all(store, id, 10_000, 10).await, Vec::<u8>::new());
    assert_eq!(read_all(store, id, 20_000, 10).await, Vec::<u8>::new());
}

pub async fn an_empty_file_is_a_file(store: &dyn MediaStore) {
    let id = MediaId::new();
    assert_eq!(store.put(id, chunks(&[], 10), 100).await.unwrap(), 0);
    assert_eq!(store.size(id).await.unwrap(), 0);
    assert_eq!(store.head(id, 64).await.unwrap(), Vec::<u8>::new());
    assert_eq!(read_all(store, id, 0, 10).await, Vec::<u8>::new());
    store.delete(id).await.unwrap();
    assert!(is_not_found(store.size(id).await));
}

pub async fn a_put_replaces_the_file(store: &dyn MediaStore) {
    let first = pattern(5_000, 3);
    let id = put(store, &first).await;
    let second = pattern(1_234, 4);
    assert_eq!(
        store.put(id, chunks(&second, 100), 1 << 20).await.unwrap(),
        1_234
    );
    assert_eq!(store.size(id).await.unwrap(), 1_234);
    assert_eq!(read_all(store, id, 0, 10_000).await, second);
}

pub async fn exactly_the_cap_is_accepted(store: &dyn MediaStore) {
    let data = pattern(5_000, 5);
    let id = MediaId::new();
    assert_eq!(
        store.put(id, chunks(&data, 999), 5_000).await.unwrap(),
        5_000
    );
    assert_eq!(store.size(id).await.unwrap(), 5_000);
}

pub async fn over_the_cap_is_refused_and_nothing_kept(store: &dyn MediaStore) {
    let id = MediaId::new();
    let err = store
        .put(id, chunks(&pattern(10_000, 6), 999), 5_000)
        .await
        .unwrap_err();
    assert!(
        matches!(err, MediaStoreError::TooLarge { limit: 5_000 }),
        "{err:?}"
    );
    assert!(is_not_found(store.size(id).await));
    assert!(is_not_found(store.head(id, 10).await));
    // A single chunk larger than the cap, too.
    let err = store
        .put(id, chunks(&pattern(10_000, 6), 10_000), 5_000)
        .await
        .unwrap_err();
    assert!(matches!(err, MediaStoreError::TooLarge { .. }), "{err:?}");
    assert!(is_not_found(store.size(id).await));
}

pub async fn over_the_cap_keeps_the_previous_file(store: &dyn MediaStore) {
    let first = pattern(3_000, 7);
    let id = put(store, &first).await;
    let err = store
        .put(id, chunks(&pattern(10_000, 8), 999), 5_000)
        .await
        .unwrap_err();
    assert!(matches!(err, MediaStoreError::TooLarge { .. }), "{err:?}");
    assert_eq!(read_all(store, id, 0, 10_000).await, first);
}

pub async fn an_interrupted_upload_keeps_nothing(store: &dyn MediaStore) {
    let id = MediaId::new();
    let parts: Vec<Result<Bytes, std::io::Error>> = vec![
        Ok(Bytes::from(pattern(4_000, 9))),
        Ok(Bytes::from(pattern(4_000, 10))),
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "client went away",
        )),
    ];
    let err = store
        .put(id, Box::pin(futures::stream::iter(parts)), 1 << 20)
        .await
        .unwrap_err();
    assert!(matches!(err, MediaStoreError::Interrupted(_)), "{err:?}");
    assert!(is_not_found(store.size(id).await));
}

pub async fn delete_is_idempotent(store: &dyn MediaStore) {
    let id = put(store, &pattern(2_000, 11)).await;
    store.delete(id).await.unwrap();
    assert!(is_not_found(store.size(id).await));
    store.delete(id).await.unwrap();
    store.delete(MediaId::new()).await.unwrap();
}

pub async fn a_missing_file_is_not_found(store: &dyn MediaStore) {
    let id = MediaId::new();
    assert!(is_not_found(store.size(id).await));
    assert!(is_not_found(store.head(id, 64).await));
    assert!(is_not_found(store.read_range(id, 0, 10).await));
}

pub async fn files_are_kept_apart(store: &dyn MediaStore) {
    let a = pattern(3_000, 12);
    let b = pattern(4_000, 13);
    let ia = put(store, &a).await;
    let ib = put(store, &b).await;
    store.delete(ia).await.unwrap();
    assert!(is_not_found(store.size(ia).await));
    assert_eq!(read_all(store, ib, 0, 10_000).await, b);
}

/// The size of the large file: big enough that holding it (or a good part
/// of it) in memory shows.
pub const LARGE: u64 = 64 << 20;
/// What a store may allocate at its peak while writing or reading
/// [`LARGE`] bytes (part buffers, parts in flight).
pub const LARGE_MEMORY_BUDGET: usize = 32 << 20;

/// A generated stream of `len` bytes in 64 KiB chunks, never whole in memory.
fn generated(len: u64, seed: u8) -> ByteStream {
    const CHUNK: u64 = 64 * 1024;
    Box::pin(futures::stream::unfold(0u64, move |pos| async move {
        if pos >= len {
            return None;
        }
        let n = CHUNK.min(len - pos);
        let chunk: Vec<u8> = (pos..pos + n).map(|p| byte_at(p, seed)).collect();
        Some((Ok(Bytes::from(chunk)), pos + n))
    }))
}

pub async fn a_large_file_streams_with_bounded_memory(store: &dyn MediaStore, meter: &dyn Meter) {
    let id = MediaId::new();
    let before = meter.current();
    meter.reset_peak();
    let n = store.put(id, generated(LARGE, 14), LARGE).await.unwrap();
    let put_peak = meter.peak().saturating_sub(before);
    assert_eq!(n, LARGE);
    assert_eq!(store.size(id).await.unwrap(), LARGE);

    let before = meter.current();
    meter.reset_peak();
    let mut s = store.read_range(id, 0, LARGE).await.unwrap();
    let mut pos = 0u64;
    while let Some(c) = s.next().await {
        let c = c.unwrap();
        for (i, b) in c.iter().enumerate() {
            assert_eq!(*b, byte_at(pos + i as u64, 14), "byte {}", pos + i as u64);
        }
        pos += c.len() as u64;
    }
    drop(s);
    let read_peak = meter.peak().saturating_sub(before);
    assert_eq!(pos, LARGE);
    println!(
        "large file of {} MiB: peak allocation while writing {:.1} MiB, while reading {:.1} MiB",
        LARGE >> 20,
        put_peak as f64 / 1048576.0,
        read_peak as f64 / 1048576.0
    );
    assert!(
        put_peak <= LARGE_MEMORY_BUDGET,
        "writing allocated {put_peak} bytes at its peak"
    );
    assert!(
        read_peak <= LARGE_MEMORY_BUDGET,
        "reading allocated {read_peak} bytes at its peak"
    );
    store.delete(id).await.unwrap();
}
