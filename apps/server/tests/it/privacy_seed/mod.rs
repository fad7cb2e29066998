//! Seeding a user's data into every table, and scanning raw rows of every
//! table (listed from the database schema) for traces of them.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use socialflow_core::account::{
    Account, AccountId, AccountProfile, AccountStatus, AccountToken, EncryptedToken, OAuthState,
};
use socialflow_core::audit::{AuditEvent, AuditKind};
use socialflow_core::crypto::TokenDigest;
use socialflow_core::privacy::{CellValue, DatabaseDump, TableSchema};
use socialflow_core::session::Session;
use socialflow_core::throttle::ThrottleKey;
use socialflow_core::token::{ApiToken, ApiTokenId};
use socialflow_core::{RequestContext, Store, User};
use time::{Duration, OffsetDateTime};

/// Tables that hold no user's data by design (Meta's deletion records keep
/// only a digest of an Instagram id and a confirmation code).
/// `auth_epoch` is one shared counter of revocations: no user's data.
pub const NOT_USER_DATA: &[&str] = &["deletion_requests", "auth_epoch"];

/// What identifies a user's rows: raw id bytes and distinctive strings.
pub struct Needles {
    pub bytes: Vec<Vec<u8>>,
    pub texts: Vec<String>,
}

impl Needles {
    pub fn found_in(&self, cell: &CellValue) -> bool {
        match cell {
            CellValue::Text(s) => self.texts.iter().any(|t| s.contains(t.as_str())),
            CellValue::Bytes(b) => self
                .bytes
                .iter()
                .cloned()
                .chain(self.texts.iter().map(|t| t.as_bytes().to_vec()))
                .any(|n| !n.is_empty() && b.windows(n.len()).any(|w| w == n.as_slice())),
            _ => false,
        }
    }
}

/// Puts data of `user` into every table that exists today. A new table
/// that holds user data must get a row here (the erasure test says so).
pub async fn seed_everything(store: &Arc<dyn Store>, user: &User, now: OffsetDateTime) -> Needles {
    let tag = user.username.to_string();
    let session_digest = format!("session-of-{tag}");
    store
        .insert_session(&Session {
            digest: TokenDigest(session_digest.clone()),
            user_id: user.id,
            created_at: now,
            last_seen_at: now,
            expires_at: now + Duration::days(30),
            ip: "198.51.100.9".into(),
            user_agent: Some(format!("agent-of-{tag}")),
        })
        .await
        .unwrap();
    store
        .insert_api_token(&ApiToken {
            id: ApiTokenId(uuid::Uuid::now_v7()),
            user_id: user.id,
            name: format!("token-of-{tag}"),
            digest: TokenDigest(format!("apidigest-of-{tag}")),
            created_at: now,
            last_used_at: None,
        })
        .await
        .unwrap();
    store
        .insert_audit(&AuditEvent::new(
            now,
            Some(user.id),
            AuditKind::LoginSucceeded,
            &RequestContext::new("198.51.100.9", None),
            format!("event-of-{tag}"),
        ))
        .await
        .unwrap();
    store
        .record_login_failure(&ThrottleKey::Username(tag.clone()).storage_key(), now)
        .await
        .unwrap();
    let account = Account {
        id: AccountId::new(),
        owner: user.id,
        ig_user_id: format!("ig-of-{tag}"),
        app_scoped_id: format!("scoped-of-{tag}"),
        profile: AccountProfile {
            username: format!("insta-of-{tag}"),
            name: Some(format!("name-of-{tag}")),
            ..AccountProfile::default()
        },
        token: AccountToken {
            ciphertext: EncryptedToken(format!("cipher-of-{tag}").into_bytes()),
            expires_at: now + Duration::days(60),
            refreshed_at: now,
            scopes: vec!["instagram_business_basic".into()],
        },
        status: AccountStatus::Active,
        status_detail: None,
        connected_at: now,
        profile_fetched_at: now,
    };
    store.insert_account(&account).await.unwrap();
    store
        .insert_oauth_state(&OAuthState {
            digest: TokenDigest(format!("oauth-of-{tag}")),
            user_id: user.id,
            session_digest: TokenDigest(session_digest.clone()),
            created_at: now,
            expires_at: now + Duration::minutes(10),
        })
        .await
        .unwrap();
    store
        .acknowledge_policy(user.id, "2026-11-27", now)
        .await
        .unwrap();
    store
        .record_milestone(
            user.id,
            socialflow_core::onboarding::Milestone::InboxOpened,
            now,
        )
        .await
        .unwrap();
    let extra = seed_features(store, user, &account, &tag, now).await;
    let hooks = seed_webhooks(store, user, &tag, now).await;
    let teams = seed_workspaces(store, user, &account, &tag, now).await;
    Needles {
        bytes: [
            user.id.0.as_bytes().to_vec(),
            account.id.0.as_bytes().to_vec(),
            extra.0.as_bytes().to_vec(),
            extra.1.as_bytes().to_vec(),
        ]
        .into_iter()
        .chain(hooks)
        .chain(teams)
        .collect(),
        texts: vec![
            // "u:<name>" keys the throttle records; "-of-<name>" marks the rest.
            format!("u:{tag}"),
            format!("-of-{tag}"),
            user.id.to_string(),
        ],
    }
}

/// An outgoing webhook endpoint with one event and its delivery. Returns
/// the endpoint's and the event's ids (a delivery row holds only those).
async fn seed_webhooks(
    store: &Arc<dyn Store>,
    user: &User,
    tag: &str,
    now: OffsetDateTime,
) -> Vec<Vec<u8>> {
    use socialflow_core::crypto::EncryptedToken;
    use socialflow_core::outgoing_webhooks::{Delivery, Endpoint, EndpointId};
    use socialflow_core::webhook_events::{EventKind, OutboxEvent};
    let endpoint = Endpoint {
        id: EndpointId::new(),
        owner: user.id,
        url: format!("https://crm.example.com/hook-of-{tag}"),
        description: format!("crm-of-{tag}"),
        events: vec![EventKind::PostPublished],
        secret: EncryptedToken(vec![7; 32]),
        enabled: true,
        failing_since: None,
        auto_disabled_at: None,
        created_at: now,
        updated_at: now,
    };
    assert!(store.insert_webhook_endpoint(&endpoint, 20).await.unwrap());
    let event = OutboxEvent::new(
        user.id,
        EventKind::Ping,
        serde_json::json!({"note": format!("ping-of-{tag}")}),
        now,
    );
    let delivery = Delivery::new(endpoint.id, event.id, now);
    store.insert_webhook_ping(&event, &delivery).await.unwrap();
    vec![
        endpoint.id.0.as_bytes().to_vec(),
        event.id.0.as_bytes().to_vec(),
    ]
}

/// Every row of every table, by table.
pub async fn all_rows(dump: &dyn DatabaseDump) -> Vec<(TableSchema, Vec<Vec<CellValue>>)> {
    let mut out = Vec::new();
    for t in dump.tables().await.unwrap() {
        let mut rows = Vec::new();
        loop {
            let batch = dump.read_rows(&t, rows.len() as u64, 1000).await.unwrap();
            if batch.is_empty() {
                break;
            }
            rows.extend(batch);
        }
        out.push((t, rows));
    }
    out
}

/// Tables (by name) with a row containing one of the needles.
pub async fn tables_holding(dump: &dyn DatabaseDump, needles: &Needles) -> Vec<String> {
    all_rows(dump)
        .await
        .into_iter()
        .filter(|(_, rows)| rows.iter().flatten().any(|c| needles.found_in(c)))
        .map(|(t, _)| t.name)
        .collect()
}

/// Media, posts, the inbox cache and analytics: one row of the user's in
/// each of their tables. Returns the media file's and the post's ids.
async fn seed_features(
    store: &Arc<dyn Store>,
    user: &User,
    account: &Account,
    tag: &str,
    now: OffsetDateTime,
) -> (uuid::Uuid, uuid::Uuid) {
    use socialflow_core::analytics::{
        Audience, DailyInsights, Demographics, FollowerSnapshot, MediaMetrics, ProfileData,
        ProfileSnapshot, SnapshotSource,
    };
    use socialflow_core::inbox::{
        CachedComment, CachedConversation, CachedMedia, CachedMessage, StoryInsightValue,
    };
    use socialflow_core::media::{
        MediaFile, MediaFormat, MediaId, MediaKind, MediaProbe, MediaStatus,
    };
    use socialflow_core::posts::{
        Post, PostContent, PostEvent, PostId, PostKind, PostLogEntry, PostState,
    };

    let media = MediaFile {
        id: MediaId::new(),
        owner: user.id,
        kind: MediaKind::Image,
        content_type: "image/jpeg".into(),
        byte_size: 1234,
        original_name: format!("photo-of-{tag}.jpg"),
        probe: MediaProbe {
            format: MediaFormat::Jpeg,
            width: Some(1080),
            height: Some(1350),
            duration_ms: None,
            video_codec: None,
            frame_rate: None,
            audio_codec: None,
            has_audio: false,
            bitrate: None,
            moov_at_front: None,
        },
        status: MediaStatus::Ready,
        created_at: now,
        updated_at: now,
    };
    store.insert_media(&media).await.unwrap();
    let post = Post {
        id: PostId::new(),
        owner: user.id,
        content: PostContent {
            account_id: account.id,
            kind: PostKind::Post,
            media: vec![media.id],
            cover: None,
            thumb_offset_ms: None,
            share_to_feed: true,
            caption: format!("caption-of-{tag}"),
            hashtags: String::new(),
            first_comment: None,
            collaborators: Vec::new(),
            location_id: None,
            alt_text: None,
            user_tags: Vec::new(),
            options: Default::default(),
            scheduled_at: Some(now + Duration::days(1)),
        },
        state: PostState::Scheduled,
        child_containers: Vec::new(),
        container_id: None,
        ig_media_id: None,
        permalink: None,
        first_comment_id: None,
        first_comment_tried: false,
        hold: None,
        reason: None,
        attempts: 0,
        next_action_at: Some(now + Duration::days(1)),
        publish_started_at: None,
        published_at: None,
        failure_acknowledged: false,
        version: 1,
        content_rev: 1,
        containers_rev: None,
        containers_at: None,
        submitted_by: Some(user.id),
        created_at: now,
        updated_at: now,
    };
    store.insert_post(&post).await.unwrap();
    // A team note on the post (approvals): the author's, in the workspace.
    assert!(
        store
            .insert_post_note(
                &socialflow_core::approvals::PostNote {
                    id: socialflow_core::approvals::NoteId::new(),
                    post: post.id,
                    owner: user.id,
                    author: Some(user.id),
                    author_name: None,
                    body: format!("note-of-{tag}"),
                    created_at: now,
                },
                500,
            )
            .await
            .unwrap()
    );
    store
        .append_post_log(&PostLogEntry {
            post_id: post.id,
            at: now,
            event: PostEvent::Created,
            detail: format!("log-of-{tag}"),
        })
        .await
        .unwrap();

    let ig_media = format!("igmedia-of-{tag}");
    store
        .upsert_media(&[CachedMedia {
            account_id: account.id,
            id: ig_media.clone(),
            caption: Some(format!("igcaption-of-{tag}")),
            media_type: "IMAGE".into(),
            media_url: None,
            thumbnail_url: None,
            permalink: None,
            timestamp: now,
            like_count: Some(1),
            comments_count: Some(1),
            fetched_at: now,
            comments_fetched_at: None,
            comments_fetched_count: None,
        }])
        .await
        .unwrap();
    store
        .upsert_comments(&[CachedComment {
            account_id: account.id,
            id: format!("comment-of-{tag}"),
            media_id: ig_media.clone(),
            parent_id: None,
            text: format!("text-of-{tag}"),
            username: Some(format!("fan-of-{tag}")),
            timestamp: now,
            hidden: false,
            like_count: None,
            fetched_at: now,
        }])
        .await
        .unwrap();
    // The comment's triage state (inbox_item_states).
    let done = socialflow_core::inbox::triage::ItemRef {
        account: account.id,
        key: socialflow_core::inbox::triage::ItemKey::Comment,
        id: format!("comment-of-{tag}"),
    };
    let marked = socialflow_core::inbox::triage::TriageRepo::mark_done(
        &**store,
        user.id,
        &[done],
        now,
        user.id,
    )
    .await
    .unwrap();
    assert_eq!(marked, 1);
    let conversation = format!("conversation-of-{tag}");
    store
        .upsert_conversations(&[CachedConversation {
            account_id: account.id,
            id: conversation.clone(),
            participant_id: format!("person-of-{tag}"),
            participant_username: Some(format!("friend-of-{tag}")),
            last_message_at: Some(now),
            last_inbound_at: Some(now),
            read_at: None,
            fetched_at: now,
        }])
        .await
        .unwrap();
    store
        .upsert_messages(&[CachedMessage {
            account_id: account.id,
            id: format!("message-of-{tag}"),
            conversation_id: conversation,
            sender_id: format!("person-of-{tag}"),
            sender_username: None,
            recipient_id: account.ig_user_id.clone(),
            recipient_username: None,
            text: Some(format!("hello-of-{tag}")),
            attachments: Vec::new(),
            created_at: now,
            inbound: true,
            fetched_at: now,
        }])
        .await
        .unwrap();
    store
        .insert_story_insights(&[StoryInsightValue {
            account_id: account.id,
            story_id: format!("story-of-{tag}"),
            metric: "reach".into(),
            value: 3,
            received_at: now,
        }])
        .await
        .unwrap();

    store
        .upsert_follower_snapshot(
            user.id,
            &FollowerSnapshot {
                account_id: account.id,
                day: now.date(),
                followers: Some(10),
                following: Some(2),
                media_count: Some(1),
                source: SnapshotSource::Daily,
                taken_at: now,
            },
        )
        .await
        .unwrap();
    store
        .insert_profile_snapshot(
            user.id,
            &ProfileSnapshot {
                account_id: account.id,
                taken_at: now,
                profile: ProfileData {
                    username: format!("insta-of-{tag}"),
                    ..ProfileData::default()
                },
            },
        )
        .await
        .unwrap();
    store
        .upsert_daily_insights(
            user.id,
            &[DailyInsights {
                account_id: account.id,
                day: now.date(),
                reach: Some(5),
                views: None,
                accounts_engaged: None,
                total_interactions: None,
                profile_activity: None,
                fetched_at: now,
            }],
        )
        .await
        .unwrap();
    store
        .upsert_media_metrics(
            user.id,
            &[MediaMetrics {
                account_id: account.id,
                media_id: format!("metricmedia-of-{tag}"),
                product: "FEED".into(),
                media_type: "IMAGE".into(),
                caption: None,
                permalink: None,
                posted_at: now,
                reach: Some(1),
                views: None,
                likes: None,
                comments: None,
                saves: None,
                shares: None,
                replies: None,
                avg_watch_time_ms: None,
                total_watch_time_ms: None,
                reposts: None,
                skip_rate: None,
                fetched_at: now,
            }],
        )
        .await
        .unwrap();
    store
        .upsert_audience(
            user.id,
            &Audience {
                account_id: account.id,
                fetched_at: now,
                demographics: Demographics::default(),
                online: None,
                online_samples: vec![socialflow_core::analytics::OnlineSample {
                    at: now,
                    followers: 42,
                }],
            },
        )
        .await
        .unwrap();
    seed_planner(store, user, account, post.id, tag, now).await;
    seed_automation(store, user, account, tag, now).await;
    seed_moderation(store, user, account, tag, now).await;
    (media.id.0, post.id.0)
}

/// The planner's tables: a saved caption, queue slots, a calendar feed, an
/// `Idempotency-Key` and the account's container count.
async fn seed_planner(
    store: &Arc<dyn Store>,
    user: &User,
    account: &Account,
    post: socialflow_core::posts::PostId,
    tag: &str,
    now: OffsetDateTime,
) {
    use socialflow_core::crypto::TokenDigest;
    use socialflow_core::queue::{CalendarFeed, QueueSlot, SlotTime};
    use socialflow_core::snippets::{Snippet, SnippetId, SnippetKind};

    let snippet = Snippet {
        id: SnippetId::new(),
        owner: user.id,
        kind: SnippetKind::Caption,
        name: format!("snippet-of-{tag}"),
        text: format!("saved-caption-of-{tag}"),
        created_at: now,
        updated_at: now,
    };
    assert!(store.insert_snippet(&snippet, 200).await.unwrap());
    let saved_reply = socialflow_core::saved_replies::SavedReply {
        id: socialflow_core::saved_replies::SavedReplyId::new(),
        owner: user.id,
        name: format!("saved-reply-of-{tag}"),
        text: format!("saved-reply-text-of-{tag}, {{username}}"),
        created_at: now,
        updated_at: now,
    };
    assert!(store.insert_saved_reply(&saved_reply, 100).await.unwrap());
    let slot = QueueSlot::new(time::Weekday::Monday, SlotTime::new(9, 0).unwrap());
    assert!(
        store
            .replace_queue_slots(user.id, account.id, &[slot])
            .await
            .unwrap()
    );
    let feed = CalendarFeed {
        owner: user.id,
        account_id: account.id,
        digest: TokenDigest(format!("feed-digest-of-{tag}")),
        created_at: now,
    };
    assert!(store.put_calendar_feed(&feed).await.unwrap());
    store
        .reserve_idempotency_key(
            user.id,
            &format!("key-of-{tag}"),
            "fingerprint",
            now,
            now - Duration::minutes(10),
        )
        .await
        .unwrap();
    store
        .record_containers(account.id, post, now, 1, now - Duration::days(1))
        .await
        .unwrap();
    // A shared analytics report link.
    let link = socialflow_core::reports::ReportLink {
        id: socialflow_core::reports::ReportLinkId(uuid::Uuid::now_v7()),
        owner: user.id,
        account_id: account.id,
        from: now.date() - Duration::days(30),
        to: now.date(),
        digest: TokenDigest(format!("report-digest-of-{tag}")),
        created_at: now,
        expires_at: now + Duration::days(7),
    };
    assert!(store.insert_report_link(&link, 20).await.unwrap());
    // A client review link to the post, with the client's decision.
    let review = socialflow_core::client_review::ReviewLink {
        id: socialflow_core::client_review::ReviewLinkId(uuid::Uuid::now_v7()),
        owner: user.id,
        posts: vec![post],
        digest: TokenDigest(format!("review-digest-of-{tag}")),
        label: format!("review-label-of-{tag}"),
        created_by: Some(user.id),
        created_at: now,
        expires_at: now + Duration::days(7),
        revoked_at: None,
    };
    assert_eq!(
        store.insert_review_link(&review, 100, now).await.unwrap(),
        socialflow_core::client_review::InsertOutcome::Stored
    );
    assert!(
        store
            .record_decision(&socialflow_core::client_review::Decision {
                link: review.id,
                post,
                verdict: socialflow_core::client_review::Verdict::ChangesRequested,
                note: Some(format!("review-note-of-{tag}")),
                decided_at: now,
            })
            .await
            .unwrap()
    );
    // Fresh data (issue 18): the account's sync state and a live event.
    store.request_inbox_sync(account.id, now).await.unwrap();
    store
        .insert_live_event(&socialflow_core::inbox::NewLiveEvent {
            owner: user.id,
            account: account.id,
            kind: socialflow_core::inbox::LiveKind::Comment,
            item: Some(format!("item-of-{tag}")),
            at: now,
        })
        .await
        .unwrap();
    seed_notifications(store, user, account, tag, now).await;
}

/// An automation rule of the account (issue 19): its name and texts are the
/// user's words.
async fn seed_automation(
    store: &Arc<dyn Store>,
    user: &User,
    account: &Account,
    tag: &str,
    now: OffsetDateTime,
) {
    use socialflow_core::automation::{Rule, RuleId, RuleInsert, RuleSpec};

    let spec: RuleSpec = serde_json::from_value(serde_json::json!({
        "name": format!("rule-of-{tag}"),
        "trigger": {"kind": "comment", "post": {"scope": "any"}},
        "match": {"mode": "contains", "include": ["цена"]},
        "actions": [{"kind": "private_reply", "variants": [format!("reply-of-{tag}")]}]
    }))
    .unwrap();
    let rule = Rule {
        id: RuleId::new(),
        account: account.id,
        position: 0,
        spec,
        bound_media_id: None,
        created_at: now,
        updated_at: now,
    };
    assert!(matches!(
        store.insert_rule(user.id, &rule, 50).await.unwrap(),
        RuleInsert::Inserted { .. }
    ));
    seed_automation_job(store, user, account, &rule, tag, now).await;
}

/// A job of the rule (its log): the text it sent is the user's words.
async fn seed_automation_job(
    store: &Arc<dyn Store>,
    user: &User,
    account: &Account,
    rule: &socialflow_core::automation::Rule,
    tag: &str,
    now: OffsetDateTime,
) {
    use socialflow_core::automation::AutomationLimits;
    use socialflow_core::automation::engine::{
        ActionStatus, AutomationSettings, Enqueued, Job, JobAction, JobId, JobState, StoredAction,
    };
    let job = Job {
        id: JobId::new(),
        owner: user.id,
        account: account.id,
        rule: rule.id,
        event_key: format!("comment-of-{tag}"),
        author_id: format!("igsid-of-{tag}"),
        media_id: Some("1790".into()),
        event_at: now,
        seed: 1,
        state: JobState::Held,
        hold: Some(socialflow_core::automation::HoldReason::Approval),
        actions: vec![JobAction {
            action: StoredAction::PrivateReply {
                comment_id: format!("comment-of-{tag}"),
                text: format!("reply-of-{tag}"),
            },
            status: ActionStatus::Planned,
            detail: None,
            at: None,
        }],
        due_at: now,
        attempts: 0,
        reserved_sends: 0,
        detail: None,
        created_at: now,
        updated_at: now,
    };
    assert_eq!(
        store
            .enqueue_job(&job, AutomationLimits::default(), now)
            .await
            .unwrap(),
        Enqueued::Queued
    );
    let settings = AutomationSettings::default();
    assert!(
        store
            .save_automation_settings(user.id, account.id, &settings)
            .await
            .unwrap()
    );
}

/// A notification about the account (with an e-mail waiting) and the
/// notification preferences with an address.
async fn seed_notifications(
    store: &Arc<dyn Store>,
    user: &User,
    account: &Account,
    tag: &str,
    now: OffsetDateTime,
) {
    use socialflow_core::notifications::{
        EmailAddress, EmailDelivery, Figures, KindSet, Notification, NotificationId,
        NotificationKind, NotificationPrefs,
    };
    let n = Notification {
        id: NotificationId::new(),
        owner: user.id,
        account: Some(account.id),
        kind: NotificationKind::WeeklySummary,
        dedupe_key: format!("weekly-of-{tag}"),
        subject: format!("insta-of-{tag}"),
        link: "/analytics".into(),
        figures: Figures::default(),
        in_app: true,
        created_at: now,
        read_at: None,
        email: EmailDelivery::Pending {
            due_at: now,
            attempts: 0,
        },
    };
    assert!(store.insert_notification(&n, 200).await.unwrap());
    store
        .save_notification_prefs(&NotificationPrefs {
            owner: user.id,
            in_app: KindSet::all(),
            email: KindSet::all(),
            address: EmailAddress::parse(&format!("mail-of-{tag}@example.com")),
            quiet: None,
            updated_at: now,
        })
        .await
        .unwrap();
}

/// A moderation list of the account and a log entry (issue 19): the words
/// are the user's.
async fn seed_moderation(
    store: &Arc<dyn Store>,
    user: &User,
    account: &Account,
    tag: &str,
    now: OffsetDateTime,
) {
    use socialflow_core::moderation::{EntryId, ListKind, ModerationEntry, ModerationList};

    let list = ModerationList {
        account: account.id,
        kind: ListKind::Custom,
        enabled: true,
        words: vec![format!("banned-word-of-{tag}")],
        updated_at: now,
    };
    assert!(store.save_moderation_list(user.id, &list).await.unwrap());
    let entry = ModerationEntry {
        id: EntryId::new(),
        account: account.id,
        comment_id: format!("moderated-comment-of-{tag}"),
        media_id: "17800000000000001".into(),
        kind: ListKind::Custom,
        word: format!("banned-word-of-{tag}"),
        hidden_at: now,
        undone_at: None,
    };
    assert!(store.insert_moderation_entry(&entry).await.unwrap());
}

/// A shared workspace only the user is in (erased with them): its
/// principal, an account it owns, the user's membership limited to that
/// account, and invitations (one in the shared workspace e-mailed to
/// someone, one in the personal workspace). Returns the shared
/// workspace's id (its rows name only it).
async fn seed_workspaces(
    store: &Arc<dyn Store>,
    user: &User,
    account: &Account,
    tag: &str,
    now: OffsetDateTime,
) -> Vec<Vec<u8>> {
    use socialflow_core::password::PasswordHash;
    use socialflow_core::user::Role;
    use socialflow_core::workspaces::{
        AccountScope, Invitation, InvitationId, MemberChange, MemberRole, Workspace, WorkspaceId,
    };
    use socialflow_core::{UserId, Username};

    let id = uuid::Uuid::now_v7();
    let ws = WorkspaceId(id);
    let principal = User {
        id: UserId(id),
        username: Username::for_workspace(id),
        password_hash: PasswordHash("!workspace".into()),
        role: Role::Workspace,
        language: user.language,
        time_zone: user.time_zone.clone(),
        created_at: now,
        updated_at: now,
    };
    let workspace = Workspace {
        id: ws,
        name: format!("team-of-{tag}"),
        personal: false,
        created_at: now,
    };
    assert!(
        store
            .create_workspace(&principal, &workspace, user.id, 20)
            .await
            .unwrap()
    );
    let team_account = Account {
        id: AccountId::new(),
        owner: ws.owner(),
        ig_user_id: format!("ig-team-of-{tag}"),
        app_scoped_id: format!("scoped-team-of-{tag}"),
        profile: AccountProfile {
            username: format!("insta-team-of-{tag}"),
            ..AccountProfile::default()
        },
        ..account.clone()
    };
    store.insert_account(&team_account).await.unwrap();
    assert_eq!(
        store
            .set_member(
                ws,
                user.id,
                MemberRole::Owner,
                &AccountScope::Only(vec![team_account.id]),
            )
            .await
            .unwrap(),
        MemberChange::Done
    );
    for (in_ws, n) in [(ws, 1), (WorkspaceId::personal(user.id), 2)] {
        let invitation = Invitation {
            id: InvitationId(uuid::Uuid::now_v7()),
            workspace: in_ws,
            role: MemberRole::Editor,
            accounts: AccountScope::All,
            email: Some(format!("invitee-{n}-of-{tag}@example.com")),
            digest: TokenDigest(format!("invitation-{n}-of-{tag}")),
            created_by: user.id,
            created_at: now,
            expires_at: now + Duration::days(7),
            used_at: None,
            used_by: None,
            revoked_at: None,
        };
        assert!(store.insert_invitation(&invitation, 50, now).await.unwrap());
    }
    vec![
        id.as_bytes().to_vec(),
        team_account.id.0.as_bytes().to_vec(),
    ]
}
