//! Every URL of the HTML interface. A route is either a page or form of
//! the interface, behind the CSRF middleware (its forms take a
//! [`CsrfForm`](super::shared::forms::CsrfForm), which checks the token
//! before the handler runs), or one of the few open ones: files, CSV
//! exports, and callbacks Meta signs instead.

use poem::{EndpointExt, Route};

use super::automation::page as automation;
use super::notifications;
use super::outgoing_webhooks;
use super::settings::accounts;
use super::shared::csrf::SessionCsrf;
use super::shared::methods::{Methods, get, post};
use super::{
    analytics, auth, calendar, composer, home, import, inbox, live, media, posts, privacy, queue,
    saved_replies, settings,
};
use crate::state::WebSettings;

/// The route being built, and the paths that take a POST.
struct Table {
    route: Route,
    csrf: SessionCsrf,
    forms: Vec<&'static str>,
    open_posts: Vec<&'static str>,
    /// Every path with its methods, for the test that each is in the
    /// access table.
    paths: Vec<(&'static str, Vec<&'static str>)>,
}

impl Table {
    /// A page and its forms, behind the CSRF middleware.
    fn at(mut self, path: &'static str, methods: Methods) -> Self {
        if methods.takes_post() {
            self.forms.push(path);
        }
        self.paths.push((path, methods.method_names()));
        self.route = self
            .route
            .at(path, Guard::new(path, methods.with(self.csrf)));
        self
    }

    /// A route without CSRF: its POSTs, if any, are verified otherwise.
    fn open(mut self, path: &'static str, methods: Methods) -> Self {
        if methods.takes_post() {
            self.open_posts.push(path);
        }
        self.paths.push((path, methods.method_names()));
        self.route = self.route.at(path, Guard::new(path, methods));
        self
    }
}

/// Marks each request with the [`Rule`](crate::access::Rule) of its route
/// (by the path pattern it was registered under), for
/// [`WebUser`](super::shared::session::WebUser) to check before the handler
/// runs.
struct Guard<E> {
    path: &'static str,
    inner: E,
}

impl<E> Guard<E> {
    fn new(path: &'static str, inner: E) -> Self {
        Self { path, inner }
    }
}

impl<E: poem::Endpoint> poem::Endpoint for Guard<E> {
    type Output = E::Output;

    async fn call(&self, mut req: poem::Request) -> poem::Result<Self::Output> {
        let rule = crate::access::web_rule(req.method().as_str(), self.path);
        req.set_data(crate::access::RouteRule(rule, self.path));
        self.inner.call(req).await
    }
}

/// The routes taking a POST, by how they are protected.
pub struct PostRoutes {
    /// HTML forms: refused without a valid CSRF token.
    pub forms: Vec<&'static str>,
    /// Callbacks signed by Meta (no session, no form token), and the
    /// client review link's form (a token bound to the link instead).
    pub signed: Vec<&'static str>,
}

pub fn routes(route: Route, web: &WebSettings) -> Route {
    table(route, web).route
}

/// Every registered path with its methods (`GET`, `POST`), for the test
/// that each has a row in [`crate::access::WEB`].
pub fn all_routes(web: &WebSettings) -> Vec<(&'static str, Vec<&'static str>)> {
    table(Route::new(), web).paths
}

/// Which paths take a POST, for the test that every form is refused
/// without its token.
pub fn post_routes(web: &WebSettings) -> PostRoutes {
    let t = table(Route::new(), web);
    PostRoutes {
        forms: t.forms,
        signed: t.open_posts,
    }
}

fn table(route: Route, web: &WebSettings) -> Table {
    let t = Table {
        route,
        // Bound to the session and keyed from the master key, so every
        // server process accepts every other's tokens.
        csrf: SessionCsrf::new(web.csrf_key, web.secure_cookies),
        forms: Vec::new(),
        open_posts: Vec::new(),
        paths: Vec::new(),
    };
    t.at("/", get(home::dashboard::dashboard))
        // Inbox
        .at("/comments", get(inbox::comments::show))
        .at("/comments/refresh", post(inbox::comment_actions::refresh))
        .at("/comments/:id/reply", post(inbox::comment_actions::reply))
        .at("/comments/:id/hide", post(inbox::comment_actions::hide))
        .at("/comments/:id/unhide", post(inbox::comment_actions::unhide))
        .at(
            "/comments/:id/delete",
            get(inbox::comment_actions::confirm_delete).post(inbox::comment_actions::delete),
        )
        .at(
            "/comments/media/:media_id",
            post(inbox::comment_actions::comment_on_post),
        )
        .at("/messages", get(inbox::messages::show))
        .at("/messages/refresh", post(inbox::messages::refresh))
        .at(
            "/messages/:id",
            get(inbox::messages::thread).post(inbox::messages::send),
        )
        .at("/ui/counts", get(inbox::counts::counts))
        .at(
            "/inbox/saved-replies",
            get(saved_replies::page::page).post(saved_replies::page::create),
        )
        .at(
            "/inbox/saved-replies/:id",
            post(saved_replies::page::update),
        )
        .at(
            "/inbox/saved-replies/:id/delete",
            post(saved_replies::page::delete),
        )
        .at("/automation", get(automation::list))
        .at(
            "/automation/:account/settings",
            post(super::automation::ops::save_settings),
        )
        .at(
            "/automation/:account/preview",
            post(super::automation::ops::preview),
        )
        .at(
            "/automation/:account/:rule/log",
            get(super::automation::ops::rule_log),
        )
        .at("/inbox/approvals", get(super::automation::ops::approvals))
        .at(
            "/inbox/approvals/:account/:job/approve",
            post(super::automation::ops::approve),
        )
        .at(
            "/inbox/approvals/:account/:job/reject",
            post(super::automation::ops::reject),
        )
        .at(
            "/automation/:account/new",
            get(automation::new_rule).post(automation::create),
        )
        .at(
            "/automation/:account/:rule",
            get(automation::edit_rule).post(automation::update),
        )
        .at(
            "/automation/:account/:rule/enable",
            post(automation::enable),
        )
        .at(
            "/automation/:account/:rule/disable",
            post(automation::disable),
        )
        .at("/automation/:account/:rule/up", post(automation::move_up))
        .at(
            "/automation/:account/:rule/down",
            post(automation::move_down),
        )
        .at(
            "/automation/:account/:rule/delete",
            get(automation::confirm_delete).post(automation::delete),
        )
        .at("/inbox/moderation", get(super::moderation::page::page))
        .at(
            "/inbox/moderation/lists/:kind",
            post(super::moderation::page::save),
        )
        .at(
            "/inbox/moderation/starter",
            post(super::moderation::page::starter),
        )
        .at(
            "/inbox/moderation/log/:id/undo",
            post(super::moderation::page::undo),
        )
        .open(
            "/webhooks/instagram",
            get(crate::webhooks::verify).post(crate::webhooks::receive),
        )
        // Analytics
        .at("/analytics", get(analytics::page::page))
        .open(
            "/analytics/followers.csv",
            get(analytics::csv::export_followers),
        )
        .open("/analytics/posts.csv", get(analytics::csv::export_posts))
        .at("/analytics/report", get(analytics::report::page))
        .at("/analytics/report/share", post(analytics::report::share))
        .at("/analytics/report/revoke", post(analytics::report::revoke))
        .open("/shared/report/:secret", get(analytics::report::shared))
        // Content: posts, calendar, composer
        .at("/content", get(posts::list::list))
        .at("/calendar", get(calendar::page::calendar))
        .at("/calendar/grid", get(calendar::profile::grid))
        .at("/calendar/move", post(calendar::moves::move_post))
        .at("/calendar/swap", post(calendar::moves::swap))
        .at(
            "/content/new",
            get(composer::new_form).post(composer::create),
        )
        .at(
            "/content/import",
            get(import::actions::show).post(import::actions::commit),
        )
        .at("/content/import/preview", post(import::actions::check))
        .open("/content/export.csv", get(import::actions::export))
        .at("/content/upload", post(composer::upload::upload))
        .at(
            "/content/snippets",
            get(composer::snippets::page).post(composer::snippets::create),
        )
        .at("/content/snippets/:id", post(composer::snippets::update))
        .at(
            "/content/snippets/:id/delete",
            post(composer::snippets::delete),
        )
        .at("/content/:id", get(posts::show::show))
        .at(
            "/content/:id/edit",
            get(composer::edit_form).post(composer::update),
        )
        .at("/content/:id/publish", post(posts::publish))
        .at("/content/:id/cancel", post(posts::cancel))
        .at("/content/:id/acknowledge", post(posts::acknowledge))
        .at("/content/:id/duplicate", post(posts::duplicate))
        .at("/content/:id/move", post(posts::move_to_account))
        .at(
            "/content/:id/delete",
            get(posts::confirm_delete).post(posts::delete),
        )
        // Approvals: the queue, review steps and team notes on a post
        .at("/approvals", get(super::approvals::page))
        .at("/content/:id/submit", post(super::approvals::submit))
        .at("/content/:id/approve", post(super::approvals::approve))
        .at(
            "/content/:id/request-changes",
            post(super::approvals::request_changes),
        )
        .at("/content/:id/notes", post(super::approvals::add_note))
        .at(
            "/content/:id/notes/:note/delete",
            post(super::approvals::delete_note),
        )
        // Queue and the calendar feed (the secret in its URL is the key)
        .at("/queue", get(queue::page::show))
        .at("/queue/slots", post(queue::actions::save_slots))
        .at("/queue/slots/add", post(queue::actions::add_slots))
        .at("/queue/add/:id", post(queue::actions::add_to_queue))
        .at("/queue/feed", post(queue::actions::open_feed))
        .at("/queue/feed/revoke", post(queue::actions::revoke_feed))
        .open("/calendar/:file", get(queue::ics::feed))
        // Settings
        .at("/settings", get(settings::page::show))
        .at("/theme", post(settings::page::set_theme))
        .at("/settings/language", post(settings::page::set_language))
        .at("/settings/time-zone", post(settings::page::set_time_zone))
        .at(
            "/settings/password",
            post(settings::security::change_password),
        )
        .at("/settings/tokens", post(settings::security::create_token))
        .at(
            "/settings/tokens/revoke",
            post(settings::security::revoke_token),
        )
        .at("/admin/audit", get(settings::admin_audit::show))
        // Team: the workspace, its members and invitations
        .at("/team", get(super::team::page::show))
        .at("/team/create", post(super::team::page::create))
        .at("/team/rename", post(super::team::page::rename))
        .at("/team/leave", post(super::team::page::leave))
        .at("/team/delete", post(super::team::page::delete))
        .at(
            "/team/members/:user",
            post(super::team::page::change_member),
        )
        .at(
            "/team/members/:user/remove",
            post(super::team::page::remove_member),
        )
        .at("/team/invitations", post(super::team::page::invite))
        .at(
            "/team/invitations/:id/revoke",
            post(super::team::page::revoke),
        )
        .at(
            "/invite/:secret",
            get(super::team::invite::show).post(super::team::invite::accept),
        )
        // Media
        .at("/media", get(media::page::list).post(media::upload::upload))
        .open("/media/:id", get(crate::media_serving::serve))
        .at(
            "/media/:id/delete",
            get(media::page::confirm_delete).post(media::page::delete),
        )
        // Privacy
        .at("/privacy", get(privacy::page::policy))
        .at("/privacy/acknowledge", post(privacy::page::acknowledge))
        .at(
            "/settings/webhooks",
            get(outgoing_webhooks::page::page).post(outgoing_webhooks::page::create),
        )
        .at(
            "/settings/webhooks/:id",
            get(outgoing_webhooks::log::show).post(outgoing_webhooks::page::update),
        )
        .at(
            "/settings/webhooks/:id/toggle",
            post(outgoing_webhooks::page::toggle),
        )
        .at(
            "/settings/webhooks/:id/delete",
            post(outgoing_webhooks::page::delete),
        )
        .at(
            "/settings/webhooks/:id/test",
            post(outgoing_webhooks::page::test),
        )
        .at(
            "/settings/webhook-deliveries/:id/redeliver",
            post(outgoing_webhooks::log::redeliver),
        )
        .at("/settings/data", get(privacy::page::data))
        .at("/settings/data/export", post(privacy::page::export))
        .at("/settings/data/delete", post(privacy::page::delete_account))
        .open("/meta/data-deletion", post(privacy::meta::data_deletion))
        .open("/meta/deauthorize", post(privacy::meta::deauthorize))
        .open("/data-deletion", get(privacy::meta::page))
        // Instagram accounts
        .at("/accounts", get(accounts::list))
        .at("/accounts/:id/refresh", post(accounts::refresh))
        .at(
            "/accounts/:id/disconnect",
            get(accounts::confirm_disconnect).post(accounts::disconnect),
        )
        .at(
            "/accounts/:id/ice-breakers",
            get(super::ice_breakers::page::page).post(super::ice_breakers::page::save),
        )
        .at(
            "/accounts/:id/ice-breakers/publish",
            post(super::ice_breakers::page::publish),
        )
        .at(
            "/accounts/:id/ice-breakers/remove",
            post(super::ice_breakers::page::remove),
        )
        .open("/oauth/instagram/start", get(accounts::start))
        .at("/oauth/instagram/callback", get(accounts::callback))
        // Signing in
        .at(
            "/login",
            get(auth::page::login_form).post(auth::page::login_submit),
        )
        .at("/logout", post(auth::page::logout))
        .at(
            "/setup",
            get(auth::page::setup_form).post(auth::page::setup_submit),
        )
        // Fresh inbox data: the open inbox page's event stream
        .at("/inbox/events", get(live::stream::events))
        .at("/inbox", get(inbox::triage::show))
        .at("/inbox/posts", get(inbox::comments::post_list))
        .at("/inbox/done", post(inbox::triage_actions::done))
        .at("/inbox/open", post(inbox::triage_actions::open))
        // Notifications
        .at("/notifications", get(notifications::centre::page))
        .at(
            "/notifications/read-all",
            post(notifications::centre::read_all),
        )
        .at("/notifications/:id/open", post(notifications::centre::open))
        .at(
            "/settings/notifications",
            get(notifications::preferences::page).post(notifications::preferences::save),
        )
        // Workspaces: the header's switcher
        .at("/workspaces/switch", post(super::workspaces::switch))
        // Client review: the workspace's links, the page a link opens (its
        // form carries a token bound to the link), the client role's page
        .at(
            "/review-links",
            get(super::client_review::links::page).post(super::client_review::links::create),
        )
        .at(
            "/review-links/:id/revoke",
            post(super::client_review::links::revoke),
        )
        .open(
            "/r/:secret",
            get(super::client_review::public::show).post(super::client_review::public::decide),
        )
        .at("/client", get(super::client_review::portal::page))
        .at(
            "/client/posts/:id/decide",
            post(super::client_review::portal::decide),
        )
}
