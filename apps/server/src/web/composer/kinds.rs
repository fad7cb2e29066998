//! The first step of the composer: which kind of post. Each kind is a link
//! that reloads the composer with `?kind=` (without script); the script
//! switches in place and keeps what was typed.

use socialflow_core::posts::{PostId, PostKind};

use super::form::ComposerForm;
use crate::i18n::Tr;
use crate::web::posts_text as text;

pub struct KindStep {
    pub value: &'static str,
    pub label: String,
    pub hint: String,
    pub icon: &'static str,
    pub href: String,
    pub current: bool,
}

pub fn kind_steps(
    tr: &Tr,
    current: PostKind,
    post: Option<PostId>,
    f: &ComposerForm,
) -> Vec<KindStep> {
    let base = match post {
        Some(id) => format!("/content/{id}/edit"),
        None => "/content/new".into(),
    };
    PostKind::ALL
        .into_iter()
        .map(|k| {
            let mut q: Vec<(&str, &str)> = vec![("kind", k.as_str())];
            if post.is_none() {
                for (name, value) in [
                    ("account", f.account_id.as_str()),
                    ("date", f.date.as_str()),
                    ("time", f.time.as_str()),
                ] {
                    if !value.is_empty() {
                        q.push((name, value));
                    }
                }
            }
            KindStep {
                value: k.as_str(),
                label: text::kind(tr, k),
                hint: tr.t(&format!("composer-kind-hint-{}", k.as_str())),
                icon: match k {
                    PostKind::Post => "i-image",
                    PostKind::Reel => "i-play",
                    PostKind::Carousel => "i-list",
                    PostKind::Story => "i-clock",
                },
                href: format!(
                    "{base}?{}",
                    serde_urlencoded::to_string(&q).unwrap_or_default()
                ),
                current: k == current,
            }
        })
        .collect()
}
