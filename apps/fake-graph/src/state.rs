//! The fake's whole in-memory Instagram, behind one mutex: accounts,
//! tokens and codes, media, comments, conversations, containers, armed
//! faults and the request log.

use std::collections::{HashMap, VecDeque};

use time::OffsetDateTime;

use crate::RecordedRequest;
use crate::clock::Clock;

use crate::faults::FaultState;
use crate::id_index::{IdIndex, Keyed};
use crate::ids::Ids;

use crate::model::{Account, Code, Comment, Container, Conversation, Media, Token};
use crate::usage::Usage;

#[derive(Debug, Default)]
pub(crate) struct State {
    pub clock: Clock,
    pub ids: Ids,
    pub accounts: Vec<Account>,
    pub tokens: HashMap<String, Token>,
    pub codes: HashMap<String, Code>,
    pub media: Vec<Media>,
    pub comments: Vec<Comment>,
    pub conversations: Vec<Conversation>,
    pub containers: Vec<Container>,
    pub faults: FaultState,
    pub usage: Usage,
    pub requests: RequestLog,
    /// Who is signed in to Instagram in the fake's OAuth dialog.
    pub consenting: usize,
    /// Copies of the demo account seeded so far (beyond the first).
    pub demo_copies: u64,
    /// Ice breakers by account index.
    pub ice_breakers: HashMap<usize, Vec<crate::model::LocaleQuestions>>,
    /// `media` and `containers` by id and by account.
    media_index: IdIndex,
    container_index: IdIndex,
}

impl Keyed for Media {
    fn key(&self) -> (&str, usize) {
        (&self.id, self.account)
    }
}

impl Keyed for Container {
    fn key(&self) -> (&str, usize) {
        (&self.id, self.account)
    }
}

/// The most recent requests (the oldest are forgotten past a cap, so
/// benchmarks can run for long).
#[derive(Debug, Default)]
pub(crate) struct RequestLog {
    entries: VecDeque<RecordedRequest>,
    forgotten: usize,
}

impl RequestLog {
    const CAP: usize = 100_000;

    /// Logs a request; returns its sequence number.
    pub(crate) fn push(&mut self, r: RecordedRequest) -> usize {
        if self.entries.len() == Self::CAP {
            self.entries.pop_front();
            self.forgotten += 1;
        }
        self.entries.push_back(r);
        self.forgotten + self.entries.len() - 1
    }

    pub(crate) fn get_mut(&mut self, seq: usize) -> Option<&mut RecordedRequest> {
        self.entries.get_mut(seq.checked_sub(self.forgotten)?)
    }

    pub(crate) fn to_vec(&self) -> Vec<RecordedRequest> {
        self.entries.iter().cloned().collect()
    }
}

/// What an id names, from the point of view of one account's token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    Account,
    Media(usize),
    Comment(usize),
    Container(usize),
    Conversation(usize),
    /// (conversation, message) indexes.
    Message(usize, usize),
    /// Someone who messaged the account (by IGSID): the conversation.
    Person(usize),
}

impl Target {
    /// The node type Instagram names in code-100 field errors.
    pub(crate) fn node_type(self) -> &'static str {
        match self {
            Target::Account | Target::Person(_) => "User",
            Target::Media(_) => "Media",
            Target::Comment(_) => "IGComment",
            Target::Container(_) => "ShadowIGMediaBuilder",
            Target::Conversation(_) => "UnifiedThread",
            Target::Message(..) => "Message",
        }
    }
}

impl State {
    pub(crate) fn now(&self) -> OffsetDateTime {
        self.clock.now()
    }

    /// `me`, the app-scoped id and the IG_ID all name the token's account.
    pub(crate) fn is_alias(&self, account: usize, id: &str) -> bool {
        self.accounts
            .get(account)
            .is_some_and(|a| id == "me" || id == a.app_scoped_id || id == a.ig_user_id)
    }

    pub(crate) fn account_by_ig_id(&self, ig_user_id: &str) -> Option<usize> {
        self.accounts
            .iter()
            .position(|a| a.ig_user_id == ig_user_id)
    }

    /// Resolves `id` among the objects `account` may see. Objects of other
    /// accounts are invisible, as Instagram answers 100/33 for both.
    pub(crate) fn resolve(&self, account: usize, id: &str) -> Option<Target> {
        if self.is_alias(account, id) {
            return Some(Target::Account);
        }
        if let Some(i) = self
            .media_index(id)
            .filter(|i| self.media[*i].account == account)
        {
            return Some(Target::Media(i));
        }
        if let Some(i) = self.comments.iter().position(|c| c.id == id) {
            let media = self.media_index(&self.comments[i].media_id)?;
            return (self.media[media].account == account).then_some(Target::Comment(i));
        }
        if let Some(i) = self.container_index(account, id) {
            return Some(Target::Container(i));
        }
        for (ci, c) in self.conversations.iter().enumerate() {
            if c.account != account {
                continue;
            }
            if c.id == id {
                return Some(Target::Conversation(ci));
            }
            if c.peer.id == id {
                return Some(Target::Person(ci));
            }
            if let Some(mi) = c.messages.iter().position(|m| m.id == id) {
                return Some(Target::Message(ci, mi));
            }
        }
        None
    }

    pub(crate) fn media_index(&self, id: &str) -> Option<usize> {
        self.media_index.position(&self.media, id)
    }

    pub(crate) fn container_index(&self, account: usize, id: &str) -> Option<usize> {
        self.container_index
            .position(&self.containers, id)
            .filter(|i| self.containers[*i].account == account)
    }

    /// The account's media (any kind), oldest first.
    pub(crate) fn media_of(&self, account: usize) -> impl Iterator<Item = &Media> {
        self.media_index
            .of_account(&self.media, account)
            .into_iter()
            .filter_map(|i| self.media.get(i))
    }

    /// The account's containers, oldest first.
    pub(crate) fn containers_of(&self, account: usize) -> impl Iterator<Item = &Container> {
        self.container_index
            .of_account(&self.containers, account)
            .into_iter()
            .filter_map(|i| self.containers.get(i))
    }
}
