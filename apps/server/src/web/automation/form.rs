//! The rule builder's fields, as typed, and the [`RuleSpec`] they build.
//! The form is plain HTML: a refused or tested form comes back with every
//! field as the user left it.

use serde::Deserialize;
use socialflow_core::automation::{
    ActionSpec, ActiveHoursSpec, DelaySpec, FiltersSpec, MatchMode, OncePer, PostScope, RuleSpec,
    SendMode, TextMatchSpec, Trigger, Weekday,
};

use crate::i18n::Tr;

/// Longest a field of the form may be read (more than any valid value:
/// ten variants of 1,000 characters), so a huge post cannot allocate more.
const MAX_FIELD_CHARS: usize = 12_000;
/// Lines or comma-separated items read from one field, at most (validation
/// refuses more than 50 keywords or 10 variants; this only bounds the work).
const MAX_ITEMS: usize = 60;

pub const DAYS: [(&str, Weekday); 7] = [
    ("mon", Weekday::Mon),
    ("tue", Weekday::Tue),
    ("wed", Weekday::Wed),
    ("thu", Weekday::Thu),
    ("fri", Weekday::Fri),
    ("sat", Weekday::Sat),
    ("sun", Weekday::Sun),
];

#[derive(Deserialize, Clone, Debug)]
#[serde(default)]
pub struct RuleForm {
    pub name: String,
    pub enabled: String,
    /// `comment`, `direct_message`, `story_reply`, `story_mention`, `ice_breaker`.
    pub trigger: String,
    /// `any`, `media`, `next_published`.
    pub post: String,
    pub media_id: String,
    pub payload: String,
    /// `contains`, `exact`, `regex`, `any`.
    pub mode: String,
    pub include: String,
    pub exclude: String,
    pub pattern: String,
    pub public_reply: String,
    pub private_reply: String,
    pub dm_reply: String,
    pub hide: String,
    pub mark_done: String,
    pub notify: String,
    pub hours_on: String,
    pub day_mon: String,
    pub day_tue: String,
    pub day_wed: String,
    pub day_thu: String,
    pub day_fri: String,
    pub day_sat: String,
    pub day_sun: String,
    pub from: String,
    pub to: String,
    pub once_per: String,
    pub skip_human: String,
    pub delay_min: String,
    pub delay_max: String,
    pub send: String,
    /// `save` or `test` (the button pressed).
    pub intent: String,
}

impl Default for RuleForm {
    /// A new rule: a comment on any post containing a keyword, answered
    /// publicly and privately, once per person, people a human answered
    /// left alone.
    fn default() -> Self {
        RuleForm {
            name: String::new(),
            enabled: String::new(),
            trigger: "comment".into(),
            post: "any".into(),
            media_id: String::new(),
            payload: String::new(),
            mode: "contains".into(),
            include: String::new(),
            exclude: String::new(),
            pattern: String::new(),
            public_reply: String::new(),
            private_reply: String::new(),
            dm_reply: String::new(),
            hide: String::new(),
            mark_done: String::new(),
            notify: String::new(),
            hours_on: String::new(),
            day_mon: "on".into(),
            day_tue: "on".into(),
            day_wed: "on".into(),
            day_thu: "on".into(),
            day_fri: "on".into(),
            day_sat: String::new(),
            day_sun: String::new(),
            from: "09:00".into(),
            to: "18:00".into(),
            once_per: "person_and_post".into(),
            skip_human: "on".into(),
            delay_min: "0".into(),
            delay_max: "0".into(),
            send: "auto".into(),
            intent: String::new(),
        }
    }
}

fn on(v: &str) -> bool {
    !v.is_empty()
}

fn capped(s: &str) -> &str {
    match s.char_indices().nth(MAX_FIELD_CHARS) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Comma- or line-separated keywords, blanks dropped.
pub fn split_keywords(s: &str) -> Vec<String> {
    capped(s)
        .split([',', '\n'])
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .take(MAX_ITEMS)
        .map(str::to_string)
        .collect()
}

/// One variant per line, blank lines dropped.
pub fn split_lines(s: &str) -> Vec<String> {
    capped(s)
        .lines()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .take(MAX_ITEMS)
        .map(str::to_string)
        .collect()
}

impl RuleForm {
    pub fn is_comment(&self) -> bool {
        self.trigger == "comment" || self.trigger.is_empty()
    }

    pub fn day(&self, code: &str) -> bool {
        on(match code {
            "mon" => &self.day_mon,
            "tue" => &self.day_tue,
            "wed" => &self.day_wed,
            "thu" => &self.day_thu,
            "fri" => &self.day_fri,
            "sat" => &self.day_sat,
            _ => &self.day_sun,
        })
    }

    /// The rule the fields describe, and the problems only the form can
    /// have (a delay that is not a number); everything else is checked by
    /// core's validation.
    pub fn to_spec(&self, tr: &Tr) -> (RuleSpec, Vec<(&'static str, String)>) {
        let mut problems = Vec::new();
        let trigger = match self.trigger.as_str() {
            "direct_message" => Trigger::DirectMessage,
            "story_reply" => Trigger::StoryReply,
            "story_mention" => Trigger::StoryMention,
            "ice_breaker" => Trigger::IceBreaker {
                payload: Some(self.payload.trim().to_string()).filter(|p| !p.is_empty()),
            },
            _ => Trigger::Comment {
                post: match self.post.as_str() {
                    "media" => PostScope::Media {
                        media_id: self.media_id.trim().to_string(),
                    },
                    "next_published" => PostScope::NextPublished,
                    _ => PostScope::Any,
                },
            },
        };
        let mode = match self.mode.as_str() {
            "exact" => MatchMode::Exact,
            "regex" => MatchMode::Regex,
            "any" => MatchMode::Any,
            _ => MatchMode::Contains,
        };
        let uses_keywords = matches!(mode, MatchMode::Contains | MatchMode::Exact);
        let text = TextMatchSpec {
            mode,
            include: if uses_keywords {
                split_keywords(&self.include)
            } else {
                Vec::new()
            },
            exclude: split_keywords(&self.exclude),
            pattern: (mode == MatchMode::Regex).then(|| capped(&self.pattern).to_string()),
        };
        let comment = trigger.is_comment();
        let mut actions = Vec::new();
        if comment {
            let public = split_lines(&self.public_reply);
            if !public.is_empty() {
                actions.push(ActionSpec::PublicReply { variants: public });
            }
            let private = split_lines(&self.private_reply);
            if !private.is_empty() {
                actions.push(ActionSpec::PrivateReply { variants: private });
            }
            if on(&self.hide) {
                actions.push(ActionSpec::Hide);
            }
        } else {
            let dm = split_lines(&self.dm_reply);
            if !dm.is_empty() {
                actions.push(ActionSpec::DmReply { variants: dm });
            }
        }
        if on(&self.mark_done) {
            actions.push(ActionSpec::MarkDone);
        }
        if on(&self.notify) {
            actions.push(ActionSpec::Notify);
        }
        let active_hours = on(&self.hours_on).then(|| ActiveHoursSpec {
            days: DAYS
                .iter()
                .filter(|(code, _)| self.day(code))
                .map(|(_, d)| *d)
                .collect(),
            from: self.from.trim().chars().take(10).collect(),
            to: self.to.trim().chars().take(10).collect(),
        });
        let mut seconds = |v: &str| -> u32 {
            let v = v.trim();
            if v.is_empty() {
                return 0;
            }
            match v.parse::<u32>() {
                Ok(n) => n,
                Err(_) => {
                    if !problems.iter().any(|(f, _)| *f == "delay") {
                        problems.push(("delay", tr.t("automation-form-delay-number")));
                    }
                    0
                }
            }
        };
        let delay = DelaySpec {
            min_seconds: seconds(&self.delay_min),
            max_seconds: seconds(&self.delay_max),
        };
        let spec = RuleSpec {
            name: capped(&self.name).to_string(),
            enabled: on(&self.enabled),
            trigger,
            text,
            filters: FiltersSpec {
                active_hours,
                once_per: if self.once_per == "person_post_and_rule" {
                    OncePer::PersonPostAndRule
                } else {
                    OncePer::PersonAndPost
                },
                skip_if_human_replied: on(&self.skip_human),
            },
            actions,
            delay,
            send: if self.send == "approve" {
                SendMode::Approve
            } else {
                SendMode::Auto
            },
        };
        (spec, problems)
    }

    /// The fields of a stored rule, for editing.
    pub fn from_spec(spec: &RuleSpec) -> Self {
        let flag = |b: bool| if b { "on".to_string() } else { String::new() };
        let mut f = RuleForm {
            name: spec.name.clone(),
            enabled: flag(spec.enabled),
            ..RuleForm::default()
        };
        match &spec.trigger {
            Trigger::Comment { post } => {
                f.trigger = "comment".into();
                match post {
                    PostScope::Any => f.post = "any".into(),
                    PostScope::Media { media_id } => {
                        f.post = "media".into();
                        f.media_id = media_id.clone();
                    }
                    PostScope::NextPublished => f.post = "next_published".into(),
                }
            }
            Trigger::DirectMessage => f.trigger = "direct_message".into(),
            Trigger::StoryReply => f.trigger = "story_reply".into(),
            Trigger::StoryMention => f.trigger = "story_mention".into(),
            Trigger::IceBreaker { payload } => {
                f.trigger = "ice_breaker".into();
                f.payload = payload.clone().unwrap_or_default();
            }
        }
        f.mode = match spec.text.mode {
            MatchMode::Any => "any",
            MatchMode::Contains => "contains",
            MatchMode::Exact => "exact",
            MatchMode::Regex => "regex",
        }
        .into();
        f.include = spec.text.include.join(", ");
        f.exclude = spec.text.exclude.join(", ");
        f.pattern = spec.text.pattern.clone().unwrap_or_default();
        for a in &spec.actions {
            match a {
                ActionSpec::PublicReply { variants } => f.public_reply = variants.join("\n"),
                ActionSpec::PrivateReply { variants } => f.private_reply = variants.join("\n"),
                ActionSpec::DmReply { variants } => f.dm_reply = variants.join("\n"),
                ActionSpec::Hide => f.hide = "on".into(),
                ActionSpec::MarkDone => f.mark_done = "on".into(),
                ActionSpec::Notify => f.notify = "on".into(),
            }
        }
        if let Some(h) = &spec.filters.active_hours {
            f.hours_on = "on".into();
            for (code, day) in DAYS {
                let v = flag(h.days.contains(&day));
                match code {
                    "mon" => f.day_mon = v,
                    "tue" => f.day_tue = v,
                    "wed" => f.day_wed = v,
                    "thu" => f.day_thu = v,
                    "fri" => f.day_fri = v,
                    "sat" => f.day_sat = v,
                    _ => f.day_sun = v,
                }
            }
            f.from = h.from.clone();
            f.to = h.to.clone();
        }
        f.once_per = match spec.filters.once_per {
            OncePer::PersonAndPost => "person_and_post",
            OncePer::PersonPostAndRule => "person_post_and_rule",
        }
        .into();
        f.skip_human = flag(spec.filters.skip_if_human_replied);
        f.delay_min = spec.delay.min_seconds.to_string();
        f.delay_max = spec.delay.max_seconds.to_string();
        f.send = match spec.send {
            SendMode::Auto => "auto",
            SendMode::Approve => "approve",
        }
        .into();
        f
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use socialflow_core::Language;

    #[test]
    fn the_price_rule_goes_through_the_form_unchanged() {
        let fixture: RuleSpec = serde_json::from_str(include_str!(
            "../../../../../fixtures/automation/price-rule.json"
        ))
        .unwrap();
        let form = RuleForm::from_spec(&fixture);
        assert_eq!(form.include, "цена");
        let (spec, problems) = form.to_spec(&Tr::new(Language::Ru));
        assert!(problems.is_empty());
        assert_eq!(spec, fixture);
    }

    #[test]
    fn keywords_split_on_commas_and_lines_and_a_bad_delay_is_a_form_problem() {
        let form = RuleForm {
            name: "x".into(),
            include: " цена,  стоимость\nбағасы ,, ".into(),
            public_reply: "a\n\n b ".into(),
            delay_min: "ten".into(),
            ..RuleForm::default()
        };
        let (spec, problems) = form.to_spec(&Tr::new(Language::En));
        assert_eq!(spec.text.include, ["цена", "стоимость", "бағасы"]);
        assert_eq!(
            spec.actions,
            [ActionSpec::PublicReply {
                variants: vec!["a".into(), "b".into()]
            }]
        );
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].0, "delay");
    }
}
