//! Geometry for the server-rendered SVG charts: the templates draw what is
//! computed here. Missing days break lines and leave bars out, so gaps show
//! as gaps.

/// Drawing area of the time charts, in SVG user units.
pub const WIDTH: f64 = 720.0;
pub const HEIGHT: f64 = 220.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 28.0;

pub struct Tick {
    pub pos: String,
    pub label: String,
}

pub struct Line {
    /// CSS class (the series' colour).
    pub class: &'static str,
    /// Path data: one `M … L …` run per stretch of known values.
    pub d: String,
    /// Lone points (a known day between two gaps) drawn as dots.
    pub dots: Vec<(String, String)>,
}

pub struct Bar {
    pub x: String,
    pub y: String,
    pub width: String,
    pub height: String,
    pub class: &'static str,
    pub title: String,
}

/// A chart over days: lines, or bars around a zero line.
pub struct TimeChart {
    pub lines: Vec<Line>,
    pub bars: Vec<Bar>,
    pub y_ticks: Vec<Tick>,
    pub x_ticks: Vec<Tick>,
    /// Where the zero line is (bar charts).
    pub zero: Option<String>,
    pub empty: bool,
}

fn f(v: f64) -> String {
    format!("{v:.1}")
}

fn plot_w() -> f64 {
    WIDTH - LEFT - RIGHT
}
fn plot_h() -> f64 {
    HEIGHT - TOP - BOTTOM
}

fn x_at(i: usize, n: usize) -> f64 {
    if n <= 1 {
        LEFT + plot_w() / 2.0
    } else {
        LEFT + plot_w() * i as f64 / (n - 1) as f64
    }
}

/// Rounded bounds with some headroom, so a flat series is not a line on
/// the frame.
fn bounds(values: impl Iterator<Item = i64>, include_zero: bool) -> Option<(f64, f64)> {
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
    let (lo, hi) = (lo as f64, hi as f64);
    let pad = ((hi - lo) * 0.08).max(1.0);
    Some((
        if include_zero && lo >= 0.0 {
            0.0
        } else {
            lo - pad
        },
        hi + pad,
    ))
}

fn y_at(v: f64, lo: f64, hi: f64) -> f64 {
    TOP + plot_h() * (hi - v) / (hi - lo)
}

fn y_ticks(lo: f64, hi: f64) -> Vec<Tick> {
    (0..=3)
        .map(|i| {
            let v = lo + (hi - lo) * i as f64 / 3.0;
            Tick {
                pos: f(y_at(v, lo, hi)),
                label: format!("{}", v.round() as i64),
            }
        })
        .collect()
}

/// Up to six date labels, evenly spread, first and last included.
fn x_ticks(labels: &[String]) -> Vec<Tick> {
    let n = labels.len();
    if n == 0 {
        return Vec::new();
    }
    let count = n.min(6);
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
    idx.into_iter()
        .map(|i| Tick {
            pos: f(x_at(i, n)),
            label: labels[i].clone(),
        })
        .collect()
}

/// Lines over days; `series` are (class, one value per day).
pub fn lines(labels: &[String], series: &[(&'static str, Vec<Option<i64>>)]) -> TimeChart {
    let n = labels.len();
    let Some((lo, hi)) = bounds(
        series.iter().flat_map(|(_, v)| v.iter().flatten().copied()),
        false,
    ) else {
        return empty(labels);
    };
    let lines = series
        .iter()
        .map(|(class, values)| {
            let mut d = String::new();
            let mut dots = Vec::new();
            let mut run = 0;
            for (i, v) in values.iter().enumerate() {
                match v {
                    Some(v) => {
                        let (x, y) = (x_at(i, n), y_at(*v as f64, lo, hi));
                        d.push_str(if run == 0 { "M" } else { " L" });
                        d.push_str(&format!("{} {}", f(x), f(y)));
                        let next_known = values.get(i + 1).is_some_and(Option::is_some);
                        if run == 0 && !next_known {
                            dots.push((f(x), f(y)));
                        }
                        run += 1;
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
                class,
                d: d.trim().to_string(),
                dots,
            }
        })
        .collect();
    TimeChart {
        lines,
        bars: Vec::new(),
        y_ticks: y_ticks(lo, hi),
        x_ticks: x_ticks(labels),
        zero: None,
        empty: false,
    }
}

/// Bars around zero: gains up, losses down; days without a change have none.
pub fn change_bars(labels: &[String], changes: &[Option<i64>], titles: &[String]) -> TimeChart {
    let n = labels.len();
    let Some((lo, hi)) = bounds(changes.iter().flatten().copied(), true) else {
        return empty(labels);
    };
    let slot = plot_w() / n.max(1) as f64;
    let width = (slot * 0.8).max(0.5);
    let zero = y_at(0.0, lo, hi);
    let bars = changes
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let c = (*c)?;
            let y = y_at(c as f64, lo, hi);
            let x = if n <= 1 {
                LEFT + plot_w() / 2.0 - width / 2.0
            } else {
                LEFT + slot * i as f64 + (slot - width) / 2.0
            };
            Some(Bar {
                x: f(x),
                y: f(y.min(zero)),
                width: f(width),
                height: f((y - zero).abs().max(if c == 0 { 0.0 } else { 1.0 })),
                class: if c >= 0 { "gain" } else { "loss" },
                title: titles.get(i).cloned().unwrap_or_default(),
            })
        })
        .collect();
    TimeChart {
        lines: Vec::new(),
        bars,
        y_ticks: y_ticks(lo, hi),
        x_ticks: x_ticks(labels),
        zero: Some(f(zero)),
        empty: false,
    }
}

fn empty(labels: &[String]) -> TimeChart {
    TimeChart {
        lines: Vec::new(),
        bars: Vec::new(),
        y_ticks: Vec::new(),
        x_ticks: x_ticks(labels),
        zero: None,
        empty: true,
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
mod tests {
    use super::*;

    #[test]
    fn gaps_break_the_line_and_lone_days_are_dots() {
        let labels: Vec<String> = (1..=5).map(|d| d.to_string()).collect();
        let chart = lines(
            &labels,
            &[("followers", vec![Some(10), Some(12), None, Some(11), None])],
        );
        let d = &chart.lines[0].d;
        assert_eq!(d.matches('M').count(), 2, "{d}");
        assert_eq!(chart.lines[0].dots.len(), 1, "day 4 stands alone");
        assert!(!chart.empty);
        assert!(lines(&labels, &[("followers", vec![None; 5])]).empty);
    }

    #[test]
    fn bars_go_up_for_gains_and_down_for_losses() {
        let labels: Vec<String> = (1..=3).map(|d| d.to_string()).collect();
        let chart = change_bars(&labels, &[None, Some(5), Some(-2)], &[]);
        assert_eq!(chart.bars.len(), 2);
        assert_eq!(chart.bars[0].class, "gain");
        assert_eq!(chart.bars[1].class, "loss");
    }
}
