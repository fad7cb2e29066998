//! Which rule answers an event, and what it will do.
//!
//! Rules are tried in ascending position. A rule that is off, listens to
//! another trigger or post, does not match the text, or is held back by its
//! own filters (active hours, once per person, a human already answered)
//! lets the next rule try. The first rule that passes all of that wins,
//! even if the 7-day or 24-hour clock then removes some of its actions: one
//! event gets at most one rule's answer.

use time::{Duration, OffsetDateTime};

use super::event::{Context, Event, EventKind};
use super::rule::{
    ActionKind, ActionSpec, OncePer, PostScope, Rule, RuleId, SendMode, Trigger, Weekday,
};
use super::validate::{ActiveHours, CompiledSpec, RuleProblem, USERNAME_PLACEHOLDER, compile};

/// A private reply may be sent while the comment is younger than this.
pub const PRIVATE_REPLY_WINDOW: Duration = Duration::days(7);
/// A DM may be sent this long after the person's last message or tap.
pub const MESSAGING_WINDOW: Duration = Duration::hours(24);

/// A stored rule compiled for evaluation.
#[derive(Debug, Clone)]
pub struct CompiledRule {
    pub id: RuleId,
    pub position: u32,
    pub bound_media_id: Option<String>,
    pub compiled: CompiledSpec,
}

impl CompiledRule {
    pub fn from_rule(rule: &Rule) -> Result<CompiledRule, Vec<RuleProblem>> {
        Ok(CompiledRule {
            id: rule.id,
            position: rule.position,
            bound_media_id: rule.bound_media_id.clone(),
            compiled: compile(&rule.spec)?,
        })
    }
}

/// Why one rule did not answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleVerdict {
    Disabled,
    OtherTrigger,
    OtherPost,
    /// A next-post rule whose post is not published yet.
    NotBound,
    TextNotMatched,
    OutsideActiveHours,
    AlreadyAnswered,
    HumanReplied,
    /// This rule answers.
    Chosen,
}

/// Why an action of the chosen rule is left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DropReason {
    /// The comment will be 7 days old or more when the reply goes.
    CommentTooOld,
    /// The 24-hour messaging window will have closed.
    WindowClosed,
    /// Every variant names the person and the username is unknown.
    UsernameUnknown,
}

/// One thing to do, with its text filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlannedAction {
    PublicReply { comment_id: String, text: String },
    PrivateReply { comment_id: String, text: String },
    DmReply { recipient_id: String, text: String },
    Hide { comment_id: String },
    MarkDone,
    Notify,
}

impl PlannedAction {
    pub fn kind(&self) -> ActionKind {
        match self {
            PlannedAction::PublicReply { .. } => ActionKind::PublicReply,
            PlannedAction::PrivateReply { .. } => ActionKind::PrivateReply,
            PlannedAction::DmReply { .. } => ActionKind::DmReply,
            PlannedAction::Hide { .. } => ActionKind::Hide,
            PlannedAction::MarkDone => ActionKind::MarkDone,
            PlannedAction::Notify => ActionKind::Notify,
        }
    }
}

/// Why a plan waits for a person in the inbox instead of going out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoldReason {
    /// The rule asks for approval.
    Approval,
    /// Sending would pass the account's hourly cap.
    HourlyCap,
    /// Sending would pass the account's daily cap.
    DailyCap,
}

/// What the chosen rule will do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub rule: RuleId,
    pub actions: Vec<PlannedAction>,
    pub dropped: Vec<(ActionKind, DropReason)>,
    /// Now plus the rule's delay.
    pub run_at: OffsetDateTime,
    pub hold: Option<HoldReason>,
}

/// Why nothing happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// The account wrote it itself.
    OwnMessage,
    /// Automation is paused for the account.
    Paused,
    NoRuleMatched,
    /// The chosen rule's clocks removed every action.
    NothingLeft {
        rule: RuleId,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Act(Plan),
    Skip(Skip),
}

/// The decision and, rule by rule, how it was reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    pub decision: Decision,
    pub trace: Vec<(RuleId, RuleVerdict)>,
}

/// Evaluates `event` against the account's rules.
pub fn evaluate(rules: &[CompiledRule], event: &Event, ctx: &Context<'_>) -> Evaluation {
    let skip = |s| Evaluation {
        decision: Decision::Skip(s),
        trace: Vec::new(),
    };
    if event.from_account {
        return skip(Skip::OwnMessage);
    }
    if ctx.paused {
        return skip(Skip::Paused);
    }
    let mut ordered: Vec<&CompiledRule> = rules.iter().collect();
    ordered.sort_by_key(|r| (r.position, r.id));
    let mut trace = Vec::with_capacity(ordered.len());
    for rule in ordered {
        let verdict = verdict(rule, event, ctx);
        trace.push((rule.id, verdict));
        if verdict == RuleVerdict::Chosen {
            return Evaluation {
                decision: plan(rule, event, ctx),
                trace,
            };
        }
    }
    Evaluation {
        decision: Decision::Skip(Skip::NoRuleMatched),
        trace,
    }
}

/// Whether one rule answers `event`; the checks run cheapest first.
pub fn verdict(rule: &CompiledRule, event: &Event, ctx: &Context<'_>) -> RuleVerdict {
    let spec = &rule.compiled.spec;
    if !spec.enabled {
        return RuleVerdict::Disabled;
    }
    if let Some(v) = trigger_verdict(rule, event) {
        return v;
    }
    if let Some(hours) = &rule.compiled.active_hours
        && !in_hours(hours, event.at, ctx)
    {
        return RuleVerdict::OutsideActiveHours;
    }
    if spec.filters.skip_if_human_replied && event.human_replied {
        return RuleVerdict::HumanReplied;
    }
    if already_answered(rule, event, ctx) {
        return RuleVerdict::AlreadyAnswered;
    }
    if !rule.compiled.matcher.matches(&event.text) {
        return RuleVerdict::TextNotMatched;
    }
    RuleVerdict::Chosen
}

fn trigger_verdict(rule: &CompiledRule, event: &Event) -> Option<RuleVerdict> {
    match (&rule.compiled.spec.trigger, &event.kind) {
        (Trigger::Comment { post }, EventKind::Comment { media_id, .. }) => match post {
            PostScope::Any => None,
            PostScope::Media { media_id: want } => {
                (want != media_id).then_some(RuleVerdict::OtherPost)
            }
            PostScope::NextPublished => match &rule.bound_media_id {
                None => Some(RuleVerdict::NotBound),
                Some(bound) => (bound != media_id).then_some(RuleVerdict::OtherPost),
            },
        },
        (Trigger::DirectMessage, EventKind::DirectMessage)
        | (Trigger::StoryReply, EventKind::StoryReply)
        | (Trigger::StoryMention, EventKind::StoryMention) => None,
        (Trigger::IceBreaker { payload: want }, EventKind::IceBreaker { payload }) => match want {
            Some(want) if want != payload => Some(RuleVerdict::OtherTrigger),
            _ => None,
        },
        _ => Some(RuleVerdict::OtherTrigger),
    }
}

/// Whether `at` falls in the active hours, read in the user's zone. A
/// window across midnight belongs to the day it opened.
fn in_hours(hours: &ActiveHours, at: OffsetDateTime, ctx: &Context<'_>) -> bool {
    let local = ctx.zone.to_local(at);
    let t = local.time();
    let today = Weekday::of(local.weekday());
    let yesterday = Weekday::of(local.weekday().previous());
    if hours.from < hours.to {
        hours.days.contains(&today) && t >= hours.from && t < hours.to
    } else if t >= hours.from {
        hours.days.contains(&today)
    } else {
        t < hours.to && hours.days.contains(&yesterday)
    }
}

/// The once-per-person filter. On a post, any earlier answer on that post
/// counts; in messages, an answer within the last 24 hours.
fn already_answered(rule: &CompiledRule, event: &Event, ctx: &Context<'_>) -> bool {
    let media = event.media_id();
    ctx.prior.iter().any(|p| {
        let same_place = match media {
            Some(m) => p.media_id.as_deref() == Some(m),
            None => p.media_id.is_none() && p.at + MESSAGING_WINDOW > ctx.now,
        };
        let same_rule = match rule.compiled.spec.filters.once_per {
            OncePer::PersonAndPost => true,
            OncePer::PersonPostAndRule => p.rule == rule.id,
        };
        same_place && same_rule
    })
}

/// splitmix64: a small, well-mixed step so picks are deterministic per
/// (seed, rule, action) without a random-number crate.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

fn draw(ctx: &Context<'_>, rule: RuleId, slot: u64) -> u64 {
    let id = rule.0.as_u128();
    mix(ctx.seed ^ mix((id as u64) ^ ((id >> 64) as u64) ^ mix(slot)))
}

fn pick_text(variants: &[String], username: Option<&str>, r: u64) -> Result<String, DropReason> {
    let usable: Vec<&String> = variants
        .iter()
        .filter(|v| username.is_some() || !v.contains(USERNAME_PLACEHOLDER))
        .collect();
    if usable.is_empty() {
        return Err(DropReason::UsernameUnknown);
    }
    let chosen = usable[(r % usable.len() as u64) as usize];
    Ok(match username {
        Some(name) => chosen.replace(USERNAME_PLACEHOLDER, name),
        None => chosen.clone(),
    })
}

fn plan(rule: &CompiledRule, event: &Event, ctx: &Context<'_>) -> Decision {
    let spec = &rule.compiled.spec;
    let span = u64::from(
        spec.delay
            .max_seconds
            .saturating_sub(spec.delay.min_seconds),
    );
    let delay = u64::from(spec.delay.min_seconds) + draw(ctx, rule.id, 0) % (span + 1);
    let run_at = ctx.now + Duration::seconds(delay as i64);
    let username = event.author_username.as_deref();
    let comment_id = match &event.kind {
        EventKind::Comment { comment_id, .. } => Some(comment_id.clone()),
        _ => None,
    };
    let mut actions = Vec::new();
    let mut dropped = Vec::new();
    for (slot, action) in spec.actions.iter().enumerate() {
        let kind = action.kind();
        let r = draw(ctx, rule.id, slot as u64 + 1);
        let planned = match (action, &comment_id) {
            (ActionSpec::PublicReply { variants }, Some(c)) => pick_text(variants, username, r)
                .map(|text| PlannedAction::PublicReply {
                    comment_id: c.clone(),
                    text,
                }),
            (ActionSpec::PrivateReply { variants }, Some(c)) => {
                if run_at >= event.at + PRIVATE_REPLY_WINDOW {
                    Err(DropReason::CommentTooOld)
                } else {
                    pick_text(variants, username, r).map(|text| PlannedAction::PrivateReply {
                        comment_id: c.clone(),
                        text,
                    })
                }
            }
            (ActionSpec::DmReply { variants }, None) => {
                if run_at >= event.at + MESSAGING_WINDOW {
                    Err(DropReason::WindowClosed)
                } else {
                    pick_text(variants, username, r).map(|text| PlannedAction::DmReply {
                        recipient_id: event.author_id.clone(),
                        text,
                    })
                }
            }
            (ActionSpec::Hide, Some(c)) => Ok(PlannedAction::Hide {
                comment_id: c.clone(),
            }),
            (ActionSpec::MarkDone, _) => Ok(PlannedAction::MarkDone),
            (ActionSpec::Notify, _) => Ok(PlannedAction::Notify),
            // Validation keeps comment actions on comment triggers; a
            // mismatch here can only come from a stored rule edited by hand.
            _ => continue,
        };
        match planned {
            Ok(a) => actions.push(a),
            Err(reason) => dropped.push((kind, reason)),
        }
    }
    if actions.is_empty() {
        return Decision::Skip(Skip::NothingLeft { rule: rule.id });
    }
    let sends = actions.iter().filter(|a| a.kind().sends()).count() as u32;
    let hold = if ctx.usage.last_hour.saturating_add(sends) > ctx.limits.hourly() {
        Some(HoldReason::HourlyCap)
    } else if ctx.usage.last_day.saturating_add(sends) > ctx.limits.daily() {
        Some(HoldReason::DailyCap)
    } else if spec.send == SendMode::Approve {
        Some(HoldReason::Approval)
    } else {
        None
    };
    Decision::Act(Plan {
        rule: rule.id,
        actions,
        dropped,
        run_at,
        hold,
    })
}
