//! Saved captions and hashtag groups (validation, owner scoping, the cap
//! under parallel saves), the repeated-hashtag-set warning, and the kind
//! rules of the composer's new fields (audio name, trial reel, AI label,
//! a story's caption).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use socialflow_core::account::{
    Account, AccountId, AccountProfile, AccountStatus, AccountToken, EncryptedToken,
};
use socialflow_core::posts::{
    MediaClass, PostContent, PostError, PostInput, PostKind, PostOptions, PostProblem, PostService,
    TrialStrategy,
};
use socialflow_core::snippets::{
    MAX_NAME_CHARS, MAX_TEXT_CHARS, REPETITION_LIMIT, SnippetError, SnippetInput, SnippetKind,
    SnippetProblem, SnippetService, hashtag_set, repeated_set,
};
use socialflow_core::storage::{AccountRepo, UserRepo};
use socialflow_core::user::Role;
use socialflow_core::{Clock, Language, RequestContext, TimeZone, User, UserId, Username};
use socialflow_fakes::{FakePostMedia, ManualClock, MemoryStore};
use time::Duration;

async fn user(store: &MemoryStore, name: &str, clock: &ManualClock) -> UserId {
    let now = clock.now();
    let u = User {
        id: UserId::new(),
        username: Username::parse(name).unwrap(),
        password_hash: socialflow_core::password::PasswordHash("$2b$12$x".into()),
        role: Role::User,
        language: Language::En,
        time_zone: TimeZone::utc(),
        created_at: now,
        updated_at: now,
    };
    store.insert_user(&u).await.unwrap();
    u.id
}

fn input(kind: SnippetKind, name: &str, text: &str) -> SnippetInput {
    SnippetInput {
        kind,
        name: name.into(),
        text: text.into(),
    }
}

#[test]
fn snippets_are_trimmed_normalised_and_capped_with_every_problem_at_once() {
    let ok = input(SnippetKind::Hashtags, "  Coffee  ", "coffee, #beans  roast")
        .validate()
        .unwrap();
    assert_eq!(ok.name, "Coffee");
    assert_eq!(ok.text, "#coffee #beans #roast");

    let long_name = "n".repeat(MAX_NAME_CHARS + 1);
    let long_text = "я".repeat(MAX_TEXT_CHARS + 1);
    let bad = input(SnippetKind::Caption, &long_name, &long_text)
        .validate()
        .unwrap_err();
    assert_eq!(
        bad,
        vec![
            SnippetProblem::NameTooLong {
                max: MAX_NAME_CHARS,
                actual: MAX_NAME_CHARS + 1
            },
            SnippetProblem::TextTooLong {
                max: MAX_TEXT_CHARS,
                actual: MAX_TEXT_CHARS + 1
            },
        ]
    );
    // At the limits exactly: fine.
    assert!(
        input(
            SnippetKind::Caption,
            &"n".repeat(MAX_NAME_CHARS),
            &"я".repeat(MAX_TEXT_CHARS)
        )
        .validate()
        .is_ok()
    );
    let empty = input(SnippetKind::Caption, " ", " \n")
        .validate()
        .unwrap_err();
    assert_eq!(
        empty,
        vec![SnippetProblem::NameRequired, SnippetProblem::TextRequired]
    );
    assert_eq!(
        input(SnippetKind::Hashtags, "Tags", " , ,, ")
            .validate()
            .unwrap_err(),
        vec![SnippetProblem::NoHashtags]
    );
    assert_eq!(
        input(SnippetKind::Caption, "two\nlines", "ok\u{0}")
            .validate()
            .unwrap_err(),
        vec![
            SnippetProblem::ControlCharacters { field: "name" },
            SnippetProblem::ControlCharacters { field: "text" },
        ]
    );
}

#[tokio::test]
async fn snippets_are_the_owners_and_parallel_saves_never_pass_the_cap() {
    let store = Arc::new(MemoryStore::new());
    let clock = Arc::new(ManualClock::default());
    let alice = user(&store, "alice", &clock).await;
    let bob = user(&store, "bob", &clock).await;
    let service = SnippetService::new(store.clone(), clock.clone()).with_max_per_user(5);

    let saved = service
        .create(alice, &input(SnippetKind::Caption, "Hello", "Hi all"))
        .await
        .unwrap();
    assert!(matches!(
        service.get(bob, saved.id).await,
        Err(SnippetError::NotFound)
    ));
    assert!(matches!(
        service
            .update(bob, saved.id, &input(SnippetKind::Caption, "x", "y"))
            .await,
        Err(SnippetError::NotFound)
    ));
    assert!(matches!(
        service.delete(bob, saved.id).await,
        Err(SnippetError::NotFound)
    ));
    clock.advance(Duration::minutes(1));
    let changed = service
        .update(
            alice,
            saved.id,
            &input(SnippetKind::Hashtags, "Hello", "a b"),
        )
        .await
        .unwrap();
    assert_eq!(changed.text, "#a #b");
    assert!(changed.updated_at > changed.created_at);

    let tasks: Vec<_> = (0..25)
        .map(|i| {
            let service = service.clone();
            tokio::spawn(async move {
                service
                    .create(alice, &input(SnippetKind::Caption, &format!("n{i}"), "t"))
                    .await
            })
        })
        .collect();
    let mut refused = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => {}
            Err(SnippetError::TooMany { max: 5 }) => refused += 1,
            Err(e) => panic!("{e}"),
        }
    }
    assert_eq!(refused, 21, "one was there already; four more fit");
    assert_eq!(service.list(alice).await.unwrap().len(), 5);
    assert!(service.list(bob).await.unwrap().is_empty());
    service.delete(alice, saved.id).await.unwrap();
    assert_eq!(service.list(alice).await.unwrap().len(), 4);
}

fn content(caption: &str, hashtags: &str) -> PostContent {
    PostContent {
        account_id: AccountId::new(),
        kind: PostKind::Post,
        media: Vec::new(),
        cover: None,
        thumb_offset_ms: None,
        share_to_feed: true,
        caption: caption.into(),
        hashtags: hashtags.into(),
        first_comment: None,
        collaborators: Vec::new(),
        location_id: None,
        alt_text: None,
        user_tags: Vec::new(),
        options: PostOptions::default(),
        scheduled_at: None,
    }
}

#[test]
fn the_same_hashtag_set_on_three_of_ten_posts_warns() {
    let now = hashtag_set("New roast", "#coffee #beans");
    // Once before: two uses with this one, no warning.
    let once = vec![content("x", "#Beans #coffee"), content("y", "#other #tags")];
    assert_eq!(repeated_set(&now, &once), None);
    // Twice before (order and case differ): the third use warns.
    let twice = vec![
        content("Morning #coffee", "#beans"),
        content("y", "#other"),
        content("z", "#beans #coffee"),
    ];
    let r = repeated_set(&now, &twice).unwrap();
    assert_eq!((r.uses, r.window), (REPETITION_LIMIT, 4));
    // A set that differs by one tag is another set.
    assert_eq!(
        repeated_set(&hashtag_set("", "#coffee #beans #roast"), &twice),
        None
    );
    // Older than the last ten posts does not count.
    let mut far: Vec<_> = (0..9).map(|i| content("", &format!("#t{i} #u"))).collect();
    far.push(content("", "#coffee #beans"));
    far.push(content("", "#coffee #beans"));
    assert_eq!(repeated_set(&now, &far), None);
    // One tag is not a set.
    let one = hashtag_set("", "#coffee");
    assert_eq!(
        repeated_set(&one, &[content("", "#coffee"), content("", "#coffee")]),
        None
    );
}

struct Posts {
    posts: PostService,
    media: Arc<FakePostMedia>,
    clock: Arc<ManualClock>,
    owner: UserId,
    account: AccountId,
}

async fn posts() -> Posts {
    let store = Arc::new(MemoryStore::new());
    let clock = Arc::new(ManualClock::default());
    let media = Arc::new(FakePostMedia::new());
    let owner = user(&store, "alice", &clock).await;
    let now = clock.now();
    let account = Account {
        id: AccountId::new(),
        owner,
        ig_user_id: "ig-1".into(),
        app_scoped_id: "app-1".into(),
        profile: AccountProfile {
            username: "shop".into(),
            ..AccountProfile::default()
        },
        token: AccountToken {
            ciphertext: EncryptedToken(vec![1]),
            expires_at: now + Duration::days(60),
            refreshed_at: now,
            scopes: vec![],
        },
        status: AccountStatus::Active,
        status_detail: None,
        connected_at: now,
        profile_fetched_at: now,
    };
    store.insert_account(&account).await.unwrap();
    let posts = PostService::new(
        store.clone(),
        store.clone(),
        store,
        media.clone(),
        clock.clone(),
    );
    Posts {
        posts,
        media,
        clock,
        owner,
        account: account.id,
    }
}

impl Posts {
    fn input(&self, kind: PostKind, class: MediaClass) -> PostInput {
        let url = match class {
            MediaClass::Image => "https://cdn.test/i.jpg",
            MediaClass::Video => "https://cdn.test/v.mp4",
        };
        PostInput {
            account_id: self.account,
            kind,
            media: vec![self.media.add(self.owner, class, url)],
            cover: None,
            thumb_offset_ms: None,
            share_to_feed: true,
            caption: String::new(),
            hashtags: String::new(),
            first_comment: None,
            collaborators: Vec::new(),
            location_id: None,
            alt_text: None,
            user_tags: Vec::new(),
            options: PostOptions::default(),
            scheduled_at: Some(self.clock.now() + Duration::days(1)),
        }
    }
}

#[tokio::test]
async fn reel_options_are_kept_for_reels_and_refused_elsewhere() {
    let p = posts().await;
    let ctx = RequestContext::cli();
    let options = PostOptions {
        audio_name: Some("  Roastery sounds ".into()),
        trial: Some(TrialStrategy::Performance),
        ai_generated: true,
    };
    let mut reel = p.input(PostKind::Reel, MediaClass::Video);
    reel.options = options.clone();
    let (saved, _) = p.posts.create(p.owner, reel, &ctx).await.unwrap();
    assert_eq!(
        saved.content.options,
        PostOptions {
            audio_name: Some("Roastery sounds".into()),
            ..options.clone()
        }
    );

    let mut feed = p.input(PostKind::Post, MediaClass::Image);
    feed.options = options;
    let Err(PostError::Invalid(problems)) = p.posts.create(p.owner, feed, &ctx).await else {
        panic!("reel options on a feed post are refused");
    };
    assert!(problems.contains(&PostProblem::NotForKind {
        field: "audio_name",
        kind: PostKind::Post
    }));
    assert!(problems.contains(&PostProblem::NotForKind {
        field: "trial_graduation",
        kind: PostKind::Post
    }));

    // The AI label alone is fine on every kind.
    let mut labelled = p.input(PostKind::Post, MediaClass::Image);
    labelled.options.ai_generated = true;
    assert!(p.posts.create(p.owner, labelled, &ctx).await.is_ok());

    let mut long = p.input(PostKind::Reel, MediaClass::Video);
    long.options.audio_name = Some("a".repeat(101));
    let Err(PostError::Invalid(problems)) = p.posts.create(p.owner, long, &ctx).await else {
        panic!("an audio name over 100 characters is refused");
    };
    assert!(problems.contains(&PostProblem::FieldTooLong {
        field: "audio_name",
        max: 100,
        actual: 101
    }));
}

#[tokio::test]
async fn a_storys_caption_is_dropped_with_a_warning() {
    let p = posts().await;
    let mut story = p.input(PostKind::Story, MediaClass::Image);
    story.caption = "Not shown".into();
    story.hashtags = "#nope".into();
    let (saved, warnings) = p
        .posts
        .create(p.owner, story, &RequestContext::cli())
        .await
        .unwrap();
    assert_eq!(saved.content.caption, "");
    assert_eq!(saved.content.hashtags, "");
    let dropped: Vec<_> = warnings
        .into_iter()
        .filter(|w| matches!(w, PostProblem::DroppedForKind { .. }))
        .collect();
    assert_eq!(
        dropped,
        vec![
            PostProblem::DroppedForKind {
                field: "caption",
                kind: PostKind::Story
            },
            PostProblem::DroppedForKind {
                field: "hashtags",
                kind: PostKind::Story
            },
        ]
    );
}
