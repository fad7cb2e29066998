//! The user's notifications and preferences in "Export my data":
//! `notifications.json`.

use std::sync::Arc;

use async_trait::async_trait;
use serde::Serialize;
use time::OffsetDateTime;

use super::{Figures, MAX_STORED_PER_USER, NotificationRepo};
use crate::User;
use crate::privacy::{DataExporter, ExportError, ExportFile};

pub struct NotificationsExporter(Arc<dyn NotificationRepo>);

impl NotificationsExporter {
    pub fn new(repo: Arc<dyn NotificationRepo>) -> Self {
        Self(repo)
    }
}

#[derive(Serialize)]
struct PrefsJson {
    in_app: Vec<&'static str>,
    email: Vec<&'static str>,
    email_address: Option<String>,
    quiet_hours: Option<(String, String)>,
}

#[derive(Serialize)]
struct NotificationJson {
    kind: &'static str,
    account_id: Option<String>,
    subject: String,
    link: String,
    figures: Figures,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    read_at: Option<OffsetDateTime>,
    email: &'static str,
}

#[derive(Serialize)]
struct FileJson {
    preferences: Option<PrefsJson>,
    notifications: Vec<NotificationJson>,
}

#[async_trait]
impl DataExporter for NotificationsExporter {
    async fn export(&self, user: &User) -> Result<Vec<ExportFile>, ExportError> {
        let prefs = self
            .0
            .notification_prefs(user.id)
            .await?
            .map(|p| PrefsJson {
                in_app: p.in_app.kinds().iter().map(|k| k.as_str()).collect(),
                email: p.email.kinds().iter().map(|k| k.as_str()).collect(),
                email_address: p.address.map(|a| a.as_str().to_string()),
                quiet_hours: p.quiet.map(|q| {
                    (
                        super::preferences::format_minute(q.start()),
                        super::preferences::format_minute(q.end()),
                    )
                }),
            });
        let notifications = self
            .0
            .notifications(user.id, MAX_STORED_PER_USER)
            .await?
            .into_iter()
            .map(|n| NotificationJson {
                kind: n.kind.as_str(),
                account_id: n.account.map(|a| a.0.to_string()),
                subject: n.subject,
                link: n.link,
                figures: n.figures,
                created_at: n.created_at,
                read_at: n.read_at,
                email: n.email.state(),
            })
            .collect();
        Ok(vec![ExportFile::json(
            "notifications.json",
            &FileJson {
                preferences: prefs,
                notifications,
            },
        )?])
    }
}
