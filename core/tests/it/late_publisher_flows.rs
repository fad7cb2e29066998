//! The publisher on in-memory fakes and a mocked Instagram: an image, a
//! reel (polled until processed) and a carousel go out once each and their
//! containers are counted; a transient error is retried with backoff; a
//! publish call whose answer was lost is recovered without publishing twice.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use socialflow_core::Clock;
use socialflow_core::posts::{
    CONTAINERS_PER_DAY, MediaClass, PostEvent, PostHold, PostKind, PostState,
};
use time::Duration;

use crate::late_publisher_world::world;

#[tokio::test]
async fn an_image_goes_out_once_at_its_time() {
    let w = world().await;
    let post = w
        .schedule(w.input(
            PostKind::Post,
            vec![w.file(MediaClass::Image)],
            "Fresh croissants",
        ))
        .await;
    let due = post.content.scheduled_at.unwrap();
    // Prepared five minutes ahead, not earlier.
    assert_eq!(post.next_action_at, Some(due - Duration::minutes(5)));
    let publisher = w.publisher("w1");
    let done = w.drive(&publisher, &post, PostState::Published).await;
    assert_eq!(done.state, PostState::Published);
    assert_eq!(done.published_at, Some(due), "published on its second");
    assert_eq!(
        w.published_captions(),
        vec![Some("Fresh croissants".into())]
    );
    assert_eq!(w.sim.lock().unwrap().publish_calls, 1);
    assert_eq!(done.ig_media_id.as_deref(), Some("m1"));
    assert!(done.permalink.is_some());
    let budget = w.posts.container_budget(w.user, w.account).await.unwrap();
    assert_eq!((budget.used, budget.cap), (1, CONTAINERS_PER_DAY));
    let events: Vec<PostEvent> = w
        .posts
        .log(w.user, post.id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.event)
        .collect();
    for e in [
        PostEvent::ContainerCreated,
        PostEvent::Ready,
        PostEvent::PublishStarted,
        PostEvent::Published,
    ] {
        assert!(events.contains(&e), "{e:?} in {events:?}");
    }
}

#[tokio::test]
async fn a_reel_is_polled_until_processed_then_published() {
    let w = world().await;
    w.sim.lock().unwrap().video_polls = 4;
    let post = w
        .schedule(w.input(PostKind::Reel, vec![w.file(MediaClass::Video)], "Latte art"))
        .await;
    let due = post.content.scheduled_at.unwrap();
    assert_eq!(post.next_action_at, Some(due - Duration::minutes(60)));
    let publisher = w.publisher("w1");
    let ready = w.drive(&publisher, &post, PostState::Ready).await;
    assert_eq!(ready.state, PostState::Ready);
    assert!(w.clock.now() < due, "ready before its time");
    let (_, polls_left, _) = w.sim.lock().unwrap().containers["c1"].clone();
    assert_eq!(polls_left, 0, "every in-progress answer was polled through");
    let done = w.drive(&publisher, &post, PostState::Published).await;
    assert_eq!(done.state, PostState::Published);
    assert_eq!(done.published_at, Some(due));
    assert_eq!(w.published_captions(), vec![Some("Latte art".into())]);
    assert_eq!(
        w.posts
            .container_budget(w.user, w.account)
            .await
            .unwrap()
            .used,
        1
    );
}

#[tokio::test]
async fn a_carousel_makes_its_items_then_itself_and_counts_them_all() {
    let w = world().await;
    let files = (0..3).map(|_| w.file(MediaClass::Image)).collect();
    let post = w
        .schedule(w.input(PostKind::Carousel, files, "Three cups"))
        .await;
    let publisher = w.publisher("w1");
    let done = w.drive(&publisher, &post, PostState::Published).await;
    assert_eq!(done.state, PostState::Published);
    assert_eq!(done.child_containers, vec!["c1", "c2", "c3"]);
    assert_eq!(done.container_id.as_deref(), Some("c4"));
    {
        let sim = w.sim.lock().unwrap();
        assert_eq!(sim.publish_calls, 1);
        assert_eq!(sim.published[0].0, "c4", "the parent is what is published");
    }
    let budget = w.posts.container_budget(w.user, w.account).await.unwrap();
    assert_eq!(budget.used, 4, "three items and the carousel");
    assert_eq!(budget.remaining(), CONTAINERS_PER_DAY - 4);
}

#[tokio::test]
async fn a_transient_error_is_retried_with_growing_waits() {
    let w = world().await;
    w.sim.lock().unwrap().fail_creates = 2;
    let post = w
        .schedule(w.input(PostKind::Post, vec![w.file(MediaClass::Image)], "Soup"))
        .await;
    let publisher = w.publisher("w1");
    w.clock.set(post.next_action_at.unwrap());
    publisher.run_once().await.unwrap();
    let first = w.reload(&post).await;
    assert_eq!(first.state, PostState::Scheduled);
    assert_eq!(first.hold, Some(PostHold::Retrying));
    assert_eq!(first.attempts, 1);
    let wait1 = first.next_action_at.unwrap() - w.clock.now();
    assert!(wait1 >= Duration::seconds(7), "backs off: {wait1}");
    w.clock.set(first.next_action_at.unwrap());
    publisher.run_once().await.unwrap();
    let second = w.reload(&post).await;
    assert_eq!(second.attempts, 2);
    let wait2 = second.next_action_at.unwrap() - w.clock.now();
    assert!(wait2 > wait1, "the wait grows: {wait1} then {wait2}");
    let done = w.drive(&publisher, &post, PostState::Published).await;
    assert_eq!(done.state, PostState::Published);
    assert_eq!(done.hold, None);
    assert_eq!(w.sim.lock().unwrap().publish_calls, 1);
    let retries = w
        .posts
        .log(w.user, post.id)
        .await
        .unwrap()
        .iter()
        .filter(|e| e.event == PostEvent::Retry)
        .count();
    assert_eq!(retries, 2);
    // Failed calls made no container: only the one that worked counts.
    assert_eq!(
        w.posts
            .container_budget(w.user, w.account)
            .await
            .unwrap()
            .used,
        1
    );
}

#[tokio::test]
async fn a_lost_publish_answer_is_recovered_without_a_second_publish() {
    let w = world().await;
    w.sim.lock().unwrap().lose_publish_answer = true;
    let post = w
        .schedule(w.input(PostKind::Post, vec![w.file(MediaClass::Image)], "Bagels"))
        .await;
    let first = w.publisher("w1");
    let stuck = w.drive(&first, &post, PostState::Publishing).await;
    assert_eq!(stuck.state, PostState::Publishing);
    assert_eq!(w.sim.lock().unwrap().publish_calls, 1);
    // The post cannot be edited while it is being published.
    let mut input = w.input(PostKind::Post, stuck.content.media.clone(), "changed");
    input.scheduled_at = stuck.content.scheduled_at;
    assert!(matches!(
        w.posts
            .update(
                w.user,
                post.id,
                input,
                None,
                &socialflow_core::RequestContext::cli()
            )
            .await,
        Err(socialflow_core::posts::PostError::NotEditable(
            PostState::Publishing
        ))
    ));
    // w1 is gone; another worker picks the post up after its wait.
    drop(first);
    let second = w.publisher("w2");
    let done = w.drive(&second, &post, PostState::Published).await;
    assert_eq!(done.state, PostState::Published);
    assert_eq!(done.ig_media_id.as_deref(), Some("m1"));
    assert_eq!(
        w.sim.lock().unwrap().publish_calls,
        1,
        "never published twice"
    );
    assert_eq!(w.published_captions(), vec![Some("Bagels".into())]);
    assert!(
        w.posts
            .log(w.user, post.id)
            .await
            .unwrap()
            .iter()
            .any(|e| e.event == PostEvent::Recovered)
    );
}
