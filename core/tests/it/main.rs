//! The core's integration tests in one binary: use cases on the in-memory
//! fakes (`socialflow-fakes`) and on mockall mocks, and property tests of
//! the parsers of outside input. One module per use case or rule set.

mod account_service;
mod analytics_batch;
mod analytics_service;
mod approvals_service;
mod audience_heatmap;
mod auth_cache_revocation;
mod auth_service;
mod automation_crash;
mod automation_engine;
mod automation_evaluate;
mod automation_fixture;
mod automation_matching;
mod automation_service;
mod automation_support;
mod automation_sync;
mod automation_validate;
mod bulk_import;
mod calendar_reschedule;
mod composer_snippets;
mod ice_breakers_validate;
mod late_publisher_edits;
mod late_publisher_flows;
mod late_publisher_world;
mod media_library;
mod media_rules;
mod moderation;
mod onboarding_service;
mod outside_input;
mod password_check;
mod post_media_rules;
mod privacy_service;
mod queue_schedule;
mod queue_service;
mod saved_replies_service;
mod time_inputs;
mod uow_atomic;
mod uow_sync_analytics;
mod uow_sync_inbox;
mod workspaces_admin;
