//! A user's notification preferences: kinds in the app, kinds by e-mail,
//! the address and the quiet hours.

use time::OffsetDateTime;

use super::{KindSet, NotificationKind, QuietHours, QuietHoursError};
use crate::UserId;

/// An e-mail address as far as SocialFlow checks it: one `@`, a dotted
/// domain, no spaces or control characters, at most 254 characters
/// (RFC 5321). The mail server is the judge of the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub const MAX: usize = 254;

    pub fn parse(raw: &str) -> Option<Self> {
        let s = raw.trim();
        if s.is_empty() || s.chars().count() > Self::MAX {
            return None;
        }
        if s.chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';'))
        {
            return None;
        }
        let (local, domain) = s.split_once('@')?;
        if local.is_empty() || domain.contains('@') {
            return None;
        }
        let labels: Vec<&str> = domain.split('.').collect();
        if labels.len() < 2 || labels.iter().any(|l| l.is_empty()) {
            return None;
        }
        Some(EmailAddress(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationPrefs {
    pub owner: UserId,
    pub in_app: KindSet,
    pub email: KindSet,
    pub address: Option<EmailAddress>,
    pub quiet: Option<QuietHours>,
    pub updated_at: OffsetDateTime,
}

impl NotificationPrefs {
    /// Before the user chooses: everything in the app; by e-mail what needs
    /// action plus the weekly summary (once an address is given).
    pub fn defaults(owner: UserId, now: OffsetDateTime) -> Self {
        Self {
            owner,
            in_app: KindSet::all(),
            email: KindSet::of(&[
                NotificationKind::PostFailed,
                NotificationKind::AccountReconnect,
                NotificationKind::QuotaNearlyUsed,
                NotificationKind::WeeklySummary,
                NotificationKind::WebhookDisabled,
                NotificationKind::Automation,
                NotificationKind::Approval,
            ]),
            address: None,
            quiet: None,
            updated_at: now,
        }
    }
}

/// The preferences as typed: the address and quiet hours unparsed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrefsInput {
    pub in_app: Vec<NotificationKind>,
    pub email: Vec<NotificationKind>,
    pub address: String,
    /// `HH:MM`, both empty for none.
    pub quiet_start: String,
    pub quiet_end: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PrefsProblem {
    #[error("the e-mail address is not valid")]
    Address,
    #[error("quiet hours need a time as HH:MM")]
    QuietTime,
    #[error("quiet hours need both a start and an end")]
    QuietHalf,
    #[error(transparent)]
    Quiet(#[from] QuietHoursError),
}

/// `HH:MM` → minutes after midnight.
fn parse_minute(raw: &str) -> Result<u16, PrefsProblem> {
    let (h, m) = raw.trim().split_once(':').ok_or(PrefsProblem::QuietTime)?;
    let h: u16 = h.parse().map_err(|_| PrefsProblem::QuietTime)?;
    let m: u16 = m.parse().map_err(|_| PrefsProblem::QuietTime)?;
    if h > 23 || m > 59 {
        return Err(PrefsProblem::QuietTime);
    }
    Ok(h * 60 + m)
}

/// Minutes after midnight → `HH:MM`.
pub fn format_minute(minute: u16) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

impl PrefsInput {
    /// Every problem at once, so the form shows them together.
    pub fn validate(
        &self,
        owner: UserId,
        now: OffsetDateTime,
    ) -> Result<NotificationPrefs, Vec<PrefsProblem>> {
        let mut problems = Vec::new();
        let address = if self.address.trim().is_empty() {
            None
        } else {
            match EmailAddress::parse(&self.address) {
                Some(a) => Some(a),
                None => {
                    problems.push(PrefsProblem::Address);
                    None
                }
            }
        };
        let quiet = match (self.quiet_start.trim(), self.quiet_end.trim()) {
            ("", "") => None,
            ("", _) | (_, "") => {
                problems.push(PrefsProblem::QuietHalf);
                None
            }
            (s, e) => match (parse_minute(s), parse_minute(e)) {
                (Ok(s), Ok(e)) => match QuietHours::new(s, e) {
                    Ok(q) => Some(q),
                    Err(err) => {
                        problems.push(err.into());
                        None
                    }
                },
                _ => {
                    problems.push(PrefsProblem::QuietTime);
                    None
                }
            },
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(NotificationPrefs {
            owner,
            in_app: KindSet::of(&self.in_app),
            email: KindSet::of(&self.email),
            address,
            quiet,
            updated_at: now,
        })
    }

    /// The form filled from saved preferences.
    pub fn from_prefs(prefs: &NotificationPrefs) -> Self {
        Self {
            in_app: prefs.in_app.kinds(),
            email: prefs.email.kinds(),
            address: prefs
                .address
                .as_ref()
                .map(|a| a.as_str().to_string())
                .unwrap_or_default(),
            quiet_start: prefs
                .quiet
                .map(|q| format_minute(q.start()))
                .unwrap_or_default(),
            quiet_end: prefs
                .quiet
                .map(|q| format_minute(q.end()))
                .unwrap_or_default(),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn addresses_are_checked_loosely_but_surely() {
        assert!(EmailAddress::parse(" ana@example.kz ").is_some());
        assert!(EmailAddress::parse("анна@пример.рф").is_some());
        for bad in [
            "",
            "ana",
            "ana@",
            "@x.kz",
            "a@b",
            "a b@x.kz",
            "a@x..kz",
            "a@b@c.kz",
            "a@x.kz\r\nBcc: e@x.kz",
        ] {
            assert!(EmailAddress::parse(bad).is_none(), "{bad:?}");
        }
        assert!(EmailAddress::parse(&format!("{}@x.kz", "a".repeat(250))).is_none());
    }

    #[test]
    fn every_problem_is_reported_and_a_good_form_round_trips() {
        let owner = UserId::new();
        let now = datetime!(2026-03-01 10:00 UTC);
        let bad = PrefsInput {
            address: "nope".into(),
            quiet_start: "25:00".into(),
            quiet_end: "07:00".into(),
            ..PrefsInput::default()
        };
        assert_eq!(
            bad.validate(owner, now),
            Err(vec![PrefsProblem::Address, PrefsProblem::QuietTime])
        );
        let half = PrefsInput {
            quiet_start: "22:00".into(),
            ..PrefsInput::default()
        };
        assert_eq!(
            half.validate(owner, now),
            Err(vec![PrefsProblem::QuietHalf])
        );
        let same = PrefsInput {
            quiet_start: "22:00".into(),
            quiet_end: "22:00".into(),
            ..PrefsInput::default()
        };
        assert_eq!(
            same.validate(owner, now),
            Err(vec![PrefsProblem::Quiet(QuietHoursError::Empty)])
        );
        let good = PrefsInput {
            in_app: vec![NotificationKind::PostFailed],
            email: vec![NotificationKind::WeeklySummary],
            address: "ana@example.kz".into(),
            quiet_start: "22:00".into(),
            quiet_end: "07:30".into(),
        };
        let prefs = good.validate(owner, now).expect("valid");
        assert_eq!(prefs.quiet.map(|q| (q.start(), q.end())), Some((1320, 450)));
        assert_eq!(PrefsInput::from_prefs(&prefs), good);
    }
}
