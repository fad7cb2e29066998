//! The server-rendered HTML interface.

pub mod accounts;
pub mod admin_audit;
pub mod analytics;
mod analytics_format;
pub mod api_docs;
pub mod assets;
pub mod auth;
mod charts;
pub mod comments;
mod counts;
pub mod csrf;
pub mod first_run;
pub mod format;
pub mod inbox_common;
pub mod layout;
pub mod media;
pub mod messages;
pub mod meta;
pub mod methods;
pub mod page_context;
pub mod pages;
pub mod posts;
// Moved to the shared http layer; kept here for the pages that read it.
pub use crate::http::posts_text;
pub mod privacy;
pub mod request;
pub mod session;
pub mod settings;
mod user_tags;

use poem::{EndpointExt, Route};

use methods::{get, post};

use crate::state::WebSettings;

/// CSRF protection for the HTML forms, bound to the session and keyed from
/// the master key so every server process accepts every other's tokens.
fn csrf(web: &WebSettings) -> csrf::SessionCsrf {
    csrf::SessionCsrf::new(web.csrf_key, web.secure_cookies)
}

pub fn routes(route: Route, web: &WebSettings) -> Route {
    route
        .at("/", get(pages::dashboard).with(csrf(web)))
        .at("/comments", get(comments::show).with(csrf(web)))
        .at("/comments/refresh", post(comments::refresh).with(csrf(web)))
        .at("/comments/:id/reply", post(comments::reply).with(csrf(web)))
        .at("/comments/:id/hide", post(comments::hide).with(csrf(web)))
        .at(
            "/comments/:id/unhide",
            post(comments::unhide).with(csrf(web)),
        )
        .at(
            "/comments/:id/delete",
            get(comments::confirm_delete)
                .post(comments::delete)
                .with(csrf(web)),
        )
        .at(
            "/comments/media/:media_id",
            post(comments::comment_on_post).with(csrf(web)),
        )
        .at("/messages", get(messages::show).with(csrf(web)))
        .at("/messages/refresh", post(messages::refresh).with(csrf(web)))
        .at(
            "/messages/:id",
            get(messages::thread).post(messages::send).with(csrf(web)),
        )
        .at(
            "/webhooks/instagram",
            get(crate::webhooks::verify).post(crate::webhooks::receive),
        )
        .at("/analytics", get(analytics::page).with(csrf(web)))
        .at("/analytics/followers.csv", get(analytics::export_followers))
        .at("/analytics/posts.csv", get(analytics::export_posts))
        .at("/content", get(posts::list).with(csrf(web)))
        .at(
            "/content/new",
            get(posts::new_form).post(posts::create).with(csrf(web)),
        )
        .at("/content/:id", get(posts::show).with(csrf(web)))
        .at(
            "/content/:id/edit",
            get(posts::edit_form).post(posts::update).with(csrf(web)),
        )
        .at("/content/:id/publish", post(posts::publish).with(csrf(web)))
        .at("/content/:id/cancel", post(posts::cancel).with(csrf(web)))
        .at(
            "/content/:id/acknowledge",
            post(posts::acknowledge).with(csrf(web)),
        )
        .at(
            "/content/:id/delete",
            get(posts::confirm_delete)
                .post(posts::delete)
                .with(csrf(web)),
        )
        .at("/settings", get(settings::show).with(csrf(web)))
        .at("/theme", post(settings::set_theme).with(csrf(web)))
        .at("/ui/counts", get(counts::counts))
        .at(
            "/settings/language",
            post(settings::set_language).with(csrf(web)),
        )
        .at(
            "/settings/time-zone",
            post(settings::set_time_zone).with(csrf(web)),
        )
        .at(
            "/settings/password",
            post(settings::change_password).with(csrf(web)),
        )
        .at(
            "/settings/tokens",
            post(settings::create_token).with(csrf(web)),
        )
        .at(
            "/settings/tokens/revoke",
            post(settings::revoke_token).with(csrf(web)),
        )
        .at(
            "/media",
            get(media::list).post(media::upload).with(csrf(web)),
        )
        .at("/media/:id", get(crate::media_serving::serve))
        .at(
            "/media/:id/delete",
            get(media::confirm_delete)
                .post(media::delete)
                .with(csrf(web)),
        )
        .at("/privacy", get(privacy::policy).with(csrf(web)))
        .at(
            "/privacy/acknowledge",
            post(privacy::acknowledge).with(csrf(web)),
        )
        .at("/settings/data", get(privacy::data).with(csrf(web)))
        .at(
            "/settings/data/export",
            post(privacy::export).with(csrf(web)),
        )
        .at(
            "/settings/data/delete",
            post(privacy::delete_account).with(csrf(web)),
        )
        .at("/admin/audit", get(admin_audit::show).with(csrf(web)))
        .at("/meta/data-deletion", post(meta::data_deletion))
        .at("/meta/deauthorize", post(meta::deauthorize))
        .at("/data-deletion", get(meta::page))
        .at("/accounts", get(accounts::list).with(csrf(web)))
        .at(
            "/accounts/:id/refresh",
            post(accounts::refresh).with(csrf(web)),
        )
        .at(
            "/accounts/:id/disconnect",
            get(accounts::confirm_disconnect)
                .post(accounts::disconnect)
                .with(csrf(web)),
        )
        .at("/oauth/instagram/start", get(accounts::start))
        .at(
            "/oauth/instagram/callback",
            get(accounts::callback).with(csrf(web)),
        )
        .at(
            "/login",
            get(auth::login_form)
                .post(auth::login_submit)
                .with(csrf(web)),
        )
        .at("/logout", post(auth::logout).with(csrf(web)))
        .at(
            "/setup",
            get(auth::setup_form)
                .post(auth::setup_submit)
                .with(csrf(web)),
        )
}
