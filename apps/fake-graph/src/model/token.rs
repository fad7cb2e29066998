//! An access token.

use time::OffsetDateTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    ShortLived,
    LongLived,
}

#[derive(Debug, Clone)]
pub struct Token {
    pub account: usize,
    pub kind: TokenKind,
    pub issued_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    pub scopes: Vec<String>,
    /// Invalidated as by a password change (190 / 460).
    pub invalidated: bool,
}
