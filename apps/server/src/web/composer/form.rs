//! The composer's form as typed: read from the posted fields, or filled
//! from a saved post.

use std::collections::HashMap;

use socialflow_core::TimeZone;
use socialflow_core::media::MediaId;
use socialflow_core::posts::Post;
use time::macros::format_description;

use super::user_tags;
use crate::web::calendar::days::iso_date;

/// What the user typed, kept verbatim so a refused form loses nothing.
#[derive(Default, Clone)]
pub struct ComposerForm {
    pub version: String,
    pub account_id: String,
    pub kind: String,
    pub media: Vec<String>,
    pub order: HashMap<String, String>,
    pub cover: String,
    pub thumb_offset_ms: String,
    pub share_to_feed: bool,
    pub caption: String,
    pub hashtags: String,
    pub first_comment: String,
    pub collaborators: String,
    /// "Tag people": `@username x y` per line (see `user_tags`).
    pub user_tags: String,
    pub location_id: String,
    pub alt_text: String,
    /// A reel's original-audio name.
    pub audio_name: String,
    /// A trial reel's graduation (`MANUAL`, `SS_PERFORMANCE`), empty for
    /// an ordinary reel.
    pub trial: String,
    pub ai_generated: bool,
    pub date: String,
    pub time: String,
}

impl ComposerForm {
    /// The fields of a posted composer and its `action` (the button
    /// pressed). Repeated fields (`media`) and per-file `order-<id>` fields
    /// are why this is not a derived form.
    pub fn parse(pairs: Vec<(String, String)>) -> (String, Self) {
        let mut f = ComposerForm::default();
        let mut action = String::new();
        for (k, v) in pairs {
            match k.as_str() {
                "action" => action = v,
                "version" => f.version = v,
                "account_id" => f.account_id = v,
                "kind" => f.kind = v,
                "media" => f.media.push(v),
                "cover" => f.cover = v,
                "thumb_offset_ms" => f.thumb_offset_ms = v,
                "share_to_feed" => f.share_to_feed = !v.is_empty(),
                "caption" => f.caption = v,
                "hashtags" => f.hashtags = v,
                "first_comment" => f.first_comment = v,
                "collaborators" => f.collaborators = v,
                "user_tags" => f.user_tags = v,
                "location_id" => f.location_id = v,
                "alt_text" => f.alt_text = v,
                "audio_name" => f.audio_name = v,
                "trial" => f.trial = v,
                "ai_generated" => f.ai_generated = !v.is_empty(),
                "date" => f.date = v,
                "time" => f.time = v,
                other => {
                    if let Some(id) = other.strip_prefix("order-") {
                        f.order.insert(id.to_string(), v);
                    }
                }
            }
        }
        (action, f)
    }

    pub fn of_post(p: &Post, zone: &TimeZone) -> Self {
        let c = &p.content;
        let local = c.scheduled_at.map(|at| zone.to_local(at));
        ComposerForm {
            version: p.version.to_string(),
            account_id: c.account_id.to_string(),
            kind: c.kind.as_str().into(),
            media: c.media.iter().map(|m| m.to_string()).collect(),
            order: c
                .media
                .iter()
                .enumerate()
                .map(|(i, m)| (m.to_string(), (i + 1).to_string()))
                .collect(),
            cover: c.cover.map(|m| m.to_string()).unwrap_or_default(),
            thumb_offset_ms: c.thumb_offset_ms.map(|n| n.to_string()).unwrap_or_default(),
            share_to_feed: c.share_to_feed,
            caption: c.caption.clone(),
            hashtags: c.hashtags.clone(),
            first_comment: c.first_comment.clone().unwrap_or_default(),
            collaborators: c.collaborators.join(", "),
            user_tags: user_tags::format(&c.user_tags),
            location_id: c.location_id.clone().unwrap_or_default(),
            alt_text: c.alt_text.clone().unwrap_or_default(),
            audio_name: c.options.audio_name.clone().unwrap_or_default(),
            trial: c
                .options
                .trial
                .map(|t| t.as_str().to_string())
                .unwrap_or_default(),
            ai_generated: c.options.ai_generated,
            date: local.map(|l| iso_date(l.date())).unwrap_or_default(),
            time: local
                .and_then(|l| l.format(format_description!("[hour]:[minute]")).ok())
                .unwrap_or_default(),
        }
    }

    /// The chosen files in the order the user numbered them (unnumbered ones
    /// keep their place after the numbered).
    pub fn ordered_media(&self) -> Vec<MediaId> {
        let mut chosen: Vec<(u32, usize, MediaId)> = self
            .media
            .iter()
            .enumerate()
            .filter_map(|(i, raw)| {
                let id = raw.parse::<MediaId>().ok()?;
                let pos = self
                    .order
                    .get(raw)
                    .and_then(|o| o.trim().parse::<u32>().ok())
                    .unwrap_or(u32::MAX);
                Some((pos, i, id))
            })
            .collect();
        chosen.sort_by_key(|(pos, i, _)| (*pos, *i));
        chosen.into_iter().map(|(_, _, id)| id).collect()
    }

    /// Moves a chosen file one place earlier or later (the no-script
    /// "up"/"down" buttons): the files are renumbered 1, 2, 3… in the new
    /// order.
    pub fn move_media(&mut self, id: &str, up: bool) {
        let mut order: Vec<String> = self.ordered_media().iter().map(|m| m.to_string()).collect();
        if let Some(i) = order.iter().position(|m| m == id) {
            let j = if up { i.checked_sub(1) } else { Some(i + 1) };
            if let Some(j) = j.filter(|j| *j < order.len()) {
                order.swap(i, j);
            }
        }
        self.order = order
            .iter()
            .enumerate()
            .map(|(n, m)| (m.clone(), (n + 1).to_string()))
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_follow_the_numbers_the_user_gave() {
        let (a, b, c) = (MediaId::new(), MediaId::new(), MediaId::new());
        let body = format!(
            "csrf=t&action=schedule&media={a}&media={b}&media={c}&order-{a}=3&order-{b}=1&order-{c}="
        );
        let pairs = serde_urlencoded::from_str(&body).unwrap_or_default();
        let (action, f) = ComposerForm::parse(pairs);
        assert_eq!(action, "schedule");
        assert_eq!(f.ordered_media(), vec![b, a, c]);
    }

    #[test]
    fn up_and_down_move_one_place_and_stop_at_the_ends() {
        let (a, b, c) = (MediaId::new(), MediaId::new(), MediaId::new());
        let mut f = ComposerForm {
            media: vec![a.to_string(), b.to_string(), c.to_string()],
            ..ComposerForm::default()
        };
        f.move_media(&c.to_string(), true);
        assert_eq!(f.ordered_media(), vec![a, c, b]);
        f.move_media(&a.to_string(), true);
        assert_eq!(f.ordered_media(), vec![a, c, b]);
        f.move_media(&b.to_string(), false);
        assert_eq!(f.ordered_media(), vec![a, c, b]);
        f.move_media(&a.to_string(), false);
        assert_eq!(f.ordered_media(), vec![c, a, b]);
    }
}
