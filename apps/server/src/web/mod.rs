//! The server-rendered HTML interface.

pub mod accounts;
pub mod auth;
pub mod layout;
pub mod meta;
pub mod pages;
pub mod posts;
pub mod posts_text;
pub mod request;
pub mod session;
pub mod settings;

use poem::middleware::Csrf;
use poem::web::cookie::SameSite;
use poem::{EndpointExt, Route, get, post};

use crate::state::WebSettings;

/// CSRF protection for the HTML forms, keyed from the master key so every
/// server process accepts every other's tokens.
fn csrf(web: &WebSettings) -> Csrf {
    Csrf::new()
        .key(web.csrf_key)
        .cookie_name("sf_csrf")
        .secure(web.secure_cookies)
        .same_site(SameSite::Strict)
        .path("/")
}

pub fn routes(route: Route, web: &WebSettings) -> Route {
    route
        .at("/", get(pages::dashboard).with(csrf(web)))
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
        .at("/comments", get(pages::comments).with(csrf(web)))
        .at("/messages", get(pages::messages).with(csrf(web)))
        .at("/analytics", get(pages::analytics).with(csrf(web)))
        .at("/settings", get(settings::show).with(csrf(web)))
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
