//! The bulk import on the fakes: every row checked with the composer's
//! rules and named by line and column; all rows saved in one unit of work
//! or none; the export imports again.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use socialflow_core::account::{
    Account, AccountId, AccountProfile, AccountStatus, AccountToken, EncryptedToken,
};
use socialflow_core::media::{MediaId, MediaProblem};
use socialflow_core::posts::import::{
    Column, ImportError, ImportPreview, PostImporter, RowProblem, TableError, UploadedFile,
};
use socialflow_core::posts::{
    MediaClass, PostFilter, PostKind, PostMedia, PostProblem, PostRepo, PostService, PostState,
};
use socialflow_core::storage::{AccountRepo, UserRepo};
use socialflow_core::user::Role;
use socialflow_core::{Clock, Language, RequestContext, TimeZone, User, UserId, Username};
use socialflow_fakes::{FakePostMedia, ManualClock, MemoryStore};
use time::Duration;
use time::macros::datetime;

struct Setup {
    import: PostImporter,
    store: Arc<MemoryStore>,
    media: Arc<FakePostMedia>,
    owner: UserId,
    other: UserId,
    zone: TimeZone,
}

fn user(id: UserId, name: &str, now: time::OffsetDateTime) -> User {
    User {
        id,
        username: Username::parse(name).unwrap(),
        password_hash: socialflow_core::password::PasswordHash("$2b$12$x".into()),
        role: Role::User,
        language: Language::En,
        time_zone: TimeZone::parse("Asia/Almaty").unwrap(),
        created_at: now,
        updated_at: now,
    }
}

fn account(owner: UserId, username: &str, now: time::OffsetDateTime) -> Account {
    Account {
        id: AccountId::new(),
        owner,
        ig_user_id: format!("ig-{username}"),
        app_scoped_id: format!("app-{username}"),
        profile: AccountProfile {
            username: username.into(),
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
    }
}

async fn setup() -> Setup {
    let store = Arc::new(MemoryStore::new());
    let clock = Arc::new(ManualClock::default());
    let media = Arc::new(FakePostMedia::new());
    let now = clock.now();
    let owner = UserId::new();
    let other = UserId::new();
    store.insert_user(&user(owner, "alice", now)).await.unwrap();
    store.insert_user(&user(other, "bob", now)).await.unwrap();
    store
        .insert_account(&account(owner, "shop", now))
        .await
        .unwrap();
    store
        .insert_account(&account(other, "rival", now))
        .await
        .unwrap();
    let posts = PostService::new(
        store.clone(),
        store.clone(),
        store.clone(),
        media.clone(),
        clock.clone(),
    );
    let import = PostImporter::new(posts, store.clone(), media.clone(), clock);
    Setup {
        import,
        store,
        media,
        owner,
        other,
        zone: TimeZone::parse("Asia/Almaty").unwrap(),
    }
}

impl Setup {
    /// A file of the owner's, named as the library shows it.
    fn file(&self, name: &str, class: MediaClass) -> MediaId {
        self.media
            .add(self.owner, class, &format!("https://cdn.test/{name}"))
    }

    fn image(&self, name: &str, width: u32, height: u32) -> MediaId {
        let mut facts = FakePostMedia::default_facts(MediaClass::Image);
        facts.probe.width = Some(width);
        facts.probe.height = Some(height);
        self.media
            .add_measured(self.owner, facts, &format!("https://cdn.test/{name}"))
    }

    async fn preview(&self, csv: &str) -> ImportPreview {
        self.import
            .preview(self.owner, &self.zone, csv.as_bytes(), &[])
            .await
            .unwrap()
    }

    async fn posts(&self) -> Vec<socialflow_core::posts::Post> {
        self.store
            .list_posts(
                self.owner,
                &PostFilter {
                    limit: 1000,
                    ..PostFilter::default()
                },
            )
            .await
            .unwrap()
    }
}

fn problems_of(preview: &ImportPreview, line: u64) -> Vec<RowProblem> {
    preview
        .rows
        .iter()
        .find(|r| r.line == line)
        .map(|r| r.problems.clone())
        .unwrap_or_default()
}

const CTX: fn() -> RequestContext = || RequestContext::new("127.0.0.1", None);

#[tokio::test]
async fn a_good_file_with_bom_semicolons_and_quoted_newlines_imports_every_row() {
    let s = setup().await;
    s.file("tree.jpg", MediaClass::Image);
    s.file("coat.jpg", MediaClass::Image);
    s.file("scarf.jpg", MediaClass::Image);
    s.file("studio.mp4", MediaClass::Video);
    let csv = "\u{feff}account;kind;time;caption;first_comment;media\r\n\
        @shop;post;2026-12-24 09:30;\"Sale; today\nonly\";#sale;tree.jpg\r\n\
        SHOP;карусель;24.12.2026 18:00;New arrivals;;coat.jpg|scarf.jpg\r\n\
        shop;reel;;Behind the scenes;;studio.mp4\r\n";
    let preview = s.preview(csv).await;
    assert!(preview.ok(), "{:?}", preview.rows);
    assert_eq!(preview.rows.len(), 3);
    assert_eq!(preview.rows[1].line, 4, "the quoted line break counts");
    assert!(s.posts().await.is_empty(), "a preview saves nothing");

    let posts = s
        .import
        .commit(s.owner, &s.zone, csv.as_bytes(), &[], &CTX())
        .await
        .unwrap();
    assert_eq!(posts.len(), 3);
    assert_eq!(
        posts[0].content.scheduled_at,
        Some(datetime!(2026-12-24 04:30 UTC)),
        "09:30 in Almaty"
    );
    assert_eq!(posts[0].content.caption, "Sale; today\nonly");
    assert_eq!(posts[0].content.first_comment.as_deref(), Some("#sale"));
    assert_eq!(posts[1].content.kind, PostKind::Carousel);
    assert_eq!(posts[1].content.media.len(), 2);
    assert_eq!(posts[2].state, PostState::Draft);
    assert_eq!(s.posts().await.len(), 3);
}

#[tokio::test]
async fn one_bad_row_imports_nothing_and_names_its_line_and_column() {
    let s = setup().await;
    s.file("a.jpg", MediaClass::Image);
    // A 2000×500 upload (4:1), scaled to Instagram's 1440 px.
    s.image("wide.jpg", 1440, 360);
    let csv = "account,kind,time,caption,media\n\
        shop,post,2026-12-24 09:30,fine,a.jpg\n\
        shop,post,2026-12-25 09:30,too wide,wide.jpg\n";
    let err = s
        .import
        .commit(s.owner, &s.zone, csv.as_bytes(), &[], &CTX())
        .await
        .unwrap_err();
    let ImportError::Invalid(preview) = err else {
        panic!("expected the rows refused, got {err:?}");
    };
    assert!(preview.rows[0].ok());
    let bad = problems_of(&preview, 3);
    assert!(
        bad.iter().any(|p| matches!(
            p,
            RowProblem::Post(PostProblem::Media(m))
                if matches!(m.problem, MediaProblem::AspectOutOfRange { .. }) && m.blocking
        )),
        "{bad:?}"
    );
    assert!(bad.iter().all(|p| p.column() == Some(Column::Media)));
    assert!(s.posts().await.is_empty(), "all or nothing");
}

#[tokio::test]
async fn every_problem_of_a_row_is_listed_at_once() {
    let s = setup().await;
    s.file("a.jpg", MediaClass::Image);
    let csv = "account,kind,time,caption,media\n\
        rival,post,tomorrow,x,a.jpg\n\
        shop,video,2026-12-24 09:30,x,a.jpg\n\
        shop,post,2025-12-24 09:30,x,missing.jpg\n\
        ,post,2026-12-24 09:30,x,\n";
    let preview = s.preview(csv).await;
    assert!(!preview.ok());
    assert_eq!(
        problems_of(&preview, 2),
        vec![
            RowProblem::UnknownAccount {
                value: "rival".into()
            },
            RowProblem::UnreadableTime {
                value: "tomorrow".into()
            },
        ],
        "another user's account is unknown"
    );
    assert_eq!(
        problems_of(&preview, 3),
        vec![RowProblem::UnknownKind {
            value: "video".into()
        }]
    );
    let past = problems_of(&preview, 4);
    assert!(past.contains(&RowProblem::MediaNotFound {
        name: "missing.jpg".into()
    }));
    assert!(past.contains(&RowProblem::Post(PostProblem::ScheduledInPast)));
    assert!(
        !past
            .iter()
            .any(|p| matches!(p, RowProblem::Post(PostProblem::MediaCount { .. }))),
        "the missing file is said once"
    );
    let empty = problems_of(&preview, 5);
    assert!(empty.contains(&RowProblem::Missing {
        column: Column::Account
    }));
    assert!(empty.contains(&RowProblem::Missing {
        column: Column::Media
    }));
}

#[tokio::test]
async fn a_name_two_files_share_is_ambiguous_and_an_id_or_an_upload_settles_it() {
    let s = setup().await;
    let first = s.file("photo.jpg", MediaClass::Image);
    let second = s.file("photo.jpg", MediaClass::Image);
    let csv = "account,kind,time,media\nshop,post,2026-12-24 09:30,photo.jpg\n";
    let preview = s.preview(csv).await;
    let problems = problems_of(&preview, 2);
    let [
        RowProblem::MediaAmbiguous {
            name,
            first: a,
            second: b,
        },
    ] = problems.as_slice()
    else {
        panic!("{problems:?}");
    };
    assert_eq!(name, "photo.jpg");
    assert_eq!(
        {
            let mut v = vec![*a, *b];
            v.sort();
            v
        },
        {
            let mut v = vec![first, second];
            v.sort();
            v
        },
        "both files are named"
    );

    let by_id = format!("account,kind,time,media\nshop,post,2026-12-24 09:30,{second}\n");
    assert!(s.preview(&by_id).await.ok());

    // A file sent with the import wins over the library's namesakes.
    let uploaded = [UploadedFile {
        name: "photo.jpg".into(),
        id: first,
    }];
    let preview = s
        .import
        .preview(s.owner, &s.zone, csv.as_bytes(), &uploaded)
        .await
        .unwrap();
    assert!(preview.ok());

    // Another user's file, even named by its id, is not found.
    let theirs = s
        .media
        .add(s.other, MediaClass::Image, "https://cdn.test/theirs.jpg");
    let foreign = format!("account,kind,time,media\nshop,post,2026-12-24 09:30,{theirs}\n");
    assert!(!s.preview(&foreign).await.ok());
}

#[tokio::test]
async fn whole_file_problems_refuse_it_before_any_row() {
    let s = setup().await;
    let err = s
        .import
        .preview(s.owner, &s.zone, b"account,kind\nshop,post\n", &[])
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        ImportError::Table(TableError::MissingColumn {
            column: Column::Media
        })
    ));
    let rows: String = (0..501)
        .map(|_| "shop,post,,x,a.jpg\n")
        .collect::<Vec<_>>()
        .concat();
    let csv = format!("account,kind,time,caption,media\n{rows}");
    assert!(matches!(
        s.import
            .preview(s.owner, &s.zone, csv.as_bytes(), &[])
            .await
            .unwrap_err(),
        ImportError::Table(TableError::TooManyRows { max_rows: 500 })
    ));
}

#[tokio::test]
async fn the_export_imports_again_with_the_same_posts() {
    let s = setup().await;
    s.file("tree.jpg", MediaClass::Image);
    s.file("coat.jpg", MediaClass::Image);
    s.file("scarf.jpg", MediaClass::Image);
    let csv = "account,kind,time,caption,first_comment,media\n\
        shop,carousel,2026-12-24 18:00,\"=1+1, \"\"quoted\"\"\nline\",first!,coat.jpg|scarf.jpg\n\
        shop,post,2026-12-24 09:30,Sale,,tree.jpg\n\
        shop,post,,A draft,,tree.jpg\n";
    let first = s
        .import
        .commit(s.owner, &s.zone, csv.as_bytes(), &[], &CTX())
        .await
        .unwrap();
    let exported = s
        .import
        .export(
            &socialflow_core::workspaces::Access::personal(s.owner),
            &s.zone,
        )
        .await
        .unwrap();
    assert!(exported.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8_lossy(&exported);
    assert!(
        text.contains("shop,post,2026-12-24 09:30,Sale,,tree.jpg"),
        "soonest first, local time: {text}"
    );
    let again = s
        .import
        .commit(s.owner, &s.zone, &exported, &[], &CTX())
        .await
        .unwrap();
    let key = |p: &socialflow_core::posts::Post| {
        (
            p.content.scheduled_at,
            p.content.caption.clone(),
            p.content.first_comment.clone(),
            p.content.media.clone(),
            p.content.kind,
        )
    };
    let mut a: Vec<_> = first.iter().map(key).collect();
    let mut b: Vec<_> = again.iter().map(key).collect();
    a.sort_by_key(|k| format!("{k:?}"));
    b.sort_by_key(|k| format!("{k:?}"));
    assert_eq!(a, b);
}

#[tokio::test]
async fn a_row_that_turns_bad_between_the_check_and_the_save_stops_all() {
    let s = setup().await;
    let file = s.file("a.jpg", MediaClass::Image);
    let csv = "account,kind,time,media\nshop,post,2026-12-24 09:30,a.jpg\nshop,post,2026-12-24 10:30,a.jpg\n";
    assert!(s.preview(csv).await.ok());
    s.media.release(s.owner, &[file]).await.unwrap();
    let err = s
        .import
        .commit(s.owner, &s.zone, csv.as_bytes(), &[], &CTX())
        .await
        .unwrap_err();
    assert!(matches!(err, ImportError::Invalid(_)));
    assert!(s.posts().await.is_empty());
}
