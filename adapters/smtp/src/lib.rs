//! The [`Mailer`] port over SMTP with lettre (tokio, rustls). Configured by
//! one URL, `SOCIALFLOW_SMTP_URL`:
//!
//! - `smtp://user:pass@host:587?tls=starttls` — STARTTLS required
//!   (`tls=required` means the same; `tls=opportunistic` upgrades when
//!   offered);
//! - `smtps://user:pass@host:465` — TLS from the first byte;
//! - `smtp://127.0.0.1:2525` — no TLS, for a relay on the same machine.
//!
//! Credentials are refused over a connection without TLS unless the host
//! is a loopback address, so a password never crosses a network in clear.
//! The URL (with its password) is held as a secret and never logged.

use async_trait::async_trait;
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncTransport, Message, Tokio1Executor};
use secrecy::{ExposeSecret, SecretString};
use socialflow_core::notifications::{MailError, Mailer, OutgoingEmail};
use url::Url;

/// Why the SMTP settings cannot be used (said at start, before serving).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SmtpConfigError {
    #[error("SOCIALFLOW_SMTP_URL is not a URL (expected smtp://user:pass@host:587?tls=starttls)")]
    NotAUrl,
    #[error("SOCIALFLOW_SMTP_URL must start with smtp:// or smtps://")]
    Scheme,
    #[error("SOCIALFLOW_SMTP_URL names no host")]
    Host,
    #[error(
        "SOCIALFLOW_SMTP_URL has an unknown tls= value (use starttls, required or opportunistic)"
    )]
    Tls,
    #[error(
        "SOCIALFLOW_SMTP_URL sends a user name and password without TLS to a host that is not this machine; use smtps:// or ?tls=starttls"
    )]
    PlainCredentials,
    #[error("SOCIALFLOW_SMTP_URL's user name or password is not valid percent-encoded UTF-8")]
    Credentials,
    #[error(
        "SOCIALFLOW_MAIL_FROM is missing or not an e-mail address (e.g. SocialFlow <noreply@example.com>)"
    )]
    From,
    #[error("the TLS settings for the SMTP host could not be built")]
    TlsSetup,
}

/// Sends e-mail through one SMTP server.
#[derive(Clone)]
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl std::fmt::Debug for SmtpMailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The transport holds the credentials: never printed.
        f.debug_struct("SmtpMailer")
            .field("from", &self.from.to_string())
            .finish_non_exhaustive()
    }
}

fn is_loopback(host: &url::Host<&str>) -> bool {
    match host {
        url::Host::Domain(d) => d.eq_ignore_ascii_case("localhost"),
        url::Host::Ipv4(ip) => ip.is_loopback(),
        url::Host::Ipv6(ip) => ip.is_loopback(),
    }
}

/// The URL keeps user and password percent-encoded (`p%40ss` for `p@ss`).
fn decode(s: &str) -> Result<String, SmtpConfigError> {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .map(|c| c.into_owned())
        .map_err(|_| SmtpConfigError::Credentials)
}

impl SmtpMailer {
    /// Checks and builds; connects only when the first e-mail is sent.
    pub fn new(url: &SecretString, from: &str) -> Result<Self, SmtpConfigError> {
        let url = Url::parse(url.expose_secret()).map_err(|_| SmtpConfigError::NotAUrl)?;
        let host = url.host().ok_or(SmtpConfigError::Host)?;
        let host_name = url.host_str().ok_or(SmtpConfigError::Host)?.to_string();
        let tls_param: Option<String> = url
            .query_pairs()
            .find(|(k, _)| k == "tls")
            .map(|(_, v)| v.to_ascii_lowercase());
        let params =
            || TlsParameters::new(host_name.clone()).map_err(|_| SmtpConfigError::TlsSetup);
        let (tls, default_port) = match (url.scheme(), tls_param.as_deref()) {
            ("smtp", None | Some("none")) => (Tls::None, 25),
            ("smtp", Some("starttls" | "required")) => (Tls::Required(params()?), 587),
            ("smtp", Some("opportunistic")) => (Tls::Opportunistic(params()?), 587),
            ("smtp", Some(_)) => return Err(SmtpConfigError::Tls),
            ("smtps", _) => (Tls::Wrapper(params()?), 465),
            _ => return Err(SmtpConfigError::Scheme),
        };
        let has_credentials = !url.username().is_empty() || url.password().is_some();
        if has_credentials
            && matches!(tls, Tls::None | Tls::Opportunistic(_))
            && !is_loopback(&host)
        {
            return Err(SmtpConfigError::PlainCredentials);
        }
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host_name)
            .port(url.port().unwrap_or(default_port))
            .tls(tls)
            .timeout(Some(std::time::Duration::from_secs(30)));
        if has_credentials {
            builder = builder.credentials(Credentials::new(
                decode(url.username())?,
                decode(url.password().unwrap_or(""))?,
            ));
        }
        let from: Mailbox = from.trim().parse().map_err(|_| SmtpConfigError::From)?;
        Ok(Self {
            transport: builder.build(),
            from,
        })
    }
}

#[async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, email: &OutgoingEmail) -> Result<(), MailError> {
        let to: Mailbox = email
            .to
            .as_str()
            .parse()
            .map_err(|_| MailError::Rejected("the address cannot be used".into()))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(email.subject.clone())
            // A Message-ID (random, @ this host): mail servers and spam
            // filters expect one, and lettre adds it only when asked.
            .message_id(None)
            .multipart(MultiPart::alternative_plain_html(
                email.text.clone(),
                email.html.clone(),
            ))
            .map_err(|e| MailError::Rejected(e.to_string()))?;
        match self.transport.send(message).await {
            Ok(_) => Ok(()),
            Err(e) if e.is_permanent() => Err(MailError::Rejected(e.to_string())),
            Err(e) => Err(MailError::Unavailable(e.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn build(url: &str) -> Result<SmtpMailer, SmtpConfigError> {
        SmtpMailer::new(
            &SecretString::from(url.to_string()),
            "SocialFlow <noreply@example.com>",
        )
    }

    #[test]
    fn the_url_forms_we_document_are_accepted() {
        assert!(build("smtp://user:p%40ss@mail.example.com:587?tls=starttls").is_ok());
        assert!(build("smtp://user:pass@mail.example.com?tls=required").is_ok());
        assert!(build("smtps://user:pass@mail.example.com").is_ok());
        assert!(build("smtp://127.0.0.1:2525").is_ok());
        assert!(build("smtp://user:pass@localhost:2525").is_ok());
    }

    #[test]
    fn bad_settings_are_refused_with_a_clear_reason() {
        assert_eq!(build("not a url").unwrap_err(), SmtpConfigError::NotAUrl);
        assert_eq!(
            build("http://mail.example.com").unwrap_err(),
            SmtpConfigError::Scheme
        );
        assert_eq!(
            build("smtp://mail.example.com?tls=maybe").unwrap_err(),
            SmtpConfigError::Tls
        );
        assert_eq!(
            build("smtp://user:secret@mail.example.com:25").unwrap_err(),
            SmtpConfigError::PlainCredentials
        );
        assert_eq!(
            SmtpMailer::new(
                &SecretString::from("smtp://127.0.0.1:25".to_string()),
                "nobody"
            )
            .unwrap_err(),
            SmtpConfigError::From
        );
    }

    #[test]
    fn the_password_never_shows_in_debug_or_errors() {
        let m = build("smtps://user:hunter2@mail.example.com").unwrap();
        assert!(!format!("{m:?}").contains("hunter2"));
        let e = build("smtp://user:hunter2@mail.example.com").unwrap_err();
        assert!(!e.to_string().contains("hunter2"));
    }
}
