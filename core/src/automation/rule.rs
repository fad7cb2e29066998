//! An automation rule as a user writes it: the JSON body of the create-rule
//! endpoint (`fixtures/automation/price-rule.json` is one). Nothing here is
//! trusted until [`super::validate`] has checked it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::account::AccountId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RuleId(pub Uuid);

impl RuleId {
    pub fn new() -> Self {
        RuleId(Uuid::now_v7())
    }
}

impl Default for RuleId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for RuleId {
    type Err = uuid::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uuid::parse_str(s).map(RuleId)
    }
}

/// Which posts a comment rule listens on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "scope", rename_all = "snake_case", deny_unknown_fields)]
pub enum PostScope {
    /// Every post and Reel of the account.
    Any,
    /// One published post, by its Instagram media id.
    Media { media_id: String },
    /// The next post SocialFlow publishes for the account; the engine binds
    /// the rule to its media id when it is published, and until then the
    /// rule matches nothing.
    NextPublished,
}

/// What starts a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Trigger {
    Comment {
        post: PostScope,
    },
    DirectMessage,
    StoryReply,
    StoryMention,
    /// A tap on an ice-breaker question; `payload` narrows it to one
    /// question (none: any question).
    IceBreaker {
        #[serde(default)]
        payload: Option<String>,
    },
}

impl Trigger {
    pub fn is_comment(&self) -> bool {
        matches!(self, Trigger::Comment { .. })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchMode {
    Any,
    Contains,
    Exact,
    Regex,
}

/// The text condition as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextMatchSpec {
    pub mode: MatchMode,
    /// Keywords for `contains` and `exact`.
    #[serde(default)]
    pub include: Vec<String>,
    /// Keywords that stop the rule whatever the mode.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// The regular expression for `regex`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    pub fn of(day: time::Weekday) -> Weekday {
        match day {
            time::Weekday::Monday => Weekday::Mon,
            time::Weekday::Tuesday => Weekday::Tue,
            time::Weekday::Wednesday => Weekday::Wed,
            time::Weekday::Thursday => Weekday::Thu,
            time::Weekday::Friday => Weekday::Fri,
            time::Weekday::Saturday => Weekday::Sat,
            time::Weekday::Sunday => Weekday::Sun,
        }
    }
}

/// When the rule is active, in the user's time zone. `from` after `to`
/// spans midnight (22:00–06:00); the day is the day the window opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActiveHoursSpec {
    pub days: Vec<Weekday>,
    /// `HH:MM`, 24-hour clock.
    pub from: String,
    pub to: String,
}

/// How often one person is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum OncePer {
    /// Once per person per post by any rule (per conversation day for
    /// messages): the person gets one automatic answer, not one per rule.
    #[default]
    PersonAndPost,
    /// Once per person per post and per rule.
    PersonPostAndRule,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FiltersSpec {
    #[serde(default)]
    pub active_hours: Option<ActiveHoursSpec>,
    #[serde(default)]
    pub once_per: OncePer,
    /// Skip a person a human of the account already answered.
    #[serde(default = "yes")]
    pub skip_if_human_replied: bool,
}

impl Default for FiltersSpec {
    fn default() -> Self {
        FiltersSpec {
            active_hours: None,
            once_per: OncePer::default(),
            skip_if_human_replied: true,
        }
    }
}

/// One thing a rule does. Texts come as variants; one is picked per event
/// and `{username}` is replaced by the person's username.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ActionSpec {
    /// A public reply under the comment.
    PublicReply { variants: Vec<String> },
    /// A private reply (a DM) to the commenter: one per comment, only while
    /// the comment is under 7 days old.
    PrivateReply { variants: Vec<String> },
    /// A DM in the conversation, only inside the 24-hour window.
    DmReply { variants: Vec<String> },
    /// Hide the comment.
    Hide,
    /// Mark the comment or conversation done in the inbox.
    MarkDone,
    /// Notify the account's team.
    Notify,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    PublicReply,
    PrivateReply,
    DmReply,
    Hide,
    MarkDone,
    Notify,
}

impl ActionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::PublicReply => "public_reply",
            ActionKind::PrivateReply => "private_reply",
            ActionKind::DmReply => "dm_reply",
            ActionKind::Hide => "hide",
            ActionKind::MarkDone => "mark_done",
            ActionKind::Notify => "notify",
        }
    }

    /// Actions that send something to Instagram in the person's name-space
    /// and so count against the caps.
    pub fn sends(self) -> bool {
        matches!(
            self,
            ActionKind::PublicReply | ActionKind::PrivateReply | ActionKind::DmReply
        )
    }
}

impl ActionSpec {
    pub fn kind(&self) -> ActionKind {
        match self {
            ActionSpec::PublicReply { .. } => ActionKind::PublicReply,
            ActionSpec::PrivateReply { .. } => ActionKind::PrivateReply,
            ActionSpec::DmReply { .. } => ActionKind::DmReply,
            ActionSpec::Hide => ActionKind::Hide,
            ActionSpec::MarkDone => ActionKind::MarkDone,
            ActionSpec::Notify => ActionKind::Notify,
        }
    }

    pub fn variants(&self) -> &[String] {
        match self {
            ActionSpec::PublicReply { variants }
            | ActionSpec::PrivateReply { variants }
            | ActionSpec::DmReply { variants } => variants,
            _ => &[],
        }
    }
}

/// A random wait before acting, in seconds (equal bounds: a fixed wait).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct DelaySpec {
    pub min_seconds: u32,
    pub max_seconds: u32,
}

/// Whether planned actions go out on their own or wait in the inbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SendMode {
    #[default]
    Auto,
    Approve,
}

/// The create/replace-rule request body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub name: String,
    /// A new rule is off until switched on (test it first).
    #[serde(default)]
    pub enabled: bool,
    pub trigger: Trigger,
    #[serde(rename = "match")]
    pub text: TextMatchSpec,
    #[serde(default)]
    pub filters: FiltersSpec,
    pub actions: Vec<ActionSpec>,
    #[serde(default)]
    pub delay: DelaySpec,
    #[serde(default)]
    pub send: SendMode,
}

/// A stored rule: the spec plus what the server owns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub id: RuleId,
    pub account: AccountId,
    /// Rules are tried in ascending position.
    pub position: u32,
    pub spec: RuleSpec,
    /// For [`PostScope::NextPublished`]: the media the rule was bound to.
    pub bound_media_id: Option<String>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}
