//! End to end in a real browser: headless Chromium driven through
//! chromedriver logs in, switches the interface to Kazakh, sees the
//! navigation in Kazakh and logs out; and walks every page of the demo at
//! desktop and phone width in English, Russian and Kazakh checking layout,
//! translations, labels and accessibility (axe-core), with screenshots
//! under `target/ui-screenshots/`. `scripts/test` installs Debian's
//! `chromium` and `chromium-driver` and axe-core; without them this test
//! fails, it never skips.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use crate::support::browser::{free_port, open_browser, screenshot_dir, sign_in, start_driver};
use crate::support::{PASSWORD, TestApp};
use fantoccini::Locator;
use socialflow_core::Language;

#[tokio::test]
async fn log_in_switch_to_kazakh_and_log_out() {
    let app = TestApp::spawn().await;
    app.add_user("alice", Language::En).await;
    let (_driver, driver_url) = start_driver().await;

    let profile = tempfile::tempdir().unwrap();
    let browser = open_browser(&driver_url, profile.path()).await;

    let outcome = async {
        browser.set_window_size(1366, 768).await?;
        browser.goto(&app.url("/")).await?;
        // Not signed in: the login page.
        assert!(browser.current_url().await?.path().starts_with("/login"));
        sign_in(&browser, "alice").await?;

        browser
            .wait()
            .for_element(Locator::Css("nav a[aria-current='page']"))
            .await?;
        let nav = browser.find(Locator::Css("nav")).await?.text().await?;
        assert!(
            nav.contains("Dashboard") && nav.contains("Settings"),
            "{nav}"
        );

        browser
            .find(Locator::LinkText("Settings"))
            .await?
            .click()
            .await?;
        browser.wait().for_element(Locator::Id("language")).await?;
        browser
            .find(Locator::Css("#language option[value='kk']"))
            .await?
            .click()
            .await?;
        browser
            .find(Locator::Css("form[action='/settings/language'] button"))
            .await?
            .click()
            .await?;

        browser
            .wait()
            .for_element(Locator::LinkText("Баптаулар"))
            .await?;
        let nav = browser.find(Locator::Css("nav")).await?.text().await?;
        for label in [
            "Басқару тақтасы",
            "Контент",
            "Кіріс",
            "Хабарламалар",
            "Аналитика",
            "Баптаулар",
        ] {
            assert!(nav.contains(label), "missing {label} in {nav}");
        }
        let lang = browser
            .find(Locator::Css("html"))
            .await?
            .attr("lang")
            .await?;
        assert_eq!(lang.as_deref(), Some("kk"));

        browser
            .find(Locator::Css("form.logout button"))
            .await?
            .click()
            .await?;
        browser.wait().for_element(Locator::Id("password")).await?;
        let url = browser.current_url().await?;
        assert_eq!(url.path(), "/login");
        // Back to a protected page: the session is gone.
        browser.goto(&app.url("/settings")).await?;
        assert!(browser.current_url().await?.path().starts_with("/login"));
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    let _ = browser.close().await;
    outcome.expect("browser steps");
}

// ------------------------------------------------------------ the walk-through

/// The demo as `serve --demo` runs it (simulated Instagram, SQLite, the
/// real media library), filled with what a user has after a while: synced
/// comments and messages, analytics, uploaded files, posts in every state.
struct DemoSite {
    base: String,
    _state: socialflow_server::AppState,
    account: socialflow_core::account::Account,
    posts: Vec<socialflow_core::posts::PostId>,
    media: Vec<socialflow_core::media::MediaId>,
    _demo: socialflow_server::demo::Demo,
    _dir: tempfile::TempDir,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for DemoSite {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn demo_site() -> DemoSite {
    use secrecy::SecretString;
    use socialflow_core::posts::{PostInput, PostKind, PostState};
    use socialflow_core::{RequestContext, TimeZone};
    use socialflow_server::config::{self, Config};

    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let data = dir.path().display().to_string();
    let (listen, public) = (format!("127.0.0.1:{port}"), base.clone());
    let mut cfg = Config::from_lookup(|k| match k {
        k if k == config::DATA_DIR => Some(data.clone()),
        k if k == config::LISTEN => Some(listen.clone()),
        k if k == config::PUBLIC_URL => Some(public.clone()),
        _ => None,
    })
    .unwrap();
    let demo = socialflow_server::demo::start(&mut cfg).await.unwrap();
    let state = socialflow_server::wiring::build_state(&cfg).await.unwrap();
    // The state holds no store; states no use case reaches are planted here.
    let store = socialflow_server::wiring::open_store(&cfg).await.unwrap();
    socialflow_server::demo::seed(&state, &demo).await.unwrap();
    let ctx = RequestContext::cli();
    state
        .users
        .reset_password("demo", SecretString::from(PASSWORD.to_string()), &ctx)
        .await
        .unwrap();
    let app = socialflow_server::app(state.clone());
    let listener = poem::listener::TcpListener::bind(format!("127.0.0.1:{port}"));
    let server = tokio::spawn(async move {
        let _ = poem::Server::new(listener).run(app).await;
    });
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    let user = state.users.find("demo").await.unwrap();
    let almaty = TimeZone::parse("Asia/Almaty").unwrap();
    state
        .users
        .set_time_zone(&user, &almaty, &ctx)
        .await
        .unwrap();
    let user = state.users.find("demo").await.unwrap();
    let account = state.accounts.list(user.id).await.unwrap().remove(0);
    state.analytics.refresh(&user, account.id).await.unwrap();
    state
        .inbox
        .sync_account(&account, socialflow_core::inbox::SyncMode::Requested)
        .await
        .unwrap();

    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/media");
    let mut media = Vec::new();
    // The 1:2 image is not padded: a feed post of it shows the refusal.
    for name in [
        "portrait-4x5.jpg",
        "square.webp",
        "reel-h264-aac.mp4",
        "tall-1x2.png",
    ] {
        let bytes = bytes::Bytes::from(std::fs::read(fixtures.join(name)).unwrap());
        let stream: socialflow_core::media::ByteStream =
            Box::pin(futures::stream::once(async move { Ok(bytes) }));
        let up = state
            .media
            .upload(user.id, stream, name, Default::default())
            .await
            .unwrap();
        media.push(up.file.id);
    }

    let now = state.clock.now();
    let post = |kind: PostKind, files: Vec<_>, caption: &str, at: Option<time::OffsetDateTime>| {
        PostInput {
            account_id: account.id,
            kind,
            media: files,
            cover: None,
            thumb_offset_ms: None,
            share_to_feed: true,
            caption: caption.into(),
            hashtags: "#coffee #roastery".into(),
            first_comment: None,
            collaborators: Vec::new(),
            location_id: None,
            alt_text: None,
            user_tags: Vec::new(),
            options: Default::default(),
            scheduled_at: at,
        }
    };
    let mut posts = Vec::new();
    let inputs = [
        post(
            PostKind::Post,
            vec![media[0]],
            "Morning pour-over with our new Ethiopian roast ☕",
            Some(now + time::Duration::hours(3)),
        ),
        post(
            PostKind::Reel,
            vec![media[2]],
            "How we roast: a minute in the roastery",
            Some(now + time::Duration::days(2)),
        ),
        post(
            PostKind::Carousel,
            vec![media[0], media[1]],
            "Draft: weekend menu",
            None,
        ),
        post(
            PostKind::Post,
            vec![media[1]],
            "Holiday blend is back",
            Some(now + time::Duration::hours(5)),
        ),
        // A draft Instagram would refuse (1:2 as a feed post).
        post(PostKind::Post, vec![media[3]], "Draft: the new cups", None),
        post(
            PostKind::Post,
            vec![media[0]],
            "Autumn tasting on Saturday",
            Some(now + time::Duration::hours(7)),
        ),
    ];
    for input in inputs {
        let (p, _) = state.posts.create(user.id, input, &ctx).await.unwrap();
        posts.push(p.id);
    }
    // The last one failed with Instagram's own words.
    let mut failed = state.posts.get(user.id, posts[3]).await.unwrap();
    failed.state = PostState::Failed;
    failed.reason = Some(
        "Cannot publish: The submitted image with aspect ratio 0.25 cannot be published. Please submit an image with a valid aspect ratio.".into(),
    );
    failed.next_action_at = None;
    failed.version += 1;
    assert!(store.update_post(&failed).await.unwrap());
    // Published, but after a crash two Instagram posts matched it.
    let mut verify = state.posts.get(user.id, posts[5]).await.unwrap();
    verify.state = PostState::Verify;
    verify.reason = Some(
        "https://www.instagram.com/p/DAutumn1a/\nhttps://www.instagram.com/p/DAutumn2b/".into(),
    );
    verify.published_at = Some(now);
    verify.next_action_at = None;
    verify.version += 1;
    assert!(store.update_post(&verify).await.unwrap());
    DemoSite {
        base,
        _state: state,
        account,
        posts,
        media,
        _demo: demo,
        _dir: dir,
        server,
    }
}

/// With script, a file upload shows how much has gone in (XHR upload
/// progress) under the form, then the library with the file, without a
/// reload. Without script the form posts as before.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_shows_its_progress_in_place() {
    let site = demo_site().await;
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/media/portrait-4x5.jpg")
        .canonicalize()
        .unwrap();
    let (_driver, driver_url) = start_driver().await;
    let profile = tempfile::tempdir().unwrap();
    let browser = open_browser(&driver_url, profile.path()).await;
    let url = |p: &str| format!("{}{p}", site.base);
    let outcome = async {
        browser.set_window_size(390, 844).await?;
        browser.goto(&url("/login")).await?;
        sign_in(&browser, "demo").await?;
        browser.wait().for_element(Locator::Css("#main")).await?;
        browser.goto(&url("/media")).await?;
        let before = browser.find_all(Locator::Css(".media-card")).await?.len();
        // Everything the status line says while the file goes in; a reload
        // would lose it.
        browser
            .execute(
                "window.sfSeen = []; new MutationObserver(() => { for (const s of document.querySelectorAll('.upload-status')) window.sfSeen.push(`${s.textContent}|${s.querySelector('progress').value}`); }).observe(document.body, { subtree: true, childList: true, characterData: true });",
                vec![],
            )
            .await?;
        browser
            .find(Locator::Id("media-file"))
            .await?
            .send_keys(&fixture.display().to_string())
            .await?;
        browser
            .find(Locator::Css("form[action='/media'] button[type=submit]"))
            .await?
            .click()
            .await?;
        browser.wait().for_element(Locator::Css(".toast.ok")).await?;
        let seen = browser.execute("return window.sfSeen", vec![]).await?;
        let seen: Vec<String> = serde_json::from_value(seen).expect("the page was not reloaded");
        assert!(seen.iter().any(|s| s == "Uploading: 100%|100"), "{seen:?}");
        assert!(browser.find_all(Locator::Css(".upload-status")).await?.is_empty());
        let after = browser.find_all(Locator::Css(".media-card")).await?.len();
        assert_eq!(after, before + 1);

        // Screenshots of an upload under way: the request stops at 42 %.
        let shots =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/ui-screenshots");
        std::fs::create_dir_all(&shots).unwrap();
        browser
            .execute(
                "for (const t of document.querySelectorAll('.toast')) t.remove(); XMLHttpRequest.prototype.send = function () { this.upload.dispatchEvent(new ProgressEvent('progress', { lengthComputable: true, loaded: 42, total: 100 })); };",
                vec![],
            )
            .await?;
        browser
            .find(Locator::Id("media-file"))
            .await?
            .send_keys(&fixture.display().to_string())
            .await?;
        browser
            .find(Locator::Css("form[action='/media'] button[type=submit]"))
            .await?
            .click()
            .await?;
        let status = browser.find(Locator::Css(".upload-status")).await?;
        assert_eq!(status.text().await?, "Uploading: 42%");
        for (w, h) in [(390, 844), (1366, 768)] {
            browser.set_window_size(w, h).await?;
            browser
                .execute(
                    "document.querySelector('.upload-status').scrollIntoView({ block: 'center' })",
                    vec![],
                )
                .await?;
            let png = browser.screenshot().await?;
            std::fs::write(shots.join(format!("upload-progress-{w}.png")), png).unwrap();
        }
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    let _ = browser.close().await;
    outcome.expect("browser steps");
}

/// What the page script reports about the page: sideways overflow,
/// untranslated message keys or internal identifiers on screen, unlabelled
/// inputs and (at phone width) tap targets under 44 px.
const PAGE_CHECKS: &str = r#"
const out = { overflow: 0, keys: [], raw: [], unlabelled: [], small: [] };
out.overflow = document.documentElement.scrollWidth - window.innerWidth;
// Text people read as prose: code (cookie names in the policy) is quoted on purpose.
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, { acceptNode: (n) => n.parentElement.closest("code, script, style, .sr-only, [hidden]") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT });
let text = "";
while (walker.nextNode()) { const el = walker.currentNode.parentElement; if (el.checkVisibility?.() !== false) text += walker.currentNode.textContent + " "; }
const keyRe = /\b(?:ui|posts|inbox|media|analytics|accounts|settings|privacy|onboarding|why|fix|tz|audit|dashboard|nav|login|setup|error|deletion|scope|role|column|back|footer|language)-[a-z0-9_]+(?:-[a-z0-9_]+)*\b/g;
out.keys = [...new Set(text.match(keyRe) || [])];
if (/Unknown localization|SOCIALFLOW_/.test(text)) out.keys.push("internal text");
const rawRe = /(?<![@\w./-])[a-z]+_[a-z0-9_]+\b/g;
out.raw = [...new Set((text.match(rawRe) || []).filter((w) => !/^demo_/.test(w)))];
const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden"; };
for (const el of document.querySelectorAll("input:not([type=hidden]), select, textarea")) {
  if (!visible(el)) continue;
  const named = el.labels?.length || el.getAttribute("aria-label") || el.getAttribute("aria-labelledby") || el.title;
  if (!named) out.unlabelled.push(el.outerHTML.slice(0, 120));
}
if (window.innerWidth < 500) {
  for (const el of document.querySelectorAll("button, .btn, input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, .nav-link, .tabs a, .menu-toggle, summary")) {
    if (!visible(el) || el.closest("[hidden], .sr-only")) continue;
    const h = el.getBoundingClientRect().height;
    if (h < 43.5) out.small.push(`${Math.round(h)}px ${el.outerHTML.slice(0, 100)}`);
  }
}
return out;
"#;

/// The page's weight as the browser loaded it: the HTML (decoded and on the
/// wire, compressed) and the stylesheets and scripts it uses (decoded).
const WEIGHT: &str = r#"
const nav = performance.getEntriesByType("navigation")[0];
const res = performance.getEntriesByType("resource");
const sum = (re) => res.filter((r) => re.test(new URL(r.name).pathname)).reduce((n, r) => n + r.decodedBodySize, 0);
return [nav.decodedBodySize, nav.encodedBodySize, sum(/\.css$/), sum(/\.js$/)];
"#;

const AXE_RUN: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] }, resultTypes: ["violations"] })
  .then((r) => done(r.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`)))
  .catch((e) => done([`axe failed: ${e}`]));
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_at_desktop_and_phone_width_in_every_language() {
    let axe_path = std::env::var("SOCIALFLOW_AXE_JS").unwrap_or_else(|_| {
        format!(
            "{}/../../target/axe-core/node_modules/axe-core/axe.min.js",
            env!("CARGO_MANIFEST_DIR")
        )
    });
    let axe = std::fs::read_to_string(&axe_path).unwrap_or_else(|e| {
        panic!("axe-core is not installed at {axe_path} ({e}): run scripts/test, which installs it")
    });
    let site = demo_site().await;
    let shots = screenshot_dir();
    let (_driver, driver_url) = start_driver().await;
    let profile = tempfile::tempdir().unwrap();
    let browser = open_browser(&driver_url, profile.path()).await;
    let url = |p: &str| format!("{}{p}", site.base);
    let started = std::time::Instant::now();

    let outcome = async {
        browser.set_window_size(1366, 768).await?;
        browser.goto(&url("/login")).await?;
        sign_in(&browser, "demo").await?;
        browser
            .wait()
            .for_element(Locator::Css(".sidebar a[aria-current='page']"))
            .await?;

        // Pages whose address comes from the data.
        let a = site.account.id;
        // The first unanswered comment's thread, from the inbox.
        browser.goto(&url(&format!("/inbox?account={a}"))).await?;
        let open_thread = browser
            .find(Locator::Css("a[data-triage-open][href^='/comments']"))
            .await?
            .attr("href")
            .await?
            .expect("a comment's thread link");
        browser.goto(&url(&open_thread)).await?;
        let comment_delete = browser
            .find(Locator::Css("a[href*='/delete']"))
            .await?
            .attr("href")
            .await?
            .expect("a comment's delete link");
        let media_id = comment_delete
            .split("media=")
            .nth(1)
            .map(|m| m.split('&').next().unwrap_or("").to_string())
            .unwrap_or_default();
        browser
            .goto(&url(&format!("/messages?account={a}")))
            .await?;
        let thread = browser
            .find(Locator::Css(".conversations a"))
            .await?
            .attr("href")
            .await?
            .expect("a conversation");
        let [scheduled, reel, draft, failed, refused, verify] =
            [0, 1, 2, 3, 4, 5].map(|i| site.posts[i].to_string());
        // The refused draft's composer shows the problem on the file, with
        // the pad offered.
        browser
            .goto(&url(&format!("/content/{refused}/edit")))
            .await?;
        let pad = browser
            .find(Locator::Css(".item-problems li.bad a"))
            .await?
            .attr("href")
            .await?;
        assert_eq!(pad.as_deref(), Some("/media?pad=1#media-upload"));
        let pages: Vec<(&str, String)> = vec![
            ("dashboard", "/".into()),
            ("content-list", "/content".into()),
            ("content-month", "/calendar?view=month".into()),
            ("content-week", "/calendar?view=week".into()),
            ("content-day", "/calendar?view=day".into()),
            ("content-grid", "/calendar/grid".into()),
            ("composer-new", "/content/new".into()),
            ("post-scheduled", format!("/content/{scheduled}")),
            ("post-reel", format!("/content/{reel}")),
            ("post-failed", format!("/content/{failed}")),
            ("post-verify", format!("/content/{verify}")),
            ("composer-edit", format!("/content/{draft}/edit")),
            ("composer-media-problem", format!("/content/{refused}/edit")),
            ("post-delete", format!("/content/{draft}/delete")),
            ("media", "/media".into()),
            ("media-delete", format!("/media/{}/delete", site.media[1])),
            ("comments", format!("/inbox/posts?account={a}")),
            ("comments-unanswered", format!("/inbox?account={a}")),
            (
                "comments-post",
                format!("/comments?account={a}&media={media_id}"),
            ),
            ("comment-delete", comment_delete.clone()),
            ("messages", format!("/messages?account={a}")),
            ("thread", thread.clone()),
            ("analytics", format!("/analytics?account={a}")),
            ("accounts", "/accounts".into()),
            ("disconnect", format!("/accounts/{a}/disconnect")),
            ("settings", "/settings".into()),
            ("your-data", "/settings/data".into()),
            ("audit", "/admin/audit".into()),
            ("privacy", "/privacy".into()),
            ("data-deletion", "/data-deletion".into()),
            ("not-found", "/no-such-page".into()),
        ];
        let mut problems = Vec::new();
        let mut weights = Vec::new();
        for lang in [Language::En, Language::Ru, Language::Kk] {
            // As a user does: Settings → language (the cookie follows, so
            // public pages speak it too).
            browser.set_window_size(1366, 768).await?;
            browser.goto(&url("/settings")).await?;
            browser
                .find(Locator::Css(&format!(
                    "#language option[value='{}']",
                    lang.code()
                )))
                .await?
                .click()
                .await?;
            browser
                .find(Locator::Css("form[action='/settings/language'] button"))
                .await?
                .click()
                .await?;
            browser
                .wait()
                .for_element(Locator::Css(&format!("html[lang='{}']", lang.code())))
                .await?;
            for (w, h) in [(1366u32, 768u32), (390, 844)] {
                browser.set_window_size(w, h).await?;
                for (name, path) in &pages {
                    browser.goto(&url(path)).await?;
                    let page = format!("{} {w}px {name} ({path})", lang.code());
                    let html_lang = browser
                        .find(Locator::Css("html"))
                        .await?
                        .attr("lang")
                        .await?;
                    if html_lang.as_deref() != Some(lang.code()) {
                        problems.push(format!("{page}: lang={html_lang:?}"));
                    }
                    if lang == Language::En && w == 1366 {
                        let v = browser.execute(WEIGHT, vec![]).await?;
                        let n = |i: usize| v[i].as_u64().unwrap_or(0);
                        weights.push(format!(
                            "| {name} | {:.1} KB | {:.1} KB | {:.1} KB | {:.1} KB |",
                            n(0) as f64 / 1024.0,
                            n(1) as f64 / 1024.0,
                            n(2) as f64 / 1024.0,
                            n(3) as f64 / 1024.0
                        ));
                    }
                    let r = browser.execute(PAGE_CHECKS, vec![]).await?;
                    if r["overflow"].as_i64().unwrap_or(0) > 0 {
                        problems.push(format!("{page}: scrolls sideways by {}px", r["overflow"]));
                    }
                    for (what, key) in [
                        ("untranslated", "keys"),
                        ("internal names", "raw"),
                        ("unlabelled inputs", "unlabelled"),
                        ("tap targets under 44px", "small"),
                    ] {
                        if r[key].as_array().is_some_and(|v| !v.is_empty()) {
                            problems.push(format!("{page}: {what}: {}", r[key]));
                        }
                    }
                    browser
                        .execute(&format!("{axe}\nreturn true;"), vec![])
                        .await?;
                    let v = browser.execute_async(AXE_RUN, vec![]).await?;
                    if v.as_array().is_some_and(|v| !v.is_empty()) {
                        problems.push(format!("{page}: axe: {v}"));
                    }
                    // A full-page screenshot.
                    let height = browser
                        .execute("return document.documentElement.scrollHeight", vec![])
                        .await?
                        .as_u64()
                        .unwrap_or(u64::from(h))
                        .clamp(u64::from(h), 6000) as u32;
                    browser.set_window_size(w, height).await?;
                    let png = browser.screenshot().await?;
                    std::fs::write(shots.join(format!("{}-{w}-{name}.png", lang.code())), png)
                        .unwrap();
                    browser.set_window_size(w, h).await?;
                }
            }
        }
        eprintln!(
            "| page | HTML | HTML compressed | CSS | JS |\n|---|---|---|---|---|\n{}",
            weights.join("\n")
        );
        eprintln!(
            "walked {} pages × 2 widths × 3 languages in {:.0?}",
            pages.len(),
            started.elapsed()
        );
        assert!(
            problems.is_empty(),
            "{} problems:\n{}",
            problems.len(),
            problems.join("\n")
        );
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    let _ = browser.close().await;
    outcome.expect("browser steps");
}
