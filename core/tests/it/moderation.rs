//! Moderation word lists: matching real ru/kk/en spam and profanity (Latin
//! look-alikes, ё, emoji), the starter lists, the hook that hides comments
//! as the inbox stores them, and undo.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};

use secrecy::SecretString;
use socialflow_core::account::Account;
use socialflow_core::accounts::{AccountService, AccountStorage};
use socialflow_core::inbox::{CachedComment, CommentFilter, InboxService, InboxStorage, SyncMode};
use socialflow_core::instagram::{
    Comment, InstagramError, LongLivedToken, MediaItem, MediaType, MockInstagramApi, Page, Profile,
};
use socialflow_core::moderation::{
    CompiledLists, Hit, ListKind, ListProblem, MAX_WORDS_PER_LIST, ModerationError, ModerationList,
    ModerationService, ModerationStorage, parse_words, starter_words,
};
use socialflow_core::password::PasswordHash;
use socialflow_core::storage::{CommentRepo, UserRepo};
use socialflow_core::user::Role;
use socialflow_core::{Language, RequestContext, Store, User, UserId, Username};
use socialflow_crypto::{AesSivTokenCipher, MasterKey, RandomMinter};
use socialflow_fakes::{ManualClock, MemoryStore};
use time::{Duration, OffsetDateTime};

fn at() -> OffsetDateTime {
    time::macros::datetime!(2026-11-02 10:00 UTC)
}

fn lists(spam: &[&str], profanity: &[&str]) -> CompiledLists {
    let account = socialflow_core::account::AccountId(uuid::Uuid::nil());
    let list = |kind, words: &[&str]| ModerationList {
        account,
        kind,
        enabled: true,
        words: words.iter().map(|w| (*w).to_string()).collect(),
        updated_at: at(),
    };
    CompiledLists::compile(&[
        list(ListKind::Spam, spam),
        list(ListKind::Profanity, profanity),
    ])
}

fn hit(kind: ListKind, word: &str) -> Option<Hit> {
    Some(Hit {
        kind,
        word: word.into(),
    })
}

#[test]
fn real_spam_in_three_languages_is_found_however_it_is_typed() {
    let l = lists(
        &[
            "заработок в день",
            "пиши в директ",
            "ақша табу",
            "follow back",
            "крипт*",
        ],
        &[],
    );
    // Russian, upper case, emoji and punctuation around the words.
    assert_eq!(
        l.find("🔥🔥 ЗАРАБОТОК в день от 5000₽!!! 🔥"),
        hit(ListKind::Spam, "заработок в день")
    );
    // Latin look-alikes typed inside Cyrillic words (р, и, е, о).
    assert_eq!(
        l.find("Пиши в дирeкт, расскажу"),
        hit(ListKind::Spam, "пиши в директ")
    );
    // Kazakh typed on a Russian keyboard, and with its own letters.
    assert_eq!(
        l.find("Үйде отырып АКША ТАБУ оңай"),
        hit(ListKind::Spam, "ақша табу")
    );
    assert_eq!(l.find("ақша табу 💸"), hit(ListKind::Spam, "ақша табу"));
    // English, any case, a star word's forms.
    assert_eq!(
        l.find("Nice pic! Follow back?"),
        hit(ListKind::Spam, "follow back")
    );
    assert_eq!(
        l.find("Криптовалюта — лучшее вложение"),
        hit(ListKind::Spam, "крипт*")
    );
    // Clean comments stay clean: words apart, or only a part of a word.
    assert_eq!(l.find("Какой заработок? Пишите в день рождения"), None);
    assert_eq!(l.find("Сколько стоит доставка в Алматы?"), None);
    assert_eq!(l.find("Бағасы қанша?"), None);
    assert_eq!(l.find("I follow you back home"), None);
}

#[test]
fn profanity_with_yo_and_look_alikes_is_found_and_innocent_words_are_not() {
    let ru = starter_words(ListKind::Profanity, Language::Ru).unwrap();
    let en = starter_words(ListKind::Profanity, Language::En).unwrap();
    let mut all = ru.clone();
    all.extend(en);
    let l = lists(&[], &all);
    assert_eq!(l.find("ну ты и СУКА!!!"), hit(ListKind::Profanity, "сука"));
    // ё is е: «ёбаный» is caught by «еба*».
    assert_eq!(l.find("ёбаный сервис"), hit(ListKind::Profanity, "еба*"));
    // A Latin «a» and «y» typed inside a Russian word.
    assert_eq!(l.find("cyкa"), hit(ListKind::Profanity, "сука"));
    assert_eq!(
        l.find("This is BULLSHIT 😡"),
        hit(ListKind::Profanity, "bullshit")
    );
    assert_eq!(l.find("what the fuck"), hit(ListKind::Profanity, "fuck*"));
    for clean in [
        "Спасибо, всё пришло вовремя",
        "Сукно хорошее",
        "Рахмет, керемет!",
        "Скипидар и шиповник",
        "Dickens is my favourite author",
    ] {
        assert_eq!(l.find(clean), None, "{clean}");
    }
}

#[test]
fn every_starter_list_parses_and_matches_its_own_words() {
    for kind in [ListKind::Spam, ListKind::Profanity] {
        for lang in Language::ALL {
            let words = starter_words(kind, lang).unwrap();
            assert!(words.len() >= 10, "{kind:?} {lang:?}");
            let parsed = parse_words(&words.join("\n")).unwrap();
            assert_eq!(parsed.len(), words.len(), "{kind:?} {lang:?}: duplicates");
            let l = lists(&words, &[]);
            for w in &words {
                let text = format!("😀 {} !", w.trim_end_matches('*'));
                assert!(l.find(&text).is_some(), "{kind:?} {lang:?}: {w}");
            }
        }
    }
    assert!(starter_words(ListKind::Custom, Language::Ru).is_none());
}

#[test]
fn a_list_text_is_checked_line_by_line_and_capped() {
    assert_eq!(
        parse_words("  спам  \n\n# комментарий\nСПАМ\nfollow back\n").unwrap(),
        vec!["спам", "follow back"]
    );
    let long = "я".repeat(101);
    assert_eq!(
        parse_words(&format!("ok\n{long}\n😀😀\nбад\u{7}")).unwrap_err(),
        vec![
            ListProblem::WordTooLong { line: 2, max: 100 },
            ListProblem::NothingToMatch { line: 3 },
            ListProblem::ControlCharacters { line: 4 },
        ]
    );
    let many: Vec<String> = (0..=MAX_WORDS_PER_LIST).map(|i| format!("w{i}")).collect();
    assert_eq!(
        parse_words(&many.join("\n")).unwrap_err(),
        vec![ListProblem::TooManyWords { max: 500 }]
    );
    let huge = "a\n".repeat(200_000);
    assert_eq!(
        parse_words(&huge).unwrap_err(),
        vec![ListProblem::TooManyWords { max: 500 }]
    );
}

#[test]
fn a_disabled_list_hides_nothing() {
    let account = socialflow_core::account::AccountId(uuid::Uuid::nil());
    let off = ModerationList {
        account,
        kind: ListKind::Spam,
        enabled: false,
        words: vec!["спам".into()],
        updated_at: at(),
    };
    assert!(CompiledLists::compile(&[off]).find("спам").is_none());
}

// ---- The service on the in-memory store and a mocked Instagram ------------

/// (comment id, hidden) as Instagram was asked.
type Calls = Arc<Mutex<Vec<(String, bool)>>>;

struct World {
    store: Arc<MemoryStore>,
    moderation: ModerationService,
    inbox: InboxService,
    owner: UserId,
    account: Account,
    calls: Calls,
    refuse: Arc<Mutex<bool>>,
}

fn ig_comment(id: &str, text: &str, by: &str) -> Comment {
    Comment {
        id: id.into(),
        text: text.into(),
        username: Some(by.into()),
        from_id: Some(format!("{by}-id")),
        timestamp: at(),
        like_count: None,
        hidden: false,
        parent_id: None,
        replies: vec![],
    }
}

fn instagram(calls: Calls, refuse: Arc<Mutex<bool>>) -> MockInstagramApi {
    let mut ig = MockInstagramApi::new();
    ig.expect_profile().returning(|_| {
        Ok(Profile {
            app_scoped_id: "27281358591558845".into(),
            ig_user_id: "17841457215396811".into(),
            username: "acme".into(),
            ..Profile::default()
        })
    });
    ig.expect_last_usage().returning(|_| None);
    ig.expect_set_comment_hidden()
        .returning(move |_, id, hidden| {
            if *refuse.lock().unwrap() {
                return Err(InstagramError::Transient {
                    message: "HTTP 503".into(),
                });
            }
            calls.lock().unwrap().push((id.to_string(), hidden));
            Ok(())
        });
    ig.expect_media_page().returning(|_, _, _| {
        Ok(Page {
            items: vec![MediaItem {
                id: "m1".into(),
                caption: None,
                media_type: MediaType::Image,
                media_product_type: Some("FEED".into()),
                media_url: None,
                thumbnail_url: None,
                permalink: None,
                timestamp: at() - Duration::days(1),
                like_count: None,
                comments_count: Some(4),
                children: vec![],
            }],
            next: None,
        })
    });
    ig.expect_comments_page().returning(|_, _, _, _| {
        Ok(Page {
            items: vec![
                ig_comment("s1", "Заработок в день 💰 пиши в директ", "spammer"),
                ig_comment("s2", "Қандай әдемі! Бағасы қанша?", "aigerim"),
                ig_comment("s3", "follow back 🙏", "bot42"),
                ig_comment("own", "Заработок в день — это не про нас", "acme"),
            ],
            next: None,
        })
    });
    ig.expect_conversations_page().returning(|_, _, _| {
        Ok(Page {
            items: vec![],
            next: None,
        })
    });
    ig
}

async fn world() -> World {
    let store = Arc::new(MemoryStore::new());
    let dyn_store: Arc<dyn Store> = store.clone();
    let clock = Arc::new(ManualClock::new(at()));
    let owner = User {
        id: UserId::new(),
        username: Username::parse("alice").unwrap(),
        password_hash: PasswordHash("x".into()),
        role: Role::User,
        language: Language::Ru,
        time_zone: socialflow_core::TimeZone::default(),
        created_at: at(),
        updated_at: at(),
    };
    store.insert_user(&owner).await.unwrap();
    let calls: Calls = Arc::default();
    let refuse = Arc::new(Mutex::new(false));
    let accounts = AccountService::new(
        AccountStorage::from_store(dyn_store.clone()),
        Arc::new(instagram(calls.clone(), refuse.clone())),
        Arc::new(AesSivTokenCipher::new(&MasterKey::generate(), &[]).unwrap()),
        Arc::new(RandomMinter),
        clock.clone(),
    );
    let account = accounts
        .attach(
            owner.id,
            LongLivedToken {
                token: SecretString::from("IGAA-token".to_string()),
                expires_in: Duration::days(60),
                permissions: None,
            },
            None,
            &RequestContext::cli(),
        )
        .await
        .unwrap()
        .account;
    let moderation = ModerationService::new(
        ModerationStorage {
            moderation: dyn_store.clone(),
            accounts: dyn_store.clone(),
            comments: dyn_store.clone(),
        },
        accounts.clone(),
        clock.clone(),
    );
    let inbox = InboxService::new(InboxStorage::from_store(dyn_store), accounts, clock)
        .with_comments_hook(Arc::new(moderation.clone()));
    World {
        store,
        moderation,
        inbox,
        owner: owner.id,
        account,
        calls,
        refuse,
    }
}

impl World {
    async fn hidden(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .store
            .cached_comments(self.owner, self.account.id, &CommentFilter::default())
            .await
            .unwrap()
            .into_iter()
            .filter(|c| c.hidden)
            .map(|c| c.id)
            .collect();
        v.sort();
        v
    }

    async fn sync(&self) {
        self.inbox
            .sync_account(&self.account, SyncMode::Requested)
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn the_sync_hides_spam_once_and_leaves_clean_and_own_comments() {
    let w = world().await;
    w.moderation
        .add_starter(w.owner, w.account.id, ListKind::Spam, Language::Ru)
        .await
        .unwrap();
    w.moderation
        .add_starter(w.owner, w.account.id, ListKind::Spam, Language::En)
        .await
        .unwrap();
    w.sync().await;
    assert_eq!(w.hidden().await, vec!["s1", "s3"]);
    assert_eq!(
        *w.calls.lock().unwrap(),
        vec![("s1".to_string(), true), ("s3".to_string(), true)]
    );
    let log = w.moderation.log(w.owner, w.account.id).await.unwrap();
    assert_eq!(log.len(), 2);
    let s1 = log.iter().find(|i| i.entry.comment_id == "s1").unwrap();
    assert_eq!(s1.entry.kind, ListKind::Spam);
    assert_eq!(s1.entry.word, "заработок в день");
    assert_eq!(s1.username.as_deref(), Some("spammer"));

    // The same comments again (Instagram still says "not hidden" here)
    // hide nothing twice: each has its log entry.
    let again = w
        .store
        .cached_comments(w.owner, w.account.id, &CommentFilter::default())
        .await
        .unwrap()
        .into_iter()
        .map(|c| CachedComment { hidden: false, ..c })
        .collect::<Vec<_>>();
    assert_eq!(w.moderation.moderate(&w.account, &again).await.unwrap(), 0);
    assert_eq!(w.calls.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn undo_shows_the_comment_again_and_it_stays_shown() {
    let w = world().await;
    w.moderation
        .save(
            w.owner,
            w.account.id,
            ListKind::Custom,
            true,
            "пиши в директ",
        )
        .await
        .unwrap();
    w.sync().await;
    assert_eq!(w.hidden().await, vec!["s1"]);
    let entry = w.moderation.log(w.owner, w.account.id).await.unwrap()[0]
        .entry
        .clone();
    // Someone else cannot undo it.
    let stranger = UserId::new();
    assert!(matches!(
        w.moderation.undo(stranger, entry.id).await,
        Err(ModerationError::NotFound)
    ));
    let undone = w.moderation.undo(w.owner, entry.id).await.unwrap();
    assert!(undone.undone_at.is_some());
    assert!(w.hidden().await.is_empty());
    assert_eq!(
        w.calls.lock().unwrap().last().cloned(),
        Some(("s1".to_string(), false))
    );
    assert!(matches!(
        w.moderation.undo(w.owner, entry.id).await,
        Err(ModerationError::AlreadyUndone)
    ));
    // The comment arriving again (a sync, a repeated webhook) is not
    // hidden again.
    let shown = w
        .store
        .cached_comments(w.owner, w.account.id, &CommentFilter::default())
        .await
        .unwrap();
    assert_eq!(w.moderation.moderate(&w.account, &shown).await.unwrap(), 0);
    assert!(w.hidden().await.is_empty());
    assert_eq!(w.calls.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn a_refused_hide_leaves_no_entry_and_is_tried_again() {
    let w = world().await;
    w.moderation
        .save(w.owner, w.account.id, ListKind::Spam, true, "follow back")
        .await
        .unwrap();
    *w.refuse.lock().unwrap() = true;
    w.sync().await;
    assert!(w.hidden().await.is_empty());
    assert!(
        w.moderation
            .log(w.owner, w.account.id)
            .await
            .unwrap()
            .is_empty()
    );
    *w.refuse.lock().unwrap() = false;
    let stored = w
        .store
        .cached_comments(w.owner, w.account.id, &CommentFilter::default())
        .await
        .unwrap();
    assert_eq!(w.moderation.moderate(&w.account, &stored).await.unwrap(), 1);
    assert_eq!(w.hidden().await, vec!["s3"]);
}

#[tokio::test]
async fn comments_already_hidden_or_with_lists_off_are_left_alone() {
    let w = world().await;
    w.moderation
        .save(w.owner, w.account.id, ListKind::Spam, false, "follow back")
        .await
        .unwrap();
    let comment = CachedComment {
        account_id: w.account.id,
        id: "x1".into(),
        media_id: "m1".into(),
        parent_id: None,
        text: "follow back".into(),
        username: Some("bot".into()),
        timestamp: at(),
        hidden: false,
        like_count: None,
        fetched_at: at(),
    };
    w.store
        .upsert_comments(std::slice::from_ref(&comment))
        .await
        .unwrap();
    assert_eq!(
        w.moderation
            .moderate(&w.account, std::slice::from_ref(&comment))
            .await
            .unwrap(),
        0
    );
    w.moderation
        .save(w.owner, w.account.id, ListKind::Spam, true, "follow back")
        .await
        .unwrap();
    let hidden = CachedComment {
        hidden: true,
        ..comment.clone()
    };
    assert_eq!(
        w.moderation.moderate(&w.account, &[hidden]).await.unwrap(),
        0
    );
    assert_eq!(
        w.moderation.moderate(&w.account, &[comment]).await.unwrap(),
        1
    );
    assert!(w.calls.lock().unwrap().contains(&("x1".to_string(), true)));
}

#[tokio::test]
async fn lists_are_validated_scoped_and_tested() {
    let w = world().await;
    let err = w
        .moderation
        .save(w.owner, w.account.id, ListKind::Spam, true, "ok\n!!!")
        .await
        .unwrap_err();
    assert!(
        matches!(err, ModerationError::Invalid(p) if p == vec![ListProblem::NothingToMatch { line: 2 }])
    );
    // Nothing was saved.
    let lists = w.moderation.lists(w.owner, w.account.id).await.unwrap();
    assert_eq!(lists.len(), 3);
    assert!(lists.iter().all(|l| l.words.is_empty() && !l.enabled));
    assert!(matches!(
        w.moderation
            .save(UserId::new(), w.account.id, ListKind::Spam, true, "x")
            .await,
        Err(ModerationError::NotFound)
    ));
    let spam = w
        .moderation
        .add_starter(w.owner, w.account.id, ListKind::Spam, Language::Kk)
        .await
        .unwrap();
    assert!(spam.enabled);
    // Adding the same starter again adds nothing twice.
    let again = w
        .moderation
        .add_starter(w.owner, w.account.id, ListKind::Spam, Language::Kk)
        .await
        .unwrap();
    assert_eq!(again.words, spam.words);
    assert_eq!(
        w.moderation
            .test(w.owner, w.account.id, "Директке жаз, бәрін айтамын")
            .await
            .unwrap(),
        hit(ListKind::Spam, "директке жаз")
    );
    assert_eq!(
        w.moderation
            .test(w.owner, w.account.id, "Рахмет!")
            .await
            .unwrap(),
        None
    );
    assert!(matches!(
        w.moderation.test(w.owner, w.account.id, "  ").await,
        Err(ModerationError::InvalidText { .. })
    ));
}
