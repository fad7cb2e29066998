//! Direct messages as a chat: bubbles grouped under day separators in the
//! user's time zone, attachments in words and pictures, the conversation
//! list's lines, and the reply window as time left.

use socialflow_core::User;
use socialflow_core::inbox::{
    AttachmentKind, CachedMessage, ChatMessage, ConversationPreview, MessagingWindow, Preview,
    TimeLeft,
};
use time::{Date, OffsetDateTime};

use super::common::segment;
use crate::i18n::Tr;
use crate::web::shared::format;

/// One attachment as the page shows it.
pub struct AttachmentView {
    /// `image`, `share`, `story_mention`, … (a CSS hook and the template's
    /// switch).
    pub kind: &'static str,
    /// What it is, in words ("Shared post", "Mentioned you in their Story").
    pub label: String,
    pub url: Option<String>,
}

impl AttachmentView {
    /// Shown as a picture inside the bubble.
    pub fn inline_image(&self) -> bool {
        self.url.is_some() && matches!(self.kind, "image" | "story_mention" | "story_reply")
    }

    pub fn is_story(&self) -> bool {
        matches!(self.kind, "story_mention" | "story_reply")
    }
}

pub struct Bubble {
    pub inbound: bool,
    pub text: String,
    pub attachments: Vec<AttachmentView>,
    /// "Unsupported message" in words when there is nothing to show.
    pub unsupported: bool,
    /// "14:05" on the user's clock.
    pub time: String,
    /// The full moment, for the tooltip and `<time datetime>`.
    pub moment: String,
    pub iso: String,
    /// Who wrote it, for screen readers ("You" or "@anna").
    pub sender: String,
}

pub struct ChatDay {
    /// "Today", "Yesterday" or the date.
    pub label: String,
    pub bubbles: Vec<Bubble>,
}

fn attachment_label(tr: &Tr, kind: AttachmentKind, inbound: bool) -> String {
    let who = if inbound { "theirs" } else { "ours" };
    match kind {
        AttachmentKind::StoryMention | AttachmentKind::StoryReply => {
            tr.t(&format!("chat-attachment-{}-{who}", kind.as_str()))
        }
        k => tr.t(&format!("chat-attachment-{}", k.as_str())),
    }
}

fn day_label(tr: &Tr, today: Date, d: Date) -> String {
    if d == today {
        tr.t("chat-day-today")
    } else if today.previous_day() == Some(d) {
        tr.t("chat-day-yesterday")
    } else {
        format::day(tr.lang, d)
    }
}

fn clock(user: &User, at: OffsetDateTime) -> String {
    let local = user.time_zone.to_local(at);
    format!("{:02}:{:02}", local.hour(), local.minute())
}

/// The thread's messages (oldest first) as days of bubbles.
pub fn days(
    tr: &Tr,
    user: &User,
    now: OffsetDateTime,
    username: &str,
    messages: &[CachedMessage],
) -> Vec<ChatDay> {
    let today = user.time_zone.date_of(now);
    let mut out: Vec<(Date, ChatDay)> = Vec::new();
    for m in messages {
        let chat = ChatMessage::of(m);
        let date = user.time_zone.date_of(m.created_at);
        let bubble = Bubble {
            inbound: m.inbound,
            text: chat.text.unwrap_or_default(),
            attachments: chat
                .attachments
                .iter()
                .map(|a| AttachmentView {
                    kind: a.kind.as_str(),
                    label: attachment_label(tr, a.kind, m.inbound),
                    url: a.url.clone(),
                })
                .collect(),
            unsupported: chat.unsupported,
            time: clock(user, m.created_at),
            moment: format::moment(tr.lang, &user.time_zone, m.created_at),
            iso: m
                .created_at
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
            sender: if m.inbound {
                format!("@{username}")
            } else {
                tr.t("inbox-you")
            },
        };
        match out.last_mut() {
            Some((d, day)) if *d == date => day.bubbles.push(bubble),
            _ => out.push((
                date,
                ChatDay {
                    label: day_label(tr, today, date),
                    bubbles: vec![bubble],
                },
            )),
        }
    }
    out.into_iter().map(|(_, d)| d).collect()
}

/// "3 h 12 min", "6 d 5 h", "1 min": the two largest units.
pub fn time_left_text(tr: &Tr, left: TimeLeft) -> String {
    let parts: Vec<String> = if left.days > 0 {
        let mut p = vec![tr.t1("chat-left-days", "n", left.days)];
        if left.hours > 0 {
            p.push(tr.t1("chat-left-hours", "n", left.hours));
        }
        p
    } else if left.hours > 0 {
        let mut p = vec![tr.t1("chat-left-hours", "n", left.hours)];
        if left.minutes > 0 {
            p.push(tr.t1("chat-left-minutes", "n", left.minutes));
        }
        p
    } else {
        vec![tr.t1("chat-left-minutes", "n", left.minutes)]
    };
    parts.join(" ")
}

/// The reply window in words: (why the box is closed, or empty; how a
/// reply goes out now, or empty).
pub fn window_texts(
    tr: &Tr,
    user: &User,
    now: OffsetDateTime,
    w: MessagingWindow,
) -> (String, String) {
    let left = |closes_at| {
        TimeLeft::until(now, closes_at)
            .map(|l| time_left_text(tr, l))
            .unwrap_or_else(|| tr.t1("chat-left-minutes", "n", 1i64))
    };
    match w {
        MessagingWindow::Open { closes_at } => (
            String::new(),
            tr.t_args(
                "chat-window-open",
                &[
                    ("left", left(closes_at).into()),
                    (
                        "time",
                        format::moment(tr.lang, &user.time_zone, closes_at).into(),
                    ),
                ],
            ),
        ),
        MessagingWindow::HumanAgent { closes_at } => (
            String::new(),
            tr.t_args(
                "chat-window-human-agent",
                &[
                    ("left", left(closes_at).into()),
                    (
                        "time",
                        format::moment(tr.lang, &user.time_zone, closes_at).into(),
                    ),
                ],
            ),
        ),
        MessagingWindow::Closed { since: None, .. } => {
            (tr.t("chat-window-never-opened"), String::new())
        }
        MessagingWindow::Closed {
            since: Some(t),
            human_agent_would_help,
        } => {
            let mut text = tr.t1(
                "chat-window-closed",
                "time",
                format::moment(tr.lang, &user.time_zone, t),
            );
            if human_agent_would_help {
                text.push(' ');
                text.push_str(&tr.t("chat-window-human-agent-off"));
            }
            (text, String::new())
        }
    }
}

/// A conversation in the list.
pub struct ConversationRow {
    pub href: String,
    pub username: String,
    /// One or two letters for the avatar.
    pub initials: String,
    /// 0–5: the avatar's colour, stable per person.
    pub hue: u8,
    pub preview: String,
    /// The latest message is the account's ("You: …").
    pub ours: bool,
    /// "14:05" today, else a short date.
    pub time: String,
    pub iso: String,
    pub unread: bool,
}

pub fn initials(username: &str) -> String {
    let letters: Vec<char> = username
        .split(['.', '_'])
        .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
        .take(2)
        .flat_map(char::to_uppercase)
        .collect();
    if letters.is_empty() {
        "?".to_string()
    } else {
        letters.into_iter().collect()
    }
}

fn hue(username: &str) -> u8 {
    (username.bytes().fold(0u32, |acc, b| {
        acc.wrapping_mul(31).wrapping_add(u32::from(b))
    }) % 6) as u8
}

pub fn conversation_row(
    tr: &Tr,
    user: &User,
    now: OffsetDateTime,
    p: &ConversationPreview,
) -> ConversationRow {
    let c = &p.conversation;
    let username = c
        .participant_username
        .clone()
        .unwrap_or_else(|| tr.t("inbox-unknown-person"));
    let preview = match p.latest.as_ref().map(Preview::of) {
        Some(Preview::Text(t)) => t,
        Some(Preview::Attachment(k)) => {
            attachment_label(tr, k, p.latest.as_ref().is_some_and(|m| m.inbound))
        }
        Some(Preview::Unsupported) => tr.t("chat-unsupported"),
        None => String::new(),
    };
    let at = p
        .latest
        .as_ref()
        .map(|m| m.created_at)
        .or(c.last_message_at);
    let time = at
        .map(|t| {
            let today = user.time_zone.date_of(now);
            let d = user.time_zone.date_of(t);
            if d == today {
                clock(user, t)
            } else {
                format::short_day(tr.lang, d)
            }
        })
        .unwrap_or_default();
    ConversationRow {
        href: segment(&c.id),
        initials: initials(&username),
        hue: hue(&username),
        ours: p.latest.as_ref().is_some_and(|m| !m.inbound),
        preview,
        time,
        iso: at
            .and_then(|t| {
                t.format(&time::format_description::well_known::Rfc3339)
                    .ok()
            })
            .unwrap_or_default(),
        unread: c.unread(),
        username,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use socialflow_core::Language;

    #[test]
    fn initials_from_usernames() {
        assert_eq!(initials("anna_k"), "AK");
        assert_eq!(initials("coffee.shop.almaty"), "CS");
        assert_eq!(initials("жанар"), "Ж");
        assert_eq!(initials("__"), "?");
    }

    #[test]
    fn time_left_uses_the_two_largest_units() {
        let tr = Tr::new(Language::En);
        let t = |days, hours, minutes| {
            time_left_text(
                &tr,
                TimeLeft {
                    days,
                    hours,
                    minutes,
                },
            )
        };
        assert_eq!(t(0, 3, 12), "3 h 12 min");
        assert_eq!(t(0, 3, 0), "3 h");
        assert_eq!(t(6, 5, 59), "6 d 5 h");
        assert_eq!(t(0, 0, 1), "1 min");
    }
}
