//! The queue over REST: slots (read, replace, refused with every problem),
//! suggestions, "add to queue" (200 with the slot, 422 with the reasons),
//! the upcoming slots, and the calendar feed's secret URL (created, read
//! without a session and parsed back, rotated, revoked → 404 at once).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};
use socialflow_core::Language;
use socialflow_core::media::MediaId;
use socialflow_core::posts::MediaClass;
use socialflow_core::queue::ics;

use crate::support::TestApp;

/// A draft photo post of `account`, over the API; its id.
async fn draft(
    app: &TestApp,
    tok: &str,
    account: impl serde::Serialize,
    media: MediaId,
    caption: &str,
) -> String {
    let (s, body) = app
        .create_post(
            tok,
            json!({"account_id": account, "kind": "post", "media_ids": [media], "caption": caption}),
        )
        .await;
    assert_eq!(s, 201, "{body}");
    body["post"]["id"].as_str().unwrap().to_string()
}

fn weekdays(time: &str) -> Value {
    let slots: Vec<Value> = ["mon", "tue", "wed", "thu", "fri"]
        .iter()
        .map(|d| json!({"weekday": d, "time": time}))
        .collect();
    json!({ "slots": slots })
}

#[tokio::test]
async fn slots_are_read_replaced_and_refused_with_every_problem() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let bob = app.add_user("bob", Language::En).await;
    let acc = app.add_account(&alice, "alice_ig").await;
    let tok = app.api_token(&alice).await;
    let bob_tok = app.api_token(&bob).await;
    let path = format!("/api/v1/accounts/{acc}/queue-slots");
    let put = reqwest::Method::PUT;

    let (s, body) = app.api_get(&tok, &path).await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body["slots"], json!([]));
    assert_eq!(body["max_slots"], 50);

    let (s, body) = app
        .api_call(
            &tok,
            put.clone(),
            &path,
            Some(json!({"slots": [
            {"weekday": "fri", "time": "18:30"}, {"weekday": "mon", "time": "09:00"}]})),
        )
        .await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body["slots"][0], json!({"weekday": "mon", "time": "09:00"}));
    assert_eq!(body["time_zone"], "UTC");

    // Every problem at once; nothing saved.
    let (s, body) = app
        .api_call(
            &tok,
            put.clone(),
            &path,
            Some(json!({"slots": [
            {"weekday": "funday", "time": "25:00"},
            {"weekday": "mon", "time": "09:00"}, {"weekday": "mon", "time": "09:00"}]})),
        )
        .await;
    assert_eq!(s, 422, "{body}");
    assert_eq!(body["code"], "invalid_slots");
    let codes: Vec<&str> = body["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["bad_weekday", "bad_time", "duplicate_slot"]);
    assert!(
        body["problems"][2]["message"]
            .as_str()
            .unwrap()
            .contains("Monday 09:00")
    );
    let many: Vec<Value> = (0..51)
        .map(|m| json!({"weekday": "tue", "time": format!("{:02}:{:02}", m / 60, m % 60)}))
        .collect();
    let (s, body) = app
        .api_call(&tok, put.clone(), &path, Some(json!({ "slots": many })))
        .await;
    assert_eq!(s, 422);
    assert_eq!(body["problems"][0]["code"], "too_many_slots");
    let (_, body) = app.api_get(&tok, &path).await;
    assert_eq!(body["slots"].as_array().unwrap().len(), 2, "unchanged");

    // Bob: neither read nor write; garbage ids; no token.
    assert_eq!(app.api_get(&bob_tok, &path).await.0, 404);
    assert_eq!(
        app.api_call(&bob_tok, put.clone(), &path, Some(weekdays("09:00")))
            .await
            .0,
        404
    );
    assert_eq!(
        app.api_get(&tok, "/api/v1/accounts/nope/queue-slots")
            .await
            .0,
        400
    );
    assert_eq!(app.api_get("wrong", &path).await.0, 401);
    let (s, _) = app
        .api_call(&tok, put, &path, Some(json!({"slots": "x"})))
        .await;
    assert_eq!(s, 400);

    // Suggestions without audience data are the stated defaults.
    let (s, body) = app.api_get(&tok, &format!("{path}/suggestions")).await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body["source"], "defaults");
    assert_eq!(body["suggestions"][0]["time"], "09:00");
    assert_eq!(
        body["suggestions"][0]["weekdays"],
        json!(["tue", "wed", "thu", "fri"]),
        "Monday 09:00 is already there"
    );
}

#[tokio::test]
async fn add_to_queue_answers_the_slot_or_422_with_the_reasons() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let bob = app.add_user("bob", Language::En).await;
    let acc = app.add_account(&alice, "alice_ig").await;
    let tok = app.api_token(&alice).await;
    let bob_tok = app.api_token(&bob).await;
    let img = app
        .media
        .add(alice.id, MediaClass::Image, "https://cdn.test/a.jpg");
    let first = draft(&app, &tok, acc, img, "First in line").await;
    let queue = |id: &str| format!("/api/v1/posts/{id}/queue");

    // No slots: a clear 422.
    let (s, body) = app.api_post(&tok, &queue(&first), json!({})).await;
    assert_eq!(s, 422, "{body}");
    assert_eq!(body["code"], "no_queue_slots");

    let put = reqwest::Method::PUT;
    let slots = format!("/api/v1/accounts/{acc}/queue-slots");
    assert_eq!(
        app.api_call(&tok, put, &slots, Some(weekdays("09:00")))
            .await
            .0,
        200
    );
    // The clock stands at Thursday 2026-01-01 09:00 UTC: Thursday's slot is
    // now, no longer ahead; Friday's is next.
    let (s, body) = app.api_post(&tok, &queue(&first), json!({})).await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body["scheduled_at"], "2026-01-02T09:00:00Z");
    assert_eq!(body["local"], "2026-01-02T09:00");
    assert_eq!(body["post"]["state"], "scheduled");
    let second = draft(&app, &tok, acc, img, "Second").await;
    let (s, body) = app.api_post(&tok, &queue(&second), json!({})).await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(
        body["scheduled_at"], "2026-01-05T09:00:00Z",
        "over the weekend"
    );

    // The upcoming view: filled and free.
    let (s, body) = app
        .api_get(&tok, &format!("/api/v1/accounts/{acc}/queue"))
        .await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body["days"], 14);
    let slots = body["slots"].as_array().unwrap();
    assert_eq!(
        slots.len(),
        9,
        "Friday 2nd, then the weekdays to Wednesday 14th"
    );
    assert_eq!(slots[0]["post"]["id"], first.as_str());
    assert_eq!(slots[0]["post"]["caption"], "First in line");
    assert_eq!(slots[1]["post"]["id"], second.as_str());
    assert_eq!(slots[2]["post"], Value::Null);
    assert_eq!(slots[2]["weekday"], "tue");

    // A 4:1 image cannot be a feed post: 422 with the problem, no time.
    let mut facts = socialflow_fakes::FakePostMedia::default_facts(MediaClass::Image);
    facts.probe.width = Some(1440);
    facts.probe.height = Some(360);
    let wide = app
        .media
        .add_measured(alice.id, facts, "https://cdn.test/w.jpg");
    let bad = draft(&app, &tok, acc, wide, "Too wide").await;
    let (s, body) = app.api_post(&tok, &queue(&bad), json!({})).await;
    assert_eq!(s, 422, "{body}");
    assert_eq!(body["code"], "invalid_post");
    assert!(
        body["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["code"].as_str().unwrap().starts_with("media_aspect")),
        "{body}"
    );
    let (_, post) = app.api_get(&tok, &format!("/api/v1/posts/{bad}")).await;
    assert_eq!(post["state"], "draft");

    // Not Bob's post; not a post id.
    assert_eq!(
        app.api_post(&bob_tok, &queue(&first), json!({})).await.0,
        404
    );
    assert_eq!(app.api_post(&tok, &queue("nope"), json!({})).await.0, 400);
}

/// The logical lines of a feed, each checked against RFC 5545's framing.
fn parse(doc: &str) -> Vec<String> {
    assert!(doc.ends_with("\r\n"));
    for raw in doc.split_terminator("\r\n") {
        assert!(raw.len() <= 75, "a line of {} octets", raw.len());
        assert!(!raw.contains('\n') && !raw.contains('\r'));
    }
    ics::unfold(doc)
}

fn events(lines: &[String]) -> Vec<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut cur: Option<Vec<(String, String)>> = None;
    for l in lines {
        match l.as_str() {
            "BEGIN:VEVENT" => cur = Some(Vec::new()),
            "END:VEVENT" => out.extend(cur.take()),
            _ => {
                if let (Some(c), Some((k, v))) = (cur.as_mut(), l.split_once(':')) {
                    c.push((k.to_string(), v.to_string()));
                }
            }
        }
    }
    out
}

fn prop<'a>(e: &'a [(String, String)], name: &str) -> &'a str {
    e.iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

#[tokio::test]
async fn the_calendar_feed_is_a_secret_url_rotated_and_revoked_at_once() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let bob = app.add_user("bob", Language::En).await;
    let acc = app.add_account(&alice, "alice_ig").await;
    let bob_acc = app.add_account(&bob, "bob_ig").await;
    let tok = app.api_token(&alice).await;
    let bob_tok = app.api_token(&bob).await;
    let img = app
        .media
        .add(alice.id, MediaClass::Image, "https://cdn.test/a.jpg");
    let bob_img = app
        .media
        .add(bob.id, MediaClass::Image, "https://cdn.test/b.jpg");
    let feed = format!("/api/v1/accounts/{acc}/calendar-feed");

    let (s, body) = app.api_get(&tok, &feed).await;
    assert_eq!((s, &body["active"]), (200, &json!(false)));
    let (s, created) = app.api_post(&tok, &feed, json!({})).await;
    assert_eq!(s, 201, "{created}");
    let url = created["url"].as_str().unwrap().to_string();
    let secret = url.rsplit('/').next().unwrap().trim_end_matches(".ics");
    assert!(secret.len() >= 22, "at least 128 bits: {secret}");
    let (_, status) = app.api_get(&tok, &feed).await;
    assert_eq!(status["active"], true);
    assert_eq!(
        app.api_get(&bob_tok, &feed).await.0,
        404,
        "not Bob's to see"
    );
    assert_eq!(app.api_post(&bob_tok, &feed, json!({})).await.0, 404);

    // A queued post with a caption that needs escaping and folding; Bob's
    // post at the same time stays out of Alice's feed.
    let caption = "Sale; 50% off, today\\only\nSecond line — Жаңа коллекция 🎉 with a long tail to force folding of the line";
    let id = draft(&app, &tok, acc, img, caption).await;
    let put = reqwest::Method::PUT;
    app.api_call(
        &tok,
        put.clone(),
        &format!("/api/v1/accounts/{acc}/queue-slots"),
        Some(weekdays("09:00")),
    )
    .await;
    app.api_call(
        &bob_tok,
        put,
        &format!("/api/v1/accounts/{bob_acc}/queue-slots"),
        Some(weekdays("09:00")),
    )
    .await;
    assert_eq!(
        app.api_post(&tok, &format!("/api/v1/posts/{id}/queue"), json!({}))
            .await
            .0,
        200
    );
    let bobs = draft(&app, &bob_tok, bob_acc, bob_img, "Bob's secret plan").await;
    assert_eq!(
        app.api_post(&bob_tok, &format!("/api/v1/posts/{bobs}/queue"), json!({}))
            .await
            .0,
        200
    );
    let _drafted = draft(&app, &tok, acc, img, "Only a draft").await;

    // No session, no token: the secret is the key.
    let client = reqwest::Client::new();
    let resp = client.get(&url).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(
        resp.headers()["content-type"].to_str().unwrap(),
        "text/calendar; charset=utf-8"
    );
    let etag = resp.headers()["etag"].to_str().unwrap().to_string();
    let doc = resp.text().await.unwrap();
    assert!(!doc.contains("Bob's secret plan"));
    let lines = parse(&doc);
    assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
    assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
    let evs = events(&lines);
    assert_eq!(evs.len(), 1, "the draft is not in it: {doc}");
    let e = &evs[0];
    assert_eq!(prop(e, "DTSTART"), "20260102T090000Z");
    assert_eq!(prop(e, "DTEND"), "20260102T091500Z");
    assert!(prop(e, "UID").starts_with(&format!("post-{id}@")));
    assert!(prop(e, "URL").ends_with(&format!("/content/{id}")));
    assert_eq!(
        ics::unescape(prop(e, "SUMMARY")),
        "Post: Sale; 50% off, today\\only",
        "kind and the caption's first line"
    );
    assert!(prop(e, "SUMMARY").contains("\\;") && prop(e, "SUMMARY").contains("\\,"));
    assert!(ics::unescape(prop(e, "DESCRIPTION")).ends_with(caption));
    // The same answer again is a 304.
    let again = client
        .get(&url)
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    // The UID stays with the post across fetches.
    let doc2 = client.get(&url).send().await.unwrap().text().await.unwrap();
    assert_eq!(prop(&events(&parse(&doc2))[0], "UID"), prop(e, "UID"));

    // Rotation: the old URL is 404 at once, the new one works.
    let (s, rotated) = app.api_post(&tok, &feed, json!({})).await;
    assert_eq!(s, 201);
    let new_url = rotated["url"].as_str().unwrap();
    assert_ne!(new_url, url);
    assert_eq!(client.get(&url).send().await.unwrap().status(), 404);
    assert_eq!(client.get(new_url).send().await.unwrap().status(), 200);
    // Revocation: 204, then 404 at once; revoking again is still 204.
    let delete = reqwest::Method::DELETE;
    assert_eq!(
        app.api_call(&bob_tok, delete.clone(), &feed, None).await.0,
        404
    );
    assert_eq!(app.api_call(&tok, delete.clone(), &feed, None).await.0, 204);
    assert_eq!(client.get(new_url).send().await.unwrap().status(), 404);
    assert_eq!(app.api_call(&tok, delete, &feed, None).await.0, 204);
    // Guessing: wrong, empty, not .ics, absurdly long.
    for path in [
        "/calendar/nope.ics",
        "/calendar/.ics",
        "/calendar/abc",
        &format!("/calendar/{}.ics", "a".repeat(5000)),
    ] {
        assert_eq!(
            client.get(app.url(path)).send().await.unwrap().status(),
            404,
            "{path}"
        );
    }
}
