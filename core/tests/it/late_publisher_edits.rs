//! Editing until the publish call (issue 17): an edit of a ready post
//! discards its containers and the new content is what goes out; an edit
//! that lands while a worker holds the post wins over it; moving only the
//! time keeps valid containers; cancel, duplicate and the container budget.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use socialflow_core::posts::{
    BUDGET_WINDOW, CONTAINERS_PER_DAY, MediaClass, PostError, PostInput, PostKind, PostState,
};
use socialflow_core::{Clock, RequestContext};
use time::Duration;

use crate::late_publisher_world::world;

fn edited(input: &PostInput, caption: &str) -> PostInput {
    PostInput {
        caption: caption.into(),
        ..input.clone()
    }
}

#[tokio::test]
async fn a_ready_reel_edited_an_hour_ahead_goes_out_with_the_new_caption() {
    let w = world().await;
    let input = w.input(
        PostKind::Reel,
        vec![w.file(MediaClass::Video)],
        "Cofee of the day",
    );
    let post = w.schedule(input.clone()).await;
    let due = post.content.scheduled_at.unwrap();
    let publisher = w.publisher("w1");
    let ready = w.drive(&publisher, &post, PostState::Ready).await;
    assert_eq!(ready.state, PostState::Ready);
    assert!(
        due - w.clock.now() > Duration::minutes(55),
        "about an hour ahead"
    );
    let forecast = w.posts.edit_forecast(&ready).await.unwrap();
    assert!(forecast.discards);
    assert_eq!((forecast.needed, forecast.budget.used), (1, 1));

    let (after, _) = w
        .posts
        .update(
            w.user,
            post.id,
            edited(&input, "Coffee of the day"),
            Some(ready.version),
            &RequestContext::cli(),
        )
        .await
        .unwrap();
    assert_eq!(after.state, PostState::Scheduled, "prepared again");
    assert_eq!(after.container_id, None, "the old container is forgotten");
    assert_eq!(after.content_rev, ready.content_rev + 1);

    let done = w.drive(&publisher, &post, PostState::Published).await;
    assert_eq!(done.state, PostState::Published);
    assert_eq!(done.published_at, Some(due));
    assert_eq!(
        w.published_captions(),
        vec![Some("Coffee of the day".into())]
    );
    {
        let sim = w.sim.lock().unwrap();
        assert_eq!(sim.publish_calls, 1);
        assert_eq!(sim.published[0].0, "c2", "the container of the new caption");
    }
    assert_eq!(
        w.posts
            .container_budget(w.user, w.account)
            .await
            .unwrap()
            .used,
        2,
        "re-preparing counts"
    );
}

#[tokio::test]
async fn an_edit_landing_while_the_worker_holds_the_ready_post_wins() {
    let w = world().await;
    let input = w.input(PostKind::Post, vec![w.file(MediaClass::Image)], "Old price");
    let post = w.schedule(input.clone()).await;
    let due = post.content.scheduled_at.unwrap();
    let publisher = w.publisher("w1");
    let ready = w.drive(&publisher, &post, PostState::Ready).await;
    assert_eq!(ready.container_id.as_deref(), Some("c1"));

    // The user's edit runs inside the worker's step: after it claimed the
    // ready post, before it records `publishing`.
    let posts = w.posts.clone();
    let (user, id) = (w.user, post.id);
    let new_input = edited(&input, "New price");
    w.sim.lock().unwrap().before_publish = Some(Box::new(move || {
        futures::executor::block_on(posts.update(
            user,
            id,
            new_input,
            None,
            &RequestContext::cli(),
        ))
        .unwrap();
    }));
    w.clock.set(due);
    let report = publisher.run_once().await.unwrap();
    assert_eq!((report.claimed, report.lost, report.published), (1, 1, 0));
    assert_eq!(
        w.sim.lock().unwrap().publish_calls,
        0,
        "c1 was never published"
    );
    let edited_post = w.reload(&post).await;
    assert_eq!(edited_post.state, PostState::Scheduled);
    assert_eq!(edited_post.content.caption, "New price");

    let done = w.drive(&publisher, &post, PostState::Published).await;
    assert_eq!(done.state, PostState::Published);
    assert_eq!(w.published_captions(), vec![Some("New price".into())]);
    let sim = w.sim.lock().unwrap();
    assert_eq!(sim.publish_calls, 1);
    assert!(
        !sim.containers["c1"].2,
        "the old container stays unpublished"
    );
}

#[tokio::test]
async fn moving_only_the_time_keeps_the_containers_while_they_are_valid() {
    let w = world().await;
    let input = w.input(PostKind::Reel, vec![w.file(MediaClass::Video)], "Brunch");
    let post = w.schedule(input.clone()).await;
    let publisher = w.publisher("w1");
    let ready = w.drive(&publisher, &post, PostState::Ready).await;
    let later = ready.content.scheduled_at.unwrap() + Duration::hours(3);
    let (kept, _) = w
        .posts
        .update(
            w.user,
            post.id,
            PostInput {
                scheduled_at: Some(later),
                ..input.clone()
            },
            None,
            &RequestContext::cli(),
        )
        .await
        .unwrap();
    assert_eq!(kept.state, PostState::Ready);
    assert_eq!(kept.container_id.as_deref(), Some("c1"));
    assert_eq!(kept.next_action_at, Some(later));
    let done = w.drive(&publisher, &post, PostState::Published).await;
    assert_eq!(done.published_at, Some(later));
    assert_eq!(w.sim.lock().unwrap().published[0].0, "c1");
    assert_eq!(
        w.posts
            .container_budget(w.user, w.account)
            .await
            .unwrap()
            .used,
        1
    );

    // Past the containers' lifetime the same move prepares again.
    let second = w
        .schedule(PostInput {
            scheduled_at: Some(w.clock.now() + Duration::hours(2)),
            ..input.clone()
        })
        .await;
    let ready = w.drive(&publisher, &second, PostState::Ready).await;
    let (moved, _) = w
        .posts
        .update(
            w.user,
            second.id,
            PostInput {
                scheduled_at: Some(ready.containers_at.unwrap() + Duration::hours(23)),
                ..input
            },
            None,
            &RequestContext::cli(),
        )
        .await
        .unwrap();
    assert_eq!(moved.state, PostState::Scheduled);
    assert_eq!(moved.container_id, None);
}

#[tokio::test]
async fn a_cancelled_ready_post_is_never_published() {
    let w = world().await;
    let post = w
        .schedule(w.input(PostKind::Post, vec![w.file(MediaClass::Image)], "Menu"))
        .await;
    let publisher = w.publisher("w1");
    let ready = w.drive(&publisher, &post, PostState::Ready).await;
    let cancelled = w.posts.cancel(w.user, post.id).await.unwrap();
    assert_eq!(cancelled.state, PostState::Cancelled);
    assert_eq!(cancelled.container_id, None);
    w.clock
        .set(ready.content.scheduled_at.unwrap() + Duration::hours(1));
    let report = publisher.run_once().await.unwrap();
    assert_eq!(report.claimed, 0);
    assert_eq!(w.sim.lock().unwrap().publish_calls, 0);
    assert_eq!(w.reload(&post).await.state, PostState::Cancelled);
}

#[tokio::test]
async fn an_edit_past_the_container_budget_is_refused_and_changes_nothing() {
    let w = world().await;
    let input = w.input(PostKind::Post, vec![w.file(MediaClass::Image)], "Special");
    let post = w.schedule(input.clone()).await;
    let publisher = w.publisher("w1");
    let ready = w.drive(&publisher, &post, PostState::Ready).await;
    let now = w.clock.now();
    // The rest of the day's containers went to other posts.
    w.store
        .record_containers(
            w.account,
            socialflow_core::posts::PostId::new(),
            now,
            CONTAINERS_PER_DAY - 1,
            now - BUDGET_WINDOW,
        )
        .await
        .unwrap();
    let refused = w
        .posts
        .update(
            w.user,
            post.id,
            edited(&input, "Specials"),
            None,
            &RequestContext::cli(),
        )
        .await;
    assert!(matches!(
        refused,
        Err(PostError::ContainerBudget {
            used: 400,
            cap: 400,
            needed: 1
        })
    ));
    assert_eq!(w.reload(&post).await, ready, "nothing changed");
    // Moving only the time needs no new container: allowed.
    let later = ready.content.scheduled_at.unwrap() + Duration::minutes(30);
    let (kept, _) = w
        .posts
        .update(
            w.user,
            post.id,
            PostInput {
                scheduled_at: Some(later),
                ..input
            },
            None,
            &RequestContext::cli(),
        )
        .await
        .unwrap();
    assert_eq!(kept.state, PostState::Ready);
    // A day later the budget is free again.
    w.clock.set(now + BUDGET_WINDOW + Duration::seconds(1));
    assert_eq!(
        w.posts
            .container_budget(w.user, w.account)
            .await
            .unwrap()
            .used,
        0
    );
}

#[tokio::test]
async fn a_duplicate_is_a_fresh_draft_with_the_same_content() {
    let w = world().await;
    let post = w
        .schedule(w.input(PostKind::Post, vec![w.file(MediaClass::Image)], "Twice"))
        .await;
    let publisher = w.publisher("w1");
    let published = w.drive(&publisher, &post, PostState::Published).await;
    let (copy, _) = w
        .posts
        .duplicate(w.user, published.id, &RequestContext::cli())
        .await
        .unwrap();
    assert_ne!(copy.id, published.id);
    assert_eq!(copy.state, PostState::Draft);
    assert_eq!(copy.content.scheduled_at, None);
    assert_eq!(copy.content.caption, "Twice");
    assert_eq!(copy.content.media, published.content.media);
    assert_eq!(
        (copy.ig_media_id.clone(), copy.container_id.clone()),
        (None, None)
    );
    // Another user's post cannot be copied.
    assert!(matches!(
        w.posts
            .duplicate(
                socialflow_core::UserId::new(),
                published.id,
                &RequestContext::cli()
            )
            .await,
        Err(PostError::NotFound)
    ));
}
