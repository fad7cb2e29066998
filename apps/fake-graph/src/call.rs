//! One authenticated Graph call as the object handlers see it: who calls,
//! with which parameters, and how a list answers as a page.

use std::sync::MutexGuard;

use serde_json::Value;

use crate::FakeGraph;
use crate::config::FakeGraphConfig;
use crate::errors::GraphError;
use crate::fields::{Node, View, render};
use crate::paging::{self, LinkTemplate, Links, PageParams};
use crate::params::Params;
use crate::selection::Field;
use crate::state::State;
use crate::tokens::Auth;

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
