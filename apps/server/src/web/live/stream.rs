//! The event stream of an open inbox page. Session-authenticated; only the
//! events of the accounts the member sees (the store filters by owner, the
//! feed by the member's accounts), and never
//! text: each event is its kind, account, Instagram id, the inbox counts
//! and a translated "N new — show" label for the page's bar.
//!
//! The stream wakes when this process stores a webhook or finishes a sync
//! (the hub's bell) and otherwise polls the per-user sequence every
//! [`POLL`], so events stored by another server process arrive as well. It
//! sends a heartbeat comment every [`HEARTBEAT`] (proxies close idle
//! connections) and ends when the session ends (logout or expiry, checked
//! every [`SESSION_CHECK`] without extending the session).

use std::collections::VecDeque;
use std::time::Duration;

use poem::http::StatusCode;
use poem::web::{Data, Query};
use poem::{Body, IntoResponse, Request, Response, handler};
use serde::Deserialize;
use serde_json::json;
use socialflow_core::UserId;
use socialflow_core::inbox::{LiveEvent, LiveKind};
use socialflow_core::workspaces::Access;
use time::OffsetDateTime;

use crate::i18n::Tr;
use crate::live_hub::StreamSlot;
use crate::state::AppState;
use crate::web::shared::session::WebUser;

pub const POLL: Duration = Duration::from_secs(2);
pub const HEARTBEAT: Duration = Duration::from_secs(15);
pub const SESSION_CHECK: Duration = Duration::from_secs(10);

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StreamQuery {
    /// Resume after this sequence number (what the page last saw).
    after: Option<u64>,
}

struct Feed {
    state: AppState,
    user: UserId,
    /// The member's access: events and counts of their accounts only.
    access: Access,
    tr: Tr,
    secret: String,
    expires_at: OffsetDateTime,
    after: u64,
    /// Comments and messages sent on this stream (the bar's number).
    new_items: i64,
    since_heartbeat: Duration,
    since_check: Duration,
    out: VecDeque<bytes::Bytes>,
    done: bool,
    _slot: StreamSlot,
}

#[handler]
pub async fn events(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    Query(q): Query<StreamQuery>,
) -> Response {
    let Some(slot) = state.live_hub.open(me.access.owner()) else {
        return (StatusCode::TOO_MANY_REQUESTS, "too many open event streams")
            .with_header("retry-after", "30")
            .into_response();
    };
    // The browser's reconnect names the last event it got.
    let resume = req
        .header("last-event-id")
        .and_then(|v| v.trim().parse::<u64>().ok())
        .or(q.after);
    let after = match resume {
        Some(seq) => seq,
        None => match state.live.latest_seq(me.access.owner()).await {
            Ok(seq) => seq,
            Err(e) => {
                tracing::warn!(error = %e, "cannot read the inbox event sequence");
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            }
        },
    };
    let mut feed = Feed {
        state: state.clone(),
        user: me.access.owner(),
        access: me.access.clone(),
        tr: Tr::new(me.user.language),
        secret: me.secret,
        expires_at: me.session.expires_at,
        after,
        new_items: 0,
        since_heartbeat: Duration::ZERO,
        since_check: Duration::ZERO,
        out: VecDeque::new(),
        done: false,
        _slot: slot,
    };
    // Tells the browser how long to wait before reconnecting.
    feed.out
        .push_back(bytes::Bytes::from_static(b"retry: 5000\n\n"));
    let stream = futures::stream::unfold(feed, |mut f| async move {
        loop {
            if let Some(frame) = f.out.pop_front() {
                return Some((Ok::<_, std::io::Error>(frame), f));
            }
            if f.done {
                return None;
            }
            f.step().await;
        }
    });
    Response::builder()
        .content_type("text/event-stream")
        .header("cache-control", "no-store")
        // nginx and similar proxies must pass events on, not buffer them.
        .header("x-accel-buffering", "no")
        .body(Body::from_bytes_stream(stream))
}

impl Feed {
    /// Waits for the bell or the poll interval, then queues what is new.
    async fn step(&mut self) {
        let started = tokio::time::Instant::now();
        tokio::select! {
            _ = self.state.live_hub.rung() => {}
            _ = tokio::time::sleep(POLL) => {}
        }
        let waited = started.elapsed();
        self.since_heartbeat += waited;
        self.since_check += waited;
        if self.since_check >= SESSION_CHECK {
            self.since_check = Duration::ZERO;
            let alive = self.state.clock.now() < self.expires_at
                && matches!(self.state.auth.session_alive(&self.secret).await, Ok(true));
            if !alive {
                self.done = true;
                return;
            }
        }
        match self.state.live.events_after(self.user, self.after).await {
            Ok(batch) if !batch.is_empty() => {
                let counts = self.counts().await;
                for e in batch {
                    self.after = e.seq;
                    if !self.access.sees_account(e.account) {
                        continue;
                    }
                    if matches!(e.kind, LiveKind::Comment | LiveKind::Message) {
                        self.new_items += 1;
                    }
                    let frame = self.frame(&e, &counts);
                    self.out.push_back(frame);
                }
                self.since_heartbeat = Duration::ZERO;
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "cannot read inbox events"),
        }
        if self.since_heartbeat >= HEARTBEAT {
            self.since_heartbeat = Duration::ZERO;
            self.out
                .push_back(bytes::Bytes::from_static(b": heartbeat\n\n"));
        }
    }

    async fn counts(&self) -> serde_json::Value {
        match self.state.inbox.counts_seen(&self.access).await {
            Ok(c) => json!({
                "comments": c.unanswered_comments,
                "messages": c.unread_conversations,
            }),
            Err(e) => {
                tracing::warn!(error = %e, "cannot count the inbox");
                serde_json::Value::Null
            }
        }
    }

    fn frame(&self, e: &LiveEvent, counts: &serde_json::Value) -> bytes::Bytes {
        let label = if self.new_items > 0 {
            self.tr.t1("live-new-items", "count", self.new_items)
        } else {
            self.tr.t("live-updated")
        };
        let data = json!({
            "seq": e.seq,
            "kind": e.kind.as_str(),
            "account": e.account.to_string(),
            "item": e.item,
            "counts": counts,
            "label": label,
        });
        bytes::Bytes::from(format!("id: {}\nevent: inbox\ndata: {}\n\n", e.seq, data))
    }
}
