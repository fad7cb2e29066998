//! Axis ticks at round numbers: steps of 1, 2 or 5 × 10ⁿ ("nice numbers"),
//! so a chart's axis reads 0, 500, 1 000, 1 500 instead of 0, 347, 694.

/// The axis of a chart: its bounds (a multiple of the step on each side
/// that covers every value) and the ticks between them, lowest first.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    pub lo: f64,
    pub hi: f64,
    pub step: f64,
    pub ticks: Vec<f64>,
}

/// The smallest 1-2-5 × 10ⁿ step at least `raw` (and at least 1: counts
/// have no fractions).
pub fn nice_step(raw: f64) -> f64 {
    if !raw.is_finite() || raw <= 1.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(raw.log10().floor());
    let fraction = raw / magnitude;
    let nice = if fraction <= 1.0 {
        1.0
    } else if fraction <= 2.0 {
        2.0
    } else if fraction <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * magnitude
}

/// An axis from `lo` to `hi` with at most `max_ticks` ticks (at least 2),
/// bounds rounded outwards to the step. A flat series (`lo == hi`) gets a
/// step of 1 around its value.
pub fn nice_axis(lo: f64, hi: f64, max_ticks: usize) -> Axis {
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
    let intervals = max_ticks.max(2) - 1;
    let mut step = nice_step((hi - lo) / intervals as f64);
    let (mut a, mut b);
    loop {
        a = (lo / step).floor() * step;
        b = (hi / step).ceil() * step;
        if b <= a {
            b = a + step;
        }
        // Rounding the bounds outwards can add an interval: take the next
        // step then, so the tick count stays within the limit.
        if ((b - a) / step).round() as usize <= intervals {
            break;
        }
        step = nice_step(step * 1.5);
    }
    let count = ((b - a) / step).round() as usize;
    let ticks = (0..=count).map(|i| a + step * i as f64).collect();
    Axis {
        lo: a,
        hi: b,
        step,
        ticks,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn is_nice(v: f64) -> bool {
        if v == 0.0 {
            return true;
        }
        let m = 10f64.powf(v.abs().log10().floor());
        [1.0, 2.0, 5.0, 10.0]
            .iter()
            .any(|n| ((v.abs() / m) - n).abs() < 1e-9)
    }

    #[test]
    fn steps_are_one_two_or_five_times_a_power_of_ten() {
        assert_eq!(nice_step(0.3), 1.0);
        assert_eq!(nice_step(1.2), 2.0);
        assert_eq!(nice_step(3.0), 5.0);
        assert_eq!(nice_step(7.0), 10.0);
        assert_eq!(nice_step(230.0), 500.0);
        assert_eq!(nice_step(1_001.0), 2_000.0);
        assert_eq!(nice_step(f64::NAN), 1.0);
    }

    #[test]
    fn the_axis_covers_the_values_with_round_ticks() {
        let a = nice_axis(1_203.0, 1_347.0, 5);
        assert!(a.lo <= 1_203.0 && a.hi >= 1_347.0, "{a:?}");
        assert!(a.ticks.len() <= 5 && a.ticks.len() >= 2, "{a:?}");
        assert!(is_nice(a.step), "{a:?}");
        for t in &a.ticks {
            assert_eq!((t / a.step).fract(), 0.0, "{t} is on the step");
        }
        assert_eq!(a.ticks, vec![1_200.0, 1_250.0, 1_300.0, 1_350.0]);
    }

    #[test]
    fn negative_and_flat_ranges() {
        let a = nice_axis(-37.0, 12.0, 5);
        assert_eq!(a.ticks, vec![-40.0, -20.0, 0.0, 20.0]);
        let flat = nice_axis(500.0, 500.0, 5);
        assert_eq!(flat.ticks, vec![500.0, 501.0]);
        let big = nice_axis(0.0, 987_654.0, 6);
        assert_eq!(big.step, 200_000.0);
        assert_eq!(big.hi, 1_000_000.0);
    }

    #[test]
    fn never_more_ticks_than_asked() {
        for hi in [1.0, 7.0, 19.0, 99.0, 101.0, 999.0, 12_345.0, 3e9] {
            for max in 2..8 {
                let a = nice_axis(0.0, hi, max);
                assert!(a.ticks.len() <= max, "{hi} {max}: {a:?}");
                assert!(a.hi >= hi);
            }
        }
    }
}
