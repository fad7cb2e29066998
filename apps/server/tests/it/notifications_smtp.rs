//! Notification e-mails through a REAL SMTP server: aiosmtpd (installed by
//! `scripts/test` into `target/aiosmtpd`, path in
//! `SOCIALFLOW_AIOSMTPD_PYTHON`) listens on a free loopback port and writes
//! each message it receives into a Maildir; the test reads the delivered
//! messages back (parsed by Python's `email` package) and checks subject,
//! body, headers and UTF-8 in the user's language. Not a mock: the test
//! fails, never skips, when aiosmtpd is missing.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use secrecy::SecretString;
use socialflow_core::account::AccountStatus;
use socialflow_core::analytics::{DailyInsights, FollowerSnapshot, SnapshotSource};
use socialflow_core::notifications::{
    Figures, NewNotification, NotificationKind, NotificationProducer, NotificationService,
    PrefsInput, ProducerStorage,
};
use socialflow_core::{Language, TimeZone};
use socialflow_smtp::SmtpMailer;
use time::macros::datetime;

use crate::support::TestApp;
use crate::support::browser::free_port;

struct Smtpd {
    child: Child,
    maildir: tempfile::TempDir,
    port: u16,
}

impl Drop for Smtpd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn python() -> PathBuf {
    let p = std::env::var_os("SOCIALFLOW_AIOSMTPD_PYTHON")
        .map(PathBuf::from)
        .expect(
            "SOCIALFLOW_AIOSMTPD_PYTHON is not set: run ./scripts/test, which installs aiosmtpd \
         into target/aiosmtpd (the SMTP test needs a real SMTP server)",
        );
    assert!(
        p.exists(),
        "{} does not exist: run ./scripts/test",
        p.display()
    );
    p
}

async fn start_smtpd() -> Smtpd {
    let maildir = tempfile::tempdir().expect("maildir");
    let port = free_port();
    let mut child = Command::new(python())
        .args(["-m", "aiosmtpd", "-n", "-l"])
        .arg(format!("127.0.0.1:{port}"))
        .args(["-c", "aiosmtpd.handlers.Mailbox"])
        // A path that does not exist yet, so Python creates the Maildir.
        .arg(maildir.path().join("mail"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start aiosmtpd");
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return Smtpd {
                child,
                maildir,
                port,
            };
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("aiosmtpd did not start on port {port}");
}

/// Every delivered message, parsed by Python's `email` package: headers
/// decoded, the plain and HTML parts as text.
fn delivered(maildir: &Path) -> Vec<serde_json::Value> {
    let script = r#"
import email, email.policy, json, mailbox, sys
out = []
for key, msg in mailbox.Maildir(sys.argv[1], factory=None).items():
    m = email.message_from_bytes(msg.as_bytes(), policy=email.policy.default)
    plain = m.get_body(preferencelist=('plain',))
    html = m.get_body(preferencelist=('html',))
    out.append({
        'subject': str(m['subject']), 'to': str(m['to']), 'from': str(m['from']),
        'date': str(m['date'] or ''), 'message_id': str(m['message-id'] or ''),
        'content_type': m.get_content_type(),
        'text': plain.get_content() if plain else '', 'html': html.get_content() if html else '',
        'text_charset': plain.get_content_charset() if plain else '',
    })
out.sort(key=lambda x: x['subject'])
print(json.dumps(out))
"#;
    let out = Command::new(python())
        .args(["-c", script])
        .arg(maildir.join("mail"))
        .output()
        .expect("read the maildir");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Vec<serde_json::Value>>(&out.stdout).expect("json")
}

fn service(app: &TestApp, port: u16) -> NotificationService {
    let mailer = SmtpMailer::new(
        &SecretString::from(format!("smtp://127.0.0.1:{port}")),
        "SocialFlow <noreply@socialflow.test>",
    )
    .expect("mailer");
    NotificationService::new(app.store.clone(), app.store.clone(), app.clock.clone())
        .with_mailer(Arc::new(mailer), "https://sf.example")
}

fn producer(app: &TestApp, service: &NotificationService) -> NotificationProducer {
    let s = &app.store;
    NotificationProducer::new(
        ProducerStorage {
            notifications: s.clone(),
            users: s.clone(),
            accounts: s.clone(),
            posts: s.clone(),
            inbox: s.clone(),
            followers: s.clone(),
            insights: s.clone(),
            media: s.clone(),
            automation: s.clone(),
        },
        service.clone(),
        app.clock.clone(),
    )
}

#[tokio::test]
async fn weekly_summary_and_reconnect_emails_arrive_in_russian_over_real_smtp() {
    let smtpd = start_smtpd().await;
    let app = TestApp::spawn().await;
    // Monday 16 March 2026, 10:00 in Almaty (05:00 UTC).
    app.clock.set(datetime!(2026-03-16 05:00 UTC));
    let user = app.add_user("aliya", Language::Ru).await;
    let almaty = TimeZone::parse("Asia/Almaty").expect("zone");
    app.store
        .set_time_zone(user.id, &almaty, datetime!(2026-03-16 05:00 UTC))
        .await
        .expect("zone");
    let svc = service(&app, smtpd.port);
    svc.save_preferences(
        user.id,
        &PrefsInput {
            in_app: NotificationKind::ALL.to_vec(),
            email: NotificationKind::ALL.to_vec(),
            address: "aliya@example.kz".into(),
            ..PrefsInput::default()
        },
    )
    .await
    .expect("prefs");
    let coffee = app.add_account(&user, "kofe.almaty").await;
    let gone = app.add_account(&user, "old.shop").await;
    app.store
        .set_account_status(gone, AccountStatus::NeedsReconnect, Some("token".into()))
        .await
        .expect("status");
    // The week 9–15 March: followers 1,000 → 1,234; reach 3 × 20,000.
    for (day, followers) in [(8, 1000), (15, 1234)] {
        let d = time::Date::from_calendar_date(2026, time::Month::March, day).expect("date");
        app.store
            .upsert_follower_snapshot(
                user.id,
                &FollowerSnapshot {
                    account_id: coffee,
                    day: d,
                    followers: Some(followers),
                    following: None,
                    media_count: None,
                    source: SnapshotSource::Daily,
                    taken_at: datetime!(2026-03-15 12:00 UTC),
                },
            )
            .await
            .expect("snapshot");
    }
    let insights: Vec<DailyInsights> = (10..=12)
        .map(|day| DailyInsights {
            account_id: coffee,
            day: time::Date::from_calendar_date(2026, time::Month::March, day).expect("date"),
            reach: Some(20_000),
            views: None,
            accounts_engaged: None,
            total_interactions: None,
            profile_activity: None,
            fetched_at: datetime!(2026-03-15 12:00 UTC),
        })
        .collect();
    app.store
        .upsert_daily_insights(user.id, &insights)
        .await
        .expect("insights");

    let job = producer(&app, &svc);
    let first = job.run_once().await.expect("produce");
    // Weekly summary of both accounts' owner… the reconnect one is not
    // active, so: one weekly summary and one reconnect.
    assert_eq!(first.recorded, 2, "{first:?}");
    // Again (another worker, or the next pass): nothing new.
    assert_eq!(job.run_once().await.expect("produce").recorded, 0);

    // Two workers deliver at once: each e-mail goes once.
    let other = service(&app, smtpd.port);
    let (a, b) = tokio::join!(svc.deliver_due("worker-a"), other.deliver_due("worker-b"));
    let (a, b) = (a.expect("deliver"), b.expect("deliver"));
    assert_eq!(a.sent + b.sent, 2, "{a:?} {b:?}");
    assert_eq!(svc.deliver_due("worker-a").await.expect("deliver").sent, 0);

    let mails = delivered(smtpd.maildir.path());
    assert_eq!(mails.len(), 2, "{mails:#?}");
    // By subject: "@…" sorts before Cyrillic.
    let weekly = &mails[0];
    let reconnect = &mails[1];
    assert_eq!(
        reconnect["subject"],
        "Переподключите @old.shop, чтобы публикации выходили"
    );
    assert_eq!(weekly["subject"], "@kofe.almaty: ваша неделя в Instagram");
    for m in &mails {
        assert_eq!(m["to"], "aliya@example.kz");
        assert_eq!(m["from"], "SocialFlow <noreply@socialflow.test>");
        assert_eq!(m["content_type"], "multipart/alternative");
        assert_eq!(m["text_charset"], "utf-8");
        assert!(!m["date"].as_str().unwrap_or("").is_empty());
        assert!(!m["message_id"].as_str().unwrap_or("").is_empty());
        assert!(
            m["text"]
                .as_str()
                .unwrap_or("")
                .contains("Настройки → Уведомления")
        );
    }
    let text = weekly["text"].as_str().expect("text");
    assert!(text.contains("Подписчики: +234"), "{text}");
    assert!(text.contains("Охват: 60\u{a0}000"), "{text}");
    assert!(text.contains("Комментарии без ответа: 0"), "{text}");
    assert!(text.contains("https://sf.example/analytics"), "{text}");
    let html = weekly["html"].as_str().expect("html");
    assert!(html.contains("<html lang=\"ru\">"));
    assert!(html.contains("href=\"https://sf.example/analytics\""));
    assert!(
        reconnect["text"]
            .as_str()
            .unwrap_or("")
            .contains("https://sf.example/accounts")
    );
}

#[tokio::test]
async fn quiet_hours_defer_the_email_to_their_end_and_a_server_outage_is_retried() {
    let smtpd = start_smtpd().await;
    let app = TestApp::spawn().await;
    let user = app.add_user("dana", Language::Kk).await;
    let svc = service(&app, smtpd.port);
    svc.save_preferences(
        user.id,
        &PrefsInput {
            in_app: NotificationKind::ALL.to_vec(),
            email: NotificationKind::ALL.to_vec(),
            address: "dana@example.kz".into(),
            quiet_start: "22:00".into(),
            quiet_end: "07:00".into(),
        },
    )
    .await
    .expect("prefs");
    // 23:30 UTC (the user's zone): inside quiet hours.
    app.clock.set(datetime!(2026-03-10 23:30 UTC));
    let recorded = svc
        .notify(NewNotification {
            owner: user.id,
            account: None,
            kind: NotificationKind::InboxDigest,
            dedupe_key: "digest:2026-03-10".into(),
            subject: String::new(),
            link: "/comments".into(),
            figures: Figures {
                unanswered: Some(4),
                unread: Some(2),
                ..Figures::default()
            },
        })
        .await
        .expect("notify");
    assert!(recorded);
    assert_eq!(svc.deliver_due("w").await.expect("deliver").sent, 0);
    app.clock.set(datetime!(2026-03-11 06:59 UTC));
    assert_eq!(svc.deliver_due("w").await.expect("deliver").sent, 0);
    assert!(
        delivered(smtpd.maildir.path()).is_empty(),
        "nothing during quiet hours"
    );

    // At 07:00 the server is down: the e-mail waits and is retried.
    app.clock.set(datetime!(2026-03-11 07:00 UTC));
    let down = service(&app, free_port());
    let r = down.deliver_due("w").await.expect("deliver");
    assert_eq!((r.sent, r.retrying), (0, 1));
    app.clock.set(datetime!(2026-03-11 07:01 UTC));
    assert_eq!(svc.deliver_due("w").await.expect("deliver").sent, 1);
    let mails = delivered(smtpd.maildir.path());
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0]["subject"], "Кіріс жәшігіңіз күтіп тұр");
    let text = mails[0]["text"].as_str().expect("text");
    assert!(text.contains("Жауапсыз пікірлер: 4"), "{text}");
    // In-app too, and the "send me a test e-mail" button.
    assert_eq!(svc.unread_count(user.id).await.expect("count"), 1);
    svc.send_test_email(user.id).await.expect("test e-mail");
    let mails = delivered(smtpd.maildir.path());
    assert!(
        mails
            .iter()
            .any(|m| m["subject"] == "SocialFlow сынақ хаты")
    );
}

/// An invitation e-mailed over real SMTP, in the inviter's language, with
/// a link that works once.
#[tokio::test]
async fn an_invitation_arrives_in_russian_over_real_smtp_and_its_link_works() {
    use secrecy::ExposeSecret;
    use socialflow_core::RequestContext;
    use socialflow_core::team::NewInvitation;
    use socialflow_core::workspaces::{AccountScope, MemberRole};

    let smtpd = start_smtpd().await;
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::Ru).await;
    let bob = app.add_user("bob", Language::En).await;
    let mailer = SmtpMailer::new(
        &SecretString::from(format!("smtp://127.0.0.1:{}", smtpd.port)),
        "SocialFlow <noreply@socialflow.test>",
    )
    .expect("mailer");
    let team = app
        .state
        .team
        .clone()
        .with_mailer(Arc::new(mailer), "https://sf.example/");
    let ctx = RequestContext::cli();
    let ws = team
        .create(&alice, "Агентство", &ctx)
        .await
        .expect("create");
    let access = team.access_to(alice.id, ws.id).await.expect("access");
    let created = team
        .invite(
            &alice,
            &access,
            NewInvitation {
                role: MemberRole::Editor,
                accounts: AccountScope::All,
                days: 7,
                email: Some("bob@example.kz".into()),
            },
            &ctx,
        )
        .await
        .expect("invite");
    assert!(created.emailed);
    let mails = delivered(smtpd.maildir.path());
    assert_eq!(mails.len(), 1, "{mails:?}");
    let m = &mails[0];
    assert_eq!(m["subject"], "Приглашение в «Агентство» в SocialFlow");
    assert_eq!(m["to"], "bob@example.kz");
    let text = m["text"].as_str().expect("text");
    let link = format!(
        "https://sf.example/invite/{}",
        created.secret.expose_secret()
    );
    assert!(text.contains(&link), "{text}");
    assert!(
        text.contains("alice") && text.contains("редактор"),
        "{text}"
    );
    assert!(m["html"].as_str().expect("html").contains(&link));
    // The secret in the e-mail joins bob once.
    let secret = link.rsplit('/').next().expect("secret");
    let joined = team.accept(&bob, secret, &ctx).await.expect("accept");
    assert_eq!((joined.workspace, joined.role), (ws.id, MemberRole::Editor));
    assert!(team.accept(&bob, secret, &ctx).await.is_err());
}
