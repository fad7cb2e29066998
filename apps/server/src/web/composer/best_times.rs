//! "Best times this week:" beside the composer's schedule: the next
//! instant of each of the heatmap's busiest weekday-hours for the selected
//! account, on the user's clock. Each is a link that opens the composer with
//! the date and time filled in (works without script); `besttime.js` fills
//! the two fields in place instead, so nothing typed is lost.

use socialflow_core::User;
use socialflow_core::account::Account;
use socialflow_core::analytics::best_times_this_week;
use socialflow_core::posts::PostId;

use crate::i18n::{Arg, Tr};
use crate::state::AppState;
use crate::web::calendar::days::iso_date;

/// How many chips are offered.
const CHIPS: usize = 3;

pub struct BestTimeChip {
    pub label: String,
    pub title: String,
    pub href: String,
    /// `YYYY-MM-DD` and `HH:MM` on the user's clock, for the script.
    pub date: String,
    pub time: String,
}

/// The chips for `account` (none without online data).
pub async fn best_time_chips(
    state: &AppState,
    tr: &Tr,
    user: &User,
    account: &Account,
    post: Option<PostId>,
    kind: &str,
) -> Vec<BestTimeChip> {
    let map = match state
        .analytics
        .heatmap_of(user.id, account.id, &user.time_zone)
        .await
    {
        Ok(Some(m)) => m,
        Ok(None) => return Vec::new(),
        Err(e) => {
            tracing::warn!(error = %e, "cannot read the best-time heatmap");
            return Vec::new();
        }
    };
    best_times_this_week(&map, &user.time_zone, state.analytics.now(), CHIPS)
        .into_iter()
        .map(|(slot, _, local)| {
            let date = iso_date(local.date());
            let time = format!("{:02}:{:02}", local.hour(), local.minute());
            let when = format!(
                "{} {}",
                tr.t(&format!(
                    "posts-weekday-{}",
                    local.weekday().number_from_monday()
                )),
                time
            );
            let query = match post {
                Some(_) => serde_urlencoded::to_string([
                    ("kind", kind),
                    ("date", date.as_str()),
                    ("time", time.as_str()),
                ]),
                None => serde_urlencoded::to_string([
                    ("account", account.id.to_string().as_str()),
                    ("kind", kind),
                    ("date", date.as_str()),
                    ("time", time.as_str()),
                ]),
            }
            .unwrap_or_default();
            let href = match post {
                Some(id) => format!("/content/{id}/edit?{query}#schedule"),
                None => format!("/content/new?{query}#schedule"),
            };
            BestTimeChip {
                label: tr.t1("audience-chip", "when", when.clone()),
                title: tr.t_args(
                    "audience-chip-title",
                    &[
                        ("when", Arg::from(when)),
                        ("followers", Arg::from(slot.followers)),
                    ],
                ),
                href,
                date,
                time,
            }
        })
        .collect()
}
