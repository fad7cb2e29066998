//! "Export my data": one exporter per aggregate, each adding files to the
//! archive, so features that store more about a user add their own
//! exporter. Secrets never leave: no password hash, no token ciphertext,
//! no session or API token digests.

use std::path::PathBuf;
use std::sync::Arc;

use async_trait::async_trait;
use serde::Serialize;
use time::OffsetDateTime;

use crate::account::AccountRepo;
use crate::audit::AuditRepo;
use crate::audit::{AuditEvent, AuditKind};
use crate::privacy::PolicyRepo;
use crate::session::SessionRepo;
use crate::store_error::StoreError;
use crate::token::ApiTokenRepo;
use crate::{Clock, RequestContext, User};

/// What a file in the archive holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportContent {
    Bytes(Vec<u8>),
    /// A file on disk (e.g. uploaded media), copied into the archive by the
    /// adapter that writes it, without loading it whole.
    File(PathBuf),
    /// An uploaded file in a media store that is not a local directory (an
    /// S3 bucket), by its media id: the archive writer streams it from the
    /// store. (A bare id: the media room depends on privacy, not back.)
    Media(uuid::Uuid),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFile {
    /// Path inside the archive, e.g. `accounts.json` or `media/…`.
    pub path: String,
    pub content: ExportContent,
}

impl ExportFile {
    /// A pretty-printed JSON file.
    pub fn json<T: Serialize + ?Sized>(path: &str, value: &T) -> Result<Self, ExportError> {
        let bytes =
            serde_json::to_vec_pretty(value).map_err(|e| ExportError::Encode(e.to_string()))?;
        Ok(Self {
            path: path.to_string(),
            content: ExportContent::Bytes(bytes),
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot encode the export: {0}")]
    Encode(String),
    /// A stored file (an upload) could not be read.
    #[error("cannot read a stored file: {0}")]
    Files(String),
}

/// Exports one aggregate of a user's data.
#[async_trait]
pub trait DataExporter: Send + Sync {
    async fn export(&self, user: &User) -> Result<Vec<ExportFile>, ExportError>;
}

#[derive(Clone)]
pub struct DataExportService {
    audit: Arc<dyn AuditRepo>,
    clock: Arc<dyn Clock>,
    exporters: Vec<Arc<dyn DataExporter>>,
}

#[derive(Serialize)]
struct Manifest<'a> {
    format: &'static str,
    #[serde(with = "time::serde::rfc3339")]
    exported_at: OffsetDateTime,
    username: &'a str,
    files: Vec<&'a str>,
    note: &'static str,
}

impl DataExportService {
    /// The service with the exporters of every aggregate stored today.
    pub fn new(
        policy: Arc<dyn PolicyRepo>,
        sessions: Arc<dyn SessionRepo>,
        tokens: Arc<dyn ApiTokenRepo>,
        audit: Arc<dyn AuditRepo>,
        accounts: Arc<dyn AccountRepo>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            audit: audit.clone(),
            clock,
            exporters: vec![
                Arc::new(ProfileExporter(policy)),
                Arc::new(SessionsExporter(sessions)),
                Arc::new(ApiTokensExporter(tokens)),
                Arc::new(AuditExporter(audit)),
                Arc::new(AccountsExporter(accounts)),
            ],
        }
    }

    /// Adds the exporter of another aggregate.
    pub fn with_exporter(mut self, exporter: Arc<dyn DataExporter>) -> Self {
        self.exporters.push(exporter);
        self
    }

    /// Every file of the user's export, `manifest.json` first. Records a
    /// `data_exported` audit event.
    pub async fn export(
        &self,
        user: &User,
        ctx: &RequestContext,
    ) -> Result<Vec<ExportFile>, ExportError> {
        let mut files = Vec::new();
        for e in &self.exporters {
            files.extend(e.export(user).await?);
        }
        let now = self.clock.now();
        let manifest = Manifest {
            format: "socialflow-export/1",
            exported_at: now,
            username: user.username.as_str(),
            files: files.iter().map(|f| f.path.as_str()).collect(),
            note: "Everything SocialFlow stores about you and your connected accounts. \
                   Secrets are left out: password hash, Instagram access tokens, session and API token digests.",
        };
        let manifest = ExportFile::json("manifest.json", &manifest)?;
        files.insert(0, manifest);
        let event = AuditEvent::new(
            now,
            Some(user.id),
            AuditKind::DataExported,
            ctx,
            format!("{} files", files.len()),
        );
        self.audit.insert_audit(&event).await?;
        Ok(files)
    }
}

mod rfc {
    pub use time::serde::rfc3339;
    pub use time::serde::rfc3339::option;
}

#[derive(Serialize)]
struct ProfileJson {
    id: String,
    username: String,
    role: &'static str,
    language: &'static str,
    time_zone: String,
    #[serde(with = "rfc::rfc3339")]
    created_at: OffsetDateTime,
    #[serde(with = "rfc::rfc3339")]
    updated_at: OffsetDateTime,
    privacy_policy_acknowledged: Option<String>,
}

struct ProfileExporter(Arc<dyn PolicyRepo>);

#[async_trait]
impl DataExporter for ProfileExporter {
    async fn export(&self, u: &User) -> Result<Vec<ExportFile>, ExportError> {
        let profile = ProfileJson {
            id: u.id.to_string(),
            username: u.username.to_string(),
            role: u.role.as_str(),
            language: u.language.code(),
            time_zone: u.time_zone.name().to_string(),
            created_at: u.created_at,
            updated_at: u.updated_at,
            privacy_policy_acknowledged: self.0.acknowledged_policy(u.id).await?,
        };
        Ok(vec![ExportFile::json("profile.json", &profile)?])
    }
}

#[derive(Serialize)]
struct SessionJson {
    #[serde(with = "rfc::rfc3339")]
    created_at: OffsetDateTime,
    #[serde(with = "rfc::rfc3339")]
    last_seen_at: OffsetDateTime,
    #[serde(with = "rfc::rfc3339")]
    expires_at: OffsetDateTime,
    ip: String,
    user_agent: Option<String>,
}

struct SessionsExporter(Arc<dyn SessionRepo>);

#[async_trait]
impl DataExporter for SessionsExporter {
    async fn export(&self, u: &User) -> Result<Vec<ExportFile>, ExportError> {
        let sessions: Vec<_> = self
            .0
            .sessions_of(u.id)
            .await?
            .into_iter()
            .map(|s| SessionJson {
                created_at: s.created_at,
                last_seen_at: s.last_seen_at,
                expires_at: s.expires_at,
                ip: s.ip,
                user_agent: s.user_agent,
            })
            .collect();
        Ok(vec![ExportFile::json("sessions.json", &sessions)?])
    }
}

#[derive(Serialize)]
struct ApiTokenJson {
    id: String,
    name: String,
    #[serde(with = "rfc::rfc3339")]
    created_at: OffsetDateTime,
    #[serde(with = "rfc::option")]
    last_used_at: Option<OffsetDateTime>,
}

struct ApiTokensExporter(Arc<dyn ApiTokenRepo>);

#[async_trait]
impl DataExporter for ApiTokensExporter {
    async fn export(&self, u: &User) -> Result<Vec<ExportFile>, ExportError> {
        let tokens: Vec<_> = self
            .0
            .list_api_tokens(u.id)
            .await?
            .into_iter()
            .map(|t| ApiTokenJson {
                id: t.id.0.to_string(),
                name: t.name,
                created_at: t.created_at,
                last_used_at: t.last_used_at,
            })
            .collect();
        Ok(vec![ExportFile::json("api_tokens.json", &tokens)?])
    }
}

#[derive(Serialize)]
struct AuditJson {
    #[serde(with = "rfc::rfc3339")]
    at: OffsetDateTime,
    kind: &'static str,
    ip: String,
    detail: String,
}

struct AuditExporter(Arc<dyn AuditRepo>);

#[async_trait]
impl DataExporter for AuditExporter {
    async fn export(&self, u: &User) -> Result<Vec<ExportFile>, ExportError> {
        let events: Vec<_> = self
            .0
            .audit_for_user(u.id, u32::MAX)
            .await?
            .into_iter()
            .map(|e| AuditJson {
                at: e.at,
                kind: e.kind.as_str(),
                ip: e.ip,
                detail: e.detail,
            })
            .collect();
        Ok(vec![ExportFile::json("security_events.json", &events)?])
    }
}

#[derive(Serialize)]
struct AccountJson {
    id: String,
    ig_user_id: String,
    app_scoped_id: String,
    username: String,
    name: Option<String>,
    biography: Option<String>,
    website: Option<String>,
    profile_picture_url: Option<String>,
    followers_count: Option<i64>,
    follows_count: Option<i64>,
    media_count: Option<i64>,
    account_type: Option<String>,
    status: &'static str,
    status_detail: Option<String>,
    /// The token itself is never exported; only its lifetime.
    #[serde(with = "rfc::rfc3339")]
    token_expires_at: OffsetDateTime,
    #[serde(with = "rfc::rfc3339")]
    token_refreshed_at: OffsetDateTime,
    scopes: Vec<String>,
    #[serde(with = "rfc::rfc3339")]
    connected_at: OffsetDateTime,
    #[serde(with = "rfc::rfc3339")]
    profile_fetched_at: OffsetDateTime,
}

struct AccountsExporter(Arc<dyn AccountRepo>);

#[async_trait]
impl DataExporter for AccountsExporter {
    async fn export(&self, u: &User) -> Result<Vec<ExportFile>, ExportError> {
        let accounts: Vec<_> = self
            .0
            .accounts_of(u.id)
            .await?
            .into_iter()
            .map(|a| AccountJson {
                id: a.id.to_string(),
                ig_user_id: a.ig_user_id,
                app_scoped_id: a.app_scoped_id,
                username: a.profile.username,
                name: a.profile.name,
                biography: a.profile.biography,
                website: a.profile.website,
                profile_picture_url: a.profile.profile_picture_url,
                followers_count: a.profile.followers_count,
                follows_count: a.profile.follows_count,
                media_count: a.profile.media_count,
                account_type: a.profile.account_type,
                status: a.status.as_str(),
                status_detail: a.status_detail,
                token_expires_at: a.token.expires_at,
                token_refreshed_at: a.token.refreshed_at,
                scopes: a.token.scopes,
                connected_at: a.connected_at,
                profile_fetched_at: a.profile_fetched_at,
            })
            .collect();
        Ok(vec![ExportFile::json("accounts.json", &accounts)?])
    }
}
