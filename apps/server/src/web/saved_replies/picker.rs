//! The saved-reply picker of a reply box (`saved_reply_picker.html`).
//!
//! Without script the box's form posts `saved_reply` (the chosen id) and,
//! from the picker's "Insert" button, `insert`: the page comes back with
//! the reply expanded into the box ([`apply`]), nothing sent. A "Send"
//! with a reply still chosen sends the box with the reply applied. With
//! script, `static/saved-replies.js` inserts the expanded text at the
//! cursor as soon as a reply is chosen.

use socialflow_core::UserId;
use socialflow_core::saved_replies::{ReplyVariables, SavedReplyError, SavedReplyId};

use crate::state::AppState;

/// One saved reply as the picker offers it: the raw text (variables
/// unexpanded) goes to the script, which fills them from the box's data.
pub struct PickerOption {
    pub id: String,
    pub name: String,
    pub text: String,
}

/// The user's saved replies, loaded once per page.
#[derive(Default)]
pub struct SavedReplyChoices {
    pub options: Vec<PickerOption>,
}

/// The picker of one reply box.
pub struct PickerBox<'a> {
    pub options: &'a [PickerOption],
    /// Values of `{username}` and `{account}` for the script.
    pub username: String,
    pub account: String,
    /// The id of the box's textarea.
    pub target: String,
}

impl SavedReplyChoices {
    /// The owner's saved replies; none (and a warning logged) when they
    /// cannot be read, since a reply box still works without them.
    pub async fn load(state: &AppState, owner: UserId) -> Self {
        match state.saved_replies.list(owner).await {
            Ok(all) => SavedReplyChoices {
                options: all
                    .into_iter()
                    .map(|r| PickerOption {
                        id: r.id.to_string(),
                        name: r.name,
                        text: r.text,
                    })
                    .collect(),
            },
            Err(e) => {
                tracing::warn!(error = %e, "cannot list saved replies for a reply box");
                SavedReplyChoices::default()
            }
        }
    }

    pub fn for_box(&self, username: &str, account: &str, target: &str) -> PickerBox<'_> {
        PickerBox {
            options: &self.options,
            username: username.to_string(),
            account: account.to_string(),
            target: target.to_string(),
        }
    }
}

/// The picker's fields in a reply box's form.
#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
pub struct PickerFields {
    /// The chosen saved reply's id, or empty.
    pub saved_reply: String,
    /// Set by the picker's "Insert" button: show the box again, send
    /// nothing.
    pub insert: String,
}

impl PickerFields {
    pub fn inserting(&self) -> bool {
        !self.insert.is_empty()
    }
}

/// The box's text with the chosen saved reply applied (expanded, then
/// replacing an empty box or appended); the draft as is when none was
/// chosen. `NotFound` for an id that is not one of the owner's.
pub async fn apply(
    state: &AppState,
    owner: UserId,
    fields: &PickerFields,
    draft: &str,
    vars: &ReplyVariables,
) -> Result<String, SavedReplyError> {
    let chosen = fields.saved_reply.trim();
    if chosen.is_empty() {
        return Ok(draft.to_string());
    }
    let id = chosen
        .parse::<SavedReplyId>()
        .map_err(|_| SavedReplyError::NotFound)?;
    state.saved_replies.insert(owner, id, draft, vars).await
}

/// The comment reply box's text with the chosen saved reply applied for
/// the comment's author; as typed when the reply or the comment is gone
/// (the reply itself then reports the missing comment).
pub async fn for_comment(
    state: &AppState,
    owner: UserId,
    comment_id: &str,
    fields: &PickerFields,
    draft: &str,
) -> String {
    if fields.saved_reply.trim().is_empty() {
        return draft.to_string();
    }
    let comment = match state.inbox.comment(owner, comment_id).await {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(error = %e, "cannot read the comment for a saved reply");
            None
        }
    };
    let account = match &comment {
        Some(c) => state
            .accounts
            .get(owner, c.account_id)
            .await
            .ok()
            .map(|a| a.profile.username),
        None => None,
    };
    let vars = ReplyVariables {
        username: comment.and_then(|c| c.username),
        account,
    };
    match apply(state, owner, fields, draft, &vars).await {
        Ok(t) => t,
        Err(e) => {
            tracing::warn!(error = %e, "cannot insert a saved reply into a comment reply");
            draft.to_string()
        }
    }
}
