//! Moderation in "Export my data": `moderation.json`, per connected account
//! its word lists and the log of the comments they hid.

use std::sync::Arc;

use async_trait::async_trait;
use serde::Serialize;
use time::OffsetDateTime;

use super::ports::ModerationRepo;
use crate::User;
use crate::account::{AccountId, AccountRepo};
use crate::privacy::{DataExporter, ExportError, ExportFile};

pub struct ModerationExporter {
    accounts: Arc<dyn AccountRepo>,
    moderation: Arc<dyn ModerationRepo>,
}

impl ModerationExporter {
    pub fn new(accounts: Arc<dyn AccountRepo>, moderation: Arc<dyn ModerationRepo>) -> Self {
        Self {
            accounts,
            moderation,
        }
    }
}

#[derive(Serialize)]
struct ListJson {
    kind: &'static str,
    enabled: bool,
    words: Vec<String>,
    #[serde(with = "time::serde::rfc3339")]
    updated_at: OffsetDateTime,
}

#[derive(Serialize)]
struct EntryJson {
    id: String,
    comment_id: String,
    media_id: String,
    list: &'static str,
    word: String,
    #[serde(with = "time::serde::rfc3339")]
    hidden_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    undone_at: Option<OffsetDateTime>,
}

#[derive(Serialize)]
struct AccountJson {
    account_id: AccountId,
    username: String,
    lists: Vec<ListJson>,
    log: Vec<EntryJson>,
}

/// Every entry of an account goes into the export, not only a page of them.
const EXPORT_LOG_LIMIT: u32 = u32::MAX;

#[async_trait]
impl DataExporter for ModerationExporter {
    async fn export(&self, u: &User) -> Result<Vec<ExportFile>, ExportError> {
        let mut out = Vec::new();
        for a in self.accounts.accounts_of(u.id).await? {
            let lists = self
                .moderation
                .moderation_lists(u.id, a.id)
                .await?
                .into_iter()
                .map(|l| ListJson {
                    kind: l.kind.as_str(),
                    enabled: l.enabled,
                    words: l.words,
                    updated_at: l.updated_at,
                })
                .collect();
            let log = self
                .moderation
                .moderation_log(u.id, a.id, EXPORT_LOG_LIMIT)
                .await?
                .into_iter()
                .map(|i| EntryJson {
                    id: i.entry.id.to_string(),
                    comment_id: i.entry.comment_id,
                    media_id: i.entry.media_id,
                    list: i.entry.kind.as_str(),
                    word: i.entry.word,
                    hidden_at: i.entry.hidden_at,
                    undone_at: i.entry.undone_at,
                })
                .collect();
            out.push(AccountJson {
                account_id: a.id,
                username: a.profile.username,
                lists,
                log,
            });
        }
        Ok(vec![ExportFile::json("moderation.json", &out)?])
    }
}
