//! Who is calling the API: a personal token (`Authorization: Bearer`) or the
//! browser's session cookie; and in which workspace (the header
//! `SocialFlow-Workspace: <uuid>`, the caller's personal workspace without
//! it), checked against the operation's row of [`crate::access::API`]
//! before the operation runs.

use poem::http::{Method, StatusCode};
use poem::{Request, RequestBody};
use poem_openapi::auth::{ApiKey, Bearer};
use poem_openapi::registry::Registry;
use poem_openapi::{ApiExtractor, ApiExtractorType, ExtractParamOptions, SecurityScheme};
use socialflow_core::User;
use socialflow_core::workspaces::{Access, Capability, WorkspaceId};

use super::error::ApiError;
use crate::state::AppState;

fn state(req: &Request) -> poem::Result<&AppState> {
    req.data::<AppState>()
        .ok_or_else(|| ApiError::internal().into())
}

/// A personal API token created in Settings or with `socialflow token create`.
#[derive(SecurityScheme)]
#[oai(ty = "bearer", checker = "check_bearer")]
pub struct TokenAuth(pub User);

async fn check_bearer(req: &Request, bearer: Bearer) -> poem::Result<User> {
    match state(req)?.auth.bearer_user(&bearer.token).await {
        Ok(Some(user)) => Ok(user),
        Ok(None) => Err(ApiError::unauthorized().into()),
        Err(e) => {
            tracing::error!(error = %e, "cannot check an API token");
            Err(ApiError::internal().into())
        }
    }
}

/// The web UI's session cookie. For requests that change data, the browser
/// must also show the request comes from our own pages (same origin), so a
/// foreign site cannot ride on the cookie.
#[derive(SecurityScheme)]
#[oai(
    ty = "api_key",
    key_name = "sf_session",
    key_in = "cookie",
    checker = "check_cookie"
)]
pub struct SessionAuth(pub User);

async fn check_cookie(req: &Request, key: ApiKey) -> poem::Result<User> {
    let state = state(req)?;
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && !same_origin(req, &state.web.public_url) {
        return Err(cross_origin().into());
    }
    match state.auth.session_user(&key.key).await {
        Ok(Some((user, _))) => Ok(user),
        Ok(None) => Err(ApiError::unauthorized().into()),
        Err(e) => {
            tracing::error!(error = %e, "cannot check a session");
            Err(ApiError::internal().into())
        }
    }
}

fn cross_origin() -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        "cross_origin",
        "Requests that change data or download your data with a session cookie must come from SocialFlow's own pages; scripts should use a personal API token.",
    )
}

fn same_origin(req: &Request, public_url: &str) -> bool {
    if req.header("sec-fetch-site") == Some("same-origin") {
        return true;
    }
    req.header("origin")
        .is_some_and(|o| o.trim_end_matches('/') == public_url)
}

/// Either credential; [`ApiAuth`] adds the workspace.
#[derive(SecurityScheme)]
pub enum Credentials {
    Token(TokenAuth),
    Session(SessionAuth),
}

impl Credentials {
    fn user(&self) -> &User {
        match self {
            Credentials::Token(TokenAuth(u)) | Credentials::Session(SessionAuth(u)) => u,
        }
    }
}

/// The header naming the workspace a request works in.
pub const WORKSPACE_HEADER: &str = "SocialFlow-Workspace";

/// The authenticated caller of an operation and their access to the
/// workspace the request works in. Extracting it refuses (before the
/// operation runs) a workspace the caller is not a member of (404
/// `workspace_not_found`, as if it did not exist) and an operation the
/// caller's role does not allow (403 `forbidden`).
pub struct ApiAuth {
    credentials: Credentials,
    access: Access,
}

impl<'a> ApiExtractor<'a> for ApiAuth {
    const TYPES: &'static [ApiExtractorType] = &[ApiExtractorType::SecurityScheme];

    type ParamType = ();
    type ParamRawType = ();

    fn register(registry: &mut Registry) {
        <Credentials as ApiExtractor<'a>>::register(registry);
    }

    fn security_schemes() -> Vec<&'static str> {
        <Credentials as ApiExtractor<'a>>::security_schemes()
    }

    async fn from_request(
        req: &'a Request,
        body: &mut RequestBody,
        param_opts: ExtractParamOptions<Self::ParamType>,
    ) -> poem::Result<Self> {
        let credentials =
            <Credentials as ApiExtractor<'a>>::from_request(req, body, param_opts).await?;
        let access = workspace_access(req, credentials.user()).await?;
        Ok(ApiAuth {
            credentials,
            access,
        })
    }
}

fn workspace_not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "workspace_not_found",
        "No such workspace among yours (header SocialFlow-Workspace).",
    )
}

/// The caller's access to the workspace the header names, and the check of
/// the operation's capability.
async fn workspace_access(req: &Request, user: &User) -> poem::Result<Access> {
    let state = state(req)?;
    let requested = match req.header(WORKSPACE_HEADER).map(str::trim) {
        None | Some("") => None,
        Some(raw) => match uuid::Uuid::parse_str(raw) {
            Ok(id) => Some(WorkspaceId(id)),
            Err(_) => return Err(workspace_not_found().into()),
        },
    };
    let access = match state.workspaces.access(user, requested).await {
        Ok(Some(access)) => access,
        Ok(None) => return Err(workspace_not_found().into()),
        Err(e) => {
            tracing::error!(error = %e, "cannot read a workspace membership");
            return Err(ApiError::internal().into());
        }
    };
    let path = req.original_uri().path();
    let rest = path.strip_prefix("/api/v1").unwrap_or(path);
    let rule = crate::access::api_rule(req.method().as_str(), rest);
    let allowed = match rule {
        Some(rule) => rule.allows(access.role),
        None => access.is_personal(),
    };
    let hidden = crate::access::api_template(req.method().as_str(), rest)
        .and_then(|t| crate::access::account_in_path(t, rest))
        .is_some_and(|a| !access.sees_account(socialflow_core::account::AccountId(a)));
    if allowed && hidden {
        // A member limited to some accounts: the others do not exist.
        return Err(ApiError::new(StatusCode::NOT_FOUND, "not_found", "No such account.").into());
    }
    if !allowed {
        let rule = rule.unwrap_or(crate::access::Rule::Needs(Capability::Own));
        let tr = crate::i18n::Tr::new(socialflow_core::Language::En);
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            crate::web::shared::errors::forbidden_text(tr, access.role, rule),
        )
        .into());
    }
    Ok(access)
}

impl ApiAuth {
    pub fn user(&self) -> &User {
        self.credentials.user()
    }

    /// The caller's access to the workspace of the request.
    pub fn access(&self) -> &Access {
        &self.access
    }

    /// The owner id of the workspace's data.
    pub fn owner(&self) -> socialflow_core::UserId {
        self.access.owner()
    }

    /// The user the workspace's data is kept for (the caller in their
    /// personal workspace, without a query; the workspace's principal row,
    /// with its time zone, in a shared one).
    pub async fn workspace_user(&self, state: &AppState) -> Result<User, ApiError> {
        state
            .users
            .workspace_user(&self.access, self.user())
            .await
            .map_err(ApiError::from_store)
    }

    /// For a `GET` that must not be started by a foreign page (the data
    /// export, which a link elsewhere could otherwise trigger with the
    /// session cookie): with a session, the request must come from our own
    /// pages, as for requests that change data. Tokens pass.
    pub fn require_own_pages(&self, req: &Request) -> poem::Result<()> {
        match self.credentials {
            Credentials::Token(_) => Ok(()),
            Credentials::Session(_) if same_origin(req, &state(req)?.web.public_url) => Ok(()),
            Credentials::Session(_) => Err(cross_origin().into()),
        }
    }
}
