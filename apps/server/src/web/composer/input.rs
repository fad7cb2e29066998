//! The composer's form as the core's [`PostInput`]: the schedule read on
//! the user's clock, tags parsed, and the problems only the form can have.

use socialflow_core::TimeZone;
use socialflow_core::account::AccountId;
use socialflow_core::media::MediaId;
use socialflow_core::posts::{
    PostField, PostInput, PostKind, PostOptions, PostProblem, TrialStrategy,
};
use socialflow_core::time_window::{TimeWindow, parse_date, parse_time};
use time::{Date, PrimitiveDateTime};

use super::form::ComposerForm;
use super::user_tags;
use crate::i18n::Tr;
use crate::web::posts_text as text;
use crate::web::shared::format;

impl ComposerForm {
    /// The core's input, and the problems only the form can have (an
    /// unreadable time or tag line) with the field each is about. With
    /// such problems the input leaves that part out, so the core can still
    /// name every other problem at once.
    pub fn to_input(
        &self,
        tr: &Tr,
        zone: &TimeZone,
        schedule: bool,
        window: &TimeWindow,
        today: Date,
    ) -> (PostInput, Vec<(&'static str, String)>) {
        let opt = |s: &str| Some(s.trim().to_string()).filter(|v| !v.is_empty());
        let mut problems = Vec::new();
        let scheduled_at = if schedule {
            let (date, time) = (self.date.trim(), self.time.trim());
            if date.is_empty() || time.is_empty() {
                let field = if date.is_empty() { "date" } else { "time" };
                problems.push((field, tr.t("posts-problem-time_required")));
                None
            } else if let Some(d) = parse_date(date).filter(|d| !window.contains_date(*d, today)) {
                // Far outside the window the zone cannot even place the
                // time; say what is wrong with it instead.
                let problem = if d < today {
                    PostProblem::ScheduledInPast
                } else {
                    PostProblem::ScheduledTooFar {
                        max_days: window.horizon_days(),
                    }
                };
                problems.push(("date", text::problem(tr, &problem)));
                None
            } else if let (Some(d), Some(t)) = (parse_date(date), parse_time(time)) {
                let local = PrimitiveDateTime::new(d, t);
                match zone.from_local(local) {
                    Ok(at) => Some(at),
                    Err(_) => {
                        problems.push((
                            "time",
                            tr.t_args(
                                "posts-problem-time_nonexistent",
                                &[
                                    ("time", format_local(tr.lang, local).into()),
                                    ("zone", zone.name().into()),
                                ],
                            ),
                        ));
                        None
                    }
                }
            } else {
                let field = if parse_date(date).is_none() {
                    "date"
                } else {
                    "time"
                };
                problems.push((field, tr.t("posts-problem-time_invalid")));
                None
            }
        } else {
            None
        };
        // Every tag line that cannot be read is named, and nothing is saved.
        let tags_text = if PostKind::parse(&self.kind)
            .unwrap_or(PostKind::Post)
            .allows(PostField::UserTags)
        {
            self.user_tags.as_str()
        } else {
            ""
        };
        let user_tags = match user_tags::parse(tags_text) {
            Ok(tags) => tags,
            Err(bad) => {
                problems.extend(bad.into_iter().map(|line| {
                    (
                        "user-tags",
                        tr.t1("posts-problem-user_tag_unreadable", "line", line),
                    )
                }));
                Vec::new()
            }
        };
        // Only the chosen kind's fields count: the others stay in the form
        // (switching kinds in place loses nothing) but are not saved.
        let kind = PostKind::parse(&self.kind).unwrap_or(PostKind::Post);
        let allows = |f: PostField| kind.allows(f);
        let text = |f: PostField, s: &str| {
            if allows(f) {
                s.to_string()
            } else {
                String::new()
            }
        };
        let some = |f: PostField, s: &str| opt(s).filter(|_| allows(f));
        let input = PostInput {
            account_id: AccountId(
                uuid::Uuid::parse_str(self.account_id.trim()).unwrap_or(uuid::Uuid::nil()),
            ),
            kind,
            media: self.ordered_media(),
            cover: self
                .cover
                .trim()
                .parse::<MediaId>()
                .ok()
                .filter(|_| allows(PostField::ReelCover)),
            thumb_offset_ms: self
                .thumb_offset_ms
                .trim()
                .parse()
                .ok()
                .filter(|_| allows(PostField::ReelCover)),
            share_to_feed: self.share_to_feed,
            caption: text(PostField::Caption, &self.caption),
            hashtags: text(PostField::Caption, &self.hashtags),
            first_comment: some(PostField::FirstComment, &self.first_comment),
            collaborators: if allows(PostField::Collaborators) {
                self.collaborators
                    .split(|c: char| c == ',' || c.is_whitespace())
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(str::to_string)
                    .collect()
            } else {
                Vec::new()
            },
            location_id: some(PostField::Location, &self.location_id),
            alt_text: some(PostField::AltText, &self.alt_text),
            user_tags: if allows(PostField::UserTags) {
                user_tags
            } else {
                Vec::new()
            },
            options: PostOptions {
                audio_name: some(PostField::AudioName, &self.audio_name),
                trial: TrialStrategy::parse(&self.trial).filter(|_| allows(PostField::TrialReel)),
                ai_generated: self.ai_generated,
            },
            scheduled_at,
        };
        (input, problems)
    }
}

/// A wall-clock time in the language's date format.
fn format_local(lang: socialflow_core::Language, t: PrimitiveDateTime) -> String {
    format!(
        "{} {:02}:{:02}",
        format::day(lang, t.date()),
        t.hour(),
        t.minute()
    )
}
