use time::Duration;

/// Exponential backoff with jitter: 2^attempt × `base`, capped at `max`, then
/// spread by up to ±25 % with a jitter derived from `seed` (e.g. the post id),
/// so posts that failed together do not retry together. Deterministic for a
/// given seed, which keeps tests exact without a random source in core.
pub fn backoff(attempt: u32, base: Duration, max: Duration, seed: u64) -> Duration {
    let exp = base.saturating_mul(1_i32 << attempt.min(20));
    let capped = if exp > max { max } else { exp };
    // splitmix64 of seed+attempt → a fraction in [-0.25, 0.25).
    let mut z = seed.wrapping_add(u64::from(attempt).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    let fraction = (z % 10_000) as f64 / 10_000.0 * 0.5 - 0.25;
    capped + capped * fraction
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_caps_and_spreads() {
        let base = Duration::seconds(10);
        let max = Duration::minutes(30);
        let d0 = backoff(0, base, max, 7);
        let d3 = backoff(3, base, max, 7);
        assert!(
            d0 >= Duration::seconds(7) && d0 <= Duration::seconds(13),
            "{d0}"
        );
        assert!(
            d3 >= Duration::seconds(60) && d3 <= Duration::seconds(100),
            "{d3}"
        );
        assert!(backoff(30, base, max, 7) <= max + max * 0.25);
        // Two posts failing together retry at different times.
        assert_ne!(backoff(2, base, max, 1), backoff(2, base, max, 2));
    }
}
