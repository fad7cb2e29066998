//! The user's data export as a zip archive, the same file for the API's
//! `GET /me/export` and the download on Settings → Your data.

use socialflow_core::privacy::ExportError;
use socialflow_core::{RequestContext, User};

use crate::export_zip::ZipError;
use crate::services::Services;

#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("cannot export a user's data: {0}")]
    Export(#[from] ExportError),
    #[error(transparent)]
    Zip(#[from] ZipError),
}

/// Builds `user`'s export archive and its file name. Failures are logged
/// here; callers answer with their own "internal error".
pub async fn export_archive(
    services: &Services,
    user: &User,
    ctx: &RequestContext,
) -> Result<(tokio::fs::File, String), ArchiveError> {
    let built = async {
        let files = services.privacy.exports.export(user, ctx).await?;
        Ok::<_, ArchiveError>(
            crate::export_zip::build(files, services.media.store().clone()).await?,
        )
    };
    let file = built
        .await
        .inspect_err(|e| tracing::error!(error = %e, "export failed"))?;
    let name = crate::export_zip::file_name(user.username.as_str(), services.clock.now());
    Ok((file, name))
}
