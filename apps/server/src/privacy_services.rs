//! The privacy use cases a request handler reaches through the state.

use std::sync::Arc;

use socialflow_core::media::{MediaStore, MediaUserFiles};
use socialflow_core::password_check::PasswordCheck;
use socialflow_core::privacy::{AccountEraser, AuditView, DataExportService, PolicyService};
use socialflow_core::{Clock, Store};

use crate::privacy_settings::PrivacySettings;

/// The eraser behind "Delete my account", the API and the operator's
/// `socialflow user delete`: the same file holders everywhere, so uploads
/// leave the disk after the account's rows are deleted. `check` is the
/// login's throttled password check.
pub fn account_eraser(
    store: Arc<dyn Store>,
    check: PasswordCheck,
    clock: Arc<dyn Clock>,
    media_files: Arc<dyn MediaStore>,
) -> AccountEraser {
    let uploads = Arc::new(MediaUserFiles::new(store.clone(), media_files));
    AccountEraser::new(store.clone(), check, clock)
        .with_files(uploads)
        .with_workspaces(store)
}

#[derive(Clone)]
pub struct PrivacyServices {
    pub settings: PrivacySettings,
    pub policy: PolicyService,
    /// Deletes a user's account; file holders (media) register here.
    pub eraser: AccountEraser,
    /// Exports a user's data; features add their exporters here.
    pub exports: DataExportService,
    pub audit: AuditView,
}

impl PrivacyServices {
    pub fn new(
        store: Arc<dyn Store>,
        check: PasswordCheck,
        clock: Arc<dyn Clock>,
        settings: PrivacySettings,
        media: &socialflow_core::media::MediaLibrary,
    ) -> Self {
        Self {
            policy: PolicyService::new(
                store.clone(),
                store.clone(),
                clock.clone(),
                settings.policy_version,
            ),
            eraser: account_eraser(store.clone(), check, clock.clone(), media.store().clone()),
            exports: DataExportService::new(
                store.clone(),
                store.clone(),
                store.clone(),
                store.clone(),
                store.clone(),
                clock,
            )
            .with_exporter(Arc::new(socialflow_core::posts::PostsExporter::new(
                store.clone(),
            )))
            .with_exporter(Arc::new(socialflow_core::media::MediaExporter::new(
                store.clone(),
                media.store().clone(),
            )))
            .with_exporter(Arc::new(socialflow_core::inbox::InboxExporter::new(
                socialflow_core::inbox::InboxStorage::from_store(store.clone()),
            )))
            .with_exporter(Arc::new(
                socialflow_core::analytics::AnalyticsExporter::new(
                    socialflow_core::analytics::AnalyticsStorage::from_store(store.clone()),
                    store.clone(),
                ),
            ))
            .with_exporter(Arc::new(
                socialflow_core::automation::AutomationExporter::new(store.clone(), store.clone()),
            ))
            .with_exporter(Arc::new(
                socialflow_core::reports::ReportLinksExporter::new(store.clone(), store.clone()),
            ))
            .with_exporter(Arc::new(
                socialflow_core::saved_replies::SavedRepliesExporter::new(store.clone()),
            ))
            .with_exporter(Arc::new(
                socialflow_core::notifications::NotificationsExporter::new(store.clone()),
            ))
            .with_exporter(Arc::new(
                socialflow_core::automation::engine::AutomationLogExporter::new(
                    store.clone(),
                    store.clone(),
                ),
            ))
            .with_exporter(Arc::new(
                socialflow_core::moderation::ModerationExporter::new(store.clone(), store.clone()),
            ))
            .with_exporter(Arc::new(
                socialflow_core::approvals::PostNotesExporter::new(store.clone()),
            ))
            .with_exporter(Arc::new(socialflow_core::team::MembershipsExporter::new(
                store.clone(),
            ))),
            audit: AuditView::new(store.clone(), store),
            settings,
        }
    }

    /// The same services with other operator settings.
    pub fn with_settings(
        &self,
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        settings: PrivacySettings,
    ) -> Self {
        Self {
            policy: PolicyService::new(store.clone(), store, clock, settings.policy_version),
            eraser: self.eraser.clone(),
            exports: self.exports.clone(),
            audit: self.audit.clone(),
            settings,
        }
    }
}
