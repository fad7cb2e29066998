//! graph.instagram.com's object paths: `/{id}`, `/{id}/{edge}`, by method,
//! dispatched to the module that holds that kind of object.

use poem::http::Method;
use serde_json::Value;

use crate::call::Call;
use crate::errors::GraphError;
use crate::fields::render;
use crate::state::Target;
use crate::tokens::BASIC;
use crate::{
    comments, ice_breakers, insights, media, messaging, profile, publishing, subscriptions,
};

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
        (&Method::GET, Target::Account, "messenger_profile") => ice_breakers::get(cx),
        (&Method::POST, Target::Account, "messenger_profile") => ice_breakers::set(cx),
        (&Method::DELETE, Target::Account, "messenger_profile") => ice_breakers::delete(cx),
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
