//! Media facts and problems in the user's language (sizes, durations,
//! what Instagram would refuse), for pages and post problems alike.

use socialflow_core::media::{MediaKind, MediaProblem};

use crate::i18n::{Arg, Tr};

/// "16 min 2 s" in the user's language.
pub fn duration(tr: &Tr, ms: u64) -> String {
    let total = ms / 1000;
    let (h, m, s) = (total / 3600, (total / 60) % 60, total % 60);
    let unit = |n: u64, key: &str| format!("{n} {}", tr.t(key));
    let parts: Vec<String> = if h > 0 {
        [(h, "media-unit-h"), (m, "media-unit-min")]
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, k)| unit(*n, k))
            .collect()
    } else if m > 0 {
        [(m, "media-unit-min"), (s, "media-unit-s")]
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, k)| unit(*n, k))
            .collect()
    } else if !ms.is_multiple_of(1000) && ms < 10_000 {
        vec![format!(
            "{:.1} {}",
            ms as f64 / 1000.0,
            tr.t("media-unit-s")
        )]
    } else {
        vec![unit(s, "media-unit-s")]
    };
    parts.join(" ")
}

pub fn bytes(tr: &Tr, n: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if n >= 1024 * MIB {
        format!(
            "{:.1} {}",
            n as f64 / (1024 * MIB) as f64,
            tr.t("media-unit-gib")
        )
    } else if n >= MIB {
        format!("{:.1} {}", n as f64 / MIB as f64, tr.t("media-unit-mib"))
    } else {
        format!("{} {}", n.div_ceil(1024), tr.t("media-unit-kib"))
    }
}

pub fn ratio(r: f64) -> String {
    socialflow_core::media::format_ratio(r)
}

pub fn kind_word(tr: &Tr, k: MediaKind) -> String {
    tr.t(&format!("media-kind-{}", k.as_str()))
}

/// A problem in the user's language, with its numbers.
pub fn problem_text(tr: &Tr, p: &MediaProblem) -> String {
    use MediaProblem::*;
    let key = format!("media-problem-{}", p.code());
    let s = |v: String| Arg::from(v);
    match p {
        WrongKind { expected, actual } => tr.t_args(
            &key,
            &[
                ("expected", s(kind_word(tr, *expected))),
                ("actual", s(kind_word(tr, *actual))),
            ],
        ),
        NotJpeg { actual } => tr.t1(&key, "actual", actual.as_str().to_uppercase()),
        FileTooLarge {
            max_bytes,
            actual_bytes,
        } => tr.t_args(
            &key,
            &[
                ("max", s(bytes(tr, *max_bytes))),
                ("actual", s(bytes(tr, *actual_bytes))),
            ],
        ),
        AspectOutOfRange { min, max, actual } => tr.t_args(
            &key,
            &[
                ("min", s(ratio(*min))),
                ("max", s(ratio(*max))),
                ("actual", s(ratio(*actual))),
            ],
        ),
        AspectNotRecommended {
            recommended,
            actual,
        } => tr.t_args(
            &key,
            &[
                ("recommended", s(ratio(*recommended))),
                ("actual", s(ratio(*actual))),
            ],
        ),
        WidthOutOfRange { min, max, actual } => tr.t_args(
            &key,
            &[
                ("min", Arg::from(i64::from(*min))),
                ("max", Arg::from(i64::from(*max))),
                ("actual", Arg::from(i64::from(*actual))),
            ],
        ),
        DurationOutOfRange {
            min_ms,
            max_ms,
            actual_ms,
        }
        | DurationUnverified {
            min_ms,
            max_ms,
            actual_ms,
        } => tr.t_args(
            &key,
            &[
                ("min", s(duration(tr, *min_ms))),
                ("max", s(duration(tr, *max_ms))),
                ("actual", s(duration(tr, *actual_ms))),
            ],
        ),
        VideoCodecUnsupported { actual } => tr.t1(
            &key,
            "actual",
            actual
                .clone()
                .unwrap_or_else(|| tr.t("media-codec-unreadable")),
        ),
        AudioCodecUnsupported { actual } => tr.t1(&key, "actual", actual.clone()),
        FrameRateOutOfRange { min, max, actual } => tr.t_args(
            &key,
            &[
                ("min", Arg::from(i64::from(*min))),
                ("max", Arg::from(i64::from(*max))),
                ("actual", s(format!("{actual:.2}"))),
            ],
        ),
        VideoTooWide { max, actual } => tr.t_args(
            &key,
            &[
                ("max", Arg::from(i64::from(*max))),
                ("actual", Arg::from(i64::from(*actual))),
            ],
        ),
        BitrateTooHigh { max, actual } => tr.t_args(
            &key,
            &[
                ("max", s(format!("{}", max / 1_000_000))),
                ("actual", s(format!("{:.1}", *actual as f64 / 1_000_000.0))),
            ],
        ),
        MoovNotAtFront => tr.t(&key),
        NotMeasured { what } => tr.t(&format!("{key}-{what}")),
    }
}
