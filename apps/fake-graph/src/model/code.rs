//! An OAuth authorization code.

use time::OffsetDateTime;

/// An authorization code: single use, valid 1 h, bound to its redirect URI.
#[derive(Debug, Clone)]
pub struct Code {
    pub account: usize,
    pub redirect_uri: String,
    pub issued_at: OffsetDateTime,
    pub used: bool,
    pub scopes: Vec<String>,
}
