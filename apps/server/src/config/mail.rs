//! Reading the e-mail settings (`SOCIALFLOW_SMTP_URL`,
//! `SOCIALFLOW_MAIL_FROM`). Checked here, at start, so a typo stops the
//! server with one clear line instead of failing at the first e-mail.
//! Without a URL, notifications stay in the app.

use secrecy::SecretString;
use socialflow_smtp::{SmtpConfigError, SmtpMailer};

use super::ConfigError;

pub const SMTP_URL: &str = "SOCIALFLOW_SMTP_URL";
pub const MAIL_FROM: &str = "SOCIALFLOW_MAIL_FROM";

/// The mailer, when SMTP is configured.
pub fn read(get: impl Fn(&str) -> Option<String>) -> Result<Option<SmtpMailer>, ConfigError> {
    let Some(url) = get(SMTP_URL) else {
        if get(MAIL_FROM).is_some() {
            return Err(ConfigError::new(
                SMTP_URL,
                "required when SOCIALFLOW_MAIL_FROM is set (e.g. smtp://user:pass@host:587?tls=starttls)",
            ));
        }
        return Ok(None);
    };
    let from = get(MAIL_FROM).unwrap_or_default();
    SmtpMailer::new(&SecretString::from(url), &from)
        .map(Some)
        .map_err(|e| {
            let var = match e {
                SmtpConfigError::From => MAIL_FROM,
                _ => SMTP_URL,
            };
            ConfigError::new(var, e.to_string())
        })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn lookup(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn no_url_means_in_app_only_and_a_bad_one_names_its_variable() {
        assert!(read(lookup(&[])).expect("ok").is_none());
        assert!(
            read(lookup(&[
                (SMTP_URL, "smtp://127.0.0.1:2525"),
                (MAIL_FROM, "a@b.kz")
            ]))
            .expect("ok")
            .is_some()
        );
        let e = read(lookup(&[(SMTP_URL, "smtp://127.0.0.1:2525")])).expect_err("no from");
        assert_eq!(e.var, MAIL_FROM);
        let e = read(lookup(&[
            (SMTP_URL, "smtp://u:secret@mail.example.com"),
            (MAIL_FROM, "a@b.kz"),
        ]))
        .expect_err("plain");
        assert_eq!(e.var, SMTP_URL);
        assert!(!e.to_string().contains("secret"));
        let e = read(lookup(&[(MAIL_FROM, "a@b.kz")])).expect_err("from alone");
        assert_eq!(e.var, SMTP_URL);
    }
}
