//! The publishing loop: claims due posts every tick (a second by default,
//! so posts go out on their second), and as soon as there is room while
//! more are due.

use std::sync::Arc;
use std::time::Duration;

use socialflow_core::posts::{PublishReport, Publisher};
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio::time::Instant;

/// Called with each pass's report (metrics hook).
pub type ReportHook = Arc<dyn Fn(&PublishReport) + Send + Sync>;

/// A unique lease owner for this process: pid and a random suffix, so two
/// workers on one host (or a restarted one) never share leases.
pub fn worker_id() -> String {
    let suffix = uuid::Uuid::new_v4().simple().to_string();
    format!("worker-{}-{}", std::process::id(), &suffix[..8])
}

/// Runs the publisher until `shutdown`: keeps up to `concurrency` posts in
/// flight, each a task of its own, and claims more as soon as a quarter of
/// that room is free (or at every `tick` when any is), so a post that falls
/// due never waits for a slow batch to finish. On shutdown it stops
/// claiming and lets the posts in flight finish their step.
pub async fn run_publisher(
    publisher: Publisher,
    tick: Duration,
    hook: ReportHook,
    mut shutdown: watch::Receiver<bool>,
) {
    tracing::info!(worker = %publisher.config().worker_id, "publisher started");
    let capacity = publisher.config().concurrency.max(1);
    let batch = usize::try_from(publisher.config().batch)
        .unwrap_or(usize::MAX)
        .max(1);
    // Claiming one post per freed slot would cost a query per post.
    let top_up = (capacity.min(batch) / 4).max(1);
    // Renews the leases of the posts being worked on, so a post stays ours
    // for as long as this process lives and no longer than a lease after.
    let heartbeat = tokio::spawn(run_heartbeat(publisher.clone()));
    let mut in_flight: JoinSet<PublishReport> = JoinSet::new();
    let mut totals = PublishReport::default();
    let mut next_claim = Instant::now();
    let mut next_log = Instant::now() + Duration::from_secs(1);
    // The last claim filled its request: more is likely due right now.
    let mut more = false;
    loop {
        let room = capacity.saturating_sub(in_flight.len());
        let now = Instant::now();
        if room > 0 && (now >= next_claim || (more && room >= top_up)) {
            let want = room.min(batch);
            match publisher
                .claim(u32::try_from(want).unwrap_or(u32::MAX))
                .await
            {
                Ok(posts) => {
                    more = posts.len() >= want;
                    let claimed = PublishReport {
                        claimed: u32::try_from(posts.len()).unwrap_or(u32::MAX),
                        ..Default::default()
                    };
                    hook(&claimed);
                    totals.claimed += claimed.claimed;
                    for post in posts {
                        let p = publisher.clone();
                        in_flight.spawn(async move { p.work(post).await });
                    }
                }
                Err(e) => {
                    more = false;
                    tracing::warn!(error = %e, "claiming due posts failed; retrying");
                }
            }
            next_claim = Instant::now() + tick;
        }
        if Instant::now() >= next_log {
            log_totals(&mut totals);
            next_log = Instant::now() + Duration::from_secs(1);
        }
        let claim_at = if more && capacity - in_flight.len() >= top_up {
            Instant::now()
        } else {
            next_claim
        };
        tokio::select! {
            done = in_flight.join_next(), if !in_flight.is_empty() => {
                if let Some(Ok(report)) = done {
                    add(&mut totals, &report);
                    hook(&report);
                }
            }
            _ = tokio::time::sleep_until(claim_at.max(Instant::now())) => {}
            _ = shutdown.changed() => {}
        }
        if *shutdown.borrow() {
            break;
        }
    }
    while let Some(done) = in_flight.join_next().await {
        if let Ok(report) = done {
            add(&mut totals, &report);
            hook(&report);
        }
    }
    log_totals(&mut totals);
    heartbeat.abort();
    tracing::info!("publisher stopped");
}

fn add(totals: &mut PublishReport, r: &PublishReport) {
    totals.published += r.published;
    totals.failed += r.failed;
    totals.held += r.held;
    totals.lost += r.lost;
}

/// Logs what happened since the last call (at most once a second).
fn log_totals(totals: &mut PublishReport) {
    if totals.published + totals.failed > 0 {
        tracing::info!(
            claimed = totals.claimed,
            published = totals.published,
            failed = totals.failed,
            held = totals.held,
            "publishing"
        );
    }
    if totals.lost > 0 {
        // Edited, cancelled or taken over meanwhile: the newer write won
        // and this worker left those posts alone.
        tracing::info!(lost = totals.lost, "posts changed while being worked on");
    }
    *totals = PublishReport::default();
}

async fn run_heartbeat(publisher: Publisher) {
    let every = publisher
        .config()
        .heartbeat
        .try_into()
        .unwrap_or(Duration::from_secs(15))
        .max(Duration::from_millis(100));
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if let Err(e) = publisher.heartbeat().await {
            tracing::warn!(error = %e, "could not renew publishing leases; retrying at the next beat");
        }
    }
}
