//! Posts in words: every state, kind, hold, log event and problem in the
//! user's language (the API uses English), and the problems' machine form.

use serde_json::{Map, Value, json};
use socialflow_core::media::Severity;
use socialflow_core::posts::{
    CaptionProblem, MediaFix, MediaIssue, MediaSlot, PostEvent, PostHold, PostKind, PostProblem,
    PostState,
};

use crate::i18n::{Arg, Tr};

pub fn state(tr: &Tr, s: PostState) -> String {
    tr.t(&format!("posts-state-{}", s.as_str()))
}

pub fn kind(tr: &Tr, k: PostKind) -> String {
    tr.t(&format!("posts-kind-{}", k.as_str()))
}

/// Why the post waits, and what to do about it.
pub fn hold(tr: &Tr, h: PostHold) -> String {
    tr.t(&format!("posts-hold-{}", h.as_str()))
}

pub fn event(tr: &Tr, e: PostEvent) -> String {
    tr.t(&format!("posts-event-{}", e.as_str()))
}

/// The stable machine code of a problem (caption problems get a `caption_`
/// prefix so every code is unique).
pub fn problem_code(p: &PostProblem) -> String {
    match p {
        PostProblem::AccountNotFound => "account_not_found".into(),
        PostProblem::MediaCount { .. } => "media_count".into(),
        PostProblem::MediaNotFound { .. } => "media_not_found".into(),
        PostProblem::NeedsImage { .. } => "needs_image".into(),
        PostProblem::NeedsVideo { .. } => "needs_video".into(),
        PostProblem::CoverNotImage => "cover_not_image".into(),
        PostProblem::Caption(c) => format!("caption_{}", caption_code(c)),
        PostProblem::TooManyCollaborators { .. } => "too_many_collaborators".into(),
        PostProblem::NotForStories { .. } => "not_for_stories".into(),
        PostProblem::NotForKind { .. } => "not_for_kind".into(),
        PostProblem::DroppedForKind { .. } => "dropped_for_kind".into(),
        PostProblem::AltTextTooLong { .. } => "alt_text_too_long".into(),
        PostProblem::UserTagOutOfFrame { .. } => "user_tag_out_of_frame".into(),
        PostProblem::ScheduledInPast => "scheduled_in_past".into(),
        PostProblem::ScheduledTooFar { .. } => "scheduled_too_far".into(),
        PostProblem::ControlCharacters { .. } => "control_characters".into(),
        PostProblem::FieldTooLong { .. } => "field_too_long".into(),
        PostProblem::Media(m) => format!("media_{}", m.problem.code()),
    }
}

fn caption_code(c: &CaptionProblem) -> &'static str {
    match c {
        CaptionProblem::TooLong { .. } => "too_long",
        CaptionProblem::TooManyHashtags { .. } => "too_many_hashtags",
        CaptionProblem::TooManyMentions { .. } => "too_many_mentions",
        CaptionProblem::MoreHashtagsThanAdvised { .. } => "more_hashtags_than_advised",
        CaptionProblem::FirstCommentTooLong { .. } => "first_comment_too_long",
    }
}

/// The numbers and names a problem carries, as message arguments (a field
/// by its label in the form, never its internal name).
fn problem_args(tr: &Tr, p: &PostProblem) -> Vec<(&'static str, Arg)> {
    match p {
        PostProblem::MediaCount { min, max, actual } => vec![
            ("min", (*min).into()),
            ("max", (*max).into()),
            ("actual", (*actual).into()),
        ],
        PostProblem::MediaNotFound { media_id } => vec![("media", media_id.clone().into())],
        PostProblem::NeedsImage { position } | PostProblem::NeedsVideo { position } => {
            vec![("position", (*position).into())]
        }
        PostProblem::TooManyCollaborators { max, actual }
        | PostProblem::AltTextTooLong { max, actual }
        | PostProblem::Caption(CaptionProblem::TooLong { max, actual })
        | PostProblem::Caption(CaptionProblem::TooManyHashtags { max, actual })
        | PostProblem::Caption(CaptionProblem::TooManyMentions { max, actual })
        | PostProblem::Caption(CaptionProblem::FirstCommentTooLong { max, actual }) => {
            vec![("max", (*max).into()), ("actual", (*actual).into())]
        }
        PostProblem::Caption(CaptionProblem::MoreHashtagsThanAdvised { advised, actual }) => {
            vec![("advised", (*advised).into()), ("actual", (*actual).into())]
        }
        PostProblem::NotForStories { field } => vec![("field", field_label(tr, field).into())],
        PostProblem::NotForKind { field, kind: k }
        | PostProblem::DroppedForKind { field, kind: k } => vec![
            ("field", field_label(tr, field).into()),
            ("kind", kind(tr, *k).into()),
        ],
        PostProblem::UserTagOutOfFrame { username } => vec![("username", username.clone().into())],
        PostProblem::ScheduledTooFar { max_days } => vec![("days", i64::from(*max_days).into())],
        PostProblem::ControlCharacters { field } => vec![("field", field_label(tr, field).into())],
        PostProblem::FieldTooLong { field, max, actual } => vec![
            ("field", field_label(tr, field).into()),
            ("max", (*max).into()),
            ("actual", (*actual).into()),
        ],
        PostProblem::AccountNotFound
        | PostProblem::CoverNotImage
        | PostProblem::ScheduledInPast
        | PostProblem::Media(_) => Vec::new(),
    }
}

pub fn problem(tr: &Tr, p: &PostProblem) -> String {
    if let PostProblem::Media(m) = p {
        return media_issue(tr, m);
    }
    tr.t_args(
        &format!("posts-problem-{}", problem_code(p)),
        &problem_args(tr, p),
    )
}

/// "File 2 (Carousel image): aspect ratio 4:5 to 1.91:1; this is 4:1." and
/// what fixes it.
pub fn media_issue(tr: &Tr, m: &MediaIssue) -> String {
    let what = super::media_text::problem_text(tr, &m.problem);
    let use_ = tr.t(&format!("media-use-{}", m.use_.as_str()));
    let mut text = match m.slot {
        MediaSlot::Item(position) => tr.t_args(
            "posts-problem-media",
            &[
                ("position", position.into()),
                ("use", use_.into()),
                ("problem", what.into()),
            ],
        ),
        MediaSlot::Cover => tr.t_args(
            "posts-problem-media-cover",
            &[("use", use_.into()), ("problem", what.into())],
        ),
    };
    if let Some(fix) = media_fix(tr, m) {
        text = format!("{text} {fix}");
    }
    // A draft may keep it, but it will not go out like this.
    if !m.blocking && !m.converting && m.problem.severity() == Severity::Refusal {
        text = format!("{text} {}", tr.t("posts-media-blocks-scheduling"));
    }
    text
}

/// What fixes the problem, in words, when something does.
pub fn media_fix(tr: &Tr, m: &MediaIssue) -> Option<String> {
    match m.fix? {
        _ if m.converting => Some(tr.t("posts-fix-converting")),
        MediaFix::Pad { ratio } => Some(tr.t1(
            "posts-fix-pad",
            "ratio",
            socialflow_core::media::format_ratio(ratio),
        )),
        MediaFix::Transcode => Some(tr.t("posts-fix-transcode")),
    }
}

/// A composer field's name as its label says it.
pub fn field_label(tr: &Tr, field: &str) -> String {
    let key = match field {
        "collaborators" => "posts-field-collaborators-short",
        "first_comment" => "posts-field-first-comment-short",
        "user_tags" => "posts-field-user-tags",
        "location_id" => "posts-field-location",
        "alt_text" => "posts-field-alt-text-short",
        "hashtags" => "posts-field-hashtags",
        "caption" => "posts-field-caption",
        "audio_name" => "composer-audio-name",
        "trial_graduation" => "composer-trial",
        _ => "posts-field-other",
    };
    tr.t(key)
}

/// Which composer field a problem is about (the id of its input), so the
/// form shows it there.
pub fn problem_field(p: &PostProblem) -> &'static str {
    match p {
        PostProblem::AccountNotFound => "account",
        PostProblem::MediaCount { .. }
        | PostProblem::MediaNotFound { .. }
        | PostProblem::NeedsImage { .. }
        | PostProblem::NeedsVideo { .. } => "media",
        PostProblem::CoverNotImage => "cover",
        // Shown on the file itself in the list of files.
        PostProblem::Media(m) => match m.slot {
            MediaSlot::Item(_) => "media-files",
            MediaSlot::Cover => "cover",
        },
        PostProblem::Caption(CaptionProblem::FirstCommentTooLong { .. }) => "first-comment",
        PostProblem::Caption(_) => "caption",
        PostProblem::TooManyCollaborators { .. } => "collaborators",
        PostProblem::NotForStories { field } => match *field {
            "first_comment" => "first-comment",
            "collaborators" => "collaborators",
            "user_tags" => "user-tags",
            "location_id" => "location",
            _ => "kind",
        },
        PostProblem::NotForKind { field, .. } => match *field {
            "audio_name" => "audio-name",
            "trial_graduation" => "trial",
            _ => "kind",
        },
        PostProblem::DroppedForKind { .. } => "kind",
        PostProblem::AltTextTooLong { .. } => "alt",
        PostProblem::UserTagOutOfFrame { .. } => "user-tags",
        PostProblem::ScheduledInPast | PostProblem::ScheduledTooFar { .. } => "date",
        PostProblem::ControlCharacters { field } | PostProblem::FieldTooLong { field, .. } => {
            match *field {
                "first_comment" => "first-comment",
                "collaborators" => "collaborators",
                "user_tags" => "user-tags",
                "location_id" => "location",
                "alt_text" => "alt",
                "audio_name" => "audio-name",
                _ => "caption",
            }
        }
    }
}

/// Why a post failed or waits, explained in the user's language with what
/// to do; the original text (often Instagram's English) is kept for a
/// details fold.
pub struct Why {
    pub title: String,
    pub fix: String,
    pub original: String,
}

pub fn why(tr: &Tr, reason: &str) -> Why {
    let problem = socialflow_core::instagram::explain::explain(reason);
    Why {
        title: tr.t(&format!("why-{}", problem.as_str())),
        fix: tr.t(&format!("fix-{}", problem.as_str())),
        original: reason.to_string(),
    }
}

/// A media problem as the API returns it: which file, its use, whether it
/// stops scheduling, and the fix.
fn media_json(m: &MediaIssue) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("media_id".into(), json!(m.media_id.to_string()));
    let position = match m.slot {
        MediaSlot::Item(n) => json!(n),
        MediaSlot::Cover => Value::Null,
    };
    map.insert("position".into(), position);
    map.insert(
        "slot".into(),
        json!(match m.slot {
            MediaSlot::Item(_) => "item",
            MediaSlot::Cover => "cover",
        }),
    );
    map.insert("use".into(), json!(m.use_.as_str()));
    map.insert("severity".into(), json!(m.problem.severity().as_str()));
    map.insert("blocking".into(), json!(m.blocking));
    map.insert("converting".into(), json!(m.converting));
    map.insert("fix".into(), json!(m.fix.map(MediaFix::as_str)));
    if let Some(MediaFix::Pad { ratio }) = m.fix {
        map.insert(
            "pad_to".into(),
            json!(socialflow_core::media::format_ratio(ratio)),
        );
    }
    map
}

/// A problem as the API returns it: `code`, its numbers, and `message`.
pub fn problem_json(p: &PostProblem) -> Value {
    let mut map = match p {
        PostProblem::Media(m) => Ok(Value::Object(media_json(m))),
        PostProblem::Caption(c) => serde_json::to_value(c),
        other => serde_json::to_value(other),
    }
    .ok()
    .and_then(|v| match v {
        Value::Object(m) => Some(m),
        _ => None,
    })
    .unwrap_or_else(Map::new);
    map.insert("code".into(), json!(problem_code(p)));
    map.insert(
        "message".into(),
        json!(problem(&Tr::new(socialflow_core::Language::En), p)),
    );
    Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use socialflow_core::Language;

    fn wide_feed_image(slot: MediaSlot, blocking: bool) -> MediaIssue {
        MediaIssue {
            slot,
            media_id: socialflow_core::media::MediaId::new(),
            use_: socialflow_core::media::MediaUse::FeedImage,
            problem: socialflow_core::media::MediaProblem::AspectOutOfRange {
                min: 0.8,
                max: 1.91,
                actual: 4.0,
            },
            blocking,
            converting: false,
            fix: Some(MediaFix::Pad { ratio: 1.91 }),
        }
    }

    #[test]
    fn media_problems_name_the_file_the_rule_and_the_fix() {
        let issue = wide_feed_image(MediaSlot::Item(2), true);
        let j = problem_json(&PostProblem::Media(issue.clone()));
        assert_eq!(j["code"], "media_aspect_out_of_range");
        assert_eq!(j["position"], 2);
        assert_eq!(j["use"], "feed_image");
        assert_eq!(j["fix"], "pad");
        assert_eq!(j["pad_to"], "1.91:1");
        assert_eq!(j["blocking"], true);
        assert_eq!(
            j["message"],
            "File 2 (Feed post): aspect ratio 4:5 to 1.91:1; this is 4:1. \
             Fix: pad it with white to 1.91:1 — upload it again with “Pad images” ticked."
        );
        // A draft's refusal says it stops scheduling; a conversion under way
        // replaces the fix.
        let en = Tr::new(Language::En);
        let draft = MediaIssue {
            blocking: false,
            ..issue.clone()
        };
        assert!(media_issue(&en, &draft).ends_with("cannot be scheduled until this is fixed."));
        let converting = MediaIssue {
            problem: socialflow_core::media::MediaProblem::MoovNotAtFront,
            fix: Some(MediaFix::Transcode),
            converting: true,
            blocking: false,
            ..issue
        };
        let text = media_issue(&en, &converting);
        assert!(text.contains("being converted"), "{text}");
        assert!(!text.contains("cannot be scheduled"), "{text}");
    }

    #[test]
    fn every_variant_has_a_message_in_every_language() {
        let problems = vec![
            PostProblem::AccountNotFound,
            PostProblem::MediaCount {
                min: 2,
                max: 10,
                actual: 11,
            },
            PostProblem::MediaCount {
                min: 1,
                max: 1,
                actual: 0,
            },
            PostProblem::MediaNotFound {
                media_id: "m".into(),
            },
            PostProblem::NeedsImage { position: 1 },
            PostProblem::NeedsVideo { position: 2 },
            PostProblem::CoverNotImage,
            PostProblem::Caption(CaptionProblem::TooLong {
                max: 2200,
                actual: 2201,
            }),
            PostProblem::Caption(CaptionProblem::TooManyHashtags {
                max: 30,
                actual: 31,
            }),
            PostProblem::Caption(CaptionProblem::TooManyMentions {
                max: 20,
                actual: 21,
            }),
            PostProblem::Caption(CaptionProblem::MoreHashtagsThanAdvised {
                advised: 5,
                actual: 6,
            }),
            PostProblem::Caption(CaptionProblem::FirstCommentTooLong {
                max: 2200,
                actual: 2201,
            }),
            PostProblem::TooManyCollaborators { max: 3, actual: 4 },
            PostProblem::NotForStories {
                field: "collaborators",
            },
            PostProblem::AltTextTooLong {
                max: 1000,
                actual: 1001,
            },
            PostProblem::UserTagOutOfFrame {
                username: "bob".into(),
            },
            PostProblem::ScheduledInPast,
            PostProblem::ScheduledTooFar { max_days: 730 },
            PostProblem::ControlCharacters { field: "caption" },
            PostProblem::ControlCharacters { field: "hashtags" },
            PostProblem::FieldTooLong {
                field: "location_id",
                max: 64,
                actual: 65,
            },
            PostProblem::Media(wide_feed_image(MediaSlot::Item(2), true)),
            PostProblem::Media(wide_feed_image(MediaSlot::Cover, false)),
        ];
        for lang in Language::ALL {
            let tr = Tr::new(lang);
            for p in &problems {
                let text = problem(&tr, p);
                assert!(
                    !text.is_empty() && !text.contains("posts-problem"),
                    "{lang:?} {p:?}: {text}"
                );
            }
            for s in PostState::ALL {
                assert!(!state(&tr, s).starts_with("posts-"));
            }
            for k in PostKind::ALL {
                assert!(!kind(&tr, k).starts_with("posts-"));
            }
            for e in PostEvent::ALL {
                assert!(!event(&tr, e).starts_with("posts-"));
            }
            for p in socialflow_core::instagram::explain::Problem::ALL {
                let w = why(&tr, p.as_str());
                assert!(
                    !w.title.starts_with("why-") && !w.fix.starts_with("fix-"),
                    "{lang:?} {p:?}"
                );
            }
            let stories = problem(
                &tr,
                &PostProblem::NotForStories {
                    field: "first_comment",
                },
            );
            assert!(!stories.contains("first_comment"), "{lang:?}: {stories}");
            for h in ["quota", "reconnect", "media_unreachable", "retrying"] {
                let h = PostHold::parse(h).expect("hold");
                assert!(!hold(&tr, h).starts_with("posts-"));
            }
        }
        let ru = Tr::new(Language::Ru);
        let p = |n| PostProblem::Caption(CaptionProblem::TooManyHashtags { max: 30, actual: n });
        assert!(problem(&ru, &p(31)).starts_with("31 хэштег;"));
        assert!(problem(&ru, &p(32)).starts_with("32 хэштега;"));
        assert!(problem(&ru, &p(35)).starts_with("35 хэштегов;"));
        let j = problem_json(&PostProblem::MediaCount {
            min: 2,
            max: 10,
            actual: 1,
        });
        assert_eq!(j["code"], "media_count");
        assert_eq!(j["min"], 2);
        assert_eq!(j["actual"], 1);
        assert_eq!(j["message"], "A carousel takes 2 to 10 files; 1 chosen.");
        let c = problem_json(&PostProblem::Caption(CaptionProblem::TooLong {
            max: 2200,
            actual: 2201,
        }));
        assert_eq!(c["code"], "caption_too_long");
        assert_eq!(c["max"], 2200);
    }
}
