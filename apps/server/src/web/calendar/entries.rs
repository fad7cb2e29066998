//! What a calendar cell holds: the user's posts (draggable while they can
//! still be moved) and the media already on Instagram (synced, fixed).

use socialflow_core::TimeZone;
use socialflow_core::inbox::CachedMedia;
use socialflow_core::posts::Post;
use time::OffsetDateTime;
use time::macros::format_description;

use super::days::iso_date;
use crate::i18n::Tr;
use crate::web::posts::rows::{Lookup, PostRow};

/// One of the user's posts on the calendar.
pub struct Chip {
    pub row: PostRow,
    /// The account's colour class (`acc-3`).
    pub acc: &'static str,
    /// The local date and time the move form starts from (empty for a
    /// draft).
    pub date: String,
    pub hhmm: String,
    /// Whether it may still be moved (the core's editability rule).
    pub movable: bool,
}

/// A post already on Instagram, as the last sync saw it.
pub struct Synced {
    pub time: String,
    pub caption: String,
    pub acc: &'static str,
    pub account: String,
    pub permalink: String,
    pub thumb: Option<String>,
}

pub enum Entry {
    Post(Box<Chip>),
    Synced(Synced),
}

/// Builds entries with the page's lookups: names, thumbnails, colours.
pub struct Entries<'a> {
    pub tr: &'a Tr,
    pub lookup: &'a Lookup,
    pub zone: &'a TimeZone,
    pub colours: &'a [(socialflow_core::account::AccountId, &'static str)],
    /// The member's role may reschedule (else no chip is draggable and no
    /// Move form is offered).
    pub may_move: bool,
}

fn hhmm(zone: &TimeZone, at: OffsetDateTime) -> String {
    zone.to_local(at)
        .format(format_description!("[hour]:[minute]"))
        .unwrap_or_default()
}

impl Entries<'_> {
    pub fn colour(&self, id: socialflow_core::account::AccountId) -> &'static str {
        self.colours
            .iter()
            .find(|(a, _)| *a == id)
            .map(|(_, c)| *c)
            .unwrap_or("acc-0")
    }

    pub fn chip(&self, p: &Post) -> Chip {
        let (date, hhmm) = match p.content.scheduled_at {
            Some(at) => (iso_date(self.zone.date_of(at)), hhmm(self.zone, at)),
            None => (String::new(), String::new()),
        };
        Chip {
            row: self.lookup.row(self.tr, p),
            acc: self.colour(p.content.account_id),
            date,
            hhmm,
            movable: self.may_move && p.state.is_editable(),
        }
    }

    pub fn synced(&self, m: &CachedMedia) -> Synced {
        let caption = m
            .caption
            .as_deref()
            .and_then(|c| c.lines().next())
            .unwrap_or("")
            .trim();
        let mut short: String = caption.chars().take(60).collect();
        if caption.chars().count() > 60 {
            short.push('…');
        }
        let account = self
            .lookup
            .accounts
            .iter()
            .find(|(a, _)| *a == m.account_id)
            .map(|(_, n)| format!("@{n}"))
            .unwrap_or_default();
        Synced {
            time: hhmm(self.zone, m.timestamp),
            caption: short,
            acc: self.colour(m.account_id),
            account,
            permalink: m
                .permalink
                .clone()
                .filter(|p| p.starts_with("https://"))
                .unwrap_or_default(),
            thumb: m
                .thumbnail_url
                .clone()
                .or_else(|| m.media_url.clone().filter(|_| m.media_type != "VIDEO"))
                .filter(|u| u.starts_with("https://")),
        }
    }
}
