//! Direct messages: conversations, messages (details only for the 20 most
//! recent of a conversation), the people who wrote, and sending, with the
//! 24-hour window, the human agent's 7 days and private replies.

use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};

use crate::call::{Call, list};
use crate::clock::iso;
use crate::errors::GraphError;
use crate::fields::{Node, Out, View, edge, render};
use crate::paging::Key;
use crate::selection::Field;

use crate::model::{Account, Attachment, Conversation, Message, Peer};
use crate::state::{State, Target};
use crate::tokens::MESSAGES;

/// Messages of a conversation that still return their details.
const DETAILED: usize = 20;
/// Text messages are limited to 1000 bytes of UTF-8.
const MAX_TEXT_BYTES: usize = 1000;

impl Conversation {
    pub(crate) fn updated_time(&self) -> OffsetDateTime {
        self.messages
            .iter()
            .map(|m| m.created_time)
            .max()
            .unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }

    fn last_inbound(&self) -> Option<OffsetDateTime> {
        self.messages
            .iter()
            .filter(|m| m.inbound)
            .map(|m| m.created_time)
            .max()
    }

    /// Message-request threads nobody answered, idle for 30 days, are not
    /// listed.
    fn listed(&self, now: OffsetDateTime) -> bool {
        self.messages.iter().any(|m| !m.inbound) || now - self.updated_time() < Duration::days(30)
    }
}

fn participant(id: &str, username: &str) -> Value {
    json!({ "username": username, "id": id })
}

struct Thread<'a> {
    conv: &'a Conversation,
    owner: &'a Account,
}

impl Node for Thread<'_> {
    fn node_type(&self) -> &'static str {
        "UnifiedThread"
    }

    fn node_id(&self) -> String {
        self.conv.id.clone()
    }

    fn default_fields(&self) -> &'static [&'static str] {
        &["id", "updated_time"]
    }

    fn key(&self) -> Key {
        Key {
            ts: self.conv.updated_time().unix_timestamp(),
            id: self.conv.id.clone(),
        }
    }

    fn field(&self, view: &View<'_>, f: &Field) -> Result<Out, GraphError> {
        Ok(match f.name.as_str() {
            "id" => Out::of(self.conv.id.clone()),
            "updated_time" => Out::of(iso(self.conv.updated_time())),
            "participants" => Out::of(json!({ "data": [
                participant(&self.conv.peer.id, &self.conv.peer.username),
                participant(&self.owner.ig_user_id, &self.owner.username),
            ]})),
            "messages" => {
                let items = newest_first(self.conv, self.owner);
                let nodes: Vec<&dyn Node> = items.iter().map(|m| m as &dyn Node).collect();
                Out::Value(edge(
                    view,
                    nodes,
                    f,
                    25,
                    &format!("{}/messages", self.conv.id),
                )?)
            }
            _ => Out::Unknown,
        })
    }
}

/// A message with what it needs to render.
struct Item<'a> {
    conv: &'a Conversation,
    owner: &'a Account,
    index: usize,
}

impl Item<'_> {
    fn msg(&self) -> &Message {
        &self.conv.messages[self.index]
    }

    fn detailed(&self) -> bool {
        self.index + DETAILED >= self.conv.messages.len()
    }
}

fn newest_first<'a>(conv: &'a Conversation, owner: &'a Account) -> Vec<Item<'a>> {
    (0..conv.messages.len())
        .rev()
        .map(|index| Item { conv, owner, index })
        .collect()
}

fn attachment_json(msg_id: &str, n: usize, a: &Attachment) -> Value {
    let id = format!("{}_{n}", &msg_id[..msg_id.len().min(12)]);
    match a.kind.as_str() {
        "image" => json!({ "id": id, "mime_type": "image/jpeg", "name": format!("image-{n}.jpg"),
            "image_data": { "url": a.url, "preview_url": a.url, "width": 1080, "height": 1080 } }),
        "video" => json!({ "id": id, "mime_type": "video/mp4", "name": format!("video-{n}.mp4"),
            "video_data": { "url": a.url, "preview_url": a.url, "width": 720, "height": 1280 } }),
        "audio" => {
            json!({ "id": id, "mime_type": "audio/mpeg", "name": format!("audio-{n}.mp3"), "file_url": a.url })
        }
        _ => {
            json!({ "id": id, "mime_type": "application/octet-stream", "name": format!("file-{n}"), "file_url": a.url })
        }
    }
}

impl Node for Item<'_> {
    fn node_type(&self) -> &'static str {
        "Message"
    }

    fn node_id(&self) -> String {
        self.msg().id.clone()
    }

    fn default_fields(&self) -> &'static [&'static str] {
        &["id", "created_time"]
    }

    fn key(&self) -> Key {
        Key {
            ts: self.msg().created_time.unix_timestamp(),
            // Ordered by position when times tie.
            id: format!("{:08}", self.index),
        }
    }

    fn field(&self, _view: &View<'_>, f: &Field) -> Result<Out, GraphError> {
        let m = self.msg();
        let peer = participant(&self.conv.peer.id, &self.conv.peer.username);
        let me = participant(&self.owner.ig_user_id, &self.owner.username);
        let (from, to) = if m.inbound { (peer, me) } else { (me, peer) };
        let detail = |v: Value| {
            if self.detailed() {
                Out::Value(v)
            } else {
                Out::Absent
            }
        };
        Ok(match f.name.as_str() {
            "id" => Out::of(m.id.clone()),
            "created_time" => Out::of(iso(m.created_time)),
            "from" => detail(from),
            "to" => detail(json!({ "data": [to] })),
            "message" => detail(json!(m.text.clone().unwrap_or_default())),
            "attachments" => {
                if m.attachments.is_empty() {
                    Out::Absent
                } else {
                    let data: Vec<Value> = m
                        .attachments
                        .iter()
                        .enumerate()
                        .map(|(n, a)| attachment_json(&m.id, n, a))
                        .collect();
                    detail(json!({ "data": data }))
                }
            }
            _ => Out::Unknown,
        })
    }
}

/// Someone who messaged the account, as `GET /{IGSID}` shows them.
struct Person<'a>(&'a Peer);

impl Node for Person<'_> {
    fn node_type(&self) -> &'static str {
        "User"
    }

    fn node_id(&self) -> String {
        self.0.id.clone()
    }

    fn default_fields(&self) -> &'static [&'static str] {
        &["name", "username", "id"]
    }

    fn field(&self, _view: &View<'_>, f: &Field) -> Result<Out, GraphError> {
        let p = self.0;
        Ok(match f.name.as_str() {
            "id" => Out::of(p.id.clone()),
            "name" => Out::of(p.name.clone()),
            "username" => Out::of(p.username.clone()),
            "profile_pic" => Out::of(format!(
                "https://scontent.cdninstagram.example/profile/{}.jpg",
                p.username
            )),
            "follower_count" => Out::of(p.follower_count),
            "is_user_follow_business" => Out::of(p.follows_business),
            "is_business_follow_user" => Out::of(p.business_follows),
            "is_verified_user" => Out::of(p.verified),
            _ => Out::Unknown,
        })
    }
}

fn owner(state: &State, account: usize) -> Result<&Account, GraphError> {
    state
        .accounts
        .get(account)
        .ok_or_else(GraphError::invalid_token)
}

/// `GET /me/conversations?platform=instagram[&user_id=<IGSID>]`.
pub(crate) fn list_conversations(cx: &Call<'_>) -> Result<Value, GraphError> {
    cx.auth.require(MESSAGES)?;
    if let Some(p) = cx.params.get("platform")
        && p != "instagram"
    {
        return Err(GraphError::param(
            "(#100) Param platform must be one of {instagram}",
        ));
    }
    let user = cx.params.get("user_id");
    let state = cx.state();
    let view = cx.view(&state);
    let me = owner(&state, cx.auth.account)?;
    let mut threads: Vec<Thread<'_>> = state
        .conversations
        .iter()
        .filter(|c| c.account == cx.auth.account && c.listed(view.now))
        .filter(|c| user.is_none_or(|u| c.peer.id == u))
        .map(|conv| Thread { conv, owner: me })
        .collect();
    threads.sort_by_key(|t| std::cmp::Reverse(t.key()));
    let nodes: Vec<&dyn Node> = threads.iter().map(|t| t as &dyn Node).collect();
    list(cx, &view, nodes, 25, cx.config().max_page_size)
}

/// `GET /{conversation-id}` (e.g. `fields=messages{…}`).
pub(crate) fn get_conversation(cx: &Call<'_>, conv: usize) -> Result<Value, GraphError> {
    cx.auth.require(MESSAGES)?;
    let fields = cx.fields()?;
    let state = cx.state();
    let view = cx.view(&state);
    let me = owner(&state, cx.auth.account)?;
    let thread = Thread {
        conv: &state.conversations[conv],
        owner: me,
    };
    render(&view, &thread, fields.as_deref())
}

/// `GET /{conversation-id}/messages`.
pub(crate) fn list_messages(cx: &Call<'_>, conv: usize) -> Result<Value, GraphError> {
    cx.auth.require(MESSAGES)?;
    let state = cx.state();
    let view = cx.view(&state);
    let me = owner(&state, cx.auth.account)?;
    let items = newest_first(&state.conversations[conv], me);
    let nodes: Vec<&dyn Node> = items.iter().map(|m| m as &dyn Node).collect();
    list(cx, &view, nodes, 25, cx.config().max_page_size)
}

/// `GET /{message-id}`: only the 20 most recent messages of a conversation
/// can be read; older ids answer as deleted.
pub(crate) fn get_message(cx: &Call<'_>, conv: usize, index: usize) -> Result<Value, GraphError> {
    cx.auth.require(MESSAGES)?;
    let fields = cx.fields()?;
    let state = cx.state();
    let view = cx.view(&state);
    let me = owner(&state, cx.auth.account)?;
    let item = Item {
        conv: &state.conversations[conv],
        owner: me,
        index,
    };
    if !item.detailed() {
        return Err(GraphError::param("(#100) This message has been deleted"));
    }
    render(&view, &item, fields.as_deref())
}

/// `GET /{IGSID}`: the profile of someone who messaged the account. Without
/// a message from them there is no consent, and Instagram refuses.
pub(crate) fn get_person(cx: &Call<'_>, conv: usize) -> Result<Value, GraphError> {
    cx.auth.require(MESSAGES)?;
    let fields = cx.fields()?;
    let state = cx.state();
    let view = cx.view(&state);
    let c = &state.conversations[conv];
    if c.last_inbound().is_none() {
        return Err(GraphError::oauth(
            230,
            "(#230) User consent is required to access user profile",
        ));
    }
    render(&view, &Person(&c.peer), fields.as_deref())
}

fn outside_window() -> GraphError {
    GraphError::new(
        poem::http::StatusCode::FORBIDDEN,
        "IGApiException",
        10,
        "This message is sent outside of allowed window.",
    )
    .subcode(2534022)
}

/// What a send asks for.
struct Outgoing {
    text: Option<String>,
    attachments: Vec<Attachment>,
}

fn read_message(cx: &Call<'_>, message: &Value) -> Result<Outgoing, GraphError> {
    let text = message
        .get("text")
        .and_then(Value::as_str)
        .map(str::to_string);
    if let Some(t) = &text
        && t.len() > MAX_TEXT_BYTES
    {
        return Err(GraphError::param(
            "(#100) Length of param message[text] must be less than or equal to 1000",
        ));
    }
    let mut raw: Vec<&Value> = Vec::new();
    if let Some(a) = message.get("attachment") {
        raw.push(a);
    }
    if let Some(list) = message.get("attachments").and_then(Value::as_array) {
        if list.len() > 10 {
            return Err(GraphError::param(
                "(#100) A message can carry at most 10 attachments",
            ));
        }
        raw.extend(list);
    }
    let mut attachments = Vec::new();
    for a in raw {
        let kind = a.get("type").and_then(Value::as_str).unwrap_or("");
        let payload = a.get("payload");
        let url = payload
            .and_then(|p| {
                p.get("url")
                    .or_else(|| p.get("attachment_id"))
                    .or_else(|| p.get("id"))
            })
            .and_then(|u| {
                u.as_str()
                    .map(str::to_string)
                    .or_else(|| Some(u.to_string()))
            })
            .unwrap_or_default();
        match kind {
            "image" | "video" | "audio" | "file" => {
                if url.is_empty() {
                    return Err(GraphError::param(
                        "(#100) Param message[attachment][payload] must contain a url or an attachment_id",
                    ));
                }
            }
            "like_heart" => {}
            "MEDIA_SHARE" => {
                let state = cx.state();
                if !matches!(state.resolve(cx.auth.account, &url), Some(Target::Media(_))) {
                    return Err(GraphError::param(
                        "(#100) The shared media does not exist or is not owned by this account",
                    ));
                }
            }
            _ => {
                return Err(GraphError::param(
                    "(#100) Param message[attachment][type] must be one of {image, video, audio, file, like_heart, MEDIA_SHARE}",
                ));
            }
        }
        attachments.push(Attachment {
            kind: kind.to_string(),
            url,
        });
    }
    if text.as_deref().is_none_or(str::is_empty) && attachments.is_empty() {
        return Err(GraphError::param(
            "(#100) Param message must contain text or an attachment",
        ));
    }
    Ok(Outgoing { text, attachments })
}

/// `POST /{ig-id}/messages` or `/me/messages`, JSON body:
/// `{"recipient":{"id"|"comment_id"},"message":{…}}` or a `sender_action`.
pub(crate) fn send(cx: &Call<'_>) -> Result<Value, GraphError> {
    cx.auth.require(MESSAGES)?;
    let recipient = cx
        .params
        .structured("recipient")
        .ok_or_else(|| GraphError::required("recipient"))?;
    if let Some(action) = cx.params.get("sender_action") {
        return sender_action(cx, &recipient, action);
    }
    let message = cx
        .params
        .structured("message")
        .ok_or_else(|| GraphError::required("message"))?;
    let out = read_message(cx, &message)?;
    let tag = cx.params.get("tag");
    let human_agent = match tag {
        None => false,
        Some("HUMAN_AGENT") => true,
        Some(other) => {
            return Err(GraphError::param(format!(
                "(#100) Param tag must be one of {{HUMAN_AGENT}}, got {other}"
            )));
        }
    };
    let mut state = cx.state();
    let now = state.now();
    let account = cx.auth.account;
    let conv = if let Some(comment_id) = recipient.get("comment_id").and_then(Value::as_str) {
        private_reply_thread(&mut state, account, comment_id, now)?
    } else {
        let id = recipient
            .get("id")
            .and_then(|v| {
                v.as_str()
                    .map(str::to_string)
                    .or_else(|| v.as_u64().map(|n| n.to_string()))
            })
            .ok_or_else(|| GraphError::param("(#100) Param recipient[id] is required"))?;
        let conv = state
            .conversations
            .iter()
            .position(|c| c.account == account && c.peer.id == id)
            .ok_or_else(|| GraphError::param("(#100) No matching user found").subcode(2018001))?;
        let last = state.conversations[conv].last_inbound();
        let age = last.map(|t| now - t);
        let in_window = age.is_some_and(|a| a <= Duration::hours(24));
        let agent_ok = human_agent && age.is_some_and(|a| a <= Duration::days(7));
        if !in_window && !agent_ok {
            return Err(outside_window());
        }
        conv
    };
    let peer_id = state.conversations[conv].peer.id.clone();
    if state.faults.unavailable.contains(&peer_id) {
        return Err(
            GraphError::oauth(551, "(#551) This person isn't available right now.")
                .subcode(1545041),
        );
    }
    let thread_id = state.conversations[conv].id.clone();
    let mid = state.ids.message(&thread_id);
    state.conversations[conv].messages.push(Message {
        id: mid.clone(),
        inbound: false,
        text: out.text,
        attachments: out.attachments,
        created_time: now,
        via_api: true,
        human_agent,
    });
    Ok(json!({ "recipient_id": peer_id, "message_id": mid }))
}

/// A private reply: one per comment, within 7 days of it; opens (or
/// reuses) the thread with the commenter.
fn private_reply_thread(
    state: &mut State,
    account: usize,
    comment_id: &str,
    now: OffsetDateTime,
) -> Result<usize, GraphError> {
    let Some(Target::Comment(ci)) = state.resolve(account, comment_id) else {
        return Err(GraphError::unsupported(
            &poem::http::Method::POST,
            comment_id,
        ));
    };
    let c = state.comments[ci].clone();
    if c.by_owner {
        return Err(GraphError::param(
            "(#100) A private reply cannot be sent to the account's own comment",
        ));
    }
    if now - c.timestamp > Duration::days(7) {
        return Err(outside_window());
    }
    if c.replied_privately {
        return Err(GraphError::oauth(
            10,
            "(#10) This comment has already been replied to privately",
        ));
    }
    state.comments[ci].replied_privately = true;
    if let Some(i) = state
        .conversations
        .iter()
        .position(|x| x.account == account && x.peer.id == c.from_id)
    {
        return Ok(i);
    }
    let owner_id = state
        .accounts
        .get(account)
        .map(|a| a.ig_user_id.clone())
        .unwrap_or_default();
    let id = state.ids.thread(&owner_id);
    state.conversations.push(Conversation {
        id,
        account,
        peer: Peer {
            id: c.from_id.clone(),
            username: c.username.clone(),
            name: c.username.clone(),
            follower_count: 120,
            follows_business: false,
            business_follows: false,
            verified: false,
        },
        messages: Vec::new(),
    });
    Ok(state.conversations.len() - 1)
}

fn sender_action(cx: &Call<'_>, recipient: &Value, action: &str) -> Result<Value, GraphError> {
    let id = recipient
        .get("id")
        .and_then(Value::as_str)
        .ok_or_else(|| GraphError::param("(#100) Param recipient[id] is required"))?;
    let state = cx.state();
    if !state
        .conversations
        .iter()
        .any(|c| c.account == cx.auth.account && c.peer.id == id)
    {
        return Err(GraphError::param("(#100) No matching user found").subcode(2018001));
    }
    match action {
        "typing_on" | "typing_off" | "mark_seen" => {}
        "react" | "unreact" => {
            let payload = cx.params.structured("payload").unwrap_or(Value::Null);
            if payload.get("message_id").is_none() {
                return Err(GraphError::param(
                    "(#100) Param payload[message_id] is required",
                ));
            }
        }
        _ => {
            return Err(GraphError::param(
                "(#100) Param sender_action must be one of {typing_on, typing_off, mark_seen, react, unreact}",
            ));
        }
    }
    Ok(json!({ "recipient_id": id }))
}
