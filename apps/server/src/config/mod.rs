//! Configuration from `SOCIALFLOW_*` environment variables. Every problem is
//! reported as one line naming the variable.

use std::net::SocketAddr;
use std::path::PathBuf;

use secrecy::SecretString;

mod mail;
mod media_store;
pub mod outgoing_webhooks;
mod privacy;

pub use mail::{MAIL_FROM, SMTP_URL};
pub use media_store::{
    MEDIA_STORE, MediaStoreConfig, S3_ACCESS_KEY_ID, S3_BUCKET, S3_ENDPOINT, S3_PRESIGN, S3_REGION,
    S3_SECRET_ACCESS_KEY,
};

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{var}: {problem}")]
pub struct ConfigError {
    pub var: &'static str,
    pub problem: String,
}

impl ConfigError {
    pub fn new(var: &'static str, problem: impl Into<String>) -> Self {
        Self {
            var,
            problem: problem.into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatabaseKind {
    Sqlite,
    MariaDb,
}

#[derive(Debug)]
pub struct Config {
    pub data_dir: PathBuf,
    pub database_url: String,
    pub database_kind: DatabaseKind,
    pub listen: SocketAddr,
    /// The address users (and later Instagram) reach the server at, without
    /// a trailing slash.
    pub public_url: String,
    pub master_key: Option<SecretString>,
    /// Take the client IP from `X-Forwarded-For` (only behind a proxy you run).
    pub trust_proxy: bool,
    /// tracing filter for the console log.
    pub log_filter: String,
    /// Keys tokens may still be encrypted with, during a key rotation.
    pub previous_master_keys: Vec<SecretString>,
    pub instagram: InstagramConfig,
    /// Bearer token protecting `/metrics`.
    pub metrics_token: Option<SecretString>,
    /// Where `socialflow worker` serves its own `/metrics` and `/healthz`
    /// (none: the worker opens no port).
    pub worker_metrics_listen: Option<SocketAddr>,
    /// Where uploaded media files are kept.
    pub media_dir: PathBuf,
    /// The largest upload accepted, in bytes.
    pub max_upload_bytes: u64,
    /// Images with more pixels are refused from their header.
    pub max_image_pixels: u64,
    /// Media probes and conversions running at once.
    pub media_jobs: usize,
    /// How many days ahead posts may be scheduled.
    pub schedule_horizon_days: u32,
    /// Seconds a worker holds a post without renewing (heartbeat: a third).
    pub publish_lease_secs: i64,
    /// Seconds a worker holds an automation job's next action.
    pub automation_lease_secs: i64,
    /// Seconds a server remembers a checked session or token (0: off). A
    /// revocation made on another server process takes effect here within
    /// this time, so the default is on only for SQLite (one server).
    /// Posts one worker process works on at once.
    pub publish_concurrency: usize,
    /// Seconds an account's publishing quota answer is trusted (0: never).
    pub publish_quota_cache_secs: u32,
    /// Seconds a server remembers a checked session or token (0: off). The
    /// shared revocation epoch voids every answer at once on any server, so
    /// this only bounds how old a cached answer may be; on by default.
    pub auth_cache_secs: u32,
    /// The token Meta echoes when verifying the webhook callback URL.
    pub webhook_verify_token: Option<SecretString>,
    /// Meta approved the Human Agent feature: DM replies up to 7 days.
    pub human_agent: bool,
    /// Operator details and policy version for `/privacy`.
    pub privacy: crate::privacy_settings::PrivacySettings,
    /// E-mail notifications over SMTP (none: in-app only).
    pub mail: Option<socialflow_smtp::SmtpMailer>,
    /// Where uploaded media live: the media directory or an S3 bucket.
    pub media_store: MediaStoreConfig,
    /// Outgoing webhooks: the SSRF switch, http, leases, concurrency.
    pub outgoing_webhooks: outgoing_webhooks::OutgoingWebhooksConfig,
}

/// How to reach Instagram. Without an app id and secret, accounts cannot be
/// connected (the demo mode brings its own simulated Instagram).
#[derive(Debug)]
pub struct InstagramConfig {
    pub app_id: Option<String>,
    pub app_secret: Option<SecretString>,
    pub redirect_uri: String,
    pub graph_base_url: String,
    pub oauth_base_url: String,
    pub api_version: String,
}

impl InstagramConfig {
    pub fn is_configured(&self) -> bool {
        self.app_id.is_some() && self.app_secret.is_some()
    }
}

pub const DATA_DIR: &str = "SOCIALFLOW_DATA_DIR";
pub const DATABASE_URL: &str = "SOCIALFLOW_DATABASE_URL";
pub const LISTEN: &str = "SOCIALFLOW_LISTEN";
pub const PUBLIC_URL: &str = "SOCIALFLOW_PUBLIC_URL";
pub const MASTER_KEY: &str = "SOCIALFLOW_MASTER_KEY";
pub const TRUST_PROXY: &str = "SOCIALFLOW_TRUST_PROXY";
pub const LOG: &str = "SOCIALFLOW_LOG";
pub const METRICS_TOKEN: &str = "SOCIALFLOW_METRICS_TOKEN";
pub const WORKER_METRICS_LISTEN: &str = "SOCIALFLOW_WORKER_METRICS_LISTEN";
pub const PREVIOUS_MASTER_KEYS: &str = "SOCIALFLOW_PREVIOUS_MASTER_KEYS";
pub const INSTAGRAM_APP_ID: &str = "SOCIALFLOW_INSTAGRAM_APP_ID";
pub const INSTAGRAM_APP_SECRET: &str = "SOCIALFLOW_INSTAGRAM_APP_SECRET";
pub const INSTAGRAM_REDIRECT_URI: &str = "SOCIALFLOW_INSTAGRAM_REDIRECT_URI";
pub const GRAPH_BASE_URL: &str = "SOCIALFLOW_GRAPH_BASE_URL";
pub const OAUTH_BASE_URL: &str = "SOCIALFLOW_INSTAGRAM_OAUTH_BASE_URL";
pub const GRAPH_API_VERSION: &str = "SOCIALFLOW_GRAPH_API_VERSION";
pub const MEDIA_DIR: &str = "SOCIALFLOW_MEDIA_DIR";
pub const MAX_UPLOAD_BYTES: &str = "SOCIALFLOW_MAX_UPLOAD_BYTES";
/// 1 GiB.
pub const DEFAULT_MAX_UPLOAD_BYTES: u64 = 1024 * 1024 * 1024;
pub const MAX_IMAGE_PIXELS: &str = "SOCIALFLOW_MAX_IMAGE_PIXELS";
pub const MEDIA_JOBS: &str = "SOCIALFLOW_MEDIA_JOBS";
pub const SCHEDULE_HORIZON_DAYS: &str = "SOCIALFLOW_SCHEDULE_HORIZON_DAYS";
pub const PUBLISH_LEASE_SECS: &str = "SOCIALFLOW_PUBLISH_LEASE_SECS";
pub const AUTOMATION_LEASE_SECS: &str = "SOCIALFLOW_AUTOMATION_LEASE_SECS";
pub const PUBLISH_CONCURRENCY: &str = "SOCIALFLOW_PUBLISH_CONCURRENCY";
pub const PUBLISH_QUOTA_CACHE_SECS: &str = "SOCIALFLOW_PUBLISH_QUOTA_CACHE_SECS";
/// The longest a worker trusts an account's quota answer.
pub const PUBLISH_QUOTA_CACHE_MAX_SECS: u32 = 60;
pub const WEBHOOK_VERIFY_TOKEN: &str = "SOCIALFLOW_WEBHOOK_VERIFY_TOKEN";
pub const INSTAGRAM_HUMAN_AGENT: &str = "SOCIALFLOW_INSTAGRAM_HUMAN_AGENT";
pub const AUTH_CACHE_SECS: &str = "SOCIALFLOW_AUTH_CACHE_SECS";

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    /// Reads configuration through `lookup`, so tests need not touch the
    /// process environment. Empty values count as unset.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |k: &str| {
            lookup(k)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };

        let data_dir = PathBuf::from(get(DATA_DIR).unwrap_or_else(|| "./data".into()));

        let database_url = get(DATABASE_URL)
            .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("socialflow.db").display()));
        let database_kind = if database_url.starts_with("sqlite:") {
            DatabaseKind::Sqlite
        } else if database_url.starts_with("mysql://") || database_url.starts_with("mariadb://") {
            DatabaseKind::MariaDb
        } else {
            return Err(ConfigError::new(
                DATABASE_URL,
                "expected sqlite://PATH or mysql://USER:PASSWORD@HOST:PORT/DATABASE",
            ));
        };
        // sqlx only knows the mysql scheme; accept mariadb:// as a courtesy.
        let database_url = database_url.replacen("mariadb://", "mysql://", 1);

        let listen_raw = get(LISTEN).unwrap_or_else(|| "127.0.0.1:8080".into());
        let listen: SocketAddr = listen_raw.parse().map_err(|_| {
            ConfigError::new(
                LISTEN,
                format!("expected HOST:PORT such as 127.0.0.1:8080, got {listen_raw:?}"),
            )
        })?;

        let worker_metrics_listen = match get(WORKER_METRICS_LISTEN) {
            None => None,
            Some(raw) => Some(raw.parse::<SocketAddr>().map_err(|_| {
                ConfigError::new(
                    WORKER_METRICS_LISTEN,
                    format!("expected HOST:PORT such as 0.0.0.0:9091, got {raw:?}"),
                )
            })?),
        };

        let public_url = match get(PUBLIC_URL) {
            Some(url) => parse_public_url(&url)?,
            None => format!("http://{listen}"),
        };

        let trust_proxy = match get(TRUST_PROXY).map(|v| v.to_ascii_lowercase()).as_deref() {
            None | Some("0" | "false" | "no") => false,
            Some("1" | "true" | "yes") => true,
            Some(other) => {
                return Err(ConfigError::new(
                    TRUST_PROXY,
                    format!("expected true or false, got {other:?}"),
                ));
            }
        };

        let log_filter = get(LOG).unwrap_or_else(|| "info".into());
        if let Err(e) = tracing_subscriber::EnvFilter::try_new(&log_filter) {
            return Err(ConfigError::new(
                LOG,
                format!("not a log filter such as info or socialflow=debug: {e}"),
            ));
        }

        let app_id = get(INSTAGRAM_APP_ID);
        let app_secret = get(INSTAGRAM_APP_SECRET).map(SecretString::from);
        match (&app_id, &app_secret) {
            (Some(_), None) => {
                return Err(ConfigError::new(
                    INSTAGRAM_APP_SECRET,
                    "required when SOCIALFLOW_INSTAGRAM_APP_ID is set",
                ));
            }
            (None, Some(_)) => {
                return Err(ConfigError::new(
                    INSTAGRAM_APP_ID,
                    "required when SOCIALFLOW_INSTAGRAM_APP_SECRET is set",
                ));
            }
            _ => {}
        }
        let redirect_uri = match get(INSTAGRAM_REDIRECT_URI) {
            // Instagram compares it exactly, trailing slash included.
            Some(uri) if uri.starts_with("https://") || uri.starts_with("http://") => uri,
            Some(uri) => {
                return Err(ConfigError::new(
                    INSTAGRAM_REDIRECT_URI,
                    format!("expected an https:// URL, got {uri:?}"),
                ));
            }
            None => format!("{public_url}/oauth/instagram/callback"),
        };
        let url_var = |var: &'static str, default: &str| -> Result<String, ConfigError> {
            match get(var) {
                Some(u) => parse_public_url(&u).map_err(|e| ConfigError::new(var, e.problem)),
                None => Ok(default.to_string()),
            }
        };
        let api_version = get(GRAPH_API_VERSION).unwrap_or_else(|| "v26.0".into());
        let version_ok = api_version
            .strip_prefix('v')
            .and_then(|v| v.split_once('.'))
            .is_some_and(|(a, b)| {
                !a.is_empty()
                    && a.chars().all(|c| c.is_ascii_digit())
                    && b.chars().all(|c| c.is_ascii_digit())
            });
        if !version_ok {
            return Err(ConfigError::new(
                GRAPH_API_VERSION,
                format!("expected a version such as v26.0, got {api_version:?}"),
            ));
        }
        let instagram = InstagramConfig {
            app_id,
            app_secret,
            redirect_uri,
            graph_base_url: url_var(GRAPH_BASE_URL, "https://graph.instagram.com")?,
            oauth_base_url: url_var(OAUTH_BASE_URL, "https://api.instagram.com")?,
            api_version,
        };
        let previous_master_keys = get(PREVIOUS_MASTER_KEYS)
            .map(|v| {
                v.split(',')
                    .map(|k| SecretString::from(k.trim().to_string()))
                    .collect()
            })
            .unwrap_or_default();

        let media_dir = get(MEDIA_DIR)
            .map(PathBuf::from)
            .unwrap_or_else(|| data_dir.join("media"));
        let max_upload_bytes = match get(MAX_UPLOAD_BYTES) {
            None => DEFAULT_MAX_UPLOAD_BYTES,
            Some(v) => match v.parse::<u64>() {
                Ok(n) if n > 0 => n,
                _ => {
                    return Err(ConfigError::new(
                        MAX_UPLOAD_BYTES,
                        format!("expected a number of bytes such as 1073741824, got {v:?}"),
                    ));
                }
            },
        };

        use socialflow_core::media::{
            DEFAULT_MAX_IMAGE_PIXELS, DEFAULT_MEDIA_JOBS, MAX_IMAGE_PIXELS_RANGE, MEDIA_JOBS_RANGE,
        };
        let max_image_pixels = match get(MAX_IMAGE_PIXELS) {
            None => DEFAULT_MAX_IMAGE_PIXELS,
            Some(v) => match v.replace('_', "").parse::<u64>() {
                Ok(n) if MAX_IMAGE_PIXELS_RANGE.contains(&n) => n,
                _ => {
                    return Err(ConfigError::new(
                        MAX_IMAGE_PIXELS,
                        format!(
                            "expected a number of pixels from {} to {} such as 50000000, got {v:?}",
                            MAX_IMAGE_PIXELS_RANGE.start(),
                            MAX_IMAGE_PIXELS_RANGE.end()
                        ),
                    ));
                }
            },
        };
        let media_jobs = match get(MEDIA_JOBS) {
            None => DEFAULT_MEDIA_JOBS,
            Some(v) => match v.parse::<usize>() {
                Ok(n) if MEDIA_JOBS_RANGE.contains(&n) => n,
                _ => {
                    return Err(ConfigError::new(
                        MEDIA_JOBS,
                        format!(
                            "expected a number from {} to {}, got {v:?}",
                            MEDIA_JOBS_RANGE.start(),
                            MEDIA_JOBS_RANGE.end()
                        ),
                    ));
                }
            },
        };

        use socialflow_core::time_window::{
            DEFAULT_SCHEDULE_HORIZON_DAYS, SCHEDULE_HORIZON_DAYS_RANGE,
        };
        let schedule_horizon_days = match get(SCHEDULE_HORIZON_DAYS) {
            None => DEFAULT_SCHEDULE_HORIZON_DAYS,
            Some(v) => match v.parse::<u32>() {
                Ok(n) if SCHEDULE_HORIZON_DAYS_RANGE.contains(&n) => n,
                _ => {
                    return Err(ConfigError::new(
                        SCHEDULE_HORIZON_DAYS,
                        format!(
                            "expected a number of days from {} to {} such as 730, got {v:?}",
                            SCHEDULE_HORIZON_DAYS_RANGE.start(),
                            SCHEDULE_HORIZON_DAYS_RANGE.end()
                        ),
                    ));
                }
            },
        };

        use socialflow_core::posts::{DEFAULT_LEASE_SECS, LEASE_SECS_RANGE};
        let publish_lease_secs = match get(PUBLISH_LEASE_SECS) {
            None => DEFAULT_LEASE_SECS,
            Some(v) => match v.parse::<i64>() {
                Ok(n) if LEASE_SECS_RANGE.contains(&n) => n,
                _ => {
                    return Err(ConfigError::new(
                        PUBLISH_LEASE_SECS,
                        format!(
                            "expected a number of seconds from {} to {}, got {v:?}",
                            LEASE_SECS_RANGE.start(),
                            LEASE_SECS_RANGE.end()
                        ),
                    ));
                }
            },
        };

        use socialflow_core::automation::engine::{DEFAULT_JOB_LEASE_SECS, JOB_LEASE_SECS_RANGE};
        let automation_lease_secs = match get(AUTOMATION_LEASE_SECS) {
            None => DEFAULT_JOB_LEASE_SECS,
            Some(v) => match v.parse::<i64>() {
                Ok(n) if JOB_LEASE_SECS_RANGE.contains(&n) => n,
                _ => {
                    return Err(ConfigError::new(
                        AUTOMATION_LEASE_SECS,
                        format!(
                            "expected a number of seconds from {} to {}, got {v:?}",
                            JOB_LEASE_SECS_RANGE.start(),
                            JOB_LEASE_SECS_RANGE.end()
                        ),
                    ));
                }
            },
        };

        use socialflow_core::posts::{
            CONCURRENCY_RANGE, DEFAULT_CONCURRENCY, DEFAULT_QUOTA_CACHE_SECS,
        };
        let publish_concurrency = match get(PUBLISH_CONCURRENCY) {
            None => DEFAULT_CONCURRENCY,
            Some(v) => match v.parse::<usize>() {
                Ok(n) if CONCURRENCY_RANGE.contains(&n) => n,
                _ => {
                    return Err(ConfigError::new(
                        PUBLISH_CONCURRENCY,
                        format!(
                            "expected a number of posts from {} to {}, got {v:?}",
                            CONCURRENCY_RANGE.start(),
                            CONCURRENCY_RANGE.end()
                        ),
                    ));
                }
            },
        };
        let publish_quota_cache_secs = match get(PUBLISH_QUOTA_CACHE_SECS) {
            None => u32::try_from(DEFAULT_QUOTA_CACHE_SECS).unwrap_or(0),
            Some(v) => match v.parse::<u32>() {
                Ok(n) if n <= PUBLISH_QUOTA_CACHE_MAX_SECS => n,
                _ => {
                    return Err(ConfigError::new(
                        PUBLISH_QUOTA_CACHE_SECS,
                        format!(
                            "expected a number of seconds from 0 to {PUBLISH_QUOTA_CACHE_MAX_SECS}, got {v:?}"
                        ),
                    ));
                }
            },
        };

        let auth_cache_secs = match get(AUTH_CACHE_SECS) {
            None => 5,
            Some(v) => match v.parse::<u32>() {
                Ok(n) if n <= 30 => n,
                _ => {
                    return Err(ConfigError::new(
                        AUTH_CACHE_SECS,
                        format!("expected a number of seconds from 0 to 30, got {v:?}"),
                    ));
                }
            },
        };

        let human_agent = match get(INSTAGRAM_HUMAN_AGENT)
            .map(|v| v.to_ascii_lowercase())
            .as_deref()
        {
            None | Some("0" | "false" | "no") => false,
            Some("1" | "true" | "yes") => true,
            Some(other) => {
                return Err(ConfigError::new(
                    INSTAGRAM_HUMAN_AGENT,
                    format!("expected true or false, got {other:?}"),
                ));
            }
        };

        let privacy = privacy::read(get)?;
        let mail = mail::read(get)?;
        let media_store = media_store::read(get)?;
        let outgoing_webhooks = outgoing_webhooks::read(get)?;

        Ok(Self {
            media_dir,
            max_upload_bytes,
            max_image_pixels,
            media_jobs,
            schedule_horizon_days,
            publish_lease_secs,
            automation_lease_secs,
            publish_concurrency,
            publish_quota_cache_secs,
            auth_cache_secs,
            webhook_verify_token: get(WEBHOOK_VERIFY_TOKEN).map(SecretString::from),
            human_agent,
            privacy,
            mail,
            media_store,
            outgoing_webhooks,
            metrics_token: get(METRICS_TOKEN).map(SecretString::from),
            worker_metrics_listen,
            previous_master_keys,
            instagram,
            data_dir,
            database_url,
            database_kind,
            listen,
            public_url,
            master_key: get(MASTER_KEY).map(SecretString::from),
            trust_proxy,
            log_filter,
        })
    }

    /// Cookies get the `Secure` flag when users reach us over HTTPS.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    pub fn logs_dir(&self) -> PathBuf {
        self.data_dir.join("logs")
    }
}

fn parse_public_url(raw: &str) -> Result<String, ConfigError> {
    let url = raw.trim_end_matches('/');
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| {
            ConfigError::new(
                PUBLIC_URL,
                format!("expected an http:// or https:// URL, got {raw:?}"),
            )
        })?;
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() || host.contains(char::is_whitespace) || rest.contains(['?', '#']) {
        return Err(ConfigError::new(
            PUBLIC_URL,
            format!("expected a URL such as https://social.example.com, got {raw:?}"),
        ));
    }
    Ok(url.to_string())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn cfg(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_give_an_embedded_setup() {
        let c = cfg(&[]).expect("defaults");
        assert_eq!(c.database_kind, DatabaseKind::Sqlite);
        assert_eq!(c.database_url, "sqlite://./data/socialflow.db");
        assert_eq!(c.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(c.public_url, "http://127.0.0.1:8080");
        assert!(!c.secure_cookies());
        assert!(c.master_key.is_none());
        assert!(!c.instagram.is_configured());
        assert_eq!(c.instagram.graph_base_url, "https://graph.instagram.com");
        assert_eq!(c.instagram.oauth_base_url, "https://api.instagram.com");
        assert_eq!(
            c.instagram.redirect_uri,
            "http://127.0.0.1:8080/oauth/instagram/callback"
        );
        assert_eq!(c.instagram.api_version, "v26.0");
        assert_eq!(c.media_dir, PathBuf::from("./data/media"));
        assert_eq!(c.max_upload_bytes, 1024 * 1024 * 1024);
    }

    #[test]
    fn reads_the_media_settings() {
        let c = cfg(&[(MEDIA_DIR, "/srv/media"), (MAX_UPLOAD_BYTES, "1000")]).expect("config");
        assert_eq!(c.media_dir, PathBuf::from("/srv/media"));
        assert_eq!(c.max_upload_bytes, 1000);
        for bad in ["0", "1GB", "-5"] {
            assert_eq!(
                cfg(&[(MAX_UPLOAD_BYTES, bad)]).expect_err(bad).var,
                MAX_UPLOAD_BYTES
            );
        }
    }

    #[test]
    fn reads_the_image_limits_within_their_ranges() {
        let c = cfg(&[]).expect("config");
        assert_eq!((c.max_image_pixels, c.media_jobs), (50_000_000, 1));
        let c = cfg(&[(MAX_IMAGE_PIXELS, "24_000_000"), (MEDIA_JOBS, "3")]).expect("config");
        assert_eq!((c.max_image_pixels, c.media_jobs), (24_000_000, 3));
        for bad in ["0", "999999", "400000001", "50MP", "-1"] {
            assert_eq!(
                cfg(&[(MAX_IMAGE_PIXELS, bad)]).expect_err(bad).var,
                MAX_IMAGE_PIXELS
            );
        }
        for bad in ["0", "33", "two"] {
            assert_eq!(cfg(&[(MEDIA_JOBS, bad)]).expect_err(bad).var, MEDIA_JOBS);
        }
    }

    #[test]
    fn the_auth_cache_is_on_for_both_databases_unless_set() {
        assert_eq!(cfg(&[]).expect("config").auth_cache_secs, 5);
        let maria = [(DATABASE_URL, "mysql://u:p@db:3306/s")];
        assert_eq!(cfg(&maria).expect("config").auth_cache_secs, 5);
        let off = [
            (DATABASE_URL, "mysql://u:p@db:3306/s"),
            (AUTH_CACHE_SECS, "0"),
        ];
        assert_eq!(cfg(&off).expect("config").auth_cache_secs, 0);
        let set = [
            (DATABASE_URL, "mysql://u:p@db:3306/s"),
            (AUTH_CACHE_SECS, "3"),
        ];
        assert_eq!(cfg(&set).expect("config").auth_cache_secs, 3);
        assert!(cfg(&[(AUTH_CACHE_SECS, "31")]).is_err());
        assert!(cfg(&[(AUTH_CACHE_SECS, "-1")]).is_err());
    }

    #[test]
    fn reads_the_schedule_horizon_within_its_range() {
        assert_eq!(cfg(&[]).expect("config").schedule_horizon_days, 730);
        let c = cfg(&[(SCHEDULE_HORIZON_DAYS, "365")]).expect("config");
        assert_eq!(c.schedule_horizon_days, 365);
        for bad in ["0", "3651", "2y", "-1"] {
            assert_eq!(
                cfg(&[(SCHEDULE_HORIZON_DAYS, bad)]).expect_err(bad).var,
                SCHEDULE_HORIZON_DAYS
            );
        }
    }

    #[test]
    fn reads_the_publishing_lease_within_its_range() {
        assert_eq!(cfg(&[]).expect("config").publish_lease_secs, 45);
        let c = cfg(&[(PUBLISH_LEASE_SECS, "120")]).expect("config");
        assert_eq!(c.publish_lease_secs, 120);
        for bad in ["0", "14", "601", "45s", "-45"] {
            assert_eq!(
                cfg(&[(PUBLISH_LEASE_SECS, bad)]).expect_err(bad).var,
                PUBLISH_LEASE_SECS
            );
        }
    }

    #[test]
    fn reads_the_automation_lease_within_its_range() {
        assert_eq!(cfg(&[]).expect("config").automation_lease_secs, 120);
        let c = cfg(&[(AUTOMATION_LEASE_SECS, "15")]).expect("config");
        assert_eq!(c.automation_lease_secs, 15);
        for bad in ["0", "14", "601", "60s", "-60"] {
            assert_eq!(
                cfg(&[(AUTOMATION_LEASE_SECS, bad)]).expect_err(bad).var,
                AUTOMATION_LEASE_SECS
            );
        }
    }

    #[test]
    fn reads_the_publishing_concurrency_and_quota_cache_within_their_ranges() {
        let c = cfg(&[]).expect("config");
        assert_eq!(
            (c.publish_concurrency, c.publish_quota_cache_secs),
            (200, 5)
        );
        let c = cfg(&[
            (PUBLISH_CONCURRENCY, "500"),
            (PUBLISH_QUOTA_CACHE_SECS, "0"),
        ])
        .expect("config");
        assert_eq!(
            (c.publish_concurrency, c.publish_quota_cache_secs),
            (500, 0)
        );
        for bad in ["0", "2001", "many", "-1"] {
            assert_eq!(
                cfg(&[(PUBLISH_CONCURRENCY, bad)]).expect_err(bad).var,
                PUBLISH_CONCURRENCY
            );
        }
        for bad in ["61", "5s", "-1"] {
            assert_eq!(
                cfg(&[(PUBLISH_QUOTA_CACHE_SECS, bad)]).expect_err(bad).var,
                PUBLISH_QUOTA_CACHE_SECS
            );
        }
    }

    #[test]
    fn the_worker_metrics_address_is_optional_and_checked() {
        assert_eq!(cfg(&[]).expect("config").worker_metrics_listen, None);
        let c = cfg(&[(WORKER_METRICS_LISTEN, "0.0.0.0:9091")]).expect("config");
        assert_eq!(
            c.worker_metrics_listen.map(|a| a.to_string()).as_deref(),
            Some("0.0.0.0:9091")
        );
        assert_eq!(
            cfg(&[(WORKER_METRICS_LISTEN, "9091")])
                .expect_err("bad")
                .var,
            WORKER_METRICS_LISTEN
        );
    }

    #[test]
    fn reads_every_variable() {
        let c = cfg(&[
            (DATA_DIR, "/srv/sf"),
            (DATABASE_URL, "mariadb://sf:pw@db:3306/sf"),
            (LISTEN, "0.0.0.0:9000"),
            (PUBLIC_URL, "https://social.example.com/"),
            (TRUST_PROXY, "true"),
        ])
        .expect("config");
        assert_eq!(c.database_kind, DatabaseKind::MariaDb);
        assert_eq!(c.database_url, "mysql://sf:pw@db:3306/sf");
        assert_eq!(c.public_url, "https://social.example.com");
        assert!(c.secure_cookies());
        assert!(c.trust_proxy);
        assert_eq!(c.data_dir, PathBuf::from("/srv/sf"));
    }

    #[test]
    fn malformed_values_name_the_variable() {
        let e = cfg(&[(LISTEN, "localhost")]).expect_err("bad listen");
        assert_eq!(e.var, LISTEN);
        assert!(e.to_string().starts_with("SOCIALFLOW_LISTEN: "), "{e}");
        assert_eq!(
            cfg(&[(DATABASE_URL, "postgres://x")]).expect_err("db").var,
            DATABASE_URL
        );
        assert_eq!(
            cfg(&[(PUBLIC_URL, "social.example.com")])
                .expect_err("url")
                .var,
            PUBLIC_URL
        );
        assert_eq!(
            cfg(&[(PUBLIC_URL, "https://")]).expect_err("url").var,
            PUBLIC_URL
        );
        assert_eq!(
            cfg(&[(TRUST_PROXY, "maybe")]).expect_err("proxy").var,
            TRUST_PROXY
        );
        assert!(!e.to_string().contains('\n'));
    }
}
