//! Automation rules in "Export my data": `automation.json`, per connected
//! account its rules as written (the create-rule body) with their order.

use std::sync::Arc;

use async_trait::async_trait;
use serde::Serialize;
use time::OffsetDateTime;

use super::ports::AutomationRuleRepo;
use super::rule::{RuleId, RuleSpec};
use crate::User;
use crate::account::{AccountId, AccountRepo};
use crate::privacy::{DataExporter, ExportError, ExportFile};

pub struct AutomationExporter {
    accounts: Arc<dyn AccountRepo>,
    rules: Arc<dyn AutomationRuleRepo>,
}

impl AutomationExporter {
    pub fn new(accounts: Arc<dyn AccountRepo>, rules: Arc<dyn AutomationRuleRepo>) -> Self {
        Self { accounts, rules }
    }
}

#[derive(Serialize)]
struct RuleJson {
    id: RuleId,
    position: u32,
    rule: RuleSpec,
    bound_media_id: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    updated_at: OffsetDateTime,
}

#[derive(Serialize)]
struct AccountJson {
    account_id: AccountId,
    username: String,
    rules: Vec<RuleJson>,
}

#[async_trait]
impl DataExporter for AutomationExporter {
    async fn export(&self, u: &User) -> Result<Vec<ExportFile>, ExportError> {
        let mut out = Vec::new();
        for a in self.accounts.accounts_of(u.id).await? {
            let rules = self
                .rules
                .rules(u.id, a.id)
                .await?
                .into_iter()
                .map(|r| RuleJson {
                    id: r.id,
                    position: r.position,
                    rule: r.spec,
                    bound_media_id: r.bound_media_id,
                    created_at: r.created_at,
                    updated_at: r.updated_at,
                })
                .collect();
            out.push(AccountJson {
                account_id: a.id,
                username: a.profile.username,
                rules,
            });
        }
        Ok(vec![ExportFile::json("automation.json", &out)?])
    }
}
