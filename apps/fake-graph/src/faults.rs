//! Faults a test arms: failures of the next calls, latency, the user's
//! choices in the OAuth dialog, tokens gone bad, containers that fail to
//! process, recipients that cannot be messaged.

use std::collections::{HashSet, VecDeque};
use std::time::Duration;

use crate::FakeGraph;
use crate::errors::GraphError;

/// How an armed call fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultKind {
    /// HTTP 500, code 2, `is_transient: true`.
    ServerError,
    /// HTTP 500, code 1 ("An unknown error has occurred.").
    UnknownError,
    /// A rate limit: code 4 (app), 17 (user), 32, 613 or 80002 (Instagram
    /// account, BUC), with the usage headers at 100 and
    /// `estimated_time_to_regain_access` of 5 minutes.
    RateLimited(i64),
    /// Code 190 / 463: the token has expired.
    TokenExpired,
    /// Code 190 / 460: the session was invalidated (password change).
    SessionInvalidated,
    /// The connection is closed without any answer.
    DropConnection,
    /// HTTP 403, code 10: the app lacks the permission.
    PermissionMissing,
}

impl FaultKind {
    pub(crate) fn error(self) -> GraphError {
        match self {
            FaultKind::ServerError | FaultKind::DropConnection => GraphError::server_error(),
            FaultKind::UnknownError => GraphError::unknown_error(),
            FaultKind::RateLimited(code) => GraphError::rate_limited(code),
            FaultKind::TokenExpired => {
                let now = time::OffsetDateTime::now_utc();
                GraphError::expired_token(now - time::Duration::hours(1), now)
            }
            FaultKind::SessionInvalidated => GraphError::session_invalidated(),
            FaultKind::PermissionMissing => GraphError::permission_denied(),
        }
    }
}

#[derive(Debug, Clone)]
struct Armed {
    kind: FaultKind,
    /// Only requests whose path contains this.
    path: Option<String>,
}

#[derive(Debug, Default)]
pub(crate) struct FaultState {
    pub latency: Duration,
    /// Requests whose path contains the string are carried out at once but
    /// answered only this long after (an answer lost to a timeout or a
    /// crash while Instagram already acted).
    pub slow_answers: Option<(String, Duration)>,
    queue: VecDeque<Armed>,
    pub deny_next_consent: bool,
    pub granted_scopes: Option<Vec<String>>,
    /// Containers created from now on that end in ERROR.
    pub failing_containers: usize,
    /// IGSIDs that answer 551.
    pub unavailable: HashSet<String>,
}

impl FaultState {
    /// The first armed fault that applies to `path`, disarmed.
    pub(crate) fn take(&mut self, path: &str) -> Option<FaultKind> {
        let i = self
            .queue
            .iter()
            .position(|a| a.path.as_deref().is_none_or(|p| path.contains(p)))?;
        self.queue.remove(i).map(|a| a.kind)
    }
}

/// A handle to arm faults; get it from [`FakeGraph::faults`].
pub struct Faults(pub(crate) FakeGraph);

impl Faults {
    /// Waits this long before answering every request (0 to stop).
    pub fn latency(&self, d: Duration) {
        self.0.state().faults.latency = d;
    }

    /// Requests whose path contains `path` take effect at once, but their
    /// answer comes `d` later, e.g. `slow_answers("media_publish", 10 min)`:
    /// the post is on Instagram while the caller still waits (or dies).
    pub fn slow_answers(&self, path: &str, d: Duration) {
        self.0.state().faults.slow_answers = Some((path.to_string(), d));
    }

    /// The next `n` requests (any path but the OAuth dialog) fail.
    pub fn fail_next(&self, n: usize, kind: FaultKind) {
        self.arm(n, kind, None);
    }

    /// The next `n` requests whose path contains `path` fail, e.g.
    /// `fail_next_matching("media_publish", 1, FaultKind::ServerError)`.
    pub fn fail_next_matching(&self, path: &str, n: usize, kind: FaultKind) {
        self.arm(n, kind, Some(path.to_string()));
    }

    fn arm(&self, n: usize, kind: FaultKind, path: Option<String>) {
        let mut s = self.0.state();
        for _ in 0..n {
            s.faults.queue.push_back(Armed {
                kind,
                path: path.clone(),
            });
        }
    }

    /// The user cancels the next OAuth dialog.
    pub fn deny_next_consent(&self) {
        self.0.state().faults.deny_next_consent = true;
    }

    /// In the OAuth dialog the user keeps only these of the requested
    /// permissions (`instagram_business_basic` cannot be unticked).
    pub fn grant_scopes(&self, scopes: Vec<String>) {
        self.0.state().faults.granted_scopes = Some(scopes);
    }

    /// The token expires now: calls get 190 / 463, refreshing is refused.
    pub fn expire_token(&self, token: &str) {
        let mut s = self.0.state();
        let past = s.now() - time::Duration::seconds(1);
        if let Some(t) = s.tokens.get_mut(token) {
            t.expires_at = past;
        }
    }

    /// The token is invalidated as by a password change: 190 / 460.
    pub fn revoke_token(&self, token: &str) {
        if let Some(t) = self.0.state().tokens.get_mut(token) {
            t.invalidated = true;
        }
    }

    /// The next `n` containers created end in `ERROR` once processed, with
    /// `status: "Error: Media upload has failed with error code 2207082"`.
    /// (A media URL containing `fail-processing` does the same.)
    pub fn fail_next_containers(&self, n: usize) {
        self.0.state().faults.failing_containers += n;
    }

    /// Messages to this IGSID fail with 551 / 1545041.
    pub fn make_unavailable(&self, igsid: &str) {
        self.0.state().faults.unavailable.insert(igsid.to_string());
    }

    /// Disarms everything: queued failures, latency, dialog choices,
    /// failing containers, unavailable recipients.
    pub fn clear(&self) {
        self.0.state().faults = FaultState::default();
    }
}
