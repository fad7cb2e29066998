//! The server's integration tests in one binary (one link instead of one per
//! file): every module is a former `tests/<name>.rs`, sharing `support`
//! (the `TestApp` builder and its endpoint helpers) and `privacy_seed`.
//! Run one group with `cargo test -p socialflow-server --test it <module>::`.
//! The log-capturing tests live in `tests/logs/`, a binary of their own.

mod accounts;
mod analytics;
mod api;
mod audience_best_time;
mod audience_browser;
mod automation_approvals_browser;
mod automation_browser;
mod automation_engine;
mod automation_ops;
mod automation_rules;
mod backup;
mod browser;
mod bulk_browser;
mod bulk_idempotency;
mod bulk_import;
mod calendar_browser;
mod calendar_http;
mod charts_report;
mod chat_messages;
mod composer_browser;
mod composer_kinds;
mod composer_snippets;
mod demo;
mod doctor;
mod ice_breakers;
mod inbox;
mod inbox_triage;
mod inbox_triage_browser;
mod instagram_e2e;
mod late_browser;
mod late_posts;
mod live_browser;
mod live_fresh;
mod mcp;
mod media;
mod meta_callbacks;
mod metrics;
mod moderation;
mod notifications_at_once;
mod notifications_smtp;
mod notifications_web;
mod openapi;
mod outgoing_webhooks;
mod posts_api;
mod privacy;
mod privacy_at_rest;
mod privacy_erasure;
mod privacy_seed;
mod queue_api;
mod queue_parallel;
mod queue_web;
mod s3_media;
mod scale_out;
mod security;
mod shared_sessions;
mod support;
mod team;
mod teams_matrix;
mod time_limits;
mod ui;
mod web;
