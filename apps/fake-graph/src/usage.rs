//! Rate-limit accounting and the headers that report it:
//! `X-Business-Use-Case-Usage` (type `instagram`, per account, rolling
//! 24 h) and, when switched on, `X-App-Usage` (app-wide, rolling hour).

use std::collections::{HashMap, VecDeque};

use serde_json::json;
use time::{Duration, OffsetDateTime};

use crate::config::FakeGraphConfig;

/// Minutes a throttled caller is told to wait.
pub(crate) const REGAIN_MINUTES: i64 = 5;

#[derive(Debug, Default)]
pub(crate) struct Usage {
    /// Call times per account index, oldest first.
    per_account: HashMap<usize, VecDeque<OffsetDateTime>>,
    app: VecDeque<OffsetDateTime>,
}

impl Usage {
    /// Counts a Graph call by `account`.
    pub(crate) fn record(&mut self, account: usize, now: OffsetDateTime) {
        let calls = self.per_account.entry(account).or_default();
        calls.push_back(now);
        prune(calls, now - Duration::hours(24));
        self.app.push_back(now);
        prune(&mut self.app, now - Duration::hours(1));
    }

    /// The account's calls in the last 24 h.
    fn calls(&self, account: usize, now: OffsetDateTime) -> u64 {
        let since = now - Duration::hours(24);
        self.per_account
            .get(&account)
            .map_or(0, |c| c.iter().filter(|t| **t > since).count() as u64)
    }

    /// The account's share of its allowance, in percent (may pass 100).
    pub(crate) fn percent(
        &self,
        account: usize,
        now: OffsetDateTime,
        cfg: &FakeGraphConfig,
    ) -> u64 {
        let allowance = u64::from(cfg.call_allowance.max(1));
        (self.calls(account, now) * 100).div_ceil(allowance)
    }

    /// Whether the account has used its allowance up, so the next call
    /// gets 80002.
    pub(crate) fn exhausted(
        &self,
        account: usize,
        now: OffsetDateTime,
        cfg: &FakeGraphConfig,
    ) -> bool {
        cfg.enforce_call_allowance && self.calls(account, now) >= u64::from(cfg.call_allowance)
    }

    /// `{"<ig-user-id>":[{"type":"instagram","call_count":…}]}`.
    pub(crate) fn business_header(
        &self,
        account: usize,
        ig_user_id: &str,
        throttled: bool,
        now: OffsetDateTime,
        cfg: &FakeGraphConfig,
    ) -> String {
        let pct = if throttled {
            100
        } else {
            self.percent(account, now, cfg).min(100)
        };
        json!({ ig_user_id: [{
            "type": "instagram",
            "call_count": pct,
            "total_cputime": pct / 4,
            "total_time": pct / 3,
            "estimated_time_to_regain_access": if throttled { REGAIN_MINUTES } else { 0 },
        }]})
        .to_string()
    }

    /// `{"call_count","total_time","total_cputime"}` for the app: calls in
    /// the last hour against 200 per connected account.
    pub(crate) fn app_header(
        &self,
        accounts: usize,
        throttled: bool,
        now: OffsetDateTime,
    ) -> String {
        let since = now - Duration::hours(1);
        let calls = self.app.iter().filter(|t| **t > since).count() as u64;
        let allowance = 200 * accounts.max(1) as u64;
        let pct = if throttled {
            100
        } else {
            ((calls * 100).div_ceil(allowance)).min(100)
        };
        json!({ "call_count": pct, "total_time": pct / 3, "total_cputime": pct / 4 }).to_string()
    }
}

fn prune(calls: &mut VecDeque<OffsetDateTime>, before: OffsetDateTime) {
    while calls.front().is_some_and(|t| *t <= before) {
        calls.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_rise_and_roll_off() {
        let cfg = FakeGraphConfig {
            call_allowance: 10,
            enforce_call_allowance: true,
            ..FakeGraphConfig::default()
        };
        let mut u = Usage::default();
        let t0 = OffsetDateTime::UNIX_EPOCH + Duration::days(1000);
        u.record(0, t0);
        assert_eq!(u.percent(0, t0, &cfg), 10);
        for _ in 0..8 {
            u.record(0, t0);
        }
        assert!(!u.exhausted(0, t0, &cfg));
        u.record(0, t0);
        assert!(u.exhausted(0, t0, &cfg));
        assert!(!u.exhausted(0, t0 + Duration::hours(25), &cfg));
        let h = u.business_header(0, "1784", true, t0, &cfg);
        assert!(h.contains("\"call_count\":100"), "{h}");
        assert!(h.contains("\"estimated_time_to_regain_access\":5"), "{h}");
    }
}
