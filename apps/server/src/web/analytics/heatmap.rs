//! The best-time heatmap as the Analytics page draws it: a table of
//! weekdays × hours on the user's clock, each cell a colour step and its
//! number (colour is never the only cue), the top slots in words, and a
//! legend.

use socialflow_core::TimeZone;
use socialflow_core::analytics::{GRID_WEEKDAYS, Heatmap, TopSlot};

use crate::i18n::{Arg, Tr};
use crate::web::shared::format::number;

/// Colour steps of a cell with data (1 = fewest, 5 = most).
pub const LEVELS: u8 = 5;

pub struct HeatmapCell {
    /// 0 without data, else 1..=[`LEVELS`].
    pub level: u8,
    /// The number shown in the cell ("–" without data).
    pub value: String,
    /// What the cell says in full, for its tooltip and screen readers.
    pub label: String,
    pub top: bool,
}

pub struct HeatmapRow {
    pub day: String,
    pub day_long: String,
    pub cells: Vec<HeatmapCell>,
}

pub struct HeatmapView {
    /// The zone the grid is drawn in (the user's).
    pub zone: String,
    pub hours: Vec<String>,
    pub rows: Vec<HeatmapRow>,
    /// "Wednesday 20:00 · 900 online", busiest first.
    pub top: Vec<String>,
    pub levels: Vec<u8>,
}

fn weekday_key(long: bool, n: u8) -> String {
    if long {
        format!("posts-weekday-long-{n}")
    } else {
        format!("posts-weekday-{n}")
    }
}

/// The colour step of `v` in a grid whose busiest cell is `max`.
pub fn level(v: i64, max: i64) -> u8 {
    if max <= 0 {
        return 1;
    }
    let share = v.max(0) as f64 / max as f64;
    (1 + (share * f64::from(LEVELS - 1)).round() as u8).min(LEVELS)
}

pub fn top_text(tr: &Tr, s: &TopSlot) -> String {
    tr.t_args(
        "audience-top-slot",
        &[
            (
                "day",
                Arg::from(tr.t(&weekday_key(true, s.weekday.number_from_monday()))),
            ),
            ("time", Arg::from(format!("{:02}:{:02}", s.hour, s.minute))),
            ("followers", Arg::from(s.followers)),
        ],
    )
}

pub fn heatmap_view(tr: &Tr, tz: &TimeZone, map: &Heatmap) -> HeatmapView {
    let minute = map.top.first().map_or(0, |t| t.minute);
    let rows = GRID_WEEKDAYS
        .iter()
        .enumerate()
        .map(|(d, wd)| {
            let n = wd.number_from_monday();
            let day_long = tr.t(&weekday_key(true, n));
            let cells = (0..24u8)
                .map(|h| {
                    let value = map.cells[d][h as usize];
                    let when = format!("{day_long} {h:02}:{minute:02}");
                    let top = map.top.iter().any(|t| t.weekday == *wd && t.hour == h);
                    match value {
                        Some(v) => HeatmapCell {
                            level: level(v, map.max),
                            value: number(tr.lang, v),
                            label: tr.t_args(
                                "audience-cell",
                                &[("when", Arg::from(when)), ("followers", Arg::from(v))],
                            ),
                            top,
                        },
                        None => HeatmapCell {
                            level: 0,
                            value: "–".into(),
                            label: tr.t_args("audience-cell-none", &[("when", Arg::from(when))]),
                            top: false,
                        },
                    }
                })
                .collect();
            HeatmapRow {
                day: tr.t(&weekday_key(false, n)),
                day_long,
                cells,
            }
        })
        .collect();
    HeatmapView {
        zone: tz.name().to_string(),
        hours: (0..24).map(|h| format!("{h:02}")).collect(),
        rows,
        top: map.top.iter().map(|s| top_text(tr, s)).collect(),
        levels: (1..=LEVELS).collect(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn levels_scale_to_the_busiest_cell() {
        assert_eq!(level(900, 900), LEVELS);
        assert_eq!(level(0, 900), 1);
        assert_eq!(level(450, 900), 3);
        assert_eq!(level(5, 0), 1);
    }
}
