//! When a failed delivery is tried again, and when to stop.

use time::Duration;

/// A delivery still failing this long after it was made is given up.
pub const GIVE_UP_AFTER: Duration = Duration::hours(24);
/// An endpoint whose every delivery has failed for this long is disabled.
pub const DISABLE_AFTER: Duration = Duration::days(3);

const FIRST_RETRY_SECS: i64 = 30;
const LONGEST_WAIT_SECS: i64 = 3_600;

/// The wait before attempt `attempts + 1`, after `attempts` failed ones:
/// 30 s doubling up to an hour, with "equal jitter" (between half and all
/// of it) so endpoints that failed together do not retry together. `seed`
/// (the delivery's id bits) makes the jitter differ between deliveries while
/// keeping this a pure function.
pub fn retry_delay(attempts: u32, seed: u64) -> Duration {
    let exp = attempts.saturating_sub(1).min(20);
    let full = FIRST_RETRY_SECS
        .saturating_mul(1_i64 << exp)
        .min(LONGEST_WAIT_SECS);
    // A splitmix64 step: cheap, and spreads nearby seeds.
    let mut z = seed.wrapping_add(u64::from(attempts).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    let half_ms = full * 500;
    let jitter_ms = i64::try_from(z % (half_ms as u64 + 1)).unwrap_or(0);
    Duration::milliseconds(half_ms + jitter_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_within_jitter_and_stop_growing_at_an_hour() {
        for seed in [0, 1, 42, u64::MAX] {
            let mut previous_full = 0;
            for attempts in 1..40 {
                let d = retry_delay(attempts, seed).whole_milliseconds() as i64;
                let full =
                    (FIRST_RETRY_SECS << (attempts - 1).min(20)).min(LONGEST_WAIT_SECS) * 1000;
                assert!(
                    d >= full / 2 && d <= full,
                    "attempt {attempts}: {d} of {full}"
                );
                assert!(full >= previous_full);
                previous_full = full;
            }
        }
        assert!(retry_delay(1, 7) <= Duration::seconds(30));
        assert!(retry_delay(30, 7) >= Duration::minutes(30));
    }

    #[test]
    fn jitter_differs_between_deliveries() {
        let waits: std::collections::BTreeSet<_> = (0..20_u64).map(|s| retry_delay(5, s)).collect();
        assert!(waits.len() > 10, "{waits:?}");
    }

    #[test]
    fn a_day_of_retries_is_a_bounded_number_of_attempts() {
        let mut elapsed = Duration::ZERO;
        let mut attempts = 0;
        while elapsed < GIVE_UP_AFTER {
            attempts += 1;
            elapsed += retry_delay(attempts, 3);
        }
        assert!((20..=60).contains(&attempts), "{attempts}");
    }
}
