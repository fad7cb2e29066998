//! A notification in words, for the centre (the e-mails are worded in
//! core, where the worker can reach them).

use socialflow_core::notifications::{Notification, NotificationKind, ReviewEvent};

use crate::i18n::{Arg, Tr};
use socialflow_core::notifications::group_digits as number;

/// (title, detail) in the user's language.
pub fn words(tr: &Tr, n: &Notification) -> (String, String) {
    let f = &n.figures;
    let account = if n.subject.is_empty() {
        String::new()
    } else {
        format!("@{}", n.subject)
    };
    let num = |v: i64| number(tr.lang, v);
    let kind = n.kind.as_str();
    let args: Vec<(&'static str, Arg)> = match n.kind {
        NotificationKind::PostFailed | NotificationKind::AccountReconnect => {
            vec![("account", account.clone().into())]
        }
        NotificationKind::QuotaNearlyUsed => vec![
            ("account", account.clone().into()),
            ("count", i64::from(f.count.unwrap_or(0)).into()),
            ("limit", i64::from(f.limit.unwrap_or(0)).into()),
        ],
        NotificationKind::WebhookDisabled => vec![("url", n.subject.clone().into())],
        NotificationKind::InboxDigest => vec![
            ("unanswered", i64::from(f.unanswered.unwrap_or(0)).into()),
            ("unread", i64::from(f.unread.unwrap_or(0)).into()),
        ],
        NotificationKind::Automation => vec![
            ("account", account.clone().into()),
            ("count", i64::from(f.count.unwrap_or(0)).into()),
        ],
        NotificationKind::Approval => vec![("account", account.clone().into())],
        NotificationKind::WeeklySummary => {
            let delta = f.followers_delta.unwrap_or(0);
            let followers = if delta > 0 {
                format!("+{}", num(delta))
            } else {
                num(delta)
            };
            vec![
                ("account", account.clone().into()),
                ("followers", followers.into()),
                (
                    "reach",
                    num(i64::try_from(f.reach.unwrap_or(0)).unwrap_or(i64::MAX)).into(),
                ),
                ("unanswered", i64::from(f.unanswered.unwrap_or(0)).into()),
            ]
        }
    };
    // Automation speaks of held replies (a count) or of a pause (none).
    let kind = match (n.kind, f.count) {
        (NotificationKind::Automation, Some(_)) => "automation_held",
        (NotificationKind::Automation, None) => "automation_paused",
        (NotificationKind::Approval, _) => {
            let event = f.review.unwrap_or(ReviewEvent::Submitted);
            return (
                tr.t_args(
                    &format!("notification-approval_{}-title", event.as_str()),
                    &args,
                ),
                tr.t_args(
                    &format!("notification-approval_{}-detail", event.as_str()),
                    &args,
                ),
            );
        }
        _ => kind,
    };
    (
        tr.t_args(&format!("notification-{kind}-title"), &args),
        tr.t_args(&format!("notification-{kind}-detail"), &args),
    )
}
