//! The storage contract: the same cases run against the in-memory fake, SQLite
//! and MariaDB. An adapter's test file calls [`contract_tests!`] with a setup
//! function returning a [`Fixture`]; each case becomes its own `#[tokio::test]`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

pub mod analytics_cases;
pub mod approval_cases;
pub mod auth_epoch_cases;
pub mod automation_cases;
pub mod automation_job_cases;
pub mod automation_log_cases;
pub mod automation_order_cases;
pub mod cases;
pub mod corrupt_cases;
pub mod fixtures;
pub mod idempotency_cases;
pub mod inbox_cases;
pub mod ingest_cases;
pub mod key_figures_cases;
pub mod late_cases;
pub mod live_cases;
pub mod media_cases;
pub mod moderation_cases;
pub mod notification_cases;
pub mod onboarding_cases;
pub mod posts_cases;
pub mod privacy_cases;
pub mod queue_cases;
pub mod report_link_cases;
pub mod review_link_cases;
pub mod saved_reply_cases;
pub mod snippet_cases;
pub mod triage_cases;
pub mod unit_of_work_cases;
pub mod webhook_cases;
pub mod workspace_cases;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use socialflow_core::posts::UnitOfWork;
use socialflow_core::storage::Store;

type Teardown = Pin<Box<dyn Future<Output = ()> + Send>>;

/// A stored value an adapter cannot decode, planted by [`Planter`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spoil {
    /// A time the domain cannot hold (year 10000 on SQLite; a zero date on
    /// MariaDB, whose DATETIME stops at 9999).
    Time,
    /// A state no [`socialflow_core::posts::PostState`] has.
    UnknownState,
    /// A number out of the domain's range (a negative count).
    Number,
    /// Content JSON that does not parse.
    Json,
}

impl Spoil {
    pub const ALL: [Spoil; 4] = [Spoil::Time, Spoil::UnknownState, Spoil::Number, Spoil::Json];
}

/// Plants an undecodable value in a stored row, with the adapter's own raw
/// SQL (or, for the memory fake, its stand-in), so the contract can check
/// that no adapter panics on what a database may hold.
pub trait Planter: Send + Sync {
    /// Spoils the stored post `id`; false when the adapter's schema cannot
    /// hold such a value at all (e.g. a negative number in an UNSIGNED
    /// column), so there is nothing to decode wrongly.
    fn spoil_post(
        &self,
        id: socialflow_core::posts::PostId,
        spoil: Spoil,
    ) -> Pin<Box<dyn Future<Output = bool> + Send + '_>>;
}

/// A store under test and what to do after the case (e.g. drop the database).
pub struct Fixture {
    pub store: Arc<dyn Store>,
    teardown: Option<Teardown>,
    planter: Option<Arc<dyn Planter>>,
}

impl Fixture {
    pub fn new(store: Arc<dyn Store>) -> Self {
        Self {
            store,
            teardown: None,
            planter: None,
        }
    }

    /// Lets the corrupt-row cases plant undecodable values.
    pub fn with_planter(mut self, planter: Arc<dyn Planter>) -> Self {
        self.planter = Some(planter);
        self
    }

    /// Runs a unit-of-work case of the posts: every store is its own unit
    /// of work.
    pub async fn run_unit_of_work<F, Fut>(self, case: F)
    where
        F: FnOnce(Arc<dyn Store>, Arc<dyn UnitOfWork>) -> Fut,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let unit: Arc<dyn UnitOfWork> = self.store.clone();
        self.run(move |store| case(store, unit)).await;
    }

    /// Runs a case that plants bad rows (see [`Planter`]).
    pub async fn run_planted<F, Fut>(self, case: F)
    where
        F: FnOnce(Arc<dyn Store>, Arc<dyn Planter>) -> Fut,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let planter = self
            .planter
            .clone()
            .expect("this adapter's fixture has no planter (Fixture::with_planter)");
        self.run(move |store| case(store, planter)).await;
    }

    pub fn with_teardown(
        store: Arc<dyn Store>,
        teardown: impl Future<Output = ()> + Send + 'static,
    ) -> Self {
        Self {
            store,
            teardown: Some(Box::pin(teardown)),
            planter: None,
        }
    }

    /// Runs a case, then the teardown even if the case panicked, then
    /// re-raises the panic so the test fails.
    pub async fn run<F, Fut>(self, case: F)
    where
        F: FnOnce(Arc<dyn Store>) -> Fut,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let outcome = tokio::spawn(case(self.store.clone())).await;
        drop(self.store);
        if let Some(t) = self.teardown {
            t.await;
        }
        if let Err(e) = outcome {
            if e.is_panic() {
                std::panic::resume_unwind(e.into_panic());
            }
            panic!("case did not finish: {e}");
        }
    }
}

/// Expands to one `#[tokio::test]` per contract case, each on a fresh store
/// from `$setup` (an `async fn() -> Fixture`).
#[macro_export]
macro_rules! contract_tests {
    ($setup:path) => {
        $crate::contract_tests!(@cases $setup;
            users_round_trip,
            usernames_are_unique,
            deleting_a_user_deletes_what_they_own,
            sessions_lifecycle,
            sessions_need_an_existing_user,
            api_tokens_are_scoped_to_their_owner,
            audit_events_newest_first_and_scoped,
            login_failures_by_key_and_window,
            login_attempts_are_reserved_counted_and_released,
            concurrent_login_reservations_never_exceed_the_limit,
            accounts_are_scoped_and_unique,
            accounts_due_for_token_refresh,
            token_ciphertext_is_replaced_only_if_unchanged,
            expired_tokens_are_erased_once_and_reconnecting_restores,
            oauth_states_are_single_use,
            meta_deletion_removes_accounts_and_keeps_a_record,
            ping_answers,
            posts_round_trip_scoped_to_their_owner,
            post_updates_need_the_current_version,
            due_posts_are_leased_to_one_worker,
            lease_renewal_is_for_the_holder_only,
            expired_leases_are_claimed_before_fresh_posts,
            concurrent_claims_never_share_a_post,
            deleting_posts_users_and_accounts_removes_posts,
            uploads_no_post_uses_are_found_once_old_enough,
            media_files_are_scoped_to_their_owner,
            media_status_and_transcode_claims,
            media_needs_an_existing_owner,
            policy_acknowledgements_are_per_user_and_replaced,
            sessions_of_lists_only_the_owners_sessions,
            audit_search_filters_by_user_and_kind_and_pages,
            erasing_a_user_removes_them_and_their_throttle_records
        );
        $crate::contract_tests!(@inbox $setup;
            inbox_rows_round_trip_scoped_to_their_owner,
            inbox_unanswered_comments_and_unread_conversations,
            inbox_hide_delete_and_conversation_removal,
            inbox_retention_deletes_rows_fetched_too_long_ago,
            inbox_rows_go_with_their_account,
            story_insights_are_read_back_scoped_to_their_owner
        );
        $crate::contract_tests!(@analytics $setup;
            follower_snapshots_are_one_per_day_and_scoped,
            analytics_retention_keeps_729_and_30_days,
            insights_media_and_audience_round_trip_scoped,
            media_page_sorts_and_limits_like_the_table
        );
        $crate::contract_tests!(@ingest $setup;
            comment_batches_span_statements_keep_the_last_duplicate_and_update,
            insight_and_media_batches_span_statements_keep_the_last_duplicate_and_update,
            a_failing_batch_stores_nothing_and_keeps_the_version,
            analytics_version_moves_with_every_write_and_goes_with_the_account,
            analytics_batches_of_several_owners_land_with_their_owner_and_move_each_version_once,
            an_empty_analytics_batch_writes_nothing,
            an_analytics_batch_bigger_than_a_statement_is_one_transaction
        );
        $crate::contract_tests!(@late $setup;
            content_revisions_round_trip_and_guard_the_worker,
            containers_are_counted_per_account_for_a_day,
            containers_recorded_by_workers_at_once_all_count
        );
        $crate::contract_tests!(@onboarding $setup;
            milestones_are_recorded_once_per_user,
            concurrent_milestones_have_one_first,
            milestones_go_with_their_user
        );
        $crate::contract_tests!(@idempotency $setup;
            idempotency_keys_reserve_replay_and_are_per_user,
            concurrent_reservations_of_one_key_have_one_winner,
            idempotency_keys_go_with_their_user
        );
        $crate::contract_tests!(@triage $setup;
            triage_lists_every_account_newest_first_with_posts_and_pages,
            triage_filters_state_question_hidden_post_and_search,
            triage_done_survives_the_refresh_and_counts_honour_it,
            triage_states_go_with_their_item_and_the_purge
        );
        $crate::contract_tests!(@snippets $setup;
            snippets_round_trip_scoped_to_their_owner,
            parallel_snippet_inserts_never_pass_the_cap,
            snippets_go_with_their_user
        );
        $crate::contract_tests!(@notifications $setup;
            notifications_round_trip_dedupe_and_are_scoped,
            the_cap_drops_the_oldest_but_never_a_pending_email,
            due_emails_are_leased_to_one_worker_and_finished_by_it,
            preferences_round_trip_and_everything_goes_with_user_and_account
        );
        $crate::contract_tests!(@unit_of_work $setup;
            a_unit_writes_post_log_and_audit_together,
            a_unit_with_a_stale_update_writes_nothing,
            a_unit_failing_on_a_constraint_writes_nothing
        );
        $crate::contract_tests!(@queue $setup;
            queue_slots_are_replaced_scoped_and_go_with_their_account,
            taken_times_count_only_posts_that_hold_their_time,
            calendar_feeds_are_found_by_digest_rotated_and_revoked,
            a_unit_whose_slot_is_taken_writes_nothing,
            concurrent_units_never_take_one_slot_twice
        );
        $crate::contract_tests!(@units $setup;
            a_password_unit_is_all_or_nothing,
            a_unit_whose_row_is_gone_writes_nothing,
            an_inbox_unit_writes_the_cache_and_its_audit_together,
            a_post_delete_unit_needs_the_current_version
        );
        $crate::contract_tests!(@live $setup;
            live_events_are_a_sequence_per_owner,
            live_events_expire_and_go_with_their_account,
            inbox_syncs_are_requested_claimed_once_and_finished,
            parallel_sync_claims_have_one_winner
        );
        $crate::contract_tests!(@report_links $setup;
            report_links_round_trip_scoped_to_their_owner,
            parallel_report_link_inserts_never_pass_the_cap,
            report_links_go_with_their_account_and_user
        );
        $crate::contract_tests!(@corrupt $setup;
            an_unreadable_post_is_a_typed_error_and_lists_skip_it,
            an_unreadable_post_can_be_deleted,
            times_beyond_the_database_range_never_panic
        );
        $crate::contract_tests!(@saved_replies $setup;
            saved_replies_round_trip_scoped_to_their_owner,
            parallel_saved_reply_inserts_never_pass_the_cap,
            saved_replies_go_with_their_user
        );
        $crate::contract_tests!(@automation $setup;
            automation_rules_round_trip_in_order_scoped_to_their_owner,
            parallel_rule_inserts_never_pass_the_cap_or_share_a_position,
            automation_rules_go_with_their_account_and_user
        );
        $crate::contract_tests!(@key_figures $setup;
            media_summary_counts_and_averages_like_the_rows
        );
        $crate::contract_tests!(@automation_jobs $setup;
            automation_jobs_round_trip_once_per_event_scoped_to_their_owner,
            parallel_claims_lease_each_job_to_one_worker,
            parallel_enqueues_never_pass_the_caps,
            automation_settings_pause_claims_and_are_scoped,
            next_published_rules_bind_once,
            automation_jobs_go_with_their_rule_account_and_user
        );
        $crate::contract_tests!(@automation_order $setup;
            rules_move_up_and_down_swapping_places_scoped_to_their_owner
        );
        $crate::contract_tests!(@automation_log $setup;
            a_rules_log_pages_newest_first_without_gaps_scoped_to_its_owner
        );
        $crate::contract_tests!(@moderation $setup;
            moderation_lists_round_trip_scoped_to_their_owner,
            one_moderation_entry_per_comment_and_undo_once,
            moderation_goes_with_its_account_and_user
        );
        $crate::contract_tests!(@auth_epoch $setup;
            every_single_revoking_write_grows_the_auth_epoch,
            a_revoking_unit_grows_the_auth_epoch_only_when_it_commits
        );
        $crate::contract_tests!(@webhooks $setup;
            webhook_endpoints_round_trip_scoped_to_their_owner_with_a_limit,
            webhook_events_fan_out_once_and_dedupe_by_key,
            webhook_deliveries_are_leased_once_and_finished_by_their_holder,
            webhook_endpoint_failures_are_recorded_and_disable_once,
            webhook_pings_redeliveries_and_purges_scoped_to_their_owner
        );
        $crate::contract_tests!(@workspaces $setup;
            every_person_has_a_personal_workspace_that_goes_with_them,
            a_workspace_keeps_an_owner_and_member_accounts_stay_inside_it,
            invitations_are_single_use_capped_and_revocable,
            creating_workspaces_is_capped_and_deleting_one_deletes_what_it_owns,
            the_page_header_reads_workspaces_and_the_unread_count_together
        );
        $crate::contract_tests!(@review_links $setup;
            review_links_round_trip_scoped_to_their_workspace,
            parallel_review_link_inserts_never_pass_the_cap,
            decision_slots_are_counted_atomically_per_hour,
            review_links_go_with_their_posts_and_workspace
        );
        $crate::contract_tests!(@approvals $setup;
            post_notes_are_scoped_capped_and_follow_their_post_and_author,
            posts_in_review_are_never_claimed_and_expire_once
        );
    };
    (@review_links $setup:path; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                $setup().await.run($crate::review_link_cases::$case).await;
            }
        )*
    };
    (@approvals $setup:path; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                $setup().await.run($crate::approval_cases::$case).await;
            }
        )*
    };
    (@workspaces $setup:path; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                $setup().await.run($crate::workspace_cases::$case).await;
            }
        )*
    };
    (@auth_epoch $setup:path; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                $setup().await.run($crate::auth_epoch_cases::$case).await;
            }
        )*
    };
    (@webhooks $setup:path; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                $setup().await.run($crate::webhook_cases::$case).await;
            }
        )*
    };
    (@moderation $setup:path; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                $setup().await.run($crate::moderation_cases::$case).await;
            }
        )*
    };
    (@key_figures $setup:path; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                $setup().await.run($crate::key_figures_cases::$case).await;
            }
        )*
    };
    (@saved_replies $setup:path; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                $setup().await.run($crate::saved_reply_cases::$case).await;
            }
        )*
    };
    (@automation_jobs $setup:path; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                $setup().await.run($crate::automation_job_cases::$case).await;
            }
        )*
    };
    (@automation_log $setup:path; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                $setup().await.run($crate::automation_log_cases::$case).await;
            }
        )*
    };
    (@automation_order $setup:path; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                $setup().await.run($crate::automation_order_cases::$case).await;
            }
        )*
    };
    (@automation $setup:path; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                $setup().await.run($crate::automation_cases::$case).await;
            }
        )*
    };
    (@corrupt $setup:path; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                $setup().await.run_planted($crate::corrupt_cases::$case).await;
            }
        )*
    };
    (@queue $setup:path; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                $setup().await.run_unit_of_work($crate::queue_cases::$case).await;
            }
        )*
    };
    (@unit_of_work $setup:path; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                $setup().await.run_unit_of_work($crate::unit_of_work_cases::$case).await;
            }
        )*
    };
    (@idempotency $setup:path; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                $setup().await.run($crate::idempotency_cases::$case).await;
            }
        )*
    };
    (@late $setup:path; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                $setup().await.run($crate::late_cases::$case).await;
            }
        )*
    };
    (@report_links $setup:path; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                $setup().await.run($crate::report_link_cases::$case).await;
            }
        )*
    };
    (@triage $setup:path; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                $setup().await.run($crate::triage_cases::$case).await;
            }
        )*
    };
    (@notifications $setup:path; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                $setup().await.run($crate::notification_cases::$case).await;
            }
        )*
    };
    (@snippets $setup:path; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                $setup().await.run($crate::snippet_cases::$case).await;
            }
        )*
    };
    (@units $setup:path; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                $setup().await.run($crate::unit_of_work_cases::$case).await;
            }
        )*
    };
    (@onboarding $setup:path; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                $setup().await.run($crate::onboarding_cases::$case).await;
            }
        )*
    };
    (@inbox $setup:path; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                $setup().await.run($crate::inbox_cases::$case).await;
            }
        )*
    };
    (@ingest $setup:path; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                $setup().await.run($crate::ingest_cases::$case).await;
            }
        )*
    };
    (@analytics $setup:path; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                $setup().await.run($crate::analytics_cases::$case).await;
            }
        )*
    };
    (@live $setup:path; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                $setup().await.run($crate::live_cases::$case).await;
            }
        )*
    };
    (@cases $setup:path; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                $setup().await.run($crate::cases::$case).await;
            }
        )*
    };
}
