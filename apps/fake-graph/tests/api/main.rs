//! The fake Instagram over real HTTP, as the Graph client and the product
//! see it. One test binary; one module per area.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod helpers;

mod chooser;
mod comments;
mod faults;
mod ice_breakers;
mod insights;
mod media;
mod messaging;
mod oauth;
mod publishing;
mod tokens;
