//! The world the publisher use-case tests run in: the in-memory store, a
//! manual clock, fake post media and a mocked Instagram whose answers come
//! from a small simulation (containers, processing, publishing), so each
//! test states only what it changes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use secrecy::SecretString;
use socialflow_core::account::AccountId;
use socialflow_core::accounts::{AccountService, AccountStorage};
use socialflow_core::instagram::{
    ContainerSpec, ContainerStatus, CreatedContainer, InstagramError, LongLivedToken, MediaItem,
    MediaType, MockInstagramApi, Page, Profile, PublishingLimit,
};
use socialflow_core::media::MediaId;
use socialflow_core::password::PasswordHash;
use socialflow_core::posts::{
    MediaClass, Post, PostInput, PostKind, PostService, PostState, Publisher, PublisherConfig,
};
use socialflow_core::user::Role;
use socialflow_core::{Clock, Language, RequestContext, Store, TimeZone, User, UserId, Username};
use socialflow_crypto::{AesSivTokenCipher, MasterKey, RandomMinter};
use socialflow_fakes::{FakePostMedia, ManualClock, MemoryStore};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

pub const START: OffsetDateTime = datetime!(2026-05-04 09:00 UTC);

/// A run of the simulated publish call is interrupted after Instagram
/// published (the answer is lost, as when the worker dies mid-call).
pub type Hook = Box<dyn FnOnce() + Send>;

/// What the simulated Instagram holds and has been asked.
#[derive(Default)]
pub struct Sim {
    next: u32,
    /// Container id → (caption, polls left before it is finished, published).
    pub containers: HashMap<String, (Option<String>, u32, bool)>,
    /// Captions of the media published, in order, with the container used.
    pub published: Vec<(String, Option<String>)>,
    /// Calls to `publish_container`.
    pub publish_calls: u32,
    /// The next this many `create_container` calls fail as transient.
    pub fail_creates: u32,
    /// The next publish call publishes but its answer is lost.
    pub lose_publish_answer: bool,
    /// Polls a video container takes before it is finished.
    pub video_polls: u32,
    /// Runs once inside the publish-quota check, i.e. after the worker
    /// has claimed the ready post and before it records `publishing`.
    pub before_publish: Option<Hook>,
    /// Media listed on the account (for recovery).
    pub media: Vec<MediaItem>,
}

pub type SimRef = Arc<Mutex<Sim>>;

fn instagram(sim: SimRef, clock: Arc<ManualClock>) -> MockInstagramApi {
    let mut ig = MockInstagramApi::new();
    ig.expect_profile().returning(|_| {
        Ok(Profile {
            app_scoped_id: "27281358591558845".into(),
            ig_user_id: "17841457215396811".into(),
            username: "corner_cafe".into(),
            ..Profile::default()
        })
    });
    let s = sim.clone();
    ig.expect_create_container().returning(move |_, req| {
        let mut sim = s.lock().unwrap();
        if sim.fail_creates > 0 {
            sim.fail_creates -= 1;
            return Err(InstagramError::Transient {
                message: "HTTP 503 from Instagram".into(),
            });
        }
        sim.next += 1;
        let id = format!("c{}", sim.next);
        let polls = match req.spec {
            ContainerSpec::Reel { .. } | ContainerSpec::CarouselVideo { .. } => sim.video_polls,
            _ => 0,
        };
        sim.containers
            .insert(id.clone(), (req.caption.clone(), polls, false));
        Ok(CreatedContainer {
            id,
            upload_uri: None,
        })
    });
    let s = sim.clone();
    ig.expect_container_status().returning(move |_, id| {
        let mut sim = s.lock().unwrap();
        let Some(c) = sim.containers.get_mut(id) else {
            return Err(InstagramError::NotFound {
                message: format!("no container {id}"),
            });
        };
        if c.2 {
            return Ok(ContainerStatus::Published);
        }
        if c.1 > 0 {
            c.1 -= 1;
            return Ok(ContainerStatus::InProgress);
        }
        Ok(ContainerStatus::Finished)
    });
    let s = sim.clone();
    ig.expect_publishing_limit().returning(move |_| {
        let hook = s.lock().unwrap().before_publish.take();
        if let Some(hook) = hook {
            hook();
        }
        Ok(PublishingLimit {
            quota_usage: 0,
            quota_total: Some(100),
            quota_duration: None,
        })
    });
    let s = sim.clone();
    let c = clock.clone();
    ig.expect_publish_container().returning(move |_, id| {
        let mut sim = s.lock().unwrap();
        sim.publish_calls += 1;
        let Some(container) = sim.containers.get_mut(id) else {
            return Err(InstagramError::NotFound {
                message: format!("no container {id}"),
            });
        };
        container.2 = true;
        let caption = container.0.clone();
        sim.published.push((id.to_string(), caption.clone()));
        let media_id = format!("m{}", sim.published.len());
        sim.media.insert(
            0,
            MediaItem {
                id: media_id.clone(),
                caption,
                media_type: MediaType::Image,
                media_product_type: Some("FEED".into()),
                media_url: None,
                thumbnail_url: None,
                permalink: Some(format!("https://www.instagram.com/p/{media_id}/")),
                timestamp: c.now(),
                like_count: None,
                comments_count: None,
                children: Vec::new(),
            },
        );
        if sim.lose_publish_answer {
            sim.lose_publish_answer = false;
            return Err(InstagramError::Transient {
                message: "connection reset".into(),
            });
        }
        Ok(media_id)
    });
    let s = sim.clone();
    ig.expect_media_page().returning(move |_, _, _| {
        Ok(Page {
            items: s.lock().unwrap().media.clone(),
            next: None,
        })
    });
    let s = sim;
    ig.expect_media_item().returning(move |_, id| {
        s.lock()
            .unwrap()
            .media
            .iter()
            .find(|m| m.id == id)
            .cloned()
            .ok_or(InstagramError::NotFound {
                message: id.to_string(),
            })
    });
    ig
}

pub struct World {
    pub store: Arc<dyn Store>,
    pub clock: Arc<ManualClock>,
    pub sim: SimRef,
    pub accounts: AccountService,
    pub media: Arc<FakePostMedia>,
    pub posts: PostService,
    pub user: UserId,
    pub account: AccountId,
}

pub async fn world() -> World {
    let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
    let clock = Arc::new(ManualClock::new(START));
    let sim: SimRef = Arc::new(Mutex::new(Sim::default()));
    let user = User {
        id: UserId::new(),
        username: Username::parse("alice").unwrap(),
        password_hash: PasswordHash("x".into()),
        role: Role::User,
        language: Language::En,
        time_zone: TimeZone::utc(),
        created_at: START,
        updated_at: START,
    };
    store.insert_user(&user).await.unwrap();
    let accounts = AccountService::new(
        AccountStorage::from_store(store.clone()),
        Arc::new(instagram(sim.clone(), clock.clone())),
        Arc::new(AesSivTokenCipher::new(&MasterKey::generate(), &[]).unwrap()),
        Arc::new(RandomMinter),
        clock.clone(),
    );
    let account = accounts
        .attach(
            user.id,
            LongLivedToken {
                token: SecretString::from("token".to_string()),
                expires_in: Duration::days(60),
                permissions: None,
            },
            None,
            &RequestContext::cli(),
        )
        .await
        .unwrap()
        .account
        .id;
    let media = Arc::new(FakePostMedia::new());
    let posts = PostService::new(
        store.clone(),
        store.clone(),
        store.clone(),
        media.clone(),
        clock.clone(),
    );
    World {
        store,
        clock,
        sim,
        accounts,
        media,
        posts,
        user: user.id,
        account,
    }
}

impl World {
    pub fn publisher(&self, worker: &str) -> Publisher {
        Publisher::new(
            self.store.clone(),
            self.store.clone(),
            self.store.clone(),
            self.accounts.clone(),
            self.media.clone(),
            self.clock.clone(),
            PublisherConfig::new(worker),
        )
    }

    pub fn file(&self, class: MediaClass) -> MediaId {
        self.media.add(self.user, class, "https://media.example/f")
    }

    pub fn input(&self, kind: PostKind, media: Vec<MediaId>, caption: &str) -> PostInput {
        PostInput {
            account_id: self.account,
            kind,
            media,
            cover: None,
            thumb_offset_ms: None,
            share_to_feed: true,
            caption: caption.into(),
            hashtags: String::new(),
            first_comment: None,
            collaborators: Vec::new(),
            location_id: None,
            alt_text: None,
            user_tags: Vec::new(),
            options: Default::default(),
            scheduled_at: Some(START + Duration::hours(2)),
        }
    }

    pub async fn schedule(&self, input: PostInput) -> Post {
        self.posts
            .create(self.user, input, &RequestContext::cli())
            .await
            .unwrap()
            .0
    }

    pub async fn reload(&self, post: &Post) -> Post {
        self.posts.get(self.user, post.id).await.unwrap()
    }

    /// Moves the clock to the post's next action and runs a pass, until it
    /// is in `until` (or `max` passes).
    pub async fn drive(&self, publisher: &Publisher, post: &Post, until: PostState) -> Post {
        for _ in 0..40 {
            let p = self.reload(post).await;
            if p.state == until {
                return p;
            }
            if let Some(at) = p.next_action_at
                && at > self.clock.now()
            {
                self.clock.set(at);
            }
            publisher.run_once().await.unwrap();
        }
        self.reload(post).await
    }

    pub fn published_captions(&self) -> Vec<Option<String>> {
        self.sim
            .lock()
            .unwrap()
            .published
            .iter()
            .map(|(_, c)| c.clone())
            .collect()
    }
}
