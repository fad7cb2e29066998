//! `socialflow doctor`: checks the configuration, the database, the data
//! directory, the public URL and the Instagram app settings, and says what
//! to fix. Each check is independent; one failing does not hide the others.

use std::path::Path;
use std::time::Duration;

use crate::config::{Config, DatabaseKind};
use crate::wiring;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Ok(String),
    Warn(String),
    Fail(String),
}

#[derive(Debug, Clone)]
pub struct Check {
    pub name: &'static str,
    pub outcome: Outcome,
}

impl Check {
    fn new(name: &'static str, outcome: Outcome) -> Self {
        Self { name, outcome }
    }
}

/// Runs every check. `http` is used for the reachability checks.
pub async fn run(config: &Config, http: &reqwest::Client) -> Vec<Check> {
    let mut checks = vec![
        Check::new("master key", master_key(config)),
        Check::new("data directory", data_dir(&config.data_dir)),
    ];
    checks.push(Check::new("database", database(config).await));
    checks.push(Check::new("public URL", public_url(config, http).await));
    checks.push(Check::new("media URL", media_url(config).await));
    checks.extend(instagram(config, http).await);
    checks
}

fn master_key(config: &Config) -> Outcome {
    let file = config.data_dir.join("master.key");
    // Checking must not create anything: a missing key file is made by `serve`.
    if config.master_key.is_none() && config.database_kind == DatabaseKind::Sqlite && !file.exists()
    {
        return Outcome::Warn(format!(
            "{} does not exist yet; `serve` generates it on first start",
            file.display()
        ));
    }
    match wiring::load_master_key(config) {
        Ok(_) if config.master_key.is_some() => {
            Outcome::Ok("SOCIALFLOW_MASTER_KEY is set and valid".into())
        }
        Ok(_) => Outcome::Ok(format!(
            "kept in {}; back it up",
            config.data_dir.join("master.key").display()
        )),
        Err(e) => Outcome::Fail(e.to_string()),
    }
}

fn data_dir(dir: &Path) -> Outcome {
    let meta = match std::fs::metadata(dir) {
        Ok(m) => m,
        Err(_) => {
            return Outcome::Warn(format!(
                "{} does not exist yet; `serve` creates it (mode 0700)",
                dir.display()
            ));
        }
    };
    if !meta.is_dir() {
        return Outcome::Fail(format!("{} is not a directory", dir.display()));
    }
    let probe = dir.join(".doctor-write-test");
    if std::fs::write(&probe, b"ok")
        .and_then(|()| std::fs::remove_file(&probe))
        .is_err()
    {
        return Outcome::Fail(format!(
            "{} is not writable by this user; fix its owner or mode",
            dir.display()
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Outcome::Warn(format!(
                "{} has mode {mode:o}: other users can read the database and keys; run chmod 700 {}",
                dir.display(),
                dir.display()
            ));
        }
    }
    Outcome::Ok(format!("{} is writable and private", dir.display()))
}

async fn database(config: &Config) -> Outcome {
    if config.database_kind == DatabaseKind::Sqlite {
        let path = config
            .database_url
            .trim_start_matches("sqlite://")
            .trim_start_matches("sqlite:");
        let path = path.split('?').next().unwrap_or(path);
        if !Path::new(path).exists() {
            return Outcome::Warn(format!(
                "{path} does not exist yet; `serve` or `migrate` creates it"
            ));
        }
    }
    match wiring::open_store(config).await {
        Ok(store) => match store.ping().await {
            Ok(()) => Outcome::Ok("reachable and migrated".into()),
            Err(e) => Outcome::Fail(format!("not answering: {e}")),
        },
        Err(e) => Outcome::Fail(e.to_string()),
    }
}

async fn public_url(config: &Config, http: &reqwest::Client) -> Outcome {
    let url = format!("{}/healthz", config.public_url);
    match http.get(&url).send().await {
        Ok(r) if r.status().is_success() => {
            if config.public_url.starts_with("https://") {
                Outcome::Ok(format!("{} answers", config.public_url))
            } else {
                Outcome::Warn(format!(
                    "{} answers, but over plain http: Instagram needs https for redirects and media; set SOCIALFLOW_PUBLIC_URL to your https address",
                    config.public_url
                ))
            }
        }
        Ok(r) => Outcome::Fail(format!(
            "{url} answered {}; is another service on that address?",
            r.status()
        )),
        Err(_) => Outcome::Fail(format!(
            "{url} is not reachable from here; start `socialflow serve`, and check DNS, the proxy and SOCIALFLOW_PUBLIC_URL"
        )),
    }
}

/// Can Instagram fetch media from here? A probe image is written to the
/// media directory, fetched through its signed public URL (as Instagram
/// would) and removed; the answer is compared byte for byte.
async fn media_url(config: &Config) -> Outcome {
    if !config.media_dir.is_dir() {
        return Outcome::Warn(format!(
            "{} does not exist yet; `serve` creates it. Run the doctor again after the first start",
            config.media_dir.display()
        ));
    }
    // Loading a missing key file would create one; checking creates nothing.
    if config.master_key.is_none() && !config.data_dir.join("master.key").exists() {
        return Outcome::Warn("not checked: there is no master key yet to sign media URLs".into());
    }
    let Ok(key) = wiring::load_master_key(config) else {
        return Outcome::Warn("not checked: the master key is needed to sign media URLs".into());
    };
    let Ok(store) = wiring::open_store(config).await else {
        return Outcome::Warn("not checked: the database is needed".into());
    };
    let media = match wiring::configured_media_library(config, store, &key) {
        Ok(m) => m,
        Err(e) => return Outcome::Fail(e.to_string()),
    };
    match media
        .check_public_url(time::OffsetDateTime::now_utc())
        .await
    {
        Ok(()) => Outcome::Ok(match &config.media_store {
            crate::config::MediaStoreConfig::S3 { s3, presign: true } => format!(
                "presigned URLs of the S3 bucket {} serve uploads; Instagram can fetch them",
                s3.bucket
            ),
            crate::config::MediaStoreConfig::S3 { s3, presign: false } => format!(
                "{}/media/ serves the S3 bucket {}; Instagram can fetch uploads",
                config.public_url, s3.bucket
            ),
            crate::config::MediaStoreConfig::Fs => format!(
                "{}/media/ serves this media directory; Instagram can fetch uploads",
                config.public_url
            ),
        }),
        // Without an Instagram app nothing is published yet (local use,
        // demo): say what will matter, without failing.
        Err(e) if !config.instagram.is_configured() => Outcome::Warn(format!(
            "{e} (this matters once an Instagram app is configured)"
        )),
        Err(e) => Outcome::Fail(e.to_string()),
    }
}

async fn instagram(config: &Config, http: &reqwest::Client) -> Vec<Check> {
    let ig = &config.instagram;
    if !ig.is_configured() {
        return vec![Check::new(
            "Instagram app",
            Outcome::Warn(
                "not configured: accounts cannot be connected. Set SOCIALFLOW_INSTAGRAM_APP_ID and SOCIALFLOW_INSTAGRAM_APP_SECRET (docs/instagram.md), or try `serve --demo`".into(),
            ),
        )];
    }
    let mut out = vec![Check::new(
        "Instagram app",
        Outcome::Ok("app id and secret are set".into()),
    )];
    let expected = format!("{}/oauth/instagram/callback", config.public_url);
    let redirect = if ig.redirect_uri != expected {
        Outcome::Warn(format!(
            "SOCIALFLOW_INSTAGRAM_REDIRECT_URI is {} but this server answers at {expected}; Instagram must have exactly the URI SocialFlow sends",
            ig.redirect_uri
        ))
    } else if !ig.redirect_uri.starts_with("https://") {
        Outcome::Warn(format!(
            "{} is not https; Instagram only redirects to https URIs",
            ig.redirect_uri
        ))
    } else {
        Outcome::Ok(format!(
            "register {} in the app's Business login settings",
            ig.redirect_uri
        ))
    };
    out.push(Check::new("redirect URI", redirect));
    // Without a token the Graph API answers 400 with its error object: that
    // proves it is reachable.
    let reach = match http
        .get(format!("{}/{}/me", ig.graph_base_url, ig.api_version))
        .send()
        .await
    {
        Ok(r) if r.status().as_u16() < 500 => {
            Outcome::Ok(format!("{} is reachable", ig.graph_base_url))
        }
        Ok(r) => Outcome::Warn(format!("{} answered {}", ig.graph_base_url, r.status())),
        Err(_) => Outcome::Fail(format!(
            "{} is not reachable from this server; check outbound https",
            ig.graph_base_url
        )),
    };
    out.push(Check::new("Instagram API", reach));
    out
}

/// Prints the checks; returns whether none failed.
pub fn print(checks: &[Check]) -> bool {
    let mut ok = true;
    for c in checks {
        let (mark, text) = match &c.outcome {
            Outcome::Ok(t) => ("ok  ", t),
            Outcome::Warn(t) => ("warn", t),
            Outcome::Fail(t) => {
                ok = false;
                ("FAIL", t)
            }
        };
        println!("[{mark}] {:<16} {text}", c.name);
    }
    ok
}

/// A client for the checks: short timeouts, no redirects followed.
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap_or_default()
}
