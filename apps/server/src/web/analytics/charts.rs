//! Geometry for the server-rendered SVG charts: the templates draw what is
//! computed here. Missing days break lines and leave bars out, so gaps show
//! as gaps. Value ticks sit at round numbers, labels are measured so none
//! is clipped, and every point or bar is focusable with its value.

use socialflow_core::Language;
use socialflow_core::analytics as an;

use super::format as fmt;

/// Drawing area of the time charts, in SVG user units.
pub const WIDTH: f64 = 720.0;
pub const HEIGHT: f64 = 220.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 28.0;
/// Axis labels are 11 px; a digit or letter is at most this wide (a
/// generous estimate, so a label measured with it is never clipped).
const CHAR_W: f64 = 7.0;
/// At most this many value ticks on the vertical axis.
const Y_TICKS: usize = 5;
/// The tooltip's text line.
const TIP_H: f64 = 22.0;

pub struct Tick {
    pub pos: String,
    pub label: String,
    /// `start`, `middle` or `end`: the first and last date labels are
    /// anchored inwards so they stay inside the picture.
    pub anchor: &'static str,
}

pub struct Line {
    /// CSS class (the series' colour).
    pub class: &'static str,
    /// Path data: one `M … L …` run per stretch of known values.
    pub d: String,
    /// Lone points (a known day between two gaps) drawn as dots.
    pub dots: Vec<(String, String)>,
}

/// A tooltip drawn in the SVG, shown on hover and keyboard focus by CSS.
pub struct Tip {
    pub x: String,
    pub y: String,
    pub width: String,
    pub text_x: String,
    pub text_y: String,
}

/// A focusable point with its value: hover or Tab shows the tooltip, and
/// screen readers read `label`.
pub struct HoverPoint {
    pub class: &'static str,
    pub x: String,
    pub y: String,
    pub label: String,
    pub tip: Tip,
}

pub struct Bar {
    pub x: String,
    pub y: String,
    pub width: String,
    pub height: String,
    pub class: &'static str,
    pub title: String,
    pub tip: Tip,
}

/// A chart over days: lines, or bars around a zero line.
pub struct TimeChart {
    pub lines: Vec<Line>,
    pub points: Vec<HoverPoint>,
    pub bars: Vec<Bar>,
    pub y_ticks: Vec<Tick>,
    pub x_ticks: Vec<Tick>,
    /// Where the zero line is (bar charts).
    pub zero: Option<String>,
    pub empty: bool,
    /// The plot's left and right edges (grid lines), where the value
    /// labels end, and the baseline of the date labels.
    pub left: String,
    pub right: String,
    pub label_x: String,
    pub label_y: String,
}

fn f(v: f64) -> String {
    format!("{v:.1}")
}

/// How wide a label is drawn, at most (see [`CHAR_W`]).
pub fn text_width(s: &str) -> f64 {
    s.chars().count() as f64 * CHAR_W
}

/// The plot area: its left edge depends on the widest value label.
#[derive(Clone, Copy)]
struct Frame {
    left: f64,
}

impl Frame {
    fn for_labels(labels: &[String]) -> Self {
        let widest = labels.iter().map(|l| text_width(l)).fold(0.0, f64::max);
        Frame {
            left: (widest + 12.0).max(24.0),
        }
    }
    fn plot_w(self) -> f64 {
        WIDTH - self.left - RIGHT
    }
    fn x_at(self, i: usize, n: usize) -> f64 {
        if n <= 1 {
            self.left + self.plot_w() / 2.0
        } else {
            self.left + self.plot_w() * i as f64 / (n - 1) as f64
        }
    }
}

fn plot_h() -> f64 {
    HEIGHT - TOP - BOTTOM
}

fn y_at(v: f64, lo: f64, hi: f64) -> f64 {
    TOP + plot_h() * (hi - v) / (hi - lo)
}

/// The value axis at round numbers (see [`an::nice_axis`]).
fn axis(values: impl Iterator<Item = i64>, include_zero: bool) -> Option<an::Axis> {
    let mut lo = i64::MAX;
    let mut hi = i64::MIN;
    for v in values {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if lo > hi {
        return None;
    }
    if include_zero {
        lo = lo.min(0);
        hi = hi.max(0);
    }
    Some(an::nice_axis(lo as f64, hi as f64, Y_TICKS))
}

fn y_labels(lang: Language, axis: &an::Axis) -> Vec<String> {
    axis.ticks
        .iter()
        .map(|v| fmt::group(lang, v.round() as i64))
        .collect()
}

fn y_ticks(axis: &an::Axis, labels: Vec<String>) -> Vec<Tick> {
    axis.ticks
        .iter()
        .zip(labels)
        .map(|(v, label)| Tick {
            pos: f(y_at(*v, axis.lo, axis.hi)),
            label,
            anchor: "end",
        })
        .collect()
}

/// Up to six date labels, evenly spread, first and last included; the
/// first starts at its point and the last ends at its point, so neither
/// leaves the picture, and labels never overlap.
fn x_ticks(frame: Frame, labels: &[String]) -> Vec<Tick> {
    let n = labels.len();
    if n == 0 {
        return Vec::new();
    }
    let widest = labels.iter().map(|l| text_width(l)).fold(0.0, f64::max);
    let fits = ((frame.plot_w() / (widest + 16.0)).floor() as usize).max(2);
    let count = n.min(6).min(fits);
    let mut idx: Vec<usize> = (0..count)
        .map(|i| {
            if count == 1 {
                0
            } else {
                i * (n - 1) / (count - 1)
            }
        })
        .collect();
    idx.dedup();
    let last = idx.len() - 1;
    idx.into_iter()
        .enumerate()
        .map(|(k, i)| Tick {
            pos: f(frame.x_at(i, n)),
            label: labels[i].clone(),
            anchor: match (n, k) {
                (1, _) => "middle",
                (_, 0) => "start",
                (_, k) if k == last => "end",
                _ => "middle",
            },
        })
        .collect()
}

/// A tooltip for a point at (x, y): above it, or below near the top,
/// and always inside the picture.
fn tip(label: &str, x: f64, y: f64) -> Tip {
    let width = text_width(label) + 12.0;
    let left = (x - width / 2.0).clamp(0.0, WIDTH - width);
    let top = if y - TIP_H - 8.0 < 0.0 {
        y + 8.0
    } else {
        y - TIP_H - 8.0
    };
    Tip {
        x: f(left),
        y: f(top),
        width: f(width),
        text_x: f(left + 6.0),
        text_y: f(top + 15.0),
    }
}

fn frame_fields(frame: Frame) -> (String, String, String, String) {
    (
        f(frame.left),
        f(WIDTH - RIGHT),
        f(frame.left - 6.0),
        f(HEIGHT - 8.0),
    )
}

/// One series of a line chart: its CSS class, its name (in tooltips),
/// one value per point.
pub struct Series {
    pub class: &'static str,
    pub name: String,
    pub values: Vec<Option<i64>>,
}

/// Lines over days: `labels` on the axis, `names` (full dates) in the
/// tooltips, and the series.
pub fn lines(lang: Language, labels: &[String], names: &[String], series: &[Series]) -> TimeChart {
    let n = labels.len();
    let Some(axis) = axis(
        series
            .iter()
            .flat_map(|s| s.values.iter().flatten().copied()),
        false,
    ) else {
        return empty(labels);
    };
    let value_labels = y_labels(lang, &axis);
    let frame = Frame::for_labels(&value_labels);
    let (lo, hi) = (axis.lo, axis.hi);
    let mut points = Vec::new();
    let lines = series
        .iter()
        .map(|s| {
            let mut d = String::new();
            let mut dots = Vec::new();
            let mut run = 0;
            for (i, v) in s.values.iter().enumerate() {
                match v {
                    Some(v) => {
                        let (x, y) = (frame.x_at(i, n), y_at(*v as f64, lo, hi));
                        d.push_str(if run == 0 { "M" } else { " L" });
                        d.push_str(&format!("{} {}", f(x), f(y)));
                        let next_known = s.values.get(i + 1).is_some_and(Option::is_some);
                        if run == 0 && !next_known {
                            dots.push((f(x), f(y)));
                        }
                        run += 1;
                        let name = names.get(i).or(labels.get(i)).cloned().unwrap_or_default();
                        let label = if series.len() > 1 {
                            format!("{} · {name}: {}", s.name, fmt::group(lang, *v))
                        } else {
                            format!("{name}: {}", fmt::group(lang, *v))
                        };
                        points.push(HoverPoint {
                            class: s.class,
                            x: f(x),
                            y: f(y),
                            tip: tip(&label, x, y),
                            label,
                        });
                    }
                    None => {
                        if run > 0 {
                            d.push(' ');
                        }
                        run = 0;
                    }
                }
            }
            Line {
                class: s.class,
                d: d.trim().to_string(),
                dots,
            }
        })
        .collect();
    let (left, right, label_x, label_y) = frame_fields(frame);
    TimeChart {
        lines,
        points,
        bars: Vec::new(),
        y_ticks: y_ticks(&axis, value_labels),
        x_ticks: x_ticks(frame, labels),
        zero: None,
        empty: false,
        left,
        right,
        label_x,
        label_y,
    }
}

/// Bars around zero: gains up, losses down; days without a change have
/// none. `titles` name each bar with its value (tooltip and screen
/// readers).
pub fn change_bars(
    lang: Language,
    labels: &[String],
    changes: &[Option<i64>],
    titles: &[String],
) -> TimeChart {
    let n = labels.len();
    let Some(axis) = axis(changes.iter().flatten().copied(), true) else {
        return empty(labels);
    };
    let value_labels = y_labels(lang, &axis);
    let frame = Frame::for_labels(&value_labels);
    let (lo, hi) = (axis.lo, axis.hi);
    let slot = frame.plot_w() / n.max(1) as f64;
    let width = (slot * 0.8).max(0.5);
    let zero = y_at(0.0, lo, hi);
    let bars = changes
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let c = (*c)?;
            let y = y_at(c as f64, lo, hi);
            let x = if n <= 1 {
                frame.left + frame.plot_w() / 2.0 - width / 2.0
            } else {
                frame.left + slot * i as f64 + (slot - width) / 2.0
            };
            let title = titles.get(i).cloned().unwrap_or_default();
            Some(Bar {
                x: f(x),
                y: f(y.min(zero)),
                width: f(width),
                height: f((y - zero).abs().max(if c == 0 { 0.0 } else { 1.0 })),
                class: if c >= 0 { "gain" } else { "loss" },
                tip: tip(&title, x + width / 2.0, y.min(zero)),
                title,
            })
        })
        .collect();
    let (left, right, label_x, label_y) = frame_fields(frame);
    TimeChart {
        lines: Vec::new(),
        points: Vec::new(),
        bars,
        y_ticks: y_ticks(&axis, value_labels),
        x_ticks: x_ticks(frame, labels),
        zero: Some(f(zero)),
        empty: false,
        left,
        right,
        label_x,
        label_y,
    }
}

fn empty(labels: &[String]) -> TimeChart {
    let frame = Frame { left: 24.0 };
    let (left, right, label_x, label_y) = frame_fields(frame);
    TimeChart {
        lines: Vec::new(),
        points: Vec::new(),
        bars: Vec::new(),
        y_ticks: Vec::new(),
        x_ticks: x_ticks(frame, labels),
        zero: None,
        empty: true,
        left,
        right,
        label_x,
        label_y,
    }
}

/// One row of a horizontal bar chart (demographics).
pub struct HBar {
    pub label: String,
    pub value: i64,
    pub percent: String,
    pub y: String,
    pub text_y: String,
    pub width: String,
}

pub const HBAR_ROW: f64 = 26.0;
pub const HBAR_LABEL: f64 = 170.0;
pub const HBAR_WIDTH: f64 = 520.0;

pub fn hbars(rows: &[(String, i64)]) -> Vec<HBar> {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1) as f64;
    let total: i64 = rows.iter().map(|r| r.1).sum();
    let span = HBAR_WIDTH - HBAR_LABEL - 60.0;
    rows.iter()
        .enumerate()
        .map(|(i, (label, value))| HBar {
            label: label.clone(),
            value: *value,
            percent: if total > 0 {
                format!("{:.1}%", *value as f64 * 100.0 / total as f64)
            } else {
                String::new()
            },
            y: f(i as f64 * HBAR_ROW + 4.0),
            text_y: f(i as f64 * HBAR_ROW + 19.0),
            width: f((*value as f64 / max * span).max(1.0)),
        })
        .collect()
}

/// One hour of the online-followers strip.
pub struct HeatCell {
    pub hour: u8,
    pub x: String,
    pub opacity: String,
    pub value: Option<i64>,
    pub best: bool,
}

pub fn heat_strip(hours: &[Option<i64>], best: Option<u8>) -> Vec<HeatCell> {
    let max = hours.iter().flatten().copied().max().unwrap_or(0).max(1) as f64;
    hours
        .iter()
        .enumerate()
        .take(24)
        .map(|(h, v)| HeatCell {
            hour: h as u8,
            x: f(h as f64 * 30.0),
            opacity: match v {
                Some(v) => format!("{:.2}", 0.12 + 0.88 * (*v as f64 / max)),
                None => "0".into(),
            },
            value: *v,
            best: best == Some(h as u8),
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn labels(n: usize) -> Vec<String> {
        (1..=n).map(|d| format!("Nov {d}, 2026")).collect()
    }

    fn one(values: Vec<Option<i64>>) -> Vec<Series> {
        vec![Series {
            class: "followers",
            name: "Followers".into(),
            values,
        }]
    }

    fn num(s: &str) -> f64 {
        s.parse().expect("a number")
    }

    #[test]
    fn gaps_break_the_line_and_lone_days_are_dots() {
        let l = labels(5);
        let chart = lines(
            Language::En,
            &l,
            &l,
            &one(vec![Some(10), Some(12), None, Some(11), None]),
        );
        let d = &chart.lines[0].d;
        assert_eq!(d.matches('M').count(), 2, "{d}");
        assert_eq!(chart.lines[0].dots.len(), 1, "day 4 stands alone");
        assert_eq!(chart.points.len(), 3, "one focusable point per known day");
        assert!(!chart.empty);
        assert!(lines(Language::En, &l, &l, &one(vec![None; 5])).empty);
    }

    #[test]
    fn bars_go_up_for_gains_and_down_for_losses() {
        let l = labels(3);
        let chart = change_bars(Language::En, &l, &[None, Some(5), Some(-2)], &[]);
        assert_eq!(chart.bars.len(), 2);
        assert_eq!(chart.bars[0].class, "gain");
        assert_eq!(chart.bars[1].class, "loss");
    }

    #[test]
    fn value_ticks_are_round_and_grouped_in_the_language() {
        let l = labels(3);
        let values = one(vec![Some(12_034), Some(12_890), Some(13_411)]);
        let en = lines(Language::En, &l, &l, &values);
        let ticks: Vec<&str> = en.y_ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(ticks, ["12,000", "12,500", "13,000", "13,500"]);
        let ru = lines(Language::Ru, &l, &l, &values);
        assert_eq!(ru.y_ticks[1].label, "12\u{202f}500");
        assert_eq!(en.points[0].label, "Nov 1, 2026: 12,034");
    }

    #[test]
    fn no_label_leaves_the_picture() {
        for n in [1, 2, 7, 30, 90] {
            let l = labels(n);
            let values = one((0..n).map(|i| Some(1_000_000 + i as i64 * 7_919)).collect());
            let chart = lines(Language::Ru, &l, &l, &values);
            let last = chart.x_ticks.last().expect("a last tick");
            let right_edge = match last.anchor {
                "end" => num(&last.pos),
                "middle" => num(&last.pos) + text_width(&last.label) / 2.0,
                _ => num(&last.pos) + text_width(&last.label),
            };
            assert!(
                right_edge <= WIDTH,
                "{n} days: last label ends at {right_edge}"
            );
            let first = &chart.x_ticks[0];
            let left_edge = match first.anchor {
                "start" => num(&first.pos),
                "middle" => num(&first.pos) - text_width(&first.label) / 2.0,
                _ => num(&first.pos) - text_width(&first.label),
            };
            assert!(
                left_edge >= 0.0,
                "{n} days: first label starts at {left_edge}"
            );
            // Value labels end left of the plot and start inside the picture.
            for t in &chart.y_ticks {
                assert!(
                    num(&chart.label_x) - text_width(&t.label) >= 0.0,
                    "{}",
                    t.label
                );
            }
            for p in &chart.points {
                let x = num(&p.tip.x);
                assert!(x >= 0.0 && x + num(&p.tip.width) <= WIDTH, "{}", p.label);
                assert!(num(&p.tip.y) >= 0.0);
            }
        }
    }
}
