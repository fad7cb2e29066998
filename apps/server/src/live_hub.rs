//! The server's side of fresh inbox data: a bell that wakes the open event
//! streams of this process at once (a webhook or a sync landed here), and
//! the caps on how many streams are open. Streams also poll the database's
//! event sequence every two seconds, so events that land on another server
//! process arrive too, a little later.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use socialflow_core::UserId;
use tokio::sync::Notify;

/// Open event streams allowed per user (tabs) and per process.
#[derive(Debug, Clone, Copy)]
pub struct StreamLimits {
    pub per_user: usize,
    pub global: usize,
}

impl Default for StreamLimits {
    fn default() -> Self {
        Self {
            per_user: 4,
            global: 1_000,
        }
    }
}

#[derive(Default)]
struct Open {
    by_user: HashMap<UserId, usize>,
    total: usize,
}

pub struct LiveHub {
    bell: Notify,
    limits: StreamLimits,
    open: Mutex<Open>,
}

/// One open stream's place; dropping it frees the place.
pub struct StreamSlot {
    hub: Arc<LiveHub>,
    user: UserId,
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let mut open = self.hub.lock();
        open.total = open.total.saturating_sub(1);
        if let Some(n) = open.by_user.get_mut(&self.user) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                open.by_user.remove(&self.user);
            }
        }
    }
}

impl LiveHub {
    pub fn new(limits: StreamLimits) -> Arc<Self> {
        Arc::new(Self {
            bell: Notify::new(),
            limits,
            open: Mutex::new(Open::default()),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Open> {
        self.open.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Wakes every open stream of this process to look for new events.
    pub fn ring(&self) {
        self.bell.notify_waiters();
    }

    /// Waits for the next [`ring`](Self::ring).
    pub async fn rung(&self) {
        self.bell.notified().await;
    }

    /// A place for one more stream of `user`, or `None` over a cap
    /// (counted and taken under one lock, so parallel opens cannot pass it).
    pub fn open(self: &Arc<Self>, user: UserId) -> Option<StreamSlot> {
        let mut open = self.lock();
        let mine = open.by_user.get(&user).copied().unwrap_or(0);
        if mine >= self.limits.per_user || open.total >= self.limits.global {
            return None;
        }
        open.total += 1;
        open.by_user.insert(user, mine + 1);
        Some(StreamSlot {
            hub: self.clone(),
            user,
        })
    }

    /// Streams open now (all users).
    pub fn open_streams(&self) -> usize {
        self.lock().total
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_capped_per_user_and_in_all_and_freed_on_drop() {
        let hub = LiveHub::new(StreamLimits {
            per_user: 2,
            global: 3,
        });
        let (a, b, c) = (UserId::new(), UserId::new(), UserId::new());
        let a1 = hub.open(a).expect("first");
        let _a2 = hub.open(a).expect("second");
        assert!(hub.open(a).is_none(), "per user");
        let _b1 = hub.open(b).expect("b");
        assert!(hub.open(c).is_none(), "global");
        drop(a1);
        assert_eq!(hub.open_streams(), 2);
        assert!(hub.open(c).is_some());
    }
}
