//! Report links in "Export my data": `report_links.json`, per account the
//! links shared (period, created, expires), never the secret or its digest.

use std::sync::Arc;

use async_trait::async_trait;
use serde::Serialize;
use time::OffsetDateTime;

use super::ports::ReportLinkRepo;
use crate::User;
use crate::account::AccountRepo;
use crate::privacy::{DataExporter, ExportError, ExportFile};

pub struct ReportLinksExporter {
    accounts: Arc<dyn AccountRepo>,
    links: Arc<dyn ReportLinkRepo>,
}

impl ReportLinksExporter {
    pub fn new(accounts: Arc<dyn AccountRepo>, links: Arc<dyn ReportLinkRepo>) -> Self {
        Self { accounts, links }
    }
}

#[derive(Serialize)]
struct LinkJson {
    id: String,
    account_id: String,
    username: String,
    from: String,
    to: String,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    expires_at: OffsetDateTime,
}

#[async_trait]
impl DataExporter for ReportLinksExporter {
    async fn export(&self, u: &User) -> Result<Vec<ExportFile>, ExportError> {
        let mut out = Vec::new();
        for a in self.accounts.accounts_of(u.id).await? {
            for l in self.links.report_links(u.id, a.id).await? {
                out.push(LinkJson {
                    id: l.id.to_string(),
                    account_id: a.id.to_string(),
                    username: a.profile.username.clone(),
                    from: l.from.to_string(),
                    to: l.to.to_string(),
                    created_at: l.created_at,
                    expires_at: l.expires_at,
                });
            }
        }
        Ok(vec![ExportFile::json("report_links.json", &out)?])
    }
}
