//! The best time to post for the account selected in the composer.

use socialflow_core::User;
use time::macros::format_description;

use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::calendar::days::iso_date;
use crate::web::shared::format;

pub struct Suggestion {
    pub text: String,
    /// The suggested date and time (`YYYY-MM-DD`, `HH:MM` on the user's
    /// clock) that the "Use this time" button fills in; `None` when there is
    /// not enough data to suggest anything.
    pub slot: Option<(String, String)>,
}

/// The suggestion for `account` (the one selected in the form, else the
/// first): the next hour its followers are most often online, on the user's
/// clock.
pub async fn suggestion(
    state: &AppState,
    tr: &Tr,
    user: &User,
    account: &socialflow_core::account::Account,
) -> Suggestion {
    let username = account.profile.username.as_str();
    let s = match state.analytics.posting_suggestion(user, account.id).await {
        Ok(s) => s,
        Err(e) => {
            tracing::warn!(error = %e, "cannot compute the suggested time to post");
            None
        }
    };
    let Some(s) = s else {
        return Suggestion {
            text: tr.t1("posts-suggested-none", "account", username),
            slot: None,
        };
    };
    let local = s.next_local;
    let date = iso_date(local.date());
    let time = local
        .format(format_description!("[hour]:[minute]"))
        .unwrap_or_default();
    let when = format!(
        "{}, {} {}",
        tr.t(&format!(
            "posts-weekday-long-{}",
            local.weekday().number_from_monday()
        )),
        format::day(tr.lang, local.date()),
        time
    );
    Suggestion {
        text: tr.t_args(
            "posts-suggested",
            &[("account", username.into()), ("when", when.into())],
        ),
        slot: Some((date, time)),
    }
}

// The page's inputs, each distinct; a struct would only rename them.
