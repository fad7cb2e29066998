use serde::{Deserialize, Serialize};

/// What kind of Instagram publication a post becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PostKind {
    /// One video, shown in Reels (and in the feed when shared there).
    Reel,
    /// One image in the feed.
    Post,
    /// 2–10 images and/or videos.
    Carousel,
    /// One image or video, gone after 24 hours.
    Story,
}

impl PostKind {
    pub const ALL: [PostKind; 4] = [
        PostKind::Post,
        PostKind::Reel,
        PostKind::Carousel,
        PostKind::Story,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PostKind::Reel => "reel",
            PostKind::Post => "post",
            PostKind::Carousel => "carousel",
            PostKind::Story => "story",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether Instagram shows a caption for this kind (stories ignore it).
    pub fn has_caption(self) -> bool {
        self != PostKind::Story
    }

    /// How many media files the kind takes.
    pub fn media_range(self) -> (usize, usize) {
        match self {
            PostKind::Carousel => (2, 10),
            _ => (1, 1),
        }
    }
}
