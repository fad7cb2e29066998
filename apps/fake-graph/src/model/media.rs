//! A published media item: post, reel, carousel (and its children) or story.

use time::OffsetDateTime;

/// `media_type`: a reel reads back as VIDEO, a story as IMAGE or VIDEO.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Image,
    Video,
    CarouselAlbum,
}

/// `media_product_type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Product {
    Feed,
    Reels,
    Story,
}

#[derive(Debug, Clone)]
pub struct Media {
    pub id: String,
    pub account: usize,
    pub kind: Kind,
    pub product: Product,
    pub caption: Option<String>,
    /// `None` when the media holds copyrighted material (Instagram omits
    /// `media_url` then).
    pub media_url: Option<String>,
    pub thumbnail_url: Option<String>,
    pub shortcode: String,
    /// `None` for carousel children.
    pub permalink: Option<String>,
    pub timestamp: OffsetDateTime,
    pub like_count: u64,
    pub comment_enabled: bool,
    pub shared_to_feed: Option<bool>,
    pub alt_text: Option<String>,
    pub children: Vec<String>,
    /// The carousel this item belongs to.
    pub parent: Option<String>,
    /// Set when published through the API: the container it came from.
    pub from_container: Option<String>,
    /// People who saw it (drives insights; stories need 5).
    pub viewers: u64,
}
