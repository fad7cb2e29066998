//! A fake of Instagram's hosts — graph.instagram.com, the OAuth endpoints
//! of api.instagram.com / www.instagram.com, and rupload.facebook.com —
//! over real HTTP with in-memory state, built to the behaviour reference in
//! `shared/docs/instagram-api.md`. The Graph client's tests drive it and
//! inject faults; the product's demo mode and benchmarks run on it.
//!
//! One server answers for every host: point both the Graph and the OAuth
//! base URLs at [`RunningFakeGraph::base_url`]. The API version prefix is
//! optional and any `vNN.N` is accepted.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use socialflow_fake_graph::{FakeGraph, FakeGraphConfig};
//! let fake = FakeGraph::new(FakeGraphConfig::default());
//! let running = fake.start().await?;
//! let account = fake.seed_demo();
//! let token = fake.issue_token(&account);
//! // GET {running.base_url}/v25.0/me?fields=username&access_token={token}
//! # Ok(()) }
//! ```
//!
//! Points the reference marks unverified are switches in
//! [`FakeGraphConfig`].

mod call;
mod chooser;
mod clock;
mod comments;
mod config;
mod demo;
mod errors;
mod faults;
mod fetch;
mod fields;
mod graph;
mod ice_breakers;
mod id_index;
mod ids;
mod insights;
mod media;
mod messaging;
mod model;
mod oauth;
mod paging;
mod params;
mod profile;
mod publishing;
mod router;
mod selection;
mod server;
mod state;
mod subscriptions;
mod tokens;
mod upload;
mod usage;
mod webhooks;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use time::OffsetDateTime;

pub use config::{FakeGraphConfig, TokenResponseShape};
pub use faults::{FaultKind, Faults};
pub use server::RunningFakeGraph;
pub use webhooks::{DeliveryOutcome, WebhookSetupError};

use model::TokenKind;
use server::Connections;
use state::State;
use tokens::ALL_SCOPES;

/// A profile to seed an account with.
#[derive(Debug, Clone)]
pub struct SeedProfile {
    pub username: String,
    pub name: String,
    pub biography: String,
    pub followers_count: u64,
    pub follows_count: u64,
    /// Posts beyond the media items the fake holds (`media_count` reports
    /// this plus the account's media in the fake).
    pub media_count: u64,
    /// `BUSINESS` or `MEDIA_CREATOR`.
    pub account_type: String,
}

impl Default for SeedProfile {
    fn default() -> Self {
        SeedProfile {
            username: "test_account".into(),
            name: "Test Account".into(),
            biography: String::new(),
            followers_count: 1_000,
            follows_count: 100,
            media_count: 0,
            account_type: "BUSINESS".into(),
        }
    }
}

/// The ids of a seeded account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeededAccount {
    /// `id` of `GET /me` and `user_id` of the code exchange (above 2^53).
    pub app_scoped_id: String,
    /// The professional account id (`IG_ID`, `user_id` of `GET /me`).
    pub ig_user_id: String,
    pub username: String,
}

/// A post published through the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedMedia {
    pub id: String,
    pub container_id: String,
    pub caption: String,
    pub permalink: String,
    /// `IMAGE`, `VIDEO` or `CAROUSEL_ALBUM`.
    pub media_type: String,
    /// `FEED`, `REELS` or `STORY`.
    pub media_product_type: String,
    pub timestamp: OffsetDateTime,
}

/// A container as the fake sees it now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerSummary {
    pub id: String,
    /// The `media_type` it was created with (`IMAGE` when omitted).
    pub media_type: String,
    pub is_carousel_item: bool,
    pub audio_name: Option<String>,
    /// `trial_params.graduation_strategy` (`MANUAL`, `SS_PERFORMANCE`).
    pub trial_graduation: Option<String>,
    pub is_ai_generated: bool,
    /// `IN_PROGRESS`, `FINISHED`, `PUBLISHED`, `ERROR` or `EXPIRED`.
    pub status_code: String,
    pub created_at: OffsetDateTime,
}

/// A direct message sent through the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentMessage {
    pub conversation_id: String,
    pub message_id: String,
    pub recipient_id: String,
    pub text: Option<String>,
    pub human_agent: bool,
    pub created_time: OffsetDateTime,
}

/// One request as the fake received it: never with a token (secrets in the
/// query read `REDACTED`; headers and bodies are not kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    pub method: String,
    /// The path as sent, version included.
    pub path: String,
    pub query: String,
    /// The answer's status (0 while in flight; 500 for a dropped connection).
    pub status: u16,
}

struct Shared {
    state: Mutex<State>,
    config: FakeGraphConfig,
    base_url: Mutex<String>,
    connections: Connections,
    http: Option<reqwest::Client>,
    webhook: Mutex<Option<webhooks::WebhookTarget>>,
    deliveries: Mutex<Vec<tokio::task::JoinHandle<DeliveryOutcome>>>,
}

/// The fake Instagram. Cheap to clone; clones share one world.
#[derive(Clone)]
pub struct FakeGraph {
    shared: Arc<Shared>,
}

impl FakeGraph {
    pub fn new(config: FakeGraphConfig) -> Self {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::limited(5))
            .build()
            .ok();
        FakeGraph {
            shared: Arc::new(Shared {
                state: Mutex::new(State::default()),
                config,
                base_url: Mutex::new(String::new()),
                connections: Connections::default(),
                http,
                webhook: Mutex::new(None),
                deliveries: Mutex::new(Vec::new()),
            }),
        }
    }

    pub(crate) fn state(&self) -> MutexGuard<'_, State> {
        self.shared.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn webhook_target(&self) -> MutexGuard<'_, Option<webhooks::WebhookTarget>> {
        self.shared
            .webhook
            .lock()
            .unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn deliveries(
        &self,
    ) -> MutexGuard<'_, Vec<tokio::task::JoinHandle<DeliveryOutcome>>> {
        self.shared
            .deliveries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn http(&self) -> Option<&reqwest::Client> {
        self.shared.http.as_ref()
    }

    pub(crate) fn connections(&self) -> &Connections {
        &self.shared.connections
    }

    pub(crate) fn set_base_url(&self, url: &str) {
        *self
            .shared
            .base_url
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = url.to_string();
    }

    pub fn config(&self) -> &FakeGraphConfig {
        &self.shared.config
    }

    /// The base URL of the last start (empty before).
    pub fn base_url(&self) -> String {
        self.shared
            .base_url
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Serves on `127.0.0.1` on a free port, in a background task.
    pub async fn start(&self) -> std::io::Result<RunningFakeGraph> {
        self.start_on(SocketAddr::from(([127, 0, 0, 1], 0))).await
    }

    pub async fn start_on(&self, addr: SocketAddr) -> std::io::Result<RunningFakeGraph> {
        server::start(self, addr).await
    }

    fn index_of(&self, account: &SeededAccount) -> Option<usize> {
        self.state().account_by_ig_id(&account.ig_user_id)
    }

    /// Adds an account; ids are deterministic (the n-th account always
    /// gets the same ones).
    pub fn add_account(&self, profile: SeedProfile) -> SeededAccount {
        let mut state = self.state();
        let index = state.accounts.len();
        let app_scoped_id = format!("2728135859155{:04}", 8845 + index);
        let ig_user_id = format!("178414572153{:05}", 96811 + index);
        let weights = |list: &[(&str, f64)]| -> Vec<(String, f64)> {
            list.iter().map(|(k, w)| ((*k).to_string(), *w)).collect()
        };
        state.accounts.push(model::Account {
            app_scoped_id: app_scoped_id.clone(),
            ig_user_id: ig_user_id.clone(),
            username: profile.username.clone(),
            name: profile.name,
            biography: profile.biography,
            website: None,
            profile_picture_url: format!(
                "https://scontent.cdninstagram.example/profile/{}.jpg",
                profile.username
            ),
            followers_count: profile.followers_count,
            follows_count: profile.follows_count,
            media_count_base: profile.media_count,
            account_type: profile.account_type,
            seed: ids::mix(index as u64 + 1),
            countries: weights(&[
                ("US", 0.34),
                ("GB", 0.12),
                ("DE", 0.1),
                ("BR", 0.09),
                ("IN", 0.08),
                ("FR", 0.07),
                ("CA", 0.06),
                ("ES", 0.05),
            ]),
            cities: weights(&[
                ("New York, New York", 0.14),
                ("London, England", 0.11),
                ("Berlin, Berlin", 0.08),
                ("São Paulo, São Paulo (state)", 0.07),
                ("Los Angeles, California", 0.06),
            ]),
            subscribed_fields: Vec::new(),
            trial_reels: true,
        });
        SeededAccount {
            app_scoped_id,
            ig_user_id,
            username: profile.username,
        }
    }

    /// A realistic demo account (a small coffee roaster): profile, 50
    /// posts (images, reels, carousels) with captions, likes and comments
    /// with replies, live stories, 6 conversations (some inside the 24 h
    /// window, some only inside the human agent's 7 days, one beyond), and
    /// insights (follower counts, demographics, online followers,
    /// reach/views) generated for any day asked.
    pub fn seed_demo(&self) -> SeededAccount {
        demo::seed(self, 0)
    }

    /// Another copy of the demo account, with ids, username and name of its
    /// own (`demo_roastery_2`, `demo_roastery_3`, …): what the account
    /// chooser's "a new demo account" seeds.
    pub fn seed_demo_copy(&self) -> SeededAccount {
        let copy = {
            let mut state = self.state();
            state.demo_copies += 1;
            state.demo_copies
        };
        demo::seed(self, copy)
    }

    /// A copy as `seed_demo_copy`, unless `max` copies exist already.
    pub(crate) fn seed_demo_copy_within(&self, max: u64) -> Option<SeededAccount> {
        let copy = {
            let mut state = self.state();
            if state.demo_copies >= max {
                return None;
            }
            state.demo_copies += 1;
            state.demo_copies
        };
        Some(demo::seed(self, copy))
    }

    /// A long-lived token with every permission, as after OAuth.
    pub fn issue_token(&self, account: &SeededAccount) -> String {
        self.issue_token_with_scopes(account, &ALL_SCOPES)
    }

    /// A long-lived token with only these permissions.
    pub fn issue_token_with_scopes(&self, account: &SeededAccount, scopes: &[&str]) -> String {
        let Some(index) = self.index_of(account) else {
            return "IGAA-not-an-account-of-this-fake".into();
        };
        let scopes = scopes.iter().map(|s| (*s).to_string()).collect();
        tokens::mint(&mut self.state(), index, TokenKind::LongLived, scopes)
    }

    /// Who is signed in to Instagram in the OAuth dialog (default: the
    /// first account added).
    pub fn consent_as(&self, account: &SeededAccount) {
        if let Some(index) = self.index_of(account) {
            self.state().consenting = index;
        }
    }

    pub fn faults(&self) -> Faults {
        Faults(self.clone())
    }

    /// Moves the fake's clock forward: token ages, messaging windows,
    /// container processing and expiry, story lifetimes, quotas.
    pub fn advance(&self, by: Duration) {
        self.state().clock.advance(by);
    }

    /// The fake's current time.
    pub fn now(&self) -> OffsetDateTime {
        self.state().now()
    }

    /// A person writes to the account (opening the 24 h window); returns
    /// their IGSID. Reuses the conversation with that username if any.
    pub fn receive_message(
        &self,
        account: &SeededAccount,
        from_username: &str,
        text: &str,
    ) -> String {
        let Some(index) = self.index_of(account) else {
            return String::new();
        };
        let mut state = self.state();
        let now = state.now();
        let existing = state
            .conversations
            .iter()
            .position(|c| c.account == index && c.peer.username == from_username);
        let conv = match existing {
            Some(i) => i,
            None => {
                let peer_id = state.ids.numeric("690");
                let thread = state.ids.thread(&account.ig_user_id);
                state.conversations.push(model::Conversation {
                    id: thread,
                    account: index,
                    peer: model::Peer {
                        id: peer_id,
                        username: from_username.to_string(),
                        name: from_username.to_string(),
                        follower_count: 150,
                        follows_business: true,
                        business_follows: false,
                        verified: false,
                    },
                    messages: Vec::new(),
                });
                state.conversations.len() - 1
            }
        };
        let thread = state.conversations[conv].id.clone();
        let mid = state.ids.message(&thread);
        let mid_sent = mid.clone();
        let c = &mut state.conversations[conv];
        c.messages.push(model::Message {
            id: mid,
            inbound: true,
            text: Some(text.to_string()),
            attachments: Vec::new(),
            created_time: now,
            via_api: false,
            human_agent: false,
        });
        let peer = c.peer.id.clone();
        drop(state);
        self.emit_message(&account.ig_user_id, &peer, &mid_sent, text, now);
        peer
    }

    /// Someone comments on a post, or replies to a comment with
    /// `parent_id`; returns the comment's id. The post's `comments_count`
    /// grows, as on Instagram.
    pub fn receive_comment(
        &self,
        media_id: &str,
        parent_id: Option<&str>,
        username: &str,
        text: &str,
    ) -> String {
        let mut state = self.state();
        let id = state.ids.numeric("178");
        let from_id = state.ids.numeric("690");
        let timestamp = state.now();
        let comment = model::Comment {
            id: id.clone(),
            media_id: media_id.to_string(),
            parent_id: parent_id.map(str::to_string),
            text: text.to_string(),
            username: username.to_string(),
            from_id,
            timestamp,
            like_count: 0,
            hidden: false,
            by_owner: false,
            replied_privately: false,
        };
        // The notification names the account that owns the commented media.
        let owner = state.media.iter().find(|m| m.id == media_id).and_then(|m| {
            let account = state.accounts.get(m.account)?;
            Some((account.ig_user_id.clone(), m.product.as_str().to_string()))
        });
        state.comments.push(comment.clone());
        drop(state);
        if let Some((ig_user_id, product)) = owner {
            self.emit_comment(&ig_user_id, &comment, &product);
        }
        id
    }

    /// A post (or, with `reel`, a reel) the account's owner made in the
    /// Instagram app, now: on the media edge like any other, but from no
    /// container. Returns its id.
    pub fn post_from_app(&self, account: &SeededAccount, caption: &str, reel: bool) -> String {
        use model::{Kind, Media, Product};
        let Some(index) = self.index_of(account) else {
            return String::new();
        };
        let mut state = self.state();
        let now = state.now();
        let id = state.ids.numeric("179");
        let shortcode = state.ids.shortcode();
        let cdn = format!("https://scontent.cdninstagram.example/v/{id}");
        state.media.push(Media {
            id: id.clone(),
            account: index,
            kind: if reel { Kind::Video } else { Kind::Image },
            product: if reel { Product::Reels } else { Product::Feed },
            caption: Some(caption.to_string()),
            media_url: Some(format!("{cdn}.{}", if reel { "mp4" } else { "jpg" })),
            thumbnail_url: reel.then(|| format!("{cdn}_thumb.jpg")),
            permalink: Some(if reel {
                format!("https://www.instagram.com/reel/{shortcode}/")
            } else {
                format!("https://www.instagram.com/p/{shortcode}/")
            }),
            shortcode,
            timestamp: now,
            like_count: 0,
            comment_enabled: true,
            shared_to_feed: reel.then_some(true),
            alt_text: None,
            children: Vec::new(),
            parent: None,
            from_container: None,
            viewers: 0,
        });
        id
    }

    /// The ids of the account's posts and reels (not stories or carousel
    /// children), newest first.
    pub fn media_ids(&self, account: &SeededAccount) -> Vec<String> {
        let Some(index) = self.index_of(account) else {
            return Vec::new();
        };
        let state = self.state();
        let mut items: Vec<_> = state
            .media_of(index)
            .filter(|m| m.parent.is_none())
            .filter(|m| m.product.as_str() != "STORY")
            .map(|m| (m.timestamp, m.id.clone()))
            .collect();
        items.sort_by(|a, b| b.cmp(a));
        items.into_iter().map(|(_, id)| id).collect()
    }

    /// Posts published through the API on every account, oldest first
    /// (a benchmark's tally; per account: [`Self::published_media`]).
    pub fn all_published_media(&self) -> Vec<PublishedMedia> {
        self.state()
            .media
            .iter()
            .filter(|m| m.parent.is_none())
            .filter_map(|m| {
                Some(PublishedMedia {
                    id: m.id.clone(),
                    container_id: m.from_container.clone()?,
                    caption: m.caption.clone().unwrap_or_default(),
                    permalink: m.permalink.clone().unwrap_or_default(),
                    media_type: m.kind.as_str().to_string(),
                    media_product_type: m.product.as_str().to_string(),
                    timestamp: m.timestamp,
                })
            })
            .collect()
    }

    /// Posts published through the API, oldest first.
    pub fn published_media(&self, account: &SeededAccount) -> Vec<PublishedMedia> {
        let Some(index) = self.index_of(account) else {
            return Vec::new();
        };
        self.state()
            .media_of(index)
            .filter(|m| m.parent.is_none())
            .filter_map(|m| {
                Some(PublishedMedia {
                    id: m.id.clone(),
                    container_id: m.from_container.clone()?,
                    caption: m.caption.clone().unwrap_or_default(),
                    permalink: m.permalink.clone().unwrap_or_default(),
                    media_type: m.kind.as_str().to_string(),
                    media_product_type: m.product.as_str().to_string(),
                    timestamp: m.timestamp,
                })
            })
            .collect()
    }

    /// Whether the account may share trial reels (default yes); without,
    /// `trial_params` is refused with error 2207081 as Instagram does.
    pub fn set_trial_reels(&self, account: &SeededAccount, allowed: bool) {
        let Some(index) = self.index_of(account) else {
            return;
        };
        if let Some(a) = self.state().accounts.get_mut(index) {
            a.trial_reels = allowed;
        }
    }

    /// Containers created for the account, oldest first.
    pub fn containers(&self, account: &SeededAccount) -> Vec<ContainerSummary> {
        let Some(index) = self.index_of(account) else {
            return Vec::new();
        };
        let state = self.state();
        state
            .containers
            .iter()
            .filter(|c| c.account == index)
            .map(|c| ContainerSummary {
                id: c.id.clone(),
                media_type: c.kind.label().to_string(),
                is_carousel_item: c.kind.is_item(),
                audio_name: c.audio_name.clone(),
                trial_graduation: c.trial_graduation.clone(),
                is_ai_generated: c.is_ai_generated,
                status_code: publishing::status(&state, self.config(), c)
                    .code()
                    .to_string(),
                created_at: c.created_at,
            })
            .collect()
    }

    /// The texts of the replies to a comment, oldest first (the account's
    /// own replies through the API included).
    pub fn replies_to(&self, comment_id: &str) -> Vec<String> {
        let state = self.state();
        let mut replies: Vec<_> = state
            .comments
            .iter()
            .filter(|c| c.parent_id.as_deref() == Some(comment_id))
            .map(|c| (c.timestamp, c.text.clone()))
            .collect();
        replies.sort_by_key(|(t, _)| *t);
        replies.into_iter().map(|(_, text)| text).collect()
    }

    /// Whether the comment got its (one) private reply.
    pub fn replied_privately(&self, comment_id: &str) -> bool {
        self.state()
            .comments
            .iter()
            .any(|c| c.id == comment_id && c.replied_privately)
    }

    /// Messages the account sent through the API, oldest first.
    pub fn sent_messages(&self, account: &SeededAccount) -> Vec<SentMessage> {
        let Some(index) = self.index_of(account) else {
            return Vec::new();
        };
        let state = self.state();
        let mut out: Vec<SentMessage> = state
            .conversations
            .iter()
            .filter(|c| c.account == index)
            .flat_map(|c| {
                c.messages
                    .iter()
                    .filter(|m| m.via_api)
                    .map(move |m| SentMessage {
                        conversation_id: c.id.clone(),
                        message_id: m.id.clone(),
                        recipient_id: c.peer.id.clone(),
                        text: m.text.clone(),
                        human_agent: m.human_agent,
                        created_time: m.created_time,
                    })
            })
            .collect();
        out.sort_by_key(|m| m.created_time);
        out
    }

    /// The requests received so far, in order (the latest 100,000).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state().requests.to_vec()
    }
}
