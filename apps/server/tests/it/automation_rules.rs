//! Automation rules over REST and in the web builder: the fixture rule
//! round trip, problems in the user's language, owner scoping, order,
//! on/off, the 50-rule cap, "Test a rule" over cached comments, and the
//! builder that keeps what was typed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use reqwest::Method;
use serde_json::{Value, json};
use socialflow_core::account::AccountId;
use socialflow_core::automation::RuleSpec;
use socialflow_core::inbox::CachedComment;
use socialflow_core::{Clock, Language};
use time::Duration;

use crate::support::{TestApp, csrf_in};

fn fixture() -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/automation/price-rule.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn rules(account: AccountId) -> String {
    format!("/api/v1/accounts/{account}/automation/rules")
}

fn names(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|r| r["rule"]["name"].as_str().unwrap().to_string())
        .collect()
}

/// Comments the inbox has cached for `account`: a price question in upper
/// case, an unrelated one, and the account's own reply under a third.
async fn seed_comments(app: &TestApp, account: AccountId, own: &str) {
    let now = app.clock.now();
    let comment =
        |id: &str, parent: Option<&str>, user: &str, text: &str, ago: i64| CachedComment {
            account_id: account,
            id: id.into(),
            media_id: "media-1".into(),
            parent_id: parent.map(Into::into),
            text: text.into(),
            username: Some(user.into()),
            timestamp: now - Duration::minutes(ago),
            hidden: false,
            like_count: None,
            fetched_at: now,
        };
    app.store
        .upsert_comments(&[
            comment("c-price", None, "anna_k", "ЦЕНА?", 5),
            comment("c-nice", None, "bob", "nice photo", 10),
            comment("c-answered", None, "dana", "цена", 30),
            comment("c-own", Some("c-answered"), own, "Цена 5 000 ₸", 20),
        ])
        .await
        .unwrap();
}

#[tokio::test]
async fn the_fixture_rule_round_trips_and_other_users_see_nothing() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let bob = app.add_user("bob", Language::En).await;
    let shop = app.add_account(&alice, "shop").await;
    let (ta, tb) = (app.api_token(&alice).await, app.api_token(&bob).await);

    let body = fixture();
    let (status, created) = app.api_post(&ta, &rules(shop), body.clone()).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["position"], 0);
    let id = created["id"].as_str().unwrap().to_string();
    let one = format!("{}/{id}", rules(shop));

    let (status, read) = app.api_get(&ta, &one).await;
    assert_eq!(status, 200, "{read}");
    // Every field of the fixture comes back as sent; the rest are defaults.
    for (k, v) in body.as_object().unwrap() {
        assert_eq!(&read["rule"][k], v, "field {k}");
    }
    let sent: RuleSpec = serde_json::from_value(body.clone()).unwrap();
    let back: RuleSpec = serde_json::from_value(read["rule"].clone()).unwrap();
    assert_eq!(back, sent);
    let (_, list) = app.api_get(&ta, &rules(shop)).await;
    assert_eq!(names(&list), ["Цена → ответ и личное сообщение"]);

    // Bob: Alice's account and rule are absent, whatever he tries.
    assert_eq!(app.api_get(&tb, &rules(shop)).await.0, 404);
    assert_eq!(app.api_get(&tb, &one).await.0, 404);
    assert_eq!(app.api_post(&tb, &rules(shop), body.clone()).await.0, 404);
    assert_eq!(
        app.api_post(&tb, &format!("{}/test", rules(shop)), body.clone())
            .await
            .0,
        404
    );
    for path in ["enable", "disable", "move-up", "move-down"] {
        assert_eq!(
            app.api_post(&tb, &format!("{one}/{path}"), json!({}))
                .await
                .0,
            404,
            "{path}"
        );
    }
    assert_eq!(
        app.api_call(&tb, Method::PUT, &one, Some(body.clone()))
            .await
            .0,
        404
    );
    assert_eq!(app.api_call(&tb, Method::DELETE, &one, None).await.0, 404);
    assert_eq!(app.api_get(&ta, &one).await.0, 200, "still there");

    // Replace keeps the place; delete removes it.
    let mut changed = body.clone();
    changed["name"] = json!("Бағасы");
    changed["match"]["include"] = json!(["бағасы", "цена"]);
    let (status, put) = app.api_call(&ta, Method::PUT, &one, Some(changed)).await;
    assert_eq!(status, 200, "{put}");
    assert_eq!(put["rule"]["name"], "Бағасы");
    assert_eq!(put["position"], 0);
    assert_eq!(app.api_call(&ta, Method::DELETE, &one, None).await.0, 204);
    assert_eq!(app.api_get(&ta, &one).await.0, 404);
}

#[tokio::test]
async fn every_problem_comes_back_with_its_code_in_the_users_language() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::Ru).await;
    let shop = app.add_account(&alice, "shop").await;
    let ta = app.api_token(&alice).await;

    let mut bad = fixture();
    bad["name"] = json!("  ");
    bad["match"]["include"] = json!([]);
    bad["actions"] = json!([]);
    bad["delay"] = json!({"min_seconds": 60, "max_seconds": 5000});
    let (status, body) = app.api_post(&ta, &rules(shop), bad).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["code"], "invalid_rule");
    let problems = body["problems"].as_array().unwrap();
    let codes: Vec<&str> = problems
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "name_required",
            "keywords_required",
            "actions_required",
            "delay_too_long"
        ]
    );
    assert_eq!(problems[0]["message"], "Дайте правилу название.");
    assert_eq!(problems[3]["max"], 3600);
    assert!(
        problems[3]["message"].as_str().unwrap().contains("3600")
            || problems[3]["message"].as_str().unwrap().contains("3 600"),
        "{body}"
    );

    // A typo in a field name is refused, not ignored.
    let mut typo = fixture();
    typo["actoins"] = typo["actions"].take();
    typo.as_object_mut().unwrap().remove("actions");
    let (status, body) = app.api_post(&ta, &rules(shop), typo).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["problems"][0]["code"], "unreadable");
    assert!(
        body["problems"][0]["message"]
            .as_str()
            .unwrap()
            .contains("actoins"),
        "{body}"
    );
    let (_, list) = app.api_get(&ta, &rules(shop)).await;
    assert_eq!(list, json!([]), "nothing was stored");
}

#[tokio::test]
async fn rules_move_switch_and_stop_at_fifty() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let shop = app.add_account(&alice, "shop").await;
    let ta = app.api_token(&alice).await;
    let mut ids = Vec::new();
    for name in ["a", "b", "c"] {
        let mut r = fixture();
        r["name"] = json!(name);
        r["enabled"] = json!(false);
        let (status, body) = app.api_post(&ta, &rules(shop), r).await;
        assert_eq!(status, 201, "{body}");
        ids.push(body["id"].as_str().unwrap().to_string());
    }
    let at = |i: usize, what: &str| format!("{}/{}/{what}", rules(shop), ids[i]);

    let (status, list) = app.api_post(&ta, &at(0, "move-down"), json!({})).await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(names(&list), ["b", "a", "c"]);
    let (_, list) = app.api_post(&ta, &at(2, "move-up"), json!({})).await;
    assert_eq!(names(&list), ["b", "c", "a"]);
    // The first stays first.
    let (_, list) = app.api_post(&ta, &at(1, "move-up"), json!({})).await;
    assert_eq!(names(&list), ["b", "c", "a"]);
    let (_, list) = app.api_get(&ta, &rules(shop)).await;
    assert_eq!(names(&list), ["b", "c", "a"]);

    let (status, on) = app.api_post(&ta, &at(2, "enable"), json!({})).await;
    assert_eq!(status, 200, "{on}");
    assert_eq!(on["rule"]["enabled"], true);
    let (_, off) = app.api_post(&ta, &at(2, "disable"), json!({})).await;
    assert_eq!(off["rule"]["enabled"], false);

    for i in 3..50 {
        let mut r = fixture();
        r["name"] = json!(format!("r{i}"));
        assert_eq!(app.api_post(&ta, &rules(shop), r).await.0, 201);
    }
    let (status, body) = app.api_post(&ta, &rules(shop), fixture()).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["code"], "too_many_rules");
    let (_, list) = app.api_get(&ta, &rules(shop)).await;
    assert_eq!(list.as_array().unwrap().len(), 50);
}

#[tokio::test]
async fn test_a_rule_says_what_it_would_do_with_each_cached_comment() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::Ru).await;
    let shop = app.add_account(&alice, "shop").await;
    seed_comments(&app, shop, "shop").await;
    let ta = app.api_token(&alice).await;

    let mut rule = fixture();
    rule["enabled"] = json!(false);
    let (status, body) = app
        .api_post(&ta, &format!("{}/test", rules(shop)), rule)
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["tried"], 4);
    assert_eq!(body["matched"], 1, "{body}");
    let events = body["events"].as_array().unwrap();
    let by_id = |id: &str| {
        events
            .iter()
            .find(|e| e["comment_id"] == id)
            .unwrap_or_else(|| panic!("{id} in {body}"))
    };
    let price = by_id("c-price");
    assert_eq!(price["outcome"], "would_answer");
    assert_eq!(price["message"], "Ответило бы");
    assert_eq!(price["actions"][0]["kind"], "public_reply");
    assert_eq!(
        price["actions"][0]["text"],
        "anna_k, отправили цену вам в личные сообщения 📩"
    );
    assert_eq!(price["actions"][1]["kind"], "private_reply");
    assert_eq!(by_id("c-nice")["outcome"], "text_not_matched");
    assert_eq!(by_id("c-answered")["outcome"], "human_replied");
    assert_eq!(by_id("c-own")["outcome"], "own_message");
    // Newest first.
    assert_eq!(events[0]["comment_id"], "c-price");
    // Nothing was stored.
    let (_, list) = app.api_get(&ta, &rules(shop)).await;
    assert_eq!(list, json!([]));
}

#[tokio::test]
async fn the_builder_keeps_what_was_typed_tests_saves_and_lists_in_russian() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::Ru).await;
    let shop = app.add_account(&alice, "shop").await;
    seed_comments(&app, shop, "shop").await;
    let c = app.login_as("alice").await;
    let page = c.get_page(&format!("/automation/{shop}/new")).await;
    let csrf = csrf_in(&page).unwrap();
    assert!(page.contains("Когда кто-то"), "{page}");

    let mut fields = vec![
        ("name", ""),
        ("trigger", "comment"),
        ("post", "any"),
        ("mode", "contains"),
        ("include", "цена, стоимость"),
        ("public_reply", "{username}, ответили в директ <b>📩</b>"),
        ("private_reply", "Цена — 5 000 ₸"),
        ("skip_human", "on"),
        ("delay_min", "ten"),
        ("delay_max", "30"),
        ("send", "auto"),
        ("intent", "save"),
    ];
    let r = c
        .post_form_with(&format!("/automation/{shop}/new"), &csrf, &fields)
        .await;
    assert_eq!(r.status(), 422);
    let page = r.text().await.unwrap();
    assert!(page.contains("Дайте правилу название."), "{page}");
    assert!(page.contains("Введите целое число секунд"), "{page}");
    // Nothing typed is lost (and nothing typed is markup).
    assert!(page.contains("value=\"цена, стоимость\""), "{page}");
    assert!(
        page.contains("{username}, ответили в директ &#60;b&#62;📩&#60;/b&#62;</textarea>"),
        "{page}"
    );
    assert!(page.contains("Цена — 5 000 ₸</textarea>"));
    assert!(page.contains("value=\"ten\""));

    fields[0] = ("name", "Цена");
    fields[8] = ("delay_min", "0");
    fields[11] = ("intent", "test");
    let r = c
        .post_form_with(&format!("/automation/{shop}/new"), &csrf, &fields)
        .await;
    assert_eq!(r.status(), 200);
    let page = r.text().await.unwrap();
    assert!(page.contains("Результаты проверки"), "{page}");
    assert!(page.contains("Ответило бы на 1 из 4."), "{page}");
    assert!(
        page.contains("anna_k, ответили в директ &#60;b&#62;📩&#60;/b&#62;"),
        "{page}"
    );
    assert!(page.contains("Без ответа: текст не подходит"));
    assert!(page.contains("value=\"Цена\""), "the form is still filled");

    fields[11] = ("intent", "save");
    let r = c
        .post_form_with(&format!("/automation/{shop}/new"), &csrf, &fields)
        .await;
    assert_eq!(r.status(), 303);
    let list = c
        .get_page(&format!("/automation?account={shop}&notice=saved"))
        .await;
    assert!(list.contains("Правило сохранено."), "{list}");
    assert!(
        list.contains(
            "Когда кто-то комментирует любой пост и в тексте есть «цена» или «стоимость» — ответить публично и отправить личное сообщение через 0–30 с."
        ),
        "{list}"
    );
    assert!(list.contains("aria-checked=\"false\""), "saved off");

    // Switch it on; a form without the token is refused.
    let (_, api_list) = app
        .api_get(&app.api_token(&alice).await, &rules(shop))
        .await;
    let id = api_list[0]["id"].as_str().unwrap().to_string();
    let r = c
        .post_form_with(&format!("/automation/{shop}/{id}/enable"), "forged", &[])
        .await;
    assert_eq!(r.status(), 403);
    let r = c
        .post_form_with(&format!("/automation/{shop}/{id}/enable"), &csrf, &[])
        .await;
    assert_eq!(r.status(), 303);
    let list = c.get_page(&format!("/automation?account={shop}")).await;
    assert!(list.contains("aria-checked=\"true\""), "{list}");

    // Editing shows the stored rule in the form.
    let edit = c.get_page(&format!("/automation/{shop}/{id}")).await;
    assert!(edit.contains("value=\"цена, стоимость\""), "{edit}");

    // Another user's account and rule are not found.
    let bob = app.add_user("bob", Language::En).await;
    let _ = bob;
    let b = app.login_as("bob").await;
    assert_eq!(
        b.visit(&format!("/automation/{shop}/{id}")).await.status(),
        404
    );
    let bcsrf = b.csrf("/settings").await;
    let r = b
        .post_form_with(&format!("/automation/{shop}/{id}/delete"), &bcsrf, &[])
        .await;
    assert_eq!(r.status(), 404);
    let r = c
        .post_form_with(&format!("/automation/{shop}/{id}/delete"), &csrf, &[])
        .await;
    assert_eq!(r.status(), 303);
    let list = c.get_page(&format!("/automation?account={shop}")).await;
    assert!(list.contains("Правил пока нет"), "{list}");
}
