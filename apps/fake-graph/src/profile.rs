//! Instagram professional accounts and their profile: `GET /me` and
//! `GET /{ig-user-id}`, a flat object with the selected fields.

use crate::errors::GraphError;
use crate::fields::{Node, Out, View};
use crate::model::{Account, Product};
use crate::selection::Field;

/// An account as its own token sees it.
pub(crate) struct Profile<'a> {
    pub account: &'a Account,
    pub index: usize,
}

impl Node for Profile<'_> {
    fn node_type(&self) -> &'static str {
        "User"
    }

    fn node_id(&self) -> String {
        self.account.app_scoped_id.clone()
    }

    fn default_fields(&self) -> &'static [&'static str] {
        &["id"]
    }

    fn field(&self, view: &View<'_>, f: &Field) -> Result<Out, GraphError> {
        let a = self.account;
        Ok(match f.name.as_str() {
            "id" => Out::of(a.app_scoped_id.clone()),
            "user_id" => Out::of(a.ig_user_id.clone()),
            "username" => Out::of(a.username.clone()),
            "name" => Out::of(a.name.clone()),
            "biography" => Out::of(a.biography.clone()),
            "website" => Out::opt(a.website.clone()),
            "profile_picture_url" => Out::of(a.profile_picture_url.clone()),
            "followers_count" => Out::of(a.followers_count),
            "follows_count" => Out::of(a.follows_count),
            "media_count" => {
                let held = view
                    .state
                    .media_of(self.index)
                    .filter(|m| m.parent.is_none())
                    .filter(|m| m.product != Product::Story)
                    .count() as u64;
                Out::of(a.media_count_base + held)
            }
            "account_type" => Out::of(a.account_type.clone()),
            _ => Out::Unknown,
        })
    }
}
