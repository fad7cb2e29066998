//! Where uploaded media live (`SOCIALFLOW_MEDIA_STORE=fs|s3`) and, for S3,
//! the bucket and credentials (`SOCIALFLOW_S3_*`). Checked at start: every
//! mistake is reported on a line of its own naming its variable; the secret
//! key never appears in a message.

use secrecy::SecretString;
use socialflow_s3_media::S3Config;

use super::ConfigError;

pub const MEDIA_STORE: &str = "SOCIALFLOW_MEDIA_STORE";
pub const S3_ENDPOINT: &str = "SOCIALFLOW_S3_ENDPOINT";
pub const S3_BUCKET: &str = "SOCIALFLOW_S3_BUCKET";
pub const S3_REGION: &str = "SOCIALFLOW_S3_REGION";
pub const S3_ACCESS_KEY_ID: &str = "SOCIALFLOW_S3_ACCESS_KEY_ID";
pub const S3_SECRET_ACCESS_KEY: &str = "SOCIALFLOW_S3_SECRET_ACCESS_KEY";
pub const S3_PRESIGN: &str = "SOCIALFLOW_S3_PRESIGN";

const S3_VARS: [&str; 6] = [
    S3_ENDPOINT,
    S3_BUCKET,
    S3_REGION,
    S3_ACCESS_KEY_ID,
    S3_SECRET_ACCESS_KEY,
    S3_PRESIGN,
];

/// The region when none is given (AWS's default; most self-hosted servers
/// accept any).
pub const DEFAULT_S3_REGION: &str = "us-east-1";

#[derive(Debug, Clone)]
pub enum MediaStoreConfig {
    /// Files in the media directory (the default).
    Fs,
    /// Objects in an S3 bucket; `presign`: Instagram fetches presigned URLs
    /// of the bucket instead of SocialFlow's own signed URLs.
    S3 { s3: S3Config, presign: bool },
}

impl MediaStoreConfig {
    pub fn is_s3(&self) -> bool {
        matches!(self, Self::S3 { .. })
    }
}

/// Reads the variables; all problems at once, one line each.
pub fn read(get: impl Fn(&str) -> Option<String>) -> Result<MediaStoreConfig, ConfigError> {
    let mut problems: Vec<ConfigError> = Vec::new();
    let kind = get(MEDIA_STORE);
    match kind.as_deref().map(str::trim) {
        None | Some("" | "fs") => {
            for var in S3_VARS {
                if get(var).is_some() {
                    problems.push(ConfigError::new(
                        var,
                        "is set, but SOCIALFLOW_MEDIA_STORE is not s3: set SOCIALFLOW_MEDIA_STORE=s3 or remove it",
                    ));
                }
            }
            return combine(problems).map(|()| MediaStoreConfig::Fs);
        }
        Some("s3") => {}
        Some(other) => {
            return Err(ConfigError::new(
                MEDIA_STORE,
                format!("expected fs or s3, got {other:?}"),
            ));
        }
    }

    let endpoint = match get(S3_ENDPOINT).map(|v| v.trim().trim_end_matches('/').to_string()) {
        None => None,
        Some(url) => match check_endpoint(&url) {
            Ok(()) => Some(url),
            Err(problem) => {
                problems.push(ConfigError::new(S3_ENDPOINT, problem));
                None
            }
        },
    };
    let bucket = get(S3_BUCKET).unwrap_or_default().trim().to_string();
    if let Err(problem) = check_bucket(&bucket) {
        problems.push(ConfigError::new(S3_BUCKET, problem));
    }
    let region = get(S3_REGION)
        .map(|r| r.trim().to_string())
        .unwrap_or_else(|| DEFAULT_S3_REGION.to_string());
    if region.is_empty()
        || region.len() > 64
        || !region
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        problems.push(ConfigError::new(
            S3_REGION,
            format!("expected a region name such as {DEFAULT_S3_REGION} or garage"),
        ));
    }
    let key_id = get(S3_ACCESS_KEY_ID).unwrap_or_default().trim().to_string();
    if key_id.is_empty() {
        problems.push(ConfigError::new(
            S3_ACCESS_KEY_ID,
            "required with SOCIALFLOW_MEDIA_STORE=s3",
        ));
    } else if key_id.len() > 128 || key_id.chars().any(|c| c.is_whitespace() || c.is_control()) {
        problems.push(ConfigError::new(
            S3_ACCESS_KEY_ID,
            "expected an access key id (letters and digits, at most 128 characters)",
        ));
    }
    let secret = get(S3_SECRET_ACCESS_KEY).unwrap_or_default();
    if secret.trim().is_empty() {
        problems.push(ConfigError::new(
            S3_SECRET_ACCESS_KEY,
            "required with SOCIALFLOW_MEDIA_STORE=s3",
        ));
    }
    let presign = match get(S3_PRESIGN).as_deref().map(str::trim) {
        None | Some("" | "0" | "false" | "no") => false,
        Some("1" | "true" | "yes") => true,
        Some(other) => {
            problems.push(ConfigError::new(
                S3_PRESIGN,
                format!("expected true or false, got {other:?}"),
            ));
            false
        }
    };
    combine(problems)?;
    let s3 = S3Config::new(
        endpoint,
        bucket,
        region,
        key_id,
        SecretString::from(secret.trim().to_string()),
    );
    Ok(MediaStoreConfig::S3 { s3, presign })
}

/// One error whose lines name each variable in turn.
fn combine(problems: Vec<ConfigError>) -> Result<(), ConfigError> {
    let mut problems = problems.into_iter();
    let Some(first) = problems.next() else {
        return Ok(());
    };
    let mut text = first.problem;
    for p in problems {
        text.push_str(&format!("\n{p}"));
    }
    Err(ConfigError::new(first.var, text))
}

fn check_endpoint(url: &str) -> Result<(), String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or(
            "expected a URL starting with https:// or http://, such as https://s3.example.com",
        )?;
    if rest.is_empty() || rest.contains(['?', '#', '@', ' ']) || rest.contains('/') {
        return Err(
            "expected the server's base URL without a path, user or query, such as http://garage:3900"
                .into(),
        );
    }
    Ok(())
}

/// S3's bucket naming rules: 3–63 lowercase letters, digits, dots and
/// hyphens, starting and ending with a letter or digit.
fn check_bucket(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("required with SOCIALFLOW_MEDIA_STORE=s3".into());
    }
    let ok_chars = name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-');
    let ends_ok = name
        .chars()
        .next()
        .zip(name.chars().last())
        .is_some_and(|(a, b)| a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric());
    if !(3..=63).contains(&name.len()) || !ok_chars || !ends_ok {
        return Err(format!(
            "expected a bucket name of 3 to 63 lowercase letters, digits, dots and hyphens, got {name:?}"
        ));
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
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
    fn the_filesystem_is_the_default() {
        assert!(matches!(read(lookup(&[])).unwrap(), MediaStoreConfig::Fs));
        assert!(matches!(
            read(lookup(&[(MEDIA_STORE, "fs")])).unwrap(),
            MediaStoreConfig::Fs
        ));
        let e = read(lookup(&[(MEDIA_STORE, "gcs")])).unwrap_err();
        assert_eq!(e.var, MEDIA_STORE);
        let e = read(lookup(&[(S3_BUCKET, "media")])).unwrap_err();
        assert_eq!(e.var, S3_BUCKET, "S3 settings without s3 are a mistake");
    }

    #[test]
    fn a_complete_s3_configuration_is_read() {
        let c = read(lookup(&[
            (MEDIA_STORE, "s3"),
            (S3_ENDPOINT, "http://garage:3900/"),
            (S3_BUCKET, "socialflow-media"),
            (S3_REGION, "garage"),
            (S3_ACCESS_KEY_ID, "GK31c2f218a2e44f485b94239e"),
            (
                S3_SECRET_ACCESS_KEY,
                "b892c0665f0ada8a4755dae98baa3b133590e11dae3bcc1f9d769d67f16c3835",
            ),
            (S3_PRESIGN, "true"),
        ]))
        .unwrap();
        let MediaStoreConfig::S3 { s3, presign } = c else {
            panic!("s3 expected");
        };
        assert!(presign);
        assert_eq!(s3.endpoint.as_deref(), Some("http://garage:3900"));
        assert_eq!(s3.bucket, "socialflow-media");
        assert_eq!(s3.region, "garage");
        assert!(
            !format!("{s3:?}").contains("b892c0665f"),
            "the secret is never printed"
        );
    }

    #[test]
    fn every_mistake_gets_a_line_naming_its_variable_and_no_secret() {
        let e = read(lookup(&[
            (MEDIA_STORE, "s3"),
            (S3_ENDPOINT, "garage:3900"),
            (S3_BUCKET, "Bad_Bucket"),
            (S3_SECRET_ACCESS_KEY, "very-secret-value"),
            (S3_PRESIGN, "maybe"),
        ]))
        .unwrap_err();
        let text = e.to_string();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "{text}");
        assert!(lines[0].starts_with(S3_ENDPOINT), "{text}");
        assert!(lines[1].starts_with(S3_BUCKET), "{text}");
        assert!(lines[2].starts_with(S3_ACCESS_KEY_ID), "{text}");
        assert!(lines[3].starts_with(S3_PRESIGN), "{text}");
        assert!(!text.contains("very-secret-value"));

        let e = read(lookup(&[
            (MEDIA_STORE, "s3"),
            (S3_BUCKET, "media"),
            (S3_ACCESS_KEY_ID, "key"),
        ]))
        .unwrap_err();
        assert_eq!(e.var, S3_SECRET_ACCESS_KEY);
        assert!(!e.to_string().contains('\n'));
    }
}
