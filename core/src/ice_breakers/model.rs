//! The ice breakers of an account as the user edits them, and how each one
//! is kept: an automation rule whose trigger carries the question's payload.

use serde::{Deserialize, Serialize};

use crate::automation::{
    ActionSpec, DelaySpec, FiltersSpec, MatchMode, OncePer, Rule, RuleSpec, SendMode,
    TextMatchSpec, Trigger,
};
use crate::instagram::{IceBreakerLocale, IceBreakerQuestion};

/// Instagram shows at most four questions per locale.
pub const MAX_PER_LOCALE: usize = 4;

/// The locales SocialFlow edits. Instagram shows the person's locale when
/// present and `default` otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Locale {
    Default,
    Ru,
    Kk,
}

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::Default, Locale::Ru, Locale::Kk];

    /// The short name (payloads, forms, REST).
    pub fn as_str(self) -> &'static str {
        match self {
            Locale::Default => "default",
            Locale::Ru => "ru",
            Locale::Kk => "kk",
        }
    }

    pub fn parse(s: &str) -> Option<Locale> {
        Locale::ALL.into_iter().find(|l| l.as_str() == s)
    }

    /// The locale as Instagram names it.
    pub fn instagram(self) -> &'static str {
        match self {
            Locale::Default => "default",
            Locale::Ru => "ru_RU",
            Locale::Kk => "kk_KZ",
        }
    }

    pub fn from_instagram(s: &str) -> Option<Locale> {
        Locale::ALL.into_iter().find(|l| l.instagram() == s)
    }
}

/// One question and the automatic answer to a tap on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IceBreaker {
    pub question: String,
    pub answer: String,
}

/// An account's ice breakers, in the order Instagram shows them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct IceBreakerSet {
    #[serde(default)]
    pub default: Vec<IceBreaker>,
    #[serde(default)]
    pub ru: Vec<IceBreaker>,
    #[serde(default)]
    pub kk: Vec<IceBreaker>,
}

impl IceBreakerSet {
    pub fn locale(&self, l: Locale) -> &[IceBreaker] {
        match l {
            Locale::Default => &self.default,
            Locale::Ru => &self.ru,
            Locale::Kk => &self.kk,
        }
    }

    pub fn locale_mut(&mut self, l: Locale) -> &mut Vec<IceBreaker> {
        match l {
            Locale::Default => &mut self.default,
            Locale::Ru => &mut self.ru,
            Locale::Kk => &mut self.kk,
        }
    }

    pub fn is_empty(&self) -> bool {
        Locale::ALL.into_iter().all(|l| self.locale(l).is_empty())
    }

    pub fn len(&self) -> usize {
        Locale::ALL.into_iter().map(|l| self.locale(l).len()).sum()
    }

    /// Every ice breaker with its locale and payload.
    pub fn entries(&self) -> Vec<(Locale, String, &IceBreaker)> {
        Locale::ALL
            .into_iter()
            .flat_map(|l| {
                self.locale(l)
                    .iter()
                    .enumerate()
                    .map(move |(i, b)| (l, payload(l, i + 1), b))
            })
            .collect()
    }

    /// What `POST /me/messenger_profile` sends: the locales that have
    /// questions, `default` first.
    pub fn to_instagram(&self) -> Vec<IceBreakerLocale> {
        Locale::ALL
            .into_iter()
            .filter(|l| !self.locale(*l).is_empty())
            .map(|l| IceBreakerLocale {
                locale: l.instagram().to_string(),
                questions: self
                    .locale(l)
                    .iter()
                    .enumerate()
                    .map(|(i, b)| IceBreakerQuestion {
                        question: b.question.clone(),
                        payload: payload(l, i + 1),
                    })
                    .collect(),
            })
            .collect()
    }

    /// The set the account's managed rules hold (by payload order).
    pub fn from_rules(rules: &[Rule]) -> IceBreakerSet {
        let mut found: Vec<(Locale, usize, IceBreaker)> = rules
            .iter()
            .filter_map(|r| {
                let (locale, n) = managed_payload(r).and_then(parse_payload)?;
                let answer = r
                    .spec
                    .actions
                    .iter()
                    .find_map(|a| match a {
                        ActionSpec::DmReply { variants } => variants.first().cloned(),
                        _ => None,
                    })
                    .unwrap_or_default();
                Some((
                    locale,
                    n,
                    IceBreaker {
                        question: r.spec.name.clone(),
                        answer,
                    },
                ))
            })
            .collect();
        found.sort_by_key(|(l, n, _)| (*l, *n));
        let mut set = IceBreakerSet::default();
        for (l, _, b) in found {
            set.locale_mut(l).push(b);
        }
        set
    }
}

/// Payloads of managed rules start with this.
pub const MANAGED_PAYLOAD_PREFIX: &str = "ib:";

/// The stable payload of the `n`th (1-based) question of a locale:
/// `ib:default:1`, `ib:ru:2`, `ib:kk:4`.
pub fn payload(locale: Locale, n: usize) -> String {
    format!("{MANAGED_PAYLOAD_PREFIX}{}:{n}", locale.as_str())
}

/// The locale and position a managed payload names.
pub fn parse_payload(p: &str) -> Option<(Locale, usize)> {
    let rest = p.strip_prefix(MANAGED_PAYLOAD_PREFIX)?;
    let (l, n) = rest.split_once(':')?;
    let n: usize = n.parse().ok()?;
    let locale = Locale::parse(l)?;
    (1..=MAX_PER_LOCALE).contains(&n).then_some((locale, n))
}

fn managed_payload(rule: &Rule) -> Option<&str> {
    match &rule.spec.trigger {
        Trigger::IceBreaker { payload: Some(p) } => Some(p),
        _ => None,
    }
}

/// Whether the ice-breaker page manages this rule (the rules list shows it
/// as "managed by ice breakers").
pub fn is_managed(rule: &Rule) -> bool {
    managed_payload(rule).and_then(parse_payload).is_some()
}

/// The rule that answers a tap on `breaker`.
pub(crate) fn rule_spec(locale: Locale, n: usize, breaker: &IceBreaker) -> RuleSpec {
    RuleSpec {
        name: breaker.question.clone(),
        enabled: true,
        trigger: Trigger::IceBreaker {
            payload: Some(payload(locale, n)),
        },
        text: TextMatchSpec {
            mode: MatchMode::Any,
            include: Vec::new(),
            exclude: Vec::new(),
            pattern: None,
        },
        filters: FiltersSpec {
            active_hours: None,
            // Each question answered once a day, whatever else was tapped.
            once_per: OncePer::PersonPostAndRule,
            // A tap is a question asked now: answer it even if a person of
            // the team wrote to them before.
            skip_if_human_replied: false,
        },
        actions: vec![ActionSpec::DmReply {
            variants: vec![breaker.answer.clone()],
        }],
        delay: DelaySpec::default(),
        send: SendMode::Auto,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_are_stable_and_parse_back() {
        assert_eq!(payload(Locale::Ru, 2), "ib:ru:2");
        assert_eq!(parse_payload("ib:kk:4"), Some((Locale::Kk, 4)));
        assert_eq!(parse_payload("ib:default:1"), Some((Locale::Default, 1)));
        for bad in ["ib:kk:5", "ib:kk:0", "ib:en:1", "price", "ib:ru", "ib:ru:x"] {
            assert_eq!(parse_payload(bad), None, "{bad}");
        }
    }

    #[test]
    fn locales_map_to_instagrams_names() {
        assert_eq!(Locale::Kk.instagram(), "kk_KZ");
        assert_eq!(Locale::from_instagram("ru_RU"), Some(Locale::Ru));
        assert_eq!(Locale::from_instagram("en_US"), None);
    }
}
