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

/// A field of a post that only some kinds take (API reference §4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PostField {
    Caption,
    FirstComment,
    Collaborators,
    Location,
    /// One alt text for the post's single image (carousel items would need
    /// one each; SocialFlow does not keep per-item text).
    AltText,
    UserTags,
    /// Cover image, thumbnail frame, share to feed.
    ReelCover,
    AudioName,
    TrialReel,
    AiLabel,
}

impl PostField {
    pub const ALL: [PostField; 10] = [
        PostField::Caption,
        PostField::FirstComment,
        PostField::Collaborators,
        PostField::Location,
        PostField::AltText,
        PostField::UserTags,
        PostField::ReelCover,
        PostField::AudioName,
        PostField::TrialReel,
        PostField::AiLabel,
    ];

    /// The field's name in the API and in problems.
    pub fn as_str(self) -> &'static str {
        match self {
            PostField::Caption => "caption",
            PostField::FirstComment => "first_comment",
            PostField::Collaborators => "collaborators",
            PostField::Location => "location_id",
            PostField::AltText => "alt_text",
            PostField::UserTags => "user_tags",
            PostField::ReelCover => "cover",
            PostField::AudioName => "audio_name",
            PostField::TrialReel => "trial_graduation",
            PostField::AiLabel => "is_ai_generated",
        }
    }
}

impl PostKind {
    /// Whether Instagram takes `field` for this kind: the composer shows
    /// only these, the service refuses the others.
    pub fn allows(self, field: PostField) -> bool {
        use PostField as F;
        use PostKind as K;
        match field {
            F::Caption | F::FirstComment | F::Collaborators | F::Location => self != K::Story,
            F::AltText => self == K::Post,
            // Images, and stories since 2025-07-09; carousels on their
            // image items.
            F::UserTags => self != K::Reel,
            F::ReelCover | F::AudioName | F::TrialReel => self == K::Reel,
            // On every container but carousel items (the parent carries it).
            F::AiLabel => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reel_fields_are_for_reels_only_and_stories_have_no_caption() {
        for k in PostKind::ALL {
            assert_eq!(k.allows(PostField::TrialReel), k == PostKind::Reel);
            assert_eq!(k.allows(PostField::AudioName), k == PostKind::Reel);
            assert_eq!(k.allows(PostField::Caption), k.has_caption());
            assert!(k.allows(PostField::AiLabel));
        }
        assert!(PostKind::Story.allows(PostField::UserTags));
        assert!(!PostKind::Carousel.allows(PostField::AltText));
    }
}
