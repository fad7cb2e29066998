//! The Mailer port: sends one e-mail. The SMTP adapter implements it; with
//! no SMTP configured there is none and notifications stay in the app.

use async_trait::async_trait;

use super::EmailAddress;
use crate::Language;

/// One message, already translated: subject, plain text and simple HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingEmail {
    pub to: EmailAddress,
    pub language: Language,
    pub subject: String,
    pub text: String,
    pub html: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MailError {
    /// The server refused this message for good (a bad address): no retry.
    #[error("the mail server refused the message: {0}")]
    Rejected(String),
    /// The server could not be reached or asked to retry later.
    #[error("the mail server is unavailable: {0}")]
    Unavailable(String),
}

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, email: &OutgoingEmail) -> Result<(), MailError>;
}
