//! Instagram, as the product sees it: the [`InstagramApi`] port, the data it
//! returns and the errors use cases act on. The Graph adapter speaks the wire
//! format; nothing here knows about HTTP.

mod error;
pub mod explain;
mod ice_breakers;
mod paging;
mod ports;
mod scope;
mod types;
mod usage;

pub use error::InstagramError;
pub use ice_breakers::{IceBreakerLocale, IceBreakerQuestion};
pub use paging::{Page, collect_pages};
#[cfg(any(test, feature = "mocks"))]
pub use ports::MockInstagramApi;
pub use ports::{IgResult, InstagramApi};
pub use scope::{Scope, missing_scopes};
pub use types::*;
pub use usage::RateUsage;
