//! The live preview as Instagram shows the post: the caption cut where the
//! feed puts "… more", the first file (or the reel's cover), the account.
//! `static/composer.js` redraws the same markup as the user types.

use socialflow_core::posts::{MediaChoice, MediaClass, PostKind, check_caption};

use super::form::ComposerForm;

/// Where the feed cuts a caption: about 125 characters, or two lines.
pub const FEED_CUT_CHARS: usize = 125;
pub const FEED_CUT_LINES: usize = 2;

/// The caption as the feed shows it before "… more", and the rest (empty
/// when all of it shows). The cut falls at a space when there is one in the
/// last 20 characters, so a word is not split.
pub fn feed_cut(text: &str) -> (String, String) {
    let mut end = text.len();
    let mut lines = 1;
    for (n, (i, c)) in text.char_indices().enumerate() {
        if c == '\n' {
            lines += 1;
            if lines > FEED_CUT_LINES {
                end = i;
                break;
            }
        }
        if n == FEED_CUT_CHARS {
            end = i;
            let window_start = text[..i].char_indices().rev().nth(19).map_or(0, |(j, _)| j);
            if let Some(space) = text[window_start..i].rfind(' ') {
                end = window_start + space;
            }
            break;
        }
    }
    (
        text[..end].trim_end().to_string(),
        text[end..].trim_start().to_string(),
    )
}

/// What the preview shows.
pub struct Preview {
    pub username: String,
    /// The image to show (the first image, or the reel's cover).
    pub image: Option<String>,
    /// A video to show a frame of (the first file when it is a video).
    pub video: Option<String>,
    /// Files chosen (a carousel shows its dots).
    pub count: usize,
    pub caption_head: String,
    pub caption_tail: String,
}

impl Preview {
    pub fn new(f: &ComposerForm, kind: PostKind, username: &str, choices: &[MediaChoice]) -> Self {
        let ordered = f.ordered_media();
        let first = ordered
            .first()
            .and_then(|id| choices.iter().find(|c| c.id == *id));
        let cover = (kind == PostKind::Reel)
            .then(|| choices.iter().find(|c| c.id.to_string() == f.cover.trim()))
            .flatten()
            .and_then(|c| c.thumbnail_url.clone());
        let (image, video) = match first {
            Some(c) if c.class == MediaClass::Video => (cover, c.video_url.clone()),
            Some(c) => (c.thumbnail_url.clone(), None),
            None => (None, None),
        };
        let text = if kind.has_caption() {
            check_caption(
                &f.caption,
                &f.hashtags,
                None,
                &socialflow_core::posts::CaptionLimits::INSTAGRAM,
            )
            .text
        } else {
            String::new()
        };
        let (caption_head, caption_tail) = feed_cut(&text);
        Preview {
            username: username.to_string(),
            image,
            video,
            count: ordered.len(),
            caption_head,
            caption_tail,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_captions_show_whole() {
        assert_eq!(feed_cut("Hello"), ("Hello".into(), String::new()));
    }

    #[test]
    fn long_captions_cut_at_a_space_near_125() {
        let text = format!("{} tail words here", "word ".repeat(30));
        let (head, tail) = feed_cut(&text);
        assert!(head.chars().count() <= FEED_CUT_CHARS, "{head}");
        assert!(head.chars().count() > 100);
        assert!(head.ends_with("word"));
        assert_eq!(format!("{head} {tail}"), text.trim_end());
    }

    #[test]
    fn a_third_line_goes_behind_more() {
        let (head, tail) = feed_cut("one\ntwo\nthree");
        assert_eq!(head, "one\ntwo");
        assert_eq!(tail, "three");
    }

    #[test]
    fn multibyte_text_is_cut_on_a_character() {
        let text = "я".repeat(300);
        let (head, tail) = feed_cut(&text);
        assert_eq!(head.chars().count(), FEED_CUT_CHARS);
        assert_eq!(tail.chars().count(), 175);
    }
}
