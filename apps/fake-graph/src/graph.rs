//! graph.instagram.com's object paths: `/{id}`, `/{id}/{edge}`, by method,
//! dispatched to the module that holds that kind of object.

use std::sync::MutexGuard;

use poem::http::Method;
use serde_json::Value;

use crate::FakeGraph;
use crate::config::FakeGraphConfig;
use crate::errors::GraphError;
use crate::fields::{Field, Node, View, render};
use crate::paging::{self, LinkTemplate, Links, PageParams};
use crate::params::Params;
use crate::state::{State, Target};
use crate::tokens::{Auth, BASIC};
use crate::{comments, insights, media, messaging, profile, publishing, subscriptions};

/// One authenticated Graph call.
pub(crate) struct Call<'a> {
    pub fake: &'a FakeGraph,
    pub auth: Auth,
    pub params: &'a Params,
    pub links: Links,
    /// The path without the version, e.g. `me/media`.
    pub path: String,
}

impl Call<'_> {
    pub(crate) fn config(&self) -> &FakeGraphConfig {
        self.fake.config()
    }

    pub(crate) fn state(&self) -> MutexGuard<'_, State> {
        self.fake.state()
    }

    pub(crate) fn view<'s>(&'s self, state: &'s State) -> View<'s> {
        View {
            state,
            account: self.auth.account,
            config: self.fake.config(),
            links: &self.links,
            now: state.now(),
        }
    }

    pub(crate) fn fields(&self) -> Result<Option<Vec<Field>>, GraphError> {
        self.params.fields()
    }

    /// This request's URL, for `next`/`previous` links.
    pub(crate) fn page_link(&self) -> LinkTemplate {
        self.links
            .template(&self.path, self.params.query_pairs().to_vec())
    }
}

/// A newest-first list as a page: `{"data":[…],"paging":{…}}`.
pub(crate) fn list(
    cx: &Call<'_>,
    view: &View<'_>,
    items: Vec<&dyn Node>,
    default_limit: usize,
    max: usize,
) -> Result<Value, GraphError> {
    let p = PageParams::read(cx.params, default_limit, max)?;
    let fields = cx.fields()?;
    let page = paging::slice(items, |n| n.key(), &p);
    let data = page
        .items
        .iter()
        .map(|n| render(view, *n, fields.as_deref()))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(page.envelope(data, Some(&cx.page_link())))
}

fn resolve(cx: &Call<'_>, id: &str) -> Option<Target> {
    cx.state().resolve(cx.auth.account, id)
}

/// Routes one call; `segs` is the path without the version.
pub(crate) async fn dispatch(
    cx: &Call<'_>,
    method: &Method,
    segs: &[&str],
) -> Result<Value, GraphError> {
    match segs {
        [] => Err(GraphError::unknown_path("")),
        [id] => node(cx, method, id),
        [id, name] => edge(cx, method, id, name).await,
        [_, _, rest @ ..] => Err(GraphError::unknown_path(&rest.join("/"))),
    }
}

fn node(cx: &Call<'_>, method: &Method, id: &str) -> Result<Value, GraphError> {
    let target = resolve(cx, id);
    let unsupported = || GraphError::unsupported(method, id);
    match (method, target) {
        (&Method::GET, Some(Target::Account)) => {
            cx.auth.require(BASIC)?;
            let fields = cx.fields()?;
            let state = cx.state();
            let view = cx.view(&state);
            let account = state
                .accounts
                .get(cx.auth.account)
                .ok_or_else(GraphError::invalid_token)?;
            let p = profile::Profile {
                account,
                index: cx.auth.account,
            };
            render(&view, &p, fields.as_deref())
        }
        (&Method::GET, Some(Target::Media(i))) => media::get(cx, i),
        (&Method::GET, Some(Target::Comment(_))) => comments::get(cx, id),
        (&Method::GET, Some(Target::Container(i))) => publishing::get(cx, i),
        (&Method::GET, Some(Target::Conversation(i))) => messaging::get_conversation(cx, i),
        (&Method::GET, Some(Target::Message(c, m))) => messaging::get_message(cx, c, m),
        (&Method::GET, Some(Target::Person(c))) => messaging::get_person(cx, c),
        (&Method::POST, Some(Target::Comment(_))) => comments::hide(cx, id),
        (&Method::POST, Some(Target::Media(i))) => media::update(cx, i),
        (&Method::DELETE, Some(Target::Comment(_))) => comments::delete(cx, id),
        // Deleting media is Facebook Login only: graph.instagram.com refuses.
        _ => Err(unsupported()),
    }
}

async fn edge(cx: &Call<'_>, method: &Method, id: &str, edge: &str) -> Result<Value, GraphError> {
    let Some(target) = resolve(cx, id) else {
        return Err(GraphError::unsupported(method, id));
    };
    match (method, target, edge) {
        (&Method::GET, Target::Account, "media") => media::list_media(cx, false),
        (&Method::GET, Target::Account, "stories") => media::list_media(cx, true),
        (&Method::GET, Target::Account, "conversations") => messaging::list_conversations(cx),
        (&Method::GET, Target::Account, "insights") => insights::account(cx),
        (&Method::GET, Target::Account, "content_publishing_limit") => publishing::limit(cx),
        (&Method::GET, Target::Account, "subscribed_apps") => subscriptions::list(cx),
        (&Method::POST, Target::Account, "media") => publishing::create(cx).await,
        (&Method::POST, Target::Account, "media_publish") => publishing::publish(cx),
        (&Method::POST, Target::Account, "messages") => messaging::send(cx),
        (&Method::POST, Target::Account, "subscribed_apps") => subscriptions::subscribe(cx),
        (&Method::DELETE, Target::Account, "subscribed_apps") => subscriptions::unsubscribe(cx),
        (&Method::GET, Target::Media(i), "comments") => comments::list_comments(cx, i),
        (&Method::GET, Target::Media(i), "children") => media::get_children(cx, i),
        (&Method::GET, Target::Media(i), "insights") => insights::media(cx, i),
        (&Method::POST, Target::Media(i), "comments") => comments::create(cx, i),
        (&Method::GET, Target::Comment(_), "replies") => comments::list_replies(cx, id),
        (&Method::POST, Target::Comment(_), "replies") => comments::reply(cx, id),
        (&Method::GET, Target::Conversation(i), "messages") => messaging::list_messages(cx, i),
        (&Method::GET, t, e) => Err(GraphError::nonexisting_field(e, t.node_type())),
        _ => Err(GraphError::unsupported(method, id)),
    }
}
